/**
 * The sky: a HiPS survey in Aladin Lite, bundled with the extension and loaded the first time a
 * sky view opens. Every tile comes through the same-origin proxy (Aladin Lite cannot send the
 * token, and its public-proxy fallback is turned off). Go to any position, read the cursor's
 * RA/Dec, and see the rows of a result and a cutout's footprint on the sky.
 */
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import type { IAladin, IAladinSource, IAladinStatic } from 'aladin-lite';

import {
  IHipsSurvey,
  ISkyPoint,
  angularSeparationDeg,
  formatSkyPosition,
  parseSkyPosition,
  viewOfPoints
} from '../vo';
import type { ISkyOverlayRow } from '../tokens';
import { keepAladinLabelled } from './aladinLabels';
import { showMessage } from './message';

/** Where a sky view looks (survey, centre, field of view): kept across reloads. */
export interface ISkyState {
  surveyId: string | null;
  ra: number;
  dec: number;
  fov: number;
}

let aladinLoading: Promise<IAladinStatic> | null = null;

/** Aladin Lite's ~2 MB chunk, fetched once, only when a sky view is first opened. */
export function loadAladin(): Promise<IAladinStatic> {
  if (!aladinLoading) {
    aladinLoading = import('aladin-lite').then(async module => {
      const A = module.default;
      await A.init;
      return A;
    });
    aladinLoading.catch(() => {
      aladinLoading = null;
    });
  }
  return aladinLoading;
}

export class SkyView extends Widget {
  constructor(
    private readonly surveys: () => Promise<IHipsSurvey[]>,
    /** Upstream tile URL → same-origin proxy URL. */
    private readonly tilesUrl: (survey: IHipsSurvey) => string | null,
    initial?: Partial<ISkyState>,
    /** Cut out the image under the view's centre (SIAv2 finds it); rejects with a message. */
    private readonly cutoutAt?: (
      centre: ISkyPoint,
      radiusDeg: number
    ) => Promise<void>
  ) {
    super();
    this.addClass('jp-RspApi-SkyView');
    this._state = {
      surveyId: initial?.surveyId ?? null,
      ra: initial?.ra ?? NaN,
      dec: initial?.dec ?? NaN,
      fov: initial?.fov ?? NaN
    };
    const bar = document.createElement('form');
    bar.className = 'jp-RspApi-ViewerToolbar';
    this._surveyPicker.setAttribute('aria-label', 'HiPS survey');
    this._surveyPicker.addEventListener('change', () =>
      this._showSurvey(this._surveyPicker.value)
    );
    this._goto.type = 'text';
    this._goto.placeholder = 'RA Dec (deg or h:m:s d:m:s)';
    this._goto.setAttribute('aria-label', 'Go to position');
    const go = document.createElement('button');
    go.className = 'jp-mod-styled';
    go.type = 'submit';
    go.textContent = 'Go';
    bar.addEventListener('submit', event => {
      event.preventDefault();
      this.goTo(this._goto.value);
    });
    bar.append(this._surveyPicker, this._goto, go);
    if (this.cutoutAt) {
      const cut = document.createElement('button');
      cut.className = 'jp-mod-styled';
      cut.type = 'button';
      cut.textContent = 'Cut out here';
      cut.title =
        'Cut out the image at the centre of the view (SIAv2, DataLink, SODA)';
      this._radius.type = 'number';
      this._radius.min = '1';
      this._radius.max = '3600';
      this._radius.value = '36';
      this._radius.setAttribute('aria-label', 'Cutout radius (arcsec)');
      this._radius.className = 'jp-RspApi-RadiusInput';
      const radius = document.createElement('label');
      radius.className = 'jp-RspApi-RadiusLabel';
      const unit = document.createElement('span');
      unit.textContent = 'arcsec';
      unit.title = 'arcseconds (3600 in a degree)';
      radius.append('Radius', this._radius, unit);
      cut.addEventListener('click', () => void this._cutout());
      bar.append(radius, cut);
    }
    // Aladin Lite owns the sky's element; the row of a clicked source is shown beside it.
    const stage = document.createElement('div');
    stage.className = 'jp-RspApi-SkyStage';
    this._sky.className = 'jp-RspApi-SkyCanvas';
    this._row.className = 'jp-RspApi-SkyRow';
    this._row.hidden = true;
    this._row.addEventListener('keydown', event => {
      if (event.key === 'Escape') {
        this._row.hidden = true;
      }
    });
    stage.append(this._sky, this._row);
    this._status.className = 'jp-RspApi-ViewerStatus';
    this._status.setAttribute('aria-live', 'polite');
    this._message.setAttribute('role', 'status');
    this.node.append(bar, this._message, stage, this._status);
    this._unlabel = keepAladinLabelled(this._sky);
    this._showMessage('Loading the sky viewer…');
  }

