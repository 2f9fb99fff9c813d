/**
 * Checking ADQL as it is typed: syntax (with what was expected), tables and columns against the
 * service's schema, reserved words used as names (with a fix that quotes them), a query that
 * would read a whole large table, and mistakes the grammar alone lets through: a value where a
 * condition belongs (WHERE CONTAINS(...) without = 1, with the fix), wrong arguments to standard
 * functions, operators on geometries, a JOIN without ON or USING.
 */
import { ADQL_FUNCTIONS } from './keywords';
import { isReservedName, lexAdql, significant } from './lexer';
import {
  AdqlSyntaxError,
  IAdqlExpression,
  IAdqlName,
  IAdqlQuery,
  IAdqlSelect,
  IAdqlValueAsCondition,
  allSelects,
  parseAdqlQuery
} from './parser';
import {
  adqlQualifiedName,
  bareTableName,
  parseIdentifier
} from '../identifiers';
import { AdqlSchema, IAdqlColumn, IAdqlTable } from './schema';
import { checkArguments } from './signatures';
import {
  IMaxrec,
  distanceHints,
  featureHints,
  functionHints,
  limitClauses,
  maxrecHint,
  scanHints
} from './hints';

import { IAdqlDiagnostic, IAdqlFix } from './diagnostics';

export type { IAdqlDiagnostic, IAdqlFix };

/** Tables with at least this many rows get the large-scan and index hints, unless told. */
export const DEFAULT_LARGE_TABLE_ROWS = 1_000_000;

export interface IValidateOptions {
  /** Tables with at least this many rows get the large-scan and index hints. */
  largeTableRows?: number;
  /** The TOP the large-scan fix writes. */
  suggestedTop?: number;
  /** The MAXREC the query will run with: the cell's, or the service's default. */
  maxrec?: IMaxrec;
}

const STANDARD_FUNCTIONS = new Set(ADQL_FUNCTIONS.map(f => f.name));

export function parseAdql(text: string): {
  query: IAdqlQuery | null;
  diagnostics: IAdqlDiagnostic[];
} {
  try {
    return { query: parseAdqlQuery(text), diagnostics: [] };
  } catch (error) {
    if (error instanceof AdqlSyntaxError) {
      return {
        query: null,
        diagnostics: [
          {
            from: error.from,
            to: Math.max(error.to, error.from),
            severity: 'error',
            message: error.message,
            code: 'syntax'
          }
        ]
      };
    }
    throw error;
  }
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Names that are reserved words, written bare: most services refuse them. */
function reservedNames(text: string): IAdqlDiagnostic[] {
  const tokens = significant(lexAdql(text));
  const found: IAdqlDiagnostic[] = [];
  tokens.forEach((token, i) => {
    if (token.type !== 'identifier' || !isReservedName(token.text)) {
      return;
    }
    // COUNT(...), MAX(...): a function, not a name.
    if (tokens[i + 1]?.text === '(') {
      return;
    }
    found.push({
      from: token.from,
      to: token.to,
      severity: 'warning',
      message: `${token.text} is a reserved word in ADQL; as a name it must be quoted: ${quoted(token.text)}.`,
      code: 'reserved-identifier',
      fix: {
        label: `Quote ${token.text}`,
        changes: [
          { from: token.from, to: token.to, insert: quoted(token.text) }
        ]
      }
    });
  });
  return found;
}

/**
 * Names the lexer reads differently from what was meant: `2mass` is the number 2 and the alias
 * mass; `_id` is not an ADQL name at all. Both are fine quoted.
 */
function malformedNames(text: string): IAdqlDiagnostic[] {
  const tokens = lexAdql(text);
  const found: IAdqlDiagnostic[] = [];
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (
      token.type === 'number' &&
      next?.type === 'identifier' &&
      next.from === token.to &&
      /^[0-9]+$/.test(token.text)
    ) {
      const whole = token.text + next.text;
      found.push({
        from: token.from,
        to: next.to,
        severity: 'warning',
        message: `${whole} is read as the number ${token.text} named ${next.text} (names cannot start with a digit); if ${whole} is a column, quote it: ${quoted(whole)}.`,
        code: 'number-then-name',
        fix: {
          label: `Quote ${whole}`,
          changes: [{ from: token.from, to: next.to, insert: quoted(whole) }]
        }
      });
    } else if (token.type === 'identifier' && token.text.startsWith('_')) {
      found.push({
        from: token.from,
        to: token.to,
        severity: 'error',
        message: `ADQL names start with a letter; quote ${token.text} to use it: ${quoted(token.text)}.`,
        code: 'malformed-name',
        fix: {
          label: `Quote ${token.text}`,
          changes: [
            { from: token.from, to: token.to, insert: quoted(token.text) }
          ]
        }
      });
    }
  });
  return found;
}

