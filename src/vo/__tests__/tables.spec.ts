import { VOParseError, readTableSet, readTableSetStream } from '..';
import { corpusDocument, corpusFiles } from './corpus';

const DB_SCHEMA =
  'opencadc__cadctools__cadctap__cadctap__tests__data__db_schema.xml';

describe('readTableSet on the corpus', () => {
  it.each(corpusFiles('tables'))('parses %s into tables', async name => {
    const result = await readTableSet(corpusDocument('tables', name));
    const tables = result.schemas.flatMap(s => s.tables);
    expect(tables.length).toBeGreaterThan(0);
    expect(tables.every(t => t.name !== '')).toBe(true);
  });

  it('reads the CADC tableset: schemas, columns with datatypes, foreign keys', async () => {
    const result = await readTableSet(corpusDocument('tables', DB_SCHEMA));
    const names = result.schemas.map(s => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['caom2', 'ivoa', 'tap_schema'])
    );
    const tables = result.schemas.flatMap(s => s.tables);
    const observation = tables.find(t => t.name === 'caom2.Observation');
    expect(observation?.columns?.length).toBeGreaterThan(10);
    const column = observation?.columns?.find(c => c.name === 'obsID');
    expect(column?.datatype).toBeTruthy();
    expect(tables.some(t => t.foreignKeys.length > 0)).toBe(true);
    const key = tables.flatMap(t => t.foreignKeys)[0];
    expect(key.targetTable).toBeTruthy();
    expect(key.fromColumns.length).toBe(key.toColumns.length);
  });

  it('reads a single-table document (VOSI 1.1 <table> root)', async () => {
    const result = await readTableSet(
      corpusDocument(
        'tables',
        'opencadc__cadctools__cadctap__cadctap__tests__data__table_schema.xml'
      )
    );
    const tables = result.schemas.flatMap(s => s.tables);
    expect(tables).toHaveLength(1);
    expect(
      tables[0].columns?.some(
        c => c.xtype !== undefined || c.arraysize !== undefined
      )
    ).toBe(true);
  });

  it('keeps tables without columns as not loaded (detail=min)', async () => {
    const result = await readTableSet(
      corpusDocument(
        'tables',
        'astropy__pyvo__pyvo__dal__tests__data__tap__tables.xml'
      )
    );
    const tables = result.schemas.flatMap(s => s.tables);
    expect(tables.every(t => t.columns === null)).toBe(true);
  });

  it('reads DaCHS column flags, VARCHAR sizes and table row counts', async () => {
    const result = await readTableSet(
      corpusDocument(
        'tables',
        'astropy__pyvo__pyvo__io__vosi__tests__data__tables.xml'
      )
    );
    const table = result.schemas[0].tables[0];
    expect(table.nrows).toBe(30);
    expect(table.title).toBe('Test table');
    const id = table.columns?.find(c => c.name === 'id');
    expect(id).toMatchObject({
      datatype: 'VARCHAR',
      arraysize: '*',
      indexed: true,
      primary: true,
      ucd: 'meta.id;meta.main'
    });
    expect(table.foreignKeys[0]).toEqual({
      targetTable: 'test.foreigntable',
      fromColumns: ['testkey'],
      toColumns: ['testkey'],
      description: 'Test foreigner'
    });
  });
});

function bigTableSet(tables: number, columns: number): string {
  const parts = [
    '<?xml version="1.0"?><vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><schema><name>big</name>'
  ];
  for (let t = 0; t < tables; t++) {
    parts.push(
      `<table type="table"><name>big.t${t}</name><description>Table ${t} &amp; more</description>`
    );
    for (let c = 0; c < columns; c++) {
      parts.push(
        `<column><name>c${c}</name><description>column ${c}</description><unit>deg</unit><ucd>pos.eq.ra</ucd><dataType xsi:type="vs:VOTableType">double</dataType><flag>indexed</flag></column>`
      );
    }
    parts.push('</table>');
  }
  parts.push('</schema></vosi:tableset>');
  return parts.join('');
}

async function* chunks(text: string, size: number): AsyncIterable<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let offset = 0; offset < bytes.length; offset += size) {
    yield bytes.slice(offset, offset + size);
  }
}

describe('readTableSetStream', () => {
  const document = bigTableSet(2000, 40);

  it('streams a large tableset in chunks, reporting progress', async () => {
    const seen: number[] = [];
    const result = await readTableSetStream(chunks(document, 64 * 1024), {
      onProgress: progress => seen.push(progress.tables)
    });
    expect(result.schemas[0].tables).toHaveLength(2000);
    expect(result.schemas[0].tables[1999].columns).toHaveLength(40);
    expect(result.schemas[0].tables[5].description).toBe('Table 5 & more');
    expect(seen.length).toBeGreaterThan(5);
    expect(seen[seen.length - 1]).toBe(2000);
  });

  it('splits multi-byte characters across chunks correctly', async () => {
    const text =
      '<tableset><schema><name>s</name><table><name>s.ü€😀</name></table></schema></tableset>';
    const result = await readTableSetStream(chunks(text, 3));
    expect(result.schemas[0].tables[0].name).toBe('s.ü€😀');
  });

  it('can be cancelled', async () => {
    const controller = new AbortController();
    const reading = readTableSetStream(chunks(document, 16 * 1024), {
      signal: controller.signal,
      onProgress: () => controller.abort()
    });
    await expect(reading).rejects.toThrow(/cancelled/);
  });
});

describe('readTableSet on bad input', () => {
  it.each([
    ['', /empty/],
    [
      '<html><head><title>Service Unavailable</title></head></html>',
      /HTML page/
    ],
    ['{"error": 1}', /JSON/],
    [
      '<tableset><schema><name>x</name><table>',
      /stops before its end \(inside <table>/
    ],
    ['<capabilities/>', /got a VOSI capabilities document/]
  ])('explains %j', async (body, message) => {
    await expect(readTableSet(body)).rejects.toThrow(VOParseError);
    await expect(readTableSet(body)).rejects.toThrow(message);
  });
});
