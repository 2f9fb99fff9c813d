import type { ServiceFetcher } from '../client';
import { ServiceCallError } from '../errors';
import { SchemaLoader } from '../schema';

function votable(fields: string[], rows: string[][]): string {
  const cell = (value: string) =>
    `<TD>${value.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</TD>`;
  return `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/>
<TABLE>${fields.map(f => `<FIELD name="${f}" datatype="char" arraysize="*"/>`).join('')}
<DATA><TABLEDATA>${rows.map(r => `<TR>${r.map(cell).join('')}</TR>`).join('')}</TABLEDATA></DATA>
</TABLE></RESOURCE></VOTABLE>`;
}

const TAP_SCHEMA: Record<string, string> = {
  'TAP_SCHEMA.tables': votable(
    ['schema_name', 'table_name', 'table_type', 'description'],
    [
      ['cat', 'cat.Object', 'table', 'Objects'],
      ['cat', 'cat.Source', 'table', 'Sources']
    ]
  ),
  'TAP_SCHEMA.schemas': votable(
    ['schema_name', 'description'],
    [['cat', 'The catalogs']]
  ),
  'TAP_SCHEMA.keys': votable(
    ['key_id', 'from_table', 'target_table'],
    [['k1', 'cat.Source', 'cat.Object']]
  ),
  'TAP_SCHEMA.key_columns': votable(
    ['key_id', 'from_column', 'target_column'],
    [['k1', 'objectId', 'objectId']]
  ),
  'TAP_SCHEMA.columns': votable(
    ['table_name', 'column_name', 'datatype', 'unit', 'ucd', 'column_index'],
    [
      ['cat.Object', 'dec', 'double', 'deg', 'pos.eq.dec', '2'],
      ['cat.Object', 'ra', 'double', 'deg', 'pos.eq.ra', '1']
    ]
  )
};

interface ICall {
  path: string;
  query?: string;
}

function fakeService(tables: 'missing' | 'html' | 'ok' | 'refused') {
  const calls: ICall[] = [];
  const fetcher: ServiceFetcher = async (_id, path, init) => {
    if (path === 'tables') {
      calls.push({ path });
      if (tables === 'missing') {
        throw new ServiceCallError('not-found', 'Not found (404).', 404);
      }
      if (tables === 'refused') {
        throw new ServiceCallError('unauthorized', 'Token refused.', 401);
      }
      const body =
        tables === 'html'
          ? '<html><head><title>Gateway Timeout</title></head></html>'
          : `<vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"><schema><name>v</name><table><name>v.t</name></table></schema></vosi:tableset>`;
      return new Response(body);
    }
    const query = (init.body as URLSearchParams).get('QUERY') ?? '';
    calls.push({ path, query });
    const table = Object.keys(TAP_SCHEMA)
      .sort((a, b) => b.length - a.length)
      .find(name => query.includes(`FROM ${name}`));
    return new Response(table ? TAP_SCHEMA[table] : 'no such table');
  };
  return { fetcher, calls };
}

describe('SchemaLoader', () => {
  it('reads VOSI /tables when the service has it', async () => {
    const { fetcher, calls } = fakeService('ok');
    const loader = new SchemaLoader(fetcher);
    const set = await loader.tables('s');
    expect(set.schemas[0].tables[0].name).toBe('v.t');
    expect(loader.origin('s')).toEqual({ source: 'vosi' });
    expect(calls.map(c => c.path)).toEqual(['tables']);
  });

  it.each(['missing', 'html'] as const)(
    'falls back to TAP_SCHEMA when /tables is %s, columns on demand',
    async kind => {
      const { fetcher, calls } = fakeService(kind);
      const loader = new SchemaLoader(fetcher);
      const set = await loader.tables('s');
      const [schema] = set.schemas;
      expect(schema.description).toBe('The catalogs');
      expect(schema.tables.map(t => t.name)).toEqual([
        'cat.Object',
        'cat.Source'
      ]);
      expect(schema.tables[1].foreignKeys).toEqual([
        expect.objectContaining({
          targetTable: 'cat.Object',
          fromColumns: ['objectId']
        })
      ]);
      const origin = loader.origin('s');
      expect(origin?.source).toBe('tap_schema');
      expect(origin?.fallbackReason).toBeTruthy();
      // No column query until a table is opened.
      expect(calls.some(c => c.query?.includes('TAP_SCHEMA.columns'))).toBe(
        false
      );
      const object = schema.tables[0];
      expect(object.columns).toBeNull();
      await loader.columns('s', object);
      expect(object.columns?.map(c => [c.name, c.ucd])).toEqual([
        ['ra', 'pos.eq.ra'],
        ['dec', 'pos.eq.dec']
      ]);
      expect(calls[calls.length - 1].query).toBe(
        "SELECT * FROM TAP_SCHEMA.columns WHERE table_name = 'cat.Object'"
      );
    }
  );

  it('does not fall back when the token is refused', async () => {
    const { fetcher, calls } = fakeService('refused');
    await expect(new SchemaLoader(fetcher).tables('s')).rejects.toThrow(
      'Token refused.'
    );
    expect(calls.map(c => c.path)).toEqual(['tables']);
  });

  it('uses TAP_SCHEMA only when asked to', async () => {
    const { fetcher, calls } = fakeService('ok');
    const loader = new SchemaLoader(fetcher);
    await loader.tables('s', { source: 'tap_schema' });
    expect(calls.some(c => c.path === 'tables')).toBe(false);
    expect(loader.origin('s')).toEqual({ source: 'tap_schema' });
  });

  it('says why both sources failed', async () => {
    const fetcher: ServiceFetcher = async path => {
      throw new ServiceCallError('not-found', `No ${path}.`, 404);
    };
    await expect(new SchemaLoader(fetcher).tables('s')).rejects.toThrow(
      /Neither \/tables nor TAP_SCHEMA.*No s\./
    );
  });
});
