import * as fs from 'fs';
import * as path from 'path';
import { DecompressionStream, ReadableStream } from 'stream/web';
import { gzipSync } from 'zlib';

import {
  VOParseError,
  computeCuts,
  openFits,
  pixelValueAt,
  readFits,
  readFitsImage,
  readWcs,
  renderImage,
  wcsProblem
} from '..';

// jsdom has no web streams; the browser and Node have them natively.
Object.assign(globalThis, { DecompressionStream, ReadableStream });

const FIXTURES = path.join(__dirname, 'fixtures');
// A SODA cutout of a demo calexp (74 x 74 float32, RA---TAN), and the same file gzipped.
const cutout = new Uint8Array(
  fs.readFileSync(path.join(FIXTURES, 'demo-cutout.fits'))
);
const cutoutGz = new Uint8Array(
  fs.readFileSync(path.join(FIXTURES, 'demo-cutout.fits.gz'))
);

function card(key: string, value: string): string {
  return `${key.padEnd(8)}= ${value.padStart(20)}`.padEnd(80);
}

/** A one-HDU FITS file with the given cards and big-endian data. */
function fits(cards: string[], data: Uint8Array): Uint8Array {
  let header = cards.join('') + 'END'.padEnd(80);
  header = header.padEnd(Math.ceil(header.length / 2880) * 2880);
  const padded = new Uint8Array(Math.ceil(data.length / 2880) * 2880);
  padded.set(data);
  const out = new Uint8Array(header.length + padded.length);
  out.set(new TextEncoder().encode(header));
  out.set(padded, header.length);
  return out;
}

function image(
  bitpix: number,
  values: number[],
  extra: string[] = []
): Uint8Array {
  const size = Math.abs(bitpix) / 8;
  const bytes = new Uint8Array(values.length * size);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    switch (bitpix) {
      case 8:
        view.setUint8(i, v);
        break;
      case 16:
        view.setInt16(i * 2, v);
        break;
      case 32:
        view.setInt32(i * 4, v);
        break;
      case 64:
        view.setBigInt64(i * 8, BigInt(v));
        break;
      case -32:
        view.setFloat32(i * 4, v);
        break;
      default:
        view.setFloat64(i * 8, v);
    }
  });
  return fits(
    [
      card('SIMPLE', 'T'),
      card('BITPIX', String(bitpix)),
      card('NAXIS', '2'),
      card('NAXIS1', '2'),
      card('NAXIS2', String(values.length / 2)),
      ...extra
    ],
    bytes
  );
}

