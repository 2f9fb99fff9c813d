import { VOParseError, parseAvailability } from '..';
import { corpusDocument, corpusFiles } from './corpus';

describe('parseAvailability on the corpus', () => {
  it.each(corpusFiles('availability'))('parses %s', name => {
    const result = parseAvailability(corpusDocument('availability', name));
    expect(typeof result.available).toBe('boolean');
  });

  it('reads the Rubin SIA "down" document with its multi-line note', () => {
    const result = parseAvailability(
      corpusDocument(
        'availability',
        'lsst-sqre__sia__tests__data__responses__availability-404.xml'
      )
    );
    expect(result.available).toBe(false);
    expect(result.notes.join(' ')).toMatch(/\S/);
    expect(result.notes[0]).not.toMatch(/\n/);
  });

  it('keeps DaCHS-style invalid dates as written', () => {
    const result = parseAvailability(
      corpusDocument(
        'availability',
        'astropy__pyvo__pyvo__io__vosi__tests__data__availability.xml'
      )
    );
    expect(result.upSince).toContain('2000-00-00');
    expect(result.notes).toHaveLength(2);
  });

  it('reads the minimal Rubin "up" document without a declaration', () => {
    const result = parseAvailability(
      corpusDocument(
        'availability',
        'lsst-sqre__sia__tests__data__responses__availability-success.xml'
      )
    );
    expect(result).toEqual({ available: true, notes: [] });
  });
});

describe('parseAvailability on bad input', () => {
  it.each([
    ['', /empty response/],
    [
      '<html><head><title>502 Bad Gateway</title></head></html>',
      /HTML page \(title: '502 Bad Gateway'\)/
    ],
    ['{"detail": "Not authenticated"}', /JSON document/],
    ['<availability><available>true</avail', /stops before its end/],
    [
      '<capabilities/>',
      /got a VOSI capabilities document \(root element <capabilities>\)/
    ],
    ['<availability><note>hi</note></availability>', /does not say/],
    ['Service Unavailable', /plain text/]
  ])('explains %j', (body, message) => {
    expect(() => parseAvailability(body)).toThrow(VOParseError);
    expect(() => parseAvailability(body)).toThrow(message);
  });
});
