/**
 * Examples made from metadata: on the demo's tables (as its VOSI tables describe them) every
 * generated query parses and checks clean against the same schema; the queries are written to
 * jupyterlab_rsp_api/tests/data/generated-examples.json, which test_demo_examples.py runs on the
 * demo's DaCHS.
 */
import * as fs from 'fs';
import * as path from 'path';

import {
  IExampleSettings,
  findObsCoreTable,
  serviceExamples,
  tableExamples
} from '..';
import { IColumnMeta, ITableMeta, ITableSet } from '../../vo';
import { AdqlSchema, validateAdql } from '../../vo/adql';

const OUTPUT = path.join(
  __dirname,
  '../../../jupyterlab_rsp_api/tests/data/generated-examples.json'
);

function column(name: string, extra: Partial<IColumnMeta> = {}): IColumnMeta {
  return {
    name,
    indexed: false,
    principal: false,
    std: false,
    primary: false,
    ...extra
  };
}

function table(
  name: string,
  columns: IColumnMeta[],
  extra: Partial<ITableMeta> = {}
): ITableMeta {
  return { name, columns, foreignKeys: [], ...extra };
}

/** The demo's tables as DaCHS publishes them (lower-case names), the columns that matter. */
const DEMO: ITableSet = {
  schemas: [
    {
      name: 'dp02_dc2_catalogs',
      tables: [
        table('dp02_dc2_catalogs.object', [
          column('objectid', { ucd: 'meta.id;meta.main', indexed: true }),
          column('coord_ra', { ucd: 'pos.eq.ra;meta.main', unit: 'deg' }),
          column('coord_dec', { ucd: 'pos.eq.dec;meta.main', unit: 'deg' })
        ]),
        table(
          'dp02_dc2_catalogs.source',
          [
            column('sourceid'),
            column('objectid'),
            column('ccdvisitid'),
            column('coord_ra', { ucd: 'pos.eq.ra;meta.main' }),
            column('coord_dec', { ucd: 'pos.eq.dec;meta.main' })
          ],
          {
            foreignKeys: [
              {
                targetTable: 'dp02_dc2_catalogs.object',
                fromColumns: ['objectid'],
                toColumns: ['objectid']
              },
              {
                targetTable: 'dp02_dc2_catalogs.ccdvisit',
                fromColumns: ['ccdvisitid'],
                toColumns: ['ccdvisitid']
              }
            ]
          }
        ),
        table('dp02_dc2_catalogs.ccdvisit', [
          column('ccdvisitid'),
          column('ra', { ucd: 'pos.eq.ra' }),
          column('decl', { ucd: 'pos.eq.dec' })
        ])
      ]
    },
    {
      name: 'ivoa',
      tables: [
        table(
          'ivoa.obscore',
          [
            'obs_id',
            'obs_collection',
            'dataproduct_type',
            'dataproduct_subtype',
            's_ra',
            's_dec',
            's_region',
            't_min',
            'em_min',
            'em_max',
            'access_url',
            'access_format'
          ].map(name => column(name)),
          { utype: 'ivo://ivoa.net/std/obscore#table-1.1' }
        )
      ]
    },
    {
      name: 'tap_schema',
      tables: [
        table(
          'tap_schema.tables',
          ['schema_name', 'table_name', 'table_type', 'description'].map(n =>
            column(n)
          )
        ),
        table(
          'tap_schema.columns',
          [
            'table_name',
            'column_name',
            'datatype',
            'unit',
            'ucd',
            'description'
          ].map(n => column(n))
        )
      ]
    }
  ]
};

const SETTINGS: IExampleSettings = {
  coneCenter: [55.75, -32.2],
  coneRadiusDeg: 0.05,
  top: 100
};

const allTables = DEMO.schemas.flatMap(s => s.tables);

describe('examples generated from metadata', () => {
  const perTable = allTables.flatMap(t => tableExamples(t, DEMO, SETTINGS));
  const service = serviceExamples(DEMO, SETTINGS);

  it('makes a count, a cone, joins and a TAP_SCHEMA query per table', () => {
    const source = tableExamples(allTables[1], DEMO, SETTINGS);
    expect(source.map(e => e.name)).toEqual([
      'Count the rows of dp02_dc2_catalogs.source',
      'Rows of dp02_dc2_catalogs.source in a cone',
      'dp02_dc2_catalogs.source joined with dp02_dc2_catalogs.object',
      'dp02_dc2_catalogs.source joined with dp02_dc2_catalogs.ccdvisit',
      'Columns of dp02_dc2_catalogs.source (TAP_SCHEMA)'
    ]);
    expect(source[1].query).toBe(
      'SELECT TOP 100 *\nFROM dp02_dc2_catalogs.source\n' +
        "WHERE CONTAINS(POINT('ICRS', coord_ra, coord_dec), CIRCLE('ICRS', 55.75, -32.2, 0.05)) = 1"
    );
    expect(source[2].query).toBe(
      'SELECT TOP 100 a.*, b.*\nFROM dp02_dc2_catalogs.source AS a\n' +
        'JOIN dp02_dc2_catalogs.object AS b\n  ON a.objectid = b.objectid'
    );
    expect(source[4].query).toContain(
      "WHERE table_name = 'dp02_dc2_catalogs.source'"
    );
    // No positions, no cone; TAP_SCHEMA's own tables get their count and columns.
    expect(tableExamples(allTables[4], DEMO, SETTINGS).map(e => e.id)).toEqual([
      'count:tap_schema.tables',
      'columns:tap_schema.tables'
    ]);
  });

  it('makes a TAP_SCHEMA listing and an ObsCore image search for the service', () => {
    expect(service.map(e => e.name)).toEqual([
      'Tables of this service (TAP_SCHEMA)',
      'Images covering a position (ObsCore)'
    ]);
    expect(service[1].query).toBe(
      'SELECT TOP 100 obs_id, obs_collection, dataproduct_subtype, s_ra, s_dec, t_min, em_min, em_max, access_url, access_format\n' +
        'FROM ivoa.obscore\n' +
        "WHERE dataproduct_type = 'image'\n" +
        "  AND CONTAINS(POINT('ICRS', 55.75, -32.2), s_region) = 1"
    );
    expect(findObsCoreTable({ schemas: [] })).toBeUndefined();
    expect(serviceExamples({ schemas: [] }, SETTINGS)).toEqual([]);
  });

  it('writes queries that check clean against the schema they were made from', () => {
    const schema = AdqlSchema.fromTableSet(DEMO);
    for (const example of [...perTable, ...service]) {
      const problems = validateAdql(example.query, schema).filter(
        d => d.severity === 'error'
      );
      expect([example.id, problems]).toEqual([example.id, []]);
    }
    // The demo's DaCHS runs them: jupyterlab_rsp_api/tests/test_demo_examples.py.
    const written = [...perTable, ...service].map(e => ({
      id: e.id,
      query: e.query
    }));
    fs.writeFileSync(OUTPUT, JSON.stringify(written, null, 2) + '\n');
    expect(written.length).toBeGreaterThan(10);
  });
});
