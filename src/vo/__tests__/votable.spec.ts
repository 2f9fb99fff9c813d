import { VOParseError, VOServiceError, readVOTable } from '..';
import { corpusDocument } from './corpus';

describe('readVOTable', () => {
  it('reads a CADC TAP result with its fields and rows', () => {
    const result = readVOTable(
      corpusDocument(
        'votable-result',
        'opencadc__cadctools__cadctap__cadctap__tests__data__votable.xml'
      )
    );
    expect(result.status).toBe('OK');
    expect(result.fields.length).toBeGreaterThan(0);
    expect(result.rows.length).toBeGreaterThan(0);
    expect(result.rows[0]).toHaveLength(result.fields.length);
  });

  it('reads a DaCHS ObsCore result', () => {
    const result = readVOTable(
      corpusDocument(
        'votable-result',
        'astropy__pyvo__pyvo__dal__tests__data__tap__obscore-image.xml'
      )
    );
    expect(result.fields.map(f => f.name)).toContain('access_url');
    expect(result.rows.length).toBeGreaterThan(0);
  });

  it.each([
    ['votable-error', 'astropy__pyvo__pyvo__dal__tests__data__error2-sia.xml'],
    ['votable-error', 'lsst-sqre__safir__src__safir__uws__templates__error.xml']
  ])('raises the service message of %s/%s', (kind, name) => {
    expect(() => readVOTable(corpusDocument(kind, name))).toThrow(
      VOServiceError
    );
  });

  it('says when a result is not TABLEDATA', () => {
    expect(() =>
      readVOTable(
        corpusDocument(
          'votable-result',
          'sciserver__skyquery__test__files__tap_votable__GAVOvotableH.xml'
        )
      )
    ).toThrow(/BINARY/);
  });

  it('reports overflow', () => {
    const result = readVOTable(
      '<VOTABLE><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OVERFLOW"/>' +
        '<TABLE><FIELD name="a" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR>' +
        '<TR><TD/></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>'
    );
    expect(result.status).toBe('OVERFLOW');
    expect(result.rows).toEqual([['1'], [null]]);
  });

  it('refuses other documents clearly', () => {
    expect(() => readVOTable('<html><title>Oops</title></html>')).toThrow(
      VOParseError
    );
    expect(() => readVOTable('<uws:job xmlns:uws="x"/>')).toThrow(
      /root is <job>/
    );
  });
});