/** A short form of an expression for messages: CONTAINS(...), or the text if it is short. */
function excerpt(text: string, expression: IAdqlExpression): string {
  const written = text
    .slice(expression.from, expression.to)
    .replace(/\s+/g, ' ');
  if (written.length <= 40) {
    return written;
  }
  return expression.call ? `${expression.call.name}(...)` : 'this';
}

const BOOLEAN_LIKE = new Set(['CONTAINS', 'INTERSECTS']);

/** WHERE CONTAINS(...), WHERE ra, x > 1 AND 2: a value where the grammar wants a condition. */
function valueAsCondition(
  text: string,
  found: IAdqlValueAsCondition,
  schema?: AdqlSchema
): IAdqlDiagnostic {
  const { clause, value } = found;
  const what = excerpt(text, value);
  const call = value.call;
  const addOne = {
    label: 'Add = 1',
    changes: [{ from: value.to, to: value.to, insert: ' = 1' }]
  };
  const at = { from: value.from, to: value.to };
  if (call && BOOLEAN_LIKE.has(call.name.toUpperCase())) {
    return {
      ...at,
      severity: 'error',
      message: `${call.name.toUpperCase()} gives 1 or 0, not true or false: compare it, ${what} = 1.`,
      code: 'value-as-condition',
      fix: addOne
    };
  }
  const upper = call?.name.toUpperCase();
  if (
    call &&
    upper !== undefined &&
    upper !== 'CAST' &&
    (!STANDARD_FUNCTIONS.has(upper) || schema?.userFunctions.has(upper))
  ) {
    // The grammar lets a user-defined function stand as a condition, if it gives a boolean.
    return {
      ...at,
      severity: 'warning',
      message: `${call.name} is used as a condition: that works only if it gives true or false; most services' functions give 1 or 0 (then write ${what} = 1).`,
      code: 'value-as-condition',
      fix: addOne
    };
  }
  const joins = clause === 'AND' || clause === 'OR';
  return {
    ...at,
    severity: 'error',
    message: joins
      ? `${clause} combines conditions, and ${what} is a value: compare it with something (=, <, >, IS NULL...).`
      : `${clause} needs a condition (a comparison such as ra > 10), and ${what} is a value.`,
    code: 'value-as-condition'
  };
}

/** Standard functions called with arguments their grammar does not allow. */
function functionArguments(
  text: string,
  select: IAdqlSelect,
  schema?: AdqlSchema
): IAdqlDiagnostic[] {
  const found: IAdqlDiagnostic[] = [];
  for (const call of select.functions) {
    const upper = call.name.toUpperCase();
    if (schema?.userFunctions.has(upper)) {
      continue; // the service's own version of it
    }
    const problem = checkArguments(
      upper,
      call.args.map(a => a.kind),
      call.star
    );
    if (!problem) {
      continue;
    }
    const count = call.args.length;
    let message: string;
    if (call.star) {
      message = `Only COUNT takes *: ${problem.usage}.`;
    } else if (problem.kindMismatch) {
      const system =
        call.args[0]?.kind === 'string' &&
        ['POINT', 'CIRCLE', 'BOX', 'POLYGON'].includes(upper)
          ? ' (a string first is the coordinate system)'
          : '';
      message = `These arguments do not fit ${problem.usage}${system}.`;
    } else {
      const plural = problem.counts === '1' ? '' : 's';
      message = `${upper} takes ${problem.counts} argument${plural}, not ${count}: ${problem.usage}.`;
    }
    found.push({
      from: call.from,
      to: call.end,
      severity: 'error',
      message,
      code: 'function-arguments'
    });
  }
  return found;
}

