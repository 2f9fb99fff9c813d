/**
 * What the preview grid (a table's first rows, and the jobs panel's "Show rows") is given to show:
 * the rows kept up to a fault with the fault as an error, the service's overflow only when it
 * said so, and a clear error for a document that is no result.
 */
import * as fs from 'fs';
import * as path from 'path';

import type { ServiceFetcher } from '../../services/client';
import { SchemaLoader } from '../../services/schema';
import { OVERFLOW_NOTE, resultNotices } from '../../vo';
import { namesTable } from '../Examples';
import { BrowserModel, PreviewState } from '../model';

function fixture(name: string): string {
  return fs.readFileSync(
    path.join(__dirname, '../../vo/__tests__/fixtures', name),
    'utf-8'
  );
}

const unused: ServiceFetcher = async () => {
  throw new Error('no service in this test');
};

async function preview(body: string, maxRows?: number): Promise<PreviewState> {
  const model = new BrowserModel(unused, new SchemaLoader(unused));
  await model.showResult(
    'result of job 1',
    async () => new Response(body),
    maxRows
  );
  const state = model.preview;
  model.dispose();
  if (!state) {
    throw new Error('no preview');
  }
  return state;
}

describe('the preview of a result', () => {
  it('shows every row of a DaCHS 2.7 stream with emoji, the recount note and the real OVERFLOW', async () => {
    const state = await preview(fixture('dachs-unicode-binary2-overflow.xml'));
    expect(state.state).toBe('done');
    if (state.state !== 'done') {
      return;
    }
    expect(state.result.rows).toHaveLength(10);
    expect(state.result.rows[8]).toEqual([9, 'star 🌟 here', 9.5]);
    const notices = resultNotices(state.result);
    expect(notices.error).toBeUndefined();
    expect(notices.notes[0]).toBe(OVERFLOW_NOTE);
    expect(notices.notes[1]).toMatch(/counted the lengths of 1 string of/);
  });

  it('keeps the rows before a broken stream and gives the fault as the error, without MAXREC', async () => {
    // The DaCHS BINARY answer cut inside its 12th row (the connection dropped): from row 9 on,
    // neither counting of the lengths reaches the end, so only the 8 rows before it are sure.
    const whole = fixture('dachs-unicode-binary.xml');
    const stream = /<STREAM encoding="base64">([^<]*)<\/STREAM>/.exec(whole);
    const bytes = Buffer.from(stream?.[1] ?? '', 'base64');
    const cut = whole.replace(
      stream?.[1] ?? '',
      bytes.subarray(0, bytes.length - 9).toString('base64')
    );
    const state = await preview(cut);
    expect(state.state).toBe('done');
    if (state.state !== 'done') {
      return;
    }
    expect(state.result.rows).toHaveLength(8);
    expect(state.result.fault?.rowsRead).toBe(8);
    const notices = resultNotices(state.result);
    expect(notices.error).toMatch(
      /^The binary data of table 'up' ends inside row 9: its strings fit neither .* the answer may have been cut\. The 8 rows before it were read/
    );
    expect(notices.notes).not.toContain(OVERFLOW_NOTE);
  });

  it('says the job result has more rows than the preview shows', async () => {
    const state = await preview(fixture('dachs-unicode-tabledata.xml'), 5);
    expect(state.state === 'done' && resultNotices(state.result)).toEqual({
      notes: ['The first 5 of 12 rows are shown.']
    });
  });

  it('an empty VOTABLE is an error, not an empty table', async () => {
    const state = await preview('<VOTABLE/>');
    expect(state).toEqual({
      state: 'error',
      title: 'result of job 1',
      message:
        'Expected a VOTable result but got an empty VOTable (no RESOURCE, no TABLE): the service sent no result table, not even an empty one.'
    });
  });
});

describe('the examples of a service', () => {
  const capabilities = `<cap:capabilities xmlns:cap="http://www.ivoa.net/xml/VOSICapabilities/v1.0">
<capability standardID="ivo://ivoa.net/std/TAP"><interface role="std">
<accessURL use="base">http://localhost:8081/api/tap</accessURL></interface></capability>
<capability standardID="ivo://ivoa.net/std/DALI#examples"><interface>
<accessURL use="full">http://localhost:8081/api/tap/examples</accessURL></interface></capability>
</cap:capabilities>`;
  const tables = `<vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0">
<schema><name>dp02_dc2_catalogs</name><table><name>dp02_dc2_catalogs.object</name>
<column><name>coord_ra</name><ucd>pos.eq.ra;meta.main</ucd></column>
<column><name>coord_dec</name><ucd>pos.eq.dec;meta.main</ucd></column></table></schema>
</vosi:tableset>`;

  it('reads them after the capabilities, and lists each with the tables it names', async () => {
    const asked: string[] = [];
    const fetcher: ServiceFetcher = async (_, where) => {
      asked.push(where);
      const body: Record<string, string> = {
        capabilities,
        tables,
        examples: fixture('demo-tap-examples.html')
      };
      return new Response(body[where]);
    };
    const model = new BrowserModel(fetcher, new SchemaLoader(fetcher));
    await model.setService('tap');
    for (let i = 0; i < 50 && model.examples?.state !== 'done'; i++) {
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    const state = model.examples;
    expect(state?.state).toBe('done');
    if (state?.state !== 'done' || !state.result) {
      return;
    }
    expect(asked).toContain('examples');
    const object = model.tableset?.schemas[0].tables[0];
    expect(object).toBeDefined();
    if (!object) {
      return;
    }
    expect(
      state.result.examples.filter(e => namesTable(e, object)).map(e => e.name)
    ).toEqual(['Objects in a cone', 'Bright point sources']);
    model.dispose();
  });
});
