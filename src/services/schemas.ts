/**
 * The ADQL schema of each TAP service, built from the same metadata the TAP browser reads (one
 * cache per session), with columns fetched when a query names a table and the service's
 * user-defined functions from its capabilities.
 */
import { IServicesModel, ITapSchemas } from '../tokens';
import {
  AdqlSchema,
  ITableMeta,
  parseCapabilities,
  referencedTables,
  splitQualified
} from '../vo';
import type { ServiceFetcher } from './client';
import { SchemaLoader } from './schema';

export class TapSchemas implements ITapSchemas {
  constructor(
    readonly metadata: SchemaLoader,
    private readonly services: IServicesModel,
    private readonly fetcher: ServiceFetcher
  ) {}

  /**
   * The service a cell means: an id, a URL of a known service, or (no option) `tap` when the
   * platform has it, else the first TAP service. null when the lab does not know it.
   */
  serviceFor(option: string | null): string | null {
    const taps = this.services.services.filter(
      e => e.description.kind === 'tap'
    );
    if (option === null) {
      const preferred =
        taps.find(e => e.description.id === 'tap') ?? taps[0] ?? null;
      return preferred?.description.id ?? null;
    }
    const normalized = option.replace(/\/+$/, '');
    const found = taps.find(
      e =>
        e.description.id === option ||
        e.description.url.replace(/\/+$/, '') === normalized
    );
    return found?.description.id ?? null;
  }

  /**
   * The schema a query is written against, with the columns of its FROM tables loaded;
   * undefined when the service is unknown or unreachable (the syntax can still be checked).
   */
  async forQuery(
    service: string | null,
    query: string
  ): Promise<AdqlSchema | undefined> {
    const serviceId = this.serviceFor(service);
    if (!serviceId) {
      return undefined;
    }
    try {
      await this.ensureColumns(serviceId, referencedTables(query));
      return await this.schema(serviceId);
    } catch {
      return undefined;
    }
  }

  /** The schema of a service, loading its tables the first time. */
  async schema(serviceId: string): Promise<AdqlSchema> {
    let pending = this._schemas.get(serviceId);
    if (!pending) {
      pending = this._build(serviceId);
      this._schemas.set(serviceId, pending);
      // A failure is not cached: the next keystroke tries again.
      pending.catch(() => this._schemas.delete(serviceId));
    }
    return pending;
  }

  /** Make sure the columns of the tables a query names are known. */
  async ensureColumns(serviceId: string, tableNames: string[]): Promise<void> {
    const schema = await this.schema(serviceId);
    const tables = this._tables.get(serviceId);
    if (!tables) {
      return;
    }
    await Promise.all(
      tableNames.map(async written => {
        const found = schema.findTable(written);
        const meta = found ? tables.get(found.name) : undefined;
        if (!found || !meta || found.columns) {
          return;
        }
        try {
          await this.metadata.columns(serviceId, meta);
          schema.setColumns(found.name, meta.columns ?? []);
        } catch {
          // Unknown columns only make the checks quieter; the browser shows the failure.
        }
      })
    );
  }

  forget(serviceId: string): void {
    this._schemas.delete(serviceId);
    this._tables.delete(serviceId);
  }

  private async _build(serviceId: string): Promise<AdqlSchema> {
    const tableset = await this.metadata.tables(serviceId);
    const schema = AdqlSchema.fromTableSet(tableset);
    const byName = new Map<string, ITableMeta>();
    for (const s of tableset.schemas) {
      for (const t of s.tables) {
        byName.set(t.name, t);
      }
    }
    this._tables.set(serviceId, byName);
    try {
      const response = await this.fetcher(serviceId, 'capabilities', {
        method: 'GET'
      });
      const tap = parseCapabilities(await response.text()).tap;
      // Hints read the service's languages, features and limits from it.
      schema.capabilities = tap;
      for (const language of tap?.languages ?? []) {
        for (const udf of language.udfs) {
          const name = splitQualified(udf.form.split('(')[0].trim()).pop();
          if (name) {
            schema.userFunctions.set(name.toUpperCase(), udf.form);
          }
        }
      }
    } catch {
      // Without capabilities, unknown functions are merely reported as such.
    }
    return schema;
  }

  private _schemas = new Map<string, Promise<AdqlSchema>>();
  private _tables = new Map<string, Map<string, ITableMeta>>();
}
