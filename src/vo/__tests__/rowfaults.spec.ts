/**
 * No silent row loss: every table whose rows stop early says where and why, keeps the rows before,
 * and the one fault real services are known to write (DaCHS 2.7 counting unicodeChar lengths in
 * characters) is read correctly when the stream proves it.
 *
 * The dachs-unicode-* fixtures are answers of the demo platform's DaCHS 2.7 to
 * `SELECT n, label, x FROM TAP_UPLOAD.up ORDER BY n` with dachs-unicode-upload.xml uploaded (12
 * rows; the labels of rows 9, 11 and 12 hold characters beyond U+FFFF), as BINARY, BINARY2,
 * TABLEDATA and BINARY2 with MAXREC=10.
 */
import * as fs from 'fs';
import * as path from 'path';

import {
  BinaryRowDecoder,
  OVERFLOW_NOTE,
  VOParseError,
  VORowsError,
  drawnRowsNotice,
  readVOTable,
  readVOTableResult,
  readVOTableStream,
  resultNotices
} from '..';

function fixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf-8');
}

function votable(body: string): string {
  return `<?xml version="1.0"?><VOTABLE version="1.5" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">${body}</VOTABLE>`;
}

/** Big-endian bytes for hand-made streams. */
class Bytes {
  parts: number[] = [];
  u8(...values: number[]): this {
    this.parts.push(...values);
    return this;
  }
  i32(v: number): this {
    const view = new DataView(new ArrayBuffer(4));
    view.setInt32(0, v);
    return this.u8(...new Uint8Array(view.buffer));
  }
  f64(v: number): this {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, v);
    return this.u8(...new Uint8Array(view.buffer));
  }
  /** A unicodeChar string as UTF-16, its length counted in characters like DaCHS 2.7. */
  dachsUnicode(text: string): this {
    this.i32([...text].length);
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      this.u8(unit >> 8, unit & 0xff);
    }
    return this;
  }
  /** A char string as UTF-8, its length counted in characters. */
  charsCountedInCharacters(text: string): this {
    this.i32([...text].length);
    return this.u8(...new TextEncoder().encode(text));
  }
  /** A char string as UTF-8 with its length in bytes, as VOTable says. */
  chars(text: string): this {
    const bytes = new TextEncoder().encode(text);
    this.i32(bytes.length);
    return this.u8(...bytes);
  }
  base64(): string {
    return Buffer.from(this.parts).toString('base64');
  }
}

const LABELS = [
  'plain',
  'ümlaut',
  'Ωmega',
  'tab\tsep',
  'x',
  null,
  'longer label text',
  'zeta',
  'star 🌟 here',
  'after',
  'ends with 🎉',
  '🪐🪐 two'
];
const TRUTH = LABELS.map((label, i) => [i + 1, label, i + 1.5]);

