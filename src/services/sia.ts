/**
 * SIAv2 image searches through the proxy: `<service>/query` with a POS circle, the answer (an
 * ObsCore table) read by the vo core.
 */
import {
  IImageRecord,
  IImageResult,
  ISkyPoint,
  numberLiteral,
  parseSIAResult
} from '../vo';
import type { IServiceDescription } from '../tokens';
import type { ServiceFetcher } from './client';

export interface IImageSearch {
  centre: ISkyPoint;
  /** The radius of the POS circle: images that touch it are found. */
  radiusDeg: number;
  maxrec?: number;
  signal?: AbortSignal;
}

/** The SIAv2 query path (and parameters) of a search. */
export function siaQueryPath(search: IImageSearch): string {
  const params = new URLSearchParams({
    POS: `CIRCLE ${[search.centre.ra, search.centre.dec, search.radiusDeg]
      .map(numberLiteral)
      .join(' ')}`
  });
  if (search.maxrec !== undefined) {
    params.set('MAXREC', String(Math.floor(search.maxrec)));
  }
  return `query?${params}`;
}

/** Run an SIAv2 search; QUERY_STATUS=ERROR and documents that are not SIAv2 answers throw. */
export async function searchImages(
  fetcher: ServiceFetcher,
  service: IServiceDescription,
  search: IImageSearch
): Promise<IImageResult> {
  const response = await fetcher(service.id, siaQueryPath(search), {
    method: 'GET',
    serviceTitle: service.title,
    signal: search.signal
  });
  return parseSIAResult(await response.text());
}

export interface IImagesAt {
  /** The images whose access_url can be followed, in the service's order. */
  images: IImageRecord[];
  /** What the answer said beside its rows (a truncation, values that did not read). */
  notes: string[];
}

/**
 * The images of an SIAv2 service that cover a position. Throws when there are none, saying
 * whether that is the service's word or the answer stopped early (then "none" is not known).
 */
export async function imagesAt(
  fetcher: ServiceFetcher,
  service: IServiceDescription,
  centre: ISkyPoint,
  signal?: AbortSignal
): Promise<IImagesAt> {
  // A circle of about one arcsecond: images that contain the point, not its neighbours.
  const found = await searchImages(fetcher, service, {
    centre,
    radiusDeg: 0.0003,
    maxrec: 20,
    signal
  });
  const images = found.records.filter(
    record => typeof record.access_url === 'string' && record.access_url !== ''
  );
  if (images.length === 0) {
    throw new Error(
      found.fault
        ? `${service.title} answered, but ${found.fault.message}`
        : `No image of ${service.title} covers ${centre.ra.toFixed(5)} ${centre.dec.toFixed(5)}.`
    );
  }
  return {
    images,
    notes: [
      ...(found.fault ? [found.fault.message] : []),
      ...found.warnings
    ].map(note => `SIAv2: ${note}`)
  };
}
