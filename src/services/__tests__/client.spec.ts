import { IServiceDescription } from '../../tokens';
import { proxyUrl, upstreamToProxyUrl } from '../client';

const service = (id: string, url: string): IServiceDescription => ({
  id,
  url,
  title: id,
  kind: 'tap',
  auth: 'platform-token',
  tokenApplies: true,
  source: 'config'
});

describe('upstreamToProxyUrl', () => {
  const services = [
    service('tap', 'https://data.example.org/api/tap'),
    service('tap-live', 'https://data.example.org/api/tap/live'),
    service('sia', 'https://data.example.org/api/sia/dp02/')
  ];

  it('maps a job URL under a service onto the proxy', () => {
    expect(
      upstreamToProxyUrl('https://data.example.org/api/tap/async/abc', services)
    ).toBe(proxyUrl('tap', 'async/abc'));
  });

  it('prefers the longest matching base', () => {
    expect(
      upstreamToProxyUrl('https://data.example.org/api/tap/live/sync', services)
    ).toBe(proxyUrl('tap-live', 'sync'));
  });

  it('keeps the query string', () => {
    expect(
      upstreamToProxyUrl(
        'https://data.example.org/api/sia/dp02/query?POS=CIRCLE',
        services
      )
    ).toBe(proxyUrl('sia', 'query?POS=CIRCLE'));
  });

  it('refuses URLs that only share a prefix or lie elsewhere', () => {
    expect(
      upstreamToProxyUrl('https://data.example.org/api/tapestry', services)
    ).toBeNull();
    expect(
      upstreamToProxyUrl('https://evil.example.com/api/tap/async', services)
    ).toBeNull();
  });
});
