/**
 * VOTable datatypes: turning a TABLEDATA cell's text, or the bytes of a BINARY/BINARY2 row, into
 * typed values. Pure functions and small classes; the reader in votable.ts drives them.
 *
 * Cell values:
 * - char, unicodeChar: string (a fixed or variable array of characters is one string); an empty
 *   string is null;
 * - boolean: true/false, null for '?', blank or NUL; bit: boolean;
 * - unsignedByte, short, int, float, double: number; float/double NaN is null;
 * - long: a number when it is a safe integer, otherwise its decimal text (precision kept);
 * - floatComplex, doubleComplex: [re, im];
 * - arrays of those: flat arrays (complex arrays flattened as re, im, re, im...), multi-dimensional
 *   arrays flattened in VOTable order (first index fastest);
 * - integers equal to the field's VALUES null are null; BINARY2 null flags give null.
 * Text that does not read as the field's datatype is kept as the text the service sent.
 */

export type VOScalar = number | string | boolean | null;
export type VOCell = VOScalar | VOScalar[];

/** What a datatype reader needs to know about a FIELD or PARAM. */
export interface IDatatypeInfo {
  datatype: string;
  arraysize?: string;
  /** VALUES null="..." */
  nullValue?: string;
}

export interface IArrayShape {
  /** No arraysize (or arraysize="1"): one value. */
  scalar: boolean;
  /** The last dimension is variable ('*' or 'n*'). */
  variable: boolean;
  /** Number of elements per step of the last dimension (product of the other dimensions). */
  itemSize: number;
  /** The last dimension when fixed. */
  last: number;
  /** Total number of elements when fixed. */
  fixedCount: number;
  /** Dimensions as written, null for '*'. */
  dims: (number | null)[];
}

/** Parse a VOTable arraysize ('*', '10', '32*', '2x3', '2x*'). */
export function parseArraySize(arraysize?: string): IArrayShape {
  const text = (arraysize ?? '').trim();
  if (text === '' || text === '1') {
    return {
      scalar: true,
      variable: false,
      itemSize: 1,
      last: 1,
      fixedCount: 1,
      dims: []
    };
  }
  const parts = text.split('x').map(p => p.trim());
  const dims: (number | null)[] = [];
  let variable = false;
  parts.forEach((part, index) => {
    if (part.endsWith('*')) {
      if (index === parts.length - 1) {
        variable = true;
      }
      const bound = parseInt(part.slice(0, -1), 10);
      dims.push(Number.isFinite(bound) ? bound : null);
    } else {
      const size = parseInt(part, 10);
      dims.push(Number.isFinite(size) && size >= 0 ? size : null);
    }
  });
  if (dims.some(d => d === null) && !variable) {
    // An unreadable arraysize: treat it as a variable array.
    variable = true;
  }
  const fixedDims = dims.slice(0, -1).map(d => d ?? 1);
  const itemSize = fixedDims.reduce((a, b) => a * b, 1);
  const last = dims[dims.length - 1] ?? 0;
  return {
    scalar: false,
    variable,
    itemSize,
    last,
    fixedCount: itemSize * last,
    dims
  };
}

const NUMERIC_TYPES = new Set([
  'unsignedByte',
  'short',
  'int',
  'long',
  'float',
  'double',
  'floatComplex',
  'doubleComplex'
]);

export function isNumericDatatype(datatype: string): boolean {
  return NUMERIC_TYPES.has(datatype);
}

/** Marker for text that does not read as the datatype. */
export const INVALID = Symbol('invalid');
type Parsed<T> = T | typeof INVALID;

function parseFloatToken(token: string): Parsed<number | null> {
  const lower = token.toLowerCase();
  if (lower === 'nan' || lower === '-nan' || lower === '+nan') {
    return null;
  }
  const inf = /^([+-]?)inf(?:inity)?$/.exec(lower);
  if (inf) {
    return inf[1] === '-' ? -Infinity : Infinity;
  }
  // Number() accepts '0.', '.5', '1e-9' and hex; it must not accept '' (handled by callers).
  const value = Number(token);
  return Number.isNaN(value) ? INVALID : value;
}

function parseIntegerToken(
  token: string,
  datatype: string
): Parsed<number | string> {
  let big: bigint;
  if (/^[+-]?\d+$/.test(token)) {
    big = BigInt(token);
  } else if (/^[+-]?0x[0-9a-f]+$/i.test(token)) {
    const negative = token.startsWith('-');
    big = BigInt(token.replace(/^[+-]/, ''));
    if (negative) {
      big = -big;
    }
  } else if (/^[+-]?\d+\.0*$/.test(token)) {
    // "3.0" where an integer was declared: a lenient service. Keep the value.
    big = BigInt(token.replace(/\.0*$/, ''));
  } else {
    return INVALID;
  }
  const value = Number(big);
  if (Number.isSafeInteger(value)) {
    return value;
  }
  return datatype === 'long' ? big.toString() : INVALID;
}

