/**
 * The browser's main-area panels, as JupyterLab's own documents are: each in a MainAreaWidget,
 * found again by its tracker (one panel per table, one per set of rows) and restored after a
 * reload by the layout restorer, which runs the command that opened it with what it remembers.
 */
import { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { listIcon, tableRowsIcon } from '@jupyterlab/ui-components';
import { DockLayout } from '@lumino/widgets';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import type { ServiceFetcher } from '../services/client';
import { CommandIDs, IServicesModel, ITapMetadata } from '../tokens';
import type { MetadataSource } from '../tokens';
import { IRowsSource, RowsPanel } from './ResultView';
import { TablePanel } from './TablePanel';
import { ResultModel } from './result';
import { ServiceInfo } from './serviceInfo';
import { ITablePanelState, TableModel, TableTab } from './tableModel';
import { IBrowserActions } from './types';

/** Rows a panel of rows reads: a job's result is looked at here and used in a notebook. */
export const ROWS_PANEL_LIMIT = 500;

const TABS: TableTab[] = ['columns', 'preview', 'examples'];

export interface IPanelOptions {
  app: JupyterFrontEnd;
  restorer: ILayoutRestorer | null;
  services: IServicesModel;
  fetcher: ServiceFetcher;
  loader: ITapMetadata;
  info: ServiceInfo;
  actions: IBrowserActions;
  metadataSource: () => MetadataSource;
  /** The table of the browser's selection, for the command run without arguments. */
  selection: () => { serviceId: string; table: string; column?: string } | null;
  /** Resolves once the user's own services are known to the server. */
  ready: Promise<void>;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The remembered state of a table panel, as far as the arguments hold it. */
function tableState(
  args: ReadonlyPartialJSONObject
): Partial<ITablePanelState> {
  const tab = text(args.tab) as TableTab | undefined;
  return {
    tab: tab && TABS.includes(tab) ? tab : undefined,
    picked: Array.isArray(args.picked)
      ? args.picked.filter((c): c is string => typeof c === 'string')
      : undefined,
    top: typeof args.top === 'number' ? args.top : undefined,
    previewed: args.previewed === true
  };
}

function insertMode(value: unknown): DockLayout.InsertMode {
  const modes: DockLayout.InsertMode[] = [
    'split-top',
    'split-left',
    'split-right',
    'split-bottom',
    'tab-before',
    'tab-after'
  ];
  return modes.find(mode => mode === value) ?? 'tab-after';
}

/** Register the panels' commands and trackers; the trackers restore what was open. */
export function registerPanels(options: IPanelOptions): void {
  const { app, restorer, services, fetcher, loader, info, actions } = options;

  const tables = new WidgetTracker<MainAreaWidget<TablePanel>>({
    namespace: 'rsp-api-table'
  });
  const rows = new WidgetTracker<MainAreaWidget<RowsPanel>>({
    namespace: 'rsp-api-rows'
  });

  const serviceTitle = (serviceId: string): string =>
    services.find(serviceId)?.description.title ?? serviceId;

  const openTable = (
    args: ReadonlyPartialJSONObject
  ): MainAreaWidget<TablePanel> | null => {
    const selected = options.selection();
    const serviceId = text(args.serviceId) ?? selected?.serviceId;
    const name = text(args.table) ?? (serviceId ? selected?.table : undefined);
    if (!serviceId || !name) {
      return null;
    }
    const column =
      text(args.column) ?? (text(args.table) ? undefined : selected?.column);
    const existing = tables.find(
      widget =>
        widget.content.model.serviceId === serviceId &&
        widget.content.model.name.toLowerCase() === name.toLowerCase()
    );
    if (existing) {
      existing.content.model.reveal(column ?? null);
      app.shell.activateById(existing.id);
      return existing;
    }
    const model = new TableModel({
      serviceId,
      table: name,
      fetcher,
      loader,
      info
    });
    model.restore(tableState(args));
    model.reveal(column ?? null);
    const content = new TablePanel(
      model,
      services,
      actions.forService(serviceId),
      actions
    );
    const widget = new MainAreaWidget({ content });
    widget.id = `jp-RspApi-table-${encodeURIComponent(serviceId)}-${encodeURIComponent(name)}`;
    widget.title.icon = tableRowsIcon;
    widget.title.closable = true;
    const retitle = (): void => {
      widget.title.label = model.label;
      widget.title.caption = `${model.name} on ${serviceTitle(serviceId)}`;
    };
    retitle();
    model.changed.connect(retitle);
    services.changed.connect(retitle);
    widget.disposed.connect(() => services.changed.disconnect(retitle));
    model.stateChanged.connect(() => void tables.save(widget));
    void tables.add(widget);
    app.shell.add(widget, 'main', { mode: insertMode(args.mode) });
    if (args.activate !== false) {
      app.shell.activateById(widget.id);
    }
    void options.ready.then(() => model.load(options.metadataSource()));
    return widget;
  };

  app.commands.addCommand(CommandIDs.openTable, {
    label: args =>
      text(args.table)
        ? `Open the Panel of ${text(args.table)}`
        : 'RSP API: Open the Panel of the Selected Table',
    caption:
      'The table’s description, columns, preview and examples in the main area',
    icon: tableRowsIcon,
    isEnabled: args =>
      (text(args.serviceId) !== undefined && text(args.table) !== undefined) ||
      options.selection() !== null,
    execute: args => openTable(args)
  });

  const showRows = (
    args: ReadonlyPartialJSONObject
  ): MainAreaWidget<RowsPanel> | null => {
    const serviceId = text(args.serviceId);
    const path = text(args.path);
    if (!serviceId || !path) {
      return null;
    }
    const source: IRowsSource = {
      serviceId,
      path,
      title: text(args.title) ?? path
    };
    const existing = rows.find(
      widget =>
        widget.content.source.serviceId === serviceId &&
        widget.content.source.path === path
    );
    if (existing) {
      app.shell.activateById(existing.id);
      return existing;
    }
    const model = new ResultModel();
    const content = new RowsPanel(source, model, actions);
    const widget = new MainAreaWidget({ content });
    widget.id = `jp-RspApi-rows-${encodeURIComponent(serviceId)}-${encodeURIComponent(path)}`;
    widget.title.icon = listIcon;
    widget.title.label = source.title;
    widget.title.caption = `${source.title} on ${serviceTitle(serviceId)}`;
    widget.title.closable = true;
    void rows.add(widget);
    app.shell.add(widget, 'main', { mode: insertMode(args.mode) });
    if (args.activate !== false) {
      app.shell.activateById(widget.id);
    }
    void options.ready.then(() =>
      model.load(
        signal => fetcher(serviceId, path, { method: 'GET', signal }),
        ROWS_PANEL_LIMIT
      )
    );
    return widget;
  };

  app.commands.addCommand(CommandIDs.showRows, {
    label: args => text(args.title) ?? 'RSP API: Show Rows',
    icon: listIcon,
    isEnabled: args =>
      text(args.serviceId) !== undefined && text(args.path) !== undefined,
    execute: args => showRows(args)
  });

  if (restorer) {
    void restorer.restore(tables, {
      command: CommandIDs.openTable,
      args: widget => ({
        ...widget.content.model.state,
        activate: false
      }),
      name: widget =>
        `${widget.content.model.serviceId}:${widget.content.model.name}`
    });
    void restorer.restore(rows, {
      command: CommandIDs.showRows,
      args: widget => ({ ...widget.content.source, activate: false }),
      name: widget =>
        `${widget.content.source.serviceId}:${widget.content.source.path}`
    });
  }
}
