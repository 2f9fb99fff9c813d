/**
 * A recursive-descent parser for ADQL 2.1 queries: SELECT with TOP/DISTINCT, joins of every kind,
 * derived tables, WHERE/GROUP BY/HAVING/ORDER BY/OFFSET, set operations, WITH, CASE, CAST,
 * geometry and user-defined functions. It keeps what the validator and the editor need (the
 * tables, column references and function calls of each SELECT, with offsets) and reports the
 * first syntax error with what was expected there.
 */
import {
  ADQL_STRUCTURAL,
  CLAUSE_KEYWORDS,
  JOIN_KEYWORDS,
  SET_OPERATORS
} from './keywords';
import { IAdqlToken, lexAdql, significant } from './lexer';

export interface IAdqlName {
  /** The parts as the service names them (delimited parts unquoted). */
  parts: string[];
  /** Which parts were written in double quotes (and so are case-sensitive). */
  delimited: boolean[];
  from: number;
  to: number;
}

export interface IAdqlTableRef extends IAdqlName {
  kind: 'table';
  alias?: string;
}

export interface IAdqlDerivedTable {
  kind: 'derived';
  alias: string;
  query: IAdqlQuery;
  from: number;
  to: number;
}

export type AdqlFromItem = IAdqlTableRef | IAdqlDerivedTable;

export interface IAdqlFunctionCall {
  name: string;
  from: number;
  to: number;
}

export interface IAdqlSelect {
  from: number;
  to: number;
  top?: number;
  distinct: boolean;
  hasWhere: boolean;
  tables: AdqlFromItem[];
  columns: IAdqlName[];
  functions: IAdqlFunctionCall[];
  /** Names given with AS in the select list (usable in ORDER BY). */
  outputNames: string[];
  /** Nested queries (subqueries in expressions and derived tables). */
  children: IAdqlQuery[];
}

export interface IAdqlQuery {
  from: number;
  to: number;
  /** One SELECT, or several joined by UNION / INTERSECT / EXCEPT. */
  selects: IAdqlSelect[];
  /** WITH name AS (...) */
  ctes: { name: string; query: IAdqlQuery }[];
}

export class AdqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly from: number,
    readonly to: number,
    readonly expected: string
  ) {
    super(message);
    this.name = 'AdqlSyntaxError';
  }
}

const COMPARISON = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);
/** A bare word here ends an expression or a table reference: it is not an alias. */
const CLAUSE_END = new Set([
  ...CLAUSE_KEYWORDS,
  ...SET_OPERATORS,
  ...JOIN_KEYWORDS,
  'ON',
  'USING'
]);

function describe(token: IAdqlToken | undefined): string {
  if (!token) {
    return 'the end of the query';
  }
  if (token.type === 'error') {
    return token.value ?? `“${token.text}”`;
  }
  return `“${token.text.length > 30 ? token.text.slice(0, 30) + '…' : token.text}”`;
}

class Parser {
  constructor(text: string) {
    this.tokens = significant(lexAdql(text));
    this.end = text.length;
  }

  parseStatement(): IAdqlQuery {
    const query = this.query();
    if (this.peekText(';')) {
      this.pos++;
    }
    if (this.pos < this.tokens.length) {
      this.fail('the end of the query (or UNION, ORDER BY, OFFSET)');
    }
    return query;
  }

  // --- token helpers ---------------------------------------------------------------------

  private peek(offset = 0): IAdqlToken | undefined {
    return this.tokens[this.pos + offset];
  }

  private upper(offset = 0): string {
    const token = this.peek(offset);
    return token && (token.type === 'keyword' || token.type === 'identifier')
      ? token.text.toUpperCase()
      : '';
  }

  private peekKeyword(...words: string[]): boolean {
    return words.includes(this.upper());
  }

  private peekText(text: string): boolean {
    const token = this.peek();
    return (
      token !== undefined &&
      (token.type === 'punctuation' || token.type === 'operator') &&
      token.text === text
    );
  }

  private accept(word: string): boolean {
    if (this.upper() === word) {
      this.pos++;
      return true;
    }
    return false;
  }

