/**
 * The one place that talks HTTP to our server extension.
 * Everything goes same-origin with the Jupyter session (cookie + XSRF) via ServerConnection.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import {
  IServiceDescription,
  IServicesResponse,
  IUserService,
  IUserServiceCheck
} from '../tokens';
import { ServiceCallError, describeFailure } from './errors';

/** How every feature reaches a service: through the proxy, by service id and path. */
export type ServiceFetcher = (
  serviceId: string,
  path: string,
  init: RequestInit & { serviceTitle?: string }
) => Promise<Response>;

/**
 * How a URL found in a service's answer (a DataLink access_url, a SODA URL) is fetched: through
 * the proxy when it lies under one of the services (fetchUpstream), refused otherwise.
 */
export type UpstreamFetcher = (
  url: string,
  services: ReadonlyArray<IServiceDescription>,
  init?: RequestInit
) => Promise<Response>;

export const API_NAMESPACE = 'jupyterlab-rsp-api';

function settings(): ServerConnection.ISettings {
  return ServerConnection.makeSettings();
}

// Control characters are exactly what this pattern is for.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const SINGLE_OR_DOUBLE_DOT = /^\.\.?$/;

/** Undo %-encoding once, as Python's `unquote` does: malformed escapes stay as they are. */
function unquote(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, run => {
    try {
      return decodeURIComponent(run);
    } catch {
      // Not UTF-8: ASCII bytes keep their meaning (they are what could climb), others are noise.
      return run.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
        const byte = parseInt(hex, 16);
        return byte < 0x80 ? String.fromCharCode(byte) : '\ufffd';
      });
    }
  });
}

/** Why one raw segment may not be passed on (the server's `segment_problem`), or null. */
function segmentProblem(segment: string): string | null {
  let decoded = segment;
  let times = 0;
  for (; times < 5; times++) {
    const once = unquote(decoded);
    if (once === decoded) {
      break;
    }
    decoded = once;
  }
  if (times === 5) {
    return 'the path is encoded too many times to be trusted';
  }
  if (
    decoded.includes('/') ||
    decoded.includes('\\') ||
    CONTROL.test(decoded)
  ) {
    return 'the path hides a slash, backslash or control character';
  }
  const name = decoded
    .normalize('NFKC')
    .split(';', 1)[0]
    .replace(/[ \t]+$/, '');
  if (SINGLE_OR_DOUBLE_DOT.test(name)) {
    return "the path climbs out of the service ('..', also as '..;' or encoded)";
  }
  if (name === '' && decoded.includes(';')) {
    return "the path has an empty segment hidden behind ';' parameters";
  }
  return null;
}

/**
 * Why a path relative to a service's base may not go through the proxy, or null when it may:
 * the rules of the server's `path_problem` (jupyterlab_rsp_api/containment.py), so that a URL
 * the browser would resolve outside the service is never built.
 */
export function pathProblem(rawPath: string): string | null {
  if (rawPath === '') {
    return null;
  }
  if (CONTROL.test(rawPath) || rawPath.includes('\\')) {
    return 'the path contains characters a URL path may not hold';
  }
  const segments = rawPath.split('/');
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    if (segment === '' && index !== segments.length - 1) {
      return "the path has an empty segment ('//')";
    }
    const problem = segmentProblem(segment);
    if (problem) {
      return problem;
    }
    if (index === 0 && unquote(segment).includes(':')) {
      return 'the path looks like a URL of its own';
    }
  }
  return null;
}

/**
 * Absolute URL of a path (and query) inside a service, through the proxy. Throws a
 * `bad-request` ServiceCallError for a path that could climb out of the service (a job id of
 * `..` from a UWS listing, say): the browser would resolve it onto another service.
 */
export function proxyUrl(serviceId: string, path = ''): string {
  const base = URLExt.join(
    settings().baseUrl,
    API_NAMESPACE,
    'proxy',
    encodeURIComponent(serviceId)
  );
  const relative = path.replace(/^\/+/, '');
  const question = relative.indexOf('?');
  const problem = pathProblem(
    question < 0 ? relative : relative.slice(0, question)
  );
  if (problem) {
    throw new ServiceCallError(
      'bad-request',
      `${relative} is not a path inside ${serviceId}: ${problem}.`,
      null,
      serviceId
    );
  }
  return `${base}/${relative}`;
}

/**
 * Map an upstream URL (a job URL, a DataLink access_url, a HiPS survey...; relative ones resolved
 * against `base`, the document's URL) onto the proxy, when it lies under a known service's base
 * as the browser resolves it (dot segments, `%2e`, backslashes) and stays there for the upstream
 * too (Tomcat's `;params`). Returns null otherwise: those URLs are not ours to fetch. The cases the
 * server's `proxy_path_for` must agree with are in
 * jupyterlab_rsp_api/tests/data/containment-cases.json.
 */
