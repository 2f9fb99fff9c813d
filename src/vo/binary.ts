/**
 * The BINARY and BINARY2 serializations: rows decoded from bytes that arrive in pieces, and the
 * faults of real streams found and said rather than read as data: a stream that ends inside a
 * row, values that cannot be (a negative length, half a character), and string lengths counted
 * in characters where the standard counts bytes (char) or 2-byte units (unicodeChar), which
 * DaCHS 2.7 does for unicodeChar strings with a character beyond U+FFFF (an emoji).
 *
 * A length counted in characters is read as such only when the stream proves it: the decoder
 * reads the standard way, and from the first string that would read differently it follows both
 * readings side by side. A reading that meets an impossible value, or leaves the stream in the
 * middle of a row, is dropped; the rows of the other are the table's. When both fail, the rows
 * before that string are kept and the decoder says where and why it stopped.
 */
import { IDatatypeInfo, VOCell, VOScalar, parseArraySize } from './datatypes';

/** Thrown inside a row read when the buffer ends before the row does: wait for more bytes. */
const NEED_MORE = Symbol('need more bytes');

/** A row that cannot be what the service meant, or that the stream's end cuts. */
class RowFault extends Error {
  constructor(
    message: string,
    readonly cut: boolean
  ) {
    super(message);
  }
}

/** How string lengths are counted: as the standard says, or in characters (code points). */
export type LengthCounting = 'standard' | 'characters';

interface IRowReading {
  counting: LengthCounting;
  /** Lengths counted in characters, not yet proven by the stream. */
  speculative: boolean;
  /** Columns of the row whose strings would read differently with the other counting. */
  ambiguous: string[];
  /** Strings whose length in characters differs from the standard count. */
  recounted: number;
}

class Cursor {
  constructor(
    readonly bytes: Uint8Array,
    readonly view: DataView,
    public pos: number,
    readonly end: number,
    /** No more bytes will come: running out ends the row for good. */
    readonly final: boolean
  ) {}

  /** Take `count` bytes when they are there (the common case, without a message to make). */
  tryTake(count: number): number {
    const at = this.pos;
    if (at + count > this.end) {
      return -1;
    }
    this.pos = at + count;
    return at;
  }

