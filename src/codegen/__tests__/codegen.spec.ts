import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import {
  adqlMagicCell,
  asyncQueryCode,
  coneQuery,
  joinQuery,
  pythonIdentifier,
  pythonQuery,
  pythonString,
  adqlColumnName,
  adqlTableName,
  resolveMode,
  selectTop,
  stringLiteral,
  syncQueryCode
} from '..';
import { readTableSet, splitQualified } from '../../vo';
import { lexAdql, parseAdql } from '../../vo/adql';
import { adqlIdentifier, delimit, parseIdentifier } from '../../vo/identifiers';

/** A bare name as generated code writes it. */
const quoteIdentifier = (bare: string): string =>
  adqlIdentifier({ bare, delimited: false });

describe('ADQL identifiers', () => {
  it.each([
    ['coord_ra', 'coord_ra'],
    ['g_cModelFlux', 'g_cModelFlux'],
    ['Object', 'Object'],
    ['size', '"size"'],
    ['DISTANCE', '"DISTANCE"'],
    ['top', '"top"'],
    ['2mass_j', '"2mass_j"'],
    ['_hidden', '"_hidden"'],
    ['my column', '"my column"'],
    ['say "hi"', '"say ""hi"""'],
    ['a.b', '"a.b"']
  ])('%s → %s', (name, quoted) => {
    expect(quoteIdentifier(name)).toBe(quoted);
  });

  it('splits and quotes qualified names, including already delimited parts', () => {
    expect(splitQualified('dp02_dc2_catalogs.Object')).toEqual([
      'dp02_dc2_catalogs',
      'Object'
    ]);
    expect(splitQualified('"my schema"."Ta""ble"')).toEqual([
      'my schema',
      'Ta"ble'
    ]);
    expect(adqlTableName('tap_schema.columns')).toBe('tap_schema.columns');
    expect(adqlTableName('"my schema".select')).toBe('"my schema"."select"');
  });

  it('escapes string literals', () => {
    expect(stringLiteral("O'Neil")).toBe("'O''Neil'");
  });
});

describe('ADQL queries', () => {
  it('selects the first rows', () => {
    expect(selectTop({ table: 'dp02_dc2_catalogs.Object', top: 20 })).toBe(
      'SELECT TOP 20 *\nFROM dp02_dc2_catalogs.Object'
    );
    expect(
      selectTop({
        table: 's.t',
        columns: ['coord_ra', 'size'],
        top: 5,
        where: 'x > 1'
      })
    ).toBe('SELECT TOP 5 coord_ra, "size"\nFROM s.t\nWHERE x > 1');
  });

  it('writes a cone search with CONTAINS', () => {
    const query = coneQuery({
      table: 'dp02_dc2_catalogs.Object',
      raColumn: 'coord_ra',
      decColumn: 'coord_dec',
      ra: 56,
      dec: -32,
      radiusDeg: 0.01,
      top: 100
    });
    expect(query).toContain("POINT('ICRS', coord_ra, coord_dec)");
    expect(query).toContain("CIRCLE('ICRS', 56, -32, 0.01)) = 1");
  });

  it('refuses numbers ADQL cannot hold and writes small ones without exponents', () => {
    expect(() =>
      coneQuery({
        table: 't',
        raColumn: 'a',
        decColumn: 'b',
        ra: NaN,
        dec: 0,
        radiusDeg: 1
      })
    ).toThrow(RangeError);
    expect(
      coneQuery({
        table: 't',
        raColumn: 'a',
        decColumn: 'b',
        ra: 1,
        dec: 0,
        radiusDeg: 1e-7
      })
    ).toContain('0.0000001');
  });

  it('joins along a foreign key', () => {
    expect(
      joinQuery({
        left: 'dp02_dc2_catalogs.Source',
        right: 'dp02_dc2_catalogs.Object',
        fromColumns: ['objectId'],
        toColumns: ['objectId'],
        top: 10
      })
    ).toBe(
      'SELECT TOP 10 a.*, b.*\nFROM dp02_dc2_catalogs.Source AS a\n' +
        'JOIN dp02_dc2_catalogs.Object AS b\n  ON a.objectId = b.objectId'
    );
  });
});

