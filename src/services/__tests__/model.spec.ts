import * as fs from 'fs';
import * as path from 'path';

import { IServiceDescription, IServicesResponse } from '../../tokens';
import type { ServiceFetcher } from '../client';
import { ServiceCallError } from '../errors';
import { ServicesModel } from '../model';

const CORPUS =
  process.env.RSP_API_CORPUS ??
  path.resolve(__dirname, '../../../../shared/testdata/vo-corpus');

function corpusDocument(kind: string, name: string): string {
  return fs.readFileSync(path.join(CORPUS, kind, name), 'utf-8');
}

function textResponse(body: string): Response {
  // Only text() is read by the availability probe.
  return {
    ok: true,
    status: 200,
    text: async () => body
  } as unknown as Response;
}

const service = (
  id: string,
  kind: IServiceDescription['kind'] = 'tap'
): IServiceDescription => ({
  id,
  kind,
  title: id.toUpperCase(),
  url: `https://data.example.org/api/${id}`,
  auth: 'platform-token',
  tokenApplies: true,
  source: 'discovery'
});

const listing = (services: IServiceDescription[]): IServicesResponse => ({
  services,
  onPlatform: true,
  token: {
    available: true,
    status: 'ok',
    source: 'env:ACCESS_TOKEN',
    message: ''
  },
  problems: []
});

const notAsked = async (): Promise<never> => {
  throw new Error('No URL is checked in this test.');
};

describe('ServicesModel', () => {
  it('checks each service with the real availability documents services send', async () => {
    const up = corpusDocument(
      'availability',
      'lsst-sqre__sia__tests__data__responses__availability-success.xml'
    );
    const down = corpusDocument(
      'availability',
      'lsst-sqre__sia__tests__data__responses__availability-404.xml'
    );
    const fetcher: ServiceFetcher = async serviceId => {
      if (serviceId === 'expired') {
        throw new ServiceCallError(
          'unauthorized',
          'token refused',
          401,
          serviceId
        );
      }
      if (serviceId === 'hips') {
        return textResponse('creator_did = ivo://x/P/hips\n');
      }
      return textResponse(serviceId === 'sia' ? down : up);
    };
    const model = new ServicesModel({
      checkUserService: notAsked,
      loadServices: async () =>
        listing([
          service('tap'),
          service('sia', 'sia'),
          service('expired'),
          service('hips', 'hips')
        ]),
      fetcher
    });
    let changes = 0;
    model.changed.connect(() => changes++);
    await model.refresh();

    expect(model.find('tap')?.availability.state).toBe('available');
    const sia = model.find('sia')?.availability;
    expect(sia?.state).toBe('unavailable');
    expect(sia && 'note' in sia ? sia.note : '').toMatch(/\S/);
    expect(model.find('expired')?.availability).toEqual({
      state: 'unauthorized',
      note: 'token refused'
    });
    expect(model.find('hips')?.availability.state).toBe('available');
    expect(model.onPlatform).toBe(true);
    expect(changes).toBeGreaterThan(2);
  });

  it('falls back to capabilities when a service has no availability endpoint', async () => {
    const asked: string[] = [];
    const fetcher: ServiceFetcher = async (serviceId, servicePath) => {
      asked.push(servicePath);
      if (servicePath === 'availability') {
        throw new ServiceCallError(
          'not-found',
          'no such resource',
          404,
          serviceId
        );
      }
      return textResponse('<capabilities/>');
    };
    const model = new ServicesModel({
      checkUserService: notAsked,
      loadServices: async () => listing([service('tap')]),
      fetcher
    });
    await model.refresh();
    expect(asked).toEqual(['availability', 'capabilities']);
    expect(model.find('tap')?.availability.state).toBe('available');
  });

  it('says what went wrong with a document that is not availability', async () => {
    const model = new ServicesModel({
      checkUserService: notAsked,
      loadServices: async () => listing([service('tap')]),
      fetcher: async () =>
        textResponse('<html><title>Bad Gateway</title></html>')
    });
    await model.refresh();
    const state = model.find('tap')?.availability;
    expect(state?.state).toBe('error');
  });

  it('marks a silent service unreachable once its time is up', async () => {
    const fetcher: ServiceFetcher = (serviceId, servicePath, init) =>
      new Promise((_, reject) => {
        init.signal?.addEventListener('abort', () =>
          reject(
            new ServiceCallError('cancelled', 'Cancelled.', null, serviceId)
          )
        );
      });
    const model = new ServicesModel({
      checkUserService: notAsked,
      loadServices: async () => listing([service('tap')]),
      fetcher,
      probeTimeoutMs: 50
    });
    await model.refresh();
    const state = model.find('tap')?.availability;
    expect(state?.state).toBe('unreachable');
  });

  it('keeps the list usable when the server extension itself fails', async () => {
    let fail = true;
    const model = new ServicesModel({
      checkUserService: notAsked,
      loadServices: async () => {
        if (fail) {
          throw new ServiceCallError(
            'network',
            'The Jupyter server did not answer.'
          );
        }
        return listing([service('tap')]);
      },
      fetcher: async () =>
        textResponse('<availability><available>true</available></availability>')
    });
    await model.refresh();
    expect(model.loadError).toBe('The Jupyter server did not answer.');
    expect(model.loading).toBe(false);
    fail = false;
    await model.refresh();
    expect(model.loadError).toBeNull();
    expect(model.services).toHaveLength(1);
  });

  it('probes a HiPS service at its list, so the usual case requests nothing missing', async () => {
    const asked: string[] = [];
    const model = new ServicesModel({
      checkUserService: notAsked,
      loadServices: async () => listing([service('hips', 'hips')]),
      fetcher: async (_, servicePath) => {
        asked.push(servicePath);
        return textResponse('creator_did = ivo://x/P/hips\n');
      }
    });
    await model.refresh();
    expect(asked).toEqual(['list']);
    expect(model.find('hips')?.availability.state).toBe('available');
  });

  it('probes a single HiPS survey at its properties when it has no list', async () => {
    const asked: string[] = [];
    const model = new ServicesModel({
      checkUserService: notAsked,
      loadServices: async () => listing([service('hips', 'hips')]),
      fetcher: async (serviceId, servicePath) => {
        asked.push(servicePath);
        if (servicePath === 'list') {
          throw new ServiceCallError('not-found', 'no list', 404, serviceId);
        }
        return textResponse('creator_did = ivo://x/P/hips\n');
      }
    });
    await model.refresh();
    expect(asked).toEqual(['list', 'properties']);
    expect(model.find('hips')?.availability.state).toBe('available');
  });

  it('asks the server to check a URL before it is kept', async () => {
    const asked: string[] = [];
    const model = new ServicesModel({
      loadServices: async () => listing([]),
      fetcher: async () => textResponse(''),
      checkUserService: async url => {
        asked.push(url);
        return { ok: false, url, message: 'Not added: not a TAP service.' };
      }
    });
    await expect(
      model.checkUserService('https://example.org/tap')
    ).resolves.toEqual({
      ok: false,
      url: 'https://example.org/tap',
      message: 'Not added: not a TAP service.'
    });
    expect(asked).toEqual(['https://example.org/tap']);
  });
});
