/**
 * A SODA cutout of an image found in a result: the row's DataLink document (through the proxy)
 * names the SODA service and the image's ID; the cutout is a CIRCLE around a position.
 */
import { numberLiteral } from '../codegen';
import { IServiceDescription } from '../tokens';
import { VOParseError, cutoutDescriptor, parseDataLink } from '../vo';

export interface ICutoutRequest {
  /** The row's DataLink URL (ObsCore access_url with content=datalink). */
  datalinkUrl: string;
  ra: number;
  dec: number;
  radiusDeg: number;
}

export type UpstreamFetch = (
  url: string,
  services: ReadonlyArray<IServiceDescription>,
  init?: RequestInit
) => Promise<Response>;

/**
 * The SODA sync URL with ID and CIRCLE for a cutout, and what reading the DataLink document
 * noted (for the viewer to show). A links table whose rows stop early is an error: the link
 * that names the cutout service, or the image's ID, may be among the rows missing.
 */
export async function cutoutUrl(
  request: ICutoutRequest,
  services: ReadonlyArray<IServiceDescription>,
  fetchUpstream: UpstreamFetch,
  signal?: AbortSignal
): Promise<{ url: string; id: string; notes: string[] }> {
  const links = await fetchUpstream(request.datalinkUrl, services, { signal });
  const datalink = parseDataLink(await links.text());
  if (datalink.fault) {
    throw new VOParseError(
      `The DataLink document of this image could not be read whole: ${datalink.fault.message}`,
      'a DataLink document',
      datalink.fault.code
    );
  }
  const descriptor = cutoutDescriptor(datalink);
  if (!descriptor) {
    throw new VOParseError(
      'The DataLink document offers no SODA cutout service for this image.',
      'a DataLink document with a SODA service',
      'invalid',
      'no cutout service'
    );
  }
  const id = descriptor.id ?? datalink.links[0]?.ID ?? '';
  const params = new URLSearchParams({
    ID: id,
    CIRCLE: [request.ra, request.dec, request.radiusDeg]
      .map(numberLiteral)
      .join(' ')
  });
  const base = descriptor.accessURL;
  return {
    url: `${base}${base.includes('?') ? '&' : '?'}${params}`,
    id,
    notes: datalink.warnings.map(w => `DataLink: ${w}`)
  };
}
