/**
 * Hints before the service says no: what a query asks of this service that it will refuse, cut
 * short or answer slowly, with a fix where one exists.
 * - LIMIT (not ADQL) → TOP;
 * - a large table read without TOP and without a spatial or indexed constraint (the platform's
 *   Qserv refuses such scans) → TOP;
 * - a condition only on columns the service has no index for; a join's equal column that has
 *   one → that column;
 * - TOP above the MAXREC in force (TAP 1.1: MAXREC wins and the result is cut) → TOP lowered;
 * - ADQL 2.1's `DISTANCE(...) < r` → CONTAINS(POINT, CIRCLE) = 1, which services index;
 * - optional ADQL features and user-defined functions the service's TAPRegExt does not declare
 *   (an ADQL 2.1 feature on a 2.0 service, a misspelt UDF → the declared one).
 */
import { ILanguageFeatureSet, ITapLanguage } from '../capabilities';
import { bareTableName, parseIdentifier } from '../identifiers';
import { IAdqlDiagnostic } from './diagnostics';
import { ADQL_FUNCTIONS } from './keywords';
import { lexAdql, significant } from './lexer';
import {
  IAdqlComparison,
  IAdqlExpression,
  IAdqlName,
  IAdqlQuery,
  IAdqlSelect,
  allSelects
} from './parser';
import { AdqlSchema, IAdqlColumn, IAdqlTable } from './schema';

/** A table of a SELECT's FROM: the names it can be qualified with, and what is known of it. */
export interface IHintScopeTable {
  qualifiers: string[];
  table?: IAdqlTable;
  opaque: boolean;
}

export interface IMaxrec {
  value: number;
  /** `cell`: the cell's --maxrec; `service`: the service's default (TAPRegExt outputLimit). */
  source: 'cell' | 'service';
}

export interface IHintOptions {
  largeTableRows: number;
  /** The TOP the no-limit fix writes. */
  suggestedTop?: number;
  maxrec?: IMaxrec;
}

const AGGREGATES = ['COUNT', 'AVG', 'MIN', 'MAX', 'SUM'];
const STANDARD_FUNCTIONS = new Set(ADQL_FUNCTIONS.map(f => f.name));

// --- LIMIT ----------------------------------------------------------------------------------

/**
 * `LIMIT n` (SQL, not ADQL) with a fix that writes TOP n after its SELECT. Returns the text with
 * each LIMIT clause blanked (same offsets) so that the rest of the query is still checked.
 */
export function limitClauses(text: string): {
  text: string;
  diagnostics: IAdqlDiagnostic[];
} {
  const tokens = significant(lexAdql(text));
  const diagnostics: IAdqlDiagnostic[] = [];
  let blanked = text;
  tokens.forEach((token, i) => {
    const number = tokens[i + 1];
    if (
      (token.type !== 'identifier' && token.type !== 'keyword') ||
      token.text.toUpperCase() !== 'LIMIT' ||
      number?.type !== 'number' ||
      !/^[0-9]+$/.test(number.text)
    ) {
      return;
    }
    // The SELECT it belongs to: the nearest one before it at the same depth.
    let depth = 0;
    let select = -1;
    for (let j = i - 1; j >= 0; j--) {
      const t = tokens[j];
      if (t.text === ')') {
        depth++;
      } else if (t.text === '(') {
        if (depth === 0) {
          break;
        }
        depth--;
      } else if (depth === 0 && t.text.toUpperCase() === 'SELECT') {
        select = j;
        break;
      }
    }
    let at = select >= 0 ? tokens[select].to : -1;
    const next = tokens[select + 1];
    if (next && ['DISTINCT', 'ALL'].includes(next.text.toUpperCase())) {
      at = next.to;
    }
    const hasTop =
      select >= 0 &&
      tokens
        .slice(select + 1, select + 3)
        .some(t => t.text.toUpperCase() === 'TOP');
    // The clause goes with the space before it.
    let start = token.from;
    while (start > 0 && /\s/.test(text[start - 1])) {
      start--;
    }
    const removal = { from: start, to: number.to, insert: '' };
    diagnostics.push({
      from: token.from,
      to: number.to,
      severity: 'error',
      message: hasTop
        ? 'LIMIT is not ADQL, and this SELECT already has TOP: remove LIMIT.'
        : `LIMIT is not ADQL: write TOP ${number.text} after SELECT (services answer "syntax error" to LIMIT).`,
      code: 'limit-not-adql',
      fix:
        select < 0
          ? undefined
          : hasTop
            ? { label: 'Remove LIMIT', changes: [removal] }
            : {
                label: `Use TOP ${number.text}`,
                changes: [
                  { from: at, to: at, insert: ` TOP ${number.text}` },
                  removal
                ]
              }
    });
    blanked =
      blanked.slice(0, token.from) +
      ' '.repeat(number.to - token.from) +
      blanked.slice(number.to);
  });
  return { text: blanked, diagnostics };
}

