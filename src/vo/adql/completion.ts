/**
 * What to offer at the cursor of an ADQL query: tables after FROM/JOIN, a table's columns after
 * `alias.`, a schema's tables after `schema.`, and elsewhere the columns of the FROM tables
 * (aliases understood, even when FROM comes after the cursor), functions and keywords. It reads
 * tokens, not a parse tree, so it works on the half-written queries it is asked about.
 */
import {
  ADQL_FUNCTIONS,
  ADQL_KEYWORDS,
  CLAUSE_KEYWORDS,
  JOIN_KEYWORDS,
  SET_OPERATORS
} from './keywords';
import {
  IIdentifier,
  adqlQualifiedName,
  delimit,
  parseIdentifier,
  parseQualifiedName
} from '../identifiers';
import { IAdqlToken, lexAdql } from './lexer';
import { AdqlSchema, IAdqlColumn, IAdqlTable } from './schema';

export interface IAdqlCompletion {
  label: string;
  kind: 'keyword' | 'function' | 'schema' | 'table' | 'column' | 'alias';
  /** datatype and unit, or a signature. */
  detail?: string;
  documentation?: string;
  /** The text to insert, quoted when the name needs it. */
  apply?: string;
  boost?: number;
}

export interface IAdqlCompletionResult {
  from: number;
  to: number;
  options: IAdqlCompletion[];
}

const LIMIT = 200;

/**
 * What to insert for a name: as ADQL needs it, or, when the user has already typed the opening
 * quote, the rest of the delimited name with its closing quote.
 */
function insertion(
  parts: readonly IIdentifier[],
  quotedPrefix: boolean
): string {
  if (!quotedPrefix) {
    return adqlQualifiedName(parts);
  }
  const [first, ...rest] = parts;
  return [delimit(first.bare).slice(1), adqlQualifiedName(rest)]
    .filter(Boolean)
    .join('.');
}

interface IFromRef {
  /** The table name as written. */
  parts: IIdentifier[];
  alias?: string;
}

function tokenName(token: IAdqlToken): IIdentifier {
  return {
    bare: token.value ?? token.text,
    delimited: token.type === 'delimited-identifier'
  };
}

function partsText(parts: readonly IIdentifier[]): string[] {
  return parts.map(p => p.bare);
}

/** Words after which a FROM list has ended (FROM itself starts one). */
const CLAUSE_WORDS = new Set([
  ...CLAUSE_KEYWORDS.filter(word => word !== 'FROM'),
  ...SET_OPERATORS,
  'ON',
  'USING'
]);
const JOIN_WORDS = new Set([...JOIN_KEYWORDS, 'OUTER']);

function isName(token: IAdqlToken | undefined): boolean {
  return (
    token !== undefined &&
    (token.type === 'identifier' ||
      token.type === 'delimited-identifier' ||
      (token.type === 'keyword' &&
        !CLAUSE_WORDS.has(token.text.toUpperCase()) &&
        !JOIN_WORDS.has(token.text.toUpperCase()) &&
        token.text.toUpperCase() !== 'AS' &&
        token.text.toUpperCase() !== 'FROM'))
  );
}

/** Table references of every FROM clause, read leniently from tokens. */
function fromRefs(tokens: IAdqlToken[]): IFromRef[] {
  const refs: IFromRef[] = [];
  let inFrom = false;
  let depth = 0;
  let fromDepth = -1;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const upper =
      token.type === 'keyword' || token.type === 'identifier'
        ? token.text.toUpperCase()
        : '';
    if (token.text === '(') {
      depth++;
      continue;
    }
    if (token.text === ')') {
      depth--;
      if (depth < fromDepth) {
        inFrom = false;
      }
      continue;
    }
    if (upper === 'FROM') {
      inFrom = true;
      fromDepth = depth;
      continue;
    }
    if (
      inFrom &&
      CLAUSE_WORDS.has(upper) &&
      upper !== 'ON' &&
      upper !== 'USING'
    ) {
      inFrom = false;
      continue;
    }
    if (!inFrom || depth !== fromDepth) {
      continue;
    }
    const previous = tokens[i - 1];
    const starts =
      previous &&
      (previous.text === ',' ||
        previous.text.toUpperCase() === 'FROM' ||
        previous.text.toUpperCase() === 'JOIN');
    if (!starts || !isName(token)) {
      continue;
    }
    const parts = [tokenName(token)];
    let j = i + 1;
    while (tokens[j]?.text === '.' && isName(tokens[j + 1])) {
      parts.push(tokenName(tokens[j + 1]));
      j += 2;
    }
    const ref: IFromRef = { parts };
    if (tokens[j]?.text.toUpperCase() === 'AS' && isName(tokens[j + 1])) {
      ref.alias = tokens[j + 1].value ?? tokens[j + 1].text;
    } else if (isName(tokens[j])) {
      ref.alias = tokens[j].value ?? tokens[j].text;
    }
    refs.push(ref);
    i = j - 1;
  }
  return refs;
}