/** The grammar's own checks on one SELECT: conditions, arguments, geometry operators, joins. */
function grammarChecks(
  text: string,
  select: IAdqlSelect,
  schema?: AdqlSchema
): IAdqlDiagnostic[] {
  const found: IAdqlDiagnostic[] = select.valuesAsConditions.map(v =>
    valueAsCondition(text, v, schema)
  );
  found.push(...functionArguments(text, select, schema));
  for (const { operator, operand } of select.geometryOperands) {
    found.push({
      from: operand.from,
      to: operand.to,
      severity: 'error',
      message: `${excerpt(text, operand)} is a geometry: ${operator} does not apply to it${operator === '||' ? ' (to show a position as text, select COORD1(...) and COORD2(...))' : ''}.`,
      code: 'geometry-operator'
    });
  }
  for (const join of select.bareJoins) {
    found.push({
      from: join.from,
      to: join.to,
      severity: 'warning',
      message:
        'JOIN without ON or USING: the grammar allows it, but services differ (some join on the columns both tables share, as NATURAL JOIN does; others refuse it). Say which: ON ..., USING (...) or NATURAL JOIN.',
      code: 'join-without-condition',
      fix: {
        label: 'Make it a NATURAL JOIN',
        changes: [{ from: join.from, to: join.from, insert: 'NATURAL ' }]
      }
    });
  }
  return found;
}

interface IScopeTable {
  /** The name a column can be qualified with: the alias, or the table's own name. */
  qualifiers: string[];
  table?: IAdqlTable;
  /** Derived tables, WITH queries and uploads: their columns are not known here. */
  opaque: boolean;
}

function scopeOf(
  select: IAdqlSelect,
  schema: AdqlSchema,
  cteNames: Set<string>,
  diagnostics: IAdqlDiagnostic[]
): IScopeTable[] {
  return select.tables.map(item => {
    if (item.kind === 'derived') {
      return { qualifiers: [item.alias.toLowerCase()], opaque: true };
    }
    const last = item.parts[item.parts.length - 1];
    const qualifiers = item.alias
      ? [item.alias.toLowerCase()]
      : [last.toLowerCase(), item.parts.join('.').toLowerCase()];
    const upload =
      item.parts.length > 1 && item.parts[0].toUpperCase() === 'TAP_UPLOAD';
    if (
      upload ||
      (item.parts.length === 1 && cteNames.has(last.toLowerCase()))
    ) {
      return { qualifiers, opaque: true };
    }
    const table = schema.findTableByParts(item.parts, item.delimited);
    if (!table) {
      diagnostics.push({
        from: item.from,
        to: item.to,
        severity: 'error',
        message: `No table ${item.parts.join('.')} on this service.`,
        code: 'unknown-table'
      });
      return { qualifiers, opaque: true };
    }
    return { qualifiers, table, opaque: false };
  });
}

/**
 * A column published as a delimited name with capitals (`"MixedCase"`), written unquoted. ADQL
 * leaves that comparison open and services differ: DaCHS and other PostgreSQL-based services
 * fold the unquoted name to lower case and answer "no such field", others find it. A warning
 * with the quoting fix, not an error.
 */
function caseFoldWarning(
  column: IAdqlName,
  found: IAdqlColumn | undefined
): IAdqlDiagnostic | null {
  const last = column.parts.length - 1;
  if (!found || column.delimited[last]) {
    return null;
  }
  const published = parseIdentifier(found.name);
  if (!published.delimited || published.bare === published.bare.toLowerCase()) {
    return null;
  }
  const written = adqlQualifiedName([
    ...column.parts
      .slice(0, last)
      .map((bare, i) => ({ bare, delimited: column.delimited[i] })),
    published
  ]);
  return {
    from: column.from,
    to: column.to,
    severity: 'warning',
    message: `${published.bare} is published as a case-sensitive (delimited) name: unquoted, services that fold names to lower case (DaCHS) will not find it. Write ${written}.`,
    code: 'unquoted-delimited-name',
    fix: {
      label: `Write ${written}`,
      changes: [{ from: column.from, to: column.to, insert: written }]
    }
  };
}

