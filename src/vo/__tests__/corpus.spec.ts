/**
 * Every document of the real-service corpus (../shared/testdata/vo-corpus, see its INDEX.md) is
 * read by the parser for its kind into a sensible, non-empty model; then the facts INDEX.md
 * states about each file are checked one by one.
 */
import * as fs from 'fs';
import * as path from 'path';

import {
  VOServiceError,
  accessURL,
  cutoutDescriptor,
  examplesURL,
  findPositionColumns,
  findTable,
  jobParameter,
  linkErrors,
  parseAvailability,
  parseCapabilities,
  parseDataLink,
  parseSIAResult,
  parseUWSJob,
  parseUWSJobList,
  readTableSetStream,
  readVOTable,
  readVOTableResult,
  tabledataFormat,
  tapBaseURL,
  thisLinks,
  throwIfError
} from '..';
import { CORPUS, corpusDocument, corpusFiles } from './corpus';

const SIA2 = 'ivo://ivoa.net/std/SIA#query-2.0';

const KINDS = [
  'availability',
  'capabilities',
  'tables',
  'votable-result',
  'votable-error',
  'uws',
  'datalink',
  'sia',
  'scs'
];

async function* byteChunks(text: string, size: number) {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) {
    yield bytes.slice(i, i + size);
  }
}

function isJobList(body: string): boolean {
  return /<(\w+:)?jobs[\s>]/.test(body);
}