  private acceptText(text: string): boolean {
    if (this.peekText(text)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expect(word: string): IAdqlToken {
    if (this.upper() !== word) {
      this.fail(word);
    }
    return this.tokens[this.pos++];
  }

  private expectText(text: string): IAdqlToken {
    if (!this.peekText(text)) {
      this.fail(`“${text}”`);
    }
    return this.tokens[this.pos++];
  }

  private fail(expected: string): never {
    const token = this.peek();
    const from = token ? token.from : this.end;
    const to = token ? token.to : this.end;
    const found = describe(token);
    const message =
      token?.type === 'error'
        ? `Syntax error: ${found}.`
        : `Syntax error: expected ${expected}, found ${found}.`;
    throw new AdqlSyntaxError(message, from, to, expected);
  }

  private get lastEnd(): number {
    return this.tokens[this.pos - 1]?.to ?? 0;
  }

  // --- queries ---------------------------------------------------------------------------

  private query(): IAdqlQuery {
    const start = this.peek()?.from ?? this.end;
    const ctes: { name: string; query: IAdqlQuery }[] = [];
    if (this.accept('WITH')) {
      do {
        const name = this.name('a name for the WITH query');
        this.expect('AS');
        this.expectText('(');
        const sub = this.query();
        this.expectText(')');
        ctes.push({ name: name.parts[name.parts.length - 1], query: sub });
      } while (this.acceptText(','));
    }
    const selects: IAdqlSelect[] = [this.selectTerm()];
    while (this.peekKeyword('UNION', 'INTERSECT', 'EXCEPT')) {
      this.pos++;
      this.accept('ALL') || this.accept('DISTINCT');
      selects.push(this.selectTerm());
    }
    if (this.accept('ORDER')) {
      this.expect('BY');
      const scope = selects[selects.length - 1];
      do {
        this.expression(scope);
        this.accept('ASC') || this.accept('DESC');
      } while (this.acceptText(','));
    }
    if (this.accept('OFFSET')) {
      this.unsignedInteger('a number of rows to skip');
    }
    return { from: start, to: this.lastEnd, selects, ctes };
  }

  private selectTerm(): IAdqlSelect {
    if (this.peekText('(')) {
      // A parenthesised query in a set operation.
      this.pos++;
      const inner = this.query();
      this.expectText(')');
      return inner.selects[0];
    }
    return this.select();
  }

  private select(): IAdqlSelect {
    const start = this.expect('SELECT');
    const select: IAdqlSelect = {
      from: start.from,
      to: start.to,
      distinct: false,
      hasWhere: false,
      tables: [],
      columns: [],
      functions: [],
      outputNames: [],
      children: []
    };
    if (this.accept('DISTINCT')) {
      select.distinct = true;
    } else {
      this.accept('ALL');
    }
    if (this.accept('TOP')) {
      select.top = this.unsignedInteger('the number of rows after TOP');
    }
    this.selectList(select);
    this.expect('FROM');
    do {
      this.fromItem(select);
    } while (this.acceptText(','));
    if (this.accept('WHERE')) {
      select.hasWhere = true;
      this.expression(select);
    }
    if (this.accept('GROUP')) {
      this.expect('BY');
      do {
        this.expression(select);
      } while (this.acceptText(','));
    }
    if (this.accept('HAVING')) {
      this.expression(select);
    }
    select.to = this.lastEnd;
    return select;
  }

  private selectList(select: IAdqlSelect): void {
    do {
      if (this.acceptText('*')) {
        continue;
      }
      // table.* / alias.*
      if (
        this.isNameToken(this.peek()) &&
        this.peek(1)?.text === '.' &&
        this.peek(2)?.text === '*'
      ) {
        this.pos += 3;
        continue;
      }
      this.expression(select);
      if (this.accept('AS')) {
        select.outputNames.push(this.name('a name after AS').parts[0]);
      } else if (this.isAliasToken(this.peek())) {
        select.outputNames.push(this.name('a name').parts[0]);
      }
    } while (this.acceptText(','));
  }

  private fromItem(select: IAdqlSelect): void {
    this.tablePrimary(select);
    for (;;) {
      if (this.accept('CROSS')) {
        this.expect('JOIN');
        this.tablePrimary(select);
        continue;
      }
      const natural = this.accept('NATURAL');
      let joined = false;
      if (this.accept('INNER')) {
        joined = true;
      } else if (this.peekKeyword('LEFT', 'RIGHT', 'FULL')) {
        this.pos++;
        this.accept('OUTER');
        joined = true;
      }
      if (joined || natural || this.peekKeyword('JOIN')) {
        this.expect('JOIN');
        this.tablePrimary(select);
        if (!natural) {
          if (this.accept('ON')) {
            this.expression(select);
          } else if (this.accept('USING')) {
            this.expectText('(');
            do {
              this.name('a column name');
            } while (this.acceptText(','));
            this.expectText(')');
          } else {
            this.fail('ON or USING after the joined table');
          }
        }
        continue;
      }
      return;
    }
  }

  private tablePrimary(select: IAdqlSelect): void {
    if (this.peekText('(')) {
      const open = this.tokens[this.pos++];
      if (this.peekKeyword('SELECT', 'WITH')) {
        const sub = this.query();
        this.expectText(')');
        select.children.push(sub);
        this.accept('AS');
        const alias = this.name(
          'a name for the subquery (derived tables need one)'
        );
        select.tables.push({
          kind: 'derived',
          alias: alias.parts[0],
          query: sub,
          from: open.from,
          to: this.lastEnd
        });
        return;
      }
      // A parenthesised join.
      this.fromItem(select);
      this.expectText(')');
      return;
    }
    const name = this.qualifiedName('a table name', 3);
    const ref: IAdqlTableRef = { kind: 'table', ...name };
    if (this.accept('AS')) {
      ref.alias = this.name('a name after AS').parts[0];
    } else if (this.isAliasToken(this.peek())) {
      ref.alias = this.name('a name').parts[0];
    }
    select.tables.push(ref);
  }

  // --- names -----------------------------------------------------------------------------

  private isNameToken(token: IAdqlToken | undefined): boolean {
    if (!token) {
      return false;
    }
    if (token.type === 'delimited-identifier') {
      return true;
    }
    return (
      token.type === 'identifier' ||
      (token.type === 'keyword' &&
        !ADQL_STRUCTURAL.has(token.text.toUpperCase()))
    );
  }

  /** A bare word right after a table or expression is its alias, unless it starts a clause. */
  private isAliasToken(token: IAdqlToken | undefined): boolean {
    return (
      this.isNameToken(token) &&
      !(
        token &&
        CLAUSE_END.has(token.text.toUpperCase()) &&
        token.type !== 'delimited-identifier'
      )
    );
  }

  private name(expected: string): IAdqlName {
    const token = this.peek();
    if (!token || !this.isNameToken(token)) {
      this.fail(expected);
    }
    this.pos++;
    return {
      parts: [token.value ?? token.text],
      delimited: [token.type === 'delimited-identifier'],
      from: token.from,
      to: token.to
    };
  }

  private qualifiedName(expected: string, maxParts: number): IAdqlName {
    const first = this.name(expected);
    while (
      first.parts.length < maxParts &&
      this.peekText('.') &&
      this.isNameToken(this.peek(1))
    ) {
      this.pos++;
      const next = this.name(expected);
      first.parts.push(next.parts[0]);
      first.delimited.push(next.delimited[0]);
      first.to = next.to;
    }
    return first;
  }

  private unsignedInteger(expected: string): number {
    const token = this.peek();
    if (!token || token.type !== 'number' || !/^[0-9]+$/.test(token.text)) {
      this.fail(expected);
    }
    this.pos++;
    return Number(token.text);
  }

  // --- expressions (lowest precedence first) ----------------------------------------------

  private expression(scope: IAdqlSelect): void {
    this.orExpression(scope);
  }

  private orExpression(scope: IAdqlSelect): void {
    this.andExpression(scope);
    while (this.accept('OR')) {
      this.andExpression(scope);
    }
  }

  private andExpression(scope: IAdqlSelect): void {
    this.notExpression(scope);
    while (this.accept('AND')) {
      this.notExpression(scope);
    }
  }

  private notExpression(scope: IAdqlSelect): void {
    if (this.accept('NOT')) {
      this.notExpression(scope);
      return;
    }
    this.predicate(scope);
  }

  private predicate(scope: IAdqlSelect): void {
    if (this.accept('EXISTS')) {
      this.subquery(scope);
      return;
    }
    this.valueExpression(scope);
    for (;;) {
      const token = this.peek();
      if (token?.type === 'operator' && COMPARISON.has(token.text)) {
        this.pos++;
        this.valueExpression(scope);
        continue;
      }
      const negated =
        this.upper() === 'NOT' &&
        ['LIKE', 'ILIKE', 'BETWEEN', 'IN'].includes(this.upper(1));
      if (negated) {
        this.pos++;
      }
      if (this.accept('LIKE') || this.accept('ILIKE')) {
        this.valueExpression(scope);
      } else if (this.accept('BETWEEN')) {
        this.valueExpression(scope);
        this.expect('AND');
        this.valueExpression(scope);
      } else if (this.accept('IN')) {
        this.expectText('(');
        if (this.peekKeyword('SELECT', 'WITH')) {
          this.pos--;
          this.subquery(scope);
        } else {
          do {
            this.valueExpression(scope);
          } while (this.acceptText(','));
          this.expectText(')');
        }
      } else if (!negated && this.accept('IS')) {
        this.accept('NOT');
        this.expect('NULL');
      } else {
        if (negated) {
          this.fail('LIKE, BETWEEN or IN after NOT');
        }
        return;
      }
    }
  }

  private subquery(scope: IAdqlSelect): void {
    this.expectText('(');
    scope.children.push(this.query());
    this.expectText(')');
  }

  private valueExpression(scope: IAdqlSelect): void {
    this.term(scope);
    for (;;) {
      const token = this.peek();
      if (
        token?.type === 'operator' &&
        ['+', '-', '||', '&', '|', '^'].includes(token.text)
      ) {
        this.pos++;
        this.term(scope);
        continue;
      }
      return;
    }
  }

  private term(scope: IAdqlSelect): void {
    this.factor(scope);
    for (;;) {
      const token = this.peek();
      if (token?.type === 'operator' && ['*', '/', '%'].includes(token.text)) {
        this.pos++;
        this.factor(scope);
        continue;
      }
      return;
    }
  }

  private factor(scope: IAdqlSelect): void {
    const token = this.peek();
    if (token?.type === 'operator' && ['+', '-', '~'].includes(token.text)) {
      this.pos++;
      this.factor(scope);
      return;
    }
    this.primary(scope);
  }

  private primary(scope: IAdqlSelect): void {
    const token = this.peek();
    if (!token) {
      this.fail('a value, a column or a function');
    }
    if (token.type === 'number' || token.type === 'string') {
      this.pos++;
      return;
    }
    const word = this.upper();
    if (word === 'NULL' || word === 'TRUE' || word === 'FALSE') {
      this.pos++;
      return;
    }
    if (word === 'CASE') {
      this.caseExpression(scope);
      return;
    }
    if (word === 'CAST') {
      this.pos++;
      scope.functions.push({ name: 'CAST', from: token.from, to: token.to });
      this.expectText('(');
      this.expression(scope);
      this.expect('AS');
      this.dataType();
      this.expectText(')');
      return;
    }
    if (this.peekText('(')) {
      this.pos++;
      if (this.peekKeyword('SELECT', 'WITH')) {
        scope.children.push(this.query());
      } else {
        this.expression(scope);
      }
      this.expectText(')');
      return;
    }
    if (this.isNameToken(token)) {
      // A function call: a bare name followed by "(".
      if (token.type !== 'delimited-identifier' && this.peek(1)?.text === '(') {
        this.pos += 2;
        scope.functions.push({
          name: token.text,
          from: token.from,
          to: token.to
        });
        if (this.acceptText(')')) {
          return;
        }
        if (this.acceptText('*')) {
          this.expectText(')');
          return;
        }
        this.accept('DISTINCT') || this.accept('ALL');
        do {
          this.expression(scope);
        } while (this.acceptText(','));
        this.expectText(')');
        return;
      }
      const name = this.qualifiedName('a column name', 4);
      scope.columns.push(name);
      return;
    }
    this.fail('a value, a column or a function');
  }

  private caseExpression(scope: IAdqlSelect): void {
    this.expect('CASE');
    if (!this.peekKeyword('WHEN')) {
      this.valueExpression(scope);
    }
    if (!this.peekKeyword('WHEN')) {
      this.fail('WHEN');
    }
    while (this.accept('WHEN')) {
      this.expression(scope);
      this.expect('THEN');
      this.expression(scope);
    }
    if (this.accept('ELSE')) {
      this.expression(scope);
    }
    this.expect('END');
  }

  private dataType(): void {
    const token = this.peek();
    if (!token || !(token.type === 'keyword' || token.type === 'identifier')) {
      this.fail('a type (INTEGER, DOUBLE PRECISION, CHAR(n)...)');
    }
    this.pos++;
    if (token.text.toUpperCase() === 'DOUBLE') {
      this.accept('PRECISION');
    }
    if (this.acceptText('(')) {
      this.unsignedInteger('a length');
      this.expectText(')');
    }
  }

  private tokens: IAdqlToken[];
  private pos = 0;
  private end: number;
}

/** Parse a whole query; throws AdqlSyntaxError at the first problem. */
export function parseAdqlQuery(text: string): IAdqlQuery {
  return new Parser(text).parseStatement();
}

/** Every SELECT of a query and of its subqueries and WITH queries, outermost first. */
export function allSelects(query: IAdqlQuery): IAdqlSelect[] {
  const found: IAdqlSelect[] = [];
  const visit = (q: IAdqlQuery): void => {
    for (const cte of q.ctes) {
      visit(cte.query);
    }
    for (const select of q.selects) {
      found.push(select);
      select.children.forEach(visit);
    }
  };
  visit(query);
  return found;
}
