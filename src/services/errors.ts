/**
 * Turning a failed call through the server extension into a message a scientist understands.
 * Pure: no fetch, no JupyterLab imports, so every case is unit-tested.
 */

export type ServiceFailureKind =
  | 'no-token'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'unreachable'
  | 'timeout'
  | 'bad-request'
  | 'upstream-error'
  | 'network'
  | 'cancelled';

export class ServiceCallError extends Error {
  constructor(
    readonly kind: ServiceFailureKind,
    message: string,
    readonly status: number | null = null,
    readonly serviceId: string | null = null
  ) {
    super(message);
    this.name = 'ServiceCallError';
  }
}

/**
 * A user's Cancel (or a request a newer one replaced), from the services client or a stream
 * reader: said neutrally, or not at all, never as an error.
 */
export function isCancelled(error: unknown): boolean {
  if (error instanceof ServiceCallError) {
    return error.kind === 'cancelled';
  }
  return error instanceof Error && error.name === 'AbortError';
}

/** What we know about a non-2xx answer from our proxy. */
export interface IFailedResponse {
  status: number;
  /** `X-RSP-API-Error`: set when the proxy itself refused or failed, absent when upstream answered. */
  proxyErrorType: string | null;
  body: string;
  serviceId: string | null;
  serviceTitle?: string;
}

function proxyMessage(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'error' in parsed) {
      const error = (parsed as { error: unknown }).error;
      if (error && typeof error === 'object' && 'message' in error) {
        const message = (error as { message: unknown }).message;
        return typeof message === 'string' ? message : null;
      }
    }
  } catch {
    // Not our JSON error: fall through to the generic wording.
  }
  return null;
}

/** A short readable excerpt of an upstream body: HTML titles and plain text, never markup. */
export function summarizeBody(body: string, limit = 300): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body);
  if (title) {
    return title[1].replace(/\s+/g, ' ').trim();
  }
  const text = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/**
 * The proxy's own error kinds (ProxyErrorKind in jupyterlab_rsp_api/proxy.py; its
 * test_contract.py checks both lists hold the same names) and what each means here.
 */
const PROXY_KINDS: Record<string, ServiceFailureKind> = {
  no_token: 'no-token',
  unknown_service: 'not-found',
  bad_path: 'bad-request',
  upstream_unreachable: 'unreachable',
  upstream_timeout: 'timeout',
  too_many_redirects: 'upstream-error',
  upstream_error: 'upstream-error',
  upstream_bad_answer: 'upstream-error',
  token_reflected: 'upstream-error',
  service_busy: 'timeout',
  cross_site: 'forbidden'
};

export function describeFailure(response: IFailedResponse): ServiceCallError {
  const name = response.serviceTitle ?? response.serviceId ?? 'the service';
  const { status, serviceId } = response;
  if (response.proxyErrorType) {
    const kind = PROXY_KINDS[response.proxyErrorType] ?? 'upstream-error';
    const message =
      proxyMessage(response.body) ??
      `The Jupyter server could not reach ${name} (${response.proxyErrorType}).`;
    return new ServiceCallError(kind, message, status, serviceId);
  }
  const excerpt = summarizeBody(response.body);
  const detail = excerpt ? ` The service said: ${excerpt}` : '';
  switch (status) {
    case 401:
      return new ServiceCallError(
        'unauthorized',
        `${name} refused the access token (HTTP 401). The token may have expired: reload the ` +
          'platform page to log in again, or check where the server reads the token from.',
        status,
        serviceId
      );
    case 403:
      return new ServiceCallError(
        'forbidden',
        `${name} refused access (HTTP 403): your token is valid but lacks the rights for this service.${detail}`,
        status,
        serviceId
      );
    case 404:
      return new ServiceCallError(
        'not-found',
        `${name} has no such resource (HTTP 404).${detail}`,
        status,
        serviceId
      );
    default:
      if (status >= 400 && status < 500) {
        return new ServiceCallError(
          'bad-request',
          `${name} rejected the request (HTTP ${status}).${detail}`,
          status,
          serviceId
        );
      }
      return new ServiceCallError(
        'upstream-error',
        `${name} failed (HTTP ${status}).${detail}`,
        status,
        serviceId
      );
  }
}
