/**
 * UWS, the IVOA's job protocol (a TAP service's `async`), through the proxy: list the jobs, read
 * one, start, abort or delete it, fetch its result. The documents are read by the vo core.
 */
import { IUWSJob, IUWSJobRef, parseUWSJob, parseUWSJobList } from '../vo';
import type { ServiceFetcher } from './client';

/** A job's id as a path segment of the service: UWS ids are opaque but must not escape it. */
export function jobPath(jobId: string, rest = ''): string {
  return `async/${encodeURIComponent(jobId)}${rest ? `/${rest}` : ''}`;
}

/** The job's URL on the service itself: what pyvo and lsst.rsp re-attach to. */
export function jobUrl(serviceUrl: string, jobId: string): string {
  return `${serviceUrl.replace(/\/+$/, '')}/${jobPath(jobId)}`;
}

/** The service's job list (`GET async`): ids and phases, whole jobs where ESA's TAP+ lists them. */
export async function listJobs(
  fetcher: ServiceFetcher,
  serviceId: string,
  signal?: AbortSignal
): Promise<IUWSJobRef[]> {
  const response = await fetcher(serviceId, 'async', { method: 'GET', signal });
  return parseUWSJobList(await response.text());
}

/** One job's document (`GET async/<id>`). */
export async function readJob(
  fetcher: ServiceFetcher,
  serviceId: string,
  jobId: string,
  signal?: AbortSignal
): Promise<IUWSJob> {
  const response = await fetcher(serviceId, jobPath(jobId), {
    method: 'GET',
    signal
  });
  return parseUWSJob(await response.text());
}

function postForm(
  fetcher: ServiceFetcher,
  serviceId: string,
  path: string,
  fields: Record<string, string>
): Promise<Response> {
  return fetcher(serviceId, path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
  });
}

/** Start a job created without running it (RUN), or ask the service to stop it (ABORT). */
export async function setJobPhase(
  fetcher: ServiceFetcher,
  serviceId: string,
  jobId: string,
  phase: 'RUN' | 'ABORT'
): Promise<void> {
  await postForm(fetcher, serviceId, jobPath(jobId, 'phase'), {
    PHASE: phase
  });
}

/** Delete a job and its results (POST ACTION=DELETE: every service accepts it, not all DELETE). */
export async function deleteJob(
  fetcher: ServiceFetcher,
  serviceId: string,
  jobId: string
): Promise<void> {
  await postForm(fetcher, serviceId, jobPath(jobId), { ACTION: 'DELETE' });
}

/** The job's result table (`async/<id>/results/result`), its body unread so it can stream. */
export function fetchJobResult(
  fetcher: ServiceFetcher,
  serviceId: string,
  jobId: string,
  signal?: AbortSignal
): Promise<Response> {
  return fetcher(serviceId, jobPath(jobId, 'results/result'), {
    method: 'GET',
    signal
  });
}
