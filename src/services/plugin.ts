import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import {
  CommandIDs,
  IServicesModel,
  ITapSchemas,
  PLUGIN_ID,
  SCHEMAS_PLUGIN_ID
} from '../tokens';
import { checkUserService, fetchFromService, fetchServices } from './client';
import { ServicesModel } from './model';
import { SchemaLoader } from './schema';
import { TapSchemas } from './schemas';
import { DEFAULT_CORE_SETTINGS } from './settings';

/**
 * The core: discovers services through the server extension and keeps their availability.
 * Every feature plugin consumes IServicesModel instead of calling the server itself.
 */
export const corePlugin: JupyterFrontEndPlugin<IServicesModel> = {
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
      fetcher: fetchFromService,
      checkUserService,
      probeTimeoutMs: DEFAULT_CORE_SETTINGS.probeTimeoutSeconds * 1000
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

    let checkOnStart = DEFAULT_CORE_SETTINGS.checkOnStart;
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

/**
 * The TAP services' tables and their ADQL schemas, read once per session and shared by the TAP
 * browser and the ADQL editor, so that either works without the other.
 */
export const schemasPlugin: JupyterFrontEndPlugin<ITapSchemas> = {
  id: SCHEMAS_PLUGIN_ID,
  description: 'The tables, columns and ADQL schema of each TAP service.',
  autoStart: true,
  requires: [IServicesModel],
  provides: ITapSchemas,
  activate: (_app: JupyterFrontEnd, services: IServicesModel): ITapSchemas =>
    new TapSchemas(
      new SchemaLoader(fetchFromService),
      services,
      fetchFromService
    )
};
