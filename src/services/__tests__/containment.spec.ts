/**
 * The containment cases the server's `proxy_path_for` is tested on too (one JSON file, read by
 * jupyterlab_rsp_api/tests/test_containment.py), so the two sides cannot drift.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import { ServerConnection } from '@jupyterlab/services';

import { IServiceDescription } from '../../tokens';
import {
  WARNING_HEADER,
  fetchFromService,
  pathProblem,
  proxyUrl,
  upstreamToProxyUrl
} from '../client';

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
    expect(got).toBe(
      c.proxied === null ? null : proxyUrl(c.service, c.proxied)
    );
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
    expect(proxyUrl('tap', 'sync?QUERY=a/../b')).toMatch(
      /sync\?QUERY=a\/\.\.\/b$/
    );
  });
});

describe('answers the proxy had to alter are not used as the service’s', () => {
  const answer = (status: number, headers: Record<string, string>): Response =>
    ({
      ok: status < 400,
      status,
      body: null,
      headers: { get: (name: string) => headers[name] ?? null },
      text: async () => 'Bad token ****'
    }) as unknown as Response;

  afterEach(() => jest.restoreAllMocks());

  it('turns a masked echo into an error that says so', async () => {
    jest.spyOn(ServerConnection, 'makeRequest').mockResolvedValue(
      answer(200, {
        [WARNING_HEADER]: 'TAP echoed the platform token in its answer'
      })
    );
    await expect(fetchFromService('tap', 'sync')).rejects.toThrow(
      'The answer was not used: TAP echoed the platform token in its answer.'
    );
  });

  it('adds the warning to a failure', async () => {
    jest.spyOn(ServerConnection, 'makeRequest').mockResolvedValue(
      answer(401, {
        [WARNING_HEADER]: 'TAP echoed the platform token in its answer'
      })
    );
    await expect(fetchFromService('tap', 'sync')).rejects.toMatchObject({
      kind: 'unauthorized',
      message: expect.stringContaining(
        'The proxy adds: TAP echoed the platform token'
      )
    });
  });

  it('passes unaltered answers', async () => {
    const plain = answer(200, {});
    jest.spyOn(ServerConnection, 'makeRequest').mockResolvedValue(plain);
    await expect(fetchFromService('tap', 'sync')).resolves.toBe(plain);
  });

  it('never builds a climbing request', async () => {
    const spy = jest.spyOn(ServerConnection, 'makeRequest');
    await expect(fetchFromService('tap', 'async/..')).rejects.toThrow(
      'is not a path inside tap'
    );
    expect(spy).not.toHaveBeenCalled();
  });
});
