/**
 * The small helpers around the parsers: capabilities look-ups, UDF signatures, UWS phases,
 * datatype decoding details.
 */
import {
  Base64Decoder,
  BinaryRowDecoder,
  isActivePhase,
  isFinalPhase,
  matchesStandard,
  parseArraySize,
  parseCapabilities,
  parseUdfSignature,
  parseUWSJob,
  parseValue,
  shortestFloat32,
  tapBaseURL
} from '..';

describe('capabilities helpers', () => {
  it('matches standard ids with and without versions', () => {
    expect(
      matchesStandard(
        'ivo://ivoa.net/std/VOSI#tables-1.1',
        'ivo://ivoa.net/std/VOSI#tables'
      )
    ).toBe(true);
    expect(
      matchesStandard('IVO://ivoa.net/std/TAP', 'ivo://ivoa.net/std/TAP')
    ).toBe(true);
    expect(
      matchesStandard(
        'ivo://ivoa.net/std/TAP#sync-1.1',
        'ivo://ivoa.net/std/TAP'
      )
    ).toBe(true);
    expect(
      matchesStandard('ivo://ivoa.net/std/TAPRegExt', 'ivo://ivoa.net/std/TAP')
    ).toBe(false);
  });

  it('finds the TAP base of a service that lists sync and async endpoints', () => {
    const caps = parseCapabilities(
      '<capabilities>' +
        '<capability standardID="ivo://ivoa.net/std/TAP#sync-1.0"><interface role="std"><accessURL>https://x.org/tap/sync</accessURL></interface></capability>' +
        '<capability standardID="ivo://ivoa.net/std/TAP#async-1.0"><interface role="std"><accessURL>https://x.org/tap/async</accessURL></interface></capability>' +
        '</capabilities>'
    );
    expect(tapBaseURL(caps)).toBe('https://x.org/tap');
  });

  it.each([
    [
      'ivo_healpix_index(order INTEGER, ra DOUBLE PRECISION, dec DOUBLE PRECISION) -> BIGINT',
      {
        name: 'ivo_healpix_index',
        args: [
          { name: 'order', type: 'INTEGER' },
          { name: 'ra', type: 'DOUBLE PRECISION' },
          { name: 'dec', type: 'DOUBLE PRECISION' }
        ],
        returns: 'BIGINT'
      }
    ],
    ['now() -> TIMESTAMP', { name: 'now', args: [], returns: 'TIMESTAMP' }],
    [
      'f(s VARCHAR(3, 4), n INTEGER) -> TEXT',
      {
        name: 'f',
        args: [
          { name: 's', type: 'VARCHAR(3, 4)' },
          { name: 'n', type: 'INTEGER' }
        ],
        returns: 'TEXT'
      }
    ],
    ['form 1', null]
  ])('reads the UDF form %j', (form, expected) => {
    expect(parseUdfSignature(form)).toEqual(expected);
  });
});

describe('UWS helpers', () => {
  const job = (phase: string, summary = '') =>
    parseUWSJob(
      `<uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0"><uws:jobId>1</uws:jobId><uws:phase>${phase}</uws:phase>${summary}</uws:job>`
    );

  it('knows which phases are final and which are running', () => {
    expect(isFinalPhase(job('COMPLETED').phase)).toBe(true);
    expect(isFinalPhase(job('executing').phase)).toBe(false);
    expect(isActivePhase(job('EXECUTING').phase)).toBe(true);
    expect(isActivePhase(job('PENDING').phase)).toBe(false);
    expect(job('SOMETHING').phase).toBe('SOMETHING');
  });
});

describe('datatypes', () => {
  it.each([
    [undefined, { scalar: true, variable: false, fixedCount: 1 }],
    ['1', { scalar: true }],
    ['*', { scalar: false, variable: true, itemSize: 1 }],
    ['32*', { scalar: false, variable: true, last: 32 }],
    ['2x3', { scalar: false, variable: false, fixedCount: 6, itemSize: 2 }],
    ['3x*', { scalar: false, variable: true, itemSize: 3 }]
  ])('reads arraysize %p', (arraysize, expected) => {
    expect(parseArraySize(arraysize)).toMatchObject(expected);
  });

  it('reads lone values leniently', () => {
    expect(
      parseValue('(1, 2, 3)', { datatype: 'int', arraysize: '*' })
    ).toEqual([1, 2, 3]);
    expect(parseValue('not a number', { datatype: 'double' })).toBe(
      'not a number'
    );
    expect(parseValue('+Inf', { datatype: 'float' })).toBe(Infinity);
    expect(parseValue('TTF', { datatype: 'boolean', arraysize: '3' })).toEqual([
      true,
      true,
      false
    ]);
    expect(parseValue('-9223372036854775808', { datatype: 'long' })).toBe(
      '-9223372036854775808'
    );
    expect(parseValue('3.0', { datatype: 'int' })).toBe(3);
    // A datatype VOTable does not define is read as text.
    expect(parseValue(' 12 ', { datatype: 'string' })).toBe('12');
  });

  it('gives 32-bit floats their shortest decimal', () => {
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
    expect(shortestFloat32(Math.fround(12.9872))).toBe(12.9872);
    expect(shortestFloat32(Math.fround(1e-30))).toBe(1e-30);
  });

  it('decodes base64 split anywhere, with padding inside the stream', () => {
    const text = Buffer.from('hello, world').toString('base64'); // aGVsbG8sIHdvcmxk
    const twice =
      Buffer.from('ab').toString('base64') +
      Buffer.from('cd').toString('base64');
    for (const input of [text, twice]) {
      const decoder = new Base64Decoder();
      const parts: number[] = [];
      for (const char of input) {
        parts.push(...decoder.push(`${char}\n`));
      }
      expect(decoder.leftover).toBe(0);
      expect(Buffer.from(parts).toString()).toBe(
        input === text ? 'hello, world' : 'abcd'
      );
    }
  });

  it('decodes multi-dimensional and unicode arrays from BINARY', () => {
    const decoder = new BinaryRowDecoder(
      [
        { datatype: 'short', arraysize: '2x*' },
        { datatype: 'unicodeChar', arraysize: '3' },
        { datatype: 'char', arraysize: '2' }
      ],
      false
    );
    const bytes = [
      0, 0, 0, 2, 0, 1, 0, 2, 0, 3, 0, 4, 0, 0x48, 0, 0x69, 0, 0, 0x4f, 0x4b
    ];
    expect(decoder.push(new Uint8Array(bytes.slice(0, 7)))).toEqual([]);
    expect(decoder.push(new Uint8Array(bytes.slice(7)))).toEqual([
      [[1, 2, 3, 4], 'Hi', 'OK']
    ]);
    expect(decoder.pending).toBe(0);
  });
});
