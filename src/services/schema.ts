/**
 * A TAP service's tables, loaded the way that scales, as TOPCAT does:
 * - VOSI /tables streamed through the vo core's streaming reader (progress, cancellable); the
 *   columns of a table listed without them come from /tables/<name> on demand;
 * - or TAP_SCHEMA queries for schemas, tables and keys, with each table's columns queried on
 *   demand: for services whose /tables is missing, broken or too big.
 * `auto` tries VOSI first and falls back to TAP_SCHEMA. Results are cached per session.
 */
import {
  ITableMeta,
  ITableSet,
  TAP_SCHEMA_QUERIES,
  VOParseError,
  columnsFromTapSchema,
  readTableSet,
  readTableSetStream,
  tableSetFromTapSchema,
  tapSchemaColumnsQuery
} from '../vo';
import {
  IMetadataOrigin,
  ISchemaLoadOptions as ILoadOptions,
  ITapMetadata
} from '../tokens';
import type { ServiceFetcher } from './client';
import { ServiceCallError } from './errors';
import { tapSyncQuery } from './tap';

export type { IMetadataOrigin, MetadataSource } from '../tokens';

/** Above any real TAP_SCHEMA; services cap it at their hard limit. */
const TAP_SCHEMA_MAXREC = 10_000_000;

async function readBody(
  response: Response,
  options: ILoadOptions
): Promise<ITableSet> {
  if (response.body) {
    return readTableSetStream(response.body, options);
  }
  return readTableSet(await response.text(), options);
}

/** Failures of /tables that TAP_SCHEMA may get around; a refused token or a cancel it will not. */
function worthFallingBack(error: unknown): boolean {
  if (error instanceof VOParseError) {
    return true;
  }
  if (error instanceof ServiceCallError) {
    return ['not-found', 'bad-request', 'upstream-error', 'timeout'].includes(
      error.kind
    );
  }
  return false;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class SchemaLoader implements ITapMetadata {
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
    const source = options.source ?? 'auto';
    let tableset: ITableSet;
    let origin: IMetadataOrigin;
    if (source === 'tap_schema') {
      tableset = await this._fromTapSchema(serviceId, options);
      origin = { source: 'tap_schema' };
    } else {
      try {
        tableset = await this._fromVosi(serviceId, options);
        origin = { source: 'vosi' };
      } catch (error) {
        if (source === 'vosi' || !worthFallingBack(error)) {
          throw error;
        }
        const fallbackReason = describe(error);
        try {
          tableset = await this._fromTapSchema(serviceId, options);
        } catch (second) {
          throw new Error(
            `Neither /tables nor TAP_SCHEMA could be read. /tables: ${fallbackReason} TAP_SCHEMA: ${describe(second)}`
          );
        }
        origin = { source: 'tap_schema', fallbackReason };
      }
    }
    this._cache.set(serviceId, tableset);
    this._origins.set(serviceId, origin);
    return tableset;
  }

  /** How the cached tableset of a service was read. */
  origin(serviceId: string): IMetadataOrigin | undefined {
    return this._origins.get(serviceId);
  }

  /** Fill in the columns of a table listed without them. */
  async columns(
    serviceId: string,
    table: ITableMeta,
    signal?: AbortSignal
  ): Promise<void> {
    if (table.columns !== null) {
      return;
    }
    if (this._origins.get(serviceId)?.source === 'tap_schema') {
      const response = await tapSyncQuery(
        this.fetcher,
        serviceId,
        tapSchemaColumnsQuery(table.name),
        { maxrec: TAP_SCHEMA_MAXREC, signal }
      );
      table.columns = columnsFromTapSchema(await response.text());
      return;
    }
    const response = await this.fetcher(
      serviceId,
      `tables/${encodeURIComponent(table.name)}`,
      { method: 'GET', signal }
    );
    const single = await readBody(response, { signal });
    const tables = single.schemas.flatMap(s => s.tables);
    const found = tables.find(
      t => t.name === table.name || tables.length === 1
    );
    table.columns = found?.columns ?? [];
    table.foreignKeys = found?.foreignKeys ?? table.foreignKeys;
  }

  forget(serviceId: string): void {
    this._cache.delete(serviceId);
    this._origins.delete(serviceId);
  }

  private async _fromVosi(
    serviceId: string,
    options: ILoadOptions
  ): Promise<ITableSet> {
    const response = await this.fetcher(serviceId, 'tables', {
      method: 'GET',
      signal: options.signal
    });
    return readBody(response, options);
  }

  /** Schemas, tables and keys in four small queries; columns wait until a table is opened. */
  private async _fromTapSchema(
    serviceId: string,
    options: ILoadOptions
  ): Promise<ITableSet> {
    let bytes = 0;
    const query = async (adql: string, required: boolean) => {
      try {
        const response = await tapSyncQuery(this.fetcher, serviceId, adql, {
          maxrec: TAP_SCHEMA_MAXREC,
          signal: options.signal
        });
        const text = await response.text();
        bytes += text.length;
        return text;
      } catch (error) {
        // schemas, keys and key_columns only add descriptions and joins.
        if (required || options.signal?.aborted) {
          throw error;
        }
        return undefined;
      }
    };
    const tables = (await query(TAP_SCHEMA_QUERIES.tables, true)) as string;
    const [schemas, keys, keyColumns] = await Promise.all([
      query(TAP_SCHEMA_QUERIES.schemas, false),
      query(TAP_SCHEMA_QUERIES.keys, false),
      query(TAP_SCHEMA_QUERIES.keyColumns, false)
    ]);
    const tableset = tableSetFromTapSchema({
      tables,
      schemas,
      // Keys without their columns would be joins on nothing.
      keys: keyColumns === undefined ? undefined : keys,
      keyColumns
    });
    options.onProgress?.({
      schemas: tableset.schemas.length,
      tables: tableset.schemas.reduce((n, s) => n + s.tables.length, 0),
      columns: 0,
      bytes
    });
    return tableset;
  }

  private _cache = new Map<string, ITableSet>();
  private _origins = new Map<string, IMetadataOrigin>();
}
