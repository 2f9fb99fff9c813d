import * as fs from 'fs';
import * as path from 'path';

import {
  AdqlSchema,
  adqlColumnName,
  adqlTableName,
  bareColumnName,
  bareTableName,
  columnsFromTapSchema,
  completeAdql,
  identifierMatches,
  lexAdql,
  parseIdentifier,
  parseQualifiedName,
  readTableSet,
  referencedTables,
  tableSetFromTapSchema,
  validateAdql
} from '..';

const FIXTURES = path.join(__dirname, 'fixtures');

/** What the demo's DaCHS publishes for quirks.oddities (captured from the running demo). */
const VOSI_TABLE = fs.readFileSync(
  path.join(FIXTURES, 'demo-quirks-oddities-table.xml'),
  'utf-8'
);
const TAP_SCHEMA_COLUMNS = fs.readFileSync(
  path.join(FIXTURES, 'demo-quirks-oddities-tapschema-columns.xml'),
  'utf-8'
);

describe('published names', () => {
  it.each([
    ['objectId', 'objectId', false],
    ['"size"', 'size', true],
    ['"Mixed Case"', 'Mixed Case', true],
    ['"a""b"', 'a"b', true],
    ['"a.b"', 'a.b', true],
    // Not a delimited identifier: the service meant the text literally.
    ['my column', 'my column', false],
    ['"open', '"open', false],
    ['"a"b"', '"a"b"', false],
    ['""', '""', false]
  ])('column %s is %s (delimited: %s)', (published, bare, delimited) => {
    expect(parseIdentifier(published)).toEqual({ bare, delimited });
    expect(bareColumnName(published)).toBe(bare);
  });

  it('splits qualified names at the dots outside quotes', () => {
    expect(parseQualifiedName('dp02_dc2_catalogs.Object')).toEqual([
      { bare: 'dp02_dc2_catalogs', delimited: false },
      { bare: 'Object', delimited: false }
    ]);
    expect(parseQualifiedName('"my.schema"."Mixed Case"')).toEqual([
      { bare: 'my.schema', delimited: true },
      { bare: 'Mixed Case', delimited: true }
    ]);
    expect(parseQualifiedName('demo."select"')).toEqual([
      { bare: 'demo', delimited: false },
      { bare: 'select', delimited: true }
    ]);
    expect(bareTableName('"my.schema"."Ta""ble"')).toBe('my.schema.Ta"ble');
    // Quotes that do not delimit: split at the dots, quotes kept.
    expect(parseQualifiedName('s."x"y.t').map(p => p.bare)).toEqual([
      's',
      '"x"y',
      't'
    ]);
  });

  it.each([
    // Published bare and regular: as published, in any case.
    ['objectId', 'objectId'],
    ['g_cModelFlux', 'g_cModelFlux'],
    // Published bare but not usable bare: quoted once.
    ['value', '"value"'],
    ['size', '"size"'],
    ['bigint', '"bigint"'],
    ['my column', '"my column"'],
    // Published quoted: quoted once, never """size""".
    ['"size"', '"size"'],
    ['"select"', '"select"'],
    ['"Mixed Case"', '"Mixed Case"'],
    ['"a""b"', '"a""b"'],
    // Case-sensitive: unquoted, DaCHS folds it to mixedcase and finds nothing.
    ['"MixedCase"', '"MixedCase"'],
    ['"lower"', '"lower"']
  ])('column %s is written %s', (published, written) => {
    expect(adqlColumnName(published)).toBe(written);
    const tokens = lexAdql(written);
    expect(tokens).toHaveLength(1);
    expect(tokens[0].value).toBe(bareColumnName(published));
  });

  it('writes table names part by part', () => {
    expect(adqlTableName('dp02_dc2_catalogs.Object')).toBe(
      'dp02_dc2_catalogs.Object'
    );
    expect(adqlTableName('demo."select"')).toBe('demo."select"');
    expect(adqlTableName('"my.schema"."Mixed Case"')).toBe(
      '"my.schema"."Mixed Case"'
    );
    expect(adqlTableName('"my schema".select')).toBe('"my schema"."select"');
  });

  it('matches a quoted reference exactly and an unquoted one in any case', () => {
    expect(
      identifierMatches({ bare: 'MixedCase', delimited: true }, 'MixedCase')
    ).toBe(true);
    expect(
      identifierMatches({ bare: 'mixedcase', delimited: true }, 'MixedCase')
    ).toBe(false);
    expect(
      identifierMatches({ bare: 'MIXEDCASE', delimited: false }, 'MixedCase')
    ).toBe(true);
    expect(identifierMatches({ bare: 'size', delimited: true }, 'size')).toBe(
      true
    );
  });
});