/**
 * Table names in the FROM and JOIN clauses, written as ADQL (quoted parts stay quoted, so
 * AdqlSchema.findTable compares them exactly): to fetch their columns first.
 */
export function referencedTables(text: string): string[] {
  const tokens = lexAdql(text).filter(
    t => t.type !== 'whitespace' && t.type !== 'comment'
  );
  return [...new Set(fromRefs(tokens).map(r => adqlQualifiedName(r.parts)))];
}

function findRefTable(
  schema: AdqlSchema,
  ref: IFromRef
): IAdqlTable | undefined {
  return schema.findTableByParts(
    partsText(ref.parts),
    ref.parts.map(p => p.delimited)
  );
}

/** A table's name for people: its bare parts. */
function tableBareName(table: IAdqlTable): string {
  return parseQualifiedName(table.name)
    .map(p => p.bare)
    .join('.');
}

function columnOption(
  column: IAdqlColumn,
  table: IAdqlTable,
  boost: number,
  quotedPrefix: boolean
): IAdqlCompletion {
  const name = parseIdentifier(column.name);
  const type = [
    column.datatype,
    column.arraysize ? `[${column.arraysize}]` : ''
  ].join('');
  const detail = [type, column.unit ? `[${column.unit}]` : '']
    .filter(Boolean)
    .join(' ');
  return {
    label: name.bare,
    kind: 'column',
    detail: detail || undefined,
    documentation: [
      `${tableBareName(table)}.${name.bare}`,
      column.description,
      column.ucd ? `UCD: ${column.ucd}` : ''
    ]
      .filter(Boolean)
      .join('\n'),
    apply: insertion([name], quotedPrefix),
    boost
  };
}

function tableOption(
  table: IAdqlTable,
  qualified: boolean,
  quotedPrefix: boolean
): IAdqlCompletion {
  const all = parseQualifiedName(table.name);
  const parts = qualified ? all : all.slice(-1);
  return {
    label: parts.map(p => p.bare).join('.'),
    kind: 'table',
    detail:
      table.rowCount !== undefined
        ? `${table.rowCount.toLocaleString('en-US')} rows`
        : 'table',
    documentation: [adqlQualifiedName(all), table.description]
      .filter(Boolean)
      .join('\n'),
    apply: insertion(parts, quotedPrefix)
  };
}

function startsWith(name: string, prefix: string): boolean {
  return name.toLowerCase().startsWith(prefix.toLowerCase());
}

