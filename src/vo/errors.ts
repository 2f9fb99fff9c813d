/**
 * Errors of the protocol core, worded for the scientist who will read them.
 */

/** A document that is not what was asked for: not XML, an HTML error page, another kind... */
export class VOParseError extends Error {
  constructor(
    message: string,
    readonly expected: string
  ) {
    super(message);
    this.name = 'VOParseError';
  }
}

/** The service answered in its own words that the request failed (DALI/TAP error document). */
export class VOServiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VOServiceError';
  }
}

/**
 * Say what a body is when it is not the XML document expected: an HTML page (with its title),
 * JSON, nothing at all. Returns null when the body looks like XML.
 */
export function describeNonXml(body: string): string | null {
  const text = body.replace(/^\uFEFF/, '').trimStart();
  if (text === '') {
    return 'an empty response';
  }
  if (/^<!doctype html|^<html[\s>]/i.test(text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text);
    const name = title ? title[1].replace(/\s+/g, ' ').trim() : '';
    return name ? `an HTML page (title: '${name}')` : 'an HTML page';
  }
  if (text.startsWith('{') || text.startsWith('[')) {
    return 'a JSON document';
  }
  if (!text.startsWith('<')) {
    const excerpt = text.slice(0, 80).replace(/\s+/g, ' ');
    return `plain text ('${excerpt}${text.length > 80 ? '…' : ''}')`;
  }
  return null;
}
