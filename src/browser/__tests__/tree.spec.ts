import { ITableSet } from '../../vo';
import {
  FilterIndex,
  columnKey,
  positionColumns,
  schemaKey,
  tableKey,
  visibleRows
} from '../tree';

const column = (name: string, ucd?: string, description?: string) => ({
  name,
  ucd,
  description,
  indexed: false,
  principal: false,
  std: false,
  primary: false,
  nullable: false
});

const tableset: ITableSet = {
  schemas: [
    {
      name: 'dp02_dc2_catalogs',
      tables: [
        {
          name: 'dp02_dc2_catalogs.Object',
          description: 'Objects on the coadds',
          columns: [
            column('objectId', 'meta.id;meta.main'),
            column('coord_ra', 'pos.eq.ra;meta.main', 'Right ascension'),
            column('coord_dec', 'pos.eq.dec;meta.main'),
            column('g_cModelFlux', 'phot.flux', 'Flux in g')
          ],
          foreignKeys: []
        },
        {
          name: 'dp02_dc2_catalogs.CcdVisit',
          columns: [
            column('ccdVisitId'),
            column('seeing', undefined, 'PSF width')
          ],
          foreignKeys: []
        }
      ]
    },
    {
      name: 'tap_schema',
      tables: [{ name: 'tap_schema.tables', columns: null, foreignKeys: [] }]
    }
  ]
};

const noFilter = { text: '', descriptions: true };

describe('visibleRows', () => {
  const index = new FilterIndex(tableset);

  it('shows the expanded nodes only', () => {
    expect(
      visibleRows(index, new Set(), noFilter).rows.map(r => r.label)
    ).toEqual(['dp02_dc2_catalogs', 'tap_schema']);
    const open = new Set([
      schemaKey(tableset.schemas[0]),
      tableKey(tableset.schemas[0].tables[1])
    ]);
    expect(visibleRows(index, open, noFilter).rows.map(r => r.label)).toEqual([
      'dp02_dc2_catalogs',
      'Object',
      'CcdVisit',
      'ccdVisitId',
      'seeing',
      'tap_schema'
    ]);
  });

  it('filters names across levels, opening ancestors and marking the match', () => {
    const { rows } = visibleRows(index, new Set(), {
      text: 'modelflux',
      descriptions: false
    });
    expect(rows.map(r => r.label)).toEqual([
      'dp02_dc2_catalogs',
      'Object',
      'g_cModelFlux'
    ]);
    expect(rows[2].match).toEqual([3, 12]);
    expect(rows[0].expanded && rows[1].expanded).toBe(true);
  });

  it('matches descriptions when asked', () => {
    const filter = { text: 'psf width', descriptions: true };
    expect(
      visibleRows(index, new Set(), filter).rows.map(r => r.label)
    ).toContain('seeing');
    expect(
      visibleRows(index, new Set(), { ...filter, descriptions: false }).rows
    ).toHaveLength(0);
  });

  it('lists at most the limit while filtering', () => {
    const view = visibleRows(
      index,
      new Set(),
      { text: 'o', descriptions: false },
      3
    );
    expect(view.rows).toHaveLength(3);
    expect(view.truncated).toBe(true);
  });
});

describe('names published delimited', () => {
  const quirks: ITableSet = {
    schemas: [
      {
        name: '"my.schema"',
        tables: [
          {
            name: '"my.schema"."Mixed Case"',
            columns: [column('"size"'), column('"Mixed Case"'), column('id')],
            foreignKeys: []
          },
          {
            name: 'other."select"',
            columns: [column('"from"')],
            foreignKeys: []
          }
        ]
      }
    ]
  };

  it('shows them bare, filters and highlights on the bare name, keys by the published one', () => {
    const index = new FilterIndex(quirks);
    const [table, other] = quirks.schemas[0].tables;
    const open = new Set([
      schemaKey(quirks.schemas[0]),
      tableKey(table),
      tableKey(other)
    ]);
    const rows = visibleRows(index, open, noFilter).rows;
    expect(rows.map(r => r.label)).toEqual([
      'my.schema',
      'Mixed Case',
      'size',
      'Mixed Case',
      'id',
      'other.select',
      'from'
    ]);
    expect(rows[2].key).toBe(
      columnKey(table, table.columns?.[0] ?? column(''))
    );
    const filtered = visibleRows(index, new Set(), {
      text: 'siz',
      descriptions: false
    }).rows;
    const size = filtered.find(r => r.kind === 'column');
    expect([size?.label, size?.match]).toEqual(['size', [0, 3]]);
  });
});

describe('positionColumns', () => {
  it('finds RA/Dec by UCD, then by name', () => {
    const found = positionColumns(tableset.schemas[0].tables[0]);
    expect(found?.ra.name).toBe('coord_ra');
    expect(found?.dec.name).toBe('coord_dec');
    expect(positionColumns(tableset.schemas[0].tables[1])).toBeNull();
    expect(
      positionColumns({
        name: 't',
        columns: [column('RA'), column('DEC')],
        foreignKeys: []
      })?.ra.name
    ).toBe('RA');
  });
});
