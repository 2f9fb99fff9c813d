/**
 * Rows as the document arrives: a BINARY/BINARY2 stream is decoded chunk by chunk (not held as
 * one base64 string until </STREAM>), so progress, the row limit and cancellation work inside
 * it; the content read outside saxes gives the same rows and the same messages as saxes would,
 * wherever the chunks are cut.
 */
import {
  IVOTable,
  VOParseError,
  VOTableReader,
  readVOTable,
  readVOTableStream
} from '..';

function votable(body: string): string {
  return `<?xml version="1.0"?>\n<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">\n${body}\n</VOTABLE>\n`;
}

/** BINARY2 rows (n int, x double, s char*) with base64 in 76-character lines. */
function binary2Doc(
  rows: number,
  streamAttributes = 'encoding="base64"'
): string {
  const parts: number[] = [];
  const view = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < rows; i++) {
    parts.push(i % 5 === 0 ? 0x40 : 0);
    view.setInt32(0, i);
    parts.push(...new Uint8Array(view.buffer, 0, 4));
    view.setFloat64(0, i / 7);
    parts.push(...new Uint8Array(view.buffer, 0, 8));
    const text = new TextEncoder().encode(`row ${i}`);
    view.setInt32(0, text.length);
    parts.push(...new Uint8Array(view.buffer, 0, 4), ...text);
  }
  const base64 = Buffer.from(parts)
    .toString('base64')
    .replace(/.{76}/g, '$&\n');
  return votable(
    '<RESOURCE type="results"><TABLE><FIELD name="n" datatype="int"/>' +
      '<FIELD name="x" datatype="double"/><FIELD name="s" datatype="char" arraysize="*"/>' +
      `<DATA><BINARY2><STREAM ${streamAttributes}>\n${base64}</STREAM></BINARY2></DATA></TABLE>` +
      '<INFO name="QUERY_STATUS" value="OVERFLOW"/></RESOURCE>'
  );
}

function expectedRows(rows: number): unknown[][] {
  return Array.from({ length: rows }, (_, i) => [
    i,
    i % 5 === 0 ? null : i / 7,
    `row ${i}`
  ]);
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) {
    out.push(text.slice(i, i + size));
  }
  return out;
}

describe('BINARY2 decoded as it arrives', () => {
  const doc = binary2Doc(3000);
  const streamEnd = doc.indexOf('</STREAM>');

  it('gives rows before the end of the stream has arrived', () => {
    const reader = new VOTableReader();
    const before: number[] = [];
    for (const piece of pieces(doc, 4096)) {
      reader.write(piece);
      if (reader.characterCount < streamEnd) {
        before.push(reader.progress.rows);
      }
    }
    const result = reader.close();
    expect(result.tables[0].rows).toEqual(expectedRows(3000));
    // Rows come with every piece: far more than half of them before </STREAM>.
    expect(before[before.length - 1]).toBeGreaterThan(2500);
    expect(new Set(before).size).toBeGreaterThan(10);
    expect(result.overflow).toBe(true);
  });

  it('fires progress as rows arrive', async () => {
    const seen: { rows: number; characters: number }[] = [];
    await readVOTableStream(
      (async function* () {
        yield* pieces(doc, 8192);
      })(),
      { onProgress: p => seen.push(p), progressEvery: 200 }
    );
    const duringStream = seen.filter(p => p.characters < streamEnd);
    expect(duringStream.length).toBeGreaterThan(10);
    expect(seen[seen.length - 1].rows).toBe(3000);
  });

  it.each([1, 2, 3, 5, 7, 13, 76, 77, 1000])(
    'reads the same rows and status in pieces of %i characters',
    async size => {
      const streamed = await readVOTableStream(
        (async function* () {
          yield* pieces(doc, size);
        })()
      );
      expect(streamed.tables[0].rows).toEqual(expectedRows(3000));
      expect(streamed.overflow).toBe(true);
      expect(streamed.warnings).toEqual([]);
    }
  );

  it('streams wherever a chunk cuts the STREAM start tag', () => {
    const small = binary2Doc(40);
    const open = small.indexOf('<STREAM');
    const close = small.indexOf('>', open) + 1;
    for (let cut = open - 2; cut <= close + 2; cut++) {
      const reader = new VOTableReader();
      reader.write(small.slice(0, cut));
      // Everything up to the last whole row is there: rows appear before </STREAM>.
      reader.write(small.slice(cut, small.indexOf('</STREAM>') - 40));
      expect(reader.progress.rows).toBeGreaterThan(30);
      reader.write(small.slice(small.indexOf('</STREAM>') - 40));
      expect(reader.close().tables[0].rows).toEqual(expectedRows(40));
    }
  });

  it('stops decoding at the row limit, and stops taking input', async () => {
    let pulled = 0;
    const all = pieces(doc, 2048);
    const result = await readVOTableStream(
      (async function* () {
        for (const piece of all) {
          pulled++;
          yield piece;
        }
      })(),
      { maxRows: 100, stopAtRowLimit: true }
    );
    expect(result.tables[0].rows).toEqual(expectedRows(100));
    expect(result.tables[0].truncated).toBe(true);
    expect(pulled).toBeLessThan(all.length / 5);
  });

  it('can be cancelled inside the stream', async () => {
    const controller = new AbortController();
    let lastRows = 0;
    const reading = readVOTableStream(doc, {
      signal: controller.signal,
      progressEvery: 100,
      elementsPerPause: 100,
      onProgress: p => {
        lastRows = p.rows;
        if (p.rows >= 300) {
          controller.abort();
        }
      }
    });
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(lastRows).toBeLessThan(3000);
  });

  it('still reads a stream that holds a comment, an entity or a ">" in an attribute', () => {
    const plain = readVOTable(binary2Doc(50));
    const expected = expectedRows(50);
    const withComment = binary2Doc(50).replace(
      /(<STREAM[^>]*>\n.{76}\n)/,
      '$1<!-- a comment -->\n'
    );
    const withEntity = binary2Doc(50).replace(
      /(<STREAM[^>]*>\n)(.)/,
      (_, tag: string, first: string) => `${tag}&#${first.charCodeAt(0)};`
    );
    const oddAttribute = binary2Doc(50, 'encoding="base64" note="a>b"');
    for (const text of [withComment, withEntity, oddAttribute]) {
      for (const size of [3, 64, 100000]) {
        const reader = new VOTableReader();
        for (const piece of pieces(text, size)) {
          reader.write(piece);
        }
        const result: IVOTable = reader.close();
        expect(result.tables[0].rows).toEqual(expected);
        expect(result.warnings).toEqual(plain.warnings);
      }
    }
  });

  it('says which line broken XML after a stream is on, counting the stream lines', () => {
    const text = binary2Doc(200).replace(
      '<INFO name="QUERY_STATUS"',
      '<INFO name="QUERY_STATUS" <'
    );
    const line = text.slice(0, text.indexOf('<INFO')).split('\n').length;
    let whole: unknown;
    try {
      readVOTable(text);
    } catch (error) {
      whole = error;
    }
    expect(whole).toBeInstanceOf(VOParseError);
    expect((whole as Error).message).toContain(`at line ${line}:`);
  });

  it('says a stream cut short is truncated', () => {
    const cut = doc.slice(0, streamEnd - 100);
    expect(() => readVOTable(cut)).toThrow(
      /stops before its end \(inside <STREAM>/
    );
  });
});
