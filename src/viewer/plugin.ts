import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  MainAreaWidget,
  Notification,
  WidgetTracker
} from '@jupyterlab/apputils';
import {
  ABCWidgetFactory,
  DocumentRegistry,
  DocumentWidget,
  IDocumentWidget
} from '@jupyterlab/docregistry';
import { PathExt } from '@jupyterlab/coreutils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ReadonlyJSONValue } from '@lumino/coreutils';
import { ToolbarButton, imageIcon } from '@jupyterlab/ui-components';

import { insertCell } from '../shared/insert';
import { cutoutCode, resolveMode, serviceRefForUrl } from '../codegen';
import {
  fetchFromService,
  fetchUpstream,
  upstreamToProxyUrl
} from '../services/client';
import { hipsSurveys, hipsTilesUrl } from '../services/hips';
import { imagesAt } from '../services/sia';
import { resolveCutout } from '../services/soda';
import { ILauncher } from '@jupyterlab/launcher';
import { CommandIDs, IServicesModel, VIEWER_PLUGIN_ID } from '../tokens';
import { IHipsSurvey, ISkyPoint, openFits, readAllBytes, readWcs } from '../vo';
import { ISkyOverlayRow, ISkyState, SkyView } from './SkyView';
import { DEFAULT_DISPLAY, FitsView, IDisplaySettings } from './FitsView';
import { base64ToBytes, bytesToBase64 } from './bundle';
import { loadDisplayBeforeFitsCells } from './kernel';
import { DEFAULT_INLINE, IInlineSettings, fitsRendererFactory } from './output';

export const FITS_FACTORY = 'FITS Viewer';

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

/** `.fits`, `.fit`, `.fits.gz` files open in the viewer, read in the browser: no service needed. */
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

export interface IOpenCutoutArgs {
  datalinkUrl: string;
  ra: number;
  dec: number;
  radiusDeg?: number;
  title?: string;
  /** What reading the result that led here noted (the SIAv2 answer), shown with the cutout. */
  notes?: string[];
}

