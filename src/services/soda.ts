/**
 * SODA cutouts reached through DataLink: an image's links document (its ObsCore access_url,
 * fetched through the proxy) names the SODA service and the dataset's ID; the cutout is a circle
 * around a position, asked for in the parameters that service descriptor offers.
 */
import {
  ICutoutDescriptor,
  IDataLinkResponse,
  VOParseError,
  cutoutDescriptor,
  linkErrors,
  numberLiteral,
  parseDataLink,
  thisLinks
} from '../vo';
import type { IServiceDescription } from '../tokens';
import type { UpstreamFetcher } from './client';

export interface ICutoutRegion {
  ra: number;
  dec: number;
  radiusDeg: number;
}

export interface ICutoutRequest extends ICutoutRegion {
  /** The image's DataLink URL (ObsCore access_url with content=datalink). */
  datalinkUrl: string;
}

export interface ICutoutTarget {
  /** The SODA sync URL that returns the cutout. */
  url: string;
  /** The dataset's ID, as the DataLink document names it. */
  id: string;
  /** What reading the DataLink document noted, for the viewer to show with the cutout. */
  notes: string[];
}

/** The SODA parameters the cutout chooses; other offered ones the service fixes or we leave. */
const CHOSEN = new Set([
  'ID',
  'POS',
  'CIRCLE',
  'POLYGON',
  'BAND',
  'TIME',
  'POL'
]);

/**
 * The region as the descriptor asks for it: its own name for CIRCLE (CADC's older services say
 * CIRC), else SODA's POS with a CIRCLE shape when only POS is offered, else CIRCLE itself.
 */
function regionParameter(
  descriptor: ICutoutDescriptor,
  region: ICutoutRegion
): [string, string] {
  const circle = [region.ra, region.dec, region.radiusDeg]
    .map(numberLiteral)
    .join(' ');
  if (descriptor.params.CIRCLE) {
    return [descriptor.params.CIRCLE.name, circle];
  }
  if (descriptor.params.POS) {
    return [descriptor.params.POS.name, `CIRCLE ${circle}`];
  }
  return ['CIRCLE', circle];
}

/**
 * The SODA sync URL of a cutout of the image a DataLink document describes. Parameters the
 * descriptor fixes with a value of its own (CADC's RUNID, Rubin's CUTOUTDETAIL) are sent as
 * DataLink asks; those already in the access URL's query stay as the service wrote them.
 * Throws the service's VOServiceError when it could not link the image, and VOParseError when
 * the document cannot name a cutout whole: rows missing, no SODA service, or no dataset ID.
 */
export function sodaCutoutUrl(
  datalink: IDataLinkResponse,
  region: ICutoutRegion
): { url: string; id: string } {
  if (datalink.fault) {
    throw new VOParseError(
      `The DataLink document of this image could not be read whole: ${datalink.fault.message}`,
      'a DataLink document',
      datalink.fault.code
    );
  }
  const descriptor = cutoutDescriptor(datalink);
  const [refused] = linkErrors(datalink);
  if (!descriptor && refused) {
    // The service's own word (an unknown dataset ID, say) says more than "no cutout".
    throw refused;
  }
  if (!descriptor) {
    throw new VOParseError(
      'The DataLink document offers no SODA cutout service for this image.',
      'a DataLink document with a SODA service',
      'invalid',
      'no cutout service'
    );
  }
  const base = descriptor.accessURL;
  const question = base.indexOf('?');
  const given = new URLSearchParams(question < 0 ? '' : base.slice(question));
  // ALMA writes the dataset's ID into the access URL itself.
  const id =
    given.get('ID') ??
    descriptor.id ??
    thisLinks(datalink)[0]?.ID ??
    datalink.links[0]?.ID ??
    '';
  if (id === '') {
    throw new VOParseError(
      'The DataLink document names no dataset ID for the cutout service.',
      'a DataLink document with the dataset ID',
      'invalid',
      'no dataset ID'
    );
  }
  const params = new URLSearchParams();
  const add = (name: string, value: string) => {
    if (!given.has(name)) {
      params.append(name, value);
    }
  };
  add('ID', id);
  add(...regionParameter(descriptor, region));
  for (const param of descriptor.inputParams) {
    if (param.value !== '' && !CHOSEN.has(param.name.toUpperCase())) {
      add(param.name, param.value);
    }
  }
  const query = params.toString();
  const joiner = question < 0 ? '?' : /[?&]$/.test(base) ? '' : '&';
  return { url: query ? `${base}${joiner}${query}` : base, id };
}

/** Read an image's DataLink document through the proxy and say where its cutout is. */
export async function resolveCutout(
  request: ICutoutRequest,
  services: ReadonlyArray<IServiceDescription>,
  fetchUpstream: UpstreamFetcher,
  signal?: AbortSignal
): Promise<ICutoutTarget> {
  const links = await fetchUpstream(request.datalinkUrl, services, { signal });
  const datalink = parseDataLink(await links.text());
  return {
    ...sodaCutoutUrl(datalink, request),
    notes: datalink.warnings.map(warning => `DataLink: ${warning}`)
  };
}