describe('FITS', () => {
  it('reads a real SODA cutout from the demo platform', () => {
    const file = readFits(cutout);
    expect(file.hdus).toHaveLength(1);
    const img = readFitsImage(file);
    expect([img.width, img.height, img.bitpix]).toEqual([74, 74, -32]);
    // Values as astropy reads them (data[row, column]).
    expect(img.data[0]).toBeCloseTo(-0.4739246666431427, 6);
    expect(pixelValueAt(img, 20, 10)).toBeCloseTo(-3.23246169090271, 6);
    expect(computeCuts(img.data, { kind: 'minmax' })).toEqual({
      low: expect.closeTo(-32.648475646972656, 4),
      high: expect.closeTo(59503.1171875, 2)
    });
    expect(img.header.string('CTYPE1')).toBe('RA---TAN');
    expect(img.header.text().split('\n')[0]).toMatch(/^SIMPLE  = +T/);
  });

  it('reads the gzipped file the same', async () => {
    const plain = readFitsImage(readFits(cutout));
    const zipped = readFitsImage(await openFits(cutoutGz));
    expect(zipped.data).toEqual(plain.data);
  });

  it('places the cutout on the sky as astropy does', () => {
    const wcs = readWcs(readFits(cutout).hdus[0].header);
    expect(wcs?.projection).toBe('TAN');
    const cases: [number, number, number, number][] = [
      [0, 0, 55.75399207, -32.2180693],
      [73, 73, 55.74200859, -32.20793041],
      [10.5, 20.25, 55.75226819, -32.21525687]
    ];
    for (const [x, y, ra, dec] of cases) {
      const sky = wcs?.pixelToSky(x, y);
      expect(sky?.ra).toBeCloseTo(ra, 7);
      expect(sky?.dec).toBeCloseTo(dec, 7);
      const back = wcs?.skyToPixel(sky ?? { ra: 0, dec: 0 });
      expect(back?.x).toBeCloseTo(x, 6);
      expect(back?.y).toBeCloseTo(y, 6);
    }
    expect(wcs?.skyToPixel({ ra: 55.748 + 180, dec: 32.213 })).toBeNull();
    expect(wcs?.footprint(74, 74)).toHaveLength(4);
  });

  it('says why an image has no sky positions', () => {
    expect(wcsProblem(readFits(cutout).hdus[0].header)).toBeNull();
    const header = (extra: string[]) =>
      readFits(image(-32, [1, 2, 3, 4], extra)).hdus[0].header;
    expect(wcsProblem(header([]))).toMatch(/has no WCS/);
    expect(
      wcsProblem(
        header([card('CTYPE1', "'RA---SIN'"), card('CTYPE2', "'DEC--SIN'")])
      )
    ).toMatch(/RA---SIN \/ DEC--SIN\) is not the gnomonic \(TAN\)/);
    expect(
      wcsProblem(
        header([card('CTYPE1', "'RA---TAN'"), card('CTYPE2', "'DEC--TAN'")])
      )
    ).toMatch(/lacks CRPIX, CRVAL or a pixel scale/);
  });

  it.each([
    [8, [0, 1, 200, 255], [], [0, 1, 200, 255]],
    [16, [-2, 0, 3, 32000], [], [-2, 0, 3, 32000]],
    [
      16,
      [-32768, 0, 1, 32767],
      [card('BZERO', '32768')],
      [0, 32768, 32769, 65535]
    ],
    [
      32,
      [-5, 7, 100000, 3],
      [card('BSCALE', '0.5'), card('BZERO', '10')],
      [7.5, 13.5, 50010, 11.5]
    ],
    [64, [-1, 2, 3, 4], [], [-1, 2, 3, 4]],
    [-32, [1.5, NaN, -2.25, 0], [], [1.5, NaN, -2.25, 0]],
    [-64, [1e-3, 2, 3, 4], [], [1e-3, 2, 3, 4]],
    [16, [5, -999, 7, 8], [card('BLANK', '-999')], [5, NaN, 7, 8]]
  ] as [number, number[], string[], number[]][])(
    'reads BITPIX %i with scaling and blanks',
    (bitpix, stored, extra, physical) => {
      const img = readFitsImage(readFits(image(bitpix, stored, extra)));
      expect(Array.from(img.data)).toEqual(physical.map(v => Math.fround(v)));
    }
  );

  it.each([
    [
      'not FITS at all',
      new TextEncoder().encode('<html>Bad Gateway</html>'),
      /not a FITS file/
    ],
    ['cut inside the header', cutout.subarray(0, 1000), /no END card/],
    ['cut inside the data', cutout.subarray(0, 20000), /cut short/],
    [
      'a wrong BITPIX',
      fits(
        [
          card('SIMPLE', 'T'),
          card('BITPIX', '12'),
          card('NAXIS', '2'),
          card('NAXIS1', '2'),
          card('NAXIS2', '2')
        ],
        new Uint8Array(8)
      ),
      /BITPIX 12/
    ],
    [
      'NAXIS sizes larger than the data',
      fits(
        [
          card('SIMPLE', 'T'),
          card('BITPIX', '8'),
          card('NAXIS', '2'),
          card('NAXIS1', '4000'),
          card('NAXIS2', '4000')
        ],
        new Uint8Array(10)
      ),
      /cut short/
    ],
    [
      'binary junk in the header',
      Uint8Array.from([
        ...new TextEncoder().encode(
          'SIMPLE  =                    T'.padEnd(80)
        ),
        0,
        1,
        2,
        ...new Uint8Array(3000)
      ]),
      /not a FITS header card/
    ]
  ])('refuses %s with a clear error', (_, bytes, message) => {
    let caught: unknown;
    try {
      readFitsImage(readFits(bytes as Uint8Array));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VOParseError);
    expect((caught as Error).message).toMatch(message);
  });

  it('refuses a broken gzip file clearly', async () => {
    await expect(openFits(cutoutGz.subarray(0, 5000))).rejects.toThrow(
      /could not be decompressed|cut short|no END/
    );
    expect(gzipSync(Buffer.from('x')).length).toBeGreaterThan(0);
  });
});

describe('image display', () => {
  it('renders with cuts, stretch and colour map; NaN is transparent; FITS row 1 at the bottom', () => {
    const data = Float32Array.from([0, 10, NaN, 5]);
    const rgba = renderImage(
      { width: 2, height: 2, data },
      { cuts: { low: 0, high: 10 }, stretch: 'linear', colorMap: 'grey' }
    );
    // Row 0 of the data (0, 10) is drawn as the bottom row of the canvas.
    expect(Array.from(rgba.slice(8, 16))).toEqual([
      0, 0, 0, 255, 255, 255, 255, 255
    ]);
    expect(rgba[3]).toBe(0); // the NaN
    expect(Array.from(rgba.slice(4, 8))).toEqual([128, 128, 128, 255]);
    const sqrt = renderImage(
      { width: 2, height: 2, data },
      {
        cuts: { low: 0, high: 10 },
        stretch: 'sqrt',
        colorMap: 'grey',
        invert: true
      }
    );
    expect(sqrt[4]).toBe(Math.round(255 * (1 - Math.sqrt(0.5))));
  });

  it('finds zscale and percentile cuts around the sky level', () => {
    const data = new Float32Array(200 * 200);
    let seed = 1;
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 16807) % 2147483647;
      data[i] = 100 + 10 * ((seed / 2147483647) * 2 - 1);
    }
    data[5] = 1e6; // a bright star
    data[6] = NaN;
    const z = computeCuts(data, { kind: 'zscale' });
    expect(z.low).toBeGreaterThanOrEqual(89);
    expect(z.high).toBeLessThanOrEqual(111);
    expect(z.low).toBeLessThan(z.high);
    const p = computeCuts(data, { kind: 'percentile', low: 1, high: 99 });
    expect(p.low).toBeCloseTo(90.2, 0);
    expect(p.high).toBeCloseTo(109.8, 0);
  });
});
