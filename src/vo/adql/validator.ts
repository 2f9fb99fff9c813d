/**
 * Checking ADQL as it is typed: syntax (with what was expected), tables and columns against the
 * service's schema, reserved words used as names (with a fix that quotes them), and a query that
 * would read a whole large table.
 */
import { ADQL_FUNCTIONS } from './keywords';
import { isReservedName, lexAdql, significant } from './lexer';
import {
  AdqlSyntaxError,
  IAdqlName,
  IAdqlQuery,
  IAdqlSelect,
  allSelects,
  parseAdqlQuery
} from './parser';
import { bareTableName } from '../identifiers';
import { AdqlSchema, IAdqlTable } from './schema';

export interface IAdqlFix {
  label: string;
  changes: { from: number; to: number; insert: string }[];
}

export interface IAdqlDiagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  code: string;
  fix?: IAdqlFix;
}

export interface IValidateOptions {
  /** Tables with at least this many rows get the no-TOP/no-WHERE warning. */
  largeTableRows?: number;
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
      return schema.findColumn(owner.table, name, delimited)
        ? null
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
      return null;
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
  text: string,
  schema?: AdqlSchema,
  options: IValidateOptions = {}
): IAdqlDiagnostic[] {
  const { query, diagnostics } = parseAdql(text);
  diagnostics.push(...reservedNames(text));
  if (!query) {
    return diagnostics;
  }
  const largeRows = options.largeTableRows ?? 1_000_000;
  for (const select of allSelects(query)) {
    for (const call of select.functions) {
      const upper = call.name.toUpperCase();
      if (!STANDARD_FUNCTIONS.has(upper) && !schema?.userFunctions.has(upper)) {
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
      const big =
        outer.length === 0
          ? scope.find(s => (s.table?.rowCount ?? 0) >= largeRows)
          : undefined;
      if (
        big?.table &&
        select.top === undefined &&
        !select.hasWhere &&
        !select.functions.some(f =>
          ['COUNT', 'AVG', 'MIN', 'MAX', 'SUM'].includes(f.name.toUpperCase())
        )
      ) {
        diagnostics.push({
          from: select.from,
          to: select.from + 6,
          severity: 'warning',
          message: `This reads all ${big.table.rowCount?.toLocaleString('en-US')} rows of ${bareTableName(big.table.name)}: add TOP or a WHERE clause.`,
          code: 'no-limit'
        });
      }
      select.children.forEach(child => visit(child, scopes));
    }
  };
  visit(query, []);
  return diagnostics;
}
