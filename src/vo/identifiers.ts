/**
 * Names of schemas, tables and columns as services publish them, and as ADQL needs them.
 *
 * TAP 1.1 has TAP_SCHEMA and VOSI carry a name "as it would be used in a query": a name
 * that is a reserved word, not a regular identifier, or case-sensitive comes as an ADQL
 * delimited identifier, quotes included (DaCHS publishes its column `size` as `"size"`, CADC
 * mixed-case names as `"Mixed"`), and a qualified table name may quote any part
 * (`"my.schema"."Mixed Case"`). Services that do not follow this publish names bare.
 *
 * Every part of the lab reads such a name here, once: people see the bare name, the schema
 * model matches on it, and code generation writes it back into ADQL quoted exactly once where
 * ADQL needs quotes.
 */
import { ADQL_KEYWORDS, ADQL_RESERVED } from './adql/keywords';

/** One part of a name. */
export interface IIdentifier {
  /** The name itself, quotes taken off and `""` unescaped: `size`, `Mixed Case`, `a"b`. */
  readonly bare: string;
  /**
   * Published (or written in a query) as a delimited identifier. Such a name is case-sensitive
   * and is always written back quoted: unquoted, a service would fold or reject it.
   */
  readonly delimited: boolean;
}

/** A name of the schema model: what the service published and what it means. */
export interface IPublishedName {
  /** As published, quotes included: what the service knows it by (TAP_SCHEMA, /tables/<name>). */
  readonly published: string;
  /** One part for a column or schema, one or more for a table (`schema.table`). */
  readonly parts: readonly IIdentifier[];
  /** For people: the bare parts joined by dots. */
  readonly bare: string;
}

const REGULAR = /^[A-Za-z][A-Za-z0-9_]*$/;
const KEYWORDS: ReadonlySet<string> = new Set(ADQL_KEYWORDS);

/**
 * Read a delimited identifier starting at `start` (a `"`): its bare text and where it ends, or
 * null when it never closes or is empty.
 */
function readDelimited(
  text: string,
  start: number
): { bare: string; end: number } | null {
  let bare = '';
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '"') {
      if (text[i + 1] === '"') {
        bare += '"';
        i += 2;
        continue;
      }
      return bare === '' ? null : { bare, end: i + 1 };
    }
    bare += text[i];
    i++;
  }
  return null;
}

/**
 * A column (or schema) name as published: a whole delimited identifier is unquoted; anything
 * else is taken as the bare name, since a service that did not quote it meant it literally.
 */
export function parseIdentifier(published: string): IIdentifier {
  if (published.startsWith('"')) {
    const read = readDelimited(published, 0);
    if (read && read.end === published.length) {
      return { bare: read.bare, delimited: true };
    }
  }
  return { bare: published, delimited: false };
}

/**
 * A table name as published, split into its parts at the dots outside quotes:
 * `dp02_dc2_catalogs.Object`, `demo."select"`, `"my.schema"."Mixed Case"`. A name whose quotes
 * do not form delimited identifiers (a service's own convention) is split at its dots, quotes
 * kept as text.
 */
export function parseQualifiedName(published: string): IIdentifier[] {
  const parts: IIdentifier[] = [];
  let i = 0;
  for (;;) {
    if (published[i] === '"') {
      const read = readDelimited(published, i);
      if (
        !read ||
        (read.end < published.length && published[read.end] !== '.')
      ) {
        return published.split('.').map(bare => ({ bare, delimited: false }));
      }
      parts.push({ bare: read.bare, delimited: true });
      i = read.end;
    } else {
      let end = published.indexOf('.', i);
      if (end < 0) {
        end = published.length;
      }
      const bare = published.slice(i, end);
      if (bare.includes('"')) {
        return published
          .split('.')
          .map(part => ({ bare: part, delimited: false }));
      }
      parts.push({ bare, delimited: false });
      i = end;
    }
    if (i >= published.length) {
      return parts;
    }
    i++; // the dot
    if (i === published.length) {
      parts.push({ bare: '', delimited: false });
      return parts;
    }
  }
}

function named(published: string, parts: IIdentifier[]): IPublishedName {
  return { published, parts, bare: parts.map(p => p.bare).join('.') };
}

/** A table name of the model (possibly qualified). */
export function publishedTableName(published: string): IPublishedName {
  return named(published, parseQualifiedName(published));
}

/** Whether a bare name can be written in ADQL without quotes and mean itself. */
export function isRegularIdentifier(bare: string): boolean {
  const upper = bare.toUpperCase();
  return (
    REGULAR.test(bare) && !ADQL_RESERVED.has(upper) && !KEYWORDS.has(upper)
  );
}

/** `"..."` around a bare name, inner quotes doubled. */
export function delimit(bare: string): string {
  return `"${bare.replace(/"/g, '""')}"`;
}

/**
 * One part written into ADQL: quoted when it was published quoted (it is case-sensitive, and
 * a service that folds unquoted names would not find `"Mixed Case"` or `"ABC"` written bare), is
 * a reserved word or keyword, or is not a regular identifier. A regular name published bare
 * stays bare in any case: `g_cModelFlux` reads as the tutorials write it, and every service
 * matches it regardless of case.
 */
export function adqlIdentifier(part: IIdentifier): string {
  return !part.delimited && isRegularIdentifier(part.bare)
    ? part.bare
    : delimit(part.bare);
}

export function adqlQualifiedName(parts: readonly IIdentifier[]): string {
  return parts.map(adqlIdentifier).join('.');
}

/** A published column name, ready for a select list or a condition. */
export function adqlColumnName(published: string): string {
  return adqlIdentifier(parseIdentifier(published));
}

/** A published table name, ready for a FROM clause. */
export function adqlTableName(published: string): string {
  return adqlQualifiedName(parseQualifiedName(published));
}

/** The name people read for a published column or schema name. */
export function bareColumnName(published: string): string {
  return parseIdentifier(published).bare;
}

/** The name people read for a published table name: bare parts joined by dots. */
export function bareTableName(published: string): string {
  return publishedTableName(published).bare;
}

/**
 * Whether a name in a query (`reference`) means a name of the schema (`bare`).
 *
 * ADQL 2.1 §2.1.3: a delimited identifier is case-sensitive, a regular one is not. So a quoted
 * reference must equal the bare name exactly, and an unquoted one matches it in any case.
 * SQL-92 would fold an unquoted reference to upper case before comparing it with a delimited
 * name, PostgreSQL-based services (DaCHS) fold to lower case, others (VOLLT) compare without
 * case: the services disagree there, so the checker does not refuse what one of them accepts.
 */
export function identifierMatches(
  reference: IIdentifier,
  bare: string
): boolean {
  return reference.delimited
    ? reference.bare === bare
    : reference.bare.toLowerCase() === bare.toLowerCase();
}
