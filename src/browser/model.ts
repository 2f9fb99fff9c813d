import { ISignal, Signal } from '@lumino/signaling';

import type { ServiceFetcher } from '../services/client';
import { ServiceCallError, isCancelled } from '../services/errors';
import type { IMetadataOrigin, ITapMetadata, MetadataSource } from '../tokens';
import { loadServiceExamples } from '../services/examples';
import { tapSyncQuery } from '../services/tap';
import {
  ICapabilities,
  IExamplesResult,
  ITableMeta,
  ITableSet,
  ITableSetProgress,
  IVOTableResult,
  ITapCapabilities,
  VOParseError,
  VOServiceError,
  parseCapabilities,
  readVOTableResult
} from '../vo';
import {
  FilterIndex,
  IFilter,
  ITreeRow,
  ITreeView,
  columnKey,
  visibleRows
} from './tree';
import { selectTop } from '../codegen';

/** What the browser remembers across reloads (IStateDB). */
export interface IBrowserState {
  serviceId: string | null;
  expanded: string[];
  selected: string | null;
  filter: string;
  descriptions: boolean;
}

/** The service's DALI examples: being read, read (null: it has none), or unreadable. */
export type ExamplesState =
  | { state: 'loading' }
  | { state: 'done'; result: IExamplesResult | null }
  | { state: 'error'; message: string };

export type PreviewState =
  | { state: 'loading'; title: string }
  | { state: 'done'; title: string; result: IVOTableResult }
  | { state: 'error'; title: string; message: string };

/** A preview reads its whole document as text: keep that small. */
const PREVIEW_BYTE_LIMIT = 50_000_000;