describe('a DaCHS table with delimited column names (the demo’s quirks.oddities)', () => {
  const QUERY_NAMES = [
    'id',
    'ra',
    'dec',
    'size',
    'distance',
    'select',
    'MixedCase',
    'Mixed Case',
    'value',
    'label',
    'label_ascii'
  ];

  async function fromVosi(): Promise<AdqlSchema> {
    return AdqlSchema.fromTableSet(await readTableSet(VOSI_TABLE));
  }

  function fromTapSchema(): AdqlSchema {
    const tables =
      '<VOTABLE version="1.4"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/>' +
      '<TABLE><FIELD name="schema_name" datatype="char" arraysize="*"/>' +
      '<FIELD name="table_name" datatype="char" arraysize="*"/><DATA><TABLEDATA>' +
      '<TR><TD>quirks</TD><TD>quirks.oddities</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>';
    return AdqlSchema.fromTableSet(
      tableSetFromTapSchema({ tables, columns: TAP_SCHEMA_COLUMNS })
    );
  }

  it('is published with the quotes, in /tables and in TAP_SCHEMA.columns alike', async () => {
    const vosi = (await readTableSet(VOSI_TABLE)).schemas[0].tables[0];
    const published = vosi.columns?.map(c => c.name) ?? [];
    expect(published).toEqual(
      expect.arrayContaining(['"size"', '"select"', '"Mixed Case"', 'value'])
    );
    const tapSchema = columnsFromTapSchema(TAP_SCHEMA_COLUMNS).map(c => c.name);
    expect([...tapSchema].sort()).toEqual([...published].sort());
    expect(published.map(bareColumnName).sort()).toEqual(
      [...QUERY_NAMES].sort()
    );
  });

  it.each([
    ['/tables', fromVosi],
    ['TAP_SCHEMA', async () => fromTapSchema()]
  ])('is checked and completed by bare names (%s)', async (_, load) => {
    const schema = await load();
    const query =
      'SELECT TOP 10 id, "size", "distance", "select", "MixedCase", "Mixed Case", "value", label FROM quirks.oddities';
    expect(validateAdql(query, schema)).toEqual([]);
    // Unquoted reserved words: the checker's own fix quotes them, and then all is well.
    const [reserved] = validateAdql(
      'SELECT TOP 1 size FROM quirks.oddities',
      schema
    );
    expect(reserved.code).toBe('reserved-identifier');
    expect(reserved.fix?.changes[0].insert).toBe('"size"');
    // A quoted reference compares exactly; an unquoted one in any case (ADQL 2.1 §2.1.3).
    expect(
      validateAdql('SELECT "mixedcase" FROM quirks.oddities', schema).map(
        d => d.code
      )
    ).toEqual(['unknown-column']);
    // Found, but DaCHS folds it to lower case and refuses it: a warning that quotes it.
    for (const written of ['MIXEDCASE', 'MixedCase', 'o.mixedcase']) {
      const query = `SELECT TOP 1 ${written} FROM quirks.oddities AS o`;
      const [folded, ...rest] = validateAdql(query, schema);
      expect(rest).toEqual([]);
      expect(folded.code).toBe('unquoted-delimited-name');
      expect(folded.severity).toBe('warning');
      const change = folded.fix?.changes[0];
      expect(change?.insert).toBe(
        written.startsWith('o.') ? 'o."MixedCase"' : '"MixedCase"'
      );
      const fixed =
        query.slice(0, change?.from) + change?.insert + query.slice(change?.to);
      expect(validateAdql(fixed, schema)).toEqual([]);
    }
    // A lower-case delimited name unquoted is no such trap (only its reserved word is).
    expect(
      validateAdql('SELECT TOP 1 id, label FROM quirks.oddities', schema)
    ).toEqual([]);
    expect(
      validateAdql('SELECT TOP 1 """size""" FROM quirks.oddities', schema).map(
        d => d.message
      )
    ).toEqual(['No column "size" in quirks.oddities.']);

    const complete = (text: string) => {
      const cursor = text.indexOf('|');
      return (
        completeAdql(text.replace('|', ''), cursor, schema)?.options ?? []
      ).filter(o => o.kind === 'column');
    };
    expect(
      complete('SELECT si| FROM quirks.oddities').map(o => [o.label, o.apply])
    ).toEqual([['size', '"size"']]);
    expect(
      complete('SELECT o.Mi| FROM quirks.oddities AS o').map(o => [
        o.label,
        o.apply
      ])
    ).toEqual([
      ['MixedCase', '"MixedCase"'],
      ['Mixed Case', '"Mixed Case"']
    ]);
    expect(
      complete('SELECT va| FROM quirks.oddities').map(o => o.apply)
    ).toEqual(['"value"']);
  });
});

