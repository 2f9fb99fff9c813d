/**
 * The ADQL lexer: tokens that cover the text exactly (their texts joined give the input back),
 * so the editor can highlight, the formatter can rebuild and the parser can point at offsets.
 * It never throws: what it cannot read becomes an 'error' token.
 */
import { ADQL_KEYWORDS, ADQL_RESERVED } from './keywords';

export type AdqlTokenType =
  | 'keyword'
  | 'identifier'
  | 'delimited-identifier'
  | 'string'
  | 'number'
  | 'operator'
  | 'punctuation'
  | 'comment'
  | 'whitespace'
  | 'error';

export interface IAdqlToken {
  type: AdqlTokenType;
  text: string;
  from: number;
  to: number;
  /** Identifiers: the name (delimited ones unquoted, "" unescaped). Errors: what is wrong. */
  value?: string;
}

const KEYWORDS = new Set(ADQL_KEYWORDS);
const OPERATORS = [
  '<>',
  '!=',
  '<=',
  '>=',
  '||',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '^',
  '~'
];
const PUNCTUATION = '(),.;';

// Sticky patterns, matched in place: the lexer runs on every keystroke, three times per check.
const WHITESPACE = /\s+/y;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const HEX = /0[xX][0-9A-Fa-f]+/y;
const DECIMAL = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;

/** The end of the run `pattern` matches at `start`, or -1. */
function runEnd(pattern: RegExp, text: string, start: number): number {
  pattern.lastIndex = start;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/** Read a quoted run ('...' or "...") with doubled quotes inside; -1 when it never closes. */
function quotedEnd(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return -1;
}

export function lexAdql(text: string): IAdqlToken[] {
  const tokens: IAdqlToken[] = [];
  let i = 0;
  const push = (type: AdqlTokenType, to: number, value?: string): void => {
    const token: IAdqlToken = { type, text: text.slice(i, to), from: i, to };
    if (value !== undefined) {
      token.value = value;
    }
    tokens.push(token);
    i = to;
  };
  while (i < text.length) {
    const char = text[i];
    const spaces = runEnd(WHITESPACE, text, i);
    if (spaces > 0) {
      push('whitespace', spaces);
    } else if (char === '-' && text[i + 1] === '-') {
      let end = i + 2;
      while (end < text.length && text[end] !== '\n' && text[end] !== '\r') {
        end++;
      }
      push('comment', end);
    } else if (char === "'") {
      const end = quotedEnd(text, i, "'");
      if (end < 0) {
        push(
          'error',
          text.length,
          'a string that is never closed with a quote'
        );
      } else {
        push('string', end, text.slice(i + 1, end - 1).replace(/''/g, "'"));
      }
    } else if (char === '"') {
      const end = quotedEnd(text, i, '"');
      if (end < 0) {
        push('error', text.length, 'a quoted name that is never closed');
      } else if (end === i + 2) {
        push('error', end, 'an empty quoted name');
      } else {
        push(
          'delimited-identifier',
          end,
          text.slice(i + 1, end - 1).replace(/""/g, '"')
        );
      }
    } else if (
      (char >= '0' && char <= '9') ||
      (char === '.' && text[i + 1] >= '0' && text[i + 1] <= '9')
    ) {
      // 12abc is the number 12 and the name abc (an alias, as in SQL): the checker says so.
      const hex = runEnd(HEX, text, i);
      push('number', hex > 0 ? hex : runEnd(DECIMAL, text, i));
    } else if (runEnd(IDENTIFIER, text, i) > 0) {
      const end = IDENTIFIER.lastIndex;
      const word = text.slice(i, end);
      push(
        KEYWORDS.has(word.toUpperCase()) ? 'keyword' : 'identifier',
        end,
        word
      );
    } else if (PUNCTUATION.includes(char)) {
      push('punctuation', i + 1);
    } else {
      const operator = OPERATORS.find(op => text.startsWith(op, i));
      if (operator) {
        push('operator', i + operator.length);
      } else {
        push('error', i + 1, `“${char}” has no meaning in ADQL`);
      }
    }
  }
  return tokens;
}

/** Tokens the parser reads: no whitespace, no comments. */
export function significant(tokens: IAdqlToken[]): IAdqlToken[] {
  return tokens.filter(t => t.type !== 'whitespace' && t.type !== 'comment');
}

/** A reserved word that is not part of the grammar (SIZE, VALUE...): usable only quoted. */
export function isReservedName(word: string): boolean {
  return ADQL_RESERVED.has(word.toUpperCase());
}
