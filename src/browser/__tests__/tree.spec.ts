import { ITableSet } from '../../vo';
import {
  FilterIndex,
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