describe('tables and schemas published delimited', () => {
  const schema = new AdqlSchema([
    {
      name: 'demo."select"',
      schema: 'demo',
      columns: [{ name: '"from"' }, { name: 'id' }]
    },
    {
      name: '"my.schema"."Mixed Case"',
      schema: '"my.schema"',
      columns: [{ name: '"Flux"' }]
    }
  ]);

  it('finds them by the name a query writes', () => {
    expect(
      validateAdql('SELECT TOP 1 "from", id FROM demo."select"', schema)
    ).toEqual([]);
    expect(
      validateAdql(
        'SELECT TOP 1 t."Flux" FROM "my.schema"."Mixed Case" AS t',
        schema
      )
    ).toEqual([]);
    expect(
      validateAdql('SELECT TOP 1 id FROM "my.schema"."mixed case"', schema).map(
        d => d.code
      )
    ).toEqual(['unknown-table']);
    expect(schema.findTable('"my.schema"."Mixed Case"')?.name).toBe(
      '"my.schema"."Mixed Case"'
    );
    expect(
      referencedTables(
        'SELECT * FROM "my.schema"."Mixed Case" JOIN demo."select"'
      )
    ).toEqual(['"my.schema"."Mixed Case"', 'demo."select"']);
    for (const written of referencedTables(
      'SELECT * FROM "my.schema"."Mixed Case" JOIN demo."select"'
    )) {
      expect(schema.findTable(written)).toBeDefined();
    }
  });

  it('offers them bare and inserts them quoted', () => {
    const options = (text: string) => {
      const cursor = text.indexOf('|');
      return (
        completeAdql(text.replace('|', ''), cursor, schema)?.options ?? []
      ).map(o => [o.kind, o.label, o.apply]);
    };
    expect(options('SELECT * FROM my|')).toEqual([
      ['schema', 'my.schema', '"my.schema"']
    ]);
    expect(options('SELECT * FROM "my.schema".Mi|')).toEqual([
      ['table', 'Mixed Case', '"Mixed Case"']
    ]);
    expect(options('SELECT * FROM sel|')).toEqual([
      ['table', 'demo.select', 'demo."select"']
    ]);
    expect(options('SELECT t.F| FROM "my.schema"."Mixed Case" AS t')).toEqual([
      ['column', 'Flux', '"Flux"']
    ]);
    // After an opening quote the user typed: the rest of the name and the closing quote.
    expect(options('SELECT * FROM "my|')).toEqual([
      ['schema', 'my.schema', 'my.schema"']
    ]);
  });
});