describe('DaCHS 2.7 unicodeChar lengths counted in characters', () => {
  it('the TABLEDATA answer is the truth the binary ones must give', () => {
    const result = readVOTableResult(fixture('dachs-unicode-tabledata.xml'));
    expect(result.rows).toEqual(TRUTH);
    expect(result.warnings).toEqual([]);
  });

  it.each(['dachs-unicode-binary.xml', 'dachs-unicode-binary2.xml'])(
    '%s: every row is read, and the user is told how',
    name => {
      const result = readVOTableResult(fixture(name));
      expect(result.fault).toBeUndefined();
      expect(result.rows).toEqual(TRUTH);
      expect(result.overflow).toBe(false);
      expect(result.warnings).toEqual([
        "The service counted the lengths of 3 strings of column 'label' in characters, where " +
          'VOTable counts bytes (char) or 2-byte units (unicodeChar), as DaCHS 2.7 does for ' +
          'characters beyond U+FFFF such as emoji. The binary stream reads consistently only ' +
          'that way, so they were read as characters.'
      ]);
      expect(resultNotices(result)).toEqual({ notes: result.warnings });
    }
  );

  it('gives the same rows whatever the chunk boundaries', async () => {
    const doc = fixture('dachs-unicode-binary2.xml');
    for (const size of [1, 5, 17, 100]) {
      async function* chunks() {
        for (let i = 0; i < doc.length; i += size) {
          yield doc.slice(i, i + size);
        }
      }
      const result = await readVOTableStream(chunks());
      expect(result.tables[0].rows).toEqual(TRUTH);
      expect(result.tables[0].fault).toBeUndefined();
    }
  });

  it('with MAXREC=10: ten rows, and OVERFLOW because the service said so', () => {
    const result = readVOTableResult(
      fixture('dachs-unicode-binary2-overflow.xml')
    );
    expect(result.rows).toEqual(TRUTH.slice(0, 10));
    expect(result.overflow).toBe(true);
    expect(resultNotices(result).notes[0]).toBe(OVERFLOW_NOTE);
  });

  it('keeps rows read before the row limit, waiting for the stream to decide', () => {
    const result = readVOTable(fixture('dachs-unicode-binary2.xml'), {
      maxRows: 9,
      stopAtRowLimit: true
    });
    expect(result.tables[0].rows).toEqual(TRUTH.slice(0, 9));
    expect(result.tables[0].truncated).toBe(true);
  });

  it('a char column counted in characters (UTF-8) is recovered the same way', () => {
    const bytes = new Bytes();
    const labels = ['a', 'b', 'é then more', 'ok', '→ arrow'];
    labels.forEach((label, i) => bytes.charsCountedInCharacters(label).f64(i));
    const result = readVOTableResult(
      votable(
        `<RESOURCE type="results"><TABLE><FIELD name="s" datatype="char" arraysize="*"/><FIELD name="x" datatype="double"/>` +
          `<DATA><BINARY><STREAM encoding="base64">${bytes.base64()}</STREAM></BINARY></DATA></TABLE></RESOURCE>`
      )
    );
    expect(result.rows).toEqual(labels.map((label, i) => [label, i]));
    expect(result.warnings[0]).toMatch(
      /lengths of 2 strings of column 's' in characters/
    );
  });

  it('UTF-8 with lengths in bytes, as VOTable says, is read as it is, without a note', () => {
    const bytes = new Bytes();
    const labels = ['é then more', 'ok', '🌟', 'plain'];
    labels.forEach((label, i) => bytes.chars(label).f64(i));
    const result = readVOTableResult(
      votable(
        `<RESOURCE type="results"><TABLE><FIELD name="s" datatype="char" arraysize="*"/><FIELD name="x" datatype="double"/>` +
          `<DATA><BINARY><STREAM encoding="base64">${bytes.base64()}</STREAM></BINARY></DATA></TABLE></RESOURCE>`
      )
    );
    expect(result.rows).toEqual(labels.map((label, i) => [label, i]));
    expect(result.warnings).toEqual([]);
  });

  it('rows of a standard UTF-8 stream still flow while the other reading is tried', () => {
    // Every row holds an 'é': each piece starts a trial of lengths in characters, which the
    // stream refutes within the piece, so its rows are given at once rather than held.
    const bytes = new Bytes();
    for (let i = 0; i < 3000; i++) {
      bytes.chars(`source ${i} é`).f64(i);
    }
    const all = new Uint8Array(bytes.parts);
    const decoder = new BinaryRowDecoder(
      [
        { name: 's', datatype: 'char', arraysize: '*' },
        { name: 'x', datatype: 'double' }
      ],
      false
    );
    let given = 0;
    for (let at = 0; at < all.length; at += 3000) {
      const rows = decoder.push(all.subarray(at, at + 3000));
      expect(rows.length).toBeGreaterThan(at + 3000 < all.length ? 100 : 0);
      expect(decoder.undecided).toBe(false);
      given += rows.length;
    }
    given += decoder.finish().length;
    expect(given).toBe(3000);
    expect(decoder.fault).toBeNull();
    expect(decoder.lengthCounting).toBeNull();
  });

  it('Latin-1 bytes stay a lenient standard reading, not a recount', () => {
    // 'café' in Latin-1: 0xE9 starts a UTF-8 sequence that never completes.
    const bytes = new Bytes()
      .i32(4)
      .u8(0x63, 0x61, 0x66, 0xe9)
      .f64(1)
      .i32(2)
      .u8(0x6f, 0x6b)
      .f64(2);
    const result = readVOTableResult(
      votable(
        `<RESOURCE type="results"><TABLE><FIELD name="s" datatype="char" arraysize="*"/><FIELD name="x" datatype="double"/>` +
          `<DATA><BINARY><STREAM encoding="base64">${bytes.base64()}</STREAM></BINARY></DATA></TABLE></RESOURCE>`
      )
    );
    expect(result.rows).toEqual([
      ['caf\ufffd', 1],
      ['ok', 2]
    ]);
    expect(result.fault).toBeUndefined();
  });
});

