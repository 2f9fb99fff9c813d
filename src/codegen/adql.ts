/**
 * ADQL text from names and values: identifiers quoted exactly when needed, literals escaped.
 */

/** ADQL 2.1 reserved words (ADQL's own and the SQL ones it reserves), upper case. */
export const ADQL_RESERVED = new Set(
  `ABS ACOS AREA ASIN ATAN ATAN2 BOX CEILING CENTROID CIRCLE CONTAINS COORD1 COORD2 COORDSYS COS
  COT DEGREES DISTANCE EXP FLOOR INTERSECTS LOG LOG10 MOD PI POINT POLYGON POWER RADIANS REGION
  RAND ROUND SIN SQRT TOP TAN TRUNCATE ILIKE OFFSET LOWER UPPER IN_UNIT GEOMETRY
  ABSOLUTE ACTION ADD ALL ALLOCATE ALTER AND ANY ARE AS ASC ASSERTION AT AUTHORIZATION AVG BEGIN
  BETWEEN BIT BIT_LENGTH BOTH BY CASCADE CASCADED CASE CAST CATALOG CHAR CHARACTER CHAR_LENGTH
  CHARACTER_LENGTH CHECK CLOSE COALESCE COLLATE COLLATION COLUMN COMMIT CONNECT CONNECTION
  CONSTRAINT CONSTRAINTS CONTINUE CONVERT CORRESPONDING COUNT CREATE CROSS CURRENT CURRENT_DATE
  CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURSOR DATE DAY DEALLOCATE DECIMAL DECLARE DEFAULT
  DEFERRABLE DEFERRED DELETE DESC DESCRIBE DESCRIPTOR DIAGNOSTICS DISCONNECT DISTINCT DOMAIN
  DOUBLE DROP ELSE END END-EXEC ESCAPE EXCEPT EXCEPTION EXEC EXECUTE EXISTS EXTERNAL EXTRACT FALSE
  FETCH FIRST FLOAT FOR FOREIGN FOUND FROM FULL GET GLOBAL GO GOTO GRANT GROUP HAVING HOUR
  IDENTITY IMMEDIATE IN INDICATOR INITIALLY INNER INPUT INSENSITIVE INSERT INT INTEGER INTERSECT
  INTERVAL INTO IS ISOLATION JOIN KEY LANGUAGE LAST LEADING LEFT LEVEL LIKE LOCAL MATCH MAX MIN
  MINUTE MODULE MONTH NAMES NATIONAL NATURAL NCHAR NEXT NO NOT NULL NULLIF NUMERIC OCTET_LENGTH OF
  ON ONLY OPEN OPTION OR ORDER OUTER OUTPUT OVERLAPS PAD PARTIAL POSITION PRECISION PREPARE
  PRESERVE PRIMARY PRIOR PRIVILEGES PROCEDURE PUBLIC READ REAL REFERENCES RELATIVE RESTRICT
  REVOKE RIGHT ROLLBACK ROWS SCHEMA SCROLL SECOND SECTION SELECT SESSION SESSION_USER SET SIZE
  SMALLINT SOME SPACE SQL SQLCODE SQLERROR SQLSTATE SUBSTRING SUM SYSTEM_USER TABLE TEMPORARY THEN
  TIME TIMESTAMP TIMEZONE_HOUR TIMEZONE_MINUTE TO TRAILING TRANSACTION TRANSLATE TRANSLATION TRIM
  TRUE UNION UNIQUE UNKNOWN UPDATE USAGE USER USING VALUE VALUES VARCHAR VARYING VIEW WHEN
  WHENEVER WHERE WITH WORK WRITE YEAR ZONE`
    .split(/\s+/)
    .filter(word => word !== '')
);

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

/**
 * Split a qualified name as TAP_SCHEMA or VOSI gives it (`schema.table`, possibly with parts
 * already delimited: `"my schema"."Table"`) into its parts, unquoted.
 */
export function splitQualified(name: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < name.length; i++) {
    const char = name[i];
    if (quoted) {
      if (char === '"' && name[i + 1] === '"') {
        current += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        current += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === '.') {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
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
