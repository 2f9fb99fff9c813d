/**
 * The token rule in generated code: only services the server marks as token-protected get the
 * token, and then only for the platform's own origins. The snippets written here are executed in
 * a real kernel by jupyterlab_rsp_api/tests/test_generated_code.py against the demo platform and
 * a canary service that records every header it receives.
 */
import * as fs from 'fs';
import * as path from 'path';

import {
  IServiceRef,
  LSST_RSP_TAP_NAMES,
  RESULTS_CHECK,
  SESSION_HELPER,
  asyncQueryCode,
  coneQueryCode,
  cutoutCode,
  reattachJobCode,
  selectTop,
  serviceRef,
  serviceRefForUrl,
  syncQueryCode
} from '..';
import kernelCode from '../kernel-code.json';

const FIXTURE = path.join(
  __dirname,
  '../../../jupyterlab_rsp_api/tests/data/generated-code.json'
);

const platform: IServiceRef = {
  id: 'tap',
  url: 'http://localhost:8081/api/tap',
  title: 'Demo catalogs',
  tokenOrigins: ['http://localhost:8081']
};
// Stands for a third party the user added; the kernel test puts the canary's address here.
const canary: IServiceRef = {
  id: 'user-canary',
  url: 'http://canary.test/api/tap',
  title: 'A third party',
  tokenOrigins: []
};
const OBJECT = 'dp02_dc2_catalogs.Object';
// Placeholders the kernel test replaces with an image of the demo and its centre.
const DATALINK_ID = '__DATALINK_ID__';
const [RA, DEC] = [11.111111, -22.222222];

function snippetsFor(
  name: string,
  service: IServiceRef
): Record<string, string> {
  const origin = new URL(service.url).origin;
  const datalink: IServiceRef = {
    ...service,
    id: `${service.id}-datalink`,
    url: `${origin}/api/datalink`
  };
  const query = {
    service,
    query: selectTop({
      table: OBJECT,
      columns: ['objectId', 'coord_ra'],
      top: 5
    }),
    maxrec: 5,
    subject: OBJECT
  };
  const tabledata = 'application/x-votable+xml;serialization=TABLEDATA';
  return {
    [`sync-${name}`]: syncQueryCode({ ...query, mode: 'pyvo' }),
    [`sync-tabledata-${name}`]: syncQueryCode({
      ...query,
      mode: 'pyvo',
      tabledata
    }),
    [`async-tabledata-${name}`]: asyncQueryCode({
      ...query,
      mode: 'pyvo',
      tabledata
    }),
    [`sync-lsst.rsp-${name}`]: syncQueryCode({ ...query, mode: 'lsst.rsp' }),
    [`async-${name}`]: asyncQueryCode({ ...query, mode: 'pyvo' }),
    [`cone-${name}`]: coneQueryCode({
      mode: 'pyvo',
      service,
      table: OBJECT,
      raColumn: 'coord_ra',
      decColumn: 'coord_dec',
      ra: 55.8,
      dec: -32.1,
      radiusDeg: 0.05,
      top: 5,
      columns: ['objectId', 'coord_ra', 'coord_dec']
    }),
    [`reattach-${name}`]: reattachJobCode({
      mode: 'pyvo',
      service,
      jobUrl: `${service.url}/async/__JOB_ID__`
    }),
    [`cutout-${name}`]: cutoutCode({
      mode: 'pyvo',
      service: datalink,
      datalinkUrl: `${origin}/api/datalink/links?ID=${DATALINK_ID}`,
      ra: RA,
      dec: DEC,
      radiusDeg: 0.005,
      fileName: `cutout-${name}.fits`
    })
  };
}

// DaCHS's binary answer misaligns after the first emoji: the kernel test expects a clear error
// from the checked read and all 100 rows from TABLEDATA.
const emoji = {
  mode: 'pyvo' as const,
  service: platform,
  query: 'SELECT TOP 100 * FROM quirks.oddities',
  maxrec: 100,
  subject: 'quirks.oddities'
};
const snippets: Record<string, string> = {
  ...snippetsFor('platform', platform),
  ...snippetsFor('canary', canary),
  'emoji-checked-platform': syncQueryCode(emoji),
  'emoji-tabledata-platform': syncQueryCode({
    ...emoji,
    tabledata: 'application/x-votable+xml;serialization=TABLEDATA'
  })
};

