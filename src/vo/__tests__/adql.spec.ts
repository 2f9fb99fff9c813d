import * as fs from 'fs';
import * as path from 'path';

import {
  AdqlSchema,
  IAdqlDiagnostic,
  completeAdql,
  formatAdql,
  lexAdql,
  parseAdql,
  referencedTables,
  validateAdql
} from '../adql';

const CORPUS = path.join(__dirname, 'adql-corpus');

function queries(file: string): string[] {
  return fs
    .readFileSync(path.join(CORPUS, file), 'utf-8')
    .split(/^;;$/m)
    .map(q => q.trim())
    .filter(q => q !== '');
}

const VALID = [
  'rubin-tutorials.adql',
  'dachs-and-tap.adql',
  'corner-cases.adql'
];

const SCHEMA = new AdqlSchema([
  {
    name: 'dp02_dc2_catalogs.Object',
    schema: 'dp02_dc2_catalogs',
    description: 'Objects detected on the coadds',
    rowCount: 100_000_000,
    columns: [
      { name: 'objectId', datatype: 'long', description: 'Unique id' },
      {
        name: 'coord_ra',
        datatype: 'double',
        unit: 'deg',
        ucd: 'pos.eq.ra;meta.main'
      },
      {
        name: 'coord_dec',
        datatype: 'double',
        unit: 'deg',
        ucd: 'pos.eq.dec;meta.main'
      },
      { name: 'g_cModelFlux', datatype: 'double', unit: 'nJy' },
      { name: 'size', datatype: 'double' }
    ]
  },
  {
    name: 'dp02_dc2_catalogs.Source',
    schema: 'dp02_dc2_catalogs',
    rowCount: 5000,
    columns: [
      { name: 'sourceId', datatype: 'long' },
      { name: 'objectId', datatype: 'long' },
      { name: 'ccdVisitId', datatype: 'long' }
    ]
  },
  { name: 'dp02_dc2_catalogs.CcdVisit', schema: 'dp02_dc2_catalogs' },
  { name: 'ivoa.ObsCore', schema: 'ivoa', rowCount: 16 }
]);

describe('ADQL lexer', () => {
  it.each(VALID)('covers every query of %s exactly', file => {
    for (const query of queries(file)) {
      const tokens = lexAdql(query);
      expect(tokens.map(t => t.text).join('')).toBe(query);
      expect(tokens.filter(t => t.type === 'error')).toEqual([]);
    }
  });

  it('reads delimited names, strings, numbers and comments', () => {
    const tokens = lexAdql(`"a ""b""" 'it''s' 0x1F 1.5e-3 .5 -- note`).filter(
      t => t.type !== 'whitespace'
    );
    expect(tokens.map(t => [t.type, t.value ?? t.text])).toEqual([
      ['delimited-identifier', 'a "b"'],
      ['string', "it's"],
      ['number', '0x1F'],
      ['number', '1.5e-3'],
      ['number', '.5'],
      ['comment', '-- note']
    ]);
  });

  it('never throws and always covers its input', () => {
    const alphabet = `SELECT FROM"'-.,()*0123456789abc \n\t;|<>=!%éü\u0000`;
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const length = Math.floor(random() * 40);
      for (let i = 0; i < length; i++) {
        text += alphabet[Math.floor(random() * alphabet.length)];
      }
      const tokens = lexAdql(text);
      expect(tokens.map(t => t.text).join('')).toBe(text);
      expect(() => parseAdql(text)).not.toThrow();
      expect(() => formatAdql(text)).not.toThrow();
      expect(() =>
        completeAdql(text, Math.floor(text.length / 2), SCHEMA)
      ).not.toThrow();
    }
  });
});

