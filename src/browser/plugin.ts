import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { PartialJSONValue, ReadonlyJSONObject } from '@lumino/coreutils';

import { createJobActions } from '../jobs/actions';
import { JobsModel } from '../jobs/model';
import { createJobsSection } from '../jobs/section';
import { fetchFromService } from '../services/client';
import {
  BROWSER_PLUGIN_ID,
  CommandIDs,
  IServicesModel,
  ITapSchemas
} from '../tokens';
import {
  DEFAULT_BROWSER_SETTINGS,
  IBrowserSettings,
  createBrowserActions
} from './actions';
import { BrowserModel, IBrowserState } from './model';
import { SIDEBAR_ID, createSidebar, revealPreview } from './sidebar';

const BROWSER_STATE_KEY = 'jupyterlab-rsp-api:browser-state';

/** The "RSP API" left sidebar: the services and the TAP browser. */
export const browserPlugin: JupyterFrontEndPlugin<void> = {
  id: BROWSER_PLUGIN_ID,
  description:
    'The RSP API sidebar: services, their availability, and the TAP browser.',
  autoStart: true,
  requires: [IServicesModel, ITapSchemas, INotebookTracker],
  optional: [ILayoutRestorer, ICommandPalette, IStateDB, ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    services: IServicesModel,
    schemas: ITapSchemas,
    tracker: INotebookTracker,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    stateDB: IStateDB | null,
    settingRegistry: ISettingRegistry | null
  ): void => {
    const browser = new BrowserModel(fetchFromService, schemas.metadata);
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
  }
};
