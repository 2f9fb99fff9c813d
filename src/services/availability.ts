/**
 * Is a service up? VOSI availability for the DAL services, the HiPS `list` (or, for a single
 * survey, its `properties`) for HiPS. The fetch is injected so the decision logic is tested without a server.
 */
import { AvailabilityState, IServiceDescription } from '../tokens';
import { VOParseError, parseAvailability } from '../vo';
import type { ServiceFetcher } from './client';
import { ServiceCallError } from './errors';

function stateForError(error: unknown): AvailabilityState {
  if (error instanceof ServiceCallError) {
    switch (error.kind) {
      case 'no-token':
        return { state: 'no-token', note: error.message };
      case 'unauthorized':
      case 'forbidden':
        return { state: 'unauthorized', note: error.message };
      case 'unreachable':
      case 'timeout':
      case 'network':
        return { state: 'unreachable', note: error.message };
      case 'cancelled':
        return { state: 'unknown' };
      default:
        return { state: 'error', note: error.message };
    }
  }
  if (error instanceof VOParseError) {
    return {
      state: 'error',
      note: `The service answered, but not with a readable availability document: ${error.message}`
    };
  }
  return { state: 'error', note: (error as Error).message ?? String(error) };
}

async function firstThatExists(
  service: IServiceDescription,
  paths: string[],
  fetcher: ServiceFetcher,
  signal: AbortSignal
): Promise<{ path: string; response: Response }> {
  let lastError: unknown = null;
  for (const path of paths) {
    try {
      const response = await fetcher(service.id, path, {
        method: 'GET',
        signal,
        serviceTitle: service.title
      });
      return { path, response };
    } catch (error) {
      // Only a missing endpoint is worth a second try; anything else says what it needs to.
      if (error instanceof ServiceCallError && error.kind === 'not-found') {
        lastError = error;
        continue;
      }
      throw error;
    }
  }
  throw lastError;
}

export async function probeAvailability(
  service: IServiceDescription,
  fetcher: ServiceFetcher,
  signal: AbortSignal
): Promise<AvailabilityState> {
  try {
    if (service.kind === 'hips') {
      // A platform's HiPS service is a list of surveys (the sky viewer reads it), rarely one
      // survey: the list first, so the usual check requests nothing that is not there.
      const { response } = await firstThatExists(
        service,
        ['list', 'properties'],
        fetcher,
        signal
      );
      void response.body?.cancel();
      return { state: 'available' };
    }
    const { path, response } = await firstThatExists(
      service,
      ['availability', 'capabilities'],
      fetcher,
      signal
    );
    if (path === 'capabilities') {
      return {
        state: 'available',
        note: 'The service has no VOSI availability endpoint; its capabilities answered.'
      };
    }
    const availability = parseAvailability(await response.text());
    const note = availability.notes.join(' ').trim();
    if (!availability.available) {
      return {
        state: 'unavailable',
        note: note || 'The service reports itself as unavailable.'
      };
    }
    return note ? { state: 'available', note } : { state: 'available' };
  } catch (error) {
    if (signal.aborted) {
      return { state: 'unknown' };
    }
    return stateForError(error);
  }
}
