/**
 * Hints before the service says no, on a schema shaped like the demo's (row counts and indexed
 * columns as its TAP_SCHEMA gives them) with the demo's real TAPRegExt (DaCHS 2.7: ADQL 2.0 and
 * 2.1, its UDFs and optional features), and the same capabilities cut down to ADQL 2.0. Each
 * hint appears on a query that needs it, and the query its fix writes is quiet.
 */
import * as fs from 'fs';
import * as path from 'path';

import { IAdqlDiagnostic, IValidateOptions, parseCapabilities } from '..';
import { AdqlSchema, countingQuery, readCount, validateAdql } from '../adql';

const CAPABILITIES = fs.readFileSync(
  path.join(__dirname, 'fixtures', 'demo-tap-capabilities.xml'),
  'utf-8'
);

function demoSchema(capabilities = CAPABILITIES): AdqlSchema {
  const schema = new AdqlSchema([
    {
      name: 'dp02_dc2_catalogs.object',
      schema: 'dp02_dc2_catalogs',
      rowCount: 100_000,
      columns: [
        { name: 'objectid', indexed: true },
        { name: 'coord_ra', indexed: true, ucd: 'pos.eq.ra;meta.main' },
        { name: 'coord_dec', indexed: true, ucd: 'pos.eq.dec;meta.main' },
        { name: 'parentobjectid', indexed: false },
        { name: 'r_psfmag', indexed: false }
      ]
    },
    {
      name: 'dp02_dc2_catalogs.source',
      schema: 'dp02_dc2_catalogs',
      rowCount: 51_185,
      columns: [
        { name: 'sourceid', indexed: true },
        { name: 'objectid', indexed: true },
        { name: 'visit', indexed: false },
        { name: 'band', indexed: false },
        { name: 'coord_ra', indexed: false },
        { name: 'coord_dec', indexed: false }
      ]
    },
    {
      name: 'dp02_dc2_catalogs.ccdvisit',
      schema: 'dp02_dc2_catalogs',
      rowCount: 16,
      columns: [{ name: 'ccdvisitid', indexed: true }, { name: 'visit' }]
    }
  ]);
  const tap = parseCapabilities(capabilities).tap;
  schema.capabilities = tap;
  for (const udf of tap?.languages.flatMap(l => l.udfs) ?? []) {
    schema.userFunctions.set(
      udf.form.split('(')[0].trim().toUpperCase(),
      udf.form
    );
  }
  return schema;
}

const SCHEMA = demoSchema();
/** The demo's capabilities as an ADQL 2.0 service would write them. */
const ADQL20 = demoSchema(
  CAPABILITIES.replace(
    /<version ivo-id="ivo:\/\/ivoa\.net\/std\/ADQL#v2\.1">2\.1<\/version>/,
    ''
  ).replace(
    /<languageFeatures type="ivo:\/\/ivoa\.net\/std\/TAPRegExt#features-adql-(string|offset|type|unit|common-table|sets)">[\s\S]*?<\/languageFeatures>/g,
    ''
  )
);
const OPTIONS: IValidateOptions = { largeTableRows: 50_000 };

function hints(text: string, schema = SCHEMA, options = OPTIONS) {
  return validateAdql(text, schema, options).filter(
    d => d.severity !== 'error' || d.code === 'limit-not-adql'
  );
}

function codes(text: string, schema = SCHEMA, options = OPTIONS) {
  return hints(text, schema, options).map(d => [
    d.code,
    text.slice(d.from, d.to)
  ]);
}

function applyFix(text: string, diagnostic?: IAdqlDiagnostic): string {
  const changes = [...(diagnostic?.fix?.changes ?? [])].sort(
    (a, b) => b.from - a.from
  );
  expect(changes.length).toBeGreaterThan(0);
  let fixed = text;
  for (const change of changes) {
    fixed =
      fixed.slice(0, change.from) + change.insert + fixed.slice(change.to);
  }
  return fixed;
}

/** The hint with this code appears, its fix gives `expected`, and that query has no hint left. */
function fixes(
  text: string,
  code: string,
  expected: string,
  options = OPTIONS,
  schema = SCHEMA
) {
  const found = hints(text, schema, options).find(d => d.code === code);
  expect(found?.code).toBe(code);
  const fixed = applyFix(text, found);
  expect(fixed).toBe(expected);
  expect(codes(fixed, schema, options).map(c => c[0])).not.toContain(code);
  return found as IAdqlDiagnostic;
}

