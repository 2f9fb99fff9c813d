/**
 * The documents bench/votable reads: a 12-column catalogue (ids, positions, magnitudes, fluxes,
 * counts, flags, names, a boolean) as TABLEDATA and as BINARY2, generated from a fixed seed so
 * Node, Chromium and astropy (bench/votable/astropy_parse.py) all read the same bytes. Nulls
 * and escaped text are there as in real answers: empty cells, a VALUES null, '&amp;' in names.
 */

const FIELDS = [
  '<FIELD name="id" datatype="long" ucd="meta.id;meta.main"/>',
  '<FIELD name="ra" datatype="double" unit="deg" ucd="pos.eq.ra;meta.main"/>',
  '<FIELD name="dec" datatype="double" unit="deg" ucd="pos.eq.dec;meta.main"/>',
  '<FIELD name="g_mag" datatype="float" unit="mag"/>',
  '<FIELD name="r_mag" datatype="float" unit="mag"/>',
  '<FIELD name="i_mag" datatype="float" unit="mag"/>',
  '<FIELD name="flux" datatype="double" unit="nJy"/>',
  '<FIELD name="flux_err" datatype="float" unit="nJy"/>',
  '<FIELD name="nobs" datatype="int"><VALUES null="-1"/></FIELD>',
  '<FIELD name="flags" datatype="short"/>',
  '<FIELD name="name" datatype="char" arraysize="*"/>',
  '<FIELD name="good" datatype="boolean"/>'
].join('');

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface IRow {
  id: bigint;
  ra: number;
  dec: number;
  g: number | null;
  r: number;
  i: number;
  flux: number;
  fluxErr: number;
  nobs: number | null;
  flags: number;
  name: string;
  good: boolean;
}

function* rows(count: number): Generator<IRow> {
  const next = random(12);
  for (let n = 0; n < count; n++) {
    yield {
      id: 4_000_000_000_000n + BigInt(n) * 7919n,
      ra: next() * 360,
      dec: next() * 180 - 90,
      // Every 17th object has no g magnitude.
      g: n % 17 === 0 ? null : Math.fround(16 + next() * 10),
      r: Math.fround(16 + next() * 10),
      i: Math.fround(16 + next() * 10),
      flux: next() * 1e5 * 10 ** Math.floor(next() * 6 - 3),
      fluxErr: Math.fround(next() * 100),
      nobs: n % 23 === 0 ? null : Math.floor(next() * 500),
      flags: Math.floor(next() * 32768),
      name: n % 50 === 0 ? `pair ${n} & companion` : `obj_${n}`,
      good: next() > 0.3
    };
  }
}

const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">\n' +
  '<RESOURCE type="results">\n<INFO name="QUERY_STATUS" value="OK"/>\n<TABLE name="catalogue">\n' +
  FIELDS +
  '\n<DATA>';
const TAIL = '</DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n';

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** Shortest decimal of a 32-bit float, as services write them. */
function float32Text(value: number): string {
  for (let digits = 6; digits < 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) {
      return String(Number(text));
    }
  }
  return String(value);
}

export function tabledata(count: number): string {
  const parts: string[] = [HEAD, '<TABLEDATA>\n'];
  for (const row of rows(count)) {
    parts.push(
      `<TR><TD>${row.id}</TD><TD>${row.ra}</TD><TD>${row.dec}</TD>` +
        `<TD>${row.g === null ? '' : float32Text(row.g)}</TD><TD>${float32Text(row.r)}</TD>` +
        `<TD>${float32Text(row.i)}</TD><TD>${row.flux.toExponential()}</TD>` +
        `<TD>${float32Text(row.fluxErr)}</TD><TD>${row.nobs ?? -1}</TD><TD>${row.flags}</TD>` +
        `<TD>${escapeText(row.name)}</TD><TD>${row.good ? 'T' : 'F'}</TD></TR>\n`
    );
  }
  parts.push('</TABLEDATA>', TAIL);
  return parts.join('');
}

/** Base64 of bytes, 76 characters a line as services write it. */
function base64Lines(bytes: Uint8Array, out: string[]): void {
  const alphabet =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let line = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    const q = (a << 16) | (b << 8) | c;
    line +=
      alphabet[(q >> 18) & 63] +
      alphabet[(q >> 12) & 63] +
      (i + 1 < bytes.length ? alphabet[(q >> 6) & 63] : '=') +
      (i + 2 < bytes.length ? alphabet[q & 63] : '=');
    if (line.length >= 76) {
      out.push(line, '\n');
      line = '';
    }
  }
  if (line !== '') {
    out.push(line, '\n');
  }
}

export function binary2(count: number): string {
  const encoder = new TextEncoder();
  const buffer = new Uint8Array(count * 120);
  const view = new DataView(buffer.buffer);
  let at = 0;
  for (const row of rows(count)) {
    // Null flags: g_mag (field 3) and nobs (field 8).
    buffer[at] = row.g === null ? 0x10 : 0;
    buffer[at + 1] = row.nobs === null ? 0x80 : 0;
    at += 2;
    view.setBigInt64(at, row.id);
    view.setFloat64(at + 8, row.ra);
    view.setFloat64(at + 16, row.dec);
    view.setFloat32(at + 24, row.g ?? NaN);
    view.setFloat32(at + 28, row.r);
    view.setFloat32(at + 32, row.i);
    view.setFloat64(at + 36, row.flux);
    view.setFloat32(at + 44, row.fluxErr);
    view.setInt32(at + 48, row.nobs ?? -1);
    view.setInt16(at + 52, row.flags);
    at += 54;
    const name = encoder.encode(row.name);
    view.setInt32(at, name.length);
    buffer.set(name, at + 4);
    at += 4 + name.length;
    buffer[at++] = row.good ? 0x54 : 0x46;
  }
  const parts: string[] = [HEAD, '<BINARY2><STREAM encoding="base64">\n'];
  base64Lines(buffer.subarray(0, at), parts);
  parts.push('</STREAM></BINARY2>', TAIL);
  return parts.join('');
}

/** The documents of the bench: name, serialization, text. */
export function benchDocuments(
  count: number
): { name: string; text: string }[] {
  return [
    { name: 'TABLEDATA', text: tabledata(count) },
    { name: 'BINARY2', text: binary2(count) }
  ];
}

/** The bytes of a text in network-sized pieces. */
export async function* byteChunks(
  text: string,
  size = 1 << 16
): AsyncIterable<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let offset = 0; offset < bytes.length; offset += size) {
    yield bytes.subarray(offset, offset + size);
  }
}