describe('ADQL parser', () => {
  it.each(VALID)('parses every query of %s', file => {
    for (const query of queries(file)) {
      const { diagnostics } = parseAdql(query);
      expect({ query, diagnostics }).toEqual({ query, diagnostics: [] });
    }
  });

  it('points at the first error and says what was expected', () => {
    for (const entry of queries('invalid.adql')) {
      const [query, expectation] = entry.split(/\n@@ /);
      const [offset, ...words] = expectation.trim().split(' ');
      const { diagnostics } = parseAdql(query);
      expect(diagnostics).toHaveLength(1);
      expect({ query, from: diagnostics[0].from }).toEqual({
        query,
        from: Number(offset)
      });
      expect(diagnostics[0].message).toContain(words.join(' '));
    }
  });
});

describe('ADQL validator', () => {
  const codes = (text: string) =>
    validateAdql(text, SCHEMA).map(d => [d.code, text.slice(d.from, d.to)]);

  it('accepts a good query against the schema', () => {
    expect(
      codes(
        'SELECT TOP 5 o.objectId, s.sourceId FROM dp02_dc2_catalogs.Object AS o ' +
          'JOIN dp02_dc2_catalogs.Source AS s ON s.objectId = o.objectId'
      )
    ).toEqual([]);
  });

  it('finds unknown tables and columns, with or without qualifiers', () => {
    expect(
      codes('SELECT TOP 1 objectid, nope FROM dp02_dc2_catalogs.object')
    ).toEqual([['unknown-column', 'nope']]);
    expect(codes('SELECT TOP 1 o.nope, x.a FROM Object AS o')).toEqual([
      ['unknown-column', 'o.nope'],
      ['unknown-qualifier', 'x.a']
    ]);
    expect(codes('SELECT TOP 1 a FROM dp02_dc2_catalogs.Missing')).toEqual([
      ['unknown-table', 'dp02_dc2_catalogs.Missing']
    ]);
  });

  it('is quiet where it cannot know: unloaded columns, uploads, subqueries, aliases', () => {
    expect(
      codes('SELECT TOP 1 anything FROM dp02_dc2_catalogs.CcdVisit')
    ).toEqual([]);
    expect(codes('SELECT TOP 1 m.x FROM TAP_UPLOAD.mine AS m')).toEqual([]);
    expect(
      codes('SELECT TOP 3 s.q FROM (SELECT objectId AS q FROM Object) AS s')
    ).toEqual([]);
    expect(
      codes('SELECT TOP 3 objectId AS id FROM Object ORDER BY id')
    ).toEqual([]);
  });

  it('warns about ambiguous columns and whole large tables', () => {
    expect(
      codes(
        'SELECT TOP 3 objectId FROM Object AS o JOIN Source AS s ON s.objectId = o.objectId'
      )
    ).toEqual([['ambiguous-column', 'objectId']]);
    expect(codes('SELECT objectId FROM Object')).toEqual([
      ['no-limit', 'SELECT']
    ]);
    expect(codes('SELECT COUNT(*) FROM Object')).toEqual([]);
    expect(codes('SELECT sourceId FROM Source')).toEqual([]);
  });

  it('offers to quote reserved words used as names', () => {
    const text = 'SELECT TOP 1 size FROM Object';
    const [diagnostic] = validateAdql(text, SCHEMA);
    expect(diagnostic.code).toBe('reserved-identifier');
    const change = diagnostic.fix?.changes[0];
    expect(change).toBeDefined();
    const fixed =
      text.slice(0, change?.from) + change?.insert + text.slice(change?.to);
    expect(fixed).toBe('SELECT TOP 1 "size" FROM Object');
    expect(validateAdql(fixed, SCHEMA)).toEqual([]);
  });

  it('says which functions it does not know', () => {
    const diagnostics = validateAdql(
      'SELECT TOP 1 scisql_foo(1) FROM Object',
      SCHEMA
    );
    expect(diagnostics.map(d => [d.code, d.severity])).toEqual([
      ['unknown-function', 'info']
    ]);
  });
});

