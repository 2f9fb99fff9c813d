import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { IEditorExtensionRegistry } from '@jupyterlab/codemirror';
import { EditorExtensionRegistry } from '@jupyterlab/codemirror';
import { ICompletionProviderManager } from '@jupyterlab/completer';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { insertCell } from '../shared/insert';
import { fetchFromService } from '../services/client';
import { adqlMagicCell } from '../codegen';
import { ADQL_PLUGIN_ID, CommandIDs, ITapSchemas } from '../tokens';
import { formatAdql } from '../vo';
import { readAdqlCell, withBody } from './cell';
import {
  AdqlCompletionProvider,
  keepOtherProvidersOutOfAdqlCells
} from './completer';
import { countFirst } from './count';
import { adqlCellExtension } from './editor';
import { loadMagicBeforeAdqlCells } from './kernel';
import { DEFAULT_ADQL_SETTINGS, IAdqlSettings } from './settings';

/** `%%adql` cells: ADQL highlighting, checks, completion, formatting. */
export const adqlPlugin: JupyterFrontEndPlugin<void> = {
  id: ADQL_PLUGIN_ID,
  description: 'ADQL highlighting, checks and completion in %%adql cells.',
  autoStart: true,
  requires: [
    ITapSchemas,
    INotebookTracker,
    IEditorExtensionRegistry,
    ICompletionProviderManager
  ],
  optional: [ICommandPalette, ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    schemas: ITapSchemas,
    tracker: INotebookTracker,
    extensions: IEditorExtensionRegistry,
    completers: ICompletionProviderManager,
    palette: ICommandPalette | null,
    settingRegistry: ISettingRegistry | null
  ): void => {
    let settings: IAdqlSettings = DEFAULT_ADQL_SETTINGS;
    void settingRegistry?.load(ADQL_PLUGIN_ID).then(loaded => {
      const apply = () => {
        settings = loaded.composite as unknown as IAdqlSettings;
      };
      apply();
      loaded.changed.connect(apply);
    });
    extensions.addExtension({
      name: 'jupyterlab-rsp-api:adql-cells',
      factory: () =>
        EditorExtensionRegistry.createImmutableExtension(
          adqlCellExtension({
            schemas,
            delay: settings.checkDelayMs,
            largeTableRows: () => settings.largeTableRows,
            countFirst: () =>
              void app.commands.execute(CommandIDs.countAdqlRows)
          })
        )
    });
    completers.registerProvider(new AdqlCompletionProvider(schemas));
    // The kernel's and the context provider's are registered by another plugin, in any order.
    const keepOut = () => keepOtherProvidersOutOfAdqlCells(completers);
    void app.restored.then(keepOut);
    completers.activeProvidersChanged.connect(keepOut);
    loadMagicBeforeAdqlCells(tracker, app.serviceManager.kernelspecs);

    app.commands.addCommand(CommandIDs.formatAdql, {
      label: 'RSP API: Format the ADQL of This Cell',
      isEnabled: () => {
        const cell = tracker.activeCell;
        return (
          cell !== null &&
          readAdqlCell(cell.model.sharedModel.getSource()) !== null
        );
      },
      execute: () => {
        const model = tracker.activeCell?.model.sharedModel;
        if (!model) {
          return;
        }
        const source = model.getSource();
        const cell = readAdqlCell(source);
        if (!cell) {
          Notification.info('This is not a %%adql cell.', { autoClose: 3000 });
          return;
        }
        const formatted = formatAdql(cell.body);
        if (formatted !== cell.body) {
          model.setSource(withBody(source, cell, formatted));
        }
      }
    });
    app.commands.addCommand(CommandIDs.insertAdqlCell, {
      label: 'RSP API: Insert a %%adql Cell',
      execute: () =>
        insertCell(
          app,
          tracker,
          adqlMagicCell({
            service: schemas.serviceFor(null) ?? 'tap',
            query: 'SELECT TOP 10 *\nFROM '
          }),
          { needsMagic: true }
        )
    });
    const activeAdqlCell = () => {
      const source = tracker.activeCell?.model.sharedModel.getSource();
      return source === undefined ? null : readAdqlCell(source);
    };
    app.commands.addCommand(CommandIDs.countAdqlRows, {
      label: 'RSP API: Count the Rows of This Query First',
      caption:
        'Run the query of this %%adql cell as a COUNT(*) on its service, without fetching the rows',
      isEnabled: () => activeAdqlCell() !== null,
      isVisible: () => activeAdqlCell() !== null,
      execute: async () => {
        const cell = activeAdqlCell();
        if (!cell) {
          Notification.info('This is not a %%adql cell.', { autoClose: 3000 });
          return;
        }
        const serviceId = schemas.serviceFor(cell.service);
        if (!serviceId) {
          Notification.error(
            cell.service
              ? `The lab does not know the service ${cell.service}, so it cannot count there.`
              : 'The lab knows no TAP service to count on.',
            { autoClose: 8000 }
          );
          return;
        }
        await countFirst(fetchFromService, serviceId, cell);
      }
    });
    app.contextMenu.addItem({
      command: CommandIDs.countAdqlRows,
      selector: '.jp-Notebook .jp-CodeCell',
      rank: 30
    });
    for (const command of [
      CommandIDs.insertAdqlCell,
      CommandIDs.formatAdql,
      CommandIDs.countAdqlRows
    ]) {
      palette?.addItem({ command, category: 'RSP API' });
    }
  }
};