describe('hints: large tables', () => {
  it('warns of a large table read without TOP or a spatial or indexed constraint, and adds TOP', () => {
    const found = fixes(
      'SELECT objectid, r_psfmag FROM dp02_dc2_catalogs.Object WHERE r_psfmag < 20',
      'no-limit',
      'SELECT TOP 1000 objectid, r_psfmag FROM dp02_dc2_catalogs.Object WHERE r_psfmag < 20',
      { ...OPTIONS, suggestedTop: 1000 }
    );
    expect(found.message).toMatch(
      /reads all 100,000 rows of dp02_dc2_catalogs\.object \(its WHERE uses no indexed column\)/
    );
    expect(found.message).toMatch(/Qserv/);
    fixes(
      'SELECT DISTINCT band FROM dp02_dc2_catalogs.Source',
      'no-limit',
      'SELECT DISTINCT TOP 1000 band FROM dp02_dc2_catalogs.Source'
    );
  });

  it('is quiet with TOP, a cone, an indexed constraint, an aggregate or a small table', () => {
    expect(codes('SELECT TOP 10 * FROM dp02_dc2_catalogs.Object')).toEqual([]);
    expect(
      codes(
        "SELECT * FROM dp02_dc2_catalogs.Object WHERE CONTAINS(POINT('ICRS', coord_ra, coord_dec), CIRCLE('ICRS', 55.7, -32.2, 0.1)) = 1"
      )
    ).toEqual([]);
    expect(
      codes('SELECT * FROM dp02_dc2_catalogs.Object WHERE objectid = 5')
    ).toEqual([]);
    expect(codes('SELECT COUNT(*) FROM dp02_dc2_catalogs.Object')).toEqual([]);
    expect(codes('SELECT * FROM dp02_dc2_catalogs.CcdVisit')).toEqual([]);
  });

  it('says which columns are indexed when a condition uses none of them', () => {
    const [hint] = hints(
      "SELECT TOP 10 * FROM dp02_dc2_catalogs.Source WHERE visit = 1000000 AND band = 'r'"
    );
    expect(hint.code).toBe('unindexed-constraint');
    expect(hint.severity).toBe('info');
    expect(hint.message).toBe(
      'visit and band are not indexed in dp02_dc2_catalogs.source: the condition is checked on each of its 51,185 rows. Indexed: sourceid, objectid.'
    );
    // No column is equal to visit: no fix is made up.
    expect(hint.fix).toBeUndefined();
  });

  it('moves a condition to the indexed column the join makes equal to it', () => {
    const found = fixes(
      'SELECT TOP 10 o.objectId FROM dp02_dc2_catalogs.Object AS o\n' +
        'JOIN dp02_dc2_catalogs.Object AS p ON o.parentObjectId = p.objectId\n' +
        'WHERE o.parentObjectId = 1567428592185458748',
      'unindexed-constraint',
      'SELECT TOP 10 o.objectId FROM dp02_dc2_catalogs.Object AS o\n' +
        'JOIN dp02_dc2_catalogs.Object AS p ON o.parentObjectId = p.objectId\n' +
        'WHERE p.objectId = 1567428592185458748'
    );
    expect(found.fix?.label).toBe('Constrain p.objectId (indexed) instead');
  });
});