describe('ADQL grammar checks', () => {
  /** Warnings and errors as "code: the text they mark", in text order. */
  const findings = (text: string, schema?: AdqlSchema) =>
    validateAdql(text, schema)
      .filter(d => d.severity !== 'info')
      .sort((a, b) => a.from - b.from)
      .map(d => `${d.code}: ${text.slice(d.from, d.to)}`);
  const applyFix = (text: string, diagnostic?: IAdqlDiagnostic) => {
    let fixed = text;
    for (const change of [...(diagnostic?.fix?.changes ?? [])].reverse()) {
      fixed =
        fixed.slice(0, change.from) + change.insert + fixed.slice(change.to);
    }
    return fixed;
  };

  it.each(VALID)('finds no errors in %s, schema or not', file => {
    for (const query of queries(file)) {
      const errors = validateAdql(query).filter(d => d.severity === 'error');
      expect({ query, errors }).toEqual({ query, errors: [] });
    }
  });

  it('finds each mistake of mistakes.adql, and nothing else', () => {
    for (const entry of queries('mistakes.adql')) {
      const [query, ...expected] = entry.split(/\n@@ /);
      expect({ query, found: findings(query) }).toEqual({
        query,
        found: expected.map(e => e.trim())
      });
    }
  });

  it('offers = 1 for CONTAINS and INTERSECTS used as conditions', () => {
    const text =
      'SELECT TOP 5 objectId FROM Object WHERE CONTAINS(POINT(coord_ra, coord_dec), CIRCLE(10, 20, 1))';
    const [diagnostic] = validateAdql(text, SCHEMA);
    expect(diagnostic.severity).toBe('error');
    expect(diagnostic.message).toBe(
      'CONTAINS gives 1 or 0, not true or false: compare it, CONTAINS(...) = 1.'
    );
    expect(diagnostic.fix?.label).toBe('Add = 1');
    const fixed = applyFix(text, diagnostic);
    expect(fixed).toBe(text + ' = 1');
    expect(validateAdql(fixed, SCHEMA)).toEqual([]);
    expect(validateAdql('SELECT a FROM t WHERE 1')[0].message).toBe(
      'WHERE needs a condition (a comparison such as ra > 10), and 1 is a value.'
    );
  });

  it('says how many arguments a standard function takes', () => {
    const messages = (text: string) =>
      validateAdql(text)
        .filter(d => d.code === 'function-arguments')
        .map(d => d.message);
    expect(messages('SELECT ABS(a, b), DISTANCE(1, 2, 3) FROM t')).toEqual([
      'ABS takes 1 argument, not 2: ABS(x).',
      'DISTANCE takes 2 or 4 arguments, not 3: DISTANCE(point1, point2) or (ra1, dec1, ra2, dec2).'
    ]);
    expect(messages("SELECT POINT('ICRS', 1) FROM t")).toEqual([
      "These arguments do not fit POINT([coordsys,] ra, dec), e.g. POINT('ICRS', 10.5, -3.2) (a string first is the coordinate system)."
    ]);
  });

  it('leaves user-defined functions alone, even under a standard name', () => {
    const schema = new AdqlSchema([]);
    schema.userFunctions.set('ROUND', 'ROUND(x, digits, mode)');
    expect(findings('SELECT ROUND(a, 1, 2) FROM t', schema)).toEqual([]);
    expect(
      findings(
        'SELECT ivo_healpix_index(6, ra, dec), gavo_simbadpoint(name) FROM t'
      )
    ).toEqual([]);
  });

  it('offers NATURAL for a JOIN without ON or USING, and quotes for odd names', () => {
    const join = 'SELECT a FROM t1 LEFT JOIN t2';
    const [bare] = validateAdql(join);
    expect(bare.severity).toBe('warning');
    expect(applyFix(join, bare)).toBe('SELECT a FROM t1 NATURAL LEFT JOIN t2');
    expect(findings(applyFix(join, bare))).toEqual([]);
    const digits = 'SELECT 2mass_id FROM t';
    const [number] = validateAdql(digits);
    expect(number.message).toBe(
      '2mass_id is read as the number 2 named mass_id (names cannot start with a digit); if 2mass_id is a column, quote it: "2mass_id".'
    );
    expect(applyFix(digits, number)).toBe('SELECT "2mass_id" FROM t');
    const underscore = 'SELECT _id FROM t';
    expect(applyFix(underscore, validateAdql(underscore)[0])).toBe(
      'SELECT "_id" FROM t'
    );
  });
});

