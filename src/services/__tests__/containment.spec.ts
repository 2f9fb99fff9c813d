/**
 * The containment cases the server's `proxy_path_for` is tested on too (one JSON file, read by
 * jupyterlab_rsp_api/tests/test_containment.py), so the two sides cannot drift.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import { IServiceDescription } from '../../tokens';
import { pathProblem, proxyUrl, upstreamToProxyUrl } from '../client';

interface IContainmentCase {
  service: string;
  url: string;
  base?: string;
  proxied: string | null;
  unusable?: boolean;
  why: string;
}

const fixture = JSON.parse(
  readFileSync(
    join(
      __dirname,
      '../../../jupyterlab_rsp_api/tests/data/containment-cases.json'
    ),
    'utf-8'
  )
) as {
  services: { id: string; url: string }[];
  cases: IContainmentCase[];
};

const describe_ = (id: string, url: string): IServiceDescription => ({
  id,
  url,
  title: id,
  kind: 'tap',
  auth: 'platform-token',
  tokenApplies: true,
  source: 'config'
});

const services = new Map(
  fixture.services.map(s => [s.id, describe_(s.id, s.url)])
);

describe('upstreamToProxyUrl agrees with the server on containment', () => {
  it('reads enough cases', () => {
    expect(fixture.cases.length).toBeGreaterThan(80);
  });

  it.each(fixture.cases.map(c => [c.why, c] as const))('%s', (_, c) => {
    const service = services.get(c.service);
    expect(service).toBeDefined();
    const got = upstreamToProxyUrl(c.url, [service!], c.base);
    expect(got).toBe(c.proxied === null ? null : proxyUrl(c.service, c.proxied));
  });
});

describe('proxyUrl refuses paths that climb', () => {
  it.each([
    '..',
    'async/..',
    'async/%2e%2e/x',
    '..;/ssotap',
    '%2e%2e;jsessionid=1/x',
    'a%2fb',
    'a\\b',
    'a//b',
    'http:%2f%2fevil'
  ])('%s', path => {
    expect(pathProblem(path)).not.toBeNull();
    expect(() => proxyUrl('tap', path)).toThrow('is not a path inside tap');
  });

  it('keeps legitimate paths and queries', () => {
    expect(proxyUrl('tap', 'async/abc?PHASE=RUN')).toMatch(
      /\/jupyterlab-rsp-api\/proxy\/tap\/async\/abc\?PHASE=RUN$/
    );
    expect(proxyUrl('tap', 'sync?QUERY=a/../b')).toMatch(/sync\?QUERY=a\/\.\.\/b$/);
  });
});