  /** Take `count` bytes; `what` says what needs them, for the message when they never come. */
  take(count: number, what: () => string): number {
    const at = this.pos;
    if (at + count > this.end) {
      if (this.final) {
        const left = this.end - at;
        throw new RowFault(
          `${what()}, but the stream ends ${left} byte${left === 1 ? '' : 's'} later`,
          true
        );
      }
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

type BinaryFieldReader = (cursor: Cursor, reading: IRowReading) => VOCell;

/** Values per variable-length cell beyond which lengths counted in characters are not believed. */
const SPECULATIVE_LENGTH_LIMIT = 1 << 24;

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

const isHighSurrogate = (unit: number): boolean =>
  unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean =>
  unit >= 0xdc00 && unit <= 0xdfff;
/** A byte that starts a UTF-8 sequence of two to four bytes. */
const isUtf8Lead = (byte: number): boolean => byte >= 0xc2 && byte <= 0xf4;

function textOf(units: number[]): string | null {
  let text = '';
  // Chunks: String.fromCharCode takes its units as arguments.
  for (let i = 0; i < units.length; i += 8192) {
    text += String.fromCharCode(...units.slice(i, i + 8192));
  }
  return text === '' ? null : text;
}

function utf8Text(
  bytes: Uint8Array,
  start: number,
  stop: number
): string | null {
  let end = start;
  while (end < stop && bytes[end] !== 0) {
    end++;
  }
  // VOTable says ASCII; services write UTF-8, which is a superset.
  const text = utf8.decode(bytes.subarray(start, end));
  return text === '' ? null : text;
}

/**
 * `length` characters of a char or unicodeChar value. Counted the standard way, a string that
 * would read differently in characters marks the row ambiguous; counted in characters, a string
 * that is not valid UTF-8 (char) or UTF-16 (unicodeChar) is a fault of that reading.
 */
function readChars(
  cursor: Cursor,
  length: number,
  unicode: boolean,
  reading: IRowReading,
  label: string
): string | null {
  const bytes = cursor.bytes;
  const characters = `${label} holds ${length} character${length === 1 ? '' : 's'}`;
  const holds = (size?: number) => () =>
    size === undefined ? characters : `${characters} (${size} bytes)`;
  if (reading.counting === 'standard') {
    const size = length * (unicode ? 2 : 1);
    let at = cursor.tryTake(size);
    if (at < 0) {
      at = cursor.take(size, holds(size));
    }
    if (!unicode) {
      for (let i = at; i < at + size; i++) {
        if (isUtf8Lead(bytes[i])) {
          reading.ambiguous.push(label);
          break;
        }
      }
      return utf8Text(bytes, at, at + size);
    }
    const units: number[] = [];
    let split = false;
    for (let i = 0; i < length; i++) {
      const unit = (bytes[at + 2 * i] << 8) | bytes[at + 2 * i + 1];
      if (unit === 0) {
        break;
      }
      if (isHighSurrogate(unit)) {
        if (!reading.ambiguous.includes(label)) {
          reading.ambiguous.push(label);
        }
        const next =
          i + 1 < length
            ? (bytes[at + 2 * i + 2] << 8) | bytes[at + 2 * i + 3]
            : -1;
        split ||= !isLowSurrogate(next);
      } else if (
        isLowSurrogate(unit) &&
        !isHighSurrogate(units[units.length - 1] ?? 0)
      ) {
        split = true;
      }
      units.push(unit);
    }
    if (split) {
      throw new RowFault(
        `${label} has half a character (an unpaired UTF-16 surrogate)`,
        false
      );
    }
    return textOf(units);
  }
  const start = cursor.pos;
  const notText = () =>
    new RowFault(
      `${label} is not ${unicode ? 'UTF-16' : 'UTF-8'} when read as ${length} characters`,
      false
    );
  if (!unicode) {
    for (let i = 0; i < length; i++) {
      const lead = bytes[cursor.take(1, holds())];
      const extra =
        lead < 0x80
          ? 0
          : lead < 0xc2
            ? -1
            : lead < 0xe0
              ? 1
              : lead < 0xf0
                ? 2
                : lead <= 0xf4
                  ? 3
                  : -1;
      if (extra < 0) {
        throw notText();
      }
      const at = cursor.take(extra, holds());
      for (let k = at; k < at + extra; k++) {
        if ((bytes[k] & 0xc0) !== 0x80) {
          throw notText();
        }
      }
    }
    if (cursor.pos - start !== length) {
      reading.recounted++;
    }
    return utf8Text(bytes, start, cursor.pos);
  }
  const units: number[] = [];
  let ended = false;
  for (let i = 0; i < length; i++) {
    const at = cursor.take(2, holds());
    const unit = (bytes[at] << 8) | bytes[at + 1];
    if (isLowSurrogate(unit)) {
      throw notText();
    }
    if (isHighSurrogate(unit)) {
      const low = cursor.take(2, holds());
      const pair = (bytes[low] << 8) | bytes[low + 1];
      if (!isLowSurrogate(pair)) {
        throw notText();
      }
      if (!ended) {
        units.push(unit, pair);
      }
      continue;
    }
    ended ||= unit === 0;
    if (!ended) {
      units.push(unit);
    }
  }
  if (cursor.pos - start !== length * 2) {
    reading.recounted++;
  }
  return textOf(units);
}

function fieldReader(info: IDatatypeInfo, index: number): BinaryFieldReader {
  const shape = parseArraySize(info.arraysize);
  const datatype = ELEMENT_SIZES[info.datatype] ? info.datatype : 'char';
  const label = info.name ? `column '${info.name}'` : `column ${index + 1}`;
  const lengthNeeds = () => `the length of ${label} needs 4 bytes`;
  const count = (cursor: Cursor, reading: IRowReading): number => {
    if (!shape.variable) {
      return shape.scalar ? 1 : shape.fixedCount;
    }
    const at = cursor.take(4, lengthNeeds);
    const items = cursor.view.getInt32(at);
    if (items < 0) {
      throw new RowFault(`${label} has a negative length (${items})`, false);
    }
    if (reading.speculative && items > SPECULATIVE_LENGTH_LIMIT) {
      // The non-standard reading must earn its keep: waiting for gigabytes of a misread
      // length would hold every row back until the end of the stream.
      throw new RowFault(
        `${label} would hold ${items} values, more than a cell of this reading may`,
        false
      );
    }
    return items * shape.itemSize;
  };
  if (info.datatype === 'bit') {
    return (cursor, reading) => {
      const bits = count(cursor, reading);
      const size = Math.ceil(bits / 8);
      const at = cursor.take(
        size,
        () => `${label} holds ${bits} bits (${size} bytes)`
      );
      const values: boolean[] = [];
      for (let i = 0; i < bits; i++) {
        values.push((cursor.bytes[at + (i >> 3)] & (0x80 >> (i & 7))) !== 0);
      }
      return shape.scalar ? (values[0] ?? null) : values;
    };
  }
  if (datatype === 'char' || datatype === 'unicodeChar') {
    const unicode = datatype === 'unicodeChar';
    return (cursor, reading) =>
      readChars(cursor, count(cursor, reading), unicode, reading, label);
  }
  const size = ELEMENT_SIZES[datatype];
  const read = elementReader({ ...info, datatype });
  const complex = datatype === 'floatComplex' || datatype === 'doubleComplex';
  const part = complex ? size / 2 : size;
  if (shape.scalar && !complex) {
    const needs = () => `${label} needs ${size} bytes`;
    return cursor => read(cursor.view, cursor.take(size, needs));
  }
  return (cursor, reading) => {
    const elements = count(cursor, reading) * (complex ? 2 : 1);
    const at = cursor.take(
      elements * part,
      () => `${label} holds ${elements} values (${elements * part} bytes)`
    );
    const values: VOScalar[] = new Array(elements);
    for (let i = 0; i < elements; i++) {
      values[i] = read(cursor.view, at + i * part);
    }
    return values;
  };
}

/** Push every row of `more` (a spread would overflow the stack for a large table). */
function append(rows: VOCell[][], more: VOCell[][]): void {
  for (const row of more) {
    rows.push(row);
  }
}

/** Where and why a binary stream stopped giving rows. */
export interface IBinaryFault {
  /** Index (from 0) of the first row not read; every row before it was given. */
  row: number;
  /** What is wrong, as a clause: "column 'label' has a negative length (-3)". */
  reason: string;
  /** The stream ends inside that row (it may have been cut) rather than holding impossible bytes. */
  cut: boolean;
}

/** How the decoder counted string lengths, when it was not simply the standard way. */
export interface ILengthCountingNote {
  /** characters: the stream proved the service counts characters; both: either reading fits. */
  kind: 'characters' | 'both';
  /** The columns concerned. */
  columns: string[];
  /** Strings read with lengths in characters whose standard count differs (kind characters). */
  strings: number;
}

interface IReadingBranch {
  counting: LengthCounting;
  /** Where its next row starts in the buffer. */
  pos: number;
  /** Rows read but not yet certain (while two readings are open). */
  rows: VOCell[][];
  failure: IBinaryFault | null;
  recounted: number;
}

/**
 * Decodes BINARY or BINARY2 rows from bytes arriving in pieces. Rows may span pieces; a row is
 * given only when all its bytes are there and no other reading of them is still open. Never
 * throws for bad data: it stops, keeps what it read, and says why in `fault`.
 */
export class BinaryRowDecoder {
  constructor(
    fields: IDatatypeInfo[],
    private readonly binary2: boolean
  ) {
    this._readers = fields.map(fieldReader);
    this._maskBytes = binary2 ? Math.ceil(fields.length / 8) : 0;
    if (fields.length === 0) {
      this._fault = {
        row: 0,
        reason: 'the table has no FIELD to read its rows by',
        cut: false
      };
      this._branches = [];
    }
  }

  /** Bytes received but not yet part of a certain row. */
  get pending(): number {
    return this._fault ? 0 : this._end - this._start;
  }

  /** Two readings of the lengths are still open: rows wait until the stream decides. */
  get undecided(): boolean {
    return this._branches.length === 2;
  }

  get fault(): IBinaryFault | null {
    return this._fault;
  }

  get lengthCounting(): ILengthCountingNote | null {
    return this._counting;
  }

  /** Add bytes; returns the rows they made certain. */
  push(bytes: Uint8Array): VOCell[][] {
    if (this._fault) {
      return [];
    }
    this._append(bytes);
    return this._read(false);
  }

  /** The end of the stream: returns the last certain rows, and sets `fault` if it ended badly. */
  finish(): VOCell[][] {
    if (this._fault) {
      return [];
    }
    const rows = this._read(true);
    if (this._branches.length === 2) {
      // Both readings account for every byte: the standard one is the VOTable's.
      const [standard] = this._branches;
      this._branches = [standard];
      this._counting = {
        kind: 'both',
        columns: this._forkColumns,
        strings: 0
      };
      append(rows, this._settle());
    }
    return rows;
  }

  private _read(final: boolean): VOCell[][] {
    for (let i = 0; i < this._branches.length; i++) {
      this._advance(this._branches[i], final);
    }
    const rows = this._ready;
    this._ready = [];
    append(rows, this._settle());
    return rows;
  }

  private _advance(branch: IReadingBranch, final: boolean): void {
    const cursor = new Cursor(
      this._buffer,
      this._view,
      branch.pos,
      this._end,
      final
    );
    const reading: IRowReading = {
      counting: branch.counting,
      speculative:
        branch.counting === 'characters' && this._branches.length === 2,
      ambiguous: [],
      recounted: 0
    };
    while (!branch.failure && branch.pos < this._end) {
      cursor.pos = branch.pos;
      if (reading.ambiguous.length > 0) {
        reading.ambiguous = [];
      }
      reading.recounted = 0;
      let row: VOCell[] | null = null;
      let failure: IBinaryFault | null = null;
      try {
        row = this._row(cursor, reading);
        if (cursor.pos === branch.pos) {
          throw new RowFault('a row takes no bytes at all', false);
        }
      } catch (error) {
        if (error === NEED_MORE) {
          return;
        }
        if (!(error instanceof RowFault)) {
          throw error;
        }
        failure = {
          row: this._rows + branch.rows.length,
          reason: error.message,
          cut: error.cut
        };
      }
      if (
        reading.ambiguous.length > 0 &&
        branch.counting === 'standard' &&
        this._branches.length === 1
      ) {
        this._fork(branch, reading.ambiguous);
      }
      if (failure || !row) {
        branch.failure = failure;
        return;
      }
      branch.rows.push(row);
      branch.pos = cursor.pos;
      branch.recounted += reading.recounted;
    }
  }

  /** From this row on, follow the reading with lengths in characters too. */
  private _fork(standard: IReadingBranch, columns: string[]): void {
    append(this._ready, standard.rows);
    this._rows += standard.rows.length;
    standard.rows = [];
    this._forkColumns = [...new Set(columns)];
    this._branches.push({
      counting: 'characters',
      pos: standard.pos,
      rows: [],
      failure: null,
      recounted: 0
    });
  }

  /** Drop failed readings; give the rows of the one left; set the fault when none is. */
  private _settle(): VOCell[][] {
    if (this._branches.length === 2) {
      const [standard, characters] = this._branches;
      if (!standard.failure && !characters.failure) {
        this._start = Math.min(standard.pos, characters.pos);
        return [];
      }
      const impossible = (branch: IReadingBranch) =>
        branch.failure !== null && !branch.failure.cut;
      let winner: IReadingBranch | null = null;
      if (!standard.failure || !characters.failure) {
        winner = standard.failure ? characters : standard;
      } else if (impossible(standard) !== impossible(characters)) {
        // One reading holds bytes that cannot be; the other only runs into the stream's end,
        // which a cut answer explains: the rows of that one are right up to the cut.
        winner = impossible(standard) ? characters : standard;
      }
      if (!winner) {
        const a = standard.failure as IBinaryFault;
        const b = characters.failure as IBinaryFault;
        this._fault = {
          row: this._rows,
          reason:
            `its strings fit neither with their lengths counted as the VOTable standard says ` +
            `(at row ${a.row + 1}, ${a.reason}) nor counted in characters ` +
            `(at row ${b.row + 1}, ${b.reason})`,
          cut: a.cut && b.cut
        };
        this._branches = [];
        return [];
      }
      this._branches = [winner];
    }
    const branch = this._branches[0];
    if (!branch) {
      return [];
    }
    const rows = branch.rows;
    branch.rows = [];
    this._rows += rows.length;
    if (branch.counting === 'characters' && branch.recounted > 0) {
      const note = this._counting ?? {
        kind: 'characters',
        columns: this._forkColumns,
        strings: 0
      };
      note.strings += branch.recounted;
      this._counting = note;
      branch.recounted = 0;
    }
    if (branch.failure) {
      this._fault = branch.failure;
      this._branches = [];
    } else {
      this._start = branch.pos;
    }
    return rows;
  }

  private _row(cursor: Cursor, reading: IRowReading): VOCell[] {
    let mask = -1;
    if (this.binary2) {
      mask = cursor.take(
        this._maskBytes,
        () => `the null flags of a row need ${this._maskBytes} bytes`
      );
    }
    const row: VOCell[] = new Array(this._readers.length);
    for (let i = 0; i < this._readers.length; i++) {
      const value = this._readers[i](cursor, reading);
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
      for (const branch of this._branches) {
        branch.pos -= this._start;
      }
      this._buffer = next;
      this._view = new DataView(next.buffer);
      this._start = 0;
      this._end = length;
    }
    this._buffer.set(bytes, this._end);
    this._end += bytes.length;
  }

  private _readers: BinaryFieldReader[];
  private _maskBytes: number;
  private _buffer = new Uint8Array(1 << 16);
  private _view = new DataView(this._buffer.buffer);
  /** Start of the bytes some open reading still needs. */
  private _start = 0;
  private _end = 0;
  /** Rows given so far. */
  private _rows = 0;
  private _ready: VOCell[][] = [];
  private _branches: IReadingBranch[] = [
    { counting: 'standard', pos: 0, rows: [], failure: null, recounted: 0 }
  ];
  private _forkColumns: string[] = [];
  private _fault: IBinaryFault | null = null;
  private _counting: ILengthCountingNote | null = null;
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
