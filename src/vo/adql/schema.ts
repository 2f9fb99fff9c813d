/**
 * The tables and columns ADQL is checked and completed against, indexed for quick lookup by
 * their bare names (published names are read once, in ../identifiers): a name written in a
 * query matches without case, or exactly when it is quoted, as ADQL says. Columns may arrive
 * later (services list big schemas without them), table by table.
 */
import {
  IIdentifier,
  identifierMatches,
  parseIdentifier,
  parseQualifiedName
} from '../identifiers';
import { ITapCapabilities } from '../capabilities';
import { ITableSet } from '../tables';

export interface IAdqlColumn {
  /** As the service published it: `objectId`, or `"size"` quotes included. */
  name: string;
  datatype?: string;
  arraysize?: string;
  unit?: string;
  ucd?: string;
  description?: string;
  /** The service says it has an index (VOSI flag, TAP_SCHEMA.columns.indexed). */
  indexed?: boolean;
}

export interface IAdqlTable {
  /** As the service published it, e.g. dp02_dc2_catalogs.Object or demo."select". */
  name: string;
  /** The schema's published name. */
  schema?: string;
  description?: string;
  rowCount?: number;
  /** undefined: not loaded yet. */
  columns?: readonly IAdqlColumn[];
}

/**
 * Split a qualified name as TAP_SCHEMA or VOSI gives it (`schema.table`, possibly with parts
 * already delimited: `"my schema"."Table"`) into its parts, unquoted.
 */
export function splitQualified(name: string): string[] {
  return parseQualifiedName(name).map(part => part.bare);
}

interface IEntry {
  table: IAdqlTable;
  /** The bare parts of the table's name, and of its schema when the name is not qualified. */
  parts: string[];
  lower: string[];
  /** Columns by lower-cased bare name. */
  columnIndex?: Map<string, { column: IAdqlColumn; bare: string }[]>;
}

export class AdqlSchema {
  constructor(tables: Iterable<IAdqlTable> = []) {
    for (const table of tables) {
      this.addTable(table);
    }
  }

  /** The browser's model of a service's tables (VOSI or TAP_SCHEMA). */
  static fromTableSet(set: ITableSet): AdqlSchema {
    const schema = new AdqlSchema();
    for (const s of set.schemas) {
      const name = parseIdentifier(s.name);
      schema._schemaNames.set(name.bare.toLowerCase(), name);
      for (const t of s.tables) {
        schema.addTable({
          name: t.name,
          schema: s.name,
          description: t.description,
          rowCount: t.nrows,
          columns: t.columns ?? undefined
        });
      }
    }
    return schema;
  }

  /** Functions the service adds to ADQL (TAPRegExt UDFs), upper case. */
  readonly userFunctions = new Map<string, string>();

  /** The service's TAPRegExt (languages, features, limits), when its capabilities were read. */
  capabilities?: ITapCapabilities;

  get tables(): readonly IAdqlTable[] {
    return this._entries.map(e => e.table);
  }

  /** The schemas' names, read from their published form. */
  get schemaNames(): IIdentifier[] {
    return [...this._schemaNames.values()];
  }

  addTable(table: IAdqlTable): void {
    let parts = splitQualified(table.name);
    const schema = table.schema ? parseIdentifier(table.schema).bare : '';
    if (parts.length === 1 && schema) {
      // An unqualified published name: its schema still qualifies it in a query.
      parts = [schema, ...parts];
    }
    const entry: IEntry = {
      table: { ...table },
      parts,
      lower: parts.map(p => p.toLowerCase())
    };
    this._entries.push(entry);
    const last = entry.lower[entry.lower.length - 1];
    const list = this._byLastPart.get(last) ?? [];
    list.push(entry);
    this._byLastPart.set(last, list);
    const schemaPart = table.schema
      ? parseIdentifier(table.schema)
      : parseQualifiedName(table.name).slice(-2, -1)[0];
    if (schemaPart && !this._schemaNames.has(schemaPart.bare.toLowerCase())) {
      this._schemaNames.set(schemaPart.bare.toLowerCase(), schemaPart);
    }
  }

