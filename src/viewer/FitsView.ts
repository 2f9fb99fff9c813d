/**
 * A FITS image on a canvas: cut levels, stretch and colour map; zoom with the wheel, pan by
 * dragging; the pixel value and sky position under the cursor; the header beside it. It draws
 * with the vo core's renderer, so it needs no service and works offline.
 */
import { Widget } from '@lumino/widgets';

import {
  COLOR_MAPS,
  ColorMapName,
  CutMethod,
  IFitsFile,
  IFitsImage,
  IWcs,
  STRETCHES,
  Stretch,
  computeCuts,
  formatSkyPosition,
  pixelValueAt,
  readFitsImage,
  readWcs,
  renderImage,
  wcsProblem
} from '../vo';
import { showMessage } from './message';

export interface IDisplaySettings {
  stretch: Stretch;
  colorMap: ColorMapName;
  cuts: 'minmax' | 'zscale' | 'p99' | 'p995';
}

export const DEFAULT_DISPLAY: IDisplaySettings = {
  stretch: 'asinh',
  colorMap: 'grey',
  cuts: 'zscale'
};

const CUTS: Record<
  IDisplaySettings['cuts'],
  { label: string; method: CutMethod }
> = {
  zscale: { label: 'zscale', method: { kind: 'zscale' } },
  p99: { label: '1–99 %', method: { kind: 'percentile', low: 1, high: 99 } },
  p995: {
    label: '0.5–99.5 %',
    method: { kind: 'percentile', low: 0.5, high: 99.5 }
  },
  minmax: { label: 'min/max', method: { kind: 'minmax' } }
};

function select<T extends string>(
  label: string,
  options: readonly T[],
  names: (value: T) => string,
  value: T,
  onChange: (value: T) => void
): HTMLLabelElement {
  const wrapper = document.createElement('label');
  wrapper.className = 'jp-RspApi-ViewerControl';
  wrapper.textContent = `${label} `;
  const element = document.createElement('select');
  element.setAttribute('aria-label', label);
  for (const option of options) {
    const item = document.createElement('option');
    item.value = option;
    item.textContent = names(option);
    element.appendChild(item);
  }
  element.value = value;
  element.addEventListener('change', () => onChange(element.value as T));
  wrapper.appendChild(element);
  return wrapper;
}

export interface IFitsViewOptions {
  /**
   * In a notebook's output area: the wheel zooms only once the image has been clicked (else it
   * scrolls the notebook), and the keys the view uses do not reach the notebook's shortcuts.
   */
  inline?: boolean;
}

export class FitsView extends Widget {
  constructor(
    display: IDisplaySettings = DEFAULT_DISPLAY,
    options: IFitsViewOptions = {}
  ) {
    super();
    this.addClass('jp-RspApi-FitsView');
    this._inline = options.inline ?? false;
    if (this._inline) {
      this.addClass('jp-mod-inline');
      this._stage.title =
        'Click the image, then zoom with the wheel or + and −; drag or arrow keys to pan, 0 to fit';
    }
    this._display = { ...display };
    this._toolbar.className = 'jp-RspApi-ViewerToolbar';
    this._stage.className = 'jp-RspApi-ViewerStage';
    this._stage.tabIndex = 0;
    this._stage.setAttribute('role', 'img');
    this._canvas.className = 'jp-RspApi-ViewerCanvas';
    this._stage.appendChild(this._canvas);
    this._status.className = 'jp-RspApi-ViewerStatus';
    this._status.setAttribute('aria-live', 'polite');
    this._message.className = 'jp-RspApi-Placeholder';
    this._message.setAttribute('role', 'status');
    this._header.className = 'jp-RspApi-ViewerHeader';
    const summary = document.createElement('summary');
    summary.textContent = 'FITS header';
    this._header.appendChild(summary);
    this._header.appendChild(this._headerText);
    this.node.append(
      this._toolbar,
      this._message,
      this._stage,
      this._status,
      this._header
    );
    this._buildToolbar();
    this._stage.addEventListener('wheel', this._onWheel, { passive: false });
    this._stage.addEventListener('pointerdown', this._onPointerDown);
    this._stage.addEventListener('pointermove', this._onPointerMove);
    this._stage.addEventListener('keydown', this._onKey);
    this.showMessage('Loading…');
  }

  get display(): IDisplaySettings {
    return { ...this._display };
  }

  /** What the user sees while the bytes arrive or when they cannot be read. */
  showMessage(text: string, error = false): void {
    showMessage(this._message, text, error);
  }

