/**
 * The one place that talks HTTP to our server extension.
 * Everything goes same-origin with the Jupyter session (cookie + XSRF) via ServerConnection.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import {
  IServiceDescription,
  IServicesResponse,
  IUserService
} from '../tokens';
import { ServiceCallError, describeFailure } from './errors';

export const API_NAMESPACE = 'jupyterlab-rsp-api';

function settings(): ServerConnection.ISettings {
  return ServerConnection.makeSettings();
}

/** Absolute URL of a path inside a service, through the proxy. */
export function proxyUrl(serviceId: string, path = ''): string {
  const base = URLExt.join(
    settings().baseUrl,
    API_NAMESPACE,
    'proxy',
    encodeURIComponent(serviceId)
  );
  return path ? `${base}/${path.replace(/^\/+/, '')}` : `${base}/`;
}

/**
 * Map an upstream URL (a job URL, a DataLink access_url...) onto the proxy, when it lies under a
 * known service's base. Returns null for URLs outside every service: those are not ours to fetch.
 */
export function upstreamToProxyUrl(
  url: string,
  services: ReadonlyArray<IServiceDescription>
): string | null {
  let best: IServiceDescription | null = null;
  for (const service of services) {
    const base = service.url.replace(/\/+$/, '');
    if (
      url === base ||
      url.startsWith(`${base}/`) ||
      url.startsWith(`${base}?`)
    ) {
      if (!best || base.length > best.url.replace(/\/+$/, '').length) {
        best = service;
      }
    }
  }
  if (!best) {
    return null;
  }
  const rest = url
    .slice(best.url.replace(/\/+$/, '').length)
    .replace(/^\//, '');
  return rest.startsWith('?')
    ? `${proxyUrl(best.id)}${rest}`
    : proxyUrl(best.id, rest);
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
  return describeFailure({
    status: response.status,
    proxyErrorType: response.headers.get('X-RSP-API-Error'),
    body,
    serviceId,
    serviceTitle
  });
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
  return response;
}
