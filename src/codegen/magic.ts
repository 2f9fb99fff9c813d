/**
 * `%%adql` cells for the kernel-side magic (jupyterlab_rsp_api.magic): the magic reads the
 * token itself at run time, so a cell only names the service.
 */

export const LOAD_MAGIC_LINE = '%load_ext jupyterlab_rsp_api';

/** Whether a notebook's cells already load the magic. */
export function loadsMagic(sources: Iterable<string>): boolean {
  for (const source of sources) {
    if (
      source
        .split(/\r\n|\r|\n/)
        .some(line => /^\s*%load_ext\s+jupyterlab_rsp_api\s*$/.test(line))
    ) {
      return true;
    }
  }
  return false;
}

/** One magic argument, quoted the way IPython's argument splitting (shlex) reads it back. */
export function magicArgument(value: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(value)) {
    return value;
  }
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

export interface IAdqlCell {
  /** A discovered id such as `tap`, or a TAP URL the kernel can reach. */
  service: string;
  query: string;
  maxrec?: number;
  async?: boolean;
  out?: string;
}

export function adqlMagicCell(cell: IAdqlCell): string {
  const options = [`--service ${magicArgument(cell.service)}`];
  if (cell.async) {
    options.push('--async');
  }
  if (cell.maxrec !== undefined) {
    options.push(`--maxrec ${Math.floor(cell.maxrec)}`);
  }
  if (cell.out) {
    options.push(`--out ${magicArgument(cell.out)}`);
  }
  // A line that only holds the query keeps the cell magic's body exactly the ADQL.
  return `%%adql ${options.join(' ')}\n${cell.query}`;
}

/**
 * A `%%adql` cell with its ADQL replaced and its options line kept; null when the source is
 * not a `%%adql` cell.
 */
export function replaceAdqlQuery(source: string, query: string): string | null {
  if (!/^%%adql(?:\s|$)/.test(source)) {
    return null;
  }
  const newline = source.search(/\r\n|\r|\n/);
  return newline < 0
    ? `${source}\n${query}`
    : source.slice(0, newline + 1) + query;
}

export interface IExampleCellOptions {
  maxrec?: number;
  /** Parameters of the example that a `%%adql` cell cannot carry. */
  ignored: { key: string; value: string }[];
}

/** What a DALI example's generic parameters become in a `%%adql` cell: MAXREC is --maxrec. */
export function exampleCellOptions(
  parameters: ReadonlyArray<{ key: string; value: string }>
): IExampleCellOptions {
  const options: IExampleCellOptions = { ignored: [] };
  for (const parameter of parameters) {
    const key = parameter.key.toUpperCase();
    const value = parameter.value.trim();
    if (key === 'MAXREC' && /^[0-9]+$/.test(value)) {
      options.maxrec = Number(value);
    } else if (
      !(key === 'LANG' && /^ADQL/i.test(value)) &&
      !(key === 'REQUEST' && value.toLowerCase() === 'doquery')
    ) {
      options.ignored.push(parameter);
    }
  }
  return options;
}