function message(error: unknown): string {
  if (
    error instanceof ServiceCallError ||
    error instanceof VOParseError ||
    error instanceof VOServiceError
  ) {
    return error.message;
  }
  if (error instanceof DOMException && error.name === 'AbortError') {
    return 'Cancelled.';
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The TAP browser's state: which service, its tables, what is expanded, filtered, selected and
 * previewed. Views render it and call its methods; only it talks to the services layer.
 */
export class BrowserModel {
  /** `loader` is shared with the ADQL editor, so a service's tables are read once. */
  constructor(fetcher: ServiceFetcher, loader: ITapMetadata) {
    this._fetcher = fetcher;
    this._loader = loader;
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
  get progress(): ITableSetProgress | null {
    return this._progress;
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
    if (
      this._capabilitiesFailure !== null &&
      this._saidByTables(this._capabilitiesFailure)
    ) {
      return null;
    }
    return this._capabilities;
  }

  /**
   * The service's own examples (DALI /examples); null before a service is chosen, and when
   * their failure is the one the tables or capabilities already say.
   */
  get examples(): ExamplesState | null {
    const examples = this._examples;
    if (
      examples?.state === 'error' &&
      (this._saidByTables(examples.message) ||
        examples.message === this._capabilitiesFailure)
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

  /** The `metadataSource` setting; applies from the next load. */
  setMetadataSource(source: MetadataSource): void {
    this._metadataSource = source;
  }

  get preview(): PreviewState | null {
    return this._preview;
  }
  get pickedColumns(): ReadonlySet<string> {
    return this._picked;
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
      this._emit();
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
    this._picked = new Set();
    this._preview = null;
    this._capabilities = null;
    this._capabilitiesFailure = null;
    this._examples = null;
    void this._loadCapabilities(serviceId);
    await this._load(false);
  }

  reload(): Promise<void> {
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
    const row = this.selected;
    if (row?.kind === 'table' && row.table && row.table.columns === null) {
      void this._fetchColumns(row.table);
    }
    this._emit();
  }

  setFilter(text: string, descriptions = this._filter.descriptions): void {
    this._filter = { text, descriptions };
    this._invalidate();
  }

  /** Pick or unpick a column for a SELECT of just those columns. */
  toggleColumn(table: ITableMeta, column: string): void {
    const key = `${table.name}\u0000${column}`;
    if (this._picked.has(key)) {
      this._picked.delete(key);
    } else {
      this._picked.add(key);
    }
    this._emit();
  }

  pickedOf(table: ITableMeta): string[] {
    return (table.columns ?? [])
      .filter(c => this._picked.has(`${table.name}\u0000${c.name}`))
      .map(c => c.name);
  }

  isPicked(table: ITableMeta, column: string): boolean {
    return this._picked.has(`${table.name}\u0000${column}`);
  }

  columnRowKey(table: ITableMeta, column: string): string {
    const meta = table.columns?.find(c => c.name === column);
    return meta ? columnKey(table, meta) : '';
  }

  /** The first rows of a table, through the proxy, in the sidebar. */
  runPreview(table: ITableMeta, top = 20): Promise<void> {
    const serviceId = this._serviceId;
    if (!serviceId) {
      return Promise.resolve();
    }
    const query = selectTop({
      table: table.name,
      columns: this.pickedOf(table),
      top
    });
    return this.showResult(
      table.name,
      signal =>
        tapSyncQuery(this._fetcher, serviceId, query, { maxrec: top, signal }),
      top
    );
  }

  /**
   * Show the first rows of any VOTable result in the preview grid (a table's TOP 20, a finished
   * job's result). A newer preview cancels an older one.
   */
  async showResult(
    title: string,
    load: (signal: AbortSignal) => Promise<Response>,
    maxRows = 100
  ): Promise<void> {
    this._previewController?.abort();
    const controller = new AbortController();
    this._previewController = controller;
    this._preview = { state: 'loading', title };
    this._emit();
    try {
      const response = await load(controller.signal);
      const size = Number(response.headers.get('Content-Length'));
      if (size > PREVIEW_BYTE_LIMIT) {
        controller.abort();
        throw new Error(
          `The result is ${(size / 1e6).toFixed(0)} MB, too large to preview here: fetch it in a notebook.`
        );
      }
      const result = readVOTableResult(await response.text(), { maxRows });
      if (this._previewController === controller) {
        this._preview = { state: 'done', title, result };
      }
    } catch (error) {
      if (this._previewController === controller) {
        this._preview = isCancelled(error)
          ? null
          : { state: 'error', title, message: message(error) };
      }
    }
    this._emit();
  }

  closePreview(): void {
    // Closed while loading: the load's end must not bring it back as an error.
    const controller = this._previewController;
    this._previewController = null;
    controller?.abort();
    this._preview = null;
    this._emit();
  }

  dispose(): void {
    this.cancel();
    Signal.clearData(this);
  }

  private async _load(reload: boolean): Promise<void> {
    this._controller?.abort();
    this._tableset = null;
    this._index = null;
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
        this._error = message(error);
      }
    } finally {
      if (this._controller === controller) {
        this._controller = null;
      }
    }
    this._invalidate();
  }

  private async _loadCapabilities(serviceId: string | null): Promise<void> {
    if (!serviceId) {
      return;
    }
    let result: ITapCapabilities | string;
    let parsed: ICapabilities | null = null;
    let failure: string | null = null;
    try {
      const response = await this._fetcher(serviceId, 'capabilities', {
        method: 'GET'
      });
      parsed = parseCapabilities(await response.text());
      result = parsed.tap ?? 'The service lists no TAP capability (TAPRegExt).';
    } catch (error) {
      failure = message(error);
      result = `Capabilities could not be read: ${failure}`;
    }
    if (this._serviceId === serviceId) {
      this._capabilities = result;
      this._capabilitiesFailure = failure;
      this._emit();
      await this._loadExamples(serviceId, parsed);
    }
  }

  /** The examples page its capabilities name (else TAP 1.1's), with its continuations. */
  private async _loadExamples(
    serviceId: string,
    capabilities: ICapabilities | null
  ): Promise<void> {
    this._examples = { state: 'loading' };
    this._emit();
    let state: ExamplesState;
    try {
      state = {
        state: 'done',
        result: await loadServiceExamples(
          this._fetcher,
          serviceId,
          capabilities
        )
      };
    } catch (error) {
      state = { state: 'error', message: message(error) };
    }
    if (this._serviceId === serviceId) {
      this._examples = state;
      this._emit();
    }
  }

  private async _fetchColumns(table: ITableMeta): Promise<void> {
    if (!this._serviceId) {
      return;
    }
    try {
      await this._loader.columns(this._serviceId, table);
    } catch (error) {
      this._error = `Columns of ${table.name}: ${message(error)}`;
    }
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

  private _fetcher: ServiceFetcher;
  private _loader: ITapMetadata;
  private _changed = new Signal<BrowserModel, void>(this);
  private _stateChanged = new Signal<BrowserModel, IBrowserState>(this);
  private _serviceId: string | null = null;
  private _tableset: ITableSet | null = null;
  private _index: FilterIndex | null = null;
  private _progress: ITableSetProgress | null = null;
  private _controller: AbortController | null = null;
  private _error: string | null = null;
  private _expanded = new Set<string>();
  private _filter: IFilter = { text: '', descriptions: true };
  private _selectedKey: string | null = null;
  private _rows: ITreeView | null = null;
  private _preview: PreviewState | null = null;
  private _previewController: AbortController | null = null;
  private _picked = new Set<string>();
  private _capabilities: ITapCapabilities | string | null = null;
  private _capabilitiesFailure: string | null = null;
  private _cancelled = false;
  private _examples: ExamplesState | null = null;
  private _metadataSource: MetadataSource = 'auto';
}
