/**
 * The tables and columns ADQL is checked and completed against, indexed for quick lookup:
 * regular names match without case, delimited ones exactly, as ADQL says. Columns may arrive
 * later (services list big schemas without them), table by table.
 */
import { ITableSet } from '../tables';

export interface IAdqlColumn {
  name: string;
  datatype?: string;
  arraysize?: string;
  unit?: string;
  ucd?: string;
  description?: string;
}

export interface IAdqlTable {
  /** As the service names it, e.g. dp02_dc2_catalogs.Object. */
  name: string;
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
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < name.length; i++) {
    const char = name[i];
    if (quoted) {
      if (char === '"' && name[i + 1] === '"') {
        current += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        current += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === '.') {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

interface IEntry {
  table: IAdqlTable;
  parts: string[];
  lower: string[];
  columnIndex?: Map<string, IAdqlColumn[]>;
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
      schema._schemaNames.set(s.name.toLowerCase(), s.name);
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

  get tables(): readonly IAdqlTable[] {
    return this._entries.map(e => e.table);
  }

  get schemaNames(): string[] {
    return [...this._schemaNames.values()];
  }

  addTable(table: IAdqlTable): void {
    const parts = splitQualified(table.name);
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
    if (table.schema) {
      this._schemaNames.set(table.schema.toLowerCase(), table.schema);
    } else if (parts.length > 1) {
      this._schemaNames.set(entry.lower[0], parts[0]);
    }
  }

  setColumns(tableName: string, columns: readonly IAdqlColumn[]): void {
    const entry = this._find(
      splitQualified(tableName),
      splitQualified(tableName).map(() => true)
    );
    if (entry) {
      entry.table.columns = columns;
      entry.columnIndex = undefined;
    }
  }

  /** A table by the name written in a query: qualified or not (when that is unique). */
  findTable(nameAsWritten: string): IAdqlTable | undefined {
    const parts = splitQualified(nameAsWritten);
    return this._find(
      parts,
      parts.map(() => false)
    )?.table;
  }

  /** Lookup by parsed name parts; delimited parts compare exactly, others without case. */
  findTableByParts(
    parts: string[],
    delimited: boolean[]
  ): IAdqlTable | undefined {
    return this._find(parts, delimited)?.table;
  }

  /** A column of a table, or undefined (also when the columns are not loaded). */
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
        const key = column.name.toLowerCase();
        entry.columnIndex.set(key, [
          ...(entry.columnIndex.get(key) ?? []),
          column
        ]);
      }
    }
    const candidates = entry.columnIndex.get(name.toLowerCase()) ?? [];
    return delimited ? candidates.find(c => c.name === name) : candidates[0];
  }

  /** Tables whose last name part starts with a prefix (no case), at most `limit`. */
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
        (entry.lower.length < 2 || entry.lower[0] !== wantedSchema)
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

  hasSchema(name: string): boolean {
    return this._schemaNames.has(name.toLowerCase());
  }

  private _find(parts: string[], delimited: boolean[]): IEntry | undefined {
    const last = parts[parts.length - 1];
    const candidates = this._byLastPart.get(last.toLowerCase()) ?? [];
    const matches = candidates.filter(entry => {
      // Compare from the right: `Object` matches `dp02.Object`; `dp02.Object` must match both.
      if (parts.length > entry.parts.length) {
        return false;
      }
      for (let i = 1; i <= parts.length; i++) {
        const want = parts[parts.length - i];
        const have = entry.parts[entry.parts.length - i];
        const exact = delimited[delimited.length - i];
        if (exact ? want !== have : want.toLowerCase() !== have.toLowerCase()) {
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
  private _schemaNames = new Map<string, string>();
}
