/**
 * A recursive-descent parser for ADQL 2.1 queries: SELECT with TOP/DISTINCT, joins of every kind,
 * derived tables, WHERE/GROUP BY/HAVING/ORDER BY/OFFSET, set operations, WITH, CASE, CAST,
 * geometry and user-defined functions. It keeps what the validator and the editor need (the
 * tables, column references and function calls of each SELECT, with offsets; the kind of value
 * each expression gives; values written where a condition belongs) and reports the first syntax
 * error with what was expected there.
 */
import {
  ADQL_STRUCTURAL,
  CLAUSE_KEYWORDS,
  JOIN_KEYWORDS,
  SET_OPERATORS
} from './keywords';
import { IAdqlToken, lexAdql, significant } from './lexer';
import { AdqlValueKind, resultKind } from './signatures';

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
  /** The name. */
  from: number;
  to: number;
  /** Just after the closing parenthesis. */
  end: number;
  args: IAdqlExpression[];
  /** COUNT(*) */
  star: boolean;
}

/** A value or condition: where it is and what kind of thing it gives. */
export interface IAdqlExpression {
  from: number;
  to: number;
  kind: AdqlValueKind;
  /** The expression is one function call (possibly in parentheses). */
  call?: IAdqlFunctionCall;
  /** The expression is one column reference. */
  column?: IAdqlName;
}

/** A comparison (=, <, >...) and the clause it stands in. */
export interface IAdqlComparison {
  operator: string;
  left: IAdqlExpression;
  right: IAdqlExpression;
  clause: 'WHERE' | 'ON' | 'HAVING' | 'other';
}

/** Where the grammar wants a condition (WHERE, HAVING, ON, WHEN, AND, OR, NOT). */
export type AdqlConditionClause =
  'WHERE' | 'HAVING' | 'ON' | 'WHEN' | 'AND' | 'OR' | 'NOT';

/** A value written where a condition belongs: WHERE CONTAINS(...), WHERE ra. */
export interface IAdqlValueAsCondition {
  clause: AdqlConditionClause;
  value: IAdqlExpression;
}

/** An arithmetic or string operator applied to a geometry: POINT(...) || 'x'. */
export interface IAdqlGeometryOperand {
  operator: string;
  operand: IAdqlExpression;
}

/** JOIN without ON or USING (and not NATURAL or CROSS). */
export interface IAdqlBareJoin {
  /** The first word of the join (INNER, LEFT, JOIN...): where NATURAL would go. */
  from: number;
  /** The end of the joined table. */
  to: number;
}

export interface IAdqlSelect {
  from: number;
  to: number;
  top?: number;
  /** Where the number after TOP is. */
  topAt?: { from: number; to: number };
  /** Where TOP (or, without it, the select list) may go: after SELECT and DISTINCT/ALL. */
  topInsertAt: number;
  distinct: boolean;
  hasWhere: boolean;
  /** Columns and function calls written in the WHERE clause. */
  whereColumns: IAdqlName[];
  whereFunctions: IAdqlFunctionCall[];
  comparisons: IAdqlComparison[];
  tables: AdqlFromItem[];
  columns: IAdqlName[];
  functions: IAdqlFunctionCall[];
  /** Names given with AS in the select list (usable in ORDER BY). */
  outputNames: string[];
  /** Nested queries (subqueries in expressions and derived tables). */
  children: IAdqlQuery[];
  valuesAsConditions: IAdqlValueAsCondition[];
  geometryOperands: IAdqlGeometryOperand[];
  bareJoins: IAdqlBareJoin[];
}

export interface IAdqlQuery {
  from: number;
  to: number;
  /** One SELECT, or several joined by UNION / INTERSECT / EXCEPT. */
  selects: IAdqlSelect[];
  /** WITH name AS (...) */
  ctes: { name: string; query: IAdqlQuery }[];
  /** Where ORDER BY ... and OFFSET n are, when written. */
  orderByAt?: { from: number; to: number };
  offsetAt?: { from: number; to: number };
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
/** CAST targets (ADQL 2.1, section 4.9) and the kind of value each gives. */
const CAST_TYPES: ReadonlyMap<string, AdqlValueKind> = new Map<
  string,
  AdqlValueKind
>([
  ['SMALLINT', 'number'],
  ['INTEGER', 'number'],
  ['BIGINT', 'number'],
  ['REAL', 'number'],
  ['DOUBLE', 'number'],
  ['CHAR', 'string'],
  ['VARCHAR', 'string'],
  ['TIMESTAMP', 'unknown'],
  ['POINT', 'point'],
  ['CIRCLE', 'region'],
  ['POLYGON', 'region']
]);
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
    const query = this.query(true);
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