describe('ADQL completion', () => {
  const labels = (text: string, schema = SCHEMA) => {
    const cursor = text.indexOf('|');
    const result = completeAdql(text.replace('|', ''), cursor, schema);
    return result?.options.map(o => o.label) ?? null;
  };

  it('offers tables after FROM and JOIN, and a schema’s tables after its name', () => {
    expect(labels('SELECT * FROM dp02|')).toEqual(['dp02_dc2_catalogs']);
    expect(labels('SELECT * FROM dp02_dc2_catalogs.S|')).toEqual(['Source']);
    expect(labels('SELECT * FROM Object AS o JOIN Sou|')).toEqual([
      'dp02_dc2_catalogs.Source'
    ]);
  });

  it('offers the columns of the FROM tables, also when FROM comes later', () => {
    expect(labels('SELECT coord_| FROM dp02_dc2_catalogs.Object')).toEqual([
      'coord_ra',
      'coord_dec'
    ]);
    expect(labels('SELECT o.g_| FROM dp02_dc2_catalogs.Object AS o')).toEqual([
      'g_cModelFlux'
    ]);
    expect(
      labels('SELECT * FROM Object AS o JOIN Source AS s ON s.ccd|')
    ).toEqual(['ccdVisitId']);
  });

  it('documents columns and functions, and quotes names that need it', () => {
    const result = completeAdql('SELECT si FROM Object', 9, SCHEMA);
    const size = result?.options.find(o => o.label === 'size');
    expect(size?.apply).toBe('"size"');
    const ra = completeAdql('SELECT coord_r FROM Object', 14, SCHEMA)
      ?.options[0];
    expect(ra?.detail).toBe('double [deg]');
    expect(ra?.documentation).toContain('pos.eq.ra;meta.main');
    const contains = completeAdql('SELECT CONT', 11)?.options.find(
      o => o.label === 'CONTAINS'
    );
    expect(contains?.detail).toBe('CONTAINS(inner, outer)');
  });

  it('offers nothing inside strings and comments', () => {
    expect(labels("SELECT * FROM t WHERE a = 'Obj|'")).toBeNull();
    expect(labels('SELECT * FROM t -- Obj|')).toBeNull();
  });

  it('lists the referenced tables of half-written queries', () => {
    expect(
      referencedTables(
        'SELECT o.a, s. FROM dp02.Object AS o JOIN "x y".Source s ON'
      )
    ).toEqual(['dp02.Object', '"x y".Source']);
  });
});

describe('ADQL formatter', () => {
  it('lays clauses out and upper-cases keywords', () => {
    expect(
      formatAdql(
        "select top 5 a, b from t as x join u on u.id = x.id where a > 1 and b between 1 and 2 or c like 'x%' order by a"
      )
    ).toBe(
      [
        'SELECT TOP 5 a, b',
        'FROM t AS x',
        '  JOIN u ON u.id = x.id',
        'WHERE a > 1',
        '  AND b BETWEEN 1 AND 2',
        "  OR c LIKE 'x%'",
        'ORDER BY a'
      ].join('\n')
    );
  });

  it.each(VALID)('is idempotent and keeps the tokens of %s', file => {
    const meaningful = (text: string) =>
      lexAdql(text)
        .filter(t => t.type !== 'whitespace')
        .map(t => (t.type === 'keyword' ? t.text.toUpperCase() : t.text));
    for (const query of queries(file)) {
      const once = formatAdql(query);
      expect(formatAdql(once)).toBe(once);
      expect(meaningful(once)).toEqual(meaningful(query));
      expect(parseAdql(once).diagnostics).toEqual([]);
    }
  });
});