export function upstreamToProxyUrl(
  url: string,
  services: ReadonlyArray<IServiceDescription>,
  base?: string
): string | null {
  let target: URL;
  try {
    target = base === undefined ? new URL(url) : new URL(url, base);
  } catch {
    return null;
  }
  if (
    (target.protocol !== 'http:' && target.protocol !== 'https:') ||
    target.username !== '' ||
    target.password !== ''
  ) {
    return null;
  }
  target.hash = '';
  const pathAndQuery = target.href.slice(target.origin.length);
  const question = pathAndQuery.indexOf('?');
  const path = question < 0 ? pathAndQuery : pathAndQuery.slice(0, question);
  const query = question < 0 ? '' : pathAndQuery.slice(question);
  let best: { id: string; prefix: string } | null = null;
  for (const service of services) {
    let serviceUrl: URL;
    try {
      serviceUrl = new URL(service.url);
    } catch {
      continue;
    }
    const prefix = serviceUrl.pathname.replace(/\/+$/, '');
    if (
      serviceUrl.origin === target.origin &&
      (path === prefix || path.startsWith(`${prefix}/`)) &&
      (!best || prefix.length > best.prefix.length)
    ) {
      best = { id: service.id, prefix };
    }
  }
  if (!best) {
    return null;
  }
  const rest = path.slice(best.prefix.length).replace(/^\//, '');
  return pathProblem(rest) === null ? proxyUrl(best.id, rest + query) : null;
}

async function send(
  url: string,
  init: RequestInit,
  serviceId: string | null
): Promise<Response> {
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings());
  } catch (error) {
    if (init.signal?.aborted) {
      throw new ServiceCallError('cancelled', 'Cancelled.', null, serviceId);
    }
    throw new ServiceCallError(
      'network',
      `The Jupyter server did not answer (${(error as Error).message}). Is it still running?`,
      null,
      serviceId
    );
  }
  return response;
}

/** Marks an answer as the proxy's own error; its value is a kind of PROXY_KINDS (errors.ts). */
export const ERROR_HEADER = 'X-RSP-API-Error';

/**
 * The proxy's `X-RSP-API-Warning`: the answer is not exactly what the service sent (the token it
 * echoed was masked) or the request was not (Jupyter's own credential fields were dropped).
 */
export const WARNING_HEADER = 'X-RSP-API-Warning';

async function failure(
  response: Response,
  serviceId: string | null,
  serviceTitle?: string
): Promise<ServiceCallError> {
  let body = '';
  try {
    body = await response.text();
  } catch {
    // The body is only used for the message; an unreadable one leaves the status to speak.
  }
  const described = describeFailure({
    status: response.status,
    proxyErrorType: response.headers.get(ERROR_HEADER),
    body,
    serviceId,
    serviceTitle
  });
  const warning = response.headers.get(WARNING_HEADER);
  return warning
    ? new ServiceCallError(
        described.kind,
        `${described.message} (The proxy adds: ${warning}.)`,
        described.status,
        described.serviceId
      )
    : described;
}

/**
 * A successful answer the proxy had to alter, or sent for an altered request, is not used as if
 * it were the service's: the caller gets an error that says what happened.
 */
function refuseIfWarned(response: Response, serviceId: string | null): void {
  const warning = response.headers.get(WARNING_HEADER);
  if (warning) {
    void response.body?.cancel();
    throw new ServiceCallError(
      'upstream-error',
      `The answer was not used: ${warning}.`,
      response.status,
      serviceId
    );
  }
}

/**
 * `GET services`: the discovered services, the token state (never the token), problems. With
 * `userServices`, `PUT user-services` first registers the user's own TAP URLs and answers the same.
 */
export async function fetchServices(
  signal?: AbortSignal,
  userServices?: ReadonlyArray<IUserService>
): Promise<IServicesResponse> {
  const base = settings().baseUrl;
  const response =
    userServices === undefined
      ? await send(
          URLExt.join(base, API_NAMESPACE, 'services'),
          { method: 'GET', signal },
          null
        )
      : await send(
          URLExt.join(base, API_NAMESPACE, 'user-services'),
          {
            method: 'PUT',
            body: JSON.stringify({ services: userServices }),
            signal
          },
          null
        );
  if (!response.ok) {
    throw await failure(response, null, 'The RSP API server extension');
  }
  return (await response.json()) as IServicesResponse;
}

/**
 * `POST user-services/check`: the server reads the URL's VOSI capabilities (or availability)
 * through the proxy, without the token, and says whether it is a TAP service.
 */
export async function checkUserService(
  url: string,
  signal?: AbortSignal
): Promise<IUserServiceCheck> {
  const response = await send(
    URLExt.join(settings().baseUrl, API_NAMESPACE, 'user-services', 'check'),
    { method: 'POST', body: JSON.stringify({ url }), signal },
    null
  );
  if (!response.ok) {
    throw await failure(response, null, 'The RSP API server extension');
  }
  return (await response.json()) as IUserServiceCheck;
}

export interface IServiceRequest extends RequestInit {
  serviceTitle?: string;
}

/**
 * Call a path of a service through the proxy. Resolves with the Response when it is 2xx (the body
 * still unread, so large documents can be streamed), throws a ServiceCallError otherwise.
 */
export async function fetchFromService(
  serviceId: string,
  path: string,
  init: IServiceRequest = {}
): Promise<Response> {
  const { serviceTitle, ...requestInit } = init;
  const response = await send(
    proxyUrl(serviceId, path),
    requestInit,
    serviceId
  );
  if (!response.ok) {
    throw await failure(response, serviceId, serviceTitle);
  }
  refuseIfWarned(response, serviceId);
  return response;
}

/**
 * Fetch an upstream URL (a DataLink or SODA URL found in a result) through the proxy. URLs
 * outside every known service are refused: the proxy is not an open relay.
 */
export async function fetchUpstream(
  url: string,
  services: ReadonlyArray<IServiceDescription>,
  init: RequestInit = {}
): Promise<Response> {
  const proxied = upstreamToProxyUrl(url, services);
  if (!proxied) {
    throw new ServiceCallError(
      'not-found',
      `${url} belongs to none of the lab's services, so it is not fetched.`
    );
  }
  const response = await send(proxied, init, null);
  if (!response.ok) {
    throw await failure(response, null, new URL(url).host);
  }
  refuseIfWarned(response, null);
  return response;
}
