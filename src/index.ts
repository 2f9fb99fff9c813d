import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { ReadonlyJSONObject, PartialJSONValue } from '@lumino/coreutils';

import {
  DEFAULT_BROWSER_SETTINGS,
  IBrowserSettings,
  createBrowserActions
} from './browser/actions';
import { adqlPlugin } from './adql/plugin';
import { viewerPlugin } from './viewer/plugin';
import { AdqlSchemas } from './adql/schemas';
import { BrowserModel, IBrowserState } from './browser/model';
import { SIDEBAR_ID, createSidebar, revealPreview } from './browser/sidebar';
import { createJobActions } from './jobs/actions';
import { JobsModel } from './jobs/model';
import { createJobsSection } from './jobs/section';
import { fetchFromService, fetchServices } from './services/client';
import { ServicesModel } from './services/model';
import { SchemaLoader } from './services/schema';
import {
  BROWSER_PLUGIN_ID,
  CommandIDs,
  IServicesModel,
  ITapSchemas,
  PLUGIN_ID
} from './tokens';

const BROWSER_STATE_KEY = 'jupyterlab-rsp-api:browser-state';

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

/** The "RSP API" left sidebar: the services and the TAP browser. */
const sidebarPlugin: JupyterFrontEndPlugin<AdqlSchemas> = {
  id: BROWSER_PLUGIN_ID,
  description:
    'The RSP API sidebar: services, their availability, and the TAP browser.',
  autoStart: true,
  requires: [IServicesModel, INotebookTracker],
  optional: [ILayoutRestorer, ICommandPalette, IStateDB, ISettingRegistry],
  provides: ITapSchemas,
  activate: (
    app: JupyterFrontEnd,
    services: IServicesModel,
    tracker: INotebookTracker,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    stateDB: IStateDB | null,
    settingRegistry: ISettingRegistry | null
  ): AdqlSchemas => {
    const loader = new SchemaLoader(fetchFromService);
    const browser = new BrowserModel(fetchFromService, loader);
    let settings: IBrowserSettings = DEFAULT_BROWSER_SETTINGS;
    let loadedSettings: ISettingRegistry.ISettings | null = null;
    // Resolves once the user's own TAP URLs are registered with the server (or there are none),
    // so a remembered user service can be chosen again after a reload.
    const settingsApplied: Promise<void> = settingRegistry
      ? settingRegistry
          .load(BROWSER_PLUGIN_ID)
          .then(loaded => {
            loadedSettings = loaded;
            let registered = '';
            const apply = (): Promise<void> => {
              settings = loaded.composite as unknown as IBrowserSettings;
              browser.setMetadataSource(settings.metadataSource);
              const wanted = JSON.stringify(settings.userServices);
              if (wanted === registered) {
                return Promise.resolve();
              }
              registered = wanted;
              return services.setUserServices(settings.userServices);
            };
            loaded.changed.connect(() => void apply());
            return apply();
          })
          .catch(reason =>
            console.error('jupyterlab-rsp-api: browser settings', reason)
          )
      : Promise.resolve();
    const actions = createBrowserActions(app, tracker, services, browser, {
      current: () => settings,
      saveUserServices: async entries => {
        if (!loadedSettings) {
          throw new Error(
            'Settings are not available, so added services cannot be kept.'
          );
        }
        await loadedSettings.set(
          'userServices',
          entries as unknown as PartialJSONValue
        );
      }
    });
    const jobs = new JobsModel({ fetcher: fetchFromService });
    // The jobs follow the service chosen in the browser; their own picker can differ.
    browser.stateChanged.connect((_, state) => {
      if (state.serviceId && state.serviceId !== lastBrowserService) {
        lastBrowserService = state.serviceId;
        jobs.setService(state.serviceId);
      }
    });
    let lastBrowserService: string | null = null;
    const jobActions = createJobActions(
      app,
      tracker,
      services,
      jobs,
      browser,
      () => settings.codeStyle,
      () => {
        app.shell.activateById(SIDEBAR_ID);
        revealPreview(sidebar);
      }
    );
    const sidebar = createSidebar(
      services,
      browser,
      actions,
      [createJobsSection(jobs, services, jobActions)],
      () => void app.commands.execute(CommandIDs.openSky)
    );
    app.shell.add(sidebar, 'left', { rank: 850 });
    restorer?.add(sidebar, 'rsp-api-sidebar');

    if (stateDB) {
      // The service list must be known before the remembered service can be chosen again.
      void Promise.all([
        stateDB.fetch(BROWSER_STATE_KEY),
        app.restored,
        settingsApplied
      ]).then(([saved]) => {
        const restore = (): void => {
          const ids = services.services.map(e => e.description.id);
          if (saved && ids.length > 0) {
            browser.restore(saved as unknown as IBrowserState, ids);
            services.changed.disconnect(restore);
          }
        };
        services.changed.connect(restore);
        restore();
        let timer = 0;
        browser.stateChanged.connect((_, state) => {
          window.clearTimeout(timer);
          timer = window.setTimeout(
            () =>
              void stateDB.save(
                BROWSER_STATE_KEY,
                state as unknown as ReadonlyJSONObject
              ),
            500
          );
        });
      });
    }

    app.commands.addCommand(CommandIDs.openSidebar, {
      label: 'RSP API: Show Services Sidebar',
      execute: () => app.shell.activateById(SIDEBAR_ID)
    });
    app.commands.addCommand(CommandIDs.reloadTables, {
      label: 'RSP API: Reload Tables of the TAP Browser',
      isEnabled: () => browser.serviceId !== null,
      execute: () => browser.reload()
    });
    app.commands.addCommand(CommandIDs.refreshJobs, {
      label: 'RSP API: Reload Async Jobs',
      isEnabled: () => jobs.serviceId !== null,
      execute: () => jobs.refresh()
    });
    app.commands.addCommand(CommandIDs.focusFilter, {
      label: 'RSP API: Filter Tables and Columns',
      execute: () => {
        app.shell.activateById(SIDEBAR_ID);
        sidebar.node
          .querySelector<HTMLInputElement>('.jp-RspApi-Filter')
          ?.focus();
      }
    });
    for (const command of [
      CommandIDs.openSidebar,
      CommandIDs.reloadTables,
      CommandIDs.refreshJobs,
      CommandIDs.focusFilter
    ]) {
      palette?.addItem({ command, category: 'RSP API' });
    }
    return new AdqlSchemas(loader, services, fetchFromService);
  }
};

export default [corePlugin, sidebarPlugin, adqlPlugin, viewerPlugin];