describe('the browser’s %%adql cell for a DaCHS table with delimited names', () => {
  // The kernel tests (jupyterlab_rsp_api/tests/test_magic.py) run this very cell on the demo.
  const CELL = path.join(__dirname, 'fixtures', 'oddities-adql-cell.txt');

  it('is what the demo’s published names give, each quoted once', async () => {
    const tableset = await readTableSet(
      fs.readFileSync(
        path.join(
          __dirname,
          '../../vo/__tests__/fixtures/demo-quirks-oddities-table.xml'
        ),
        'utf-8'
      )
    );
    const table = tableset.schemas[0].tables[0];
    const columns = (table.columns ?? [])
      .map(c => c.name)
      .filter(name => name !== 'label_ascii');
    const cell = adqlMagicCell({
      service: 'tap',
      query: selectTop({ table: table.name, columns, top: 5 }),
      maxrec: 5
    });
    expect(cell).toBe(fs.readFileSync(CELL, 'utf-8'));
    expect(cell).not.toContain('""');
  });
});

describe('Python code', () => {
  const service = {
    id: 'tap',
    url: 'https://data.example.org/api/tap',
    title: 'DP0.2 catalogs',
    tokenOrigins: ['https://data.example.org:443']
  };

  it('uses lsst.rsp on the platform and pyvo with a run-time token elsewhere', () => {
    expect(resolveMode('auto', true)).toBe('lsst.rsp');
    expect(resolveMode('auto', false)).toBe('pyvo');
    expect(resolveMode('pyvo', true)).toBe('pyvo');
    const request = {
      service,
      query: 'SELECT TOP 1 * FROM t',
      maxrec: 10,
      subject: 's.t'
    };
    const onPlatform = syncQueryCode({ ...request, mode: 'lsst.rsp' });
    expect(onPlatform).toContain('from lsst.rsp import get_tap_service');
    expect(onPlatform).toContain('service = get_tap_service("tap")');
    expect(onPlatform).toContain('maxrec=10');
    const elsewhere = syncQueryCode({ ...request, mode: 'pyvo' });
    expect(elsewhere).toContain(
      'pyvo.dal.TAPService("https://data.example.org/api/tap"'
    );
    expect(elsewhere).toContain('os.environ.get("ACCESS_TOKEN")');
    expect(elsewhere).toContain(
      'session=rsp_session(["https://data.example.org:443"])'
    );
  });

  it('gives a service without the token plain pyvo, even on the platform', () => {
    const code = syncQueryCode({
      mode: 'lsst.rsp',
      service: {
        id: 'gaia',
        url: 'https://gaia.example.org/tap',
        tokenOrigins: []
      },
      query: 'SELECT 1',
      maxrec: 1,
      subject: 'gaia'
    });
    expect(code).not.toContain('rsp_session');
    expect(code).not.toContain('TOKEN');
    expect(code).toContain(
      'service = pyvo.dal.TAPService("https://gaia.example.org/tap")'
    );
  });

  it('names results after the table', () => {
    expect(pythonIdentifier('dp02_dc2_catalogs.Object', 'table')).toBe(
      'object_table'
    );
    expect(pythonIdentifier('s."2MASS psc"')).toBe('t_2mass_psc');
    expect(pythonIdentifier('x.class')).toBe('class_');
  });
});

// ---- property test: any name a service may send gives code that parses ---------------------

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const PIECES = [
  'a',
  'Z',
  '_',
  '0',
  '9',
  ' ',
  '.',
  '"',
  "'",
  '\\',
  '\n',
  '\r',
  '\t',
  '"""',
  "'''",
  '#',
  '%',
  '{',
  '}',
  '\u0000',
  '\u007f',
  'é',
  '€',
  '😀',
  '\ud800',
  'select',
  'TOP',
  'size',
  'from',
  'None',
  'class',
  '$',
  '-',
  '--',
  '/*',
  '*/',
  ';'
];

function randomName(random: () => number): string {
  const length = 1 + Math.floor(random() * 6);
  let name = '';
  for (let i = 0; i < length; i++) {
    name += PIECES[Math.floor(random() * PIECES.length)];
  }
  return name;
}