  /** The columns of a table, by its published name. */
  setColumns(tableName: string, columns: readonly IAdqlColumn[]): void {
    const entry = this._entries.find(e => e.table.name === tableName);
    if (entry) {
      entry.table.columns = columns;
      entry.columnIndex = undefined;
    }
  }

  /**
   * A table by its name as ADQL writes it (`dp02.Object`, `demo."select"`): qualified or not
   * (when that is unique), quoted parts compared exactly.
   */
  findTable(nameAsWritten: string): IAdqlTable | undefined {
    return this._find(parseQualifiedName(nameAsWritten))?.table;
  }

  /** Lookup by parsed name parts; delimited parts compare exactly, others without case. */
  findTableByParts(
    parts: string[],
    delimited: boolean[]
  ): IAdqlTable | undefined {
    return this._find(
      parts.map((bare, i) => ({ bare, delimited: delimited[i] ?? false }))
    )?.table;
  }

  /**
   * A column of a table by its name in a query (bare, and whether it was quoted there), or
   * undefined (also when the columns are not loaded). The rule: identifierMatches.
   */
  findColumn(
    table: IAdqlTable,
    name: string,
    delimited: boolean
  ): IAdqlColumn | undefined {
    const entry = this._entries.find(e => e.table.name === table.name);
    if (!entry?.table.columns) {
      return undefined;
    }
    if (!entry.columnIndex) {
      entry.columnIndex = new Map();
      for (const column of entry.table.columns) {
        const bare = parseIdentifier(column.name).bare;
        const key = bare.toLowerCase();
        entry.columnIndex.set(key, [
          ...(entry.columnIndex.get(key) ?? []),
          { column, bare }
        ]);
      }
    }
    const reference = { bare: name, delimited };
    return entry.columnIndex
      .get(name.toLowerCase())
      ?.find(candidate => identifierMatches(reference, candidate.bare))?.column;
  }

  /** Tables whose last bare name part starts with a prefix (no case), at most `limit`. */
  tablesStartingWith(
    prefix: string,
    schema?: string,
    limit = 200
  ): IAdqlTable[] {
    const lower = prefix.toLowerCase();
    const wantedSchema = schema?.toLowerCase();
    const found: IAdqlTable[] = [];
    for (const entry of this._entries) {
      if (
        wantedSchema !== undefined &&
        (entry.lower.length < 2 ||
          entry.lower[entry.lower.length - 2] !== wantedSchema)
      ) {
        continue;
      }
      if (entry.lower[entry.lower.length - 1].startsWith(lower)) {
        found.push(entry.table);
        if (found.length >= limit) {
          break;
        }
      }
    }
    return found;
  }

  /** Whether a schema has this bare name (compared without case). */
  hasSchema(name: string): boolean {
    return this._schemaNames.has(name.toLowerCase());
  }

  private _find(parts: readonly IIdentifier[]): IEntry | undefined {
    const last = parts[parts.length - 1];
    const candidates = this._byLastPart.get(last.bare.toLowerCase()) ?? [];
    const matches = candidates.filter(entry => {
      // Compare from the right: `Object` matches `dp02.Object`; `dp02.Object` must match both.
      if (parts.length > entry.parts.length) {
        return false;
      }
      for (let i = 1; i <= parts.length; i++) {
        const have = entry.parts[entry.parts.length - i];
        if (!identifierMatches(parts[parts.length - i], have)) {
          return false;
        }
      }
      return true;
    });
    if (matches.length === 1) {
      return matches[0];
    }
    // Several: a qualified name as long as the entry's wins; an unqualified one is ambiguous.
    return matches.find(m => m.parts.length === parts.length);
  }

  private _entries: IEntry[] = [];
  private _byLastPart = new Map<string, IEntry[]>();
  private _schemaNames = new Map<string, IIdentifier>();
}