// --- columns of a SELECT ----------------------------------------------------------------------

interface IResolved {
  entry: IHintScopeTable;
  column: IAdqlColumn;
}

function resolve(
  name: IAdqlName,
  scope: IHintScopeTable[],
  schema: AdqlSchema
): IResolved | undefined {
  const bare = name.parts[name.parts.length - 1];
  const delimited = name.delimited[name.delimited.length - 1];
  const candidates =
    name.parts.length > 1
      ? scope.filter(s => {
          const qualifier = name.parts.slice(0, -1).join('.').toLowerCase();
          return s.qualifiers.some(
            q => q === qualifier || q.endsWith(`.${qualifier}`)
          );
        })
      : scope;
  for (const entry of candidates) {
    const column = entry.table
      ? schema.findColumn(entry.table, bare, delimited)
      : undefined;
    if (column) {
      return { entry, column };
    }
  }
  return undefined;
}

function isSpatial(select: IAdqlSelect): boolean {
  return (
    select.whereFunctions.some(f =>
      ['CONTAINS', 'INTERSECTS'].includes(f.name.toUpperCase())
    ) || select.comparisons.some(c => c.clause === 'WHERE' && distanceOf(c))
  );
}

function plural(names: string[]): string {
  return names.length === 1
    ? `${names[0]} is`
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} are`;
}

/** Hints on the tables one SELECT reads: large scans and conditions no index helps. */
export function scanHints(
  text: string,
  select: IAdqlSelect,
  scope: IHintScopeTable[],
  schema: AdqlSchema,
  options: IHintOptions
): IAdqlDiagnostic[] {
  const found: IAdqlDiagnostic[] = [];
  const aggregate = select.functions.some(f =>
    AGGREGATES.includes(f.name.toUpperCase())
  );
  const spatial = isSpatial(select);
  const where = select.whereColumns
    .map(name => ({ name, resolved: resolve(name, scope, schema) }))
    .filter(
      (c): c is { name: IAdqlName; resolved: IResolved } =>
        c.resolved !== undefined
    );
  for (const entry of scope) {
    const table = entry.table;
    if (!table || (table.rowCount ?? 0) < options.largeTableRows) {
      continue;
    }
    const rows = table.rowCount?.toLocaleString('en-US');
    const name = bareTableName(table.name);
    const own = where.filter(c => c.resolved.entry === entry);
    const indexedUsed = own.some(c => c.resolved.column.indexed);
    if (select.top === undefined && !aggregate && !spatial && !indexedUsed) {
      const top = options.suggestedTop ?? 1000;
      found.push({
        from: select.from,
        to: select.from + 6,
        severity: 'warning',
        message:
          `This reads all ${rows} rows of ${name}${select.hasWhere ? ' (its WHERE uses no indexed column)' : ''}: ` +
          'add TOP, or a spatial constraint such as CONTAINS(POINT(...), CIRCLE(...)) = 1. ' +
          "The platform's Qserv refuses a query on a large table without one of them.",
        code: 'no-limit',
        fix: {
          label: `Add TOP ${top}`,
          changes: [
            {
              from: select.topInsertAt,
              to: select.topInsertAt,
              insert: ` TOP ${top}`
            }
          ]
        }
      });
    }
    const indexed = (table.columns ?? []).filter(c => c.indexed);
    if (own.length === 0 || indexedUsed || spatial || indexed.length === 0) {
      continue;
    }
    const unindexed = [
      ...new Set(own.map(c => parseIdentifier(c.resolved.column.name).bare))
    ];
    const diagnostic: IAdqlDiagnostic = {
      from: own[0].name.from,
      to: own[0].name.to,
      severity: 'info',
      message:
        `${plural(unindexed)} not indexed in ${name}: the condition is checked on each of its ${rows} rows. ` +
        `Indexed: ${indexed.map(c => parseIdentifier(c.name).bare).join(', ')}.`,
      code: 'unindexed-constraint'
    };
    // A column the query's own join makes equal, and that is indexed, gives the same rows.
    for (const comparison of select.comparisons) {
      if (comparison.clause !== 'ON' || comparison.operator !== '=') {
        continue;
      }
      const sides = [comparison.left, comparison.right];
      const resolved = sides.map(side =>
        side.column ? resolve(side.column, scope, schema) : undefined
      );
      for (const [mine, other] of [
        [0, 1],
        [1, 0]
      ]) {
        const here = resolved[mine];
        const there = resolved[other];
        if (
          !here ||
          !there ||
          here.entry !== entry ||
          there.entry === entry ||
          !there.column.indexed ||
          here.column.indexed
        ) {
          continue;
        }
        const uses = own.filter(c => c.resolved.column === here.column);
        const written = text.slice(sides[other].from, sides[other].to);
        if (uses.length > 0 && !diagnostic.fix) {
          diagnostic.fix = {
            label: `Constrain ${written} (indexed) instead`,
            changes: uses.map(c => ({
              from: c.name.from,
              to: c.name.to,
              insert: written
            }))
          };
          diagnostic.message += ` The join makes ${written} equal to it, and ${written} is indexed.`;
        }
      }
    }
    found.push(diagnostic);
  }
  return found;
}

// --- MAXREC and TOP ---------------------------------------------------------------------------

/** TOP above the MAXREC in force: TAP 1.1 stops the result at MAXREC (OVERFLOW). */
export function maxrecHint(
  query: IAdqlQuery,
  maxrec: IMaxrec | undefined
): IAdqlDiagnostic[] {
  const select = query.selects[0];
  if (
    !maxrec ||
    !select ||
    select.top === undefined ||
    !select.topAt ||
    select.top <= maxrec.value
  ) {
    return [];
  }
  const limit = maxrec.value.toLocaleString('en-US');
  return [
    {
      ...select.topAt,
      severity: 'warning',
      message:
        `TOP ${select.top.toLocaleString('en-US')} asks for more rows than MAXREC lets through ` +
        `(${limit}, ${maxrec.source === 'cell' ? 'the cell’s --maxrec' : 'the service’s default'}): ` +
        'TAP 1.1 stops the result at MAXREC rows and marks it OVERFLOW.',
      code: 'maxrec-below-top',
      fix: {
        label: `Lower TOP to ${limit}`,
        changes: [{ ...select.topAt, insert: String(maxrec.value) }]
      }
    }
  ];
}

// --- DISTANCE(...) < r ------------------------------------------------------------------------

function distanceOf(
  comparison: IAdqlComparison
): { distance: IAdqlExpression; radius: IAdqlExpression } | null {
  const isDistance = (e: IAdqlExpression) =>
    e.call?.name.toUpperCase() === 'DISTANCE';
  if (
    ['<', '<='].includes(comparison.operator) &&
    isDistance(comparison.left)
  ) {
    return { distance: comparison.left, radius: comparison.right };
  }
  if (
    ['>', '>='].includes(comparison.operator) &&
    isDistance(comparison.right)
  ) {
    return { distance: comparison.right, radius: comparison.left };
  }
  return null;
}

function hasColumns(select: IAdqlSelect, e: IAdqlExpression): boolean {
  return select.columns.some(c => c.from >= e.from && c.to <= e.to);
}

/** `DISTANCE(...) < r` → the CONTAINS form every service indexes. */
export function distanceHints(
  text: string,
  select: IAdqlSelect
): IAdqlDiagnostic[] {
  const found: IAdqlDiagnostic[] = [];
  const written = (e: IAdqlExpression) => text.slice(e.from, e.to);
  for (const comparison of select.comparisons) {
    const match = distanceOf(comparison);
    const call = match?.distance.call;
    if (!match || !call) {
      continue;
    }
    const args = call.args;
    const radius = written(match.radius);
    let replacement: string | undefined;
    if (args.length === 2) {
      // The centre is the point without columns in it (else the second: a crossmatch).
      const centreIndex =
        hasColumns(select, args[1]) && !hasColumns(select, args[0]) ? 0 : 1;
      const centre = args[centreIndex];
      const row = args[1 - centreIndex];
      const point = centre.call;
      const circle =
        point?.name.toUpperCase() === 'POINT' && point.args.length === 3
          ? `CIRCLE(${point.args.map(written).join(', ')}, ${radius})`
          : point?.name.toUpperCase() === 'POINT' && point.args.length === 2
            ? `CIRCLE('ICRS', ${point.args.map(written).join(', ')}, ${radius})`
            : `CIRCLE(${written(centre)}, ${radius})`;
      replacement = `CONTAINS(${written(row)}, ${circle}) = 1`;
    } else if (args.length === 4) {
      const first = [args[0], args[1]];
      const second = [args[2], args[3]];
      const firstIsCentre =
        !first.some(a => hasColumns(select, a)) &&
        second.some(a => hasColumns(select, a));
      const [row, centre] = firstIsCentre ? [second, first] : [first, second];
      replacement =
        `CONTAINS(POINT('ICRS', ${row.map(written).join(', ')}), ` +
        `CIRCLE('ICRS', ${centre.map(written).join(', ')}, ${radius})) = 1`;
    }
    const from = Math.min(comparison.left.from, comparison.right.from);
    const to = Math.max(comparison.left.to, comparison.right.to);
    found.push({
      from,
      to,
      severity: 'warning',
      message:
        'DISTANCE(...) < r is ADQL 2.1, and many services compute it for every row (no index is ' +
        'used, and ADQL 2.0 services refuse it); CONTAINS(POINT(...), CIRCLE(..., r)) = 1 selects ' +
        'the same rows with the spatial index.',
      code: 'distance-comparison',
      fix: replacement
        ? {
            label: 'Write it as CONTAINS(..., CIRCLE(...)) = 1',
            changes: [{ from, to, insert: replacement }]
          }
        : undefined
    });
  }
  return found;
}

// --- TAPRegExt features -----------------------------------------------------------------------

/** Optional ADQL features (ADQL 2.1 §4, TAPRegExt feature types) and the words that use them. */
const OPTIONAL_FEATURES: { type: string; words: string[]; call: boolean }[] = [
  { type: 'features-adql-string', words: ['LOWER', 'UPPER'], call: true },
  { type: 'features-adql-string', words: ['ILIKE'], call: false },
  { type: 'features-adql-offset', words: ['OFFSET'], call: false },
  { type: 'features-adql-type', words: ['CAST'], call: true },
  { type: 'features-adql-unit', words: ['IN_UNIT'], call: true },
  { type: 'features-adql-common-table', words: ['WITH'], call: false },
  {
    type: 'features-adql-sets',
    words: ['UNION', 'EXCEPT', 'INTERSECT'],
    call: false
  },
  {
    type: 'features-adqlgeo',
    words: [
      'BOX',
      'POINT',
      'CIRCLE',
      'POLYGON',
      'REGION',
      'CENTROID',
      'COORD1',
      'COORD2',
      'COORDSYS',
      'DISTANCE',
      'CONTAINS',
      'INTERSECTS',
      'AREA'
    ],
    call: true
  }
];

function adqlLanguage(schema: AdqlSchema): ITapLanguage | undefined {
  return schema.capabilities?.languages.find(
    l => l.name.trim().toUpperCase() === 'ADQL'
  );
}

function declares(sets: ILanguageFeatureSet[], type: string, word: string) {
  return sets.some(
    set =>
      set.type.toLowerCase().endsWith(`#${type}`) &&
      set.features.some(f => f.form.trim().toUpperCase() === word)
  );
}