  /** Emitted when the survey, position or field of view changed (for the layout to save). */
  get changed(): ISignal<SkyView, void> {
    return this._changed;
  }

  get state(): ISkyState {
    if (this._aladin) {
      const [ra, dec] = this._aladin.getRaDec();
      return { ...this._state, ra, dec, fov: this._aladin.getFov()[0] };
    }
    return { ...this._state };
  }

  /** Resolves once the survey is on screen (or a message says why not). */
  get ready(): Promise<void> {
    return this._ready;
  }

  goTo(text: string): void {
    let point: ISkyPoint;
    try {
      point = parseSkyPosition(text);
    } catch (error) {
      this._showMessage((error as Error).message, true);
      return;
    }
    this._showMessage('');
    this._aladin?.gotoRaDec(point.ra, point.dec);
    this._state = { ...this._state, ra: point.ra, dec: point.dec };
    this._changed.emit();
  }

  /**
   * Rows of a result as a catalog layer; clicking a source shows its row. `notice` is what the
   * result's reader says about these rows (they stop early, some have no position): shown in
   * the message line, as an alert when rows are missing. Rows outside the view bring the view
   * to them, and the message says so.
   */
  showRows(
    title: string,
    rows: ISkyOverlayRow[],
    notice?: { text: string; error: boolean }
  ): void {
    const A = this._A;
    const aladin = this._aladin;
    if (!A || !aladin) {
      return;
    }
    const said = notice?.text ? [notice.text] : [];
    if (rows.length > 0) {
      const catalog = A.catalog({
        name: title,
        sourceSize: 10,
        color: '#f4a300',
        // Not Aladin Lite's own table: it writes values as HTML, cuts them, and keeps its colours.
        onClick: (source: IAladinSource) => {
          const data = this._rowData.get(source);
          if (data) {
            this._showRow(title, data);
          }
        }
      });
      aladin.addCatalog(catalog);
      const sources = rows.map(row => {
        const source = A.source(row.ra, row.dec, {});
        this._rowData.set(source, row.data);
        return source;
      });
      catalog.addSources(sources);
      const moved = this._bringIntoView(rows);
      if (moved) {
        said.push(moved);
      }
    }
    if (said.length > 0) {
      this._showMessage(`${title}: ${said.join(' ')}`, notice?.error ?? false);
    }
  }

  /** Move and zoom to show every point when some are out of sight; what was done, or null. */
  private _bringIntoView(points: ISkyPoint[]): string | null {
    const aladin = this._aladin;
    if (!aladin) {
      return null;
    }
    const [ra, dec] = aladin.getRaDec();
    const [width, height] = aladin.getFov();
    const radius = Math.min(width, height) / 2;
    const outside = points.filter(
      point => angularSeparationDeg({ ra, dec }, point) > radius
    ).length;
    const view = viewOfPoints(points);
    if (outside === 0 || !view) {
      return null;
    }
    aladin.gotoRaDec(view.centre.ra, view.centre.dec);
    aladin.setFoV(view.fovDeg);
    this._state = { ...this._state, ...view.centre, fov: view.fovDeg };
    this._changed.emit();
    const all = points.length === 1 ? 'the row' : `all ${points.length} rows`;
    const were = outside === 1 ? 'was' : 'were';
    return `The view moved to show ${all}; ${outside} ${were} out of sight.`;
  }