describe('the token in generated code', () => {
  it('comes from the one kernel-side source', () => {
    expect(SESSION_HELPER).toBe(kernelCode.sessionHelper);
    expect([...LSST_RSP_TAP_NAMES]).toEqual(kernelCode.lsstRspTapNames);
    expect(SESSION_HELPER).toContain('def rsp_session(token_origins');
    expect(RESULTS_CHECK).toBe(kernelCode.resultsCheck);
    expect(RESULTS_CHECK).toContain('def checked_results(source');
  });

  it('never reaches a service the server does not mark', () => {
    for (const [name, code] of Object.entries(snippets)) {
      if (!name.endsWith('-canary')) {
        continue;
      }
      for (const word of [
        'rsp_session',
        'TOKEN',
        'Authorization',
        'get_pyvo_auth',
        'lsst.rsp',
        'get_tap_service',
        'retrieve_query'
      ]) {
        expect({ name, found: code.includes(word) }).toEqual({
          name,
          found: false
        });
      }
    }
  });

  it('goes to the platform only, scoped to its origins', () => {
    for (const [name, code] of Object.entries(snippets)) {
      if (name.endsWith('-platform') && !name.includes('lsst.rsp')) {
        expect(code).toContain(SESSION_HELPER.trimEnd());
        expect(code).toContain('rsp_session(["http://localhost:8081"])');
      }
    }
    // lsst.rsp's own client only for the platform's token-protected services it knows.
    expect(snippets['sync-lsst.rsp-platform']).toContain(
      'get_tap_service("tap")'
    );
    const renamed = syncQueryCode({
      mode: 'lsst.rsp',
      service: { ...platform, id: 'gaia' },
      query: 'SELECT 1',
      maxrec: 1,
      subject: 'x'
    });
    expect(renamed).not.toContain('lsst.rsp');
    expect(renamed).toContain('rsp_session(');
    const unmarked = syncQueryCode({
      mode: 'lsst.rsp',
      service: { ...platform, tokenOrigins: [] },
      query: 'SELECT 1',
      maxrec: 1,
      subject: 'x'
    });
    expect(unmarked).not.toContain('lsst.rsp');
    expect(unmarked).not.toContain('rsp_session');
  });

  it('follows what the server says, not the id or the host', () => {
    const origins = ['http://localhost:8081'];
    const described = {
      id: 'tap',
      url: 'http://localhost:8081/api/tap',
      title: 'TAP'
    };
    expect(
      serviceRef({ ...described, tokenApplies: true }, origins).tokenOrigins
    ).toEqual(origins);
    // A user's service on the platform's own host still gets no token.
    expect(
      serviceRef({ ...described, tokenApplies: false }, origins).tokenOrigins
    ).toEqual([]);
  });

  it('finds the service of a DataLink URL as requests resolves it', () => {
    const services = [
      {
        id: 'tap',
        url: 'https://rsp.example/api/tap',
        title: 'TAP',
        tokenApplies: true
      },
      {
        id: 'datalink',
        url: 'https://rsp.example/api/datalink/',
        title: 'DataLink',
        tokenApplies: true
      },
      {
        id: 'user-1',
        url: 'https://rsp.example/api/datalink/mirror',
        title: 'Mine',
        tokenApplies: false
      }
    ];
    const origins = ['https://rsp.example:443'];
    const of = (url: string) =>
      serviceRefForUrl(url, services, origins)?.id ?? null;
    expect(of('https://rsp.example/api/datalink/links?ID=x')).toBe('datalink');
    expect(of('https://rsp.example:443/api/datalink/links')).toBe('datalink');
    expect(of('https://rsp.example/api/datalink/mirror/links')).toBe('user-1');
    expect(of('https://rsp.example/api/datalink/../tap/sync')).toBe('tap');
    expect(of('https://rsp.example/api/datalinker')).toBeNull();
    expect(of('https://evil.example/api/datalink/links')).toBeNull();
    expect(of('https://u:p@rsp.example/api/datalink/links')).toBeNull();
    expect(of('not a url')).toBeNull();
    expect(
      serviceRefForUrl(
        'https://rsp.example/api/datalink/mirror/links',
        services,
        origins
      )?.tokenOrigins
    ).toEqual([]);
  });

  it('reads rows as TABLEDATA where offered, else checks the binary answer', () => {
    expect(snippets['sync-tabledata-platform']).toContain(
      'responseformat="application/x-votable+xml;serialization=TABLEDATA"'
    );
    expect(snippets['sync-tabledata-platform']).not.toContain(
      'checked_results'
    );
    expect(snippets['sync-platform']).toContain(RESULTS_CHECK.trimEnd());
    expect(snippets['sync-platform']).toContain(
      'checked_results(service.create_query(query, maxrec=5)).to_table()'
    );
    expect(snippets['reattach-canary']).toContain('checked_results(job)');
    // A job is deleted whatever its fate.
    expect(snippets['async-canary']).toMatch(
      /try:\n {4}job\.run\(\)[\s\S]*\nfinally:\n {4}job\.delete\(\)/
    );
    expect(snippets['cone-canary']).toContain(
      'SELECT TOP 5 objectId, coord_ra, coord_dec'
    );
  });

  it('writes the snippets the kernel test runs', () => {
    const text = JSON.stringify(snippets, null, 2) + '\n';
    if (process.env.RSP_API_UPDATE_GENERATED_CODE) {
      fs.writeFileSync(FIXTURE, text);
    }
    const current = fs.existsSync(FIXTURE)
      ? fs.readFileSync(FIXTURE, 'utf-8')
      : '';
    // When codegen changes: RSP_API_UPDATE_GENERATED_CODE=1 npx jest src/codegen
    expect(current).toBe(text);
  });
});
