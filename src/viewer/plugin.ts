/**
 * The sky viewer's plugin: FITS files, SODA cutouts and FITS outputs in viewer tabs, HiPS surveys
 * in Aladin Lite. Each part registers itself from its own module; this one reads the settings
 * (schema/viewer.json) they share.
 */
import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ILauncher } from '@jupyterlab/launcher';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { CommandIDs, IServicesModel, VIEWER_PLUGIN_ID } from '../tokens';
import { addCutoutCommand } from './cutoutcommand';
import { addFitsFiles } from './fitsfiles';
import { addFitsOutputs } from './outputtabs';
import {
  DEFAULT_VIEWER_SETTINGS,
  displaySettings,
  inlineSettings,
  readViewerSettings
} from './settings';
import { addSkyCommands } from './skycommand';

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
    let settings = DEFAULT_VIEWER_SETTINGS;
    void settingRegistry?.load(VIEWER_PLUGIN_ID).then(loaded => {
      const apply = () => {
        settings = readViewerSettings(loaded);
      };
      apply();
      loaded.changed.connect(apply);
    });
    const display = () => displaySettings(settings);

    addFitsFiles(app, display, restorer);
    addCutoutCommand({ app, services, notebooks, display });
    addFitsOutputs(app, notebooks, rendermime, {
      display,
      inline: () => inlineSettings(settings),
      loadInKernels: () => settings.loadInKernels
    });
    addSkyCommands(app, services, restorer, launcher);
    for (const command of [CommandIDs.openSky, CommandIDs.openCutout]) {
      palette?.addItem({ command, category: 'RSP API' });
    }
  }
};
