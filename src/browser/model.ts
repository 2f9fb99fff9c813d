import { ISignal, Signal } from '@lumino/signaling';

import { isCancelled } from '../services/errors';
import type { IMetadataOrigin, ITapMetadata, MetadataSource } from '../tokens';
import {
  ITableMeta,
  ITableSet,
  ITableSetProgress,
  ITapCapabilities
} from '../vo';
import { errorMessage } from './result';
import { ExamplesState, ServiceInfo } from './serviceInfo';
import {
  FilterIndex,
  IFilter,
  ITableSetCounts,
  ITreeRow,
  ITreeView,
  tablesetCounts,
  visibleRows
} from './tree';

/** What the browser remembers across reloads (IStateDB). */
export interface IBrowserState {
  serviceId: string | null;
  expanded: string[];
  selected: string | null;
  filter: string;
  descriptions: boolean;
}

/**
 * The TAP browser's state: which service, its tables, what is expanded, filtered and selected.
 * A table's details, columns and rows are its own panel's (TableModel). Views render this model
 * and call its methods; it reads the service only through the loader and ServiceInfo.
 */
export class BrowserModel {
  /**
   * `loader` is shared with the table panels (and through the schema cache with the ADQL editor),
   * so a service's tables are read once; `info` holds its capabilities and examples.
   */
  constructor(loader: ITapMetadata, info: ServiceInfo) {
    this._loader = loader;
    this._info = info;
    info.changed.connect(this._onInfo, this);
  }

  get changed(): ISignal<BrowserModel, void> {
    return this._changed;
  }
  /** Emitted when something worth remembering across a reload changed. */
  get stateChanged(): ISignal<BrowserModel, IBrowserState> {
    return this._stateChanged;
  }
  get serviceId(): string | null {
    return this._serviceId;
  }
  get tableset(): ITableSet | null {
    return this._tableset;
  }
  /** How far the read of the tables has come (while loading). */
  get progress(): ITableSetProgress | null {
    return this._progress;
  }
  /** How much the read tables hold; null before they arrive. */
  get counts(): ITableSetCounts | null {
    if (!this._tableset) {
      return null;
    }
    if (!this._counts) {
      this._counts = tablesetCounts(this._tableset);
    }
    return this._counts;
  }
  get loading(): boolean {
    return this._controller !== null;
  }
  get error(): string | null {
    return this._error;
  }
  get filter(): IFilter {
    return this._filter;
  }
  get selected(): ITreeRow | null {
    return this._selectedKey
      ? (this.rows.find(r => r.key === this._selectedKey) ?? null)
      : null;
  }
  get selectedKey(): string | null {
    return this._selectedKey;
  }
  /** The user cancelled reading the tables: said as a note, not as an error. */
  get cancelled(): boolean {
    return this._cancelled;
  }

  /**
   * TAPRegExt of the service: languages, formats, limits; a string when it could not be read,
   * null when the tables' error already says why (an unreachable service is said once).
   */
  get capabilities(): ITapCapabilities | string | null {
    const serviceId = this._serviceId;
    if (!serviceId) {
      return null;
    }
    const failure = this._info.capabilitiesFailure(serviceId);
    if (failure !== null && this._saidByTables(failure)) {
      return null;
    }
    return this._info.capabilities(serviceId);
  }

  /**
   * The service's own examples (DALI /examples); null before a service is chosen, and when
   * their failure is the one the tables or capabilities already say.
   */
  get examples(): ExamplesState | null {
    const serviceId = this._serviceId;
    if (!serviceId) {
      return null;
    }
    const examples = this._info.examples(serviceId);
    if (
      examples?.state === 'error' &&
      (this._saidByTables(examples.message) ||
        examples.message === this._info.capabilitiesFailure(serviceId))
    ) {
      return null;
    }
    return examples;
  }

  private _saidByTables(failure: string): boolean {
    return this._error !== null && this._error.includes(failure);
  }

  /** Whether the tables came from VOSI /tables or TAP_SCHEMA, and why. */
  get origin(): IMetadataOrigin | null {
    return (
      (this._tableset && this._serviceId
        ? this._loader.origin(this._serviceId)
        : undefined) ?? null
    );
  }

  /** The `metadataSource` setting; applies from the next load (the table panels' too). */
  get metadataSource(): MetadataSource {
    return this._metadataSource;
  }
  setMetadataSource(source: MetadataSource): void {
    this._metadataSource = source;
  }

  /** The rows to draw, recomputed only when the tree, expansion or filter changed. */
  get rows(): ITreeRow[] {
    return this._view().rows;
  }

  /** The filter matched more rows than are listed. */
  get truncated(): boolean {
    return this._view().truncated;
  }

  private _view(): ITreeView {
    if (this._rows === null) {
      this._rows = this._index
        ? visibleRows(this._index, this._expanded, this._filter)
        : { rows: [], truncated: false };
    }
    return this._rows;
  }