describe('hints: LIMIT and MAXREC', () => {
  it('turns LIMIT into TOP and checks the rest of the query', () => {
    fixes(
      'SELECT objectid FROM dp02_dc2_catalogs.Object WHERE objectid > 5 LIMIT 10',
      'limit-not-adql',
      'SELECT TOP 10 objectid FROM dp02_dc2_catalogs.Object WHERE objectid > 5'
    );
    fixes(
      'SELECT DISTINCT band FROM dp02_dc2_catalogs.Source\nLIMIT 5',
      'limit-not-adql',
      'SELECT DISTINCT TOP 5 band FROM dp02_dc2_catalogs.Source'
    );
    // No syntax error on top of it; the rest is still checked.
    expect(
      validateAdql(
        'SELECT nope FROM dp02_dc2_catalogs.Object LIMIT 3',
        SCHEMA
      ).map(d => d.code)
    ).toEqual(['limit-not-adql', 'unknown-column']);
    fixes(
      'SELECT TOP 3 objectid FROM dp02_dc2_catalogs.Object LIMIT 3',
      'limit-not-adql',
      'SELECT TOP 3 objectid FROM dp02_dc2_catalogs.Object'
    );
  });

  it('warns that MAXREC stops the result before TOP, and lowers TOP', () => {
    const text = 'SELECT TOP 50000 objectid FROM dp02_dc2_catalogs.Object';
    const cell = {
      ...OPTIONS,
      maxrec: { value: 20000, source: 'cell' as const }
    };
    const found = fixes(
      text,
      'maxrec-below-top',
      'SELECT TOP 20000 objectid FROM dp02_dc2_catalogs.Object',
      cell
    );
    expect(found.message).toBe(
      'TOP 50,000 asks for more rows than MAXREC lets through (20,000, the cell’s --maxrec): TAP 1.1 stops the result at MAXREC rows and marks it OVERFLOW.'
    );
    expect(text.slice(found.from, found.to)).toBe('50000');
    const service = hints(text, SCHEMA, {
      ...OPTIONS,
      maxrec: { value: 20000, source: 'service' }
    });
    expect(service[0].message).toMatch(/the service’s default/);
    expect(
      codes(text, SCHEMA, {
        ...OPTIONS,
        maxrec: { value: 50000, source: 'cell' }
      })
    ).toEqual([]);
  });
});

describe('hints: DISTANCE and TAPRegExt', () => {
  it('rewrites DISTANCE(...) < r as CONTAINS, for points and for the 2.1 four-number form', () => {
    fixes(
      "SELECT TOP 5 objectid FROM dp02_dc2_catalogs.Object WHERE DISTANCE(POINT('ICRS', coord_ra, coord_dec), POINT('ICRS', 55.7, -32.2)) < 0.01",
      'distance-comparison',
      "SELECT TOP 5 objectid FROM dp02_dc2_catalogs.Object WHERE CONTAINS(POINT('ICRS', coord_ra, coord_dec), CIRCLE('ICRS', 55.7, -32.2, 0.01)) = 1"
    );
    fixes(
      'SELECT TOP 5 objectid FROM dp02_dc2_catalogs.Object WHERE 0.01 > DISTANCE(55.7, -32.2, coord_ra, coord_dec)',
      'distance-comparison',
      "SELECT TOP 5 objectid FROM dp02_dc2_catalogs.Object WHERE CONTAINS(POINT('ICRS', coord_ra, coord_dec), CIRCLE('ICRS', 55.7, -32.2, 0.01)) = 1"
    );
    // A large table read by DISTANCE alone is not also a "no spatial constraint" scan.
    expect(
      codes(
        "SELECT objectid FROM dp02_dc2_catalogs.Object WHERE DISTANCE(POINT('ICRS', coord_ra, coord_dec), POINT('ICRS', 55.7, -32.2)) < 0.01"
      ).map(c => c[0])
    ).toEqual(['distance-comparison']);
  });

  it('warns of ADQL 2.1 features on a service that declares only 2.0, and not on the demo', () => {
    const text =
      "SELECT TOP 5 objectid FROM dp02_dc2_catalogs.Object WHERE LOWER(band) ILIKE 'r' OFFSET 2";
    expect(codes(text)).toEqual([]);
    expect(codes(text, ADQL20)).toEqual([
      ['undeclared-feature', 'LOWER'],
      ['undeclared-feature', 'ILIKE'],
      ['undeclared-feature', 'OFFSET']
    ]);
    expect(hints(text, ADQL20)[0].message).toBe(
      'LOWER is ADQL 2.1 (an optional feature), and this service declares only ADQL 2.0: it will likely refuse it.'
    );
    // Geometry the service does not list (COORDSYS is not in the demo's features-adqlgeo).
    expect(
      codes(
        "SELECT TOP 1 COORDSYS(POINT('ICRS', 1, 2)) FROM dp02_dc2_catalogs.CcdVisit"
      )
    ).toEqual([['undeclared-feature', 'COORDSYS']]);
  });

  it('warns of a function the service does not declare and offers the declared one', () => {
    fixes(
      "SELECT TOP 1 ivo_haswrd(band, 'r') FROM dp02_dc2_catalogs.Source",
      'undeclared-function',
      "SELECT TOP 1 ivo_hasword(band, 'r') FROM dp02_dc2_catalogs.Source"
    );
    // Two as near: the first is the fix, both are named.
    const [tie] = hints(
      "SELECT TOP 1 gavo_tomjd('2024-01-01') FROM dp02_dc2_catalogs.CcdVisit"
    );
    expect(tie.message).toMatch(/among them gavo_to_jd, gavo_to_mjd\)/);
    const [far] = hints(
      'SELECT TOP 1 scisql_s2PtInCircle(1, 2, 3, 4, 5) FROM dp02_dc2_catalogs.CcdVisit'
    );
    expect(far.code).toBe('undeclared-function');
    expect(far.fix).toBeUndefined();
    expect(far.message).toMatch(
      /declares no such function \(it declares \d+\)/
    );
    expect(
      codes("SELECT TOP 1 ivo_hasword(band, 'r') FROM dp02_dc2_catalogs.Source")
    ).toEqual([]);
  });
});

