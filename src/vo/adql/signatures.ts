/**
 * What ADQL 2.1's standard functions take and give, as far as it can be told without a schema:
 * the kind of value each argument is (a number, a string, a point, another geometry, a condition,
 * or unknown: a column, a user-defined function...), and which argument lists the grammar allows.
 * Unknown arguments fit any slot, so a query is only faulted when its text alone shows the
 * mistake (ABS(), CIRCLE('ICRS', 2, 3), POLYGON with an odd number of coordinates).
 */

export type AdqlValueKind =
  'condition' | 'number' | 'string' | 'point' | 'region' | 'unknown';

/** One letter per kind: argument lists become short strings the forms below match. */
const LETTER: Record<AdqlValueKind, string> = {
  condition: 'b',
  number: 'n',
  string: 's',
  point: 'p',
  region: 'r',
  unknown: 'u'
};

// Slots. The grammar lets a string literal stand where a number is expected (value expression
// primaries include every literal), and a literal where a geometry is, so those are allowed.
const NUM = '[nsu]';
const SYS = '[su]';
const PT = '[pu]';
const GEO = '[nsupr]';
const ANY = '[nsuprb]';

interface ISignature {
  /** Argument lists the grammar allows, as letters (see LETTER). */
  forms: RegExp;
  /** How to call it, for messages. */
  usage: string;
  star?: boolean;
}

function forms(...alternatives: string[]): RegExp {
  return new RegExp(`^(?:${alternatives.join('|')})$`);
}

const ONE_NUMBER: ISignature = { forms: forms(NUM), usage: '(x)' };

export const ADQL_SIGNATURES: ReadonlyMap<string, ISignature> = new Map<
  string,
  ISignature
>([
  [
    'POINT',
    {
      forms: forms(`[nu]${NUM}`, `${SYS}${NUM}${NUM}`),
      usage: "([coordsys,] ra, dec), e.g. POINT('ICRS', 10.5, -3.2)"
    }
  ],
  [
    'CIRCLE',
    {
      forms: forms(
        `[nu]${NUM}${NUM}`,
        `${PT}${NUM}`,
        `${SYS}${NUM}${NUM}${NUM}`,
        `${SYS}${PT}${NUM}`
      ),
      usage: '([coordsys,] ra, dec, radius) or ([coordsys,] point, radius)'
    }
  ],
  [
    'BOX',
    {
      forms: forms(
        `[nu]${NUM}{3}`,
        `${PT}${NUM}{2}`,
        `${SYS}${NUM}{4}`,
        `${SYS}${PT}${NUM}{2}`
      ),
      usage:
        '([coordsys,] ra, dec, width, height) or ([coordsys,] point, width, height)'
    }
  ],
  [
    'POLYGON',
    {
      forms: forms(
        `[nu]${NUM}(?:${NUM}${NUM}){2,}`,
        `${SYS}(?:${NUM}${NUM}){3,}`,
        `${PT}{3,}`,
        `${SYS}${PT}{3,}`
      ),
      usage:
        '([coordsys,] ra1, dec1, ra2, dec2, ra3, dec3, ...): three or more vertices, as coordinate pairs or points'
    }
  ],
  ['CONTAINS', { forms: forms(`${GEO}{2}`), usage: '(geometry, geometry)' }],
  ['INTERSECTS', { forms: forms(`${GEO}{2}`), usage: '(geometry, geometry)' }],
  [
    'DISTANCE',
    {
      forms: forms(`${PT}${PT}`, `${NUM}{4}`),
      usage: '(point1, point2) or (ra1, dec1, ra2, dec2)'
    }
  ],
  ['AREA', { forms: forms(GEO), usage: '(geometry)' }],
  ['CENTROID', { forms: forms(GEO), usage: '(geometry)' }],
  ['COORDSYS', { forms: forms(GEO), usage: '(geometry)' }],
  ['COORD1', { forms: forms(PT), usage: '(point)' }],
  ['COORD2', { forms: forms(PT), usage: '(point)' }],
  ['REGION', { forms: forms(SYS), usage: "('STC-S text')" }],
  ...['ABS', 'CEILING', 'FLOOR', 'SQRT', 'EXP', 'LOG', 'LOG10'].map(
    name => [name, ONE_NUMBER] as [string, ISignature]
  ),
  ['DEGREES', { forms: forms(NUM), usage: '(radians)' }],
  ['RADIANS', { forms: forms(NUM), usage: '(degrees)' }],
  ...['SIN', 'COS', 'TAN', 'COT'].map(
    name =>
      [name, { forms: forms(NUM), usage: '(radians)' }] as [string, ISignature]
  ),
  ...['ASIN', 'ACOS', 'ATAN'].map(
    name => [name, ONE_NUMBER] as [string, ISignature]
  ),
  ['ATAN2', { forms: forms(`${NUM}{2}`), usage: '(y, x)' }],
  ['ROUND', { forms: forms(`${NUM}{1,2}`), usage: '(x [, digits])' }],
  ['TRUNCATE', { forms: forms(`${NUM}{1,2}`), usage: '(x [, digits])' }],
  ['MOD', { forms: forms(`${NUM}{2}`), usage: '(x, y)' }],
  ['POWER', { forms: forms(`${NUM}{2}`), usage: '(x, y)' }],
  ['PI', { forms: forms(''), usage: '()' }],
  ['RAND', { forms: forms(`${NUM}?`), usage: '([seed])' }],
  ['LOWER', { forms: forms(NUM), usage: '(text)' }],
  ['UPPER', { forms: forms(NUM), usage: '(text)' }],
  ['IN_UNIT', { forms: forms(`${NUM}${SYS}`), usage: "(value, 'unit')" }],
  ['COALESCE', { forms: forms(`${GEO}+`), usage: '(x, y, ...)' }],
  ['COUNT', { forms: forms(ANY), usage: '(*) or ([DISTINCT] x)', star: true }],
  ...['AVG', 'MIN', 'MAX', 'SUM'].map(
    name => [name, { forms: forms(ANY), usage: '(x)' }] as [string, ISignature]
  )
]);

