/**
 * HiPS surveys through the proxy: each HiPS service's `list` read by the vo core, and the
 * surveys' tile URLs mapped onto the proxy (Aladin Lite cannot send the token).
 */
import { IHipsSurvey, parseHipsList } from '../vo';
import type { IServiceDescription } from '../tokens';
import { type ServiceFetcher, upstreamToProxyUrl } from './client';

/**
 * Every survey of every HiPS service. One unreadable list among several only hides its surveys;
 * none readable is an error that says why each failed.
 */
export async function hipsSurveys(
  fetcher: ServiceFetcher,
  services: ReadonlyArray<IServiceDescription>,
  signal?: AbortSignal
): Promise<IHipsSurvey[]> {
  const found: IHipsSurvey[] = [];
  const problems: string[] = [];
  for (const service of services) {
    if (service.kind !== 'hips') {
      continue;
    }
    try {
      const response = await fetcher(service.id, 'list', {
        method: 'GET',
        serviceTitle: service.title,
        signal
      });
      found.push(...parseHipsList(await response.text()));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (found.length === 0 && problems.length > 0) {
    throw new Error(`the HiPS list could not be read: ${problems.join(' ')}`);
  }
  return found;
}

/** Where a survey's tiles are read from: through the proxy, or null outside every service. */
export function hipsTilesUrl(
  survey: IHipsSurvey,
  services: ReadonlyArray<IServiceDescription>
): string | null {
  return upstreamToProxyUrl(survey.url, services);
}
