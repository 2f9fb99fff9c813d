/**
 * The renderer of FITS images in notebook outputs: the sky viewer's FitsView inline, with buttons
 * to open the image in a tab, show it on the sky, or open the full file it came from. FITS is data,
 * not script: the renderer is safe, so untrusted notebooks show it too; nothing of the output is
 * ever put into the page as HTML (header text and notes are set as text).
 */
import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Panel, Widget } from '@lumino/widgets';

import { IFitsFile, ISkyPoint, openFits, readWcs } from '../vo';
import {
  FITS_MIME_TYPES,
  IFitsOutputInfo,
  imagePixels,
  outputFileName,
  outputTitle,
  readFitsOutputData,
  readFitsOutputInfo
} from './bundle';
import { FitsView, IDisplaySettings } from './FitsView';

export interface IInlineSettings {
  /** Height of the image area, in CSS pixels. */
  height: number;
  /** Larger images are not drawn inline (it would hold up the notebook); a tab still shows them. */
  maxPixels: number;
}

export const DEFAULT_INLINE: IInlineSettings = {
  height: 360,
  maxPixels: 4096 * 4096
};

/** What the buttons do; the viewer plugin provides them. */
export interface IFitsOutputActions {
  display(): IDisplaySettings;
  inline(): IInlineSettings;
  openTab(bytes: Uint8Array, title: string, fileName: string): void;
  showOnSky(footprint: ISkyPoint[], bytes: Uint8Array, title: string): void;
  /** Open a file of the lab's file tree (a path relative to the server's root). */
  openFile(path: string): Promise<void>;
}

function button(label: string, title: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.className = 'jp-mod-styled jp-RspApi-OutputButton';
  element.type = 'button';
  element.textContent = label;
  element.title = title;
  return element;
}

const NO_WCS_NOTE =
  'This image has no WCS this viewer reads, so it has no place on the sky.';

export class FitsOutput extends Panel implements IRenderMime.IRenderer {
  constructor(
    private readonly options: IRenderMime.IRendererOptions,
    private readonly actions: IFitsOutputActions
  ) {
    super();
    this.addClass('jp-RspApi-FitsOutput');
    const inline = actions.inline();
    this.node.style.setProperty(
      '--jp-RspApi-inline-height',
      `${inline.height}px`
    );
    this._bar.addClass('jp-RspApi-OutputBar');
    this._notes.className = 'jp-RspApi-OutputNotes';
    this._bar.node.append(
      this._openTab,
      this._onSky,
      this._openFile,
      this._fileStatus,
      this._notes
    );
    this._fileStatus.className = 'jp-RspApi-Placeholder';
    this._fileStatus.setAttribute('role', 'status');
    this._view = new FitsView(actions.display(), { inline: true });
    this.addWidget(this._bar);
    this.addWidget(this._view);
    this._openTab.addEventListener('click', () => {
      if (this._bytes) {
        this.actions.openTab(
          this._bytes,
          outputTitle(this._info),
          outputFileName(this._info)
        );
      }
    });
    this._onSky.addEventListener('click', () => {
      const image = this._view.image;
      const wcs = image ? readWcs(image.header) : null;
      if (this._bytes && image && wcs) {
        this.actions.showOnSky(
          wcs.footprint(image.width, image.height),
          this._bytes,
          outputTitle(this._info)
        );
      }
    });
    this._openFile.addEventListener('click', () => void this._showFile());
  }

  /** The inline viewer (for tests). */
  get view(): FitsView {
    return this._view;
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const started = performance.now();
    const mimeType = this.options.mimeType;
    this._info = readFitsOutputInfo(model.metadata[mimeType]);
    this._bytes = null;
    this._openTab.disabled = true;
    this._onSky.disabled = true;
    this._notes.replaceChildren(
      ...this._info.notes.map(note => {
        const item = document.createElement('li');
        item.textContent = note;
        return item;
      })
    );
    const source = this._info.source;
    this._openFile.hidden = !source;
    this._openFile.textContent =
      this._info.factor > 1 ? 'Open the full file' : 'Open the file';
    this._openFile.title = source
      ? `Open ${source} (as the kernel read it) in the FITS viewer`
      : '';
    let file: IFitsFile;
    try {
      const bytes = readFitsOutputData(model.data[mimeType]);
      file = await openFits(bytes);
      this._bytes = bytes;
    } catch (error) {
      this._view.showMessage(
        `This FITS output cannot be shown: ${(error as Error).message}`,
        true
      );
      return;
    }
    this._openTab.disabled = false;
    const pixels = imagePixels(file);
    const limit = this.actions.inline().maxPixels;
    if (pixels > limit) {
      const hdu = file.hdus.find(h => h.isImage);
      this._view.showMessage(
        `This image is ${hdu?.axes.slice(0, 2).join(' × ')} pixels, more than the ${limit.toLocaleString('en-US')} drawn inline (the viewer setting inlineMaxPixels): open it in a tab.`,
        true
      );
      return;
    }
    this._view.setFile(file, outputTitle(this._info));
    // base64, FITS read, cuts, render and draw (bench/viewer reads it).
    this.node.dataset.renderMs = (performance.now() - started).toFixed(1);
    const image = this._view.image;
    const wcs = image ? readWcs(image.header) : null;
    this._onSky.disabled = !wcs;
    this._onSky.title = wcs
      ? 'Draw this image and its footprint over the HiPS survey'
      : NO_WCS_NOTE;
    if (!wcs) {
      // A disabled button's title is never seen: say it where the user reads.
      const item = document.createElement('li');
      item.textContent = NO_WCS_NOTE;
      this._notes.append(item);
    }
  }

  /** The file the kernel read, found in the lab's file tree (or said why not). */
  private async _showFile(): Promise<void> {
    const source = this._info.source;
    if (!source) {
      return;
    }
    const say = (text: string, error = false) => {
      this._fileStatus.textContent = text;
      this._fileStatus.className = error
        ? 'jp-RspApi-Error'
        : 'jp-RspApi-Placeholder';
      this._fileStatus.setAttribute('role', error ? 'alert' : 'status');
    };
    say('Finding the file…');
    try {
      const found =
        (await this.options.resolver?.resolvePath?.(source)) ?? null;
      if (!found || found.scope !== 'server') {
        say(
          `${source} is not in the lab's file tree (the kernel can read it, the file browser cannot).`,
          true
        );
        return;
      }
      await this.actions.openFile(found.path);
      say('');
    } catch (error) {
      say(`${source} could not be opened: ${(error as Error).message}`, true);
    }
  }

  private _info: IFitsOutputInfo = readFitsOutputInfo(undefined);
  private _bytes: Uint8Array | null = null;
  private _bar = new Widget();
  private _openTab = button(
    'Open in a tab',
    'Open this image in the FITS viewer, in its own tab'
  );
  private _onSky = button('Show on the sky', '');
  private _openFile = button('Open the file', '');
  private _fileStatus = document.createElement('span');
  private _notes = document.createElement('ul');
  private _view: FitsView;
}

/** FITS images in outputs, ranked above the PNG that comes with them. */
export function fitsRendererFactory(
  actions: IFitsOutputActions
): IRenderMime.IRendererFactory {
  return {
    safe: true,
    mimeTypes: [...FITS_MIME_TYPES],
    defaultRank: 40,
    createRenderer: options => new FitsOutput(options, actions)
  };
}