function parseBooleanToken(token: string): Parsed<boolean | null> {
  switch (token.toLowerCase()) {
    case 't':
    case 'true':
    case '1':
      return true;
    case 'f':
    case 'false':
    case '0':
      return false;
    case '?':
    case '':
      return null;
    default:
      return INVALID;
  }
}

/** Tokens of an array cell, tolerating brackets and commas ("[0. 0.]", "(1, 2)"). */
function tokens(text: string): string[] {
  const inner = text.replace(/[[\](),;]/g, ' ').trim();
  return inner === '' ? [] : inner.split(/\s+/);
}

function sameNumber(token: string, nullValue: string | undefined): boolean {
  if (nullValue === undefined) {
    return false;
  }
  if (token === nullValue) {
    return true;
  }
  const a = Number(token);
  const b = Number(nullValue);
  return !Number.isNaN(a) && !Number.isNaN(b) && a === b;
}

function parseScalarToken(
  token: string,
  info: IDatatypeInfo
): Parsed<VOScalar> {
  if (sameNumber(token, info.nullValue)) {
    return null;
  }
  switch (info.datatype) {
    case 'boolean':
      return parseBooleanToken(token);
    case 'bit':
      return token === '1' ? true : token === '0' ? false : INVALID;
    case 'unsignedByte':
    case 'short':
    case 'int':
    case 'long':
      return parseIntegerToken(token, info.datatype);
    default:
      return parseFloatToken(token);
  }
}

/** A function turning TD text into a cell value (or INVALID), made once per FIELD. */
export type TextCellParser = (text: string) => Parsed<VOCell>;

export function textCellParser(info: IDatatypeInfo): TextCellParser {
  const shape = parseArraySize(info.arraysize);
  const datatype = info.datatype;
  // char, unicodeChar, and datatypes VOTable does not define (read as text).
  if (
    !NUMERIC_TYPES.has(datatype) &&
    datatype !== 'boolean' &&
    datatype !== 'bit'
  ) {
    return text => {
      const value = text.trim();
      return value === '' ? null : value;
    };
  }
  const complex = datatype === 'floatComplex' || datatype === 'doubleComplex';
  if (shape.scalar && !complex) {
    return text => {
      const token = text.trim();
      if (token === '') {
        return null;
      }
      return parseScalarToken(token, info);
    };
  }
  return text => {
    let parts = tokens(text);
    if (parts.length === 0) {
      return null;
    }
    if (
      (datatype === 'bit' || datatype === 'boolean') &&
      parts.length === 1 &&
      parts[0].length > 1 &&
      /^[01TtFf?]+$/.test(parts[0])
    ) {
      // Bit and boolean arrays may be written without separators: "0110", "TTF".
      parts = parts[0].split('');
    }
    const values: VOScalar[] = [];
    for (const part of parts) {
      const value = parseScalarToken(part, info);
      if (value === INVALID) {
        return INVALID;
      }
      values.push(value);
    }
    if (complex && shape.scalar && values.length !== 2) {
      return INVALID;
    }
    return values;
  };
}

/** Parse a PARAM value or another lone VOTable literal; unreadable text is returned as is. */
export function parseValue(text: string, info: IDatatypeInfo): VOCell {
  const value = textCellParser(info)(text);
  return value === INVALID ? text : value;
}

// ---------------------------------------------------------------------------------------------
// Binary serializations

/** Thrown inside a row read when the buffer ends before the row does: wait for more bytes. */
const NEED_MORE = Symbol('need more bytes');

class Cursor {
  constructor(
    readonly bytes: Uint8Array,
    readonly view: DataView,
    public pos: number,
    readonly end: number
  ) {}

  take(count: number): number {
    const at = this.pos;
    if (at + count > this.end) {
      throw NEED_MORE;
    }
    this.pos = at + count;
    return at;
  }
}

const ELEMENT_SIZES: Record<string, number> = {
  boolean: 1,
  unsignedByte: 1,
  short: 2,
  int: 4,
  long: 8,
  char: 1,
  unicodeChar: 2,
  float: 4,
  double: 8,
  floatComplex: 8,
  doubleComplex: 16
};

type BinaryFieldReader = (cursor: Cursor) => VOCell;

const utf8 = new TextDecoder('utf-8');