/** Parse with the right parser for the folder and check the model is sensible. */
async function parseAndCheck(kind: string, body: string): Promise<void> {
  switch (kind) {
    case 'availability': {
      const result = parseAvailability(body);
      expect(typeof result.available).toBe('boolean');
      return;
    }
    case 'capabilities': {
      const result = parseCapabilities(body);
      expect(result.capabilities.length).toBeGreaterThan(0);
      for (const capability of result.capabilities) {
        expect(capability.standardID).toMatch(/^(ivo|vos):\/\//);
        expect(capability.interfaces.length).toBeGreaterThan(0);
        for (const i of capability.interfaces) {
          expect(i.accessURLs.length).toBeGreaterThan(0);
          expect(i.accessURLs[0]).toMatch(/^https?:\/\/\S+$/);
        }
      }
      return;
    }
    case 'tables': {
      const result = await readTableSetStream(byteChunks(body, 4096));
      const tables = result.schemas.flatMap(s => s.tables);
      expect(tables.length).toBeGreaterThan(0);
      expect(tables.every(t => t.name !== '')).toBe(true);
      for (const column of tables.flatMap(t => t.columns ?? [])) {
        expect(column.name).not.toBe('');
        expect(column.datatype).toBeTruthy();
      }
      return;
    }
    case 'votable-result': {
      const result = throwIfError(readVOTable(body));
      const table = result.tables[0];
      expect(table.fields.length).toBeGreaterThan(0);
      expect(table.rows.length).toBeGreaterThan(0);
      expect(table.rows.every(r => r.length === table.fields.length)).toBe(
        true
      );
      expect(result.warnings).toEqual([]);
      return;
    }
    case 'votable-error': {
      const result = readVOTable(body);
      expect(result.status.status).toBe('ERROR');
      expect(result.status.message).toBeTruthy();
      expect(() => throwIfError(result)).toThrow(VOServiceError);
      return;
    }
    case 'uws': {
      if (isJobList(body)) {
        const jobs = parseUWSJobList(body);
        for (const job of jobs) {
          expect(job.id).not.toBe('');
          expect(job.phase).toMatch(/^[A-Z]+$/);
        }
      } else {
        const job = parseUWSJob(body);
        expect(job.jobId).not.toBe('');
        expect(job.phase).toMatch(/^[A-Z]+$/);
        expect(job.parameters.length).toBeGreaterThan(0);
      }
      return;
    }
    case 'datalink': {
      const result = parseDataLink(body);
      for (const link of [...result.links, ...result.errors]) {
        expect(link.ID).not.toBe('');
        expect(
          link.access_url !== null ||
            link.service_def !== null ||
            link.error_message !== null
        ).toBe(true);
      }
      return;
    }
    case 'sia': {
      if (/adhoc:this/.test(body)) {
        // A self-description (MAXREC=0): its service descriptor lists the inputs.
        const [descriptor] = readVOTable(body).serviceDescriptors;
        expect(descriptor.inputParams.length).toBeGreaterThan(0);
      } else {
        const result = parseSIAResult(body);
        expect(result.records.length).toBeGreaterThan(0);
        expect(result.records[0].access_url).toMatch(/^https?:/);
      }
      return;
    }
    case 'scs': {
      // Read as any result: rows with their positions found by UCD, as the sky view needs.
      const result = readVOTableResult(body);
      expect(findPositionColumns(result.fields)).not.toBeNull();
      expect(result.rows.length).toBeGreaterThan(0);
      return;
    }
  }
  throw new Error(`no parser for corpus folder ${kind}`);
}

describe('the corpus', () => {
  it('resolves to the shared corpus with 54 documents in known folders', () => {
    if (!process.env.RSP_API_CORPUS) {
      expect(CORPUS).toBe(
        path.resolve(__dirname, '../../../../shared/testdata/vo-corpus')
      );
    }
    const folders = fs
      .readdirSync(CORPUS, { withFileTypes: true })
      .filter(d => d.isDirectory())
      .map(d => d.name);
    expect(folders.sort()).toEqual([...KINDS].sort());
    const count = folders.reduce((n, kind) => n + corpusFiles(kind).length, 0);
    expect(count).toBe(54);
  });

  const all = KINDS.flatMap(kind =>
    corpusFiles(kind).map(name => [kind, name] as const)
  );
  it.each(all)('%s/%s parses into a sensible model', async (kind, name) => {
    await parseAndCheck(kind, corpusDocument(kind, name));
  });
});

describe('facts from INDEX.md: capabilities', () => {
  const caps = (name: string) =>
    parseCapabilities(corpusDocument('capabilities', name));

  it('CADC argus: UWSRegExt namespace, Logging capability, tables-1.1, anonymous+cookie+cert on TAP', () => {
    const c = caps(
      'astropy__astroquery__astroquery__cadc__tests__data__tap_caps.xml'
    );
    expect(c.capabilities.map(x => x.standardID)).toContain(
      'vos://cadc.nrc.ca~vospace/CADC/std/Logging#control-1.0'
    );
    expect(accessURL(c, 'ivo://ivoa.net/std/VOSI#tables')).toBe(
      'https://www.cadc-ccda.hia-iha.nrc-cnrc.gc.ca/argus/tables'
    );
    expect(tapBaseURL(c)).toBe(
      'https://www.cadc-ccda.hia-iha.nrc-cnrc.gc.ca/argus'
    );
    const tap = c.capabilities.find(
      x => x.standardID === 'ivo://ivoa.net/std/TAP'
    );
    expect(tap?.type).toBe('TableAccess');
    expect(tap?.interfaces[0].securityMethods).toEqual([
      '',
      'ivo://ivoa.net/sso#cookie',
      'ivo://ivoa.net/sso#tls-with-certificate'
    ]);
    expect(c.tap?.languages.map(l => l.name)).toEqual(['ADQL', 'PQL']);
    expect(c.tap?.languages[0].geometryFunctions).toContain('INTERSECTS');
  });

  it('pyvo SIAv2: several interfaces, each with its security method', () => {
    const c = caps(
      'astropy__pyvo__pyvo__dal__tests__data__sia2__capabilities.xml'
    );
    expect(accessURL(c, SIA2)).toBe('https://example.com/sia/v2query');
    const sia = c.capabilities.find(x => x.standardID.includes('SIA'));
    expect(sia?.interfaces).toHaveLength(4);
    expect(sia?.interfaces.flatMap(i => i.securityMethods)).toEqual([
      'ivo://ivoa.net/sso#BasicAA',
      'ivo://ivoa.net/sso#cookie',
      'ivo://ivoa.net/sso#tls-with-certificate'
    ]);
  });

  it('cadc-registry multi-sec: an empty <securityMethod/> is anonymous access', () => {
    const c = caps(
      'opencadc__reg__cadc-registry__src__test__resources__multi-sec-capabilities.xml'
    );
    expect(tapBaseURL(c)).toBe('https://example.net/srv');
    expect(c.capabilities[0].interfaces[0].securityMethods).toEqual([
      '',
      'ivo://ivoa.net/sso#tls-with-certificate',
      'ivo://ivoa.net/sso#token'
    ]);
    expect(c.tap?.languages).toEqual([]);
  });

  it("cadc-registry sample: the 'strange' VODataService prefix and DALI examples", () => {
    const c = caps(
      'opencadc__reg__cadc-registry__src__test__resources__sample-capabilities.xml'
    );
    expect(c.capabilities[0].interfaces[0].type).toBe('ParamHTTP');
    expect(examplesURL(c)).toBe('http://example.net/srv/examples');
    const examples = c.capabilities.find(x =>
      x.standardID.endsWith('#examples')
    );
    expect(examples?.interfaces[0].type).toBe('WebBrowser');
    expect(accessURL(c, 'ivo://ivoa.net/std/VOSI#availability')).toBe(
      'http://example.net/srv/availability'
    );
  });

  it('cadc-registry tap: accessURL padding trimmed, no XML declaration', () => {
    const c = caps(
      'opencadc__reg__cadc-registry__src__test__resources__tap-capabilities.xml'
    );
    expect(tapBaseURL(c)).toBe('http://example.net/srv');
    expect(c.tap?.outputFormats.map(f => f.mime)).toContain('text/csv');
  });

  it('DaCHS TAP: UDFs with signatures, formats, uploads, limits', () => {
    const c = caps(
      'astropy__pyvo__pyvo__dal__tests__data__tap__capabilities.xml'
    );
    const adql = c.tap?.languages[0];
    expect(adql?.name).toBe('ADQL');
    const match = adql?.udfs.find(u => u.signature?.name === 'gavo_match');
    expect(match?.signature).toEqual({
      name: 'gavo_match',
      args: [
        { name: 'pattern', type: 'TEXT' },
        { name: 'string', type: 'TEXT' }
      ],
      returns: 'INTEGER'
    });
    expect(
      adql?.udfs.find(u => u.signature?.name === 'gavo_to_jd')?.signature
        ?.returns
    ).toBe('DOUBLE PRECISION');
    expect(adql?.geometryFunctions).toEqual(
      expect.arrayContaining(['POINT', 'CIRCLE', 'CONTAINS'])
    );
    expect(c.tap?.outputFormats.length).toBeGreaterThan(3);
    expect(c.tap?.uploadMethods.length).toBeGreaterThan(0);
    expect(c.tap?.retentionPeriod?.default).toBeGreaterThan(0);
    expect(c.tap?.executionDuration?.default).toBeGreaterThan(0);
    expect(c.tap?.outputLimit?.unit).toBe('row');
  });

  it('DaCHS (pyvo vosi): http/https mirror URLs', () => {
    const c = caps(
      'astropy__pyvo__pyvo__io__vosi__tests__data__capabilities.xml'
    );
    const tap = c.capabilities.find(
      x => x.standardID === 'ivo://ivoa.net/std/TAP'
    );
    expect(tap?.interfaces[0].accessURLs).toEqual(['http://example.org/tap']);
    expect(tap?.interfaces[0].mirrorURLs).toContain('https://example.org/tap');
  });

  it('DaCHS TAP 1.1 on one line: ADQL 2.0 and 2.1, data models, many UDFs', () => {
    const c = caps(
      'astropy__pyvo__pyvo__registry__tests__data__capabilities.xml'
    );
    expect(c.tap?.languages[0].versions.map(v => v.version)).toEqual([
      '2.0',
      '2.1'
    ]);
    expect(c.tap?.dataModels.map(m => m.name)).toEqual([
      'GloTS 1.0',
      'Registry 1.1',
      'Obscore-1.1'
    ]);
    const udfs = c.tap?.languages[0].udfs ?? [];
    expect(udfs.length).toBeGreaterThan(15);
    expect(udfs.filter(u => u.signature).length).toBe(udfs.length);
    expect(examplesURL(c)).toMatch(/\/examples$/);
  });

  it('Rubin SIA: no namespace, securityMethod before accessURL, no use attribute', () => {
    const c = caps(
      'lsst-sqre__lsst-rsp__tests__data__responses__sia-capabilities.xml'
    );
    expect(accessURL(c, SIA2)).toBe(
      'https://data.example.com/api/sia/dp1/query'
    );
    const sia = c.capabilities.find(x => x.standardID.includes('SIA'));
    expect(sia?.interfaces[0].securityMethods).toHaveLength(5);
    expect(sia?.interfaces[0].accessURLUse).toBeUndefined();
  });

  it('Rubin TAP: 5 security methods, ObsCore, byte limits, duplicate binary format', () => {
    const c = caps(
      'lsst-sqre__lsst-rsp__tests__data__responses__tap-capabilities.xml'
    );
    expect(tapBaseURL(c)).toBe('https://data.example.com/api/tap');
    expect(c.tap?.dataModels[0].ivoId).toBe(
      'ivo://ivoa.net/std/ObsCore#core-1.1'
    );
    expect(c.tap?.outputLimit).toEqual({
      default: 134217728,
      hard: 134217728,
      unit: 'byte'
    });
    expect(c.tap?.uploadLimit).toEqual({
      default: 33554432,
      hard: 33554432,
      unit: 'byte'
    });
    expect(c.tap?.retentionPeriod).toEqual({ default: 604800, hard: 604800 });
    const binary = c.tap?.outputFormats.filter(
      f => f.ivoId === 'ivo://ivoa.net/std/TAPRegExt#output-votable-binary'
    );
    expect(binary?.map(f => f.mime)).toEqual([
      'application/x-votable+xml',
      'text/xml'
    ]);
    // The platform's TAP offers no TABLEDATA: generated code checks its binary answers.
    expect(c.tap && tabledataFormat(c.tap)).toBeUndefined();
  });

  it('TABLEDATA is found by ivo-id or by its MIME serialization', () => {
    const format = (name: string) => {
      const tap = caps(name).tap;
      return tap && tabledataFormat(tap);
    };
    expect(
      format('astropy__pyvo__pyvo__dal__tests__data__tap__capabilities.xml')
    ).toMatch(/^application\/x-votable\+xml;\s*serialization=tabledata$/i);
    // CADC's plain VOTable is TABLEDATA: its ivo-id says so, the MIME does not.
    expect(
      format('astropy__astroquery__astroquery__cadc__tests__data__tap_caps.xml')
    ).toBe('application/x-votable+xml');
  });
});

describe('facts from INDEX.md: tables', () => {
  const read = (name: string) =>
    readTableSetStream(byteChunks(corpusDocument('tables', name), 1000));

  it('CADC db_schema: caom2, ivoa and tap_schema with foreign keys and xtypes', async () => {
    const result = await read(
      'opencadc__cadctools__cadctap__cadctap__tests__data__db_schema.xml'
    );
    expect(result.schemas.map(s => s.name)).toEqual(
      expect.arrayContaining(['caom2', 'ivoa', 'tap_schema'])
    );
    const plane = findTable(result, 'caom2.Plane');
    expect(plane?.foreignKeys).toContainEqual({
      targetTable: 'caom2.Observation',
      fromColumns: ['obsID'],
      toColumns: ['obsID'],
      description:
        'standard way to join the caom2.Observation and caom2.Plane tables'
    });
    const tapSchema = result.schemas.find(s => s.name === 'tap_schema');
    expect(tapSchema?.tables.some(t => t.foreignKeys.length > 0)).toBe(true);
    const uri = findTable(result, 'caom2.Observation')?.columns?.find(
      c => c.name === 'observationURI'
    );
    expect(uri).toMatchObject({
      datatype: 'char',
      arraysize: '*',
      xtype: 'uri'
    });
  });

  it('CADC single table: <table> root, uuid and 32* arraysize', async () => {
    const result = await read(
      'opencadc__cadctools__cadctap__cadctap__tests__data__table_schema.xml'
    );
    const [table] = result.schemas.flatMap(s => s.tables);
    expect(table.name).toBe('caom2.Observation');
    expect(table.type).toBe('output');
    expect(table.columns?.find(c => c.name === 'obsID')).toMatchObject({
      arraysize: '36',
      xtype: 'uuid',
      indexed: true
    });
    expect(table.columns?.find(c => c.name === 'collection')?.arraysize).toBe(
      '32*'
    );
  });

  it('DaCHS single table answered with a full tableset wrapper', async () => {
    const result = await read(
      'astropy__pyvo__pyvo__dal__tests__data__tap__lazy-table2.xml'
    );
    const table = findTable(result, 'test.table2');
    expect(table?.columns?.map(c => c.name)).toEqual(['id']);
    expect(table?.foreignKeys).toHaveLength(1);
  });

  it('detail=min: names only, columns not loaded', async () => {
    const result = await read(
      'astropy__pyvo__pyvo__dal__tests__data__tap__tables.xml'
    );
    const tables = result.schemas.flatMap(s => s.tables);
    expect(tables.length).toBeGreaterThan(0);
    expect(tables.every(t => t.columns === null)).toBe(true);
  });

  it('DaCHS full tableset: flags, VARCHAR size, foreign key, nrows', async () => {
    const result = await read(
      'astropy__pyvo__pyvo__io__vosi__tests__data__tables.xml'
    );
    const table = findTable(result, 'test.all');
    expect(table?.nrows).toBe(30);
    expect(table?.utype).toBe('utype');
    expect(table?.columns?.[0]).toMatchObject({
      name: 'id',
      datatype: 'VARCHAR',
      arraysize: '*',
      indexed: true,
      primary: true,
      principal: false
    });
  });
});

describe('facts from INDEX.md: availability', () => {
  const read = (name: string) =>
    parseAvailability(corpusDocument('availability', name));

  it('CADC: a note, no upSince', () => {
    const result = read(
      'opencadc__reg__cadc-registry__src__test__resources__good-availability.xml'
    );
    expect(result.available).toBe(true);
    expect(result.notes.length).toBe(1);
    expect(result.upSince).toBeUndefined();
  });

  it('DaCHS: invalid dates kept as written, two notes', () => {
    const result = read(
      'astropy__pyvo__pyvo__io__vosi__tests__data__availability.xml'
    );
    expect(result.upSince).toContain('2000-00-00');
    expect(result.downAt).toBe('2666-00-00T00:00:00Z');
    expect(result.backAt).toBe('2666-23-23T13:37:00Z');
    expect(result.notes).toEqual(['foo', 'bar']);
    expect(result.notes).toHaveLength(2);
  });

  it('Rubin SIA down: multi-line note collapsed', () => {
    const result = read(
      'lsst-sqre__sia__tests__data__responses__availability-404.xml'
    );
    expect(result.available).toBe(false);
    expect(result.notes[0]).not.toMatch(/\n/);
  });

  it('Rubin SIA up: minimal', () => {
    expect(
      read('lsst-sqre__sia__tests__data__responses__availability-success.xml')
    ).toEqual({ available: true, notes: [] });
  });
});

describe('facts from INDEX.md: VOTable results and errors', () => {
  it('safir error template: VOServiceError with its message', () => {
    const result = readVOTable(
      corpusDocument(
        'votable-error',
        'lsst-sqre__safir__src__safir__uws__templates__error.xml'
      )
    );
    expect(() => throwIfError(result)).toThrow(
      /The service reported an error: \{\{ error\.code \}\}: \{\{ error\.message \}\}/
    );
  });

  it('CADC SIA Java exception: VOServiceError with the exception text', () => {
    const result = readVOTable(
      corpusDocument(
        'votable-error',
        'astropy__pyvo__pyvo__dal__tests__data__error2-sia.xml'
      )
    );
    expect(() => throwIfError(result)).toThrow(/NumberFormatException/);
  });

  it('DaCHS BINARY on one line decodes its rows', () => {
    const result = readVOTable(
      corpusDocument(
        'votable-result',
        'sciserver__skyquery__test__files__tap_votable__GAVOvotableH.xml'
      )
    );
    expect(result.tables[0].encoding).toBe('BINARY');
    expect(result.tables[0].rows).toHaveLength(42);
    expect(result.tables[0].rows.map(r => r[2])).toEqual(
      expect.arrayContaining(['S c', 'S cd', 'S d'])
    );
  });

  it('DaCHS multi-line src_res INFO is kept whole', () => {
    const result = readVOTable(
      corpusDocument(
        'votable-result',
        'astropy__pyvo__pyvo__dal__tests__data__arihip-tap-async-result.xml'
      )
    );
    const infos = result.resources.flatMap(r => r.infos);
    expect(infos.find(i => i.name === 'src_res')?.text).toMatch(/\n/);
  });

  it('CADC ObsCore: positions by UCD', () => {
    const result = readVOTable(
      corpusDocument(
        'votable-result',
        'astropy__pyvo__pyvo__dal__tests__data__datalink__datalink-obscore.xml'
      )
    );
    const table = result.tables[0];
    const position = findPositionColumns(table.fields);
    expect(position && table.fields[position.ra].name).toBe('s_ra');
    expect(position && table.fields[position.dec].name).toBe('s_dec');
  });
});

describe('facts from INDEX.md: UWS', () => {
  const read = (name: string) => corpusDocument('uws', name);

  it('CADC pre-standard 1.0rc3 job list with xlink:href and a licence comment', () => {
    const jobs = parseUWSJobList(
      read(
        'opencadc__uws__cadc-uws__src__test__resources__xml__test-job-list.xml'
      )
    );
    expect(jobs).toEqual([
      { id: '88', phase: 'EXECUTING', href: 'http://glenelgin/asynch/88' },
      { id: '888', phase: 'QUEUED', href: 'http://glenelgin/asynch/888' },
      { id: '8888', phase: 'COMPLETED', href: 'http://glenelgin/asynch/8888' }
    ]);
  });

  it('DaCHS 2016 job with an undeclared xlink prefix parses', () => {
    const job = parseUWSJob(
      read('astropy__pyvo__pyvo__dal__tests__data__arihip-tap-async-get.xml')
    );
    expect(job.phase).toBe('COMPLETED');
    expect(job.results.find(r => r.id === 'result')?.href).toBe(
      'http://localhost:8084/tap/async/3bLj5O/results/result'
    );
    expect(job.ownerId).toBeUndefined();
    expect(job.startTime).toBeUndefined();
  });

  it("DaCHS PENDING job: xsi:nil times, Python's None kept as the service wrote it", () => {
    const job = parseUWSJob(
      read('astropy__pyvo__pyvo__dal__tests__data__arihip-tap-async.xml')
    );
    expect(job.phase).toBe('PENDING');
    expect(job.endTime).toBeUndefined();
    expect(jobParameter(job, 'FORMAT')).toBe('None');
    expect(jobParameter(job, 'query')).toBe(
      'SELECT TOP 1 1+1 AS result FROM arihip.main'
    );
    expect(job.results).toEqual([]);
  });

  it('xsi:nil destruction', () => {
    const job = parseUWSJob(
      read('astropy__pyvo__pyvo__io__tests__data__uws_nil.xml')
    );
    expect(job.destruction).toBeUndefined();
    expect(job.executionDuration).toBe(3600);
  });

  it('ERROR job with its error summary', () => {
    const job = parseUWSJob(
      read('astropy__pyvo__pyvo__io__uws__tests__data__job-error.xml')
    );
    expect(job.phase).toBe('ERROR');
    expect(job.errorSummary).toEqual({
      message: 'We have problem',
      type: 'fatal',
      hasDetail: false
    });
  });

  it('UWS 1.1 COMPLETED job with results', () => {
    const job = parseUWSJob(
      read('astropy__pyvo__pyvo__io__uws__tests__data__job.xml')
    );
    expect(job.version).toBe('1.1');
    expect(job.creationTime).toBe('2018-01-01T00:00:00Z');
    expect(job.results).toEqual([
      { id: 'result', href: 'http://example.com/tap/async/1337/results/result' }
    ]);
  });

  it('Rubin job lists: many jobrefs, an empty list, jobrefs without href', () => {
    const sso = parseUWSJobList(
      read('lsst-sqre__lsst-rsp__tests__data__responses__resp-ssotap.xml')
    );
    expect(sso.length).toBeGreaterThan(10);
    expect(sso.every(j => j.ownerId === 'adam')).toBe(true);
    expect(
      parseUWSJobList(
        read('lsst-sqre__lsst-rsp__tests__data__responses__resp-tap-0.xml')
      )
    ).toEqual([]);
    const tap = parseUWSJobList(
      read('lsst-sqre__lsst-rsp__tests__data__responses__resp-tap.xml')
    );
    expect(tap[0]).toEqual({
      id: 'b14h0uj4acef4wxd',
      phase: 'COMPLETED',
      runId: 'ivoa.ObsCore - data',
      ownerId: 'adam',
      creationTime: '2025-09-12T21:36:52.656Z'
    });
    expect(tap.every(j => j.href === undefined)).toBe(true);
  });
});

describe('facts from INDEX.md: DataLink', () => {
  const read = (name: string) =>
    parseDataLink(corpusDocument('datalink', name));

  it('ALMA recursive links with SODA sync descriptors', () => {
    const result = read(
      'astropy__astroquery__astroquery__alma__tests__data__alma-datalink-recurse-this.xml'
    );
    expect(thisLinks(result).length).toBeGreaterThan(1);
    expect(
      result.services.every(
        s => s.standardID === 'ivo://ivoa.net/std/SODA#sync-1.0'
      )
    ).toBe(true);
    expect(cutoutDescriptor(result)?.accessURL).toMatch(/\/soda\/sync\?ID=/);
  });

  it('ALMA links: #this, #auxiliary, #progenitor, #documentation, recursive DataLink descriptors', () => {
    const result = read(
      'astropy__astroquery__astroquery__alma__tests__data__alma-datalink.xml'
    );
    expect(new Set(result.links.map(l => l.semantics))).toEqual(
      new Set(['#this', '#auxiliary', '#progenitor', '#documentation'])
    );
    expect(
      result.services.every(s => s.standardID?.includes('DataLink#links'))
    ).toBe(true);
    expect(cutoutDescriptor(result)).toBeNull();
  });

  it('CADC ElementTree output: every element prefixed ns0:, only four columns', () => {
    const result = read(
      'astropy__astroquery__astroquery__cadc__tests__data__datalink_result.xml'
    );
    expect(result.links).toHaveLength(6);
    expect(result.links[0]).toMatchObject({
      ID: 'ivo://cadc.nrc.ca/CFHT?282502/282502o',
      semantics: '#this',
      error_message: null,
      content_length: null
    });
    expect(thisLinks(result)[0].access_url).toMatch(/282502o\.fits\.gz/);
  });

  it('CADC batched links: per-ID #this and cutout, QUERY_STATUS after the TABLE', () => {
    const result = read(
      'astropy__pyvo__pyvo__dal__tests__data__datalink__cutout1.xml'
    );
    expect(result.votable.status.status).toBe('OK');
    const ids = [...new Set(result.links.map(l => l.ID))];
    expect(ids).toHaveLength(2);
    expect(thisLinks(result, ids[1])).toHaveLength(1);
    const cutout = cutoutDescriptor(result, ids[1]);
    expect(cutout?.accessURL).toBe(
      'https://www.cadc-ccda.hia-iha.nrc-cnrc.gc.ca/caom2ops/sync'
    );
    expect(cutout?.id).toMatch(/cal054151b/);
    expect(Object.keys(cutout?.params ?? {})).toEqual(
      expect.arrayContaining(['ID', 'POS', 'CIRCLE', 'POLYGON', 'BAND'])
    );
  });

  it('CADC second batch', () => {
    const cutout = cutoutDescriptor(
      read('astropy__pyvo__pyvo__dal__tests__data__datalink__cutout2.xml')
    );
    expect(cutout?.params.BAND?.min).toBe('5.800000000000001E-7');
    expect(cutout?.params.TIME?.max).toBe('50527.530475');
  });

  it('DaCHS links with a SODA descriptor reached through #proc', () => {
    const result = read(
      'astropy__pyvo__pyvo__dal__tests__data__datalink__datalink.xml'
    );
    expect(result.links.map(l => l.semantics)).toEqual(
      expect.arrayContaining(['#this', '#preview', '#proc'])
    );
    const cutout = cutoutDescriptor(result);
    expect(cutout?.params.BAND).toMatchObject({
      min: '4.01053e-07',
      max: '6.792e-07'
    });
  });

  it('DaCHS #proc with CIRCLE, POLYGON, BAND and options', () => {
    const cutout = cutoutDescriptor(
      read('astropy__pyvo__pyvo__dal__tests__data__datalink__proc.xml')
    );
    expect(cutout?.params.CIRCLE?.max).toBe(
      '101.1142777837 -0.5901111111 1.6965604241'
    );
    expect(cutout?.params.POLYGON?.xtype).toBe('polygon');
    expect(
      cutout?.inputParams
        .find(p => p.name === 'KIND')
        ?.values?.options.map(o => o.value)
    ).toEqual(['HEADER', 'DATA']);
  });

  it('DaCHS proc_inf: the "[0. 0.]" BAND value is tolerated', () => {
    const result = read(
      'astropy__pyvo__pyvo__dal__tests__data__datalink__proc_inf.xml'
    );
    const cutout = cutoutDescriptor(result);
    expect(cutout?.params.BAND?.default).toEqual([0, 0]);
    expect(cutout?.params.BAND?.param.value).toBe('[0. 0.]');
    expect(result.votable.warnings).toEqual([]);
  });

  it('Gemini: 4 descriptors plus per-dataset ones, older CIRC/POLY names mapped', () => {
    const result = read(
      'astropy__astropy__astropy__io__votable__tests__data__gemini.xml'
    );
    expect(result.services.map(s => s.ID)).toEqual(
      expect.arrayContaining(['this', 'cutout', 'soda-sync', 'soda-async'])
    );
    const cutout = cutoutDescriptor(result);
    expect(cutout?.params.CIRCLE?.name).toBe('CIRC');
    expect(cutout?.params.POLYGON?.name).toBe('POLY');
    expect(cutout?.id).toBe('ad:GEMINI/S20120515S0064');
  });

  it('Rubin calexp: presigned #this URL in CDATA, three SODA sync descriptors', () => {
    const result = read(
      'lsst-sqre__datalinker__tests__data__links__calexp.xml'
    );
    expect(thisLinks(result)[0].access_url).toBe(
      'https://presigned-url.example.com/ac691f52-c1a0-4199-b049-182cf403dc37?X-Amz-Signature=abcdef'
    );
    expect(thisLinks(result)[0].content_length).toBe(1234);
    expect(result.votable.tables[0].infos[0]).toMatchObject({
      name: 'standardID',
      value: 'ivo://ivoa.net/std/DataLink#links-1.1'
    });
    const cutout = cutoutDescriptor(result);
    expect(cutout).toMatchObject({
      accessURL: 'https://data-dev.lsst.cloud/api/cutout/sync',
      standardID: 'ivo://ivoa.net/std/SODA#sync-1.0',
      id: 'butler://dr1/ac691f52-c1a0-4199-b049-182cf403dc37'
    });
    expect(Object.keys(cutout?.params ?? {})).toEqual([
      'ID',
      'POLYGON',
      'CIRCLE'
    ]);
    expect(
      cutout?.inputParams
        .find(p => p.name === 'CUTOUTDETAIL')
        ?.values?.options.map(o => o.value)
    ).toEqual(['Image', 'MaskedImage', 'Exposure']);
  });

  it('Rubin empty links response', () => {
    const result = read('lsst-sqre__datalinker__tests__data__links__empty.xml');
    expect(result.links).toEqual([]);
    expect(result.errors).toEqual([]);
  });

  it.each([
    ['lsst-sqre__datalinker__tests__data__links__invalid.xml', 'UsageFault'],
    [
      'lsst-sqre__datalinker__tests__data__links__nonexistent.xml',
      'NotFoundFault'
    ]
  ])('Rubin %s: the error row is reported as an error', (name, fault) => {
    const result = read(name);
    expect(result.links).toEqual([]);
    expect(result.errors).toHaveLength(1);
    const [error] = linkErrors(result);
    expect(error).toBeInstanceOf(VOServiceError);
    expect(error.code).toBe('link');
    expect(error.fault).toBe(fault);
  });

  it('Rubin links for several IDs, one of them unknown', () => {
    const result = read(
      'lsst-sqre__datalinker__tests__data__links__multiple.xml'
    );
    expect(thisLinks(result)).toHaveLength(2);
    expect(result.errors[0].error_message).toMatch(/^NotFoundFault/);
  });
});

describe('facts from INDEX.md: SIA and SCS', () => {
  it('CADC SIAv2 query response: ObsCore record with a datalink access_url', () => {
    const result = parseSIAResult(
      corpusDocument(
        'sia',
        'astropy__pyvo__pyvo__dal__tests__data__sia2__dataset.xml'
      )
    );
    expect(result.records).toHaveLength(1);
    expect(result.records[0]).toMatchObject({
      dataproduct_type: 'image',
      obs_id: 'TEST-DATASET',
      calib_level: 1,
      s_ra: 253.0637009871805,
      s_dec: 69.94853437563255,
      s_fov: 0.7176383627131244,
      access_format: 'application/x-votable+xml;content=datalink'
    });
    expect(result.records[0].access_url).toMatch(/datalink\?runid=/);
  });

  it('Rubin SIAv2 self-description: inputParams with OPTION lists and a BAND interval', () => {
    const votable = readVOTable(
      corpusDocument(
        'sia',
        'lsst-sqre__sia__tests__data__responses__self-description.xml'
      )
    );
    const descriptor = votable.serviceDescriptors.find(
      d => d.utype === 'adhoc:this'
    );
    const band = descriptor?.inputParams.find(p => p.name === 'BAND');
    expect(band).toMatchObject({
      datatype: 'float',
      arraysize: '2*',
      xtype: 'interval'
    });
    expect(band?.values?.options.map(o => o.name)).toContain('Rubin band r');
    const calib = descriptor?.inputParams.find(p => p.name === 'CALIB');
    expect(calib?.values?.options.map(o => o.value)).toEqual(['1', '2', '3']);
    expect(votable.tables[0].fields.map(f => f.name)).toEqual(
      expect.arrayContaining(['s_ra', 's_dec', 'access_url', 'obs_id'])
    );
  });

  it('DaCHS SCS: main position columns by UCD1, BINARY rows', () => {
    const result = readVOTableResult(
      corpusDocument(
        'scs',
        'astropy__pyvo__pyvo__dal__tests__data__scs__result.xml'
      )
    );
    expect(findPositionColumns(result.fields)).toEqual({ ra: 0, dec: 1 });
    expect(result.rows.length).toBeGreaterThan(1000);
    expect(result.rows[0].slice(0, 2)).toEqual([77.6581, 1.68358]);
    expect(result.votable.coordinateSystems[0]).toMatchObject({
      ID: 'system',
      system: 'ICRS'
    });
  });
});
