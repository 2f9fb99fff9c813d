/**
 * DALI examples pages: the demo's DaCHS page as DaCHS 2.7 writes it, and the forms other
 * services use (HTML void elements, entities, scripts, continuations, capabilities, generic
 * parameters), each read exactly or refused with a reason.
 */
import * as fs from 'fs';
import * as path from 'path';

import {
  VOParseError,
  VOServiceError,
  cleanExampleQuery,
  collectExamples,
  isTapExample,
  parseExamplesPage,
  pathUnderBase
} from '..';

const DEMO_URL = 'http://localhost:8081/api/tap/examples';
const demoPage = fs.readFileSync(
  path.join(__dirname, 'fixtures', 'demo-tap-examples.html'),
  'utf-8'
);

function page(body: string, head = ''): string {
  return (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML+RDFa 1.1//EN" "x">\n' +
    `<html xmlns="http://www.w3.org/1999/xhtml"><head>${head}<title>t</title></head>` +
    `<body vocab="ivo://ivoa.net/std/DALI-examples#">${body}</body></html>`
  );
}

describe('DALI examples: the demo (DaCHS 2.7)', () => {
  const { examples, continuations, warnings } = parseExamplesPage(
    demoPage,
    DEMO_URL
  );

  it('reads every example with its name, tables and query', () => {
    expect(examples.map(e => e.name)).toEqual([
      'Objects in a cone',
      'Light curve of one object',
      'Bright point sources',
      'Images covering a position',
      'Flux columns of Object'
    ]);
    expect(examples.map(e => e.tables)).toEqual([
      ['dp02_dc2_catalogs.object'],
      ['dp02_dc2_catalogs.source', 'dp02_dc2_catalogs.ccdvisit'],
      ['dp02_dc2_catalogs.object'],
      ['ivoa.obscore'],
      ['tap_schema.columns']
    ]);
    expect(examples.every(isTapExample)).toBe(true);
    expect(continuations).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('keeps each query exactly, line by line, entities decoded', () => {
    expect(examples[0].query).toBe(
      [
        'SELECT TOP 100 objectId, coord_ra, coord_dec, r_cModelMag',
        'FROM dp02_dc2_catalogs.Object',
        "WHERE CONTAINS(POINT('ICRS', coord_ra, coord_dec),",
        "               CIRCLE('ICRS', 55.75, -32.2, 0.05)) = 1"
      ].join('\n')
    );
    expect(examples[2].query).toContain('r_psfMag < 20\nORDER BY r_psfMag');
    expect(examples[0].id).toBe('Objectsinacone');
    expect(examples[0].source).toBe(DEMO_URL);
  });

  it('reads generic parameters and the prose around the query', () => {
    expect(examples[2].parameters).toEqual([{ key: 'MAXREC', value: '50' }]);
    expect(examples[0].parameters).toEqual([]);
    expect(examples[1].description).toMatch(
      /^Every detection in ↗dp02_dc2_catalogs\.source of one object/
    );
    expect(examples[1].description).not.toContain('SELECT');
    expect(examples[1].description).not.toContain('Light curve');
  });
});

describe('DALI examples: other forms', () => {
  it('reads HTML pages: void elements, entities, scripts with < in them', () => {
    const body = page(
      '<div typeof="example" id="a"><h2 property="name">Cone&nbsp;search<br>on ra</h2>' +
        '<p>See <span property="table">gaia.dr3</span><img src="x.png" alt="x"></p>' +
        '<pre property="query">\n    SELECT *\n      FROM gaia.dr3\n    WHERE a &lt; 1 AND b &gt; 2\n</pre></div>',
      '<meta charset="utf-8"><script>if (a < b && c) { go(); }</script>'
    );
    const [example] = parseExamplesPage(body, DEMO_URL).examples;
    expect(example.name).toBe('Cone search on ra');
    expect(example.tables).toEqual(['gaia.dr3']);
    expect(example.query).toBe(
      'SELECT *\n  FROM gaia.dr3\nWHERE a < 1 AND b > 2'
    );
  });

  it('refuses a page that is not well-formed, with the line, rather than cut a query', () => {
    const body = page(
      '<div typeof="example" id="a"><h2 property="name">x</h2>\n' +
        '<pre property="query">SELECT * FROM t WHERE a<b</pre></div>'
    );
    expect(() => parseExamplesPage(body, DEMO_URL)).toThrow(VOParseError);
    expect(() => parseExamplesPage(body, DEMO_URL)).toThrow(
      /not well-formed XHTML \(line \d+/
    );
  });

  it('says what came instead of a page: JSON, a cut page, an error VOTable', () => {
    expect(() => parseExamplesPage('{"detail": "nope"}', DEMO_URL)).toThrow(
      /JSON document \(saying 'nope'\)/
    );
    expect(() =>
      parseExamplesPage(
        page('<div typeof="example"><pre>').slice(0, -20),
        DEMO_URL
      )
    ).toThrow(/stops before its end/);
    expect(() =>
      parseExamplesPage(
        '<VOTABLE><RESOURCE><INFO name="QUERY_STATUS" value="ERROR">No examples here</INFO></RESOURCE></VOTABLE>',
        DEMO_URL
      )
    ).toThrow(VOServiceError);
  });

  it('reads capabilities, LANG and keeps examples that are not TAP queries apart', () => {
    const body = page(
      '<div typeof="example" id="dl"><h2 property="name">A DataLink</h2>' +
        '<span property="capability">ivo://ivoa.net/std/DataLink#links-1.0</span>' +
        '<span property="generic-parameter" typeof="keyval"><span property="key">ID</span>' +
        '<span property="value">ivo://x/y</span></span></div>' +
        '<div typeof="example" id="tap"><h2 property="name">TAP</h2>' +
        '<span property="capability" content="ivo://ivoa.net/std/TAP"></span>' +
        '<pre property="query">SELECT 1 FROM t</pre></div>' +
        '<div typeof="example" id="pql"><h2 property="name">Not ADQL</h2>' +
        '<span property="generic-parameter" typeof="keyval"><span property="key">LANG</span>' +
        '<span property="value">PQL</span></span><pre property="query">x</pre></div>'
    );
    const { examples } = parseExamplesPage(body, DEMO_URL);
    expect(examples.map(e => [e.id, isTapExample(e)])).toEqual([
      ['dl', false],
      ['tap', true],
      ['pql', false]
    ]);
    expect(examples[0].parameters).toEqual([{ key: 'ID', value: 'ivo://x/y' }]);
    expect(examples[0].capability).toBe(
      'ivo://ivoa.net/std/DataLink#links-1.0'
    );
  });

  it('offers every query of an example with several', () => {
    const body = page(
      '<div typeof="example" id="two"><h2 property="name">Two</h2>' +
        '<pre property="query">SELECT 1 FROM a</pre><pre property="query">SELECT 2 FROM b</pre></div>'
    );
    const { examples } = parseExamplesPage(body, DEMO_URL);
    expect(examples.map(e => [e.id, e.name, e.query])).toEqual([
      ['two-1', 'Two (query 1 of 2)', 'SELECT 1 FROM a'],
      ['two-2', 'Two (query 2 of 2)', 'SELECT 2 FROM b']
    ]);
  });

  it('resolves continuation links (property or rel) against the page', () => {
    const body = page(
      '<a property="continuation" href="more.html">more</a>' +
        '<a rel="continuation" href="/api/tap/obscore-examples">obscore</a>'
    );
    expect(parseExamplesPage(body, DEMO_URL).continuations).toEqual([
      'http://localhost:8081/api/tap/more.html',
      'http://localhost:8081/api/tap/obscore-examples'
    ]);
  });

  it('notes a page without any DALI examples markup', () => {
    const { examples, warnings } = parseExamplesPage(
      '<html><body><p>Hello</p></body></html>',
      DEMO_URL
    );
    expect(examples).toEqual([]);
    expect(warnings[0]).toMatch(/no DALI examples markup/);
  });
});

describe('following continuations', () => {
  const one = (name: string, next?: string) =>
    page(
      `<div typeof="example" id="${name}"><h2 property="name">${name}</h2>` +
        `<pre property="query">SELECT '${name}' FROM t</pre></div>` +
        (next ? `<a property="continuation" href="${next}">more</a>` : '')
    );

  it('reads each page once, loops included, and says which failed', async () => {
    const pages: Record<string, string> = {
      'http://h/tap/examples': one('first', 'second'),
      'http://h/tap/second': one('second', 'examples#top'),
      'http://h/tap/third': one('third')
    };
    const loaded: string[] = [];
    const load = async (url: string) => {
      loaded.push(url);
      const found = pages[url];
      if (!found) {
        throw new Error('404 Not Found');
      }
      return found;
    };
    const result = await collectExamples('http://h/tap/examples', load);
    expect(result.examples.map(e => e.name)).toEqual(['first', 'second']);
    expect(loaded).toEqual(['http://h/tap/examples', 'http://h/tap/second']);
    expect(result.examples[1].source).toBe('http://h/tap/second');

    pages['http://h/tap/second'] = one('second', 'missing');
    const broken = await collectExamples('http://h/tap/examples', load);
    expect(broken.examples.map(e => e.name)).toEqual(['first', 'second']);
    expect(broken.warnings).toEqual([
      'The continuation page http://h/tap/missing could not be read: 404 Not Found'
    ]);
    await expect(collectExamples('http://h/none', load)).rejects.toThrow(
      '404 Not Found'
    );
  });

  it('stops after maxPages and says so', async () => {
    const load = async (url: string) => {
      const n = Number(/(\d+)$/.exec(url)?.[1] ?? 0);
      return one(`p${n}`, `p${n + 1}`);
    };
    const result = await collectExamples('http://h/p0', load, { maxPages: 3 });
    expect(result.examples).toHaveLength(3);
    expect(result.warnings[0]).toMatch(/than the 3 read; http:\/\/h\/p3/);
  });
});

describe('example helpers', () => {
  it('removes only the indentation the markup adds', () => {
    expect(cleanExampleQuery('\n\t\tSELECT a\n\t\t  FROM t  \n\n')).toBe(
      'SELECT a\n  FROM t'
    );
  });

  it('finds a path under a base URL', () => {
    expect(pathUnderBase('http://h/api/tap/examples', 'http://h/api/tap')).toBe(
      'examples'
    );
    expect(pathUnderBase('http://h/api/tap/', 'http://h/api/tap/')).toBe('');
    expect(
      pathUnderBase('http://h/api/tapx/examples', 'http://h/api/tap')
    ).toBe(null);
    expect(pathUnderBase('http://other/examples', 'http://h/api/tap')).toBe(
      null
    );
  });
});
