/**
 * DALI examples (DALI 1.1 §2.3): an XHTML+RDFa page whose elements with `typeof="example"`
 * carry a `name`, a `query` (TAP), the `table`s it is about, the `capability` it applies to and
 * `generic-parameter`s (key/value pairs), and whose `continuation` links lead to more pages.
 *
 * Services write XHTML (DaCHS, TAPLib) but some pages are HTML: void elements left open
 * (`<br>`, `<meta ...>`), HTML entities, scripts with `<` in them. Those are read; a page that
 * is still not well-formed after that is refused with the line that breaks it, since reading
 * broken markup could silently cut a query short.
 */
import { STANDARD_IDS, matchesStandard } from './capabilities';
import {
  VOParseError,
  VOServiceError,
  collapseSpace,
  describeBody
} from './errors';
import { IMarkupElement, parseMarkup } from './xml';

export interface IExampleParameter {
  key: string;
  value: string;
}

export interface IDaliExample {
  /** The element's id (or its `resource` without the '#'), unique on its page. */
  id: string;
  name: string;
  /** The ADQL of a TAP example; undefined for examples of other capabilities. */
  query?: string;
  /** Tables the example is about, as written (`ivoa.obscore`). */
  tables: string[];
  /** The standardID of the capability the example is for, when it says. */
  capability?: string;
  parameters: IExampleParameter[];
  /** The example's prose, white space collapsed. */
  description?: string;
  /** The page it came from. */
  source: string;
}

export interface IExamplesPage {
  examples: IDaliExample[];
  /** Absolute URLs of further example pages. */
  continuations: string[];
  /** Things the user should know about the page (what could not be read, and why). */
  warnings: string[];
}

const EXPECTED = 'a DALI examples page (XHTML+RDFa)';

/** HTML's void elements: written without a closing tag on HTML pages. */
const VOID_ELEMENTS = [
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr'
];

type MarkupChild = IMarkupElement | string;

/**
 * Scripts and styles carry no examples and may hold `<` and `&` that are not markup; they are
 * blanked, keeping their line breaks so that error lines still point into the page.
 */
function blankScripts(body: string): string {
  return body.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, block =>
    block.replace(/[^\n]/g, ' ')
  );
}

function readMarkup(body: string): IMarkupElement {
  const what = describeBody(body);
  if (what && what.code !== 'html') {
    throw new VOParseError(
      `Expected ${EXPECTED} but got ${what.found}.`,
      EXPECTED,
      what.code,
      what.found
    );
  }
  return parseMarkup(blankScripts(body), EXPECTED, {
    unpairedTags: VOID_ELEMENTS,
    // White space in <pre> is the layout of a query.
    keepSpace: true,
    foldCase: true,
    malformed: (line, fault) =>
      `The examples page is not well-formed XHTML (line ${line}: ${fault}). DALI examples ` +
      'are XHTML+RDFa; this page cannot be read without risking queries cut short, so none ' +
      'of its examples are listed.'
  });
}

/** The text inside an element, as a browser would give it (line breaks for <br>). */
function textContent(node: MarkupChild, skip?: Set<IMarkupElement>): string {
  if (typeof node === 'string') {
    return node;
  }
  if (skip?.has(node)) {
    return ' ';
  }
  if (node.name === 'br') {
    return '\n';
  }
  return node.content.map(c => textContent(c, skip)).join('');
}

