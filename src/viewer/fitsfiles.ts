/**
 * `.fits`, `.fit`, `.fts` (and gzipped) files of the file browser open in the viewer, read in the
 * browser from the file's own bytes: no service needed.
 */
import { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import { WidgetTracker } from '@jupyterlab/apputils';
import {
  ABCWidgetFactory,
  DocumentRegistry,
  DocumentWidget,
  IDocumentWidget
} from '@jupyterlab/docregistry';
import { imageIcon } from '@jupyterlab/ui-components';

import { openFits } from '../vo';
import { base64ToBytes } from './bundle';
import { FitsView, IDisplaySettings } from './FitsView';

export const FITS_FACTORY = 'FITS Viewer';

class FitsDocumentFactory extends ABCWidgetFactory<IDocumentWidget<FitsView>> {
  constructor(
    options: DocumentRegistry.IWidgetFactoryOptions<IDocumentWidget<FitsView>>,
    private readonly display: () => IDisplaySettings
  ) {
    super(options);
  }

  protected createNewWidget(
    context: DocumentRegistry.Context
  ): IDocumentWidget<FitsView> {
    const content = new FitsView(this.display());
    const widget = new DocumentWidget({ content, context });
    widget.title.icon = imageIcon;
    const show = async () => {
      try {
        content.setFile(
          await openFits(base64ToBytes(context.model.toString())),
          context.localPath
        );
      } catch (error) {
        content.showMessage((error as Error).message, true);
      }
    };
    void context.ready.then(show);
    context.model.contentChanged.connect(() => void show());
    return widget;
  }
}

/** The FITS file types, the viewer as their default, and its tabs restored after a reload. */
export function addFitsFiles(
  app: JupyterFrontEnd,
  display: () => IDisplaySettings,
  restorer: ILayoutRestorer | null
): void {
  app.docRegistry.addFileType({
    name: 'fits',
    displayName: 'FITS image',
    extensions: ['.fits', '.fit', '.fts'],
    mimeTypes: ['image/fits', 'application/fits'],
    fileFormat: 'base64',
    contentType: 'file',
    icon: imageIcon
  });
  app.docRegistry.addFileType({
    name: 'fits-gz',
    displayName: 'FITS image (gzip)',
    extensions: ['.fits.gz', '.fit.gz'],
    mimeTypes: ['application/gzip'],
    fileFormat: 'base64',
    contentType: 'file',
    icon: imageIcon
  });
  const factory = new FitsDocumentFactory(
    {
      name: FITS_FACTORY,
      label: 'FITS Viewer',
      modelName: 'base64',
      fileTypes: ['fits', 'fits-gz'],
      defaultFor: ['fits', 'fits-gz'],
      readOnly: true
    },
    display
  );
  app.docRegistry.addWidgetFactory(factory);
  const files = new WidgetTracker<IDocumentWidget<FitsView>>({
    namespace: 'rsp-api-fits'
  });
  factory.widgetCreated.connect((_, widget) => {
    widget.context.pathChanged.connect(() => void files.save(widget));
    void files.add(widget);
  });
  void restorer?.restore(files, {
    command: 'docmanager:open',
    args: widget => ({ path: widget.context.path, factory: FITS_FACTORY }),
    name: widget => widget.context.path
  });
}
