/**
 * A `%%adql` cell: its first line holds the magic's options, the rest is the ADQL. Pure, so the
 * editor, the completer and the format command read cells the same way.
 */

export interface IAdqlCell {
  /** The `--service` option as written (an id or a URL), or null for the magic's default. */
  service: string | null;
  /** Where the ADQL starts in the cell's text. */
  bodyStart: number;
  body: string;
}

const MAGIC = /^%%adql(?:\s|$)/;

export function isAdqlCell(source: string): boolean {
  return MAGIC.test(source);
}

/** Read a `%%adql` cell, or null for any other cell. */
export function readAdqlCell(source: string): IAdqlCell | null {
  if (!isAdqlCell(source)) {
    return null;
  }
  const newline = source.search(/\r\n|\r|\n/);
  const firstLine = newline < 0 ? source : source.slice(0, newline);
  const bodyStart =
    newline < 0
      ? source.length
      : newline + (source.startsWith('\r\n', newline) ? 2 : 1);
  const words = firstLine.split(/\s+/);
  let service: string | null = null;
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (word === '--service' || word === '-s') {
      service = words[i + 1] ?? null;
    } else if (word.startsWith('--service=')) {
      service = word.slice('--service='.length);
    }
  }
  if (service) {
    service = service.replace(/^(['"])(.*)\1$/, '$2');
  }
  return { service, bodyStart, body: source.slice(bodyStart) };
}

/** The cell with its ADQL replaced, the options line kept. */
export function withBody(
  source: string,
  cell: IAdqlCell,
  body: string
): string {
  return source.slice(0, cell.bodyStart) + body;
}

const LINE_MAGIC = /^[ \t]*%adql(?:[ \t]|$)/m;

/** Whether running this cell needs the magic loaded: a `%%adql` cell or a `%adql` line. */
export function usesAdqlMagic(source: string): boolean {
  return isAdqlCell(source) || LINE_MAGIC.test(source);
}
