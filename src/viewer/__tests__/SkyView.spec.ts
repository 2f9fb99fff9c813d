/**
 * SkyView with Aladin Lite mocked (it cannot load under jest; Galata uses it for real): what it is
 * asked to load, and what the user reads when something is missing.
 */
import { Widget } from '@lumino/widgets';

import { IHipsSurvey } from '../../vo';

const calls: { method: string; args: unknown[] }[] = [];

jest.mock(
  'aladin-lite',
  () => {
    const record =
      (method: string, result?: unknown) =>
      (...args: unknown[]) => {
        calls.push({ method, args });
        return result;
      };
    const view = {
      setImageSurvey: record('setImageSurvey'),
      gotoRaDec: record('gotoRaDec'),
      getRaDec: () => [55.8, -32.1],
      getFov: () => [0.3, 0.2],
      on: record('on'),
      addCatalog: record('addCatalog'),
      addOverlay: record('addOverlay'),
      setFoV: record('setFoV')
    };
    return {
      __esModule: true,
      default: {
        init: Promise.resolve(),
        aladin: record('aladin', view),
        HiPS: (url: string, options: Record<string, unknown>) => ({
          url,
          options
        }),
        catalog: (options: unknown) => {
          calls.push({ method: 'catalog', args: [options] });
          return { addSources: record('addSources') };
        },
        source: (ra: number, dec: number, data: unknown) => ({ ra, dec, data }),
        graphicOverlay: () => ({ add: record('overlay.add') }),
        polygon: (vertices: unknown) => ({ vertices })
      }
    };
  },
  { virtual: true }
);

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { SkyView } = require('../SkyView') as typeof import('../SkyView');

const SURVEY: IHipsSurvey = {
  id: 'ivo://rsp.demo/P/dp02/deep_coadd/band_g',
  title: 'g band',
  url: 'http://gateway/api/hips/v2/dp02/deep_coadd/band_g',
  frame: 'equatorial',
  maxOrder: 10,
  tileFormats: ['png', 'fits'],
  initialRa: 55.832,
  initialDec: -32.142,
  initialFov: 0.3,
  properties: {}
};

async function open(
  surveys: () => Promise<IHipsSurvey[]>,
  tiles: (s: IHipsSurvey) => string | null = s =>
    s.url.replace('http://gateway/api/hips/v2/dp02', 'http://lab/proxy/hips')
) {
  const view = new SkyView(surveys, tiles);
  Widget.attach(view, document.body);
  await view.ready;
  return view;
}

