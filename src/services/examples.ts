/**
 * A TAP service's DALI examples through the proxy: the page its capabilities name (else the TAP
 * 1.1 `examples` endpoint), and the continuation pages it links to that lie under the service.
 */
import {
  ICapabilities,
  IExamplesResult,
  collectExamples,
  examplesURL,
  pathUnderBase,
  tapBaseURL
} from '../vo';
import type { ServiceFetcher } from './client';
import { ServiceCallError } from './errors';

/**
 * Stands for the service's base when its capabilities do not say it: pages are then fetched by
 * their path under the service, as every request through the proxy is.
 */
const UNKNOWN_BASE = 'https://tap-service.invalid';

/** The service's examples, or null when it has none (none declared, none where TAP 1.1 puts it). */
export async function loadServiceExamples(
  fetcher: ServiceFetcher,
  serviceId: string,
  capabilities: ICapabilities | null,
  signal?: AbortSignal
): Promise<IExamplesResult | null> {
  const base = (capabilities && tapBaseURL(capabilities)) || UNKNOWN_BASE;
  const declared = capabilities ? examplesURL(capabilities) : undefined;
  const first = declared ?? `${base}/examples`;
  const load = async (url: string): Promise<string> => {
    const path = pathUnderBase(url, base);
    if (path === null) {
      throw new Error(
        `${url} lies outside this service, so it is not fetched through the lab.`
      );
    }
    const response = await fetcher(serviceId, path, { method: 'GET', signal });
    return response.text();
  };
  try {
    return await collectExamples(first, load);
  } catch (error) {
    // Without a declared page, a missing one means no examples; a declared one must be there.
    if (
      !declared &&
      error instanceof ServiceCallError &&
      error.kind === 'not-found'
    ) {
      return null;
    }
    throw error;
  }
}