function checkColumn(
  column: IAdqlName,
  scopes: IScopeTable[][],
  outputNames: Set<string>,
  schema: AdqlSchema
): IAdqlDiagnostic | null {
  const name = column.parts[column.parts.length - 1];
  const delimited = column.delimited[column.delimited.length - 1];
  const label = column.parts.join('.');
  if (column.parts.length > 1) {
    const qualifier = column.parts.slice(0, -1).join('.').toLowerCase();
    for (const scope of scopes) {
      const owner = scope.find(s =>
        s.qualifiers.some(q => q === qualifier || q.endsWith(`.${qualifier}`))
      );
      if (!owner) {
        continue;
      }
      if (owner.opaque || !owner.table?.columns) {
        return null;
      }
      const found = schema.findColumn(owner.table, name, delimited);
      return found
        ? caseFoldWarning(column, found)
        : {
            from: column.from,
            to: column.to,
            severity: 'error',
            message: `${bareTableName(owner.table.name)} has no column ${name}.`,
            code: 'unknown-column'
          };
    }
    return {
      from: column.from,
      to: column.to,
      severity: 'error',
      message: `${column.parts.slice(0, -1).join('.')} is not a table or alias of this query.`,
      code: 'unknown-qualifier'
    };
  }
  if (outputNames.has(name.toLowerCase())) {
    return null;
  }
  for (const scope of scopes) {
    if (scope.some(s => s.opaque || !s.table?.columns)) {
      return null; // it might come from a table whose columns are unknown
    }
    const owners = scope.filter(
      s => s.table && schema.findColumn(s.table, name, delimited)
    );
    if (owners.length > 1) {
      return {
        from: column.from,
        to: column.to,
        severity: 'warning',
        message: `${name} is in ${owners.map(o => bareTableName(o.table?.name ?? '')).join(' and ')}: qualify it with a table or alias.`,
        code: 'ambiguous-column'
      };
    }
    if (owners.length === 1) {
      const table = owners[0].table;
      return caseFoldWarning(
        column,
        table && schema.findColumn(table, name, delimited)
      );
    }
  }
  const tables = scopes[0]
    ?.map(s => (s.table ? bareTableName(s.table.name) : ''))
    .filter(Boolean)
    .join(', ');
  return {
    from: column.from,
    to: column.to,
    severity: 'error',
    message: `No column ${label} in ${tables || 'the tables of this query'}.`,
    code: 'unknown-column'
  };
}

/** Diagnostics for a query: syntax first; with a schema, tables, columns and large scans. */
export function validateAdql(
  written: string,
  schema?: AdqlSchema,
  options: IValidateOptions = {}
): IAdqlDiagnostic[] {
  // LIMIT is reported with its fix and checked no further: the rest is read without it.
  const limits = limitClauses(written);
  const text = limits.text;
  const { query, diagnostics } = parseAdql(text);
  diagnostics.push(
    ...limits.diagnostics,
    ...reservedNames(text),
    ...malformedNames(text)
  );
  if (!query) {
    return diagnostics;
  }
  const largeRows = options.largeTableRows ?? DEFAULT_LARGE_TABLE_ROWS;
  // With the service's capabilities read, undeclared functions are warned of (hints.ts).
  const declaresFunctions =
    schema?.capabilities?.languages.some(
      l => l.name.trim().toUpperCase() === 'ADQL'
    ) ?? false;
  diagnostics.push(
    ...maxrecHint(query, options.maxrec),
    ...featureHints(text, schema),
    ...functionHints(query, schema)
  );
  for (const select of allSelects(query)) {
    diagnostics.push(...grammarChecks(text, select, schema));
    diagnostics.push(...distanceHints(text, select));
    for (const call of select.functions) {
      const upper = call.name.toUpperCase();
      if (
        !declaresFunctions &&
        !STANDARD_FUNCTIONS.has(upper) &&
        !schema?.userFunctions.has(upper)
      ) {
        diagnostics.push({
          from: call.from,
          to: call.to,
          severity: 'info',
          message: `${call.name} is not an ADQL function${schema && schema.userFunctions.size > 0 ? ' nor one this service declares' : ''}; the service may still know it.`,
          code: 'unknown-function'
        });
      }
    }
  }
  if (!schema || schema.tables.length === 0) {
    return diagnostics;
  }
  const cteNames = new Set(query.ctes.map(c => c.name.toLowerCase()));
  const visit = (q: IAdqlQuery, outer: IScopeTable[][]): void => {
    for (const cte of q.ctes) {
      visit(cte.query, outer);
    }
    for (const select of q.selects) {
      const scope = scopeOf(select, schema, cteNames, diagnostics);
      const scopes = [scope, ...outer];
      const outputNames = new Set(select.outputNames.map(n => n.toLowerCase()));
      for (const column of select.columns) {
        const problem = checkColumn(column, scopes, outputNames, schema);
        if (problem) {
          diagnostics.push(problem);
        }
      }
      // Only the outermost query: a subquery's rows are limited by the query around it.
      if (outer.length === 0) {
        diagnostics.push(
          ...scanHints(text, select, scope, schema, {
            largeTableRows: largeRows,
            suggestedTop: options.suggestedTop
          })
        );
      }
      select.children.forEach(child => visit(child, scopes));
    }
  };
  visit(query, []);
  return diagnostics;
}
