import * as fs from 'fs';
import * as path from 'path';

import type { IServiceDescription, IServicesModel } from '../../tokens';
import type { ServiceFetcher } from '../client';
import { ServiceCallError } from '../errors';
import { SchemaLoader } from '../schema';
import { TapSchemas } from '../schemas';

const CAPABILITIES = fs.readFileSync(
  path.join(__dirname, '../../vo/__tests__/fixtures/demo-tap-capabilities.xml'),
  'utf-8'
);

const VOSI = 'xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"';

/** Two tables listed without their columns, as large services list them. */
const TABLESET = `<vosi:tableset ${VOSI}><schema><name>cat</name>
<table><name>cat.Object</name></table><table><name>cat.Source</name></table>
</schema></vosi:tableset>`;

const OBJECT_COLUMNS = `<vosi:table ${VOSI}><name>cat.Object</name>
<column><name>objectId</name><dataType>long</dataType></column>
<column><name>coord_ra</name><dataType>double</dataType></column>
</vosi:table>`;

function service(
  id: string,
  url: string,
  kind: IServiceDescription['kind'] = 'tap'
): IServiceDescription {
  return {
    id,
    url,
    kind,
    title: id,
    auth: 'platform-token',
    tokenApplies: true,
    source: 'config'
  };
}

function servicesModel(descriptions: IServiceDescription[]): IServicesModel {
  // TapSchemas reads only the list of services.
  return {
    services: descriptions.map(description => ({
      description,
      availability: { state: 'available' }
    }))
  } as unknown as IServicesModel;
}

/** A TAP service answering tables, tables/<name> and capabilities; counts what was asked. */
function tapService(options: { capabilities?: 'ok' | 'missing' } = {}) {
  const asked: string[] = [];
  let failTables = false;
  const fetcher: ServiceFetcher = async (serviceId, pathInService) => {
    asked.push(`${serviceId}:${pathInService}`);
    if (pathInService === 'tables') {
      if (failTables) {
        throw new ServiceCallError(
          'unreachable',
          'No answer.',
          null,
          serviceId
        );
      }
      return new Response(TABLESET);
    }
    if (pathInService === 'tables/cat.Object') {
      return new Response(OBJECT_COLUMNS);
    }
    if (
      pathInService === 'capabilities' &&
      options.capabilities !== 'missing'
    ) {
      return new Response(CAPABILITIES);
    }
    throw new ServiceCallError('not-found', 'Not found (404).', 404, serviceId);
  };
  return {
    fetcher,
    asked,
    failTables: (fail: boolean) => {
      failTables = fail;
    }
  };
}

function schemasFor(
  descriptions: IServiceDescription[],
  fetcher: ServiceFetcher
): TapSchemas {
  return new TapSchemas(
    new SchemaLoader(fetcher),
    servicesModel(descriptions),
    fetcher
  );
}

describe('TapSchemas.serviceFor', () => {
  const platform = [
    service('sia', 'https://rsp.example/api/sia', 'sia'),
    service('ssotap', 'https://rsp.example/api/ssotap'),
    service('tap', 'https://rsp.example/api/tap/')
  ];

  it('takes the platform’s tap when a cell names no service, else the first TAP service', () => {
    expect(schemasFor(platform, tapService().fetcher).serviceFor(null)).toBe(
      'tap'
    );
    const elsewhere = [
      platform[0],
      service('gaia', 'https://gaia.example/tap')
    ];
    expect(schemasFor(elsewhere, tapService().fetcher).serviceFor(null)).toBe(
      'gaia'
    );
    expect(
      schemasFor([platform[0]], tapService().fetcher).serviceFor(null)
    ).toBeNull();
  });

  it('knows a service by id or by its URL, with or without a trailing slash', () => {
    const schemas = schemasFor(platform, tapService().fetcher);
    expect(schemas.serviceFor('ssotap')).toBe('ssotap');
    expect(schemas.serviceFor('https://rsp.example/api/tap')).toBe('tap');
    expect(schemas.serviceFor('https://rsp.example/api/ssotap/')).toBe(
      'ssotap'
    );
  });

  it('does not take a service of another kind, nor one the lab does not know', () => {
    const schemas = schemasFor(platform, tapService().fetcher);
    expect(schemas.serviceFor('sia')).toBeNull();
    expect(schemas.serviceFor('https://other.example/tap')).toBeNull();
  });
});

describe('TapSchemas.forQuery', () => {
  const taps = [service('tap', 'https://rsp.example/api/tap')];

  it('loads the columns of the FROM tables only, once', async () => {
    const { fetcher, asked } = tapService();
    const schemas = schemasFor(taps, fetcher);
    const schema = await schemas.forQuery(
      null,
      'SELECT TOP 5 objectId FROM cat.Object'
    );
    expect(schema?.findTable('cat.Object')?.columns?.map(c => c.name)).toEqual([
      'objectId',
      'coord_ra'
    ]);
    expect(schema?.findTable('cat.Source')?.columns).toBeFalsy();
    await schemas.forQuery(null, 'SELECT * FROM cat.Object');
    expect(asked).toEqual([
      'tap:tables',
      'tap:capabilities',
      'tap:tables/cat.Object'
    ]);
  });

  it('has no schema for a service the lab does not know, nor for one that does not answer', async () => {
    const { fetcher, failTables } = tapService();
    const schemas = schemasFor(taps, fetcher);
    expect(await schemas.forQuery('elsewhere', 'SELECT 1')).toBeUndefined();
    failTables(true);
    expect(
      await schemas.forQuery('tap', 'SELECT * FROM cat.Object')
    ).toBeUndefined();
    // A failure is not kept: the service answers again, and so does the schema.
    failTables(false);
    expect(
      (await schemas.forQuery('tap', 'SELECT * FROM cat.Object'))?.findTable(
        'cat.Object'
      )
    ).toBeDefined();
  });
});

describe('TapSchemas caching', () => {
  const taps = [service('tap', 'https://rsp.example/api/tap')];

  it('builds a schema once per service until it is forgotten', async () => {
    const { fetcher, asked } = tapService();
    const schemas = schemasFor(taps, fetcher);
    const [first, again] = await Promise.all([
      schemas.schema('tap'),
      schemas.schema('tap')
    ]);
    expect(again).toBe(first);
    expect(asked.filter(a => a === 'tap:capabilities')).toHaveLength(1);
    schemas.forget('tap');
    const rebuilt = await schemas.schema('tap');
    expect(rebuilt).not.toBe(first);
    expect(asked.filter(a => a === 'tap:capabilities')).toHaveLength(2);
  });
});

describe('TapSchemas and the service’s capabilities', () => {
  const taps = [service('tap', 'https://rsp.example/api/tap')];

  it('knows the user-defined functions the capabilities declare, by name', async () => {
    const schema = await schemasFor(taps, tapService().fetcher).schema('tap');
    expect(schema.userFunctions.get('GAVO_IPIX')).toBe(
      'gavo_ipix(long REAL, lat REAL) -> BIGINT'
    );
    expect(schema.capabilities?.languages[0].name).toBe('ADQL');
  });

  it('still has the tables when the capabilities cannot be read', async () => {
    const schema = await schemasFor(
      taps,
      tapService({ capabilities: 'missing' }).fetcher
    ).schema('tap');
    expect(schema.findTable('cat.Source')).toBeDefined();
    expect(schema.userFunctions.size).toBe(0);
    expect(schema.capabilities).toBeUndefined();
  });
});
