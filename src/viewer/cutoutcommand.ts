/**
 * CommandIDs.openCutout: a SODA cutout (DataLink → SODA through the proxy) in a FITS tab, with
 * its progress in bytes, Save, Show on the sky and the pyvo code that makes the same cutout.
 */
import { JupyterFrontEnd } from '@jupyterlab/application';
import {
  MainAreaWidget,
  Notification,
  WidgetTracker
} from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ReadonlyJSONObject } from '@lumino/coreutils';
import { Widget } from '@lumino/widgets';

import { cutoutCode, resolveMode, serviceRefForUrl } from '../codegen';
import { fetchUpstream, upstreamToProxyUrl } from '../services/client';
import { resolveCutout } from '../services/soda';
import { insertCell } from '../shared/insert';
import { actionButton } from '../shared/toolbar';
import {
  CommandIDs,
  IOpenCutoutArgs,
  IServicesModel,
  IShowOnSkyArgs
} from '../tokens';
import { ISkyPoint, openFits, readAllBytes } from '../vo';
import { FitsView, IDisplaySettings } from './FitsView';
import { addImageTools, openFitsTab } from './fitstab';

/** The radius of a cutout when the caller names none: 36″, a galaxy's worth. */
const DEFAULT_RADIUS_DEG = 0.01;

/** A response's body, saying how much has arrived (and of how much, when the server says). */
async function readWithProgress(
  response: Response,
  report: (text: string) => void
): Promise<Uint8Array> {
  const total = Number(response.headers.get('Content-Length')) || 0;
  if (!response.body) {
    return new Uint8Array(await response.arrayBuffer());
  }
  const kb = (n: number) => `${Math.ceil(n / 1024).toLocaleString()} kB`;
  return readAllBytes(response.body, received =>
    report(total ? `${kb(received)} of ${kb(total)}` : kb(received))
  );
}

export interface ICutoutCommandContext {
  app: JupyterFrontEnd;
  services: IServicesModel;
  notebooks: INotebookTracker | null;
  display: () => IDisplaySettings;
}

export function addCutoutCommand(
  context: ICutoutCommandContext
): WidgetTracker<MainAreaWidget<FitsView>> {
  const { app, services, notebooks } = context;
  const cutouts = new WidgetTracker<MainAreaWidget<FitsView>>({
    namespace: 'rsp-api-cutout'
  });
  app.commands.addCommand(CommandIDs.openCutout, {
    label: 'RSP API: Open a Cutout',
    execute: async args => {
      const request = args as unknown as IOpenCutoutArgs;
      if (!request.datalinkUrl) {
        Notification.info(
          'Choose an image in a result (an ObsCore row) to cut out.',
          { autoClose: 4000 }
        );
        return;
      }
      const radiusDeg = request.radiusDeg ?? DEFAULT_RADIUS_DEG;
      const title = request.title ?? 'cutout';
      const widget = openFitsTab(app, context.display(), {
        idPrefix: 'rsp-api-cutout',
        title: request.title ?? 'Cutout'
      });
      const controller = new AbortController();
      widget.disposed.connect(() => controller.abort());
      void cutouts.add(widget);
      const content = widget.content;
      content.showMessage(
        `Cutting out ${(radiusDeg * 3600).toFixed(0)}″ around ${request.ra.toFixed(5)} ${request.dec.toFixed(5)}…`
      );
      try {
        const descriptions = services.services.map(e => e.description);
        const { url, id, notes } = await resolveCutout(
          { ...request, radiusDeg },
          descriptions,
          fetchUpstream,
          controller.signal
        );
        const response = await fetchUpstream(url, descriptions, {
          signal: controller.signal
        });
        const bytes = await readWithProgress(response, received =>
          content.showMessage(`Downloading the cutout… ${received}`)
        );
        content.setFile(await openFits(bytes), id);
        const said = [...(request.notes ?? []), ...notes];
        if (said.length > 0) {
          content.showMessage(said.join(' '));
        }
        const fileName = `${title.replace(/[^A-Za-z0-9._-]+/g, '_')}_cutout.fits`;
        // Aladin Lite reads the same cutout through the proxy, with its WCS.
        const onSky = (footprint: ISkyPoint[], activate = true) => {
          const sky: IShowOnSkyArgs = {
            imageUrl: upstreamToProxyUrl(url, descriptions),
            title,
            footprint,
            activate
          };
          void app.commands.execute(
            CommandIDs.showOnSky,
            sky as unknown as ReadonlyJSONObject
          );
        };
        const footprint = addImageTools(
          app,
          notebooks,
          widget,
          { bytes, fileName },
          onSky
        );
        if (footprint && request.showOnSky) {
          onSky(footprint, false);
        }
        if (notebooks) {
          widget.toolbar.addItem(
            'code',
            insertCodeButton(context, notebooks, request, radiusDeg, fileName)
          );
        }
      } catch (error) {
        if (!controller.signal.aborted) {
          content.showMessage(
            `The cutout failed: ${(error as Error).message}`,
            true
          );
        }
      }
    }
  });
  return cutouts;
}

function insertCodeButton(
  { app, services }: ICutoutCommandContext,
  notebooks: INotebookTracker,
  request: IOpenCutoutArgs,
  radiusDeg: number,
  fileName: string
): Widget {
  return actionButton({
    label: 'Insert code',
    tooltip:
      'Insert the pyvo code that makes this cutout (DataLink + SODA) into the notebook',
    onClick: () =>
      void insertCell(
        app,
        notebooks,
        cutoutCode({
          mode: resolveMode('auto', services.onPlatform),
          // The viewer fetched it through the proxy, so a service holds it.
          service: serviceRefForUrl(
            request.datalinkUrl,
            services.services.map(e => e.description),
            services.tokenOrigins
          ) ?? {
            id: 'unknown',
            url: request.datalinkUrl,
            tokenOrigins: []
          },
          datalinkUrl: request.datalinkUrl,
          ra: request.ra,
          dec: request.dec,
          radiusDeg,
          fileName
        })
      )
  });
}