  /** A clicked source's row, in the lab's colours, every value whole and selectable. */
  private _showRow(title: string, data: Record<string, unknown>): void {
    const heading = document.createElement('div');
    heading.className = 'jp-RspApi-SkyRow-heading';
    const name = document.createElement('span');
    name.className = 'jp-RspApi-SkyRow-title';
    name.textContent = title;
    const close = document.createElement('button');
    close.className = 'jp-RspApi-IconButton';
    close.type = 'button';
    close.textContent = '✕';
    close.setAttribute('aria-label', 'Close the row');
    close.addEventListener('click', () => {
      this._row.hidden = true;
    });
    heading.append(name, close);
    const table = document.createElement('table');
    for (const [key, value] of Object.entries(data)) {
      const line = table.insertRow();
      const label = document.createElement('th');
      label.scope = 'row';
      label.textContent = key;
      const cell = line.insertCell();
      cell.textContent =
        value === null || value === undefined ? '' : String(value);
      line.prepend(label);
    }
    this._row.setAttribute('role', 'region');
    this._row.setAttribute('aria-label', `Row of ${title}`);
    this._row.replaceChildren(heading, table);
    this._row.hidden = false;
  }

  /** A FITS image with a WCS (a cutout through the proxy) over the survey. */
  showImage(url: string, name: string): void {
    const A = this._A;
    const aladin = this._aladin;
    if (!A || !aladin) {
      return;
    }
    aladin.setOverlayImageLayer(
      A.image(url, { name, imgFormat: 'fits', colormap: 'grayscale' }),
      name
    );
  }

  /** A polygon on the sky (a cutout's footprint). */
  showFootprint(corners: ISkyPoint[]): void {
    const A = this._A;
    const aladin = this._aladin;
    if (!A || !aladin) {
      return;
    }
    const overlay = A.graphicOverlay({ color: '#00c8ff', lineWidth: 2 });
    aladin.addOverlay(overlay);
    overlay.add(A.polygon(corners.map(c => [c.ra, c.dec] as [number, number])));
  }

  dispose(): void {
    if (!this.isDisposed) {
      this._unlabel();
    }
    super.dispose();
  }

  protected onAfterAttach(): void {
    if (!this._started) {
      this._started = true;
      this._ready = this._start();
    }
  }

  private async _start(): Promise<void> {
    let list: IHipsSurvey[];
    try {
      const [A, surveys] = await Promise.all([loadAladin(), this.surveys()]);
      this._A = A;
      list = surveys;
    } catch (error) {
      this._showMessage(
        `The sky viewer could not start: ${(error as Error).message}`,
        true
      );
      return;
    }
    if (list.length === 0) {
      this._showMessage(
        'No HiPS survey is configured (no HiPS service was discovered).',
        true
      );
      return;
    }
    this._list = list;
    this._surveyPicker.replaceChildren(
      ...list.map(survey => {
        const option = document.createElement('option');
        option.value = survey.id;
        option.textContent = survey.title;
        return option;
      })
    );
    const survey = list.find(s => s.id === this._state.surveyId) ?? list[0];
    const ra = Number.isFinite(this._state.ra)
      ? this._state.ra
      : (survey.initialRa ?? 0);
    const dec = Number.isFinite(this._state.dec)
      ? this._state.dec
      : (survey.initialDec ?? 0);
    const fov = Number.isFinite(this._state.fov)
      ? this._state.fov
      : (survey.initialFov ?? 1);
    const base = this._hips(survey);
    if (!base) {
      return;
    }
    try {
      this._aladin =
        this._A?.aladin(this._sky, {
          // Our survey from the start: the default would load one from a public server.
          survey: base,
          // The lab's theme, not the browser's or a choice Aladin Lite remembered.
          mode:
            document.body.dataset.jpThemeLight === 'false' ? 'dark' : 'light',
          // No usage report to Aladin's servers, no built-in survey list.
          log: false,
          hipsList: [],
          fov,
          target: `${ra} ${dec}`,
          cooFrame: 'ICRS',
          showReticle: true,
          showCooGridControl: false,
          showSimbadPointerControl: false,
          showShareControl: false,
          showContextMenu: false,
          showFrame: false,
          showProjectionControl: false,
          showFullscreenControl: false,
          showLayersControl: false,
          showGotoControl: false,
          showStatusBar: false
        }) ?? null;
    } catch (error) {
      this._showMessage(
        `The sky could not be drawn (WebGL2 is needed): ${(error as Error).message}`,
        true
      );
      return;
    }
    for (const event of ['positionChanged', 'zoomChanged']) {
      this._aladin?.on(event, () => this._changed.emit());
    }
    this._aladin?.on('mouseMove', event => {
      const { ra: r, dec: d } = event as { ra: number; dec: number };
      if (Number.isFinite(r) && Number.isFinite(d)) {
        this._status.textContent = formatSkyPosition(
          { ra: r, dec: d },
          'sexagesimal'
        );
      }
    });
    this._showMessage('');
  }

