/**
 * FITS images in notebook outputs: the application/fits renderer (output.ts) with its buttons
 * wired to the lab (a tab of their own, the sky, the file they came from), and the display
 * formatters loaded into Python kernels before cells that use astropy.io.fits.
 */
import { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ReadonlyJSONObject } from '@lumino/coreutils';

import { CommandIDs, IShowOnSkyArgs } from '../tokens';
import { ISkyPoint, openFits } from '../vo';
import { FITS_FACTORY } from './fitsfiles';
import { addImageTools, openFitsTab } from './fitstab';
import { FitsView, IDisplaySettings } from './FitsView';
import { loadDisplayBeforeFitsCells } from './kernel';
import { IInlineSettings, fitsRendererFactory } from './output';

/** Ranked above the PNG of the same output (rendermime picks the lowest rank it can render). */
const FITS_RENDERER_RANK = 40;

export interface IOutputSettings {
  display: () => IDisplaySettings;
  inline: () => IInlineSettings;
  loadInKernels: () => boolean;
}

export function addFitsOutputs(
  app: JupyterFrontEnd,
  notebooks: INotebookTracker | null,
  rendermime: IRenderMimeRegistry | null,
  settings: IOutputSettings
): void {
  const outputs = new WidgetTracker<MainAreaWidget<FitsView>>({
    namespace: 'rsp-api-fits-output'
  });
  // Blob URLs of images shown on the sky from outputs: Aladin Lite reads the FITS from them.
  const skyImages = new WeakMap<Uint8Array, string>();
  const showOnSky = (
    footprint: ISkyPoint[],
    bytes: Uint8Array,
    title: string
  ) => {
    let url = skyImages.get(bytes);
    if (!url) {
      url = URL.createObjectURL(
        new Blob([bytes], { type: 'application/fits' })
      );
      skyImages.set(bytes, url);
    }
    const sky: IShowOnSkyArgs = { imageUrl: url, title, footprint };
    void app.commands.execute(
      CommandIDs.showOnSky,
      sky as unknown as ReadonlyJSONObject
    );
  };
  const openTab = (bytes: Uint8Array, title: string, fileName: string) => {
    const widget = openFitsTab(app, settings.display(), {
      idPrefix: 'rsp-api-fits-output',
      title
    });
    void outputs.add(widget);
    void openFits(bytes).then(
      file => {
        widget.content.setFile(file, title);
        addImageTools(app, notebooks, widget, { bytes, fileName }, footprint =>
          showOnSky(footprint, bytes, title)
        );
      },
      error => widget.content.showMessage((error as Error).message, true)
    );
  };
  rendermime?.addFactory(
    fitsRendererFactory({
      display: settings.display,
      inline: settings.inline,
      openTab,
      showOnSky,
      openFile: async path => {
        await app.commands.execute('docmanager:open', {
          path,
          factory: FITS_FACTORY
        });
      }
    }),
    FITS_RENDERER_RANK
  );
  if (notebooks) {
    loadDisplayBeforeFitsCells(
      notebooks,
      app.serviceManager.kernelspecs,
      settings.loadInKernels
    );
  }
}