function nullNumber(info: IDatatypeInfo): number | bigint | undefined {
  if (info.nullValue === undefined || info.nullValue.trim() === '') {
    return undefined;
  }
  const text = info.nullValue.trim();
  try {
    if (info.datatype === 'long' && /^[+-]?(\d+|0x[0-9a-f]+)$/i.test(text)) {
      const negative = text.startsWith('-');
      const value = BigInt(text.replace(/^[+-]/, ''));
      return negative ? -value : value;
    }
  } catch {
    return undefined;
  }
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

function elementReader(
  info: IDatatypeInfo
): (view: DataView, offset: number) => VOScalar {
  const nullValue = nullNumber(info);
  switch (info.datatype) {
    case 'boolean':
      return (view, offset) => {
        switch (view.getUint8(offset)) {
          case 0x54: // T
          case 0x74: // t
          case 0x31: // 1
            return true;
          case 0x46: // F
          case 0x66: // f
          case 0x30: // 0
            return false;
          default:
            return null;
        }
      };
    case 'unsignedByte':
      return (view, offset) => {
        const value = view.getUint8(offset);
        return value === nullValue ? null : value;
      };
    case 'short':
      return (view, offset) => {
        const value = view.getInt16(offset);
        return value === nullValue ? null : value;
      };
    case 'int':
      return (view, offset) => {
        const value = view.getInt32(offset);
        return value === nullValue ? null : value;
      };
    case 'long': {
      const nullBig =
        typeof nullValue === 'bigint'
          ? nullValue
          : nullValue !== undefined && Number.isInteger(nullValue)
            ? BigInt(nullValue)
            : undefined;
      return (view, offset) => {
        const value = view.getBigInt64(offset);
        if (value === nullBig) {
          return null;
        }
        const number = Number(value);
        return Number.isSafeInteger(number) ? number : value.toString();
      };
    }
    case 'float':
    case 'floatComplex':
      return (view, offset) => {
        const value = view.getFloat32(offset);
        return Number.isNaN(value) || value === nullValue
          ? null
          : shortestFloat32(value);
      };
    default:
      return (view, offset) => {
        const value = view.getFloat64(offset);
        return Number.isNaN(value) || value === nullValue ? null : value;
      };
  }
}

/**
 * The shortest decimal that is the same 32-bit float: 0.15 rather than 0.15000000596046448, as
 * the service wrote it.
 */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value) || value === 0) {
    return value;
  }
  for (let digits = 6; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) {
      return candidate;
    }
  }
  return Number(value.toPrecision(9));
}

function decodeChars(
  bytes: Uint8Array,
  start: number,
  length: number,
  unicode: boolean
): string | null {
  let text: string;
  if (unicode) {
    const units: number[] = [];
    for (let i = 0; i < length; i++) {
      const unit = (bytes[start + 2 * i] << 8) | bytes[start + 2 * i + 1];
      if (unit === 0) {
        break;
      }
      units.push(unit);
    }
    text = String.fromCharCode(...units);
  } else {
    let end = start;
    const stop = start + length;
    while (end < stop && bytes[end] !== 0) {
      end++;
    }
    // VOTable says ASCII; services write UTF-8, which is a superset.
    text = utf8.decode(bytes.subarray(start, end));
  }
  return text === '' ? null : text;
}

function fieldReader(info: IDatatypeInfo): BinaryFieldReader {
  const shape = parseArraySize(info.arraysize);
  const datatype = ELEMENT_SIZES[info.datatype] ? info.datatype : 'char';
  const count = (cursor: Cursor): number => {
    if (!shape.variable) {
      return shape.scalar ? 1 : shape.fixedCount;
    }
    const at = cursor.take(4);
    const items = cursor.view.getInt32(at);
    if (items < 0) {
      throw new RangeError(
        `a negative array length (${items}) in the binary stream`
      );
    }
    return items * shape.itemSize;
  };
  if (info.datatype === 'bit') {
    return cursor => {
      const bits = count(cursor);
      const at = cursor.take(Math.ceil(bits / 8));
      const values: boolean[] = [];
      for (let i = 0; i < bits; i++) {
        values.push((cursor.bytes[at + (i >> 3)] & (0x80 >> (i & 7))) !== 0);
      }
      return shape.scalar ? (values[0] ?? null) : values;
    };
  }
  if (datatype === 'char' || datatype === 'unicodeChar') {
    const unicode = datatype === 'unicodeChar';
    return cursor => {
      const chars = count(cursor);
      const at = cursor.take(chars * (unicode ? 2 : 1));
      return decodeChars(cursor.bytes, at, chars, unicode);
    };
  }
  const size = ELEMENT_SIZES[datatype];
  const read = elementReader({ ...info, datatype });
  const complex = datatype === 'floatComplex' || datatype === 'doubleComplex';
  const part = complex ? size / 2 : size;
  if (shape.scalar && !complex) {
    return cursor => read(cursor.view, cursor.take(size));
  }
  return cursor => {
    const elements = count(cursor) * (complex ? 2 : 1);
    const at = cursor.take(elements * part);
    const values: VOScalar[] = new Array(elements);
    for (let i = 0; i < elements; i++) {
      values[i] = read(cursor.view, at + i * part);
    }
    return values;
  };
}

