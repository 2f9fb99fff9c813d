import {
  VOParseError,
  readTableSet,
  readTableSetStream,
  yieldToEventLoop
} from '..';
import { ReadableStream as NodeReadableStream } from 'stream/web';

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

describe('feeding the tables reader', () => {
  const document = bigTableSet(2000, 40);

  it('reads text chunks as well as bytes, and reports tables seen so far', async () => {
    async function* textChunks() {
      for (let i = 0; i < document.length; i += 50000) {
        yield document.slice(i, i + 50000);
      }
    }
    const seen: number[] = [];
    const result = await readTableSetStream(textChunks(), {
      progressEvery: 500,
      onProgress: p => seen.push(p.tables)
    });
    expect(result.schemas[0].tables).toHaveLength(2000);
    expect(seen).toEqual([500, 1000, 1500, 2000, 2000]);
  });

  function byteStream(bytes: Uint8Array, onCancel?: () => void) {
    let offset = 0;
    // jsdom has no ReadableStream; Node's is the one browsers have.
    return new NodeReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.slice(offset, offset + 65536));
        offset += 65536;
      },
      cancel: onCancel
    }) as unknown as ReadableStream<Uint8Array>;
  }

  it('reads a fetch-style ReadableStream', async () => {
    const stream = byteStream(new TextEncoder().encode(document));
    const result = await readTableSetStream(stream);
    expect(result.schemas[0].tables[1234].columns).toHaveLength(40);
  });

  it('cancels the download when the reading is cancelled', async () => {
    let cancelled = false;
    const controller = new AbortController();
    const stream = byteStream(new TextEncoder().encode(document), () => {
      cancelled = true;
    });
    const reading = readTableSetStream(stream, {
      signal: controller.signal,
      onProgress: () => controller.abort()
    });
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    await yieldToEventLoop();
    expect(cancelled).toBe(true);
  });

  it('gives the event loop turns while reading one large string', async () => {
    let turned = false;
    void yieldToEventLoop().then(() => {
      turned = true;
    });
    const reading = readTableSet(document, { elementsPerPause: 1000 }).then(
      result => ({ result, turned })
    );
    const { result, turned: turnedBefore } = await reading;
    expect(result.schemas[0].tables).toHaveLength(2000);
    expect(turnedBefore).toBe(true);
  });

  it('stops at once when cancelled while waiting for the network', async () => {
    const controller = new AbortController();
    async function* stalled() {
      yield '<tableset><schema><name>s</name>';
      await new Promise(() => undefined);
    }
    const reading = readTableSetStream(stalled(), {
      signal: controller.signal
    });
    controller.abort();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports a body cut in the middle of the 2,000 tables as truncated', async () => {
    await expect(
      readTableSet(document.slice(0, document.length / 2))
    ).rejects.toThrow(
      /stops before its end \(inside <\w+>, after \d+ tables\)/
    );
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
