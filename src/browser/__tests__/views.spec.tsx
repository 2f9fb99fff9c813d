/**
 * What the table panel and the sidebar put on the screen, drawn by React in jsdom: descriptions
 * and UCDs as text (not tooltips), the counts, the tabs, and Enter in the tree opening a panel.
 */
import { ReactWidget } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import type { ServiceFetcher } from '../../services/client';
import { SchemaLoader } from '../../services/schema';
import type { IServicesModel } from '../../tokens';
import { SchemaBrowser } from '../SchemaBrowser';
import { TableView } from '../TablePanel';
import { SharedTableLoads } from '../loads';
import { BrowserModel } from '../model';
import { ServiceInfo } from '../serviceInfo';
import { TableModel } from '../tableModel';
import { IBrowserActions, ITableActions } from '../types';
import { TABLES } from './services';

const RESULT = `<VOTABLE xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="OK"/><TABLE><FIELD name="objectId" datatype="long"/>
<DATA><TABLEDATA><TR><TD>1</TD></TR><TR><TD>2</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;

const fetcher: ServiceFetcher = async (_service, where) =>
  new Response(
    where === 'tables' ? TABLES : where === 'sync' ? RESULT : '<x/>'
  );

const entries = [
  {
    description: {
      id: 'tap',
      title: 'DP0.2 catalogs (TAP)',
      kind: 'tap',
      url: 'http://localhost:8081/api/tap',
      auth: 'platform-token',
      tokenApplies: true,
      source: 'config'
    },
    availability: { state: 'available' }
  }
];
const services = {
  services: entries,
  userServicesAllowed: false,
  find: (id: string) => entries.find(e => e.description.id === id)
} as unknown as IServicesModel;

const tableActions: ITableActions = {
  insertQuery: jest.fn(),
  insertAsync: jest.fn(),
  insertCone: jest.fn(),
  insertJoin: jest.fn(),
  insertAdql: jest.fn(),
  insertExample: jest.fn(),
  exampleSettings: () => ({
    coneCenter: [62, -37],
    coneRadiusDeg: 0.05,
    top: 10
  }),
  copy: jest.fn()
};

const browserActions: IBrowserActions = {
  forService: () => tableActions,
  openTable: jest.fn(),
  showOnSky: jest.fn(),
  viewCutout: jest.fn(),
  copy: jest.fn(),
  canFetch: () => true,
  addService: jest.fn(),
  removeService: jest.fn()
};

let drawn: Widget | null = null;

/** Draw a view as the lab does, in a ReactWidget attached to the page; its node is returned. */
async function draw(element: JSX.Element): Promise<HTMLElement> {
  drawn?.dispose();
  const widget = ReactWidget.create(element);
  drawn = widget;
  Widget.attach(widget, document.body);
  await widget.renderPromise;
  return widget.node;
}

afterEach(() => {
  drawn?.dispose();
  drawn = null;
});

describe('the table panel', () => {
  async function loaded(): Promise<TableModel> {
    const model = new TableModel({
      serviceId: 'tap',
      table: 'dp02_dc2_catalogs.Object',
      fetcher,
      loader: new SharedTableLoads(new SchemaLoader(fetcher)),
      info: new ServiceInfo(fetcher)
    });
    await model.load('auto');
    return model;
  }

  function panel(model: TableModel): Promise<HTMLElement> {
    return draw(
      <TableView
        model={model}
        serviceTitle="DP0.2 catalogs (TAP)"
        actions={tableActions}
        results={browserActions}
        idPrefix="t"
      />
    );
  }

  it('shows the description, and every column’s type, unit, UCD and description as text', async () => {
    const model = await loaded();
    const host = await panel(model);
    expect(host.textContent).toContain('Objects on the coadds');
    expect(host.textContent).toContain('on DP0.2 catalogs (TAP)');
    expect(host.textContent).toContain('3 columns');
    const cells = [...host.querySelectorAll('tbody tr')].map(row =>
      [...row.querySelectorAll('td')].slice(1).map(td => td.textContent)
    );
    expect(cells[1]).toEqual([
      'coord_ra',
      'double',
      'deg',
      'pos.eq.ra;meta.main',
      'Right ascension'
    ]);
    const tabs = [...host.querySelectorAll('[role="tab"]')].map(
      tab => tab.textContent
    );
    expect(tabs[0]).toBe('Columns (3)');
    model.dispose();
  });

  it('previews in its own tab, saying how many rows it shows of how many came', async () => {
    const model = await loaded();
    await model.runPreview();
    const host = await panel(model);
    expect(
      host.querySelector('[role="tab"][aria-selected="true"]')?.textContent
    ).toBe('Preview (2 rows)');
    expect(host.querySelector('.jp-RspApi-ResultCounts')?.textContent).toBe(
      '2 rows shown of 2 returned'
    );
    expect(
      host.querySelectorAll(
        '[aria-label="Preview of dp02_dc2_catalogs.Object"] tbody tr'
      )
    ).toHaveLength(2);
    model.dispose();
  });

  it('filters the columns and says how many match', async () => {
    const model = await loaded();
    model.setColumnFilter('pos.eq');
    const host = await panel(model);
    expect(host.querySelector('.jp-RspApi-Count')?.textContent).toBe(
      '2 of 3 columns'
    );
    model.dispose();
  });
});

describe('the TAP browser in the sidebar', () => {
  it('says how much it read, and Enter on a table opens its panel', async () => {
    const model = new BrowserModel(
      new SharedTableLoads(new SchemaLoader(fetcher)),
      new ServiceInfo(fetcher)
    );
    await model.setService('tap');
    model.toggle('s\u0000dp02_dc2_catalogs');
    model.select('t\u0000dp02_dc2_catalogs.Object');
    const host = await draw(
      <SchemaBrowser
        model={model}
        services={services}
        actions={browserActions}
      />
    );
    expect(host.querySelector('.jp-RspApi-Counts')?.textContent).toBe(
      '2 schemas, 3 tables, 4 columns read (the columns of 1 table are read when opened)'
    );
    const tree = host.querySelector('[role="tree"]') as HTMLElement;
    expect(tree.textContent).toContain('2 tables');
    tree.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })
    );
    expect(browserActions.openTable).toHaveBeenCalledWith(
      'tap',
      expect.objectContaining({ name: 'dp02_dc2_catalogs.Object' }),
      { column: undefined, toTheSide: false }
    );
    model.dispose();
  });
});
