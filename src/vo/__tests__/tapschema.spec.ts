import {
  TAP_SCHEMA_QUERIES,
  findTable,
  readVOTable,
  tableSetFromTapSchema
} from '..';

type Cell = string | number | null;

/** A TAP result VOTable with these columns (name:datatype) and rows. */
function result(columns: string[], rows: Cell[][]): string {
  const fields = columns
    .map(c => {
      const [name, datatype] = c.split(':');
      const size = datatype === 'char' ? ' arraysize="*"' : '';
      return `<FIELD name="${name}" datatype="${datatype}"${size}/>`;
    })
    .join('');
  const data = rows
    .map(
      r =>
        `<TR>${r.map(v => (v === null ? '<TD/>' : `<TD>${v}</TD>`)).join('')}</TR>`
    )
    .join('');
  return (
    '<VOTABLE version="1.4"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/>' +
    `<TABLE>${fields}<DATA><TABLEDATA>${data}</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`
  );
}

const SCHEMAS = result(
  ['schema_name:char', 'description:char', 'schema_index:int'],
  [
    ['tap_schema', 'TAP metadata', 10],
    ['dp02_dc2_catalogs', 'DP0.2 catalogs', 0]
  ]
);

const TABLES = result(
  [
    'SCHEMA_NAME:char',
    'TABLE_NAME:char',
    'table_type:char',
    'description:char',
    'utype:char',
    'table_index:int'
  ],
  [
    [
      'dp02_dc2_catalogs',
      'dp02_dc2_catalogs.Source',
      'table',
      'Sources',
      null,
      2
    ],
    [
      'dp02_dc2_catalogs',
      'dp02_dc2_catalogs.Object',
      'table',
      'Objects',
      null,
      1
    ],
    ['tap_schema', 'tap_schema.tables', 'table', null, null, null]
  ]
);

const COLUMNS = result(
  [
    'table_name:char',
    'column_name:char',
    'datatype:char',
    'arraysize:char',
    'xtype:char',
    'unit:char',
    'ucd:char',
    'utype:char',
    'description:char',
    'principal:int',
    'indexed:int',
    'std:int',
    'column_index:int'
  ],
  [
    [
      'dp02_dc2_catalogs.Object',
      'coord_dec',
      'double',
      null,
      null,
      'deg',
      'pos.eq.dec;meta.main',
      null,
      'Dec',
      1,
      0,
      0,
      2
    ],
    [
      'dp02_dc2_catalogs.Object',
      'coord_ra',
      'double',
      null,
      null,
      'deg',
      'pos.eq.ra;meta.main',
      null,
      'RA',
      1,
      1,
      0,
      1
    ],
    [
      'dp02_dc2_catalogs.Object',
      'objectId',
      'long',
      null,
      null,
      null,
      'meta.id;meta.main',
      null,
      'Id',
      1,
      1,
      0,
      0
    ],
    [
      'dp02_dc2_catalogs.Source',
      'objectId',
      'long',
      null,
      null,
      null,
      null,
      null,
      null,
      0,
      1,
      0,
      null
    ],
    [
      'dp02_dc2_catalogs.Source',
      'visit_time',
      'char',
      '*',
      'timestamp',
      null,
      null,
      null,
      null,
      0,
      0,
      0,
      null
    ],
    [
      'tap_schema.tables',
      'table_name',
      'char',
      '64*',
      null,
      null,
      null,
      null,
      null,
      1,
      0,
      1,
      null
    ]
  ]
);

const KEYS = result(
  ['key_id:char', 'from_table:char', 'target_table:char', 'description:char'],
  [
    [
      'k1',
      'dp02_dc2_catalogs.Source',
      'dp02_dc2_catalogs.Object',
      'Source to its Object'
    ]
  ]
);

const KEY_COLUMNS = result(
  ['key_id:char', 'from_column:char', 'target_column:char'],
  [['k1', 'objectId', 'objectId']]
);

describe('tableSetFromTapSchema', () => {
  it('builds schemas, tables, columns and keys, ordered by the *_index columns', () => {
    const tableset = tableSetFromTapSchema({
      schemas: SCHEMAS,
      tables: TABLES,
      columns: readVOTable(COLUMNS),
      keys: KEYS,
      keyColumns: KEY_COLUMNS
    });
    expect(tableset.schemas.map(s => s.name)).toEqual([
      'dp02_dc2_catalogs',
      'tap_schema'
    ]);
    expect(tableset.schemas[0].description).toBe('DP0.2 catalogs');
    expect(tableset.schemas[0].tables.map(t => t.name)).toEqual([
      'dp02_dc2_catalogs.Object',
      'dp02_dc2_catalogs.Source'
    ]);
    const object = findTable(tableset, 'dp02_dc2_catalogs.object');
    expect(object?.columns?.map(c => c.name)).toEqual([
      'objectId',
      'coord_ra',
      'coord_dec'
    ]);
    expect(object?.columns?.[1]).toEqual({
      name: 'coord_ra',
      datatype: 'double',
      unit: 'deg',
      ucd: 'pos.eq.ra;meta.main',
      description: 'RA',
      principal: true,
      indexed: true,
      std: false,
      primary: false
    });
    const source = findTable(tableset, 'dp02_dc2_catalogs.Source');
    expect(source?.columns?.[1]).toMatchObject({
      arraysize: '*',
      xtype: 'timestamp'
    });
    expect(source?.foreignKeys).toEqual([
      {
        targetTable: 'dp02_dc2_catalogs.Object',
        fromColumns: ['objectId'],
        toColumns: ['objectId'],
        description: 'Source to its Object'
      }
    ]);
    expect(
      findTable(tableset, 'tap_schema.tables')?.columns?.[0]
    ).toMatchObject({ arraysize: '64*', std: true });
  });

  it('leaves columns to be loaded later when only the tables are given', () => {
    const tableset = tableSetFromTapSchema({ tables: TABLES });
    const tables = tableset.schemas.flatMap(s => s.tables);
    expect(tables).toHaveLength(3);
    expect(tables.every(t => t.columns === null)).toBe(true);
    // Without TAP_SCHEMA.schemas, schemas come from the tables' schema_name.
    expect(tableset.schemas.map(s => s.name)).toEqual([
      'dp02_dc2_catalogs',
      'tap_schema'
    ]);
  });

  it('has the ADQL for each query', () => {
    expect(TAP_SCHEMA_QUERIES.keyColumns).toBe(
      'SELECT * FROM TAP_SCHEMA.key_columns'
    );
  });
});
