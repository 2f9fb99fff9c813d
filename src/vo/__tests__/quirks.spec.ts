/**
 * Service quirks the parsers read (fixtures written for these tests in the services' shapes):
 * ESA TAP+ job lists of whole jobs, IRSA's 'null' and '-' in numeric cells, VALUES ref and
 * TABLE ref.
 */
import * as fs from 'fs';
import * as path from 'path';

import {
  jobParameter,
  parseUWSJobList,
  readVOTable,
  readVOTableResult,
  resultNotices
} from '..';

function fixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf-8');
}

describe('ESA TAP+ job lists', () => {
  const jobs = parseUWSJobList(fixture('esa-tapplus-jobs.xml'));

  it('lists the whole jobs as jobs, with their details', () => {
    expect(jobs.map(j => [j.id, j.phase])).toEqual([
      ['1733051234567O', 'COMPLETED'],
      ['1733052345678O', 'ERROR'],
      ['1733053456789O', 'EXECUTING']
    ]);
    const [done, failed, running] = jobs;
    expect(done).toMatchObject({
      ownerId: 'anonymous',
      creationTime: '2026-11-30T09:14:02.311+0100'
    });
    expect(done.runId).toBeUndefined();
    expect(done.job?.results.find(r => r.id === 'result')?.href).toBe(
      'https://archive.example.esa.int/tap-server/tap/async/1733051234567O/results/result'
    );
    expect(done.job && jobParameter(done.job, 'QUERY')).toMatch(
      /^SELECT TOP 500 source_id/
    );
    expect(failed.runId).toBe('pleiades members');
    expect(failed.job?.errorSummary).toEqual({
      message:
        "Cannot parse query 'SELECT * FROM gaiadr3.gaia_sourc' for job '1733052345678O': Table 'gaiadr3.gaia_sourc' not found",
      type: 'fatal',
      hasDetail: false
    });
    expect(running.job?.endTime).toBeUndefined();
  });

  it('reads a list mixing jobrefs and jobs in document order', () => {
    const mixed = parseUWSJobList(
      '<uws:jobs xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0">' +
        '<uws:jobref id="a"><uws:phase>QUEUED</uws:phase></uws:jobref>' +
        '<uws:job><uws:jobId>b</uws:jobId><uws:phase>COMPLETED</uws:phase></uws:job>' +
        '</uws:jobs>'
    );
    expect(mixed.map(j => [j.id, j.phase, j.job !== undefined])).toEqual([
      ['a', 'QUEUED', false],
      ['b', 'COMPLETED', true]
    ]);
  });
});

describe('IRSA: text in numeric TABLEDATA cells', () => {
  const result = readVOTableResult(fixture('irsa-tabledata-nulls.xml'));

  it("reads 'null' and '-' in number columns as null, never as strings", () => {
    expect(result.rows).toEqual([
      [
        '03463524+2406116',
        56.646856,
        24.103233,
        9.874,
        9.612,
        0.021,
        'AAA',
        null
      ],
      [
        '03470143+2409402',
        56.755979,
        24.161189,
        14.502,
        null,
        null,
        'AUU',
        null
      ],
      [
        '03465877+2407296',
        56.744891,
        24.124911,
        11.23,
        10.948,
        0.03,
        'AAA',
        1277831
      ],
      ['03470711+2408084', 56.77966, 24.135669, null, null, null, 'UUU', null]
    ]);
    const numeric = [1, 2, 3, 4, 5, 7];
    for (const row of result.rows) {
      for (const index of numeric) {
        expect(row[index] === null || typeof row[index] === 'number').toBe(
          true
        );
      }
    }
  });

  it('says which columns had such cells, with what text', () => {
    expect(result.warnings).toEqual([
      "1 value of column 'j_m' did not read as double ('null'); it is read as null.",
      "2 values of column 'h_m' did not read as double ('null'); they are read as null.",
      "2 values of column 'k_msigcom' did not read as double ('-', 'null'); they are read as null.",
      "3 values of column 'ext_key' did not read as int ('null', '-'); they are read as null."
    ]);
    expect(resultNotices(result)).toEqual({ notes: result.warnings });
  });
});

describe('VALUES ref and TABLE ref', () => {
  const votable = readVOTable(fixture('values-and-table-refs.xml'));
  const [epoch1, epoch2, orphan] = votable.tables;

  it('a referenced VALUES gives its null value to every field that points at it', () => {
    expect(epoch1.fields.map(f => f.values?.null)).toEqual([
      '-999',
      '-999',
      '-999',
      undefined
    ]);
    expect(epoch1.fields[2].values).toMatchObject({ null: '-999', min: '0' });
    expect(epoch1.rows).toEqual([
      [1, 12, 0, 14.5],
      [2, null, null, 15.25]
    ]);
  });

  it('a TABLE ref borrows the fields of the table it names, nulls included', () => {
    expect(epoch2.ref).toBe('epoch1');
    expect(epoch2.fields.map(f => f.name)).toEqual([
      'src',
      'nobs',
      'flags',
      'mag'
    ]);
    expect(epoch2.rows).toEqual([
      [1, null, 4, 14.75],
      [null, 3, 1, 16],
      [3, 7, null, 17.5]
    ]);
    expect(epoch2.fault).toBeUndefined();
  });

  it('a TABLE ref that names nothing is a fault, not a table of empty rows', () => {
    expect(orphan.rows).toEqual([]);
    expect(orphan.fault?.message).toBe(
      "The rows of table 'orphan' cannot be read: it borrows its FIELDs with " +
        'ref="nowhere", which names no TABLE defined before it.'
    );
  });

  it('a VALUES ref that names nothing is a warning: its nulls would show as values', () => {
    const result = readVOTable(
      '<VOTABLE><RESOURCE><TABLE><FIELD name="n" datatype="int"><VALUES ref="gone"/></FIELD>' +
        '<DATA><TABLEDATA><TR><TD>-999</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>'
    );
    expect(result.tables[0].rows).toEqual([[-999]]);
    expect(result.warnings).toEqual([
      'VALUES ref="gone" of \'n\' names no VALUES defined before it, so its null value is ' +
        'not known: null cells may show as values.'
    ]);
  });
});
