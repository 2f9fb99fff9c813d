import {
  VOParseError,
  VORowsError,
  VOServiceError,
  findPositionColumns,
  readVOTable,
  readVOTableResult,
  readVOTableStream,
  resultsTable,
  throwIfError
} from '..';
import { corpusDocument } from './corpus';

const CADC = 'opencadc__cadctools__cadctap__cadctap__tests__data__votable.xml';
const DACHS_BINARY =
  'sciserver__skyquery__test__files__tap_votable__GAVOvotableH.xml';

function votable(body: string, attrs = ''): string {
  return `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"${attrs}>${body}</VOTABLE>`;
}

/** A tiny big-endian writer to build BINARY/BINARY2 streams in tests. */
class Bytes {
  parts: number[] = [];
  u8(...values: number[]): this {
    this.parts.push(...values);
    return this;
  }
  private view(size: number, write: (v: DataView) => void): this {
    const buffer = new DataView(new ArrayBuffer(size));
    write(buffer);
    this.parts.push(...new Uint8Array(buffer.buffer));
    return this;
  }
  i16(v: number): this {
    return this.view(2, d => d.setInt16(0, v));
  }
  i32(v: number): this {
    return this.view(4, d => d.setInt32(0, v));
  }
  i64(v: bigint): this {
    return this.view(8, d => d.setBigInt64(0, v));
  }
  f32(v: number): this {
    return this.view(4, d => d.setFloat32(0, v));
  }
  f64(v: number): this {
    return this.view(8, d => d.setFloat64(0, v));
  }
  chars(text: string, fixed?: number): this {
    const bytes = [...new TextEncoder().encode(text)];
    if (fixed === undefined) {
      this.i32(bytes.length);
    } else {
      while (bytes.length < fixed) {
        bytes.push(0);
      }
    }
    return this.u8(...bytes);
  }
  base64(): string {
    const text = Buffer.from(this.parts).toString('base64');
    // Services wrap their base64 in lines.
    return text.replace(/(.{76})/g, '$1\n');
  }
}

const ALL_TYPES_FIELDS = `
  <FIELD name="flag" datatype="boolean"/>
  <FIELD name="b" datatype="unsignedByte"/>
  <FIELD name="s" datatype="short"><VALUES null="-1"/></FIELD>
  <FIELD name="i" datatype="int"/>
  <FIELD name="big" datatype="long"/>
  <FIELD name="f" datatype="float"/>
  <FIELD name="d" datatype="double"/>
  <FIELD name="name" datatype="char" arraysize="*"/>
  <FIELD name="code" datatype="char" arraysize="4"/>
  <FIELD name="u" datatype="unicodeChar" arraysize="*"/>
  <FIELD name="vec" datatype="double" arraysize="*"/>
  <FIELD name="pair" datatype="int" arraysize="2"/>
  <FIELD name="z" datatype="doubleComplex"/>
  <FIELD name="bits" datatype="bit" arraysize="10"/>`;

function allTypesRow(b: Bytes, withMask: number[] | null, k: number): void {
  if (withMask) {
    b.u8(...withMask);
  }
  b.u8('T'.charCodeAt(0))
    .u8(200 + k)
    .i16(k === 1 ? -1 : 7)
    .i32(-123456)
    .i64(9007199254740993n)
    .f32(0.15)
    .f64(k === 2 ? NaN : 1.5e-9)
    .chars(`NGC ${k}`)
    .chars('ab', 4)
    .i32(2)
    .u8(0, 0xe9, 0x26, 0x3a) // "é☺" in UCS-2
    .i32(3)
    .f64(1)
    .f64(2)
    .f64(3)
    .i32(4)
    .i32(5)
    .f64(1)
    .f64(-1)
    .u8(0b10100000, 0b01000000);
}