  /** Show a FITS file: its first image HDU, with a picker when there are several. */
  setFile(file: IFitsFile, title: string): void {
    this._file = file;
    this._title = title;
    const images = file.hdus.filter(h => h.isImage);
    this._hduPicker.replaceChildren(
      ...images.map(h => {
        const option = document.createElement('option');
        option.value = String(h.index);
        option.textContent = `HDU ${h.index}${h.extname ? ` ${h.extname}` : ''} (${h.axes.join('×')})`;
        return option;
      })
    );
    this._hduPicker.parentElement?.toggleAttribute('hidden', images.length < 2);
    if (images.length === 0) {
      this._headerText.textContent = file.hdus
        .map(h => h.header.text())
        .join('\n\n');
      this.showMessage(
        'This FITS file has no image HDU; its headers are below.',
        true
      );
      this._header.open = true;
      return;
    }
    this._showHdu(images[0].index);
  }

  get image(): IFitsImage | null {
    return this._image;
  }

  /** The file shown (null before one is set). */
  get file(): IFitsFile | null {
    return this._file;
  }

  /** The canvas (for tests: is anything drawn?). */
  get canvas(): HTMLCanvasElement {
    return this._canvas;
  }

  protected onResize(): void {
    this._place();
  }

  protected onAfterShow(): void {
    this._place();
  }

  // An output area does not tell its outputs when they change size; the stage itself does.
  protected onAfterAttach(): void {
    if (typeof ResizeObserver !== 'undefined') {
      this._resizes = new ResizeObserver(() => this._place());
      this._resizes.observe(this._stage);
    }
    this._place();
  }

  protected onBeforeDetach(): void {
    this._resizes?.disconnect();
    this._resizes = null;
  }

  private _showHdu(index: number): void {
    if (!this._file) {
      return;
    }
    try {
      this._image = readFitsImage(this._file, index);
    } catch (error) {
      this.showMessage((error as Error).message, true);
      return;
    }
    this._wcs = readWcs(this._image.header);
    this._headerText.textContent = this._image.header.text();
    this._hduPicker.value = String(index);
    this._stage.setAttribute(
      'aria-label',
      `${this._title}: ${this._image.width} × ${this._image.height} image`
    );
    this.showMessage(
      this._wcs?.approximate
        ? 'The WCS has distortion terms that are not applied here.'
        : (wcsProblem(this._image.header) ?? '')
    );
    this._zoom = 0; // fit
    this._offset = { x: 0, y: 0 };
    this._render();
  }

  private _render(): void {
    const image = this._image;
    if (!image) {
      return;
    }
    const started = performance.now();
    const cuts = computeCuts(image.data, CUTS[this._display.cuts].method);
    const rgba = renderImage(image, {
      cuts,
      stretch: this._display.stretch,
      colorMap: this._display.colorMap
    });
    this._canvas.width = image.width;
    this._canvas.height = image.height;
    const context = this._canvas.getContext('2d');
    context?.putImageData(new ImageData(rgba, image.width, image.height), 0, 0);
    this._renderMs = performance.now() - started;
    this._cutsText = `cuts ${cuts.low.toPrecision(4)} … ${cuts.high.toPrecision(4)}`;
    this._canvas.dataset.renderMs = this._renderMs.toFixed(1);
    this._place();
    this._status.textContent = `${image.width} × ${image.height}, BITPIX ${image.bitpix}, ${this._cutsText}`;
  }

  private _place(): void {
    const image = this._image;
    if (!image) {
      return;
    }
    const box = this._stage.getBoundingClientRect();
    const fit =
      Math.min(box.width / image.width, box.height / image.height) || 1;
    const scale = this._zoom === 0 ? fit : this._zoom;
    this._scale = scale;
    const left = (box.width - image.width * scale) / 2 + this._offset.x;
    const top = (box.height - image.height * scale) / 2 + this._offset.y;
    this._canvas.style.width = `${image.width * scale}px`;
    this._canvas.style.height = `${image.height * scale}px`;
    this._canvas.style.left = `${left}px`;
    this._canvas.style.top = `${top}px`;
  }