  get state(): IBrowserState {
    return {
      serviceId: this._serviceId,
      expanded: [...this._expanded],
      selected: this._selectedKey,
      filter: this._filter.text,
      descriptions: this._filter.descriptions
    };
  }

  /** Bring back what the user had before a reload. */
  restore(state: IBrowserState, availableIds: string[]): void {
    this._expanded = new Set(state.expanded);
    this._selectedKey = state.selected;
    this._filter = {
      text: state.filter ?? '',
      descriptions: state.descriptions ?? true
    };
    if (state.serviceId && availableIds.includes(state.serviceId)) {
      void this.setService(state.serviceId, true);
    } else {
      this._invalidate();
    }
  }

  async setService(serviceId: string | null, keepState = false): Promise<void> {
    if (serviceId === this._serviceId && this._tableset) {
      return;
    }
    this._serviceId = serviceId;
    if (!keepState) {
      this._expanded = new Set();
      this._selectedKey = null;
    }
    if (serviceId) {
      void this._info.load(serviceId);
    }
    await this._load(false);
  }

  /** Read the service's tables, capabilities and examples again. */
  reload(): Promise<void> {
    if (this._serviceId) {
      void this._info.reload(this._serviceId);
    }
    return this._load(true);
  }

  cancel(): void {
    this._controller?.abort();
  }

  toggle(key: string): void {
    const row = this.rows.find(r => r.key === key);
    if (!row || !row.expandable) {
      return;
    }
    if (this._expanded.has(key) || (row.expanded && this._filter.text)) {
      this._expanded.delete(key);
    } else {
      this._expanded.add(key);
      if (row.kind === 'table' && row.table && row.table.columns === null) {
        void this._fetchColumns(row.table);
      }
    }
    this._invalidate();
  }

  select(key: string | null): void {
    this._selectedKey = key;
    this._emit();
  }

  setFilter(text: string, descriptions = this._filter.descriptions): void {
    this._filter = { text, descriptions };
    this._invalidate();
  }

  dispose(): void {
    this.cancel();
    this._info.changed.disconnect(this._onInfo, this);
    Signal.clearData(this);
  }

  private _onInfo(_: ServiceInfo, serviceId: string): void {
    if (serviceId === this._serviceId) {
      this._changed.emit();
    }
  }

  private async _load(reload: boolean): Promise<void> {
    this._controller?.abort();
    this._tableset = null;
    this._index = null;
    this._counts = null;
    this._error = null;
    this._cancelled = false;
    this._progress = null;
    this._invalidate();
    if (!this._serviceId) {
      return;
    }
    const controller = new AbortController();
    this._controller = controller;
    this._emit();
    try {
      const tableset = await this._loader.tables(
        this._serviceId,
        {
          signal: controller.signal,
          source: this._metadataSource,
          onProgress: progress => {
            this._progress = progress;
            this._emit();
          }
        },
        reload
      );
      if (this._controller !== controller) {
        return;
      }
      this._tableset = tableset;
      this._index = new FilterIndex(tableset);
    } catch (error) {
      if (this._controller !== controller) {
        return;
      }
      if (isCancelled(error)) {
        this._cancelled = true;
      } else {
        this._error = errorMessage(error);
      }
    } finally {
      if (this._controller === controller) {
        this._controller = null;
      }
    }
    this._invalidate();
  }

  private async _fetchColumns(table: ITableMeta): Promise<void> {
    const serviceId = this._serviceId;
    if (!serviceId) {
      return;
    }
    try {
      await this._loader.columns(serviceId, table);
    } catch (error) {
      if (this._serviceId === serviceId) {
        this._error = `Columns of ${table.name}: ${errorMessage(error)}`;
      }
    }
    this._counts = null;
    this._invalidate();
  }

  private _invalidate(): void {
    this._rows = null;
    this._emit();
  }

  private _emit(): void {
    this._changed.emit();
    this._stateChanged.emit(this.state);
  }

  private _loader: ITapMetadata;
  private _info: ServiceInfo;
  private _changed = new Signal<BrowserModel, void>(this);
  private _stateChanged = new Signal<BrowserModel, IBrowserState>(this);
  private _serviceId: string | null = null;
  private _tableset: ITableSet | null = null;
  private _index: FilterIndex | null = null;
  private _counts: ITableSetCounts | null = null;
  private _progress: ITableSetProgress | null = null;
  private _controller: AbortController | null = null;
  private _error: string | null = null;
  private _cancelled = false;
  private _expanded = new Set<string>();
  private _filter: IFilter = { text: '', descriptions: true };
  private _selectedKey: string | null = null;
  private _rows: ITreeView | null = null;
  private _metadataSource: MetadataSource = 'auto';
}
