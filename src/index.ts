import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { SIDEBAR_ID, createSidebar } from './browser/sidebar';
import { fetchFromService, fetchServices } from './services/client';
import { ServicesModel } from './services/model';
import { CommandIDs, IServicesModel, PLUGIN_ID } from './tokens';

/**
 * The core: discovers services through the server extension and keeps their availability.
 * Every feature plugin consumes IServicesModel instead of calling the server itself.
 */
const corePlugin: JupyterFrontEndPlugin<IServicesModel> = {
  id: PLUGIN_ID,
  description:
    'Discovers IVOA services and the platform token state from the server extension.',
  autoStart: true,
  provides: IServicesModel,
  optional: [ISettingRegistry, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null
  ): IServicesModel => {
    const model = new ServicesModel({
      loadServices: fetchServices,
      fetcher: fetchFromService
    });

    app.commands.addCommand(CommandIDs.refreshServices, {
      label: 'RSP API: Rediscover Services',
      caption:
        'Ask the server which IVOA services exist and check their availability',
      execute: () => model.refresh()
    });
    app.commands.addCommand(CommandIDs.checkAvailability, {
      label: 'RSP API: Check Service Availability',
      execute: args =>
        model.checkAvailability((args.serviceId as string) || undefined)
    });
    palette?.addItem({
      command: CommandIDs.refreshServices,
      category: 'RSP API'
    });
    palette?.addItem({
      command: CommandIDs.checkAvailability,
      category: 'RSP API'
    });

    let checkOnStart = true;
    const applySettings = (settings: ISettingRegistry.ISettings): void => {
      model.probeTimeoutMs =
        (settings.get('probeTimeoutSeconds').composite as number) * 1000;
      checkOnStart = settings.get('checkOnStart').composite as boolean;
    };
    const settingsLoaded = settingRegistry
      ? settingRegistry
          .load(PLUGIN_ID)
          .then(settings => {
            applySettings(settings);
            settings.changed.connect(applySettings);
          })
          .catch(reason =>
            console.error('jupyterlab-rsp-api: settings failed to load', reason)
          )
      : Promise.resolve();

    void Promise.all([app.restored, settingsLoaded]).then(() => {
      if (checkOnStart) {
        void model.refresh();
      }
    });
    return model;
  }
};

/** The "RSP API" left sidebar. */
const sidebarPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-rsp-api:browser',
  description: 'The RSP API sidebar: services and their availability.',
  autoStart: true,
  requires: [IServicesModel],
  optional: [ILayoutRestorer, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    model: IServicesModel,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null
  ): void => {
    const sidebar = createSidebar(model);
    app.shell.add(sidebar, 'left', { rank: 850 });
    restorer?.add(sidebar, 'rsp-api-sidebar');

    app.commands.addCommand(CommandIDs.openSidebar, {
      label: 'RSP API: Show Services Sidebar',
      execute: () => app.shell.activateById(SIDEBAR_ID)
    });
    palette?.addItem({ command: CommandIDs.openSidebar, category: 'RSP API' });
  }
};

export default [corePlugin, sidebarPlugin];
