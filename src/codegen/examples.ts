/**
 * Example queries made from a service's metadata, for services without DALI examples (and next
 * to the ones that have them): a count, a cone on a table with positions, a join along each
 * foreign key, TAP_SCHEMA queries, an ObsCore image search. Each is plain ADQL that the service
 * can run as it is; names are written as the service published them.
 */
import {
  IColumnMeta,
  ITableMeta,
  ITableSet,
  bareTableName,
  findPositionColumns,
  parseQualifiedName
} from '../vo';
import {
  adqlColumnName,
  adqlTableName,
  coneQuery,
  joinQuery,
  numberLiteral,
  stringLiteral
} from './adql';

export interface IGeneratedExample {
  /** Stable within a service: the kind and the table. */
  id: string;
  name: string;
  query: string;
  /** Published names of the tables it is about. */
  tables: string[];
  description: string;
}

export interface IExampleSettings {
  /** Where a cone or an image search looks, [ra, dec] in degrees. */
  coneCenter: [number, number];
  coneRadiusDeg: number;
  /** TOP of the queries that return rows. */
  top: number;
}

const OBSCORE_UTYPE = /^ivo:\/\/ivoa\.net\/std\/obscore#table/i;

/** The ObsCore table of a tableset (by utype, else by the name ivoa.ObsCore). */
export function findObsCoreTable(tableset: ITableSet): ITableMeta | undefined {
  const tables = tableset.schemas.flatMap(s => s.tables);
  return (
    tables.find(t => t.utype && OBSCORE_UTYPE.test(t.utype)) ??
    tables.find(t => {
      const parts = parseQualifiedName(t.name).map(p => p.bare.toLowerCase());
      return parts.join('.') === 'ivoa.obscore';
    })
  );
}

function findTapSchemaTable(
  tableset: ITableSet,
  bare: string
): ITableMeta | undefined {
  return tableset.schemas
    .flatMap(s => s.tables)
    .find(t => {
      const parts = parseQualifiedName(t.name).map(p => p.bare.toLowerCase());
      return parts.join('.') === `tap_schema.${bare}`;
    });
}

/** Columns that exist in the table (or all, when its columns are not loaded yet). */
function present(table: ITableMeta, names: string[]): string[] {
  if (!table.columns) {
    return names;
  }
  const have = new Map(
    table.columns.map((c: IColumnMeta) => [
      parseQualifiedName(c.name)[0]?.bare.toLowerCase(),
      c.name
    ])
  );
  return names
    .map(name => have.get(name.toLowerCase()))
    .filter((name): name is string => name !== undefined);
}

/** Examples about one table: its size, a cone when it has positions, its joins, its columns. */
export function tableExamples(
  table: ITableMeta,
  tableset: ITableSet,
  settings: IExampleSettings
): IGeneratedExample[] {
  const label = bareTableName(table.name);
  const examples: IGeneratedExample[] = [
    {
      id: `count:${table.name}`,
      name: `Count the rows of ${label}`,
      query: `SELECT COUNT(*) AS n\nFROM ${adqlTableName(table.name)}`,
      tables: [table.name],
      description:
        'The number of rows, before fetching any: large tables may take a while to count.'
    }
  ];
  const columns = table.columns ?? [];
  const position = findPositionColumns(columns);
  if (position) {
    const [ra, dec] = settings.coneCenter;
    const raColumn = columns[position.ra].name;
    const decColumn = columns[position.dec].name;
    examples.push({
      id: `cone:${table.name}`,
      name: `Rows of ${label} in a cone`,
      query: coneQuery({
        table: table.name,
        raColumn,
        decColumn,
        ra,
        dec,
        radiusDeg: settings.coneRadiusDeg,
        top: settings.top
      }),
      tables: [table.name],
      description: `Within ${numberLiteral(settings.coneRadiusDeg)}° of (${numberLiteral(ra)}, ${numberLiteral(dec)}) on ${raColumn}, ${decColumn}; change the centre to yours.`
    });
  }
  for (const key of table.foreignKeys) {
    examples.push({
      id: `join:${table.name}:${key.targetTable}:${key.fromColumns.join(',')}`,
      name: `${label} joined with ${bareTableName(key.targetTable)}`,
      query: joinQuery({
        left: table.name,
        right: key.targetTable,
        fromColumns: key.fromColumns,
        toColumns: key.toColumns,
        top: settings.top
      }),
      tables: [table.name, key.targetTable],
      description: `Along the foreign key ${key.fromColumns.join(', ')} → ${key.toColumns.join(', ')}${key.description ? `: ${key.description}` : '.'}`
    });
  }
  const tapColumns = findTapSchemaTable(tableset, 'columns');
  if (tapColumns) {
    examples.push({
      id: `columns:${table.name}`,
      name: `Columns of ${label} (TAP_SCHEMA)`,
      query:
        'SELECT column_name, datatype, unit, ucd, description\n' +
        `FROM ${adqlTableName(tapColumns.name)}\n` +
        `WHERE table_name = ${stringLiteral(table.name)}`,
      tables: [table.name, tapColumns.name],
      description:
        'What the service says of each column, as TAP_SCHEMA holds it.'
    });
  }
  return examples;
}

/** Examples about the whole service: its tables from TAP_SCHEMA, images from ObsCore. */
export function serviceExamples(
  tableset: ITableSet,
  settings: IExampleSettings
): IGeneratedExample[] {
  const examples: IGeneratedExample[] = [];
  const tapTables = findTapSchemaTable(tableset, 'tables');
  if (tapTables) {
    examples.push({
      id: 'tap_schema:tables',
      name: 'Tables of this service (TAP_SCHEMA)',
      query:
        'SELECT schema_name, table_name, table_type, description\n' +
        `FROM ${adqlTableName(tapTables.name)}\n` +
        'ORDER BY schema_name, table_name',
      tables: [tapTables.name],
      description: 'Every table the service publishes, as TAP_SCHEMA lists it.'
    });
  }
  const obscore = findObsCoreTable(tableset);
  if (obscore) {
    const [ra, dec] = settings.coneCenter;
    const wanted = present(obscore, [
      'obs_id',
      'obs_collection',
      'dataproduct_subtype',
      's_ra',
      's_dec',
      't_min',
      'em_min',
      'em_max',
      'access_url',
      'access_format'
    ]);
    examples.push({
      id: `obscore:${obscore.name}`,
      name: 'Images covering a position (ObsCore)',
      query:
        `SELECT TOP ${Math.floor(settings.top)} ${wanted.length > 0 ? wanted.map(adqlColumnName).join(', ') : '*'}\n` +
        `FROM ${adqlTableName(obscore.name)}\n` +
        "WHERE dataproduct_type = 'image'\n" +
        `  AND CONTAINS(POINT('ICRS', ${numberLiteral(ra)}, ${numberLiteral(dec)}), s_region) = 1`,
      tables: [obscore.name],
      description: `Images whose footprint contains (${numberLiteral(ra)}, ${numberLiteral(dec)}); access_url leads to each image or its DataLink document.`
    });
  }
  return examples;
}
