/**
 * Errors of the protocol core, worded for the scientist who will read them.
 *
 * Two kinds: the answer could not be read as the document asked for (VOParseError), or the
 * service answered in its own words that the request failed (VOServiceError).
 */

/** Why a body could not be read as the document expected. */
export type VOParseErrorCode =
  /** Nothing at all came back. */
  | 'empty'
  /** An HTML page (a proxy's or server's error page, a login page...). */
  | 'html'
  /** A JSON document (an API error, a gateway's message...). */
  | 'json'
  /** Text that is not markup. */
  | 'text'
  /** XML that stops before the document ends (a cut connection, a size limit). */
  | 'truncated'
  /** Broken XML. */
  | 'malformed'
  /** Well-formed XML, but another kind of document. */
  | 'wrong-kind'
  /** The right kind of document, without something it must carry. */
  | 'invalid'
  /** The right kind of document in a form this reader does not read. */
  | 'unsupported';

/** Base class, so callers can catch every error of the protocol core in one place. */
export abstract class VOError extends Error {
  abstract readonly kind: 'parse' | 'service';
}

/** A document that is not what was asked for: not XML, an HTML error page, another kind... */
export class VOParseError extends VOError {
  readonly kind = 'parse';

  /**
   * @param message - the whole sentence shown to the user.
   * @param expected - the kind of document expected, e.g. 'a VOSI availability document'.
   * @param code - why it could not be read.
   * @param found - what came instead, when known, e.g. "an HTML page (title: 'Bad Gateway')".
   */
  constructor(
    message: string,
    readonly expected: string,
    readonly code: VOParseErrorCode = 'malformed',
    readonly found?: string
  ) {
    super(message);
    this.name = 'VOParseError';
  }
}

/**
 * A table whose rows stop before the table does: a binary stream that breaks or is cut, a
 * serialization this reader does not decode. The rows before it are kept with the table; this
 * says how many and why the rest are not there.
 */
export class VORowsError extends VOParseError {
  /**
   * @param rowsRead - rows read before the fault (the table keeps them).
   * @param row - the row (from 1) at which reading broke, when it broke inside the rows.
   */
  constructor(
    message: string,
    code: Extract<
      VOParseErrorCode,
      'truncated' | 'malformed' | 'unsupported' | 'invalid'
    >,
    readonly rowsRead: number,
    readonly row?: number
  ) {
    super(message, 'a VOTable', code);
    this.name = 'VORowsError';
  }
}

/** Where a service-reported failure came from. */
export type VOServiceErrorCode =
  /** A DALI/TAP error VOTable: QUERY_STATUS=ERROR. */
  | 'query-status'
  /** A UWS job that ended in phase ERROR. */
  | 'job'
  /** A DataLink row carrying error_message instead of a link. */
  | 'link'
  /** A Simple Cone Search error (INFO or PARAM named Error). */
  | 'cone-search';

/** The service answered in its own words that the request failed (DALI/TAP error document). */
export class VOServiceError extends VOError {
  readonly kind = 'service';
  /** The DALI fault named at the start of the message (UsageFault, NotFoundFault...), if any. */
  readonly fault?: string;

  readonly serviceMessage: string;

  /**
   * @param serviceMessage - the service's own words (white space is collapsed).
   */
  constructor(
    serviceMessage: string,
    readonly code: VOServiceErrorCode = 'query-status'
  ) {
    const text = collapseSpace(serviceMessage);
    super(
      text === ''
        ? 'The service reported an error without saying what went wrong.'
        : `The service reported an error: ${text}`
    );
    this.serviceMessage = text;
    this.name = 'VOServiceError';
    const fault = /^\s*([A-Za-z]*Fault)\s*:/.exec(serviceMessage);
    if (fault) {
      this.fault = fault[1];
    }
  }
}

/** Collapse runs of white space (services indent and wrap their messages). */
export function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Skip a byte-order mark, an XML declaration, processing instructions, comments, a doctype. */
function skipProlog(text: string): string {
  let rest = text.replace(/^\uFEFF/, '').trimStart();
  for (;;) {
    const match =
      /^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?![^>]*html)[^>]*>)\s*/i.exec(
        rest
      );
    if (!match) {
      return rest;
    }
    rest = rest.slice(match[0].length);
  }
}

export interface IBodyDescription {
  code: Extract<VOParseErrorCode, 'empty' | 'html' | 'json' | 'text'>;
  /** e.g. "an HTML page (title: 'Bad Gateway')". */
  found: string;
}

/**
 * Say what a body is when it is not an XML document: an HTML page (with its title), JSON,
 * plain text, nothing at all. Returns null when the body looks like XML. Only the start of the
 * body is needed, so it also works on the first chunk of a stream.
 */
export function describeBody(body: string): IBodyDescription | null {
  const text = skipProlog(body);
  if (text === '') {
    // A prolog alone (or nothing) is no document.
    return { code: 'empty', found: 'an empty response' };
  }
  if (/^<!doctype\s+html|^<html[\s>]/i.test(text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text);
    const name = title ? collapseSpace(title[1]) : '';
    return {
      code: 'html',
      found: name ? `an HTML page (title: '${name}')` : 'an HTML page'
    };
  }
  if (/^[{[]/.test(text)) {
    const detail =
      /"(?:detail|message|error|msg)"\s*:\s*"((?:[^"\\]|\\.){1,200})"/.exec(
        text
      );
    return {
      code: 'json',
      found: detail
        ? `a JSON document (saying '${detail[1]}')`
        : 'a JSON document'
    };
  }
  if (!text.startsWith('<')) {
    const excerpt = collapseSpace(text.slice(0, 80));
    return {
      code: 'text',
      found: `plain text ('${excerpt}${text.length > 80 ? '…' : ''}')`
    };
  }
  return null;
}

/** Throw the VOParseError for a body that is not XML at all; do nothing if it looks like XML. */
export function assertLooksLikeXml(body: string, expected: string): void {
  const what = describeBody(body);
  if (what) {
    throw new VOParseError(
      `Expected ${expected} but got ${what.found}.`,
      expected,
      what.code,
      what.found
    );
  }
}

/** Names of the documents a service may send instead of the one asked for, by root element. */
const DOCUMENT_KINDS: Record<string, string> = {
  VOTABLE: 'a VOTable',
  availability: 'a VOSI availability document',
  capabilities: 'a VOSI capabilities document',
  tableset: 'a VOSI tables document',
  table: 'a VOSI table document',
  job: 'a UWS job',
  jobs: 'a UWS job list',
  html: 'an HTML page',
  Resource: 'a VOResource record',
  error: 'an error document'
};

/** "a UWS job (root element <job>)", or "a document whose root is <foo>". */
export function describeRoot(rootName: string): string {
  const kind = DOCUMENT_KINDS[rootName];
  return kind
    ? `${kind} (root element <${rootName}>)`
    : `a document whose root is <${rootName}>`;
}

/** The error for a well-formed document of another kind. */
export function wrongKind(expected: string, rootName: string): VOParseError {
  const found = describeRoot(rootName);
  return new VOParseError(
    `Expected ${expected} but got ${found}.`,
    expected,
    'wrong-kind',
    found
  );
}

/**
 * The same parse error, for a caller that expected a more specific document: "Expected a
 * VOTable but..." becomes "Expected a DataLink links response but...".
 */
export function withExpected(
  error: VOParseError,
  expected: string
): VOParseError {
  const message = error.message.startsWith(`Expected ${error.expected}`)
    ? `Expected ${expected}${error.message.slice(`Expected ${error.expected}`.length)}`
    : error.message;
  return new VOParseError(message, expected, error.code, error.found);
}
