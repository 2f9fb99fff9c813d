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
  /** The `--maxrec` option, and where its number is in the cell's text. */
  maxrec: number | null;
  maxrecAt?: { from: number; to: number };
  /** The end of the options line. */
  optionsEnd: number;
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
  const cell: IAdqlCell = {
    service,
    bodyStart,
    body: source.slice(bodyStart),
    maxrec: null,
    optionsEnd: firstLine.length
  };
  const maxrec = /(?:^|\s)(?:--maxrec(?:=|\s+)|-m\s+)([0-9]+)(?=\s|$)/.exec(
    firstLine
  );
  if (maxrec) {
    const to = maxrec.index + maxrec[0].length;
    cell.maxrec = Number(maxrec[1]);
    cell.maxrecAt = { from: to - maxrec[1].length, to };
  }
  return cell;
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