describe('readVOTable on real results', () => {
  it('reads a CADC TAP result with typed values and its INFOs', () => {
    const result = readVOTable(corpusDocument('votable-result', CADC));
    expect(result.status).toEqual({ status: 'OK' });
    expect(result.overflow).toBe(false);
    const table = result.tables[0];
    expect(table.encoding).toBe('TABLEDATA');
    expect(table.rows).toHaveLength(3);
    expect(table.fields.map(f => f.name)).toEqual([
      'uri',
      'contentChecksum',
      'contentLength',
      'contentType'
    ]);
    expect(table.fields[0].xtype).toBe('uri');
    expect(table.fields[2].unit).toBe('byte');
    expect(table.rows[0]).toEqual([
      'ad:IRIS/I001B1H0.fits',
      'md5:b6ead425ae84289246e4528bbdd7da9a',
      1008000,
      'application/fits'
    ]);
    expect(result.resources[0].infos.map(i => i.name)).toEqual(
      expect.arrayContaining(['QUERY_STATUS', 'QUERY_TIMESTAMP', 'QUERY'])
    );
  });

  it('decodes the DaCHS BINARY result written on one line', () => {
    const result = readVOTable(corpusDocument('votable-result', DACHS_BINARY));
    const table = result.tables[0];
    expect(table.encoding).toBe('BINARY');
    expect(table.rows).toHaveLength(42);
    expect(table.rows[0]).toEqual([
      'NGC0257',
      'http://dc.zah.uni-heidelberg.de/getproduct/califa/datadr3/COMB/NGC0257.COMB.rscube.fits',
      'S c',
      12.9872
    ]);
    expect(table.rows.every(r => r.length === 4)).toBe(true);
    expect(table.rows.every(r => typeof r[3] === 'number')).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('reads the QUERY_STATUS=OVERFLOW that DaCHS puts after the table', () => {
    const result = readVOTable(
      corpusDocument(
        'votable-result',
        'astropy__pyvo__pyvo__dal__tests__data__arihip-tap-async-result.xml'
      )
    );
    expect(result.status.status).toBe('OVERFLOW');
    expect(result.overflow).toBe(true);
    expect(result.tables[0].rows).toEqual([[2]]);
  });

  it('reads overflow from the DaCHS SSA warning INFO and both service descriptors', () => {
    const result = readVOTable(
      corpusDocument(
        'votable-result',
        'astropy__pyvo__pyvo__dal__tests__data__datalink__datalink-ssa.xml'
      )
    );
    expect(result.status.status).toBe('OK');
    expect(result.overflow).toBe(true);
    expect(result.serviceDescriptors).toHaveLength(2);
    expect(
      result.serviceDescriptors.map(d => d.standardID ?? d.utype)
    ).toContain('ivo://ivoa.net/std/SODA#sync-1.0');
    // A point: datatype double arraysize 2.
    expect(result.tables[0].rows[0][3]).toEqual([
      304.446675349555, 38.0329313131891
    ]);
  });

  it('finds the CADC ObsCore datalink service descriptor and its ref parameter', () => {
    const result = readVOTable(
      corpusDocument(
        'votable-result',
        'astropy__pyvo__pyvo__dal__tests__data__datalink__datalink-obscore.xml'
      )
    );
    const [descriptor] = result.serviceDescriptors;
    expect(descriptor.standardID).toMatch(/DataLink#links/);
    expect(descriptor.accessURL).toMatch(/^https?:/);
    const id = descriptor.inputParams.find(p => p.name === 'ID');
    expect(id?.ref).toBeTruthy();
    const table = resultsTable(result);
    expect(table?.fields.some(f => f.ID === id?.ref)).toBe(true);
  });

  it('reads ALMA s_region strings and positions', () => {
    const result = readVOTable(
      corpusDocument(
        'votable-result',
        'astropy__astroquery__astroquery__alma__tests__data__alma-shapes.xml'
      )
    );
    const table = result.tables[0];
    const region = table.fields.findIndex(f => f.name === 's_region');
    expect(table.rows[0][region]).toMatch(/^Circle ICRS/);
    expect(findPositionColumns(table.fields)).toEqual({ ra: 1, dec: 2 });
  });

  it('reads DaCHS ObsCore with INFOs at RESOURCE level', () => {
    const result = readVOTableResult(
      corpusDocument(
        'votable-result',
        'astropy__pyvo__pyvo__dal__tests__data__tap__obscore-image.xml'
      )
    );
    expect(result.fields.map(f => f.name)).toContain('access_url');
    expect(result.rows).toHaveLength(10);
    expect(result.status).toBe('OK');
  });
});

describe('QUERY_STATUS=ERROR', () => {
  it.each([
    [
      'astropy__pyvo__pyvo__dal__tests__data__error2-sia.xml',
      /SiaUsageException: failed to parse POS: as3f,13\.0/
    ],
    [
      'lsst-sqre__safir__src__safir__uws__templates__error.xml',
      /\{\{ error\.code \}\}: \{\{ error\.message \}\}/
    ]
  ])('%s reports the service message', (name, message) => {
    const result = readVOTable(corpusDocument('votable-error', name));
    expect(result.status.status).toBe('ERROR');
    expect(result.status.message).toMatch(message);
    expect(() => throwIfError(result)).toThrow(VOServiceError);
    expect(() => throwIfError(result)).toThrow(message);
    expect(() =>
      readVOTableResult(corpusDocument('votable-error', name))
    ).toThrow(VOServiceError);
  });

  it('collapses the multi-line safir message and keeps it on the error', () => {
    try {
      readVOTableResult(
        corpusDocument(
          'votable-error',
          'lsst-sqre__safir__src__safir__uws__templates__error.xml'
        )
      );
      throw new Error('not thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(VOServiceError);
      const e = error as VOServiceError;
      expect(e.kind).toBe('service');
      expect(e.code).toBe('query-status');
      expect(e.serviceMessage).not.toMatch(/\n/);
    }
  });

  it('finds an ERROR placed after the TABLE and names the DALI fault', () => {
    const result = readVOTable(
      votable(
        '<RESOURCE type="results"><TABLE><FIELD name="a" datatype="int"/><DATA><TABLEDATA/></DATA></TABLE>' +
          '<INFO name="QUERY_STATUS" value="ERROR">UsageFault: no such table: foo</INFO></RESOURCE>'
      )
    );
    expect(result.status).toEqual({
      status: 'ERROR',
      message: 'UsageFault: no such table: foo'
    });
    try {
      throwIfError(result);
    } catch (error) {
      expect((error as VOServiceError).fault).toBe('UsageFault');
    }
  });
});

describe('TABLEDATA values', () => {
  const doc = votable(`<RESOURCE type="results"><TABLE>
    <FIELD name="flag" datatype="boolean"/>
    <FIELD name="n" datatype="int"><VALUES null="-999"/></FIELD>
    <FIELD name="id" datatype="long"/>
    <FIELD name="x" datatype="double"/>
    <FIELD name="band" datatype="double" arraysize="2"/>
    <FIELD name="name" datatype="char" arraysize="*"/>
    <FIELD name="bits" datatype="bit" arraysize="4"/>
    <FIELD name="z" datatype="floatComplex"/>
    <DATA><TABLEDATA>
      <TR><TD>T</TD><TD>42</TD><TD>9007199254740993</TD><TD>1.5e-3</TD><TD>3e-7 5e-7</TD><TD> M 31 </TD><TD>0110</TD><TD>1 -1</TD></TR>
      <TR><TD>?</TD><TD>-999</TD><TD>12</TD><TD>NaN</TD><TD>[0. 0.]</TD><TD/><TD/><TD/></TR>
      <TR><TD>false</TD><TD>0x10</TD><TD>-3</TD><TD>-Inf</TD><TD></TD><TD>&lt;b&gt; &amp; é</TD><TD>1 0 0 1</TD><TD>0 0</TD></TR>
      <TR><TD>F</TD><TD>abc</TD></TR>
    </TABLEDATA></DATA></TABLE></RESOURCE>`);

  it('types every cell by its field', () => {
    const result = readVOTable(doc);
    const rows = result.tables[0].rows;
    expect(rows[0]).toEqual([
      true,
      42,
      '9007199254740993',
      0.0015,
      [3e-7, 5e-7],
      'M 31',
      [false, true, true, false],
      [1, -1]
    ]);
    expect(rows[1]).toEqual([null, null, 12, null, [0, 0], null, null, null]);
    expect(rows[2]).toEqual([
      false,
      16,
      -3,
      -Infinity,
      null,
      '<b> & é',
      [true, false, false, true],
      [0, 0]
    ]);
  });

  it('reads unreadable values as null, pads short rows, and says so', () => {
    const result = readVOTable(doc);
    expect(result.tables[0].rows[3]).toEqual([
      false,
      null,
      null,
      null,
      null,
      null,
      null,
      null
    ]);
    expect(result.warnings).toEqual([
      "1 value of column 'n' did not read as int ('abc'); it is read as null."
    ]);
  });

  it('stops collecting at the row limit but counts the rest', () => {
    const result = readVOTable(doc, { maxRows: 2 });
    const table = result.tables[0];
    expect(table.rows).toHaveLength(2);
    expect(table.truncated).toBe(true);
    expect(table.rowCount).toBe(4);
  });

  it('reads PARAM values, VALUES and OPTIONs, and tolerates numpy-style arrays', () => {
    const result = readVOTable(
      votable(`<RESOURCE type="meta" utype="adhoc:service">
        <PARAM name="standardID" datatype="char" arraysize="*" value="ivo://ivoa.net/std/SODA#sync-1.0"/>
        <GROUP name="inputParams">
          <PARAM name="BAND" datatype="double" arraysize="2" unit="m" xtype="interval" value="[0. 0.]">
            <VALUES><MIN value="1e-7"/><MAX value="2e-6" inclusive="no"/></VALUES>
          </PARAM>
          <PARAM name="KIND" datatype="char" arraysize="*" value="">
            <VALUES><OPTION name="Header" value="HEADER"/><OPTION value="DATA"/></VALUES>
          </PARAM>
        </GROUP></RESOURCE>`)
    );
    const [descriptor] = result.serviceDescriptors;
    const [band, kind] = descriptor.inputParams;
    expect(band.parsedValue).toEqual([0, 0]);
    expect(band.values).toMatchObject({
      min: '1e-7',
      minInclusive: true,
      max: '2e-6',
      maxInclusive: false
    });
    expect(kind.parsedValue).toBeNull();
    expect(kind.values?.options).toEqual([
      { name: 'Header', value: 'HEADER', options: [] },
      { name: undefined, value: 'DATA', options: [] }
    ]);
  });
});

describe('BINARY and BINARY2', () => {
  function binary2Doc(rows: number): string {
    const bytes = new Bytes();
    for (let k = 0; k < rows; k++) {
      // Row 1: 'name' (field 7) and 'vec' (field 10) flagged null.
      allTypesRow(bytes, k === 1 ? [0b00000001, 0b00100000] : [0, 0], k);
    }
    return votable(
      `<RESOURCE type="results"><TABLE>${ALL_TYPES_FIELDS}<DATA><BINARY2><STREAM encoding="base64">${bytes.base64()}</STREAM></BINARY2></DATA></TABLE></RESOURCE>`
    );
  }

  const expectedRow = (k: number) => [
    true,
    200 + k,
    k === 1 ? null : 7,
    -123456,
    '9007199254740993',
    0.15,
    k === 2 ? null : 1.5e-9,
    `NGC ${k}`,
    'ab',
    'é☺',
    [1, 2, 3],
    [4, 5],
    [1, -1],
    [true, false, true, false, false, false, false, false, false, true]
  ];

  it('decodes every datatype, variable arrays, and the BINARY2 null flags', () => {
    const result = readVOTable(binary2Doc(3));
    const table = result.tables[0];
    expect(table.encoding).toBe('BINARY2');
    expect(table.rows[0]).toEqual(expectedRow(0));
    const second = expectedRow(1);
    second[7] = null;
    second[10] = null;
    expect(table.rows[1]).toEqual(second);
    expect(table.rows[2]).toEqual(expectedRow(2));
    expect(result.warnings).toEqual([]);
  });

  it('gives the same rows whatever the chunk boundaries', async () => {
    const doc = binary2Doc(5);
    const whole = readVOTable(doc).tables[0].rows;
    for (const size of [1, 3, 7, 64]) {
      async function* chunks() {
        for (let i = 0; i < doc.length; i += size) {
          yield doc.slice(i, i + size);
        }
      }
      const streamed = await readVOTableStream(chunks());
      expect(streamed.tables[0].rows).toEqual(whole);
    }
  });

  it('reads BINARY with VALUES null and stops at the row limit', () => {
    const bytes = new Bytes();
    for (const value of [1, -1, 3, 4]) {
      bytes.i32(value).chars(`r${value}`);
    }
    const doc = votable(
      `<RESOURCE><TABLE><FIELD name="n" datatype="int"><VALUES null="-1"/></FIELD><FIELD name="s" datatype="char" arraysize="*"/>` +
        `<DATA><BINARY><STREAM encoding="base64">${bytes.base64()}</STREAM></BINARY></DATA></TABLE></RESOURCE>`
    );
    expect(readVOTable(doc).tables[0].rows).toEqual([
      [1, 'r1'],
      [null, 'r-1'],
      [3, 'r3'],
      [4, 'r4']
    ]);
    const limited = readVOTable(doc, { maxRows: 2 }).tables[0];
    expect(limited.rows).toHaveLength(2);
    expect(limited.truncated).toBe(true);
  });

  it('keeps the rows of a stream cut in the middle of a row, and says where it ends', () => {
    const bytes = new Bytes().i32(1).i32(2).u8(0, 0);
    const result = readVOTable(
      votable(
        `<RESOURCE><TABLE><FIELD name="n" datatype="int"/><DATA><BINARY><STREAM encoding="base64">${bytes.base64()}</STREAM></BINARY></DATA></TABLE></RESOURCE>`
      )
    );
    const table = result.tables[0];
    expect(table.rows).toEqual([[1], [2]]);
    expect(table.fault).toBeInstanceOf(VORowsError);
    expect(table.fault).toMatchObject({
      code: 'truncated',
      rowsRead: 2,
      row: 3
    });
    expect(table.fault?.message).toBe(
      "The binary data of the table ends inside row 3: column 'n' needs 4 bytes, but the " +
        'stream ends 2 bytes later; the answer may have been cut. The 2 rows before it were ' +
        'read; the rest of the table could not be.'
    );
  });

  it('says which serializations it does not read', () => {
    const result = readVOTable(
      votable(
        '<RESOURCE><TABLE name="img"><FIELD name="n" datatype="int"/><DATA><FITS><STREAM href="http://x/f.fits"/></FITS></DATA></TABLE></RESOURCE>'
      )
    );
    expect(result.tables[0].encoding).toBe('FITS');
    expect(result.tables[0].fault?.message).toBe(
      "The rows of table 'img' are in FITS serialization, which this reader does not decode; " +
        'none of its rows could be read.'
    );
    expect(result.tables[0].fault?.code).toBe('unsupported');
  });
});

describe('readVOTableStream', () => {
  function bigDoc(rows: number): string {
    const parts = [
      '<VOTABLE><RESOURCE type="results"><TABLE><FIELD name="ra" datatype="double" ucd="pos.eq.ra;meta.main"/>' +
        '<FIELD name="dec" datatype="double" ucd="pos.eq.dec;meta.main"/><FIELD name="id" datatype="long"/><DATA><TABLEDATA>'
    ];
    for (let i = 0; i < rows; i++) {
      parts.push(
        `<TR><TD>${i / 100}</TD><TD>${-i / 200}</TD><TD>${i}</TD></TR>`
      );
    }
    parts.push(
      '</TABLEDATA></DATA></TABLE><INFO name="QUERY_STATUS" value="OVERFLOW"/></RESOURCE></VOTABLE>'
    );
    return parts.join('');
  }
  const doc = bigDoc(20000);

  it('streams bytes in chunks with progress, and reads the trailing status', async () => {
    const bytes = new TextEncoder().encode(doc);
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 10000) {
        yield bytes.slice(i, i + 10000);
      }
    }
    const seen: number[] = [];
    const result = await readVOTableStream(chunks(), {
      onProgress: p => seen.push(p.rows)
    });
    expect(result.tables[0].rows).toHaveLength(20000);
    expect(result.tables[0].rows[19999]).toEqual([199.99, -99.995, 19999]);
    expect(result.overflow).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(20);
    expect(seen[seen.length - 1]).toBe(20000);
  });

  it('reads a large string in slices with a row limit', async () => {
    const result = await readVOTableStream(doc, { maxRows: 100 });
    expect(result.tables[0].rows).toHaveLength(100);
    expect(result.tables[0].rowCount).toBe(20000);
    expect(result.tables[0].truncated).toBe(true);
  });

  it('stops reading at the row limit when asked, and stops the download', async () => {
    let pulled = 0;
    let released = false;
    async function* chunks() {
      try {
        for (let i = 0; i < doc.length; i += 4096) {
          pulled++;
          yield doc.slice(i, i + 4096);
        }
      } finally {
        released = true;
      }
    }
    const result = await readVOTableStream(chunks(), {
      maxRows: 50,
      stopAtRowLimit: true
    });
    const table = result.tables[0];
    expect(table.rows).toHaveLength(50);
    expect(table.truncated).toBe(true);
    expect(result.warnings).toEqual([
      'Reading stopped after 50 rows (the row limit); the rest of the document was not read.'
    ]);
    expect(pulled).toBeLessThan(doc.length / 4096 / 10);
    expect(released).toBe(true);
  });

  it('stops in a BINARY2 stream too', () => {
    const bytes = new Bytes();
    for (let i = 0; i < 1000; i++) {
      bytes.u8(0).i32(i);
    }
    const result = readVOTable(
      votable(
        `<RESOURCE><TABLE><FIELD name="n" datatype="int"/><DATA><BINARY2><STREAM encoding="base64">${bytes.base64()}</STREAM></BINARY2></DATA></TABLE></RESOURCE>`
      ),
      { maxRows: 10, stopAtRowLimit: true }
    );
    expect(result.tables[0].rows).toEqual(
      Array.from({ length: 10 }, (_, i) => [i])
    );
    expect(result.tables[0].truncated).toBe(true);
  });

  it('can be cancelled, also while waiting for the next chunk', async () => {
    const controller = new AbortController();
    const reading = readVOTableStream(doc, {
      signal: controller.signal,
      progressEvery: 500,
      onProgress: () => controller.abort()
    });
    await expect(reading).rejects.toThrow(/cancelled/);

    const stalled = new AbortController();
    async function* neverEnding() {
      yield '<VOTABLE><RESOURCE>';
      await new Promise(() => undefined);
    }
    const waiting = readVOTableStream(neverEnding(), {
      signal: stalled.signal
    });
    setTimeout(() => stalled.abort(), 0);
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('findPositionColumns', () => {
  it.each([
    [
      [
        { name: 'a', ucd: 'pos.eq.ra' },
        { name: 'ra2', ucd: 'pos.eq.ra;meta.main' },
        { name: 'dec2', ucd: 'pos.eq.dec;meta.main' }
      ],
      { ra: 1, dec: 2 }
    ],
    [
      [
        { name: 'raj2000', ucd: 'POS_EQ_RA_MAIN' },
        { name: 'dej2000', ucd: 'POS_EQ_DEC_MAIN' }
      ],
      { ra: 0, dec: 1 }
    ],
    [
      [
        { name: 'x', ucd: 'pos.eq.dec' },
        { name: 'y', ucd: 'pos.eq.ra' }
      ],
      { ra: 1, dec: 0 }
    ],
    [[{ name: 'coord_dec' }, { name: 'coord_ra' }], { ra: 1, dec: 0 }],
    [[{ name: 'S_RA' }, { name: 's_dec' }], { ra: 0, dec: 1 }],
    [[{ name: 'ra' }], null]
  ])('finds %j', (fields, expected) => {
    expect(findPositionColumns(fields)).toEqual(expected);
  });
});

describe('readVOTable on bad input', () => {
  it.each([
    ['', 'empty', /got an empty response/],
    ['   \n', 'empty', /got an empty response/],
    [
      '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body/></html>',
      'html',
      /got an HTML page \(title: '502 Bad Gateway'\)/
    ],
    [
      '{"detail": "Not authenticated"}',
      'json',
      /got a JSON document \(saying 'Not authenticated'\)/
    ],
    [
      votable(
        '<RESOURCE><TABLE><FIELD name="a" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR>'
      ).slice(0, -10),
      'truncated',
      /stops before its end/
    ],
    ['<VOTABLE><RESOURCE></TABLE></VOTABLE>', 'malformed', /XML is broken/],
    [
      '<uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0"/>',
      'wrong-kind',
      /Expected a VOTable but got a UWS job \(root element <job>\)/
    ]
  ])('explains %j', (body, code, message) => {
    expect(() => readVOTable(body)).toThrow(VOParseError);
    expect(() => readVOTable(body)).toThrow(message);
    try {
      readVOTable(body);
    } catch (error) {
      expect((error as VOParseError).code).toBe(code);
      expect((error as VOParseError).kind).toBe('parse');
    }
  });
});
