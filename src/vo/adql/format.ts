/**
 * The ADQL formatter: keywords in upper case, each clause on its own line, joins and AND/OR
 * conditions indented; comments and literals kept as they are. It rebuilds the text from the
 * lexer's tokens, so it never loses text and formatting twice changes nothing.
 */
import { CLAUSE_KEYWORDS, JOIN_KEYWORDS, SET_OPERATORS } from './keywords';
import { IAdqlToken, lexAdql } from './lexer';

const CLAUSES = new Set(CLAUSE_KEYWORDS);
const SET_OPERATOR_WORDS = new Set(SET_OPERATORS);
const JOIN_STARTS = new Set(JOIN_KEYWORDS);
const JOIN_WORDS = new Set([...JOIN_STARTS, 'OUTER']);

function word(token: IAdqlToken | undefined): string {
  return token && (token.type === 'keyword' || token.type === 'identifier')
    ? token.text.toUpperCase()
    : '';
}

export function formatAdql(text: string): string {
  const tokens = lexAdql(text).filter(t => t.type !== 'whitespace');
  let out = '';
  let depth = 0;
  let clause = '';
  let betweenOpen = false;
  const newline = (indent: number): void => {
    out = out.replace(/[ ]+$/, '');
    if (out !== '' && !out.endsWith('\n')) {
      out += '\n';
    }
    out += ' '.repeat(indent);
  };
  tokens.forEach((token, i) => {
    const previous = tokens[i - 1];
    const upper = token.type === 'keyword' ? token.text.toUpperCase() : '';
    const rendered = token.type === 'keyword' ? upper : token.text;
    const atTop = depth === 0;
    const isClause = atTop && CLAUSES.has(upper);
    const isSetOp = atTop && SET_OPERATOR_WORDS.has(upper);
    const isJoin =
      atTop &&
      clause === 'FROM' &&
      JOIN_STARTS.has(upper) &&
      !JOIN_WORDS.has(word(previous));
    const isCondition =
      atTop &&
      (upper === 'AND' || upper === 'OR') &&
      (clause === 'WHERE' || clause === 'HAVING') &&
      !(upper === 'AND' && betweenOpen);
    if (upper === 'BETWEEN') {
      betweenOpen = true;
    } else if (upper === 'AND' && betweenOpen) {
      betweenOpen = false;
    }
    if (isSetOp) {
      newline(0);
      out += rendered;
      clause = '';
      newline(0);
      return;
    }
    if (isClause || isJoin || isCondition) {
      if (isClause) {
        clause = upper;
      }
      newline(isJoin || isCondition ? 2 : 0);
    } else if (out !== '' && !out.endsWith('\n') && !out.endsWith(' ')) {
      const glued =
        token.text === ',' ||
        token.text === ')' ||
        token.text === '.' ||
        token.text === ';' ||
        previous?.text === '(' ||
        previous?.text === '.' ||
        (token.text === '(' &&
          previous !== undefined &&
          (previous.type === 'identifier' ||
            (previous.type === 'keyword' &&
              !CLAUSES.has(word(previous)) &&
              ![
                'AND',
                'OR',
                'NOT',
                'IN',
                'AS',
                'ON',
                'EXISTS',
                'FROM',
                'JOIN',
                'USING',
                'WHEN',
                'THEN',
                'ELSE'
              ].includes(word(previous)))));
      if (!glued) {
        out += ' ';
      }
    }
    out += rendered;
    if (token.text === '(') {
      depth++;
    } else if (token.text === ')') {
      depth = Math.max(0, depth - 1);
    }
    if (token.type === 'comment') {
      out += '\n';
    }
  });
  return out.replace(/[ ]+\n/g, '\n').replace(/\n+$/, '');
}
