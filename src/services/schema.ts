/**
 * A TAP service's tables, loaded the way that scales: VOSI /tables streamed through the vo core's
 * streaming reader (progress, cancellable), columns of a table fetched on demand from
 * /tables/<name> when the service listed tables without them. Results are cached per session.
 */
import {
  ITableMeta,
  ITableSet,
  ITableSetProgress,
  readTableSet,
  readTableSetStream
} from '../vo';
import { ServiceFetcher } from './availability';

export interface ILoadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ITableSetProgress) => void;
}

async function readBody(
  response: Response,
  options: ILoadOptions
): Promise<ITableSet> {
  if (response.body) {
    return readTableSetStream(response.body, options);
  }
  return readTableSet(await response.text(), options);
}

export class SchemaLoader {
  constructor(private readonly fetcher: ServiceFetcher) {}

  /** The tableset of a service; a second call for the same service is answered from the cache. */
  async tables(
    serviceId: string,
    options: ILoadOptions = {},
    reload = false
  ): Promise<ITableSet> {
    if (!reload) {
      const cached = this._cache.get(serviceId);
      if (cached) {
        return cached;
      }
    }
    const response = await this.fetcher(serviceId, 'tables', {
      method: 'GET',
      signal: options.signal
    });
    const tableset = await readBody(response, options);
    this._cache.set(serviceId, tableset);
    return tableset;
  }

  /** Fill in the columns of a table listed without them (VOSI detail=min or large services). */
  async columns(
    serviceId: string,
    table: ITableMeta,
    signal?: AbortSignal
  ): Promise<void> {
    if (table.columns !== null) {
      return;
    }
    const response = await this.fetcher(
      serviceId,
      `tables/${encodeURIComponent(table.name)}`,
      { method: 'GET', signal }
    );
    const single = await readBody(response, { signal });
    const found = single.schemas
      .flatMap(s => s.tables)
      .find(
        t =>
          t.name === table.name ||
          single.schemas.flatMap(s => s.tables).length === 1
      );
    table.columns = found?.columns ?? [];
    table.foreignKeys = found?.foreignKeys ?? table.foreignKeys;
  }

  forget(serviceId: string): void {
    this._cache.delete(serviceId);
  }

  private _cache = new Map<string, ITableSet>();
}