/** What a standard function gives; user-defined ones (and MIN, MAX...) give 'unknown'. */
export function resultKind(name: string): AdqlValueKind {
  switch (name.toUpperCase()) {
    case 'POINT':
    case 'CENTROID':
      return 'point';
    case 'CIRCLE':
    case 'BOX':
    case 'POLYGON':
    case 'REGION':
      return 'region';
    case 'LOWER':
    case 'UPPER':
    case 'COORDSYS':
      return 'string';
    case 'MIN':
    case 'MAX':
    case 'COALESCE':
      return 'unknown';
    default:
      return ADQL_SIGNATURES.has(name.toUpperCase()) ? 'number' : 'unknown';
  }
}

export interface IArgumentProblem {
  /** What the function takes, e.g. CIRCLE([coordsys,] ra, dec, radius) or .... */
  usage: string;
  /** The argument counts it takes, e.g. "1", "2 or 3", "3 or more". */
  counts: string;
  /** True when the count is right but an argument is of the wrong kind. */
  kindMismatch: boolean;
}

function allowedCounts(signature: ISignature): string {
  const ok: number[] = [];
  const limit = 16;
  for (let n = 0; n <= limit; n++) {
    if (signature.forms.test('u'.repeat(n))) {
      ok.push(n);
    }
  }
  const first = ok[0];
  if (ok[ok.length - 1] === limit && ok.length === limit - first + 1) {
    return `${first} or more`;
  }
  if (ok.length === 1) {
    return String(first);
  }
  return `${ok.slice(0, -1).join(', ')} or ${ok[ok.length - 1]}`;
}

/**
 * Whether the arguments fit a standard function; null when they do (or when the function is not
 * a standard one: its arguments are the service's business).
 */
export function checkArguments(
  name: string,
  args: AdqlValueKind[],
  star: boolean
): IArgumentProblem | null {
  const upper = name.toUpperCase();
  const signature = ADQL_SIGNATURES.get(upper);
  if (!signature) {
    return null;
  }
  const describe = (kindMismatch: boolean): IArgumentProblem => ({
    usage: `${upper}${signature.usage}`,
    counts: allowedCounts(signature),
    kindMismatch
  });
  if (star) {
    return signature.star ? null : describe(false);
  }
  // The forms without a coordinate system never start with a string slot: a string literal
  // first is always read as the coordinate system, as services' parsers do.
  if (signature.forms.test(args.map(kind => LETTER[kind]).join(''))) {
    return null;
  }
  return describe(signature.forms.test('u'.repeat(args.length)));
}