/**
 * Decodes BINARY or BINARY2 rows from bytes arriving in pieces. Rows may span pieces; a row is
 * emitted only when all its bytes are there.
 */
export class BinaryRowDecoder {
  constructor(
    fields: IDatatypeInfo[],
    private readonly binary2: boolean
  ) {
    this._readers = fields.map(fieldReader);
    this._maskBytes = binary2 ? Math.ceil(fields.length / 8) : 0;
  }

  /** Bytes received but not yet part of a whole row. */
  get pending(): number {
    return this._end - this._start;
  }

  /** Add bytes; returns the rows completed by them. */
  push(bytes: Uint8Array): VOCell[][] {
    this._append(bytes);
    const rows: VOCell[][] = [];
    const view = new DataView(
      this._buffer.buffer,
      this._buffer.byteOffset,
      this._buffer.byteLength
    );
    for (;;) {
      const cursor = new Cursor(this._buffer, view, this._start, this._end);
      if (cursor.pos >= cursor.end) {
        break;
      }
      let row: VOCell[];
      try {
        row = this._row(cursor);
      } catch (error) {
        if (error === NEED_MORE) {
          break;
        }
        throw error;
      }
      this._start = cursor.pos;
      rows.push(row);
    }
    return rows;
  }

  private _row(cursor: Cursor): VOCell[] {
    let mask = -1;
    if (this.binary2) {
      mask = cursor.take(this._maskBytes);
    }
    const row: VOCell[] = new Array(this._readers.length);
    for (let i = 0; i < this._readers.length; i++) {
      const value = this._readers[i](cursor);
      const isNull =
        mask >= 0 && (cursor.bytes[mask + (i >> 3)] & (0x80 >> (i & 7))) !== 0;
      row[i] = isNull ? null : value;
    }
    return row;
  }

  private _append(bytes: Uint8Array): void {
    const length = this._end - this._start;
    if (this._end + bytes.length > this._buffer.length) {
      const size = Math.max(length + bytes.length, this._buffer.length * 2);
      const next = new Uint8Array(size);
      next.set(this._buffer.subarray(this._start, this._end));
      this._buffer = next;
      this._start = 0;
      this._end = length;
    }
    this._buffer.set(bytes, this._end);
    this._end += bytes.length;
  }

  private _readers: BinaryFieldReader[];
  private _maskBytes: number;
  private _buffer = new Uint8Array(1 << 16);
  private _start = 0;
  private _end = 0;
}

const BASE64 = (() => {
  const table = new Int16Array(128).fill(-1);
  const alphabet =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) {
    table[alphabet.charCodeAt(i)] = i;
  }
  // The URL-safe alphabet, in case a service uses it.
  table['-'.charCodeAt(0)] = 62;
  table['_'.charCodeAt(0)] = 63;
  return table;
})();

/** Base64 text arriving in pieces (with line breaks anywhere) → bytes. */
export class Base64Decoder {
  push(text: string): Uint8Array {
    const out = new Uint8Array(
      Math.ceil(((this._count + text.length) * 3) / 4) + 3
    );
    let length = 0;
    let quantum = this._quantum;
    let count = this._count;
    let padding = this._padding;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 61) {
        // '=' ends a quantum early.
        if (count > 0) {
          padding++;
          count++;
        }
      } else {
        const value = code < 128 ? BASE64[code] : -1;
        if (value < 0) {
          continue; // white space and anything else outside the alphabet
        }
        if (padding > 0) {
          // Data after padding: a new quantum started (concatenated base64 blocks).
          count = 0;
          padding = 0;
          quantum = 0;
        }
        quantum = (quantum << 6) | value;
        count++;
      }
      if (count === 4) {
        if (padding > 0) {
          quantum <<= 6 * padding;
        }
        out[length++] = (quantum >> 16) & 0xff;
        if (padding < 2) {
          out[length++] = (quantum >> 8) & 0xff;
        }
        if (padding < 1) {
          out[length++] = quantum & 0xff;
        }
        quantum = 0;
        count = 0;
        padding = 0;
      }
    }
    this._quantum = quantum;
    this._count = count;
    this._padding = padding;
    return out.subarray(0, length);
  }

  /** Characters of an unfinished quantum at the end of the stream (0 when well formed). */
  get leftover(): number {
    return this._count;
  }

  private _quantum = 0;
  private _count = 0;
  private _padding = 0;
}
