/**
 * Adding a TAP service by URL: the server first checks that the URL is a TAP service that
 * answers (`POST user-services/check`), and only then does it join the user's list. Pure apart
 * from the two functions it is given, so every path is unit-tested.
 */
import { IUserService, IUserServiceCheck } from '../tokens';
import { ServiceCallError } from './errors';

export interface IAddUserService {
  url: string;
  title: string;
  /** The user's services as they are kept now. */
  kept: ReadonlyArray<IUserService>;
  check(url: string, signal?: AbortSignal): Promise<IUserServiceCheck>;
  save(entries: IUserService[]): Promise<void>;
  signal?: AbortSignal;
}

const ALREADY_KEPT = 'That service is already in your list.';

/**
 * Resolves with what the check found (for the form to say); rejects with an Error whose message
 * says why the URL is not kept, or a `cancelled` ServiceCallError when the user cancelled.
 */
export async function addUserService(
  request: IAddUserService
): Promise<string> {
  const kept = (url: string): boolean => request.kept.some(s => s.url === url);
  const typed = request.url.trim().replace(/\/+$/, '');
  if (typed !== '' && kept(typed)) {
    throw new Error(ALREADY_KEPT);
  }
  const verdict = await request.check(typed, request.signal);
  if (request.signal?.aborted) {
    throw new ServiceCallError('cancelled', 'Cancelled.');
  }
  if (!verdict.ok) {
    throw new Error(verdict.message);
  }
  if (kept(verdict.url)) {
    throw new Error(ALREADY_KEPT);
  }
  const title = request.title.trim();
  await request.save([
    ...request.kept,
    title ? { url: verdict.url, title } : { url: verdict.url }
  ]);
  return verdict.message;
}
