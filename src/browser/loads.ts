/**
 * One read of a service's tables (and of a table's columns) for the sidebar and every table panel
 * of that service: after a reload the tree and each restored panel ask at once, and a large
 * /tables is streamed once.
 */
import type {
  IMetadataOrigin,
  ISchemaLoadOptions,
  ITapMetadata
} from '../tokens';
import type { ITableMeta, ITableSet, ITableSetProgress } from '../vo';

interface IShared {
  promise: Promise<ITableSet>;
  controller: AbortController;
  listeners: Set<(progress: ITableSetProgress) => void>;
  /** Callers still waiting: the read is cancelled when the last one gives up. */
  waiting: number;
  readonly last: ITableSetProgress | null;
}

function abortError(): DOMException {
  return new DOMException('The read was cancelled.', 'AbortError');
}

export class SharedTableLoads implements ITapMetadata {
  constructor(private readonly loader: ITapMetadata) {}

  tables(
    serviceId: string,
    options: ISchemaLoadOptions = {},
    reload = false
  ): Promise<ITableSet> {
    let shared = reload ? undefined : this._shared.get(serviceId);
    if (!shared) {
      shared = this._start(serviceId, options, reload);
    }
    return this._join(serviceId, shared, options);
  }

  origin(serviceId: string): IMetadataOrigin | undefined {
    return this.loader.origin(serviceId);
  }

  /**
   * The tree and a table's panel may both want a table's columns: one request, which neither
   * can cancel for the other (they are one table's worth).
   */
  columns(serviceId: string, table: ITableMeta): Promise<void> {
    if (table.columns !== null) {
      return Promise.resolve();
    }
    let pending = this._columns.get(table);
    if (!pending) {
      pending = this.loader
        .columns(serviceId, table)
        .finally(() => this._columns.delete(table));
      this._columns.set(table, pending);
    }
    return pending;
  }

  forget(serviceId: string): void {
    this._shared.get(serviceId)?.controller.abort();
    this._shared.delete(serviceId);
    this.loader.forget(serviceId);
  }

  /** A reload starts a read of its own; callers of an older read keep waiting for theirs. */
  private _start(
    serviceId: string,
    options: ISchemaLoadOptions,
    reload: boolean
  ): IShared {
    const controller = new AbortController();
    const listeners = new Set<(progress: ITableSetProgress) => void>();
    let last: ITableSetProgress | null = null;
    const promise = this.loader
      .tables(
        serviceId,
        {
          source: options.source,
          signal: controller.signal,
          onProgress: progress => {
            last = progress;
            listeners.forEach(listener => listener(progress));
          }
        },
        reload
      )
      .finally(() => {
        if (this._shared.get(serviceId) === shared) {
          this._shared.delete(serviceId);
        }
      });
    const shared: IShared = {
      promise,
      controller,
      listeners,
      waiting: 0,
      get last() {
        return last;
      }
    };
    this._shared.set(serviceId, shared);
    return shared;
  }

  private _join(
    serviceId: string,
    shared: IShared,
    options: ISchemaLoadOptions
  ): Promise<ITableSet> {
    const { signal, onProgress } = options;
    if (signal?.aborted) {
      return Promise.reject(abortError());
    }
    shared.waiting++;
    if (onProgress) {
      shared.listeners.add(onProgress);
      if (shared.last) {
        onProgress(shared.last);
      }
    }
    return new Promise<ITableSet>((resolve, reject) => {
      let settled = false;
      const leave = (): void => {
        settled = true;
        shared.waiting--;
        if (onProgress) {
          shared.listeners.delete(onProgress);
        }
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        if (settled) {
          return;
        }
        leave();
        if (shared.waiting === 0) {
          shared.controller.abort();
          if (this._shared.get(serviceId) === shared) {
            this._shared.delete(serviceId);
          }
        }
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort);
      shared.promise.then(
        tableset => {
          if (!settled) {
            leave();
            resolve(tableset);
          }
        },
        error => {
          if (!settled) {
            leave();
            reject(error);
          }
        }
      );
    });
  }

  private _shared = new Map<string, IShared>();
  private _columns = new WeakMap<ITableMeta, Promise<void>>();
}
