import * as fs from 'fs';
import * as path from 'path';

import type { IServiceDescription } from '../../tokens';
import { corpusDocument } from '../../vo/__tests__/corpus';
import { type ServiceFetcher, proxyUrl } from '../client';
import { ServiceCallError } from '../errors';
import { hipsSurveys, hipsTilesUrl } from '../hips';
import { imagesAt, siaQueryPath } from '../sia';

const service = (
  id: string,
  kind: IServiceDescription['kind'],
  url: string
): IServiceDescription => ({
  id,
  title: `${id} service`,
  kind,
  url,
  auth: 'platform-token',
  tokenApplies: true,
  source: 'config'
});

const HIPS_LIST = fs.readFileSync(
  path.join(__dirname, '../../vo/__tests__/fixtures/demo-hips-list.txt'),
  'utf-8'
);

/** Answers each `<service>:<path>` from the pages; anything else is a 404. */
function fetcher(pages: Record<string, string>, asked: string[] = []) {
  const fetch: ServiceFetcher = async (serviceId, pathInService) => {
    asked.push(`${serviceId}:${pathInService}`);
    const body = pages[`${serviceId}:${pathInService}`];
    if (body === undefined) {
      throw new ServiceCallError('not-found', `${serviceId}: not found (404).`);
    }
    return new Response(body);
  };
  return fetch;
}

describe('SIAv2 through the proxy', () => {
  const sia = service('sia', 'sia', 'https://data.example.org/api/sia/dp02');

  it('asks for a POS circle in plain decimals, at most MAXREC images', () => {
    expect(
      siaQueryPath({
        centre: { ra: 253.06, dec: 69.9 },
        radiusDeg: 0.0003,
        maxrec: 20
      })
    ).toBe('query?POS=CIRCLE+253.06+69.9+0.0003&MAXREC=20');
  });

  it('finds the images at a position, and says when there are none', async () => {
    const answer = corpusDocument(
      'sia',
      'astropy__pyvo__pyvo__dal__tests__data__sia2__dataset.xml'
    );
    const centre = { ra: 253.06, dec: 69.9 };
    const path = siaQueryPath({ centre, radiusDeg: 0.0003, maxrec: 20 });
    const found = await imagesAt(
      fetcher({ [`sia:${path}`]: answer }),
      sia,
      centre
    );
    expect(found.images).toHaveLength(1);
    expect(String(found.images[0].access_url)).toMatch(/^https?:\/\//);

    const empty = answer.replace(/<TR>[\s\S]*<\/TR>/, '');
    await expect(
      imagesAt(fetcher({ [`sia:${path}`]: empty }), sia, centre)
    ).rejects.toThrow('No image of sia service covers 253.06000 69.90000.');
  });
});

describe('HiPS surveys through the proxy', () => {
  const hips = service('hips', 'hips', 'http://localhost:8081/api/hips');
  const other = service('hips2', 'hips', 'https://other.example.org/hips');
  const tap = service('tap', 'tap', 'http://localhost:8081/api/tap');

  it('reads each HiPS service’s list, and only theirs', async () => {
    const asked: string[] = [];
    const surveys = await hipsSurveys(
      fetcher({ 'hips:list': HIPS_LIST }, asked),
      [tap, hips]
    );
    expect(asked).toEqual(['hips:list']);
    expect(surveys.map(s => s.id)).toContain(
      'ivo://rsp.demo/P/dp02/deep_coadd/band_g'
    );
  });

  it('hides an unreadable list among readable ones; none readable is an error', async () => {
    const surveys = await hipsSurveys(fetcher({ 'hips:list': HIPS_LIST }), [
      other,
      hips
    ]);
    expect(surveys.length).toBeGreaterThan(0);
    await expect(hipsSurveys(fetcher({}), [other, hips])).rejects.toThrow(
      'the HiPS list could not be read: hips2: not found (404). hips: not found (404).'
    );
  });

  it('reads tiles through the proxy, and none from outside every service', async () => {
    const [g] = await hipsSurveys(fetcher({ 'hips:list': HIPS_LIST }), [hips]);
    expect(hipsTilesUrl(g, [hips])).toBe(
      proxyUrl('hips', g.url.slice(hips.url.length + 1))
    );
    expect(hipsTilesUrl(g, [other])).toBeNull();
  });
});
