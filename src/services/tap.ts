/**
 * TAP requests through the proxy: a synchronous ADQL query answered as a VOTable. One place for
 * the TAP parameters, used by the preview, the TAP_SCHEMA loader and the jobs panel.
 */
import type { ServiceFetcher } from './client';

export interface ISyncQueryOptions {
  maxrec?: number;
  signal?: AbortSignal;
}

/** The TAP parameters of an ADQL query, as a form body (POST keeps long queries out of URLs). */
export function tapQueryParameters(
  query: string,
  maxrec?: number
): URLSearchParams {
  const body = new URLSearchParams({
    REQUEST: 'doQuery',
    LANG: 'ADQL',
    QUERY: query,
    // TABLEDATA: every service writes it, and the vo core reads it as it streams.
    RESPONSEFORMAT: 'application/x-votable+xml;serialization=TABLEDATA'
  });
  if (maxrec !== undefined) {
    body.set('MAXREC', String(Math.floor(maxrec)));
  }
  return body;
}

/** Run an ADQL query on `<service>/sync`; the VOTable's own status is the caller's to read. */
export function tapSyncQuery(
  fetcher: ServiceFetcher,
  serviceId: string,
  query: string,
  options: ISyncQueryOptions = {}
): Promise<Response> {
  return fetcher(serviceId, 'sync', {
    method: 'POST',
    body: tapQueryParameters(query, options.maxrec),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    signal: options.signal
  });
}
