/**
 * A table's panel: the table found in its service's tables (read once with the sidebar's), its
 * columns listed, filtered and picked, its own preview with TOP and MAXREC, and what comes back
 * after a reload.
 */
import * as fs from 'fs';
import * as path from 'path';

import type { ServiceFetcher } from '../../services/client';
import { SchemaLoader } from '../../services/schema';
import { IColumnMeta } from '../../vo';
import { SharedTableLoads } from '../loads';
import { ServiceInfo } from '../serviceInfo';
import {
  DEFAULT_PREVIEW_TOP,
  MAX_PREVIEW_TOP,
  TableModel,
  listColumns
} from '../tableModel';
import { SlowTables, TABLES, settle } from './services';

const RESULT = fs.readFileSync(
  path.join(
    __dirname,
    '../../vo/__tests__/fixtures/dachs-unicode-tabledata.xml'
  ),
  'utf-8'
);

/** A service that answers /tables, capabilities and sync queries, and keeps the queries. */
function service(): { fetcher: ServiceFetcher; queries: URLSearchParams[] } {
  const queries: URLSearchParams[] = [];
  const fetcher: ServiceFetcher = async (_service, where, init) => {
    if (where === 'tables') {
      return new Response(TABLES);
    }
    if (where === 'sync') {
      queries.push(new URLSearchParams(String(init.body)));
      return new Response(RESULT);
    }
    return new Response('<cap:capabilities/>');
  };
  return { fetcher, queries };
}

function panel(fetcher: ServiceFetcher, table: string): TableModel {
  return new TableModel({
    serviceId: 'tap',
    table,
    fetcher,
    loader: new SharedTableLoads(new SchemaLoader(fetcher)),
    info: new ServiceInfo(fetcher)
  });
}

