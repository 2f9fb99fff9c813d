/**
 * The TAP browser's models: the rows of a result and what is said of how many are shown, the
 * service's examples after its capabilities, and the sidebar's BrowserModel (tables, counts,
 * progress, tree state, restore after a reload).
 */
import * as fs from 'fs';
import * as path from 'path';

import type { ServiceFetcher } from '../../services/client';
import { ServiceCallError } from '../../services/errors';
import { SchemaLoader } from '../../services/schema';
import { OVERFLOW_NOTE } from '../../vo';
import { namesTable } from '../Examples';
import { SharedTableLoads } from '../loads';
import { BrowserModel } from '../model';
import { ResultModel, ResultState, resultCounts } from '../result';
import { ServiceInfo } from '../serviceInfo';
import { SlowTables, TABLES, settle } from './services';

function fixture(name: string): string {
  return fs.readFileSync(
    path.join(__dirname, '../../vo/__tests__/fixtures', name),
    'utf-8'
  );
}

async function rows(body: string, maxRows = 100): Promise<ResultState> {
  const model = new ResultModel();
  await model.load(async () => new Response(body), maxRows);
  const state = model.state;
  model.dispose();
  if (!state) {
    throw new Error('no rows');
  }
  return state;
}

describe('the rows of a result', () => {
  it('shows every row of a DaCHS 2.7 stream with emoji, says how many, and the real OVERFLOW', async () => {
    const state = await rows(fixture('dachs-unicode-binary2-overflow.xml'));
    expect(state.state).toBe('done');
    if (state.state !== 'done') {
      return;
    }
    expect(state.result.rows).toHaveLength(10);
    expect(state.result.rows[8]).toEqual([9, 'star 🌟 here', 9.5]);
    const counts = resultCounts(state.result);
    expect(counts.counts).toBe('10 rows shown of 10 returned');
    expect(counts.error).toBeUndefined();
    expect(counts.notes[0]).toBe(OVERFLOW_NOTE);
    expect(counts.notes[1]).toMatch(/counted the lengths of 1 string of/);
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
    const state = await rows(cut);
    expect(state.state).toBe('done');
    if (state.state !== 'done') {
      return;
    }
    expect(state.result.rows).toHaveLength(8);
    const counts = resultCounts(state.result);
    expect(counts.counts).toBe('8 rows read before the result broke off');
    expect(counts.error).toMatch(
      /^The binary data of table 'up' ends inside row 9: its strings fit neither .* the answer may have been cut\. The 8 rows before it were read/
    );
    expect(counts.notes).not.toContain(OVERFLOW_NOTE);
  });

  it('says how many rows are shown of how many the service returned', async () => {
    const state = await rows(fixture('dachs-unicode-tabledata.xml'), 5);
    expect(state.state === 'done' && resultCounts(state.result)).toEqual({
      counts: '5 rows shown of 12 returned',
      notes: []
    });
  });

  it('an empty VOTABLE is an error, not an empty table', async () => {
    expect(await rows('<VOTABLE/>')).toEqual({
      state: 'error',
      message:
        'Expected a VOTable result but got an empty VOTable (no RESOURCE, no TABLE): the service sent no result table, not even an empty one.'
    });
  });

  it('refuses a result too large to read here, and says its size', async () => {
    const model = new ResultModel();
    await model.load(
      async () =>
        new Response('<VOTABLE/>', {
          headers: { 'Content-Length': String(80_000_000) }
        }),
      20
    );
    expect(model.state).toEqual({
      state: 'error',
      message:
        'The result is 80 MB, too large to show here: fetch it in a notebook.'
    });
    model.dispose();
  });

  it('a newer load wins over an older one still on its way', async () => {
    const model = new ResultModel();
    let release: (response: Response) => void = () => undefined;
    const slow = model.load(
      () => new Promise<Response>(resolve => (release = resolve)),
      20
    );
    await model.load(
      async () => new Response(fixture('dachs-unicode-tabledata.xml')),
      3
    );
    release(new Response('<VOTABLE/>'));
    await slow;
    expect(model.state?.state).toBe('done');
    expect(model.maxRows).toBe(3);
    model.dispose();
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

  it('reads them after the capabilities, once for the browser and the panels, and lists each with the tables it names', async () => {
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
    const info = new ServiceInfo(fetcher);
    const model = new BrowserModel(new SchemaLoader(fetcher), info);
    await model.setService('tap');
    await info.load('tap');
    const state = model.examples;
    expect(state?.state).toBe('done');
    if (state?.state !== 'done' || !state.result) {
      return;
    }
    expect(asked.filter(where => where === 'capabilities')).toHaveLength(1);
    expect(asked).toContain('examples');
    expect(typeof model.capabilities).toBe('object');
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

  it('says why capabilities could not be read', async () => {
    const info = new ServiceInfo(async () => {
      throw new ServiceCallError('unauthorized', 'Token refused (401).', 401);
    });
    await info.load('tap');
    expect(info.capabilities('tap')).toBe(
      'Capabilities could not be read: Token refused (401).'
    );
    // Without capabilities the examples are looked for where TAP 1.1 puts them.
    expect(info.examples('tap')).toEqual({
      state: 'error',
      message: 'Token refused (401).'
    });
  });
});

describe('BrowserModel', () => {
  function browser(fetcher: ServiceFetcher): BrowserModel {
    return new BrowserModel(
      new SharedTableLoads(new SchemaLoader(fetcher)),
      new ServiceInfo(fetcher)
    );
  }

  it('reads the tables, says how far it came and then how much it read', async () => {
    const service = new SlowTables();
    const model = browser(service.fetcher);
    const loading = model.setService('tap');
    await settle();
    expect(model.loading).toBe(true);
    expect(model.counts).toBeNull();
    service.release();
    await loading;
    expect(model.loading).toBe(false);
    expect(model.error).toBeNull();
    expect(model.progress?.tables).toBe(3);
    expect(model.counts).toEqual({
      schemas: 2,
      tables: 3,
      columns: 4,
      tablesWithoutColumns: 1
    });
    expect(model.origin).toEqual({ source: 'vosi' });
    expect(model.rows.map(r => r.label)).toEqual(['dp02_dc2_catalogs', 'ivoa']);
    model.dispose();
  });

  it('walks the tree: expands schemas and tables, filters and keeps the selection', async () => {
    const service = new SlowTables();
    const model = browser(service.fetcher);
    const loading = model.setService('tap');
    await settle();
    service.release();
    await loading;
    model.toggle('s\u0000dp02_dc2_catalogs');
    expect(model.rows.map(r => r.label)).toEqual([
      'dp02_dc2_catalogs',
      'Object',
      'CcdVisit',
      'ivoa'
    ]);
    const object = model.rows[1];
    model.select(object.key);
    expect(model.selected?.table?.name).toBe('dp02_dc2_catalogs.Object');
    model.toggle(object.key);
    expect(model.rows.map(r => r.label).slice(2, 5)).toEqual([
      'objectId',
      'coord_ra',
      'coord_dec'
    ]);
    model.setFilter('ascension');
    expect(model.rows.map(r => r.label)).toEqual([
      'dp02_dc2_catalogs',
      'Object',
      'coord_ra'
    ]);
    model.setFilter('ascension', false);
    expect(model.rows).toEqual([]);
    model.dispose();
  });

  it('reads the columns of a table listed without them when it is opened in the tree', async () => {
    const fetcher: ServiceFetcher = async (_service, where) => {
      if (where === 'tables') {
        return new Response(TABLES);
      }
      if (where === `tables/${encodeURIComponent('ivoa.ObsCore')}`) {
        return new Response(
          TABLES.replace(/<schema><name>dp02[\s\S]*?<\/schema>/, '').replace(
            '<table><name>ivoa.ObsCore</name></table>',
            '<table><name>ivoa.ObsCore</name><column><name>access_url</name></column></table>'
          )
        );
      }
      return new Response('<cap:capabilities/>');
    };
    const model = browser(fetcher);
    await model.setService('tap');
    model.toggle('s\u0000ivoa');
    const obscore = model.rows.find(r => r.label === 'ObsCore');
    expect(obscore).toBeDefined();
    model.toggle(obscore?.key ?? '');
    await settle();
    expect(model.rows.map(r => r.label)).toContain('access_url');
    expect(model.counts?.tablesWithoutColumns).toBe(0);
    expect(model.counts?.columns).toBe(5);
    model.dispose();
  });

  it('says why the tables could not be read, and reads them again on request', async () => {
    let fail = true;
    const fetcher: ServiceFetcher = async (_service, where) => {
      if (where === 'tables' && fail) {
        throw new ServiceCallError('unauthorized', 'Token refused (401).', 401);
      }
      return new Response(where === 'tables' ? TABLES : '<cap:capabilities/>');
    };
    const model = browser(fetcher);
    await model.setService('tap');
    expect(model.error).toBe('Token refused (401).');
    expect(model.tableset).toBeNull();
    fail = false;
    await model.reload();
    expect(model.error).toBeNull();
    expect(model.counts?.tables).toBe(3);
    model.dispose();
  });

  it('a cancelled read is a note, not an error; a service chosen later wins over an older read', async () => {
    const service = new SlowTables();
    const model = browser(service.fetcher);
    const first = model.setService('tap');
    await settle();
    model.cancel();
    await first;
    expect(model.error).toBeNull();
    expect(model.cancelled).toBe(true);

    const older = model.setService('other');
    await settle();
    const newer = model.setService('tap');
    await settle();
    service.release();
    await Promise.all([older, newer]);
    expect(model.serviceId).toBe('tap');
    expect(model.error).toBeNull();
    expect(model.counts?.tables).toBe(3);
    model.dispose();
  });

  it('remembers its state and brings it back after a reload, for a service still there', async () => {
    const fetcher: ServiceFetcher = async (_service, where) =>
      new Response(where === 'tables' ? TABLES : '<cap:capabilities/>');
    const model = browser(fetcher);
    const saved: unknown[] = [];
    model.stateChanged.connect((_, state) => saved.push(state));
    await model.setService('tap');
    model.toggle('s\u0000dp02_dc2_catalogs');
    model.select('t\u0000dp02_dc2_catalogs.Object');
    model.setFilter('obj', false);
    const state = model.state;
    expect(state).toEqual({
      serviceId: 'tap',
      expanded: ['s\u0000dp02_dc2_catalogs'],
      selected: 't\u0000dp02_dc2_catalogs.Object',
      filter: 'obj',
      descriptions: false
    });
    expect(saved[saved.length - 1]).toEqual(state);

    const again = browser(fetcher);
    again.restore(state, ['tap']);
    await settle();
    expect(again.serviceId).toBe('tap');
    expect(again.filter).toEqual({ text: 'obj', descriptions: false });
    expect(again.selected?.table?.name).toBe('dp02_dc2_catalogs.Object');

    const gone = browser(fetcher);
    gone.restore(state, ['other']);
    expect(gone.serviceId).toBeNull();
    expect(gone.filter.text).toBe('obj');
    model.dispose();
    again.dispose();
    gone.dispose();
  });
});
