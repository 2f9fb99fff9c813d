/**
 * What the TAP browser says when the user cancels, and when a service fails: a Cancel is a
 * note, not an error, and one failure of a service is said once, not by every part of the view.
 */
import type { ServiceFetcher } from '../../services/client';
import { ServiceCallError } from '../../services/errors';
import { SchemaLoader } from '../../services/schema';
import { BrowserModel } from '../model';
import { ResultModel } from '../result';
import { ServiceInfo } from '../serviceInfo';

/** A fetcher that never answers by itself; an abort ends it as the services client does. */
const silent: ServiceFetcher = (serviceId, _path, init) =>
  new Promise((_, reject) => {
    init.signal?.addEventListener('abort', () =>
      reject(new ServiceCallError('cancelled', 'Cancelled.', null, serviceId))
    );
  });

async function settled(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await new Promise(resolve => setTimeout(resolve, 0));
  }
}

describe('the TAP browser', () => {
  it('shows a cancelled table load as cancelled, not as an error', async () => {
    const model = new BrowserModel(
      new SchemaLoader(silent),
      new ServiceInfo(silent)
    );
    const loading = model.setService('tap');
    await settled();
    expect(model.loading).toBe(true);
    model.cancel();
    await loading;
    expect(model.loading).toBe(false);
    expect(model.error).toBeNull();
    expect(model.cancelled).toBe(true);
    model.dispose();
  });

  it('shows a cancelled preview as cancelled, and a cleared one as nothing', async () => {
    const result = new ResultModel();
    const shown = result.load(signal => silent('tap', 'sync', { signal }), 20);
    expect(result.state?.state).toBe('loading');
    result.cancel();
    await shown;
    expect(result.state).toEqual({ state: 'cancelled' });
    const again = result.load(signal => silent('tap', 'sync', { signal }), 20);
    result.clear();
    await again;
    expect(result.state).toBeNull();
    result.dispose();
  });

  it('says an unreachable service once, not in the capabilities, tables and examples each', async () => {
    const unreachable =
      'Catalogs could not be reached: nothing accepts connections at tap.example.org:443 (refused); check the host and port.';
    const fetcher: ServiceFetcher = async serviceId => {
      throw new ServiceCallError('unreachable', unreachable, 502, serviceId);
    };
    const model = new BrowserModel(
      new SchemaLoader(fetcher),
      new ServiceInfo(fetcher)
    );
    await model.setService('tap');
    await settled();
    expect(model.error).toBe(unreachable);
    expect(model.capabilities).toBeNull();
    expect(model.examples).toBeNull();
    expect(model.cancelled).toBe(false);
    model.dispose();
  });

  it('still says a capabilities failure of its own', async () => {
    const fetcher: ServiceFetcher = async (serviceId, path) => {
      if (path === 'capabilities') {
        throw new ServiceCallError(
          'not-found',
          'No capabilities.',
          404,
          serviceId
        );
      }
      return new Response(
        '<vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"><schema><name>s</name><table><name>s.t</name></table></schema></vosi:tableset>'
      );
    };
    const model = new BrowserModel(
      new SchemaLoader(fetcher),
      new ServiceInfo(fetcher)
    );
    await model.setService('tap');
    await settled();
    expect(model.error).toBeNull();
    expect(model.capabilities).toBe(
      'Capabilities could not be read: No capabilities.'
    );
    model.dispose();
  });
});