describe('TableModel', () => {
  it('finds its table in the service’s tables, by name as published or without case', async () => {
    const { fetcher } = service();
    const model = panel(fetcher, 'DP02_DC2_CATALOGS.object');
    expect(model.label).toBe('DP02_DC2_CATALOGS.object');
    await model.load('auto');
    expect(model.error).toBeNull();
    expect(model.loading).toBe(false);
    expect(model.name).toBe('dp02_dc2_catalogs.Object');
    expect(model.label).toBe('Object');
    expect(model.table?.columns?.map(c => c.name)).toEqual([
      'objectId',
      'coord_ra',
      'coord_dec'
    ]);
    expect(model.tableset?.schemas).toHaveLength(2);
    model.dispose();
  });

  it('says when the service does not list its table', async () => {
    const { fetcher } = service();
    const model = panel(fetcher, 'dp02_dc2_catalogs.Gone');
    await model.load('auto');
    expect(model.table).toBeNull();
    expect(model.error).toBe(
      'The service lists no table dp02_dc2_catalogs.Gone (any more): reload its tables in the TAP browser.'
    );
    model.dispose();
  });

  it('reads the tables once for the sidebar and every panel of the service', async () => {
    const slow = new SlowTables();
    const loader = new SharedTableLoads(new SchemaLoader(slow.fetcher));
    const info = new ServiceInfo(slow.fetcher);
    const panels = [
      'dp02_dc2_catalogs.Object',
      'dp02_dc2_catalogs.CcdVisit'
    ].map(
      table =>
        new TableModel({
          serviceId: 'tap',
          table,
          fetcher: slow.fetcher,
          loader,
          info
        })
    );
    const loads = panels.map(model => model.load('auto'));
    await settle();
    expect(panels.every(model => model.loading)).toBe(true);
    slow.release();
    await Promise.all(loads);
    expect(slow.reads).toBe(1);
    expect(panels.map(model => model.label)).toEqual(['Object', 'CcdVisit']);
    panels.forEach(model => model.dispose());
  });

  it('previews TOP n rows of the picked columns, with MAXREC n, and says how many it shows', async () => {
    const { fetcher, queries } = service();
    const model = panel(fetcher, 'dp02_dc2_catalogs.Object');
    await model.load('auto');
    expect(model.top).toBe(DEFAULT_PREVIEW_TOP);
    model.togglePick('coord_dec');
    model.togglePick('coord_ra');
    // In table order, whatever the order of the clicks.
    expect(model.picked).toEqual(['coord_ra', 'coord_dec']);
    model.setTop(5);
    await model.runPreview();
    expect(model.tab).toBe('preview');
    expect(queries[0].get('QUERY')).toBe(
      'SELECT TOP 5 coord_ra, coord_dec\nFROM dp02_dc2_catalogs.Object'
    );
    expect(queries[0].get('MAXREC')).toBe('5');
    const state = model.preview.state;
    expect(state?.state === 'done' && state.result.rows.length).toBe(5);

    model.togglePick('coord_ra');
    model.clearPicks();
    expect(model.picked).toEqual([]);
    model.setTop(0);
    expect(model.top).toBe(DEFAULT_PREVIEW_TOP);
    model.setTop(1e9);
    expect(model.top).toBe(MAX_PREVIEW_TOP);
    model.dispose();
  });

  it('remembers its tab, picks, TOP and preview, and runs the preview again when restored', async () => {
    const { fetcher, queries } = service();
    const model = panel(fetcher, 'dp02_dc2_catalogs.Object');
    const saved: unknown[] = [];
    model.stateChanged.connect((_, state) => saved.push(state));
    await model.load('auto');
    model.togglePick('objectId');
    model.setTop(3);
    await model.runPreview();
    const state = model.state;
    expect(state).toEqual({
      serviceId: 'tap',
      table: 'dp02_dc2_catalogs.Object',
      tab: 'preview',
      picked: ['objectId'],
      top: 3,
      previewed: true
    });
    expect(saved[saved.length - 1]).toEqual(state);

    const again = panel(fetcher, state.table);
    again.restore(state);
    await again.load('auto');
    await settle();
    expect(again.tab).toBe('preview');
    expect(again.picked).toEqual(['objectId']);
    expect(queries).toHaveLength(2);
    expect(queries[1].get('QUERY')).toBe(
      'SELECT TOP 3 objectId\nFROM dp02_dc2_catalogs.Object'
    );
    expect(again.preview.state?.state).toBe('done');
    model.dispose();
    again.dispose();
  });

  it('shows the column the user came for, past any filter', async () => {
    const { fetcher } = service();
    const model = panel(fetcher, 'dp02_dc2_catalogs.Object');
    await model.load('auto');
    model.setTab('examples');
    model.setColumnFilter('dec');
    expect(model.listed.map(c => c.name)).toEqual(['coord_dec']);
    model.reveal('coord_ra');
    expect(model.focusColumn).toBe('coord_ra');
    expect(model.tab).toBe('columns');
    expect(model.columnFilter).toBe('');
    expect(model.listed.map(c => c.name)).toContain('coord_ra');
    model.dispose();
  });
});

describe('listColumns', () => {
  const column = (
    name: string,
    more: Partial<IColumnMeta> = {}
  ): IColumnMeta => ({
    name,
    indexed: false,
    principal: false,
    std: false,
    primary: false,
    nullable: false,
    ...more
  });
  const columns = [
    column('objectId', { datatype: 'long', ucd: 'meta.id;meta.main' }),
    column('"size"', { datatype: 'int', description: 'Footprint area' }),
    column('coord_ra', { datatype: 'double', unit: 'deg', ucd: 'pos.eq.ra' }),
    column('g_flux', { datatype: 'float', unit: 'nJy', ucd: 'phot.flux' })
  ];

  it('filters on names without quotes, UCDs, units and descriptions, without case', () => {
    const names = (filter: string) =>
      listColumns(columns, filter, null).map(c => c.name);
    expect(names('SIZE')).toEqual(['"size"']);
    expect(names('pos.eq')).toEqual(['coord_ra']);
    expect(names('njy')).toEqual(['g_flux']);
    expect(names('footprint')).toEqual(['"size"']);
    expect(names('  ')).toHaveLength(4);
  });

  it('sorts by name as read, or by a field with the unset ones first', () => {
    expect(listColumns(columns, '', 'name').map(c => c.name)).toEqual([
      'coord_ra',
      'g_flux',
      'objectId',
      '"size"'
    ]);
    expect(listColumns(columns, '', 'unit').map(c => c.name)).toEqual([
      'objectId',
      '"size"',
      'coord_ra',
      'g_flux'
    ]);
    // The table's own order is untouched.
    expect(columns[0].name).toBe('objectId');
  });
});
