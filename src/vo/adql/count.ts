/**
 * "Count first": a query rewritten to count the rows it matches, so that the user knows the size
 * of a result before fetching it. TOP, ORDER BY and OFFSET of the outermost query go (they change
 * which rows come back, not how many match); LIMIT, which is not ADQL, too.
 */
import { readVOTableResult } from '../votable';
import { limitClauses } from './hints';
import { parseAdqlQuery } from './parser';

export interface ICountingQuery {
  /** `SELECT COUNT(*) AS n FROM (<query>) AS q`, WITH queries kept in front. */
  query: string;
  /** The TOP that was removed: the query itself returns at most this many. */
  top?: number;
}

/** Throws AdqlSyntaxError when the query does not parse (the editor shows where). */
export function countingQuery(text: string): ICountingQuery {
  const blanked = limitClauses(text).text;
  const query = parseAdqlQuery(blanked);
  const cuts: { from: number; to: number }[] = [];
  const first = query.selects[0];
  if (first?.topAt) {
    // From the word TOP to the end of its number.
    const word = blanked.slice(first.from, first.topAt.from).search(/TOP\s*$/i);
    if (word >= 0) {
      cuts.push({ from: first.from + word, to: first.topAt.to });
    }
  }
  for (const at of [query.orderByAt, query.offsetAt]) {
    if (at) {
      cuts.push(at);
    }
  }
  // Cut from the end, so that earlier offsets hold; the query's end moves with each cut.
  let body = blanked.slice(0, query.to);
  for (const cut of cuts.sort((a, b) => b.from - a.from)) {
    body = body.slice(0, cut.from) + body.slice(cut.to);
  }
  const start = first?.from ?? query.from;
  const prefix = body.slice(0, start).trim();
  const inner = body
    .slice(start)
    .replace(/[ \t]{2,}/g, ' ')
    .split('\n')
    .map(line => line.replace(/\s+$/, ''))
    .filter(line => line.trim() !== '')
    .join('\n  ');
  const counted = `SELECT COUNT(*) AS n FROM (\n  ${inner}\n) AS q`;
  const result: ICountingQuery = {
    query: prefix ? `${prefix}\n${counted}` : counted
  };
  if (first?.top !== undefined && query.selects.length === 1) {
    result.top = first.top;
  }
  return result;
}

/**
 * The number a counting query's answer holds, as text (counts can pass 2^53). Throws the
 * service's error (QUERY_STATUS=ERROR), or an error saying what came instead of one number.
 */
export function readCount(body: string): string {
  const result = readVOTableResult(body, { maxRows: 2 });
  const cell = result.rows[0]?.[0];
  if (result.rows.length !== 1) {
    throw new Error(
      `The service answered the count with ${result.rows.length} rows instead of one number.`
    );
  }
  if (cell === null || cell === undefined) {
    throw new Error('The service answered the count with an empty value.');
  }
  const text = String(cell);
  if (!/^[0-9]+$/.test(text)) {
    throw new Error(
      `The service answered the count with “${text}”, not a number.`
    );
  }
  return text;
}
