/**
 * Every parser on what services send when things go wrong: nothing, an HTML error page, a JSON
 * message, plain text, truncated or broken XML, another kind of document, a DALI error VOTable.
 * Each must fail with a typed error that says what was expected and what came, and never hang.
 */
import {
  VOError,
  VOParseError,
  VOServiceError,
  describeBody,
  parseAvailability,
  parseCapabilities,
  parseDataLink,
  parseSIAResult,
  parseUWSJob,
  parseUWSJobList,
  readTableSet,
  readVOTable,
  tableSetFromTapSchema,
  withExpected
} from '..';
import { corpusDocument, corpusFiles } from './corpus';

type Parser = (body: string) => unknown;

/** What is expected, the root element it has, the parser. */
const PARSERS: [string, string, Parser][] = [
  ['a VOSI availability document', 'availability', parseAvailability],
  ['a VOSI capabilities document', 'capabilities', parseCapabilities],
  ['a VOSI tables document', 'tableset', body => readTableSet(body)],
  ['a VOTable', 'VOTABLE', readVOTable],
  ['a UWS job', 'job', parseUWSJob],
  ['a UWS job list', 'jobs', parseUWSJobList],
  ['a DataLink links response', 'VOTABLE', parseDataLink],
  ['an SIAv2 query response', 'VOTABLE', parseSIAResult]
];

async function failure(parse: Parser, body: string): Promise<VOError> {
  try {
    await parse(body);
  } catch (error) {
    expect(error).toBeInstanceOf(VOError);
    return error as VOError;
  }
  throw new Error('the parser accepted the body');
}

const HTML =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
const XHTML =
  '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x">\n' +
  '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Sign in</title></head><body/></html>';
const JSON_BODY = '{"detail": [{"msg": "Invalid token", "type": "auth"}]}';
const ERROR_VOTABLE =
  '<?xml version="1.0"?><VOTABLE version="1.3"><RESOURCE type="results">' +
  '<INFO name="QUERY_STATUS" value="ERROR">TransientFault: the database is restarting</INFO></RESOURCE></VOTABLE>';

describe.each(PARSERS)('%s', (expected, root, parse) => {
  it.each([
    ['an empty body', '', 'empty', 'an empty response'],
    ['white space', ' \r\n\t ', 'empty', 'an empty response'],
    [
      'a lone XML declaration',
      '<?xml version="1.0"?>\n',
      'empty',
      'an empty response'
    ],
    [
      'an HTML error page',
      HTML,
      'html',
      "an HTML page (title: '502 Bad Gateway')"
    ],
    ['an XHTML login page', XHTML, 'html', "an HTML page (title: 'Sign in')"],
    [
      'a JSON body',
      JSON_BODY,
      'json',
      "a JSON document (saying 'Invalid token')"
    ],
    [
      'plain text',
      'Service Unavailable',
      'text',
      "plain text ('Service Unavailable')"
    ]
  ])('says it got %s', async (_what, body, code, found) => {
    const error = await failure(parse, body);
    expect(error).toBeInstanceOf(VOParseError);
    const e = error as VOParseError;
    expect(e.code).toBe(code);
    expect(e.expected).toBe(expected);
    expect(e.found).toBe(found);
    expect(e.message).toBe(`Expected ${expected} but got ${found}.`);
  });

  it('says which document came instead', async () => {
    const other =
      expected === 'a VOSI availability document'
        ? '<vosi:capabilities xmlns:vosi="x"/>'
        : '<avl:availability xmlns:avl="x"><avl:available>true</avl:available></avl:availability>';
    const error = (await failure(parse, other)) as VOParseError;
    expect(error.code).toBe('wrong-kind');
    expect(error.message).toMatch(
      new RegExp(
        `^Expected ${expected} but got a VOSI (availability|capabilities) document \\(root element <\\w+>\\)\\.$`
      )
    );
  });

  it('says when the XML is broken', async () => {
    const error = (await failure(
      parse,
      `<x:${root} xmlns:x="urn:x">\n<a><b></a></x:${root}>`
    )) as VOParseError;
    expect(error.code).toBe('malformed');
    expect(error.message).toMatch(/XML is broken at line 2/);
  });
});

