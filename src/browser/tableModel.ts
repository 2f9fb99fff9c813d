/**
 * The state of one table's panel: the table (found in its service's tables, its columns read when
 * listed without them), the columns the user picked, the column list's filter and order, and the
 * table's own preview, so no other table's rows can linger in it.
 */
import { ISignal, Signal } from '@lumino/signaling';

import { selectTop } from '../codegen';
import type { ServiceFetcher } from '../services/client';
import { tapSyncQuery } from '../services/tap';
import type { ITapMetadata, MetadataSource } from '../tokens';
import {
  IColumnMeta,
  ITableMeta,
  ITableSet,
  ITableSetProgress,
  ITapCapabilities,
  bareTableName
} from '../vo';
import { ResultModel, errorMessage } from './result';
import { ExamplesState, ServiceInfo } from './serviceInfo';
import { columnLabel, findTable, tableLabel } from './tree';

export type TableTab = 'columns' | 'preview' | 'examples';

export type ColumnSort = 'name' | 'datatype' | 'unit' | 'ucd';

/** What a table panel brings back after a reload (the layout restorer's arguments). */
export interface ITablePanelState {
  serviceId: string;
  /** The table's name as the service publishes it. */
  table: string;
  tab: TableTab;
  picked: string[];
  top: number;
  /** The preview had been run: run it again. */
  previewed: boolean;
}

export const DEFAULT_PREVIEW_TOP = 20;
/** A preview is for looking: more rows belong in a notebook. */
export const MAX_PREVIEW_TOP = 1000;

/**
 * The columns to list, in table order or sorted, those matching the filter (name, UCD, unit or
 * description, without case).
 */
export function listColumns(
  columns: ReadonlyArray<IColumnMeta>,
  filter: string,
  sort: ColumnSort | null
): IColumnMeta[] {
  const needle = filter.trim().toLowerCase();
  const listed = needle
    ? columns.filter(column =>
        [columnLabel(column), column.ucd, column.unit, column.description].some(
          text => text?.toLowerCase().includes(needle)
        )
      )
    : [...columns];
  if (sort === 'name') {
    listed.sort((a, b) => columnLabel(a).localeCompare(columnLabel(b)));
  } else if (sort) {
    listed.sort((a, b) => (a[sort] ?? '').localeCompare(b[sort] ?? ''));
  }
  return listed;
}

export interface ITableModelOptions {
  serviceId: string;
  table: string;
  fetcher: ServiceFetcher;
  loader: ITapMetadata;
  info: ServiceInfo;
}

export class TableModel {
  constructor(options: ITableModelOptions) {
    this.serviceId = options.serviceId;
    this._name = options.table;
    this._label = bareTableName(options.table);
    this._fetcher = options.fetcher;
    this._loader = options.loader;
    this._info = options.info;
    this.preview.changed.connect(this._emit, this);
    this._info.changed.connect(this._onInfo, this);
  }

  readonly serviceId: string;
  /** The table's rows, as its preview last read them. */
  readonly preview = new ResultModel();

  get changed(): ISignal<TableModel, void> {
    return this._changed;
  }
  /** Emitted when what a reload brings back changed. */
  get stateChanged(): ISignal<TableModel, ITablePanelState> {
    return this._stateChanged;
  }

  /** The table's published name (the service's spelling once it is found). */
  get name(): string {
    return this._table?.name ?? this._name;
  }
  /** The name people read: without its schema, quotes taken off. */
  get label(): string {
    return this._label;
  }
  get table(): ITableMeta | null {
    return this._table;
  }
  get tableset(): ITableSet | null {
    return this._tableset;
  }
  /** Reading the service's tables (shared with the browser) or this table's columns. */
  get loading(): boolean {
    return this._loading;
  }
  get progress(): ITableSetProgress | null {
    return this._progress;
  }
  get error(): string | null {
    return this._error;
  }
  get capabilities(): ITapCapabilities | string | null {
    return this._info.capabilities(this.serviceId);
  }
  get examples(): ExamplesState | null {
    return this._info.examples(this.serviceId);
  }

  get tab(): TableTab {
    return this._tab;
  }
  setTab(tab: TableTab): void {
    if (tab !== this._tab) {
      this._tab = tab;
      this._emitState();
    }
  }

  /** The column the user came for (from the tree): listed, shown and marked. */
  get focusColumn(): string | null {
    return this._focusColumn;
  }
  reveal(column: string | null): void {
    this._focusColumn = column;
    if (column) {
      this._columnFilter = '';
      this._tab = 'columns';
    }
    this._emitState();
  }

  get columnFilter(): string {
    return this._columnFilter;
  }
  setColumnFilter(text: string): void {
    this._columnFilter = text;
    this._emit();
  }

  get sort(): ColumnSort | null {
    return this._sort;
  }
  setSort(sort: ColumnSort | null): void {
    this._sort = sort;
    this._emit();
  }