  /** Parse a clause's condition, its comparisons marked with the clause (subqueries: 'other'). */
  private inClause(clause: IAdqlComparison['clause'], parse: () => void): void {
    const outer = this.clause;
    this.clause = clause;
    try {
      parse();
    } finally {
      this.clause = outer;
    }
  }

  private get lastEnd(): number {
    return this.tokens[this.pos - 1]?.to ?? 0;
  }

  // --- queries ---------------------------------------------------------------------------

  /** `outermost`: ADQL 2.1 allows WITH only at the start of the whole statement. */
  private query(outermost = false): IAdqlQuery {
    const start = this.peek()?.from ?? this.end;
    const ctes: { name: string; query: IAdqlQuery }[] = [];
    if (!outermost && this.peekKeyword('WITH')) {
      this.fail(
        'SELECT (in ADQL, WITH may only start the whole query, not a subquery)'
      );
    }
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
    const result: IAdqlQuery = { from: start, to: start, selects, ctes };
    const orderStart = this.peek()?.from ?? this.end;
    if (this.accept('ORDER')) {
      this.expect('BY');
      const scope = selects[selects.length - 1];
      do {
        this.expression(scope);
        this.accept('ASC') || this.accept('DESC');
      } while (this.acceptText(','));
      result.orderByAt = { from: orderStart, to: this.lastEnd };
    }
    const offsetStart = this.peek()?.from ?? this.end;
    if (this.accept('OFFSET')) {
      this.unsignedInteger('a number of rows to skip');
      result.offsetAt = { from: offsetStart, to: this.lastEnd };
    }
    result.to = this.lastEnd;
    return result;
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
      topInsertAt: start.to,
      distinct: false,
      hasWhere: false,
      whereColumns: [],
      whereFunctions: [],
      comparisons: [],
      tables: [],
      columns: [],
      functions: [],
      outputNames: [],
      children: [],
      valuesAsConditions: [],
      geometryOperands: [],
      bareJoins: []
    };
    if (this.accept('DISTINCT')) {
      select.distinct = true;
    } else {
      this.accept('ALL');
    }
    select.topInsertAt = this.lastEnd;
    if (this.accept('TOP')) {
      const number = this.peek();
      select.top = this.unsignedInteger('the number of rows after TOP');
      if (number) {
        select.topAt = { from: number.from, to: number.to };
      }
    }
    this.selectList(select);
    this.expect('FROM');
    do {
      this.fromItem(select);
    } while (this.acceptText(','));
    if (this.accept('WHERE')) {
      select.hasWhere = true;
      const columns = select.columns.length;
      const functions = select.functions.length;
      this.inClause('WHERE', () => this.condition(select, 'WHERE'));
      select.whereColumns = select.columns.slice(columns);
      select.whereFunctions = select.functions.slice(functions);
    }
    if (this.accept('GROUP')) {
      this.expect('BY');
      do {
        this.expression(select);
      } while (this.acceptText(','));
    }
    if (this.accept('HAVING')) {
      this.inClause('HAVING', () => this.condition(select, 'HAVING'));
    }
    select.to = this.lastEnd;
    return select;
  }

  private selectList(select: IAdqlSelect): void {
    do {
      if (this.acceptText('*')) {
        continue;
      }
      // table.* / alias.* / schema.table.* / catalog.schema.table.*
      const starAt = this.qualifiedStar();
      if (starAt > 0) {
        this.pos += starAt;
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

  /** How many tokens `name(.name){0,2}.*` takes here, or 0. */
  private qualifiedStar(): number {
    for (let parts = 1; parts <= 3; parts++) {
      const length = 2 * parts;
      for (let i = 0; i < parts; i++) {
        if (
          !this.isNameToken(this.peek(2 * i)) ||
          this.peek(2 * i + 1)?.text !== '.'
        ) {
          return 0;
        }
      }
      if (this.peek(length)?.text === '*') {
        return length + 1;
      }
    }
    return 0;
  }

  private fromItem(select: IAdqlSelect): void {
    this.tablePrimary(select);
    for (;;) {
      if (this.accept('CROSS')) {
        this.expect('JOIN');
        this.tablePrimary(select);
        continue;
      }
      const joinStart = this.peek()?.from ?? this.end;
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
        // The grammar makes the join specification optional, even without NATURAL.
        if (!natural && this.accept('ON')) {
          this.inClause('ON', () => this.condition(select, 'ON'));
        } else if (!natural && this.accept('USING')) {
          this.expectText('(');
          do {
            this.name('a column name');
          } while (this.acceptText(','));
          this.expectText(')');
        } else if (!natural) {
          select.bareJoins.push({ from: joinStart, to: this.lastEnd });
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

  /** A condition where the grammar wants one; a plain value there is noted for the checker. */
  private condition(scope: IAdqlSelect, clause: AdqlConditionClause): void {
    this.requireCondition(scope, clause, this.expression(scope));
  }

  private requireCondition(
    scope: IAdqlSelect,
    clause: AdqlConditionClause,
    found: IAdqlExpression
  ): void {
    if (found.kind !== 'condition') {
      scope.valuesAsConditions.push({ clause, value: found });
    }
  }

  private expression(scope: IAdqlSelect): IAdqlExpression {
    return this.orExpression(scope);
  }

  private orExpression(scope: IAdqlSelect): IAdqlExpression {
    const first = this.andExpression(scope);
    if (!this.peekKeyword('OR')) {
      return first;
    }
    this.requireCondition(scope, 'OR', first);
    while (this.accept('OR')) {
      this.requireCondition(scope, 'OR', this.andExpression(scope));
    }
    return { from: first.from, to: this.lastEnd, kind: 'condition' };
  }

  private andExpression(scope: IAdqlSelect): IAdqlExpression {
    const first = this.notExpression(scope);
    if (!this.peekKeyword('AND')) {
      return first;
    }
    this.requireCondition(scope, 'AND', first);
    while (this.accept('AND')) {
      this.requireCondition(scope, 'AND', this.notExpression(scope));
    }
    return { from: first.from, to: this.lastEnd, kind: 'condition' };
  }

  private notExpression(scope: IAdqlSelect): IAdqlExpression {
    const not = this.peek();
    if (not && this.accept('NOT')) {
      this.requireCondition(scope, 'NOT', this.notExpression(scope));
      return { from: not.from, to: this.lastEnd, kind: 'condition' };
    }
    return this.predicate(scope);
  }

  private predicate(scope: IAdqlSelect): IAdqlExpression {
    const start = this.peek()?.from ?? this.end;
    if (this.accept('EXISTS')) {
      this.subquery(scope);
      return { from: start, to: this.lastEnd, kind: 'condition' };
    }
    let result = this.valueExpression(scope);
    for (;;) {
      const token = this.peek();
      const asCondition = (): IAdqlExpression => ({
        from: start,
        to: this.lastEnd,
        kind: 'condition'
      });
      if (token?.type === 'operator' && COMPARISON.has(token.text)) {
        this.pos++;
        const right = this.valueExpression(scope);
        scope.comparisons.push({
          operator: token.text,
          left: result,
          right,
          clause: this.clause
        });
        result = asCondition();
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
        return result;
      }
      result = asCondition();
    }
  }

  private subquery(scope: IAdqlSelect): void {
    this.expectText('(');
    this.inClause('other', () => scope.children.push(this.query()));
    this.expectText(')');
  }

  /** Operands of arithmetic and of ||: a geometry there is noted for the checker. */
  private operand(
    scope: IAdqlSelect,
    operator: string,
    operand: IAdqlExpression
  ): void {
    if (operand.kind === 'point' || operand.kind === 'region') {
      scope.geometryOperands.push({ operator, operand });
    }
  }

  private valueExpression(scope: IAdqlSelect): IAdqlExpression {
    let result = this.term(scope);
    for (;;) {
      const token = this.peek();
      if (
        token?.type === 'operator' &&
        ['+', '-', '||', '&', '|', '^'].includes(token.text)
      ) {
        this.pos++;
        this.operand(scope, token.text, result);
        this.operand(scope, token.text, this.term(scope));
        result = {
          from: result.from,
          to: this.lastEnd,
          kind: token.text === '||' ? 'string' : 'number'
        };
        continue;
      }
      return result;
    }
  }

  private term(scope: IAdqlSelect): IAdqlExpression {
    let result = this.factor(scope);
    for (;;) {
      const token = this.peek();
      if (token?.type === 'operator' && ['*', '/', '%'].includes(token.text)) {
        this.pos++;
        this.operand(scope, token.text, result);
        this.operand(scope, token.text, this.factor(scope));
        result = { from: result.from, to: this.lastEnd, kind: 'number' };
        continue;
      }
      return result;
    }
  }

  private factor(scope: IAdqlSelect): IAdqlExpression {
    const token = this.peek();
    if (token?.type === 'operator' && ['+', '-', '~'].includes(token.text)) {
      this.pos++;
      this.operand(scope, token.text, this.factor(scope));
      return { from: token.from, to: this.lastEnd, kind: 'number' };
    }
    return this.primary(scope);
  }

  private primary(scope: IAdqlSelect): IAdqlExpression {
    const token = this.peek();
    if (!token) {
      this.fail('a value, a column or a function');
    }
    const done = (kind: AdqlValueKind): IAdqlExpression => ({
      from: token.from,
      to: this.lastEnd,
      kind
    });
    if (token.type === 'number') {
      this.pos++;
      return done('number');
    }
    if (token.type === 'string') {
      this.pos++;
      // 'abc' 'def': one literal continued (across spaces, line breaks and comments).
      while (this.peek()?.type === 'string') {
        this.pos++;
      }
      return done('string');
    }
    const word = this.upper();
    if (word === 'NULL') {
      this.pos++;
      return done('unknown');
    }
    if (word === 'TRUE' || word === 'FALSE') {
      this.pos++;
      return done('condition');
    }
    if (word === 'CASE') {
      return this.caseExpression(scope);
    }
    if (word === 'CAST') {
      this.pos++;
      const call: IAdqlFunctionCall = {
        name: 'CAST',
        from: token.from,
        to: token.to,
        end: token.to,
        args: [],
        star: false
      };
      scope.functions.push(call);
      this.expectText('(');
      call.args.push(this.expression(scope));
      this.expect('AS');
      const kind = this.dataType();
      this.expectText(')');
      call.end = this.lastEnd;
      return { ...done(kind), call };
    }
    if (this.peekText('(')) {
      this.pos++;
      if (this.peekKeyword('SELECT', 'WITH')) {
        scope.children.push(this.query());
        this.expectText(')');
        return done('unknown');
      }
      const inner = this.expression(scope);
      this.expectText(')');
      return { ...inner, from: token.from, to: this.lastEnd };
    }
    if (this.isNameToken(token)) {
      // A function call: a bare name followed by "(".
      if (token.type !== 'delimited-identifier' && this.peek(1)?.text === '(') {
        this.pos += 2;
        const call: IAdqlFunctionCall = {
          name: token.text,
          from: token.from,
          to: token.to,
          end: token.to,
          args: [],
          star: false
        };
        scope.functions.push(call);
        if (this.acceptText('*')) {
          call.star = true;
        } else if (!this.peekText(')')) {
          this.accept('DISTINCT') || this.accept('ALL');
          do {
            call.args.push(this.expression(scope));
          } while (this.acceptText(','));
        }
        this.expectText(')');
        call.end = this.lastEnd;
        return { ...done(resultKind(call.name)), call };
      }
      const name = this.qualifiedName('a column name', 4);
      scope.columns.push(name);
      return { ...done('unknown'), column: name };
    }
    this.fail('a value, a column or a function');
  }

  private caseExpression(scope: IAdqlSelect): IAdqlExpression {
    const start = this.expect('CASE');
    // CASE x WHEN 1 ...: values after WHEN; CASE WHEN a > 1 ...: conditions.
    const searched = this.peekKeyword('WHEN');
    if (!searched) {
      this.valueExpression(scope);
    }
    if (!this.peekKeyword('WHEN')) {
      this.fail('WHEN');
    }
    const kinds = new Set<AdqlValueKind>();
    while (this.accept('WHEN')) {
      if (searched) {
        this.condition(scope, 'WHEN');
      } else {
        this.expression(scope);
      }
      this.expect('THEN');
      kinds.add(this.expression(scope).kind);
    }
    if (this.accept('ELSE')) {
      kinds.add(this.expression(scope).kind);
    }
    this.expect('END');
    kinds.delete('unknown');
    return {
      from: start.from,
      to: this.lastEnd,
      kind: kinds.size === 1 ? [...kinds][0] : 'unknown'
    };
  }

  /** The target of CAST: ADQL 2.1's types only (FLOAT, TEXT... are not ADQL). */
  private dataType(): AdqlValueKind {
    const token = this.peek();
    const expected =
      'an ADQL type (SMALLINT, INTEGER, BIGINT, REAL, DOUBLE PRECISION, CHAR(n), VARCHAR(n), TIMESTAMP, POINT, CIRCLE, POLYGON)';
    const type = this.upper();
    const kind = CAST_TYPES.get(type);
    if (!token || kind === undefined) {
      this.fail(expected);
    }
    this.pos++;
    if (type === 'DOUBLE') {
      this.expect('PRECISION');
    }
    if ((type === 'CHAR' || type === 'VARCHAR') && this.acceptText('(')) {
      this.unsignedInteger('a length');
      this.expectText(')');
    }
    return kind;
  }

  private tokens: IAdqlToken[];
  private pos = 0;
  private end: number;
  private clause: IAdqlComparison['clause'] = 'other';
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