/** Completions at `cursor`, or null when there is nothing to offer (inside a string...). */
export function completeAdql(
  text: string,
  cursor: number,
  schema?: AdqlSchema
): IAdqlCompletionResult | null {
  const all = lexAdql(text);
  const at = all.find(t => t.from < cursor && cursor <= t.to);
  if (
    at &&
    (at.type === 'string' ||
      at.type === 'comment' ||
      (at.type === 'error' && at.text.startsWith("'")))
  ) {
    return null;
  }
  // The word being typed (possibly empty) and what stands before it.
  let from = cursor;
  while (from > 0 && /[A-Za-z0-9_]/.test(text[from - 1])) {
    from--;
  }
  let quotedPrefix = false;
  if (at?.type === 'error' && at.text.startsWith('"')) {
    from = at.from + 1;
    quotedPrefix = true;
  } else if (at?.type === 'delimited-identifier') {
    return null;
  }
  const prefix = text.slice(from, cursor);
  const tokens = all.filter(
    t => t.type !== 'whitespace' && t.type !== 'comment'
  );
  const before = tokens.filter(t => t.to <= (quotedPrefix ? from - 1 : from));
  const previous = before[before.length - 1];
  const options: IAdqlCompletion[] = [];
  const refs = fromRefs(tokens);

  // After a dot: the columns of a table or alias, or the tables of a schema.
  if (previous?.text === '.') {
    const qualifier: IIdentifier[] = [];
    let k = before.length - 2;
    while (k >= 0 && isName(before[k])) {
      qualifier.unshift(tokenName(before[k]));
      if (before[k - 1]?.text !== '.') {
        break;
      }
      k -= 2;
    }
    if (!schema || qualifier.length === 0) {
      return { from, to: cursor, options };
    }
    const written = partsText(qualifier).join('.').toLowerCase();
    const ref = refs.find(
      r =>
        r.alias?.toLowerCase() === written ||
        partsText(r.parts).join('.').toLowerCase() === written ||
        r.parts[r.parts.length - 1].bare.toLowerCase() === written
    );
    const table = ref
      ? findRefTable(schema, ref)
      : schema.findTableByParts(
          partsText(qualifier),
          qualifier.map(p => p.delimited)
        );
    if (table?.columns) {
      for (const column of table.columns) {
        if (startsWith(parseIdentifier(column.name).bare, prefix)) {
          options.push(columnOption(column, table, 2, quotedPrefix));
          if (options.length >= LIMIT) {
            break;
          }
        }
      }
    } else if (schema.hasSchema(written)) {
      for (const t of schema.tablesStartingWith(prefix, written, LIMIT)) {
        options.push(tableOption(t, false, quotedPrefix));
      }
    }
    return { from, to: cursor, options };
  }

  const previousWord = previous?.text.toUpperCase() ?? '';
  const wantsTable =
    previousWord === 'FROM' ||
    previousWord === 'JOIN' ||
    (previous?.text === ',' && inFromList(before));
  if (wantsTable && schema) {
    for (const name of schema.schemaNames) {
      if (startsWith(name.bare, prefix)) {
        options.push({
          label: name.bare,
          kind: 'schema',
          detail: 'schema',
          apply: insertion([name], quotedPrefix)
        });
      }
    }
    for (const table of schema.tablesStartingWith(prefix, undefined, LIMIT)) {
      options.push(tableOption(table, true, quotedPrefix));
    }
    return { from, to: cursor, options };
  }

  if (schema) {
    for (const ref of refs) {
      const table = findRefTable(schema, ref);
      if (ref.alias && startsWith(ref.alias, prefix)) {
        options.push({
          label: ref.alias,
          kind: 'alias',
          detail: table ? tableBareName(table) : partsText(ref.parts).join('.'),
          boost: 1
        });
      }
      for (const column of table?.columns ?? []) {
        if (
          startsWith(parseIdentifier(column.name).bare, prefix) &&
          options.length < LIMIT
        ) {
          options.push(
            columnOption(column, table as IAdqlTable, 2, quotedPrefix)
          );
        }
      }
    }
  }
  if (!quotedPrefix) {
    for (const f of ADQL_FUNCTIONS) {
      if (startsWith(f.name, prefix)) {
        options.push({
          label: f.name,
          kind: 'function',
          detail: f.signature,
          documentation: `${f.signature} → ${f.returns}\n${f.description}`,
          apply: f.name
        });
      }
    }
    for (const [name, signature] of schema?.userFunctions ?? []) {
      if (startsWith(name, prefix)) {
        options.push({
          label: name,
          kind: 'function',
          detail: signature,
          documentation: `${signature}\n(a function of this service)`
        });
      }
    }
    if (prefix.length > 0) {
      for (const keyword of ADQL_KEYWORDS) {
        if (startsWith(keyword, prefix)) {
          options.push({ label: keyword, kind: 'keyword', boost: -1 });
        }
      }
    }
  }
  return { from, to: cursor, options };
}

/** Whether the comma before the cursor separates tables of a FROM list. */
function inFromList(before: IAdqlToken[]): boolean {
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const text = before[i].text;
    if (text === ')') {
      depth++;
    } else if (text === '(') {
      if (depth === 0) {
        return false;
      }
      depth--;
    } else if (depth === 0) {
      const upper = text.toUpperCase();
      if (upper === 'FROM') {
        return true;
      }
      if (CLAUSE_WORDS.has(upper)) {
        return false;
      }
    }
  }
  return false;
}