/** RDFa terms of an attribute, as local names: `dali:query` and full IRIs become `query`. */
function terms(value: string | undefined): string[] {
  return (value ?? '')
    .split(/\s+/)
    .filter(t => t !== '')
    .map(t => t.replace(/^.*[#:/]/, '').toLowerCase());
}

/**
 * A query as its page shows it: the indentation the page's markup adds removed, blank lines
 * around it dropped, non-breaking spaces made plain. Nothing inside a line changes.
 */
export function cleanExampleQuery(text: string): string {
  const lines = text
    .replace(/\u00a0/g, ' ')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(line => line.replace(/\s+$/, ''));
  while (lines.length > 0 && lines[0].trim() === '') {
    lines.shift();
  }
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') {
    lines.pop();
  }
  const indents = lines
    .filter(line => line.trim() !== '')
    .map(line => /^[ \t]*/.exec(line)?.[0] ?? '');
  let common = indents[0] ?? '';
  for (const indent of indents) {
    let i = 0;
    while (i < common.length && i < indent.length && common[i] === indent[i]) {
      i++;
    }
    common = common.slice(0, i);
  }
  return lines.map(line => line.slice(common.length)).join('\n');
}

function resolveUrl(href: string, base: string): string | null {
  try {
    return new URL(href, base).href;
  } catch {
    return null;
  }
}

/** The value RDFa gives a property: `content`, else a link's target, else the text. */
function propertyValue(
  element: IMarkupElement,
  pageUrl: string
): { text: string; link?: string } {
  const { content, href, src, resource } = element.attributes;
  if (content !== undefined) {
    return { text: content };
  }
  const target = href ?? src ?? resource;
  if (target !== undefined) {
    return {
      text: textContent(element),
      link: resolveUrl(target, pageUrl) ?? target
    };
  }
  return { text: textContent(element) };
}

/** key and value of a `generic-parameter` (typeof="keyval"). */
function keyValue(element: IMarkupElement): IExampleParameter | null {
  let key: string | undefined;
  let value: string | undefined;
  const visit = (node: IMarkupElement): void => {
    for (const child of node.content) {
      if (typeof child === 'string') {
        continue;
      }
      const names = terms(child.attributes.property);
      const text = collapseSpace(
        child.attributes.content ?? textContent(child)
      );
      if (names.includes('key') && key === undefined) {
        key = text;
      } else if (names.includes('value') && value === undefined) {
        value = text;
      } else {
        visit(child);
      }
    }
  };
  visit(element);
  return key ? { key, value: value ?? '' } : null;
}

interface IExampleDraft {
  element: IMarkupElement;
  id: string;
  names: string[];
  queries: string[];
  tables: string[];
  capability?: string;
  parameters: IExampleParameter[];
  /** Elements whose text is not prose: the name and the queries. */
  structural: Set<IMarkupElement>;
}

/** Read one examples page; `pageUrl` resolves its relative links. */
export function parseExamplesPage(
  body: string,
  pageUrl: string
): IExamplesPage {
  const root = readMarkup(body);
  if (root.name === 'votable') {
    const status = findStatus(root);
    if (status !== null) {
      throw new VOServiceError(status);
    }
  }
  const drafts: IExampleDraft[] = [];
  const continuations: string[] = [];
  const warnings: string[] = [];

  const visit = (element: IMarkupElement, current: IExampleDraft | null) => {
    let draft = current;
    const types = terms(element.attributes.typeof);
    if (types.includes('example')) {
      const id =
        element.attributes.id ??
        element.attributes.resource?.replace(/^#/, '') ??
        `example-${drafts.length + 1}`;
      draft = {
        element,
        id,
        names: [],
        queries: [],
        tables: [],
        parameters: [],
        structural: new Set()
      };
      drafts.push(draft);
    }
    const properties =
      element === draft?.element && types.includes('example')
        ? []
        : terms(element.attributes.property);
    // RDFa also links with rel: <a rel="continuation" href="...">.
    if (terms(element.attributes.rel).includes('continuation')) {
      properties.push('continuation');
    }
    for (const property of properties) {
      if (property === 'continuation') {
        const { link } = propertyValue(element, pageUrl);
        if (link) {
          continuations.push(link);
        } else {
          warnings.push(
            'A continuation link without a target (href) was left out.'
          );
        }
        continue;
      }
      if (!draft) {
        continue;
      }
      if (property === 'generic-parameter') {
        const parameter = keyValue(element);
        if (parameter) {
          draft.parameters.push(parameter);
        } else {
          warnings.push(
            `A generic parameter of the example “${draft.id}” has no key; it was left out.`
          );
        }
        continue;
      }
      const value = propertyValue(element, pageUrl).text;
      switch (property) {
        case 'name':
          draft.names.push(collapseSpace(value));
          draft.structural.add(element);
          break;
        case 'query':
          draft.queries.push(cleanExampleQuery(value));
          draft.structural.add(element);
          break;
        case 'table':
          draft.tables.push(collapseSpace(value));
          break;
        case 'capability':
          draft.capability = collapseSpace(value);
          break;
      }
    }
    // Key and value inside a generic parameter belong to it, not to the example.
    if (
      draft &&
      properties.includes('generic-parameter') &&
      element !== draft.element
    ) {
      return;
    }
    for (const child of element.content) {
      if (typeof child !== 'string') {
        visit(child, draft);
      }
    }
  };
  visit(root, null);

  const examples: IDaliExample[] = [];
  for (const draft of drafts) {
    const name = draft.names.find(n => n !== '') ?? draft.id;
    const prose = collapseSpace(textContent(draft.element, draft.structural));
    const base: IDaliExample = {
      id: draft.id,
      name,
      tables: [...new Set(draft.tables.filter(t => t !== ''))],
      parameters: draft.parameters,
      source: pageUrl
    };
    if (draft.capability) {
      base.capability = draft.capability;
    }
    if (prose) {
      base.description = prose;
    }
    const queries = draft.queries.filter(q => q.trim() !== '');
    if (queries.length === 0) {
      examples.push(base);
      continue;
    }
    // Several queries in one example: each is offered, none is dropped.
    queries.forEach((query, i) =>
      examples.push(
        queries.length === 1
          ? { ...base, query }
          : {
              ...base,
              id: `${draft.id}-${i + 1}`,
              name: `${name} (query ${i + 1} of ${queries.length})`,
              query
            }
      )
    );
  }
  if (
    examples.length === 0 &&
    continuations.length === 0 &&
    !/DALI-examples/i.test(body)
  ) {
    warnings.push(
      'The page has no DALI examples markup (no typeof="example" elements).'
    );
  }
  return { examples, continuations: [...new Set(continuations)], warnings };
}

function findStatus(element: IMarkupElement): string | null {
  if (
    element.name === 'info' &&
    element.attributes.name === 'QUERY_STATUS' &&
    (element.attributes.value ?? '').toUpperCase() === 'ERROR'
  ) {
    return textContent(element);
  }
  for (const child of element.content) {
    if (typeof child !== 'string') {
      const found = findStatus(child);
      if (found !== null) {
        return found;
      }
    }
  }
  return null;
}

/** Whether an example is an ADQL query for a TAP service (what a `%%adql` cell can run). */
export function isTapExample(example: IDaliExample): boolean {
  if (example.query === undefined) {
    return false;
  }
  if (
    example.capability &&
    !matchesStandard(example.capability, STANDARD_IDS.tap)
  ) {
    return false;
  }
  const lang = example.parameters.find(p => p.key.toUpperCase() === 'LANG');
  return !lang || /^ADQL/i.test(lang.value);
}

export interface IExamplesResult extends IExamplesPage {
  /** Every page read, first the one asked for. */
  pages: string[];
}

export interface ICollectOptions {
  /** Pages read at most, the first included: continuations can loop or run long. */
  maxPages?: number;
}

/**
 * Read an examples page and follow its continuations (each page once). The first page must be
 * read; a continuation that fails is a warning that says which page was not read.
 */
export async function collectExamples(
  firstUrl: string,
  load: (url: string) => Promise<string>,
  options: ICollectOptions = {}
): Promise<IExamplesResult> {
  const maxPages = options.maxPages ?? 20;
  const key = (url: string) => url.replace(/#.*$/, '');
  const seen = new Set<string>([key(firstUrl)]);
  const queue = [firstUrl];
  const result: IExamplesResult = {
    examples: [],
    continuations: [],
    warnings: [],
    pages: []
  };
  while (queue.length > 0) {
    const url = queue.shift() as string;
    if (result.pages.length >= maxPages) {
      result.warnings.push(
        `More example pages are linked than the ${maxPages} read; ${url} and ${queue.length} more were not read.`
      );
      break;
    }
    let page: IExamplesPage;
    try {
      page = parseExamplesPage(await load(url), url);
    } catch (error) {
      if (result.pages.length === 0) {
        throw error;
      }
      result.pages.push(url);
      result.warnings.push(
        `The continuation page ${url} could not be read: ${(error as Error).message}`
      );
      continue;
    }
    result.pages.push(url);
    result.examples.push(...page.examples);
    result.warnings.push(...page.warnings);
    for (const next of page.continuations) {
      result.continuations.push(next);
      if (!seen.has(key(next))) {
        seen.add(key(next));
        queue.push(next);
      }
    }
  }
  return result;
}

/**
 * The path of a URL under a base URL (`…/tap/examples` under `…/tap` is `examples`), query
 * string kept; null when it lies outside it.
 */
export function pathUnderBase(url: string, base: string): string | null {
  const root = base.replace(/\/+$/, '');
  if (url === root) {
    return '';
  }
  if (url.startsWith(`${root}/`)) {
    return url.slice(root.length + 1);
  }
  if (url.startsWith(`${root}?`)) {
    return url.slice(root.length);
  }
  return null;
}
