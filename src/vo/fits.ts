/**
 * FITS files: headers of every HDU, and image data as physical values (BSCALE/BZERO applied,
 * BLANK and NaN as NaN) for BITPIX 8, 16, 32, 64, -32 and -64; gzip-compressed files too. Every
 * size is checked against the bytes at hand, so a cut or malformed file is a clear error, never a
 * hang or a read past the end.
 */
import { VOParseError } from './errors';
import { readAllBytes } from './stream';

const BLOCK = 2880;
const CARD = 80;
const EXPECTED = 'a FITS file';

export type FitsValue = string | number | boolean | null;

export interface IFitsCard {
  key: string;
  value: FitsValue;
  comment?: string;
}

function invalid(
  message: string,
  code: 'invalid' | 'truncated' | 'unsupported' = 'invalid'
): VOParseError {
  return new VOParseError(message, EXPECTED, code, message);
}

/** One header: cards in order, values typed as FITS says (strings, numbers, logicals). */
export class FitsHeader {
  constructor(readonly cards: readonly IFitsCard[]) {
    for (const card of cards) {
      if (card.key && !this._index.has(card.key)) {
        this._index.set(card.key, card.value);
      }
    }
  }

  get(key: string): FitsValue | undefined {
    return this._index.get(key.toUpperCase());
  }

  number(key: string): number | undefined {
    const value = this.get(key);
    return typeof value === 'number' ? value : undefined;
  }

  string(key: string): string | undefined {
    const value = this.get(key);
    return typeof value === 'string' ? value : undefined;
  }

  /** The header as 80-column lines, for display. */
  text(): string {
    return this._lines.join('\n');
  }

  /** @internal the raw card images */
  _lines: string[] = [];
  private _index = new Map<string, FitsValue>();
}

function parseValue(raw: string): { value: FitsValue; comment?: string } {
  const text = raw.trimStart();
  if (text.startsWith("'")) {
    // A string: '' is a quote inside; trailing spaces are not significant.
    let value = '';
    let i = 1;
    while (i < text.length) {
      if (text[i] === "'") {
        if (text[i + 1] === "'") {
          value += "'";
          i += 2;
          continue;
        }
        break;
      }
      value += text[i++];
    }
    const rest = text.slice(i + 1);
    const slash = rest.indexOf('/');
    return {
      value: value.replace(/\s+$/, ''),
      comment: slash >= 0 ? rest.slice(slash + 1).trim() : undefined
    };
  }
  const slash = text.indexOf('/');
  const body = (slash >= 0 ? text.slice(0, slash) : text).trim();
  const comment = slash >= 0 ? text.slice(slash + 1).trim() : undefined;
  if (body === '') {
    return { value: null, comment };
  }
  if (body === 'T' || body === 'F') {
    return { value: body === 'T', comment };
  }
  // Fortran's D exponent is allowed in FITS.
  const number = Number(body.replace(/[dD]/, 'e'));
  return { value: Number.isFinite(number) ? number : body, comment };
}

function readHeader(
  bytes: Uint8Array,
  start: number
): { header: FitsHeader; end: number } {
  const cards: IFitsCard[] = [];
  const lines: string[] = [];
  const decoder = new TextDecoder('latin1');
  let offset = start;
  for (;;) {
    if (offset + CARD > bytes.length) {
      throw invalid(
        `The FITS header starting at byte ${start} has no END card before the file ends: the file is cut short.`,
        'truncated'
      );
    }
    const line = decoder.decode(bytes.subarray(offset, offset + CARD));
    offset += CARD;
    const key = line.slice(0, 8).trim();
    if (key === 'END') {
      lines.push(line.trimEnd());
      break;
    }
    if (/[^\x20-\x7e]/.test(line)) {
      throw invalid(
        `Byte ${offset - CARD} is not a FITS header card (FITS headers are printable ASCII).`
      );
    }
    lines.push(line.trimEnd());
    if (line.slice(8, 10) === '= ' && key !== 'COMMENT' && key !== 'HISTORY') {
      cards.push({ key, ...parseValue(line.slice(10)) });
    } else if (key) {
      cards.push({ key, value: line.slice(8).trim() || null });
    }
  }
  // The header fills whole 2880-byte blocks.
  const end = start + Math.ceil((offset - start) / BLOCK) * BLOCK;
  const header = new FitsHeader(cards);
  header._lines = lines;
  return { header, end };
}

export interface IFitsHdu {
  index: number;
  header: FitsHeader;
  bitpix: number;
  /** NAXIS1..NAXISn. */
  axes: number[];
  dataOffset: number;
  dataBytes: number;
  /** Two or more axes with data: something to show as an image. */
  isImage: boolean;
  extname?: string;
}

export interface IFitsFile {
  hdus: IFitsHdu[];
  bytes: Uint8Array;
}

const BITPIX = new Set([8, 16, 32, 64, -32, -64]);