  private _buildToolbar(): void {
    const set = (change: Partial<IDisplaySettings>) => {
      this._display = { ...this._display, ...change };
      this._render();
    };
    const hdu = document.createElement('label');
    hdu.className = 'jp-RspApi-ViewerControl';
    hdu.textContent = 'HDU ';
    this._hduPicker.setAttribute('aria-label', 'HDU');
    this._hduPicker.addEventListener('change', () =>
      this._showHdu(Number(this._hduPicker.value))
    );
    hdu.appendChild(this._hduPicker);
    hdu.hidden = true;
    const fit = document.createElement('button');
    fit.className = 'jp-mod-styled';
    fit.textContent = 'Fit';
    fit.title = 'Fit the image to the view (0)';
    fit.addEventListener('click', () => {
      this._zoom = 0;
      this._offset = { x: 0, y: 0 };
      this._place();
    });
    this._toolbar.append(
      hdu,
      select(
        'Cuts',
        Object.keys(CUTS) as IDisplaySettings['cuts'][],
        v => CUTS[v].label,
        this._display.cuts,
        cuts => set({ cuts })
      ),
      select(
        'Stretch',
        STRETCHES,
        v => v,
        this._display.stretch,
        stretch => set({ stretch })
      ),
      select(
        'Colours',
        COLOR_MAPS,
        v => v,
        this._display.colorMap,
        colorMap => set({ colorMap })
      ),
      fit
    );
  }

  /** Canvas pixel under a pointer event → FITS pixel (0-based, y up). */
  private _pixelAt(event: PointerEvent): { x: number; y: number } | null {
    const image = this._image;
    if (!image) {
      return null;
    }
    const box = this._canvas.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * image.width - 0.5;
    const row = ((event.clientY - box.top) / box.height) * image.height - 0.5;
    return { x, y: image.height - 1 - row };
  }

  private _onPointerMove = (event: PointerEvent): void => {
    if (this._drag) {
      this._offset = {
        x: this._drag.offset.x + event.clientX - this._drag.x,
        y: this._drag.offset.y + event.clientY - this._drag.y
      };
      this._place();
      return;
    }
    const image = this._image;
    const pixel = this._pixelAt(event);
    if (!image || !pixel) {
      return;
    }
    const value = pixelValueAt(image, pixel.x, pixel.y);
    if (value === undefined) {
      this._status.textContent = `${image.width} × ${image.height}, BITPIX ${image.bitpix}, ${this._cutsText}`;
      return;
    }
    const x = Math.round(pixel.x);
    const y = Math.round(pixel.y);
    const sky = this._wcs
      ? formatSkyPosition(this._wcs.pixelToSky(x, y), 'sexagesimal')
      : '';
    this._status.textContent =
      `x ${x + 1}, y ${y + 1}: ${Number.isNaN(value) ? 'blank' : value.toPrecision(6)}` +
      (sky ? ` · ${sky}` : '');
  };

  private _onPointerDown = (event: PointerEvent): void => {
    this._stage.focus();
    this._drag = {
      x: event.clientX,
      y: event.clientY,
      offset: { ...this._offset }
    };
    const stop = () => {
      this._drag = null;
      window.removeEventListener('pointerup', stop);
    };
    window.addEventListener('pointerup', stop);
  };

  private _onWheel = (event: WheelEvent): void => {
    if (this._inline && document.activeElement !== this._stage) {
      return; // the notebook scrolls
    }
    event.preventDefault();
    this._zoomBy(event.deltaY < 0 ? 1.25 : 0.8);
  };

  private _onKey = (event: KeyboardEvent): void => {
    const step = 40;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [step, 0],
      ArrowRight: [-step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step]
    };
    if (event.key === '+' || event.key === '=') {
      this._zoomBy(1.25);
    } else if (event.key === '-') {
      this._zoomBy(0.8);
    } else if (event.key === '0') {
      this._zoom = 0;
      this._offset = { x: 0, y: 0 };
      this._place();
    } else if (moves[event.key]) {
      this._offset = {
        x: this._offset.x + moves[event.key][0],
        y: this._offset.y + moves[event.key][1]
      };
      this._place();
    } else {
      return;
    }
    event.preventDefault();
    // In a notebook, 0 0 would restart the kernel and the arrows would move between cells.
    event.stopPropagation();
  };

  private _zoomBy(factor: number): void {
    this._zoom = Math.min(64, Math.max(0.02, this._scale * factor));
    this._place();
  }

  private _toolbar = document.createElement('div');
  private _stage = document.createElement('div');
  private _canvas = document.createElement('canvas');
  private _status = document.createElement('div');
  private _message = document.createElement('div');
  private _header = document.createElement('details');
  private _headerText = document.createElement('pre');
  private _hduPicker = document.createElement('select');
  private _display: IDisplaySettings;
  private _file: IFitsFile | null = null;
  private _title = '';
  private _image: IFitsImage | null = null;
  private _wcs: IWcs | null = null;
  private _zoom = 0;
  private _scale = 1;
  private _offset = { x: 0, y: 0 };
  private _drag: {
    x: number;
    y: number;
    offset: { x: number; y: number };
  } | null = null;
  private _renderMs = 0;
  private _cutsText = '';
  private _inline: boolean;
  private _resizes: ResizeObserver | null = null;
}