describe('count first', () => {
  it('counts the rows the query matches, without TOP, ORDER BY, OFFSET or LIMIT', () => {
    expect(
      countingQuery(
        'SELECT TOP 100 objectid, r_psfmag\nFROM dp02_dc2_catalogs.Object\nWHERE r_psfmag < 20\nORDER BY r_psfmag OFFSET 5'
      )
    ).toEqual({
      query:
        'SELECT COUNT(*) AS n FROM (\n  SELECT objectid, r_psfmag\n  FROM dp02_dc2_catalogs.Object\n  WHERE r_psfmag < 20\n) AS q',
      top: 100
    });
    expect(
      countingQuery(
        'SELECT DISTINCT band FROM dp02_dc2_catalogs.Source LIMIT 3'
      ).query
    ).toBe(
      'SELECT COUNT(*) AS n FROM (\n  SELECT DISTINCT band FROM dp02_dc2_catalogs.Source\n) AS q'
    );
  });

  it('keeps WITH queries in front and counts set operations whole', () => {
    expect(
      countingQuery(
        'WITH b AS (SELECT TOP 5 objectid FROM dp02_dc2_catalogs.Object)\nSELECT * FROM b'
      ).query
    ).toBe(
      'WITH b AS (SELECT TOP 5 objectid FROM dp02_dc2_catalogs.Object)\nSELECT COUNT(*) AS n FROM (\n  SELECT * FROM b\n) AS q'
    );
    const union = countingQuery(
      'SELECT objectid FROM dp02_dc2_catalogs.Source UNION SELECT objectid FROM dp02_dc2_catalogs.Object'
    );
    expect(union.query).toContain('UNION SELECT objectid');
    expect(union.top).toBeUndefined();
    expect(() => countingQuery('SELECT FROM')).toThrow(/Syntax error/);
  });

  it('writes queries that parse and check clean', () => {
    const { query } = countingQuery(
      "SELECT TOP 10 s.sourceid FROM dp02_dc2_catalogs.Source AS s WHERE s.band = 'r' ORDER BY s.sourceid"
    );
    expect(
      validateAdql(query, SCHEMA, OPTIONS).filter(d => d.severity === 'error')
    ).toEqual([]);
  });
});

describe('reading a count', () => {
  const votable = (rows: string, status = 'OK') =>
    `<VOTABLE version="1.4"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="${status}">x</INFO>` +
    `<TABLE><FIELD name="n" datatype="long"/><DATA><TABLEDATA>${rows}</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;

  it('reads the number exactly, beyond 2^53 too', () => {
    expect(readCount(votable('<TR><TD>595</TD></TR>'))).toBe('595');
    expect(readCount(votable('<TR><TD>9007199254740993</TD></TR>'))).toBe(
      '9007199254740993'
    );
  });

  it('says what came instead of one number, and the service’s own error', () => {
    expect(() => readCount(votable(''))).toThrow(
      /0 rows instead of one number/
    );
    expect(() => readCount(votable('<TR><TD/></TR>'))).toThrow(
      'The service answered the count with an empty value.'
    );
    expect(() =>
      readCount(
        '<VOTABLE><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">Query timed out</INFO></RESOURCE></VOTABLE>'
      )
    ).toThrow(/Query timed out/);
  });
});
