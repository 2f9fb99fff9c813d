/**
 * ADQL text from names and values: identifiers quoted exactly when needed, literals escaped.
 */

import { ADQL_RESERVED } from '../vo/adql/keywords';
import { splitQualified } from '../vo/adql/schema';

// The reserved words live with the ADQL lexer; code generation quotes by the same list.
export { ADQL_RESERVED, splitQualified };

const REGULAR = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Quote one identifier when ADQL needs it: reserved words, names that are not regular
 * identifiers (spaces, dots inside, leading digits or underscores, other characters).
 *
 * Plain mixed case (`g_cModelFlux`, `Object`) stays unquoted. Quoting would make the name
 * case-sensitive, which is correct only if the service matches case exactly; the platform's
 * tutorials, CADC's TAP and DaCHS all treat regular identifiers case-insensitively, and users
 * expect to read and edit the names as the tutorials write them.
 */
export function quoteIdentifier(name: string): string {
  if (REGULAR.test(name) && !ADQL_RESERVED.has(name.toUpperCase())) {
    return name;
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/** A table name ready for a FROM clause. */
export function quoteQualified(name: string): string {
  return splitQualified(name).map(quoteIdentifier).join('.');
}

export function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${value} is not a number ADQL can hold.`);
  }
  // Plain decimal notation: every ADQL service reads it.
  const text = String(value);
  return /e/i.test(text)
    ? value.toFixed(12).replace(/0+$/, '').replace(/\.$/, '')
    : text;
}

export interface ISelectRequest {
  table: string;
  columns?: string[];
  top?: number;
  where?: string;
}

export function selectTop(request: ISelectRequest): string {
  const columns =
    request.columns && request.columns.length > 0
      ? request.columns.map(quoteIdentifier).join(', ')
      : '*';
  const top =
    request.top !== undefined
      ? `TOP ${Math.max(0, Math.floor(request.top))} `
      : '';
  const where = request.where ? `\nWHERE ${request.where}` : '';
  return `SELECT ${top}${columns}\nFROM ${quoteQualified(request.table)}${where}`;
}

export interface IConeRequest {
  table: string;
  raColumn: string;
  decColumn: string;
  ra: number;
  dec: number;
  radiusDeg: number;
  columns?: string[];
  top?: number;
}

/** `CONTAINS(POINT('ICRS', ra, dec), ` — the start of a cone condition, its CIRCLE to follow. */
export function containsPoint(raColumn: string, decColumn: string): string {
  return (
    `CONTAINS(POINT('ICRS', ${quoteIdentifier(raColumn)}, ` +
    `${quoteIdentifier(decColumn)}), `
  );
}

export function coneQuery(request: IConeRequest): string {
  const where =
    containsPoint(request.raColumn, request.decColumn) +
    `CIRCLE('ICRS', ${numberLiteral(request.ra)}, ${numberLiteral(request.dec)}, ` +
    `${numberLiteral(request.radiusDeg)})) = 1`;
  return selectTop({
    table: request.table,
    columns: request.columns,
    top: request.top,
    where
  });
}

export interface IJoinRequest {
  left: string;
  right: string;
  fromColumns: string[];
  toColumns: string[];
  top?: number;
}

/** A join along a foreign key, with short aliases. */
export function joinQuery(request: IJoinRequest): string {
  const on = request.fromColumns
    .map(
      (from, i) =>
        `a.${quoteIdentifier(from)} = b.${quoteIdentifier(request.toColumns[i] ?? from)}`
    )
    .join(' AND ');
  const top =
    request.top !== undefined ? `TOP ${Math.floor(request.top)} ` : '';
  return (
    `SELECT ${top}a.*, b.*\nFROM ${quoteQualified(request.left)} AS a\n` +
    `JOIN ${quoteQualified(request.right)} AS b\n  ON ${on}`
  );
}
