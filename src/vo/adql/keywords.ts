/**
 * ADQL 2.1 words: the reserved ones (ADQL's own and the SQL-92 words it reserves), the ones the
 * grammar itself uses, and the standard functions with their signatures.
 */

/** ADQL 2.1 reserved words (ADQL's own and the SQL ones it reserves), upper case. */
export const ADQL_RESERVED: ReadonlySet<string> = new Set(
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

/** Words that shape a query: never an identifier, even where the grammar would allow one. */
export const ADQL_STRUCTURAL: ReadonlySet<string> = new Set(
  `SELECT FROM WHERE GROUP BY HAVING ORDER ASC DESC TOP DISTINCT ALL AS ON USING JOIN INNER OUTER
  LEFT RIGHT FULL NATURAL CROSS UNION INTERSECT EXCEPT WITH AND OR NOT IS NULL LIKE ILIKE BETWEEN
  IN EXISTS CASE WHEN THEN ELSE END CAST OFFSET TRUE FALSE`
    .split(/\s+/)
    .filter(word => word !== '')
);

/** Words that start a clause of a SELECT. */
export const CLAUSE_KEYWORDS: readonly string[] = [
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'OFFSET'
];
export const SET_OPERATORS: readonly string[] = [
  'UNION',
  'INTERSECT',
  'EXCEPT'
];
/** Words that start a join (OUTER only follows one). */
export const JOIN_KEYWORDS: readonly string[] = [
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'FULL',
  'NATURAL',
  'CROSS'
];

/** Keywords offered by completion and upper-cased by the formatter. */
export const ADQL_KEYWORDS: readonly string[] = [
  ...ADQL_STRUCTURAL,
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'REAL',
  'DOUBLE',
  'PRECISION',
  'CHAR',
  'VARCHAR',
  'TIMESTAMP'
];

export type AdqlFunctionCategory =
  | 'geometry'
  | 'math'
  | 'string'
  | 'trig'
  | 'conversion'
  | 'aggregate'
  | 'other';

export interface IAdqlFunction {
  name: string;
  signature: string;
  returns: string;
  description: string;
  category: AdqlFunctionCategory;
}

function fn(
  category: AdqlFunctionCategory,
  name: string,
  args: string,
  returns: string,
  description: string
): IAdqlFunction {
  return {
    name,
    signature: `${name}(${args})`,
    returns,
    description,
    category
  };
}

/** The functions every ADQL 2.1 service knows; services add their own (TAPRegExt UDFs). */
export const ADQL_FUNCTIONS: readonly IAdqlFunction[] = [
  fn(
    'geometry',
    'POINT',
    "['ICRS',] ra, dec",
    'POINT',
    'A position on the sky, in degrees.'
  ),
  fn(
    'geometry',
    'CIRCLE',
    "['ICRS',] ra, dec, radius | ['ICRS',] point, radius",
    'CIRCLE',
    'A circle: centre and radius in degrees.'
  ),
  fn(
    'geometry',
    'BOX',
    "['ICRS',] ra, dec, width, height",
    'POLYGON',
    'A box centred on a position (deprecated in ADQL 2.1).'
  ),
  fn(
    'geometry',
    'POLYGON',
    "['ICRS',] ra1, dec1, ra2, dec2, ra3, dec3, ... | point1, point2, point3, ...",
    'POLYGON',
    'A polygon from three or more vertices, in degrees.'
  ),
  fn(
    'geometry',
    'CONTAINS',
    'inner, outer',
    'INTEGER',
    '1 when the first geometry lies inside the second: CONTAINS(POINT(ra, dec), CIRCLE(...)) = 1.'
  ),
  fn(
    'geometry',
    'INTERSECTS',
    'geometry1, geometry2',
    'INTEGER',
    '1 when the two geometries overlap.'
  ),
  fn(
    'geometry',
    'DISTANCE',
    'point1, point2 | ra1, dec1, ra2, dec2',
    'DOUBLE',
    'Angular distance in degrees.'
  ),
  fn('geometry', 'AREA', 'geometry', 'DOUBLE', 'Area in square degrees.'),
  fn('geometry', 'CENTROID', 'geometry', 'POINT', 'The centre of a geometry.'),
  fn(
    'geometry',
    'COORD1',
    'point',
    'DOUBLE',
    'The first coordinate (RA) of a point.'
  ),
  fn(
    'geometry',
    'COORD2',
    'point',
    'DOUBLE',
    'The second coordinate (Dec) of a point.'
  ),
  fn(
    'geometry',
    'COORDSYS',
    'geometry',
    'VARCHAR',
    'The coordinate system of a geometry (deprecated).'
  ),
  fn(
    'geometry',
    'REGION',
    'text',
    'REGION',
    'A region from an STC-S string (deprecated).'
  ),
  fn('math', 'ABS', 'x', 'same as x', 'Absolute value.'),
  fn('math', 'CEILING', 'x', 'same as x', 'Smallest integer not less than x.'),
  fn('math', 'FLOOR', 'x', 'same as x', 'Largest integer not greater than x.'),
  fn(
    'math',
    'ROUND',
    'x [, digits]',
    'same as x',
    'x rounded to a number of decimal places.'
  ),
  fn(
    'math',
    'TRUNCATE',
    'x [, digits]',
    'same as x',
    'x truncated to a number of decimal places.'
  ),
  fn('math', 'MOD', 'x, y', 'same as x', 'Remainder of x / y.'),
  fn('math', 'POWER', 'x, y', 'DOUBLE', 'x to the power y.'),
  fn('math', 'SQRT', 'x', 'DOUBLE', 'Square root.'),
  fn('math', 'EXP', 'x', 'DOUBLE', 'e to the power x.'),
  fn('math', 'LOG', 'x', 'DOUBLE', 'Natural logarithm.'),
  fn('math', 'LOG10', 'x', 'DOUBLE', 'Base-10 logarithm.'),
  fn('math', 'PI', '', 'DOUBLE', 'The number pi.'),
  fn('math', 'RAND', '[seed]', 'DOUBLE', 'A random number between 0 and 1.'),
  fn('math', 'DEGREES', 'radians', 'DOUBLE', 'Radians to degrees.'),
  fn('math', 'RADIANS', 'degrees', 'DOUBLE', 'Degrees to radians.'),
  fn('trig', 'SIN', 'radians', 'DOUBLE', 'Sine.'),
  fn('trig', 'COS', 'radians', 'DOUBLE', 'Cosine.'),
  fn('trig', 'TAN', 'radians', 'DOUBLE', 'Tangent.'),
  fn('trig', 'COT', 'radians', 'DOUBLE', 'Cotangent.'),
  fn('trig', 'ASIN', 'x', 'DOUBLE', 'Arc sine, in radians.'),
  fn('trig', 'ACOS', 'x', 'DOUBLE', 'Arc cosine, in radians.'),
  fn('trig', 'ATAN', 'x', 'DOUBLE', 'Arc tangent, in radians.'),
  fn(
    'trig',
    'ATAN2',
    'y, x',
    'DOUBLE',
    'Arc tangent of y / x, in radians, in the right quadrant.'
  ),
  fn('string', 'LOWER', 'text', 'VARCHAR', 'Lower-case text.'),
  fn('string', 'UPPER', 'text', 'VARCHAR', 'Upper-case text.'),
  fn(
    'conversion',
    'IN_UNIT',
    'value, unit',
    'DOUBLE',
    "A value converted to another unit: IN_UNIT(dist, 'pc')."
  ),
  fn(
    'conversion',
    'CAST',
    'value AS type',
    'type',
    'A value as another type (INTEGER, DOUBLE PRECISION, CHAR(n)...).'
  ),
  fn(
    'aggregate',
    'COUNT',
    '* | [DISTINCT] x',
    'BIGINT',
    'Number of rows (or of non-null values).'
  ),
  fn('aggregate', 'AVG', 'x', 'DOUBLE', 'Mean of a column.'),
  fn('aggregate', 'MIN', 'x', 'same as x', 'Smallest value.'),
  fn('aggregate', 'MAX', 'x', 'same as x', 'Largest value.'),
  fn('aggregate', 'SUM', 'x', 'same as x', 'Sum of a column.'),
  fn(
    'other',
    'COALESCE',
    'x, y, ...',
    'same as x',
    'The first of its arguments that is not NULL.'
  )
];