/** The sky viewer: FITS files and SODA cutouts in main-area tabs. */
export const viewerPlugin: JupyterFrontEndPlugin<void> = {
  id: VIEWER_PLUGIN_ID,
  description: 'FITS files and SODA cutouts in a viewer tab.',
  autoStart: true,
  requires: [IServicesModel],
  optional: [
    ILayoutRestorer,
    ICommandPalette,
    ISettingRegistry,
    INotebookTracker,
    ILauncher,
    IRenderMimeRegistry
  ],
  activate: (
    app: JupyterFrontEnd,
    services: IServicesModel,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    settingRegistry: ISettingRegistry | null,
    notebooks: INotebookTracker | null,
    launcher: ILauncher | null,
    rendermime: IRenderMimeRegistry | null
  ): void => {
    let display: IDisplaySettings = DEFAULT_DISPLAY;
    let inline: IInlineSettings = DEFAULT_INLINE;
    let loadInKernels = true;
    void settingRegistry?.load(VIEWER_PLUGIN_ID).then(loaded => {
      const apply = () => {
        display = loaded.composite as unknown as IDisplaySettings;
        inline = {
          height: loaded.get('inlineHeight').composite as number,
          maxPixels: loaded.get('inlineMaxPixels').composite as number
        };
        loadInKernels = loaded.get('loadInKernels').composite as boolean;
      };
      apply();
      loaded.changed.connect(apply);
    });

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
      () => display
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
        const radiusDeg = request.radiusDeg ?? 0.01;
        const content = new FitsView(display);
        const widget = new MainAreaWidget({ content });
        widget.id = `rsp-api-cutout-${Date.now()}`;
        widget.title.label = request.title ?? 'Cutout';
        widget.title.icon = imageIcon;
        widget.title.closable = true;
        const controller = new AbortController();
        widget.disposed.connect(() => controller.abort());
        app.shell.add(widget, 'main');
        void cutouts.add(widget);
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
          const fileName = `${(request.title ?? 'cutout').replace(/[^A-Za-z0-9._-]+/g, '_')}_cutout.fits`;
          // Beside the current notebook, where the inserted code writes it too.
          const folder = PathExt.dirname(
            notebooks?.currentWidget?.context.path ?? ''
          );
          widget.toolbar.addItem(
            'save',
            new SaveButton(app, bytes, PathExt.join(folder, fileName))
          );
          const image = content.image;
          const wcs = image ? readWcs(image.header) : null;
          if (image && wcs) {
            // Aladin Lite reads the same cutout through the proxy, with its WCS.
            const onSky = {
              imageUrl: upstreamToProxyUrl(url, descriptions),
              title: request.title ?? 'cutout',
              footprint: wcs.footprint(
                image.width,
                image.height
              ) as unknown as ReadonlyJSONValue
            };
            if (args.showOnSky) {
              void app.commands.execute(CommandIDs.showOnSky, {
                ...onSky,
                activate: false
              });
            }
            widget.toolbar.addItem(
              'sky',
              new ToolbarButton({
                label: 'Show on the sky',
                tooltip: 'Draw this cutout’s footprint over the HiPS survey',
                onClick: () =>
                  void app.commands.execute(CommandIDs.showOnSky, onSky)
              })
            );
          }
          if (notebooks) {
            widget.toolbar.addItem(
              'code',
              new ToolbarButton({
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
              })
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
    // --- FITS images in notebook outputs ------------------------------------------------
    const outputs = new WidgetTracker<MainAreaWidget<FitsView>>({
      namespace: 'rsp-api-fits-output'
    });
    // Blob URLs of images shown on the sky from outputs: Aladin Lite reads the FITS from them.
    const skyImages = new WeakMap<Uint8Array, string>();
    const onSkyFromBytes = (
      footprint: ISkyPoint[],
      bytes: Uint8Array,
      title: string,
      activate = true
    ) => {
      let url = skyImages.get(bytes);
      if (!url) {
        url = URL.createObjectURL(
          new Blob([bytes], { type: 'application/fits' })
        );
        skyImages.set(bytes, url);
      }
      void app.commands.execute(CommandIDs.showOnSky, {
        imageUrl: url,
        title,
        footprint: footprint as unknown as ReadonlyJSONValue,
        activate
      });
    };
    const openFitsTab = (
      bytes: Uint8Array,
      title: string,
      fileName: string
    ): void => {
      const content = new FitsView(display);
      const widget = new MainAreaWidget({ content });
      widget.id = `rsp-api-fits-output-${Date.now()}`;
      widget.title.label = title;
      widget.title.icon = imageIcon;
      widget.title.closable = true;
      app.shell.add(widget, 'main');
      void outputs.add(widget);
      void openFits(bytes).then(
        file => {
          content.setFile(file, title);
          const folder = PathExt.dirname(
            notebooks?.currentWidget?.context.path ?? ''
          );
          widget.toolbar.addItem(
            'save',
            new SaveButton(app, bytes, PathExt.join(folder, fileName))
          );
          const image = content.image;
          const wcs = image ? readWcs(image.header) : null;
          if (image && wcs) {
            widget.toolbar.addItem(
              'sky',
              new ToolbarButton({
                label: 'Show on the sky',
                tooltip:
                  'Draw this image and its footprint over the HiPS survey',
                onClick: () =>
                  onSkyFromBytes(
                    wcs.footprint(image.width, image.height),
                    bytes,
                    title
                  )
              })
            );
          }
        },
        error => content.showMessage((error as Error).message, true)
      );
    };
    rendermime?.addFactory(
      fitsRendererFactory({
        display: () => display,
        inline: () => inline,
        openTab: openFitsTab,
        showOnSky: (footprint, bytes, title) =>
          onSkyFromBytes(footprint, bytes, title),
        openFile: async path => {
          await app.commands.execute('docmanager:open', {
            path,
            factory: FITS_FACTORY
          });
        }
      }),
      40
    );
    if (notebooks) {
      loadDisplayBeforeFitsCells(
        notebooks,
        app.serviceManager.kernelspecs,
        () => loadInKernels
      );
    }

    // --- the sky: HiPS surveys in Aladin Lite -------------------------------------------
    const descriptions = () => services.services.map(e => e.description);
    const surveys = () => hipsSurveys(fetchFromService, descriptions());
    const tilesUrl = (survey: IHipsSurvey) =>
      hipsTilesUrl(survey, descriptions());
    const skies = new WidgetTracker<MainAreaWidget<SkyView>>({
      namespace: 'rsp-api-sky'
    });
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
      await app.commands.execute(CommandIDs.openCutout, {
        datalinkUrl: String(image.access_url),
        ra: centre.ra,
        dec: centre.dec,
        radiusDeg,
        title: String(image.obs_id ?? 'cutout'),
        showOnSky: true,
        notes
      });
    };
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
        const rows = (args.rows ?? []) as unknown as ISkyOverlayRow[];
        const footprint = args.footprint as unknown as
          { ra: number; dec: number }[] | undefined;
        const first = rows[0] ?? footprint?.[0];
        let widget = skies.currentWidget;
        if (!widget) {
          widget = openSky(
            first ? { ra: first.ra, dec: first.dec, fov: 0.2 } : undefined
          );
        }
        if (args.activate !== false) {
          app.shell.activateById(widget.id);
        }
        await widget.content.ready;
        const notice = args.notice as
          { text: string; error: boolean } | undefined;
        if (rows.length > 0 || notice) {
          widget.content.showRows(String(args.title ?? 'rows'), rows, notice);
        }
        if (footprint) {
          widget.content.showFootprint(footprint);
        }
        if (typeof args.imageUrl === 'string') {
          widget.content.showImage(
            args.imageUrl,
            String(args.title ?? 'cutout')
          );
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
    for (const command of [CommandIDs.openSky, CommandIDs.openCutout]) {
      palette?.addItem({ command, category: 'RSP API' });
    }
  }
};

/** Save a cutout into the user's folder through the contents API. */
class SaveButton extends ToolbarButton {
  constructor(app: JupyterFrontEnd, bytes: Uint8Array, name: string) {
    super({
      label: 'Save as FITS',
      tooltip: 'Save this cutout as a FITS file beside the current notebook',
      onClick: () => {
        const path = name;
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
