import { describeFailure, summarizeBody } from '../errors';

describe('describeFailure', () => {
  it('uses the proxy message for errors the proxy raised itself', () => {
    const error = describeFailure({
      status: 401,
      proxyErrorType: 'no_token',
      body: JSON.stringify({
        error: {
          type: 'no_token',
          message: 'No token: tried /etc/nublado/secrets/token'
        }
      }),
      serviceId: 'tap'
    });
    expect(error.kind).toBe('no-token');
    expect(error.message).toBe('No token: tried /etc/nublado/secrets/token');
  });

  it('still explains a proxy error whose body is not our JSON', () => {
    const error = describeFailure({
      status: 502,
      proxyErrorType: 'upstream_unreachable',
      body: '<html>oops</html>',
      serviceId: 'tap',
      serviceTitle: 'DP0.2 catalogs'
    });
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain('DP0.2 catalogs');
  });

  it('reads an upstream 401 as an expired or refused token', () => {
    const error = describeFailure({
      status: 401,
      proxyErrorType: null,
      body: '<html><head><title>401 Authorization Required</title></head></html>',
      serviceId: 'tap',
      serviceTitle: 'TAP'
    });
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/expired/);
  });

  it('summarizes an HTML error page by its title, never its markup', () => {
    const error = describeFailure({
      status: 503,
      proxyErrorType: null,
      body: '<html><head><title>Service\n Unavailable</title></head><body><script>x()</script></body></html>',
      serviceId: 'sia'
    });
    expect(error.kind).toBe('upstream-error');
    expect(error.message).toContain('Service Unavailable');
    expect(error.message).not.toContain('<');
  });

  it.each([
    [403, 'forbidden'],
    [404, 'not-found'],
    [400, 'bad-request'],
    [500, 'upstream-error']
  ])('maps HTTP %i to %s', (status, kind) => {
    expect(
      describeFailure({
        status,
        proxyErrorType: null,
        body: '',
        serviceId: 'x'
      }).kind
    ).toBe(kind);
  });
});

describe('summarizeBody', () => {
  it('shortens long text', () => {
    expect(summarizeBody('a'.repeat(1000), 10)).toBe(`${'a'.repeat(10)}…`);
  });
});
