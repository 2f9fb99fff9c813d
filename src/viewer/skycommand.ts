/**
 * The sky: CommandIDs.openSky opens a HiPS survey in Aladin Lite (restored after a reload where
 * it looked), CommandIDs.showOnSky draws rows, a footprint or an image on the current one, and a
 * view's "cut out here" finds the image under its centre with SIAv2 and opens its cutout.
 */
import { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { ILauncher } from '@jupyterlab/launcher';
import { imageIcon } from '@jupyterlab/ui-components';
import { ReadonlyJSONObject, ReadonlyJSONValue } from '@lumino/coreutils';

import { fetchFromService } from '../services/client';
import { hipsSurveys, hipsTilesUrl } from '../services/hips';
import { imagesAt } from '../services/sia';
import {
  CommandIDs,
  IOpenCutoutArgs,
  IServicesModel,
  IShowOnSkyArgs
} from '../tokens';
import { IHipsSurvey, ISkyPoint } from '../vo';
import { ISkyState, SkyView } from './SkyView';

/** The field of view a new sky view opens with around rows or a footprint (degrees). */
const ROWS_FOV_DEG = 0.2;

export function addSkyCommands(
  app: JupyterFrontEnd,
  services: IServicesModel,
  restorer: ILayoutRestorer | null,
  launcher: ILauncher | null
): void {
  const descriptions = () => services.services.map(e => e.description);
  const surveys = () => hipsSurveys(fetchFromService, descriptions());
  const tilesUrl = (survey: IHipsSurvey) =>
    hipsTilesUrl(survey, descriptions());

  /** SIAv2 at a position → the first image's DataLink → a cutout tab (and its footprint). */
  const cutoutAt = async (
    centre: ISkyPoint,
    radiusDeg: number
  ): Promise<void> => {
    const sia = services.services.find(e => e.description.kind === 'sia');
    if (!sia) {
      throw new Error(
        'No SIAv2 service is configured: cutouts need one to find images.'
      );
    }
    const { images, notes } = await imagesAt(
      fetchFromService,
      sia.description,
      centre
    );
    const image = images[0];
    const cutout: IOpenCutoutArgs = {
      datalinkUrl: String(image.access_url),
      ra: centre.ra,
      dec: centre.dec,
      radiusDeg,
      title: String(image.obs_id ?? 'cutout'),
      showOnSky: true,
      notes
    };
    await app.commands.execute(
      CommandIDs.openCutout,
      cutout as unknown as ReadonlyJSONObject
    );
  };

  const skies = new WidgetTracker<MainAreaWidget<SkyView>>({
    namespace: 'rsp-api-sky'
  });
  // The id is the name the layout restorer knows a view by: a restored view must keep it,
  // or the restored layout has no place for it and drops it.
  const openSky = (
    state?: Partial<ISkyState>,
    id?: string
  ): MainAreaWidget<SkyView> => {
    const content = new SkyView(surveys, tilesUrl, state, cutoutAt);
    const widget = new MainAreaWidget({ content });
    widget.id =
      id ?? `rsp-api-sky-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    widget.title.label = 'Sky';
    widget.title.icon = imageIcon;
    widget.title.closable = true;
    app.shell.add(widget, 'main');
    void skies.add(widget);
    let timer = 0;
    content.changed.connect(() => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void skies.save(widget), 500);
    });
    return widget;
  };

  app.commands.addCommand(CommandIDs.openSky, {
    label: args =>
      args.isLauncher ? 'Sky Viewer' : 'RSP API: Open Sky Viewer',
    caption: 'HiPS surveys of the platform in Aladin Lite',
    icon: imageIcon,
    execute: args => {
      const widget = openSky(
        args.state as Partial<ISkyState> | undefined,
        typeof args.id === 'string' ? args.id : undefined
      );
      app.shell.activateById(widget.id);
      return widget;
    }
  });

  app.commands.addCommand(CommandIDs.showOnSky, {
    label: 'RSP API: Show Rows on the Sky',
    execute: async args => {
      const request = args as unknown as IShowOnSkyArgs;
      const rows = request.rows ?? [];
      const first = rows[0] ?? request.footprint?.[0];
      let widget = skies.currentWidget;
      if (!widget) {
        widget = openSky(
          first
            ? { ra: first.ra, dec: first.dec, fov: ROWS_FOV_DEG }
            : undefined
        );
      }
      if (request.activate !== false) {
        app.shell.activateById(widget.id);
      }
      await widget.content.ready;
      if (rows.length > 0 || request.notice) {
        widget.content.showRows(request.title ?? 'rows', rows, request.notice);
      }
      if (request.footprint) {
        widget.content.showFootprint(request.footprint);
      }
      if (typeof request.imageUrl === 'string') {
        widget.content.showImage(request.imageUrl, request.title ?? 'cutout');
      }
    }
  });

  void restorer?.restore(skies, {
    command: CommandIDs.openSky,
    args: widget => ({
      id: widget.id,
      state: widget.content.state as unknown as ReadonlyJSONValue
    }),
    name: widget => widget.id
  });
  launcher?.add({ command: CommandIDs.openSky, category: 'Other', rank: 1 });
}