  /** A survey as Aladin Lite's layer, its tiles through the proxy; null (and said) if none. */
  private _hips(survey: IHipsSurvey): unknown {
    const url = this.tilesUrl(survey);
    if (!url || !this._A) {
      this._showMessage(
        `${survey.title} is not served by a service of this lab.`,
        true
      );
      return null;
    }
    this._surveyPicker.value = survey.id;
    this._state = { ...this._state, surveyId: survey.id };
    this.title.caption = `Sky: ${survey.title}`;
    return this._A.HiPS(url, {
      name: survey.title,
      maxOrder: survey.maxOrder,
      imgFormat: survey.tileFormats.includes('png')
        ? 'png'
        : survey.tileFormats.includes('jpeg')
          ? 'jpeg'
          : survey.tileFormats[0],
      cooFrame: survey.frame === 'galactic' ? 'galactic' : 'ICRS',
      // Tiles come from our own server; never through a third-party proxy.
      useProxy: false,
      requestCredentials: 'same-origin'
    });
  }

  private _showSurvey(id: string): void {
    const survey = this._list.find(s => s.id === id);
    if (!survey || !this._aladin) {
      return;
    }
    const layer = this._hips(survey);
    if (layer) {
      this._aladin.setImageSurvey(layer);
      this._changed.emit();
    }
  }

  private async _cutout(): Promise<void> {
    const state = this.state;
    const radius = Number(this._radius.value);
    if (!(radius > 0 && radius <= 3600)) {
      this._showMessage('The cutout radius is 1 to 3600 arcseconds.', true);
      return;
    }
    this._showMessage('Looking for an image here…');
    try {
      await this.cutoutAt?.({ ra: state.ra, dec: state.dec }, radius / 3600);
      this._showMessage('');
    } catch (error) {
      this._showMessage((error as Error).message, true);
    }
  }

  private _showMessage(text: string, error = false): void {
    showMessage(this._message, text, error);
  }

  private _changed = new Signal<SkyView, void>(this);
  private _state: ISkyState;
  private _A: IAladinStatic | null = null;
  private _aladin: IAladin | null = null;
  private _list: IHipsSurvey[] = [];
  private _started = false;
  private _ready: Promise<void> = Promise.resolve();
  private _surveyPicker = document.createElement('select');
  private _goto = document.createElement('input');
  private _radius = document.createElement('input');
  private _sky = document.createElement('div');
  private _unlabel: () => void;
  private _row = document.createElement('div');
  private _rowData = new WeakMap<IAladinSource, Record<string, unknown>>();
  private _status = document.createElement('div');
  private _message = document.createElement('div');
}