/** Optional features the query uses that the service's capabilities do not declare. */
export function featureHints(
  text: string,
  schema: AdqlSchema | undefined
): IAdqlDiagnostic[] {
  const language = schema && adqlLanguage(schema);
  if (!language) {
    return [];
  }
  const speaks21 = language.versions.some(
    v => v.version.trim() === '2.1' || /#v2\.1$/i.test(v.ivoId ?? '')
  );
  const found: IAdqlDiagnostic[] = [];
  const tokens = significant(lexAdql(text));
  const reported = new Set<string>();
  tokens.forEach((token, i) => {
    if (token.type !== 'keyword' && token.type !== 'identifier') {
      return;
    }
    const word = token.text.toUpperCase();
    const feature = OPTIONAL_FEATURES.find(f => f.words.includes(word));
    if (
      !feature ||
      (feature.call && tokens[i + 1]?.text !== '(') ||
      reported.has(word) ||
      declares(language.features, feature.type, word)
    ) {
      return;
    }
    reported.add(word);
    const geometry = feature.type === 'features-adqlgeo';
    found.push({
      from: token.from,
      to: token.to,
      severity: 'warning',
      message:
        !geometry && !speaks21
          ? `${word} is ADQL 2.1 (an optional feature), and this service declares only ADQL ${language.versions.map(v => v.version).join(', ') || '2.0'}: it will likely refuse it.`
          : `${word} is an optional ADQL feature this service does not declare in its capabilities (TAPRegExt ${feature.type}): it may refuse it.`,
      code: 'undeclared-feature'
    });
  });
  return found;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(
        row[j] + 1,
        row[j - 1] + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1)
      );
      diagonal = above;
    }
  }
  return row[b.length];
}