describe('a DALI error VOTable where another document was expected', () => {
  it.each([
    ['availability', parseAvailability],
    ['capabilities', parseCapabilities],
    ['UWS job', parseUWSJob],
    ['DataLink', parseDataLink],
    ['SIA', parseSIAResult]
  ] as [string, Parser][])(
    '%s raises the service message',
    async (_what, parse) => {
      const error = await failure(parse, ERROR_VOTABLE);
      expect(error).toBeInstanceOf(VOServiceError);
      expect((error as VOServiceError).fault).toBe('TransientFault');
      expect(error.message).toBe(
        'The service reported an error: TransientFault: the database is restarting'
      );
    }
  );

  it('a links table without an ID column is not a DataLink response', () => {
    expect(() =>
      parseDataLink(
        '<VOTABLE><RESOURCE type="results"><TABLE><FIELD name="ra" datatype="double"/><DATA><TABLEDATA/></DATA></TABLE></RESOURCE></VOTABLE>'
      )
    ).toThrow(
      'Expected a DataLink links response but got a VOTable whose table has no ID column (columns: ra).'
    );
  });

  it('TAP_SCHEMA results that are errors or not VOTables', () => {
    expect(() => tableSetFromTapSchema({ tables: ERROR_VOTABLE })).toThrow(
      VOServiceError
    );
    expect(() => tableSetFromTapSchema({ tables: HTML })).toThrow(
      "Expected a TAP_SCHEMA.tables query result but got an HTML page (title: '502 Bad Gateway')."
    );
  });
});

describe('every corpus document, cut short', () => {
  const PARSE_BY_KIND: Record<string, Parser> = {
    availability: parseAvailability,
    capabilities: parseCapabilities,
    tables: body => readTableSet(body),
    'votable-result': readVOTable,
    'votable-error': readVOTable,
    datalink: parseDataLink,
    sia: readVOTable,
    scs: readVOTable,
    uws: body =>
      /<(\w+:)?jobs[\s>]/.test(body) ? parseUWSJobList(body) : parseUWSJob(body)
  };
  const cases = Object.keys(PARSE_BY_KIND).flatMap(kind =>
    corpusFiles(kind).flatMap(name =>
      [0.5, 0.95].map(fraction => [kind, name, fraction] as const)
    )
  );

  it.each(cases)(
    '%s/%s at %p is reported as truncated',
    async (kind, name, fraction) => {
      const body = corpusDocument(kind, name);
      const cut = body.slice(0, Math.floor(body.length * fraction));
      const error = (await failure(PARSE_BY_KIND[kind], cut)) as VOParseError;
      expect(error).toBeInstanceOf(VOParseError);
      expect(error.code).toBe('truncated');
      expect(error.message).toMatch(/stops before its end/);
    }
  );
});

describe('error helpers', () => {
  it('describeBody looks only at the start and recognises XML after a prolog', () => {
    expect(
      describeBody('<?xml version="1.0"?><!-- hi --><VOTABLE/>')
    ).toBeNull();
    expect(describeBody('\uFEFF<html lang="en"><title>x</title>')?.code).toBe(
      'html'
    );
    expect(describeBody('[1, 2]')?.found).toBe('a JSON document');
    expect(describeBody('x'.repeat(100))?.found).toBe(
      `plain text ('${'x'.repeat(80)}…')`
    );
  });

  it('withExpected names the more specific document', () => {
    const error = new VOParseError(
      'Expected a VOTable but got nothing.',
      'a VOTable',
      'empty'
    );
    const specific = withExpected(error, 'a DataLink links response');
    expect(specific.message).toBe(
      'Expected a DataLink links response but got nothing.'
    );
    expect(specific.code).toBe('empty');
  });

  it('service errors without a message still read well', () => {
    const error = new VOServiceError('  No\n  such   table ');
    expect(error.message).toBe('The service reported an error: No such table');
    expect(error.serviceMessage).toBe('No such table');
    expect(new VOServiceError('').message).toBe(
      'The service reported an error without saying what went wrong.'
    );
  });
});
