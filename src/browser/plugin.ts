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
import { SharedTableLoads } from './loads';
import { BrowserModel, IBrowserState } from './model';
import { registerPanels } from './panels';
import { ServiceInfo } from './serviceInfo';
import { SIDEBAR_ID, createSidebar } from './sidebar';

const BROWSER_STATE_KEY = 'jupyterlab-rsp-api:browser-state';

/**
 * The "RSP API" left sidebar (the services and the TAP browser) and the browser's main-area
 * panels: a table's details, columns, preview and examples; the rows of a result.
 */
export const browserPlugin: JupyterFrontEndPlugin<void> = {
  id: BROWSER_PLUGIN_ID,
  description:
    'The RSP API sidebar: services, their availability, and the TAP browser with its table panels.',
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
    const loader = new SharedTableLoads(schemas.metadata);
    const info = new ServiceInfo(fetchFromService);
    const browser = new BrowserModel(loader, info);
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
    const actions = createBrowserActions(app, tracker, services, info, {
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
    const sidebar = createSidebar(
      services,
      browser,
      actions,
      () => void app.commands.execute(CommandIDs.openSky)
    );
    app.shell.add(sidebar, 'left', { rank: 850 });
    restorer?.add(sidebar, 'rsp-api-sidebar');

    registerPanels({
      app,
      restorer,
      services,
      fetcher: fetchFromService,
      loader,
      info,
      actions,
      metadataSource: () => browser.metadataSource,
      selection: () => {
        const row = browser.selected;
        return browser.serviceId && row?.table
          ? {
              serviceId: browser.serviceId,
              table: row.table.name,
              column: row.column?.name
            }
          : null;
      },
      ready: settingsApplied
    });

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
      CommandIDs.focusFilter,
      CommandIDs.openTable
    ]) {
      palette?.addItem({ command, category: 'RSP API' });
    }
  }
};