describe('faults the stream proves and cannot be read past', () => {
  it('keeps the 8 rows before a length that points past the end, and says where it broke', () => {
    // Row 9's length says 40 characters; only 3 follow, and the stream ends.
    const bytes = new Bytes();
    for (let i = 1; i <= 8; i++) {
      // BINARY2: a null-flag byte before each row.
      bytes.u8(0).i32(i).dachsUnicode(`row ${i}`).f64(i);
    }
    bytes.u8(0).i32(9).i32(40).u8(0xd8, 0x3c, 0xdf, 0x1f, 0, 0x61);
    const result = readVOTableResult(
      votable(
        `<RESOURCE type="results"><TABLE name="labels"><FIELD name="n" datatype="int"/><FIELD name="label" datatype="unicodeChar" arraysize="*"/><FIELD name="x" datatype="double"/>` +
          `<DATA><BINARY2><STREAM encoding="base64">${bytes.base64()}</STREAM></BINARY2></DATA></TABLE></RESOURCE>`
      )
    );
    expect(result.rows).toHaveLength(8);
    expect(result.rows[7]).toEqual([8, 'row 8', 8]);
    expect(result.fault).toBeInstanceOf(VORowsError);
    expect(result.fault).toMatchObject({
      code: 'truncated',
      rowsRead: 8,
      row: 9
    });
    // Counted in characters the string would need even more bytes: no reading fits.
    expect(result.fault?.message).toBe(
      "The binary data of table 'labels' ends inside row 9: column 'label' holds 40 " +
        'characters (80 bytes), but the stream ends 6 bytes later; the answer may have been ' +
        'cut. The 8 rows before it were read; the rest of the table could not be.'
    );
    expect(resultNotices(result).error).toBe(result.fault?.message);
    expect(result.overflow).toBe(false);
  });

  it('keeps only the rows both readings agree on when neither fits', () => {
    // Row 2 holds half a character (a high surrogate, then 'A') under either counting.
    const bytes = new Bytes()
      .dachsUnicode('ok')
      .f64(1)
      .i32(2)
      .u8(0xd8, 0x3c, 0, 0x41)
      .f64(2);
    const result = readVOTable(
      votable(
        `<RESOURCE><TABLE><FIELD name="label" datatype="unicodeChar" arraysize="*"/><FIELD name="x" datatype="double"/>` +
          `<DATA><BINARY><STREAM encoding="base64">${bytes.base64()}</STREAM></BINARY></DATA></TABLE></RESOURCE>`
      )
    );
    expect(result.tables[0].rows).toEqual([['ok', 1]]);
    expect(result.tables[0].fault?.message).toBe(
      'The binary data of the table breaks at row 2: its strings fit neither with their ' +
        "lengths counted as the VOTable standard says (at row 2, column 'label' has half a " +
        'character (an unpaired UTF-16 surrogate)) nor counted in characters (at row 2, ' +
        "column 'label' is not UTF-16 when read as 2 characters). The row before it was " +
        'read; the rest of the table could not be.'
    );
  });

  it('a cut stream keeps the rows of the only reading whose bytes can be', () => {
    // Row 1 ends in half a character counted the standard way; counted in characters it is
    // whole. The stream is then cut inside row 3.
    const bytes = new Bytes()
      .dachsUnicode('a🌟')
      .dachsUnicode('bc')
      .i32(5)
      .u8(0, 0x64);
    const result = readVOTable(
      votable(
        `<RESOURCE><TABLE><FIELD name="label" datatype="unicodeChar" arraysize="*"/>` +
          `<DATA><BINARY><STREAM encoding="base64">${bytes.base64()}</STREAM></BINARY></DATA></TABLE></RESOURCE>`
      )
    );
    expect(result.tables[0].rows).toEqual([['a🌟'], ['bc']]);
    expect(result.tables[0].fault).toMatchObject({
      code: 'truncated',
      rowsRead: 2
    });
    expect(result.warnings[0]).toMatch(
      /lengths of 1 string of column 'label' in characters/
    );
  });

  it('stops at a negative length, keeping the rows before it', () => {
    const bytes = new Bytes().i32(2).u8(0x41, 0x42).i32(-7).u8(1, 2, 3);
    const result = readVOTable(
      votable(
        `<RESOURCE><TABLE><FIELD name="s" datatype="char" arraysize="*"/>` +
          `<DATA><BINARY><STREAM encoding="base64">${bytes.base64()}</STREAM></BINARY></DATA></TABLE></RESOURCE>`
      )
    );
    expect(result.tables[0].rows).toEqual([['AB']]);
    expect(result.tables[0].fault?.message).toBe(
      "The binary data of the table breaks at row 2: column 's' has a negative length (-7). " +
        'The row before it was read; the rest of the table could not be.'
    );
  });

  it('a decoder never throws for bad bytes and gives nothing after its fault', () => {
    const decoder = new BinaryRowDecoder(
      [{ name: 'n', datatype: 'int', arraysize: '*' }],
      false
    );
    expect(decoder.push(new Uint8Array([0, 0, 0, 1, 0, 0, 0, 5]))).toEqual([
      [[5]]
    ]);
    expect(decoder.push(new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toEqual([]);
    expect(decoder.fault).toEqual({
      row: 1,
      reason: "column 'n' has a negative length (-1)",
      cut: false
    });
    expect(decoder.push(new Uint8Array([0, 0, 0, 0]))).toEqual([]);
    expect(decoder.finish()).toEqual([]);
  });
});

describe('tables without readable rows say what they are', () => {
  it('PARQUET (VOTable 1.5): no rows, and a fault saying why', () => {
    const result = readVOTableResult(
      votable(
        '<RESOURCE type="results"><TABLE name="gaia"><FIELD name="source_id" datatype="long"/>' +
          '<DATA><PARQUET type="VOTable-remote-file"><STREAM href="https://example.org/results/1.parquet"/></PARQUET></DATA></TABLE>' +
          '<INFO name="QUERY_STATUS" value="OK"/></RESOURCE>'
      )
    );
    expect(result.rows).toEqual([]);
    expect(result.votable.tables[0].encoding).toBe('PARQUET');
    expect(result.fault).toMatchObject({ code: 'unsupported', rowsRead: 0 });
    expect(resultNotices(result).error).toBe(
      "The rows of table 'gaia' are in PARQUET serialization (VOTable 1.5), which this reader " +
        'does not decode; none of its rows could be read.'
    );
  });

  it('a serialization nobody knows yet is a fault too, not an empty table', () => {
    const result = readVOTable(
      votable(
        '<RESOURCE><TABLE><FIELD name="a" datatype="int"/><DATA><ARROW><STREAM href="x"/></ARROW></DATA></TABLE></RESOURCE>'
      )
    );
    expect(result.tables[0].fault?.message).toMatch(
      /does not know \(<ARROW>\); none of its rows could be read/
    );
  });

  it('a STREAM in a separate file or in gzip is a fault', () => {
    for (const [stream, why] of [
      [
        '<STREAM href="http://x/rows.bin"/>',
        /separate file \(http:\/\/x\/rows\.bin\)/
      ],
      ['<STREAM encoding="gzip">H4sI</STREAM>', /encoded as 'gzip'/]
    ] as const) {
      const result = readVOTable(
        votable(
          `<RESOURCE><TABLE><FIELD name="a" datatype="int"/><DATA><BINARY>${stream}</BINARY></DATA></TABLE></RESOURCE>`
        )
      );
      expect(result.tables[0].fault?.message).toMatch(why);
    }
  });

  it.each([
    ['<VOTABLE/>', /an empty VOTable \(no RESOURCE, no TABLE\)/],
    [
      votable(
        '<RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/></RESOURCE>'
      ),
      /a VOTable without any TABLE/
    ]
  ])('%s is no result, and says so', (body, message) => {
    expect(() => readVOTableResult(body)).toThrow(VOParseError);
    expect(() => readVOTableResult(body)).toThrow(message);
    // The document itself reads: other readers (service descriptors) need no table.
    expect(readVOTable(body).tables).toEqual([]);
  });

  it('an empty table is an empty OK result, without a fault', () => {
    const result = readVOTableResult(
      votable(
        '<RESOURCE type="results"><TABLE><FIELD name="a" datatype="int"/><DATA><TABLEDATA/></DATA></TABLE></RESOURCE>'
      )
    );
    expect(result.rows).toEqual([]);
    expect(resultNotices(result)).toEqual({ notes: [] });
  });
});

describe('notices for views', () => {
  it('says how many rows the reader kept of how many, and what a sky overlay could not draw', () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `<TR><TD>${i % 10 === 0 ? '' : i}</TD><TD>${i}</TD></TR>`
    ).join('');
    const result = readVOTableResult(
      votable(
        `<RESOURCE type="results"><TABLE><FIELD name="ra" datatype="double"/><FIELD name="dec" datatype="double"/><DATA><TABLEDATA>${rows}</TABLEDATA></DATA></TABLE></RESOURCE>`
      ),
      { maxRows: 20 }
    );
    expect(resultNotices(result)).toEqual({
      notes: ['The first 20 of 30 rows are shown.']
    });
    expect(drawnRowsNotice(result, 18)).toEqual({
      text: '2 rows of 20 have no readable position and are not drawn. The first 20 of 30 rows are shown.',
      error: false
    });
  });

  it('a sky overlay of rows that stop early says so as an error', () => {
    const bytes = new Bytes().f64(1).f64(2).u8(0, 0);
    const result = readVOTableResult(
      votable(
        `<RESOURCE type="results"><TABLE><FIELD name="ra" datatype="double"/><FIELD name="dec" datatype="double"/>` +
          `<DATA><BINARY><STREAM encoding="base64">${bytes.base64()}</STREAM></BINARY></DATA></TABLE></RESOURCE>`
      )
    );
    expect(result.rows).toEqual([[1, 2]]);
    const notice = drawnRowsNotice(result, 1);
    expect(notice.error).toBe(true);
    expect(notice.text).toMatch(
      /^The binary data of the table ends inside row 2/
    );
  });
});
