/**
 * A namespace-tolerant view of small XML documents (availability, capabilities, UWS) and of
 * markup pages (DALI examples), over fast-xml-parser. Services differ in prefixes (vosi:, cap:, ns0:, 'strange:', none at all, the
 * pre-standard UWS namespace) and some leave prefixes undeclared (DaCHS 2016 wrote xlink:href
 * without declaring xlink), so elements and attributes are matched by local name only and
 * namespace declarations are not checked.
 *
 * Large documents (VOTables, big VOSI tablesets) go through the streaming readers instead.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

import {
  VOParseError,
  VOServiceError,
  assertLooksLikeXml,
  collapseSpace,
  wrongKind
} from './errors';

export interface IXmlElement {
  /** Local name, without any prefix. */
  name: string;
  /** Attributes by local name (xsi:nil is `nil`, xlink:href is `href`). */
  attributes: Record<string, string>;
  /** Child elements in document order (always an array, possibly empty). */
  children: IXmlElement[];
  /** The element's own text (CDATA included), trimmed; '' when none. */
  text: string;
}

/** The local part of a qualified name: `vosi:table` → `table`. */
export function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

/**
 * An element with its content in document order: text and child elements interleaved, as a
 * page's prose needs them (DALI examples); parseXml's IXmlElement is the data documents' view.
 */
export interface IMarkupElement {
  /** Local name, without any prefix. */
  name: string;
  /** Attributes by local name; namespace declarations are left out. */
  attributes: Record<string, string>;
  content: (IMarkupElement | string)[];
}

export interface IMarkupOptions {
  /** HTML's void elements, which pages write without a closing tag (`<br>`). */
  unpairedTags?: readonly string[];
  /** Keep white space as written (a query's layout in <pre>); otherwise text is trimmed. */
  keepSpace?: boolean;
  /** Element and attribute names in lower case: HTML's are case-insensitive. */
  foldCase?: boolean;
  /** What to say of markup that is not well-formed, given the line and the parser's words. */
  malformed?: (line: number, fault: string) => string;
}

// fast-xml-parser's ordered output: an array of {tagName: children[], ':@': attributes}.
type PreserveOrderNode = Record<string, unknown>;

const parsers = new Map<string, XMLParser>();

function parserFor(options: IMarkupOptions): XMLParser {
  const key = `${options.keepSpace ?? false}|${(options.unpairedTags ?? []).join()}`;
  let parser = parsers.get(key);
  if (!parser) {
    parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      preserveOrder: true,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: !options.keepSpace,
      processEntities: true,
      // Also decodes numeric character references (&#233;), which XML always allows.
      htmlEntities: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
      allowBooleanAttributes: true,
      unpairedTags: [...(options.unpairedTags ?? [])]
    });
    parsers.set(key, parser);
  }
  return parser;
}

function convert(
  node: PreserveOrderNode,
  fold: (name: string) => string
): IMarkupElement | string | null {
  if ('#text' in node) {
    return String(node['#text']);
  }
  const key = Object.keys(node).find(k => k !== ':@');
  if (!key || key.startsWith('?') || key === '#comment') {
    return null;
  }
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(
    (node[':@'] ?? {}) as Record<string, unknown>
  )) {
    // Namespace declarations are not attributes of the document's content.
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) {
      attributes[fold(localName(name))] = String(value);
    }
  }
  const content: IMarkupElement['content'] = [];
  for (const item of (node[key] ?? []) as PreserveOrderNode[]) {
    const converted = convert(item, fold);
    if (converted !== null) {
      content.push(converted);
    }
  }
  return { name: fold(localName(key)), attributes, content };
}

/** Does the document stop before its root element is closed? */
function looksTruncated(body: string, message: string): boolean {
  const end = body.trimEnd();
  return (
    !end.endsWith('>') ||
    /^Unclosed tag/.test(message) ||
    /^Invalid '\[/.test(message)
  );
}

/**
 * Parse markup into its root element, content in order. Throws VOParseError naming what was
 * expected when the markup is truncated, not well-formed, or has no root element. The body is
 * not judged further (an HTML page is markup too): parseXml refuses what is not XML first.
 */
export function parseMarkup(
  body: string,
  expected: string,
  options: IMarkupOptions = {}
): IMarkupElement {
  const validation = XMLValidator.validate(body, {
    allowBooleanAttributes: true,
    unpairedTags: [...(options.unpairedTags ?? [])]
  });
  if (validation !== true) {
    const { msg, line } = validation.err;
    if (looksTruncated(body, msg)) {
      throw new VOParseError(
        `Expected ${expected} but the document stops before its end (line ${line}); ` +
          'the connection may have been cut or the answer truncated.',
        expected,
        'truncated',
        'a truncated XML document'
      );
    }
    throw new VOParseError(
      options.malformed?.(line, msg) ??
        `Expected ${expected} but the XML is broken at line ${line}: ${msg}`,
      expected,
      'malformed',
      'broken XML'
    );
  }
  const fold = options.foldCase
    ? (name: string) => name.toLowerCase()
    : (name: string) => name;
  for (const node of parserFor(options).parse(body) as PreserveOrderNode[]) {
    const element = convert(node, fold);
    if (element !== null && typeof element !== 'string') {
      return element;
    }
  }
  throw new VOParseError(
    `Expected ${expected} but the document has no root element.`,
    expected,
    'empty',
    'a document without a root element'
  );
}

function toXmlElement(markup: IMarkupElement): IXmlElement {
  const children: IXmlElement[] = [];
  const texts: string[] = [];
  for (const item of markup.content) {
    if (typeof item === 'string') {
      texts.push(item);
    } else {
      children.push(toXmlElement(item));
    }
  }
  return {
    name: markup.name,
    attributes: markup.attributes,
    children,
    text: texts.join(' ').trim()
  };
}

/**
 * Parse a small XML document into a tree of local names. Throws VOParseError naming what was
 * expected and what came instead (HTML page, JSON, empty body, truncated or broken XML).
 */
export function parseXml(body: string, expected: string): IXmlElement {
  assertLooksLikeXml(body, expected);
  return toXmlElement(parseMarkup(body, expected));
}

function* descendants(element: IXmlElement): Generator<IXmlElement> {
  yield element;
  for (const c of element.children) {
    yield* descendants(c);
  }
}

/**
 * Parse and check the root element. A DALI error VOTable where another document was expected
 * (services answer errors that way on every endpoint) becomes the VOServiceError it is.
 */
export function parseXmlDocument(
  body: string,
  expected: string,
  roots: readonly string[]
): IXmlElement {
  const root = parseXml(body, expected);
  if (roots.includes(root.name)) {
    return root;
  }
  if (root.name === 'VOTABLE') {
    for (const element of descendants(root)) {
      if (
        element.name === 'INFO' &&
        element.attributes.name === 'QUERY_STATUS' &&
        (element.attributes.value ?? '').toUpperCase() === 'ERROR'
      ) {
        throw new VOServiceError(collapseSpace(element.text));
      }
    }
  }
  throw wrongKind(expected, root.name);
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

/** Text of the first child of that name; undefined when absent, empty, or xsi:nil. */
export function childText(
  element: IXmlElement,
  name: string
): string | undefined {
  const found = child(element, name);
  if (!found || found.attributes.nil === 'true' || found.text === '') {
    return undefined;
  }
  return found.text;
}