describe('generated code for thousands of odd names', () => {
  const random = prng(20261124);
  const names = Array.from({ length: 3000 }, () => randomName(random));

  it('round-trips every table and column name through ADQL quoting', () => {
    for (const name of names) {
      const quoted = quoteIdentifier(name);
      const unquoted = quoted.startsWith('"')
        ? quoted.slice(1, -1).replace(/""/g, '"')
        : quoted;
      expect(unquoted).toBe(name);
      expect(splitQualified(adqlTableName(`schema.${quoted}`))).toEqual([
        'schema',
        name
      ]);
    }
  });

  it('produces ADQL that lexes and parses, each name read back as written', () => {
    for (const [i, name] of names.entries()) {
      const other = names[(i + 1) % names.length];
      const tokens = lexAdql(quoteIdentifier(name));
      expect(tokens).toHaveLength(1);
      expect(tokens[0].value).toBe(name);
      const queries = [
        selectTop({
          table: `s.${quoteIdentifier(name)}`,
          columns: [name, other],
          top: 5
        }),
        coneQuery({
          table: quoteIdentifier(other),
          raColumn: name,
          decColumn: other,
          ra: 10,
          dec: -5,
          radiusDeg: 0.1,
          top: 3
        }),
        joinQuery({
          left: `a.${quoteIdentifier(name)}`,
          right: `b.${quoteIdentifier(other)}`,
          fromColumns: [name],
          toColumns: [other],
          top: 2
        })
      ];
      for (const query of queries) {
        expect({ query, diagnostics: parseAdql(query).diagnostics }).toEqual({
          query,
          diagnostics: []
        });
      }
    }
  });

  it('reads names as services publish them, quoted or not, and writes each quoted once', () => {
    for (const [i, name] of names.entries()) {
      const other = names[(i + 1) % names.length];
      // TAP 1.1 services publish a delimited identifier with its quotes (DaCHS: "size");
      // others publish the bare name, which is unambiguous unless it looks delimited itself.
      const forms = [delimit(name)];
      if (!parseIdentifier(name).delimited) {
        forms.push(name);
      }
      for (const published of forms) {
        const written = adqlColumnName(published);
        const tokens = lexAdql(written);
        expect(tokens).toHaveLength(1);
        expect(tokens[0].value).toBe(name);
        if (tokens[0].type === 'delimited-identifier') {
          expect(written).toBe(delimit(name));
        }
        const table = `${delimit(other)}.${published === name ? quoteIdentifier(name) : delimit(name)}`;
        const query = selectTop({
          table,
          columns: [published, delimit(other)],
          top: 5
        });
        expect(parseAdql(query).diagnostics).toEqual([]);
        const readBack = lexAdql(query)
          .filter(
            t => t.type === 'identifier' || t.type === 'delimited-identifier'
          )
          .map(t => t.value);
        expect(readBack).toEqual([name, other, other, name]);
      }
    }
  });

  it('produces Python that parses, and never carries a token', () => {
    const snippets: string[] = [];
    for (const [i, name] of names.entries()) {
      const table = `${names[(i + 1) % names.length]}.${name}`;
      const request = {
        service: {
          id: name,
          url: `https://x.org/${name}`,
          title: name,
          tokenOrigins: i % 3 ? ['https://x.org:443'] : []
        },
        query: selectTop({ table, columns: [name], top: 5 }),
        maxrec: 5,
        subject: table
      };
      snippets.push(
        syncQueryCode({ ...request, mode: i % 2 ? 'pyvo' : 'lsst.rsp' })
      );
      snippets.push(asyncQueryCode({ ...request, mode: 'pyvo' }));
      snippets.push(
        `x = ${pythonString(name)}\ny = ${pythonQuery(request.query)}`
      );
    }
    const check = spawnSync(
      'python3',
      [
        '-c',
        [
          'import ast, json, sys',
          'failures = []',
          'for i, code in enumerate(json.load(sys.stdin)):',
          '    try:',
          '        ast.parse(code)',
          '    except SyntaxError as error:',
          '        failures.append((i, str(error), code[:300]))',
          'print(json.dumps(failures[:5]))',
          'sys.exit(1 if failures else 0)'
        ].join('\n')
      ],
      {
        input: JSON.stringify(snippets),
        encoding: 'utf-8',
        maxBuffer: 64 * 1024 * 1024
      }
    );
    expect(check.error).toBeUndefined();
    expect(check.stderr).toBe('');
    expect(check.stdout.trim()).toBe('[]');
    expect(check.status).toBe(0);
    expect(snippets.some(s => /Bearer [A-Za-z0-9]{8,}/.test(s))).toBe(false);
  });
});