  /** The columns to list: filtered and sorted. */
  get listed(): IColumnMeta[] {
    const columns = this._table?.columns ?? [];
    if (
      !this._listed ||
      this._listed.source !== columns ||
      this._listed.filter !== this._columnFilter ||
      this._listed.sort !== this._sort
    ) {
      this._listed = {
        source: columns,
        filter: this._columnFilter,
        sort: this._sort,
        columns: listColumns(columns, this._columnFilter, this._sort)
      };
    }
    return this._listed.columns;
  }

  /** Picked columns, in table order: a query selects just those. */
  get picked(): string[] {
    return (this._table?.columns ?? [])
      .filter(c => this._picked.has(c.name))
      .map(c => c.name);
  }
  isPicked(column: string): boolean {
    return this._picked.has(column);
  }
  togglePick(column: string): void {
    if (!this._picked.delete(column)) {
      this._picked.add(column);
    }
    this._emitState();
  }
  clearPicks(): void {
    this._picked.clear();
    this._emitState();
  }

  /** Rows the preview asks for (TOP and MAXREC). */
  get top(): number {
    return this._top;
  }
  setTop(top: number): void {
    this._top = Math.max(
      1,
      Math.min(MAX_PREVIEW_TOP, Math.floor(top) || DEFAULT_PREVIEW_TOP)
    );
    this._emitState();
  }

  get state(): ITablePanelState {
    return {
      serviceId: this.serviceId,
      table: this.name,
      tab: this._tab,
      picked: [...this._picked],
      top: this._top,
      previewed: this._previewed
    };
  }

  /** Bring back a panel as it was before a reload (before `load`). */
  restore(state: Partial<ITablePanelState>): void {
    this._tab = state.tab ?? this._tab;
    this._picked = new Set(state.picked ?? []);
    if (state.top) {
      this.setTop(state.top);
    }
    this._previewed = state.previewed ?? false;
  }

  /**
   * Find the table in its service's tables (read once for the browser and every panel), then read
   * its columns if they were listed without; a restored preview runs again.
   */
  async load(source: MetadataSource): Promise<void> {
    this._controller?.abort();
    const controller = new AbortController();
    this._controller = controller;
    this._loading = true;
    this._error = null;
    this._emit();
    void this._info.load(this.serviceId);
    try {
      const tableset = await this._loader.tables(this.serviceId, {
        signal: controller.signal,
        source,
        onProgress: progress => {
          this._progress = progress;
          this._emit();
        }
      });
      const found = findTable(tableset, this._name);
      if (!found) {
        throw new Error(
          `The service lists no table ${this._name} (any more): reload its tables in the TAP browser.`
        );
      }
      this._tableset = tableset;
      this._table = found.table;
      this._label = tableLabel(found.schema, found.table);
      this._emit();
      await this._loader.columns(this.serviceId, found.table);
      if (this._previewed) {
        void this.runPreview();
      }
    } catch (error) {
      if (this._controller === controller) {
        this._error = errorMessage(error);
      }
    } finally {
      if (this._controller === controller) {
        this._controller = null;
        this._loading = false;
        this._progress = null;
        this._emitState();
      }
    }
  }

  /** The first `top` rows (of the picked columns, if any), through the proxy. */
  runPreview(): Promise<void> {
    const table = this._table;
    if (!table) {
      return Promise.resolve();
    }
    const top = this._top;
    const query = selectTop({ table: table.name, columns: this.picked, top });
    this._previewed = true;
    this._tab = 'preview';
    this._emitState();
    return this.preview.load(
      signal =>
        tapSyncQuery(this._fetcher, this.serviceId, query, {
          maxrec: top,
          signal
        }),
      top
    );
  }

  dispose(): void {
    this._controller?.abort();
    this.preview.dispose();
    this._info.changed.disconnect(this._onInfo, this);
    Signal.clearData(this);
  }

  private _onInfo(_: ServiceInfo, serviceId: string): void {
    if (serviceId === this.serviceId) {
      this._emit();
    }
  }

  private _emit(): void {
    this._changed.emit();
  }

  private _emitState(): void {
    this._changed.emit();
    this._stateChanged.emit(this.state);
  }

  private _name: string;
  private _label = '';
  private _fetcher: ServiceFetcher;
  private _loader: ITapMetadata;
  private _info: ServiceInfo;
  private _changed = new Signal<TableModel, void>(this);
  private _stateChanged = new Signal<TableModel, ITablePanelState>(this);
  private _table: ITableMeta | null = null;
  private _tableset: ITableSet | null = null;
  private _loading = false;
  private _progress: ITableSetProgress | null = null;
  private _error: string | null = null;
  private _controller: AbortController | null = null;
  private _tab: TableTab = 'columns';
  private _focusColumn: string | null = null;
  private _columnFilter = '';
  private _sort: ColumnSort | null = null;
  private _listed: {
    source: ReadonlyArray<IColumnMeta>;
    filter: string;
    sort: ColumnSort | null;
    columns: IColumnMeta[];
  } | null = null;
  private _picked = new Set<string>();
  private _top = DEFAULT_PREVIEW_TOP;
  private _previewed = false;
}
