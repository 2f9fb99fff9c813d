import { corpusDocument } from '../../vo/__tests__/corpus';
import { parseDataLink } from '../../vo';
import type { UpstreamFetcher } from '../client';
import { resolveCutout, sodaCutoutUrl } from '../soda';

const region = { ra: 55.748, dec: -32.213, radiusDeg: 0.01 };

function corpus(name: string) {
  return parseDataLink(corpusDocument('datalink', name));
}

/** The query of a URL as [name, value] pairs, in order. */
function query(url: string): [string, string][] {
  return [...new URL(url).searchParams];
}

const LINK_ROWS = `<TABLEDATA>
<TR><TD>ivo://x/img1</TD><TD/><TD>soda</TD><TD/><TD>#cutout</TD></TR>
</TABLEDATA>`;

const linksTable = (rows: string) => `<RESOURCE type="results"><TABLE>
<FIELD name="ID" datatype="char" arraysize="*"/>
<FIELD name="access_url" datatype="char" arraysize="*"/>
<FIELD name="service_def" datatype="char" arraysize="*"/>
<FIELD name="error_message" datatype="char" arraysize="*"/>
<FIELD name="semantics" datatype="char" arraysize="*"/>
<DATA>${rows}</DATA></TABLE></RESOURCE>`;

/** A links response whose one #cutout row points at a SODA descriptor with these inputs. */
function withDescriptor(
  inputParams: string,
  accessURL = 'https://x/soda/sync',
  rows = LINK_ROWS
) {
  return parseDataLink(`<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
${linksTable(rows)}
<RESOURCE type="meta" utype="adhoc:service" ID="soda">
<PARAM name="standardID" datatype="char" arraysize="*" value="ivo://ivoa.net/std/SODA#sync-1.0"/>
<PARAM name="accessURL" datatype="char" arraysize="*" value="${accessURL}"/>
<GROUP name="inputParams">${inputParams}</GROUP>
</RESOURCE></VOTABLE>`);
}

describe('the SODA URL of a cutout', () => {
  it('asks the platform’s cutout service for the ID, the circle and its fixed CUTOUTDETAIL', () => {
    const { url, id } = sodaCutoutUrl(
      corpus('lsst-sqre__datalinker__tests__data__links__calexp.xml'),
      region
    );
    expect(id).toBe('butler://dr1/ac691f52-c1a0-4199-b049-182cf403dc37');
    expect(url.startsWith('https://data-dev.lsst.cloud/api/cutout/sync?')).toBe(
      true
    );
    expect(query(url)).toEqual([
      ['ID', id],
      ['CIRCLE', '55.748 -32.213 0.01'],
      ['CUTOUTDETAIL', 'Image']
    ]);
  });

  it('sends CADC’s RUNID as the descriptor fixes it', () => {
    const { url, id } = sodaCutoutUrl(
      corpus('astropy__pyvo__pyvo__dal__tests__data__datalink__cutout1.xml'),
      region
    );
    expect(id).toBe('ad:MACHO/cal054150r.fits.fz');
    expect(query(url)).toEqual([
      ['ID', id],
      ['CIRCLE', '55.748 -32.213 0.01'],
      ['RUNID', 'e3h6rssb161oyf7j']
    ]);
  });

  it('keeps an ID the access URL already carries (ALMA), and adds the circle after it', () => {
    const { url, id } = sodaCutoutUrl(
      corpus(
        'astropy__astroquery__astroquery__alma__tests__data__alma-datalink-recurse-this.xml'
      ),
      region
    );
    expect(id).toMatch(/^member\.uid___A001_X12a3_Xe9/);
    expect(query(url).map(([name]) => name)).toEqual(['ID', 'CIRCLE']);
    expect(url).toMatch(/\.fits&CIRCLE=/);
  });

  it('uses the descriptor’s own name for the circle, or POS when only POS is offered', () => {
    const circ = withDescriptor(
      '<PARAM name="ID" datatype="char" arraysize="*" value="ivo://x/img1"/>' +
        '<PARAM name="CIRC" datatype="double" arraysize="3" value=""/>'
    );
    expect(query(sodaCutoutUrl(circ, region).url)).toContainEqual([
      'CIRC',
      '55.748 -32.213 0.01'
    ]);
    const pos = withDescriptor(
      '<PARAM name="POS" datatype="char" arraysize="*" value=""/>'
    );
    const { url, id } = sodaCutoutUrl(pos, region);
    expect(id).toBe('ivo://x/img1');
    expect(query(url)).toEqual([
      ['ID', 'ivo://x/img1'],
      ['POS', 'CIRCLE 55.748 -32.213 0.01']
    ]);
  });

  it('writes small radii as plain decimals and joins an access URL that has a query', () => {
    const doc = withDescriptor('', 'https://x/soda/sync?PROJECT=demo');
    const { url } = sodaCutoutUrl(doc, { ra: 10, dec: 0, radiusDeg: 1e-7 });
    expect(url).toBe(
      'https://x/soda/sync?PROJECT=demo&ID=ivo%3A%2F%2Fx%2Fimg1&CIRCLE=10+0+0.0000001'
    );
  });

  it('passes on the service’s refusal of an unknown dataset', () => {
    expect(() =>
      sodaCutoutUrl(
        corpus('lsst-sqre__datalinker__tests__data__links__nonexistent.xml'),
        region
      )
    ).toThrow(
      "The service reported an error: NotFoundFault: Unknown dataset ID 'butler://dr1/abb90721-3735-477d-ae8c-7726ec118c50' (ID butler://dr1/abb90721-3735-477d-ae8c-7726ec118c50)"
    );
  });

  it('refuses a document without a cutout service, and one whose rows stop early', () => {
    expect(() =>
      sodaCutoutUrl(
        corpus('lsst-sqre__datalinker__tests__data__links__empty.xml'),
        region
      )
    ).toThrow(/offers no SODA cutout service/);
    // Rows in a file of their own: the reader cannot say which links there are.
    const unread = withDescriptor(
      '',
      'https://x/soda/sync',
      '<BINARY><STREAM href="https://x/rows.bin"/></BINARY>'
    );
    expect(() => sodaCutoutUrl(unread, region)).toThrow(
      /could not be read whole: .*separate file/
    );
  });
});

describe('resolving a cutout through the proxy', () => {
  it('reads the DataLink document by its URL and passes on what reading it noted', async () => {
    const asked: string[] = [];
    const fetchUpstream: UpstreamFetcher = async url => {
      asked.push(url);
      return new Response(
        corpusDocument(
          'datalink',
          'lsst-sqre__datalinker__tests__data__links__calexp.xml'
        )
      );
    };
    const target = await resolveCutout(
      {
        datalinkUrl: 'https://data-dev.lsst.cloud/api/datalink/links?ID=x',
        ...region
      },
      [],
      fetchUpstream
    );
    expect(asked).toEqual([
      'https://data-dev.lsst.cloud/api/datalink/links?ID=x'
    ]);
    expect(target.url).toMatch(
      /^https:\/\/data-dev\.lsst\.cloud\/api\/cutout\/sync\?ID=/
    );
    expect(target.notes).toEqual([]);
  });
});
