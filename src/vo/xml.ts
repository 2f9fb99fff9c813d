/**
 * A namespace-tolerant view of small XML documents (availability, capabilities, UWS, DataLink).
 * Services differ in prefixes (vosi:, ns0:, none at all) and some leave prefixes undeclared, so
 * elements and attributes are matched by local name only.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

import { VOParseError, describeNonXml } from './errors';

export interface IXmlElement {
  /** Local name, without any prefix. */
  name: string;
  /** Attributes by local name. */
  attributes: Record<string, string>;
  children: IXmlElement[];
  /** The element's own text, trimmed. */
  text: string;
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

type PreserveOrderNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false as unknown as string
});

function convert(node: PreserveOrderNode): IXmlElement | null {
  const key = Object.keys(node).find(k => k !== ':@');
  if (!key || key === '#text' || key.startsWith('?') || key === '#comment') {
    return null;
  }
  const rawAttributes = (node[':@'] ?? {}) as Record<string, unknown>;
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawAttributes)) {
    attributes[localName(name)] = String(value);
  }
  const children: IXmlElement[] = [];
  const texts: string[] = [];
  for (const child of (node[key] ?? []) as PreserveOrderNode[]) {
    if ('#text' in child) {
      texts.push(String(child['#text']));
      continue;
    }
    const converted = convert(child);
    if (converted) {
      children.push(converted);
    }
  }
  return {
    name: localName(key),
    attributes,
    children,
    text: texts.join(' ').trim()
  };
}

/**
 * Parse a small XML document into a tree of local names. Throws VOParseError naming what was
 * expected and what came instead (HTML page, JSON, truncated XML...).
 */
export function parseXml(body: string, expected: string): IXmlElement {
  const what = describeNonXml(body);
  if (what) {
    throw new VOParseError(`Expected ${expected} but got ${what}.`, expected);
  }
  const validation = XMLValidator.validate(body, {
    allowBooleanAttributes: true
  });
  if (validation !== true) {
    const { msg, line } = validation.err;
    throw new VOParseError(
      `Expected ${expected} but the XML is broken at line ${line}: ${msg}`,
      expected
    );
  }
  const nodes = parser.parse(body) as PreserveOrderNode[];
  for (const node of nodes) {
    const element = convert(node);
    if (element) {
      return element;
    }
  }
  throw new VOParseError(
    `Expected ${expected} but the document has no root element.`,
    expected
  );
}

export function child(
  element: IXmlElement,
  name: string
): IXmlElement | undefined {
  return element.children.find(c => c.name === name);
}

export function childrenNamed(
  element: IXmlElement,
  name: string
): IXmlElement[] {
  return element.children.filter(c => c.name === name);
}

export function childText(
  element: IXmlElement,
  name: string
): string | undefined {
  return child(element, name)?.text;
}