/**
 * Functions that are neither ADQL's nor declared by the service (whose capabilities were read),
 * with the closest declared one as the fix. (Argument counts are not checked: services write
 * signatures that do not read back, DaCHS's `gavo_specconv(expr NUMERIC, expr_unit TEXT dest_unit
 * TEXT)` among them.)
 */
export function functionHints(
  query: IAdqlQuery,
  schema: AdqlSchema | undefined
): IAdqlDiagnostic[] {
  const language = schema && adqlLanguage(schema);
  if (!schema || !language) {
    return [];
  }
  const declared = language.udfs;
  const found: IAdqlDiagnostic[] = [];
  for (const select of allSelects(query)) {
    for (const call of select.functions) {
      const upper = call.name.toUpperCase();
      if (STANDARD_FUNCTIONS.has(upper) || upper === 'CAST') {
        continue;
      }
      const forms = declared.filter(
        u => u.signature?.name.toUpperCase() === upper
      );
      if (forms.length === 0 && !schema.userFunctions.has(upper)) {
        const names = [
          ...new Set(
            declared
              .map(u => u.signature?.name)
              .filter((n): n is string => n !== undefined)
          )
        ];
        const near = names
          .map(name => ({
            name,
            distance: editDistance(name.toLowerCase(), call.name.toLowerCase())
          }))
          .filter(c => c.distance <= 2)
          .sort((a, b) => a.distance - b.distance);
        // The nearest is the fix; every one as near is named, so a tie is seen.
        const closest = near[0];
        const alike = near
          .filter(c => c.distance === closest?.distance)
          .map(c => c.name);
        found.push({
          from: call.from,
          to: call.to,
          severity: 'warning',
          message:
            `${call.name} is not an ADQL function, and this service declares ` +
            (names.length === 0
              ? 'no user-defined functions in its capabilities'
              : `no such function (it declares ${names.length}${closest ? `, among them ${alike.join(', ')}` : ''})`) +
            ': it will likely refuse it.',
          code: 'undeclared-function',
          fix: closest
            ? {
                label: `Use ${closest.name}`,
                changes: [
                  { from: call.from, to: call.to, insert: closest.name }
                ]
              }
            : undefined
        });
      }
    }
  }
  return found;
}
