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
 * Text that does not read as the field's datatype is INVALID: the table reader makes it null and
 * says so (IRSA writes 'null' in numeric cells); a lone literal (parseValue) keeps its text.
 * The binary serializations are in binary.ts.
 */

export type VOScalar = number | string | boolean | null;
export type VOCell = VOScalar | VOScalar[];

/** What a datatype reader needs to know about a FIELD or PARAM. */
export interface IDatatypeInfo {
  /** The FIELD's name, for messages. */
  name?: string;
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

/**
 * A number as plain decimal text, never `1e-7`: how ADQL literals and DALI parameter values
 * (a SODA CIRCLE, an SIAv2 POS) are written, so that every service reads them.
 */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${value} is not a number a query can hold.`);
  }
  const text = String(value);
  return /e/i.test(text)
    ? value.toFixed(12).replace(/0+$/, '').replace(/\.$/, '')
    : text;
}