/** The headers of every HDU; data is read only when asked for. */
export function readFits(bytes: Uint8Array): IFitsFile {
  if (
    bytes.length < CARD ||
    new TextDecoder('latin1').decode(bytes.subarray(0, 9)) !== 'SIMPLE  ='
  ) {
    throw new VOParseError(
      'This is not a FITS file: it does not start with SIMPLE =.',
      EXPECTED,
      'wrong-kind',
      'not FITS'
    );
  }
  const hdus: IFitsHdu[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    // Zero padding after the last HDU is allowed.
    if (
      hdus.length > 0 &&
      bytes.subarray(offset, offset + CARD).every(b => b === 0)
    ) {
      break;
    }
    const { header, end } = readHeader(bytes, offset);
    const index = hdus.length;
    const bitpix = header.number('BITPIX');
    const naxis = header.number('NAXIS');
    if (bitpix === undefined || !BITPIX.has(bitpix)) {
      throw invalid(
        `HDU ${index} has BITPIX ${String(header.get('BITPIX'))}; FITS allows 8, 16, 32, 64, -32 and -64.`
      );
    }
    if (
      naxis === undefined ||
      !Number.isInteger(naxis) ||
      naxis < 0 ||
      naxis > 999
    ) {
      throw invalid(`HDU ${index} has no valid NAXIS.`);
    }
    const axes: number[] = [];
    for (let i = 1; i <= naxis; i++) {
      const size = header.number(`NAXIS${i}`);
      if (size === undefined || !Number.isInteger(size) || size < 0) {
        throw invalid(`HDU ${index} has no valid NAXIS${i}.`);
      }
      axes.push(size);
    }
    const pcount = header.number('PCOUNT') ?? 0;
    const gcount = header.number('GCOUNT') ?? 1;
    const elements = naxis === 0 ? 0 : axes.reduce((n, a) => n * a, 1);
    const dataBytes = (Math.abs(bitpix) / 8) * gcount * (pcount + elements);
    if (end + dataBytes > bytes.length) {
      throw invalid(
        `HDU ${index} declares ${dataBytes.toLocaleString('en-US')} bytes of data (${axes.join(' x ') || 'no axes'}), but the file ends ${(end + dataBytes - bytes.length).toLocaleString('en-US')} bytes early: it is cut short.`,
        'truncated'
      );
    }
    const extname = header.string('EXTNAME');
    const xtension = header.string('XTENSION')?.trim();
    hdus.push({
      index,
      header,
      bitpix,
      axes,
      dataOffset: end,
      dataBytes,
      isImage:
        (index === 0 || xtension === 'IMAGE') &&
        axes.length >= 2 &&
        axes[0] > 0 &&
        axes[1] > 0,
      ...(extname ? { extname } : {})
    });
    offset = end + Math.ceil(dataBytes / BLOCK) * BLOCK;
  }
  return { hdus, bytes };
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    }
  });
  try {
    return await readAllBytes(
      source.pipeThrough(new DecompressionStream('gzip'))
    );
  } catch (error) {
    throw invalid(
      `The gzip-compressed file could not be decompressed (${(error as Error).message}).`,
      'truncated'
    );
  }
}

/** Read a FITS file, gzip-compressed or not. */
export async function openFits(bytes: Uint8Array): Promise<IFitsFile> {
  return readFits(isGzip(bytes) ? await gunzip(bytes) : bytes);
}

export function firstImageHdu(file: IFitsFile): IFitsHdu | undefined {
  return file.hdus.find(h => h.isImage);
}

export interface IFitsImage {
  width: number;
  height: number;
  /** Physical values, row by row; row 0 is FITS row 1 (the bottom of the image). */
  data: Float32Array;
  header: FitsHeader;
  hduIndex: number;
  bitpix: number;
}

/** One image plane (of a cube: `plane`) as physical values. */
export function readFitsImage(
  file: IFitsFile,
  hduIndex?: number,
  plane = 0
): IFitsImage {
  const hdu =
    hduIndex === undefined ? firstImageHdu(file) : file.hdus[hduIndex];
  if (!hdu) {
    throw invalid(
      hduIndex === undefined
        ? 'The FITS file has no image: none of its HDUs has two or more axes of data.'
        : `The FITS file has no HDU ${hduIndex}.`
    );
  }
  if (!hdu.isImage) {
    throw invalid(`HDU ${hdu.index} is not an image.`, 'unsupported');
  }
  const [width, height] = hdu.axes;
  const planes = hdu.axes.slice(2).reduce((n, a) => n * a, 1);
  if (plane < 0 || plane >= planes) {
    throw invalid(
      `HDU ${hdu.index} has ${planes} planes; there is no plane ${plane}.`
    );
  }
  const bytesPer = Math.abs(hdu.bitpix) / 8;
  const count = width * height;
  const start = hdu.dataOffset + plane * count * bytesPer;
  const view = new DataView(
    file.bytes.buffer,
    file.bytes.byteOffset + start,
    count * bytesPer
  );
  const scale = hdu.header.number('BSCALE') ?? 1;
  const zero = hdu.header.number('BZERO') ?? 0;
  const blank = hdu.bitpix > 0 ? hdu.header.number('BLANK') : undefined;
  const data = new Float32Array(count);
  // FITS is big-endian.
  const read: (i: number) => number = {
    8: (i: number) => view.getUint8(i),
    16: (i: number) => view.getInt16(i * 2),
    32: (i: number) => view.getInt32(i * 4),
    64: (i: number) => Number(view.getBigInt64(i * 8)),
    [-32]: (i: number) => view.getFloat32(i * 4),
    [-64]: (i: number) => view.getFloat64(i * 8)
  }[hdu.bitpix as 8 | 16 | 32 | 64 | -32 | -64];
  for (let i = 0; i < count; i++) {
    const raw = read(i);
    data[i] = blank !== undefined && raw === blank ? NaN : zero + scale * raw;
  }
  return {
    width,
    height,
    data,
    header: hdu.header,
    hduIndex: hdu.index,
    bitpix: hdu.bitpix
  };
}

/** The value of the pixel at 0-based (x, y), or undefined outside the image. */
export function pixelValueAt(
  image: IFitsImage,
  x: number,
  y: number
): number | undefined {
  const column = Math.round(x);
  const row = Math.round(y);
  if (column < 0 || row < 0 || column >= image.width || row >= image.height) {
    return undefined;
  }
  return image.data[row * image.width + column];
}
