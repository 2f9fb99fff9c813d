/**
 * A FITS image in a main-area tab: the viewer's FitsView with the tools every such tab has (save
 * the bytes beside the current notebook; show the image on the sky when it carries a WCS).
 * Cutouts and notebook outputs open their images this way.
 */
import { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget, Notification } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ToolbarButton, imageIcon } from '@jupyterlab/ui-components';

import { actionButton } from '../shared/toolbar';
import { ISkyPoint, readWcs } from '../vo';
import { bytesToBase64 } from './bundle';
import { FitsView, IDisplaySettings } from './FitsView';

/** A new tab in the main area, its FitsView saying what it is waiting for. */
export function openFitsTab(
  app: JupyterFrontEnd,
  display: IDisplaySettings,
  options: { idPrefix: string; title: string }
): MainAreaWidget<FitsView> {
  const content = new FitsView(display);
  const widget = new MainAreaWidget({ content });
  widget.id = `${options.idPrefix}-${Date.now()}`;
  widget.title.label = options.title;
  widget.title.icon = imageIcon;
  widget.title.closable = true;
  app.shell.add(widget, 'main');
  return widget;
}

/**
 * The tab's Save and (for an image with a WCS) Show-on-the-sky buttons, once its file is shown.
 * Returns the image's footprint, or null when it has no WCS to place it on the sky.
 */
export function addImageTools(
  app: JupyterFrontEnd,
  notebooks: INotebookTracker | null,
  widget: MainAreaWidget<FitsView>,
  file: { bytes: Uint8Array; fileName: string },
  showOnSky: (footprint: ISkyPoint[]) => void
): ISkyPoint[] | null {
  // Beside the current notebook, where inserted code writes its files too.
  const folder = PathExt.dirname(notebooks?.currentWidget?.context.path ?? '');
  widget.toolbar.addItem(
    'save',
    new SaveButton(app, file.bytes, PathExt.join(folder, file.fileName))
  );
  const image = widget.content.image;
  const wcs = image ? readWcs(image.header) : null;
  if (!image || !wcs) {
    return null;
  }
  const footprint = wcs.footprint(image.width, image.height);
  widget.toolbar.addItem(
    'sky',
    actionButton({
      label: 'Show on the sky',
      tooltip: 'Draw this image and its footprint over the HiPS survey',
      onClick: () => showOnSky(footprint)
    })
  );
  return footprint;
}

/** Save an image into the user's folder through the contents API. */
class SaveButton extends ToolbarButton {
  constructor(app: JupyterFrontEnd, bytes: Uint8Array, path: string) {
    super({
      label: 'Save as FITS',
      tooltip: 'Save this image as a FITS file beside the current notebook',
      onClick: () => {
        app.serviceManager.contents
          .save(path, {
            type: 'file',
            format: 'base64',
            content: bytesToBase64(bytes)
          })
          .then(() =>
            Notification.success(`Saved ${path}`, { autoClose: 3000 })
          )
          .catch(error =>
            Notification.error(`Could not save ${path}: ${error.message}`)
          );
      }
    });
  }
}