describe('SkyView', () => {
  beforeEach(() => calls.splice(0));

  it('shows the survey through the proxy, with no log, no default survey and no public proxy', async () => {
    const view = await open(async () => [SURVEY]);
    const [options] = calls.find(c => c.method === 'aladin')?.args.slice(1) as [
      Record<string, unknown>
    ];
    expect(options).toMatchObject({
      log: false,
      hipsList: [],
      fov: 0.3,
      target: '55.832 -32.142',
      survey: {
        url: 'http://lab/proxy/hips/deep_coadd/band_g',
        options: expect.objectContaining({ useProxy: false, imgFormat: 'png' })
      }
    });
    expect(view.node.querySelector('[role="alert"]')).toBeNull();
    view.dispose();
  });

  it('goes to a typed position and says when it cannot read one', async () => {
    const view = await open(async () => [SURVEY]);
    view.goTo('03:43:00 -32:13:00');
    expect(calls.find(c => c.method === 'gotoRaDec')?.args).toEqual([
      expect.closeTo(55.75, 6),
      expect.closeTo(-32.2167, 3)
    ]);
    view.goTo('Andromeda');
    expect(view.node.querySelector('[role="alert"]')?.textContent).toContain(
      'is not a sky position'
    );
    view.dispose();
  });

  it('draws rows and footprints as layers, giving Aladin Lite no row values to write as HTML', async () => {
    const view = await open(async () => [SURVEY]);
    view.showRows('rows', [
      { ra: 55.8, dec: -32.1, data: { id: '<img src=x onerror=alert(1)>' } }
    ]);
    view.showFootprint([
      { ra: 1, dec: 1 },
      { ra: 2, dec: 1 },
      { ra: 2, dec: 2 }
    ]);
    expect(calls.find(c => c.method === 'addSources')?.args[0]).toEqual([
      { ra: 55.8, dec: -32.1, data: {} }
    ]);
    expect(calls.find(c => c.method === 'overlay.add')?.args[0]).toEqual({
      vertices: [
        [1, 1],
        [2, 1],
        [2, 2]
      ]
    });
    view.dispose();
  });

  it('says with the rows what their result could not give, as an alert when rows are missing', async () => {
    const view = await open(async () => [SURVEY]);
    view.showRows('Preview of t', [{ ra: 55.8, dec: -32.1, data: {} }], {
      text: 'The binary data of the table ends inside row 2: … 1 row of 2 has no readable position and is not drawn.',
      error: true
    });
    expect(view.node.querySelector('[role="alert"]')?.textContent).toBe(
      'Preview of t: The binary data of the table ends inside row 2: … 1 row of 2 has no readable position and is not drawn.'
    );
    view.showRows('Preview of u', [], {
      text: 'More rows exist (MAXREC reached).',
      error: false
    });
    expect(view.node.querySelector('[role="status"]')?.textContent).toBe(
      'Preview of u: More rows exist (MAXREC reached).'
    );
    view.dispose();
  });

  it('shows a clicked row whole, in the lab colours, as text', async () => {
    const view = await open(async () => [SURVEY]);
    const id = '1651589610221862935';
    const obsId = 'calexp_1172_R22_S11_i_with_a_long_name_that_goes_on_and_on';
    view.showRows('dp02_dc2_catalogs.Object', [
      {
        ra: 55.8,
        dec: -32.1,
        data: { objectId: id, obs_id: obsId, note: '<b>bold?</b>' }
      }
    ]);
    const row = view.node.querySelector<HTMLElement>('.jp-RspApi-SkyRow');
    expect(row?.hidden).toBe(true);
    const [options] = calls.find(c => c.method === 'catalog')?.args as [
      { onClick: (source: unknown) => void }
    ];
    const [sources] = calls.find(c => c.method === 'addSources')?.args as [
      unknown[]
    ];
    options.onClick(sources[0]);
    expect(row?.hidden).toBe(false);
    expect(row?.getAttribute('aria-label')).toBe(
      'Row of dp02_dc2_catalogs.Object'
    );
    expect(row?.querySelector('.jp-RspApi-SkyRow-title')?.textContent).toBe(
      'dp02_dc2_catalogs.Object'
    );
    const cells = [...(row?.querySelectorAll('tr') ?? [])].map(tr => [
      tr.querySelector('th')?.textContent,
      tr.querySelector('td')?.textContent
    ]);
    expect(cells).toEqual([
      ['objectId', id],
      ['obs_id', obsId],
      ['note', '<b>bold?</b>']
    ]);
    expect(row?.querySelector('b')).toBeNull();
    row
      ?.querySelector<HTMLButtonElement>('button[aria-label="Close the row"]')
      ?.click();
    expect(row?.hidden).toBe(true);
    view.dispose();
  });

  it('brings rows out of sight into view and says so; rows in view leave it be', async () => {
    const view = await open(async () => [SURVEY]);
    // The mock looks at 55.8 -32.1 with a 0.3° × 0.2° field.
    view.showRows('near', [{ ra: 55.82, dec: -32.12, data: {} }]);
    expect(calls.some(c => c.method === 'setFoV')).toBe(false);
    expect(view.node.querySelector('[role="status"]')?.textContent).toBe('');

    view.showRows('far', [
      { ra: 150.0, dec: 2.0, data: {} },
      { ra: 150.2, dec: 2.2, data: {} }
    ]);
    const [ra, dec] = calls.filter(c => c.method === 'gotoRaDec').pop()
      ?.args as [number, number];
    expect(ra).toBeCloseTo(150.1, 2);
    expect(dec).toBeCloseTo(2.1, 2);
    const [fov] = calls.find(c => c.method === 'setFoV')?.args as [number];
    expect(fov).toBeGreaterThan(0.28);
    expect(fov).toBeLessThan(0.4);
    expect(view.node.querySelector('[role="status"]')?.textContent).toBe(
      'far: The view moved to show all 2 rows; 2 were out of sight.'
    );

    view.showRows('some', [
      { ra: 55.8, dec: -32.1, data: {} },
      { ra: 56.5, dec: -32.1, data: {} }
    ]);
    expect(view.node.querySelector('[role="status"]')?.textContent).toBe(
      'some: The view moved to show all 2 rows; 1 was out of sight.'
    );
    view.dispose();
  });

  it('labels the cutout radius with its unit', async () => {
    const view = new SkyView(
      async () => [SURVEY],
      () => null,
      undefined,
      async () => undefined
    );
    const label = view.node.querySelector('.jp-RspApi-RadiusLabel');
    expect(label?.textContent).toBe('Radiusarcsec');
    expect(label?.querySelector('input')?.getAttribute('aria-label')).toBe(
      'Cutout radius (arcsec)'
    );
    view.dispose();
  });

  it('says why there is no sky instead of drawing an empty one', async () => {
    const none = await open(async () => []);
    expect(none.node.querySelector('[role="alert"]')?.textContent).toContain(
      'No HiPS survey is configured'
    );
    none.dispose();
    const broken = await open(async () => {
      throw new Error('the HiPS list could not be read: 502');
    });
    expect(broken.node.querySelector('[role="alert"]')?.textContent).toContain(
      'could not start: the HiPS list could not be read: 502'
    );
    broken.dispose();
    const foreign = await open(
      async () => [SURVEY],
      () => null
    );
    expect(foreign.node.querySelector('[role="alert"]')?.textContent).toContain(
      'is not served by a service of this lab'
    );
    expect(calls.some(c => c.method === 'aladin')).toBe(false);
    foreign.dispose();
  });
});
