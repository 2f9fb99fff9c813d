/**
 * Saying when an async job ends: the jobs seen waiting or running in this session that the
 * service now lists as completed, failed or aborted, each told once, with what to do next.
 * Jobs already over when first seen were not watched, so they are not news.
 */
import { isActivePhase, isFinalPhase, jobParameter } from '../vo';
import type { IJobEntry } from './model';

/** Waiting to start (PENDING), queued or running: a job whose end is worth telling. */
function watched(phase: string): boolean {
  return phase === 'PENDING' || isActivePhase(phase);
}

export class JobEndWatcher {
  /**
   * The jobs of `serviceId` that ended since the last update. A new service starts over: its
   * running jobs are watched from now on.
   */
  update(
    serviceId: string | null,
    jobs: ReadonlyArray<IJobEntry>
  ): IJobEntry[] {
    if (serviceId !== this._serviceId) {
      this._serviceId = serviceId;
      this._watched = new Set(
        jobs.filter(job => watched(job.phase)).map(job => job.id)
      );
      return [];
    }
    const ended: IJobEntry[] = [];
    const next = new Set<string>();
    for (const job of jobs) {
      if (watched(job.phase)) {
        next.add(job.id);
      } else if (
        this._watched.has(job.id) &&
        isFinalPhase(job.phase) &&
        job.phase !== 'ARCHIVED'
      ) {
        ended.push(job);
      }
    }
    // A job that left the list (deleted) is no longer watched; one that ended is told once.
    this._watched = next;
    return ended;
  }

  private _serviceId: string | null = null;
  private _watched = new Set<string>();
}

export type JobEndAction = 'show-rows' | 'insert-code' | 'show-job';

export interface IJobEndNotice {
  type: 'success' | 'error' | 'warning';
  message: string;
  actions: JobEndAction[];
}

/** At most this much of the query in a notification. */
const QUERY_EXCERPT = 80;

function excerpt(query: string): string {
  const line = query.replace(/\s+/g, ' ').trim();
  return line.length > QUERY_EXCERPT
    ? `${line.slice(0, QUERY_EXCERPT - 1)}…`
    : line;
}

/** How long the job ran, from its own times (none when the service gave none). */
export function jobDuration(entry: IJobEntry): string {
  const job = entry.job;
  if (!job?.startTime) {
    return '';
  }
  const start = Date.parse(job.startTime);
  const end = job.endTime ? Date.parse(job.endTime) : Date.now();
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    return '';
  }
  const seconds = Math.max(0, Math.round((end - start) / 1000));
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/**
 * What to tell about a job that ended: a completed job's rows can be looked at or fetched in a
 * notebook; a failed one says why; an aborted one where it is.
 */
export function jobEndNotice(
  entry: IJobEntry,
  serviceTitle: string
): IJobEndNotice {
  const query = entry.job ? jobParameter(entry.job, 'QUERY') : undefined;
  const subject = `Async job ${entry.id} on ${serviceTitle}`;
  const about = query ? ` (${excerpt(query)})` : '';
  const duration = jobDuration(entry);
  switch (entry.phase) {
    case 'COMPLETED':
      return {
        type: 'success',
        message: `${subject} completed${duration ? ` in ${duration}` : ''}${about}.`,
        actions: ['show-rows', 'insert-code']
      };
    case 'ERROR': {
      const why = entry.job?.errorSummary?.message;
      return {
        type: 'error',
        message: `${subject} failed${about}${why ? `: ${why}` : '.'}`,
        actions: ['show-job']
      };
    }
    default:
      return {
        type: 'warning',
        message: `${subject} was aborted${about}.`,
        actions: ['show-job']
      };
  }
}
