/**
 * The same schema model as VOSI tables, built from TAP_SCHEMA query results (schemas, tables,
 * columns, keys, key_columns): for services whose /tables is missing, slow or too big, and for
 * loading one table's columns with a WHERE clause.
 */
import { VOParseError, withExpected } from './errors';
import { adqlQualifiedName, parseQualifiedName } from './identifiers';
import {
  IColumnMeta,
  IForeignKey,
  ISchemaMeta,
  ITableMeta,
  ITableSet
} from './tables';
import {
  IVOTable,
  IVOTableData,
  VOCell,
  readVOTable,
  resultsTable,
  throwIfError
} from './votable';

/** ADQL for each TAP_SCHEMA table (ordering is done here, with the *_index columns if any). */
export const TAP_SCHEMA_QUERIES = {
  schemas: 'SELECT * FROM TAP_SCHEMA.schemas',
  tables: 'SELECT * FROM TAP_SCHEMA.tables',
  columns: 'SELECT * FROM TAP_SCHEMA.columns',
  keys: 'SELECT * FROM TAP_SCHEMA.keys',
  keyColumns: 'SELECT * FROM TAP_SCHEMA.key_columns'
} as const;

/** Query results, as VOTables already read or as their text. Only `tables` is required. */
export interface ITapSchemaResults {
  schemas?: IVOTable | string;
  tables: IVOTable | string;
  /** Without it, tables have columns: null (to be loaded later). */
  columns?: IVOTable | string;
  keys?: IVOTable | string;
  keyColumns?: IVOTable | string;
}

type Row = Record<string, VOCell>;

function rowsOf(source: IVOTable | string, what: string): Row[] {
  const expected = `a TAP_SCHEMA.${what} query result`;
  let votable: IVOTable;
  if (typeof source === 'string') {
    try {
      votable = readVOTable(source);
    } catch (error) {
      throw error instanceof VOParseError
        ? withExpected(error, expected)
        : error;
    }
  } else {
    votable = source;
  }
  throwIfError(votable);
  const table: IVOTableData | undefined = resultsTable(votable);
  if (!table) {
    throw new VOParseError(
      `Expected ${expected} but got a VOTable without a table.`,
      expected,
      'invalid',
      'a VOTable without a table'
    );
  }
  if (table.fault) {
    // Tables or columns missing from the browser without a word would be worse than no schema.
    throw new VOParseError(
      `The TAP_SCHEMA.${what} result could not be read whole: ${table.fault.message}`,
      expected,
      table.fault.code
    );
  }
  // Column names are case-insensitive in ADQL; services differ (TABLE_NAME, table_name).
  const names = table.fields.map(f => f.name.toLowerCase());
  return table.rows.map(row => {
    const record: Row = {};
    names.forEach((name, index) => {
      if (!(name in record)) {
        record[name] = row[index] ?? null;
      }
    });
    return record;
  });
}

function str(value: VOCell | undefined): string | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function flag(value: VOCell | undefined): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

function index(value: VOCell | undefined): number {
  // Some services declare the *_index columns as text.
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  return Number.isFinite(number) ? number : Number.MAX_SAFE_INTEGER;
}

/** Stable sort by a TAP 1.1 *_index column (absent indices keep document order). */
function byIndex(rows: Row[], column: string): Row[] {
  return rows
    .map((row, position) => ({ row, position }))
    .sort(
      (a, b) =>
        index(a.row[column]) - index(b.row[column]) || a.position - b.position
    )
    .map(({ row }) => row);
}

function toColumn(row: Row): IColumnMeta {
  const column: IColumnMeta = {
    name: str(row.column_name) ?? '',
    indexed: flag(row.indexed),
    principal: flag(row.principal),
    std: flag(row.std),
    primary: false
  };
  for (const key of [
    'description',
    'unit',
    'ucd',
    'utype',
    'datatype',
    'xtype'
  ] as const) {
    const value = str(row[key]);
    if (value !== undefined) {
      column[key] = value;
    }
  }
  const arraysize = str(row.arraysize) ?? str(row.size);
  if (arraysize !== undefined && arraysize !== '0' && arraysize !== '1') {
    column.arraysize = arraysize;
  }
  return column;
}

/** Build the schema model from TAP_SCHEMA query results. */
export function tableSetFromTapSchema(results: ITapSchemaResults): ITableSet {
  const schemas = new Map<string, ISchemaMeta>();
  const schemaFor = (name: string): ISchemaMeta => {
    let schema = schemas.get(name);
    if (!schema) {
      schema = { name, tables: [] };
      schemas.set(name, schema);
    }
    return schema;
  };
  if (results.schemas !== undefined) {
    for (const row of byIndex(
      rowsOf(results.schemas, 'schemas'),
      'schema_index'
    )) {
      const schema = schemaFor(str(row.schema_name) ?? '');
      const description = str(row.description);
      if (description) {
        schema.description = description;
      }
    }
  }
  const tables = new Map<string, ITableMeta>();
  for (const row of byIndex(rowsOf(results.tables, 'tables'), 'table_index')) {
    const name = str(row.table_name) ?? '';
    const table: ITableMeta = {
      name,
      columns: results.columns === undefined ? null : [],
      foreignKeys: []
    };
    const type = str(row.table_type);
    if (type) {
      table.type = type;
    }
    const description = str(row.description);
    if (description) {
      table.description = description;
    }
    const utype = str(row.utype);
    if (utype) {
      table.utype = utype;
    }
    const parts = parseQualifiedName(name);
    const schemaName =
      str(row.schema_name) ??
      (parts.length > 1 ? adqlQualifiedName(parts.slice(0, -1)) : '');
    schemaFor(schemaName).tables.push(table);
    tables.set(name.toLowerCase(), table);
  }
  if (results.columns !== undefined) {
    for (const row of byIndex(
      rowsOf(results.columns, 'columns'),
      'column_index'
    )) {
      const table = tables.get((str(row.table_name) ?? '').toLowerCase());
      table?.columns?.push(toColumn(row));
    }
  }
  if (results.keys !== undefined) {
    const keys = new Map<string, IForeignKey>();
    for (const row of rowsOf(results.keys, 'keys')) {
      const key: IForeignKey = {
        targetTable: str(row.target_table) ?? '',
        fromColumns: [],
        toColumns: []
      };
      const description = str(row.description);
      if (description) {
        key.description = description;
      }
      keys.set(str(row.key_id) ?? '', key);
      tables
        .get((str(row.from_table) ?? '').toLowerCase())
        ?.foreignKeys.push(key);
    }
    if (results.keyColumns !== undefined) {
      for (const row of rowsOf(results.keyColumns, 'key_columns')) {
        const key = keys.get(str(row.key_id) ?? '');
        const from = str(row.from_column);
        const to = str(row.target_column);
        if (key && from && to) {
          key.fromColumns.push(from);
          key.toColumns.push(to);
        }
      }
    }
  }
  return { schemas: [...schemas.values()] };
}

/** One table's columns from a `TAP_SCHEMA.columns` query restricted to it, in column_index order. */
export function columnsFromTapSchema(result: IVOTable | string): IColumnMeta[] {
  return byIndex(rowsOf(result, 'columns'), 'column_index').map(toColumn);
}

/** The ADQL for one table's columns: loading them on demand keeps big services quick. */
export function tapSchemaColumnsQuery(tableName: string): string {
  return `${TAP_SCHEMA_QUERIES.columns} WHERE table_name = '${tableName.replace(/'/g, "''")}'`;
}
