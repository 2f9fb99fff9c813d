/**
 * ADQL text from names and values: identifiers quoted exactly when needed, literals escaped.
 *
 * Request objects carry names as the service published them (TAP_SCHEMA, VOSI): `objectId`,
 * `"size"`, `dp02_dc2_catalogs.Object`, `"my.schema"."Mixed Case"`. They are read and written
 * back by the vo core's identifiers module, so a name published quoted is quoted once.
 */

import { numberLiteral } from '../vo/datatypes';
import { adqlColumnName, adqlTableName } from '../vo/identifiers';

// Names are quoted as the vo core reads them, and numbers written as services' parameters get
// them: code generation speaks with the same words.
export { adqlColumnName, adqlTableName, numberLiteral };

export function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export interface ISelectRequest {
  /** As published, like every name of a request. */
  table: string;
  columns?: string[];
  top?: number;
  where?: string;
}

export function selectTop(request: ISelectRequest): string {
  const columns =
    request.columns && request.columns.length > 0
      ? request.columns.map(adqlColumnName).join(', ')
      : '*';
  const top =
    request.top !== undefined
      ? `TOP ${Math.max(0, Math.floor(request.top))} `
      : '';
  const where = request.where ? `\nWHERE ${request.where}` : '';
  return `SELECT ${top}${columns}\nFROM ${adqlTableName(request.table)}${where}`;
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
    `CONTAINS(POINT('ICRS', ${adqlColumnName(raColumn)}, ` +
    `${adqlColumnName(decColumn)}), `
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
        `a.${adqlColumnName(from)} = b.${adqlColumnName(request.toColumns[i] ?? from)}`
    )
    .join(' AND ');
  const top =
    request.top !== undefined ? `TOP ${Math.floor(request.top)} ` : '';
  return (
    `SELECT ${top}a.*, b.*\nFROM ${adqlTableName(request.left)} AS a\n` +
    `JOIN ${adqlTableName(request.right)} AS b\n  ON ${on}`
  );
}
