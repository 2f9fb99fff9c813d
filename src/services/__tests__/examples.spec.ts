import * as fs from 'fs';
import * as path from 'path';

import { parseCapabilities } from '../../vo';
import type { ServiceFetcher } from '../client';
import { ServiceCallError } from '../errors';
import { loadServiceExamples } from '../examples';

const DEMO_PAGE = fs.readFileSync(
  path.join(__dirname, '../../vo/__tests__/fixtures/demo-tap-examples.html'),
  'utf-8'
);

function capabilities(examples?: string): string {
  return `<cap:capabilities xmlns:cap="http://www.ivoa.net/xml/VOSICapabilities/v1.0">
<capability standardID="ivo://ivoa.net/std/TAP"><interface role="std">
<accessURL use="base">http://localhost:8081/api/tap</accessURL></interface></capability>
${examples ? `<capability standardID="ivo://ivoa.net/std/DALI#examples"><interface><accessURL use="full">${examples}</accessURL></interface></capability>` : ''}
</cap:capabilities>`;
}

function fetcher(
  pages: Record<string, string>,
  asked: string[]
): ServiceFetcher {
  return async (serviceId, pathInService) => {
    asked.push(`${serviceId}:${pathInService}`);
    const body = pages[pathInService];
    if (body === undefined) {
      throw new ServiceCallError(
        'not-found',
        'Not found (404).',
        404,
        serviceId
      );
    }
    return new Response(body);
  };
}

describe('a service’s examples through the proxy', () => {
  it('reads the page its capabilities name, by its path under the service', async () => {
    const asked: string[] = [];
    const result = await loadServiceExamples(
      fetcher({ examples: DEMO_PAGE }, asked),
      'tap',
      parseCapabilities(capabilities('http://localhost:8081/api/tap/examples'))
    );
    expect(asked).toEqual(['tap:examples']);
    expect(result?.examples).toHaveLength(5);
  });

  it('tries the TAP 1.1 examples endpoint when none is declared; none there is no examples', async () => {
    const asked: string[] = [];
    expect(
      await loadServiceExamples(
        fetcher({}, asked),
        'tap',
        parseCapabilities(capabilities())
      )
    ).toBeNull();
    expect(asked).toEqual(['tap:examples']);
    // Without capabilities the same path is asked for.
    expect(
      (
        await loadServiceExamples(
          fetcher({ examples: DEMO_PAGE }, []),
          'tap',
          null
        )
      )?.examples
    ).toHaveLength(5);
  });

  it('says why a declared page cannot be read, and does not leave the service', async () => {
    await expect(
      loadServiceExamples(
        fetcher({}, []),
        'tap',
        parseCapabilities(
          capabilities('http://localhost:8081/api/tap/examples')
        )
      )
    ).rejects.toThrow('Not found (404).');
    const asked: string[] = [];
    await expect(
      loadServiceExamples(
        fetcher({}, asked),
        'tap',
        parseCapabilities(capabilities('http://elsewhere.org/examples'))
      )
    ).rejects.toThrow(/outside this service/);
    expect(asked).toEqual([]);
  });
});
