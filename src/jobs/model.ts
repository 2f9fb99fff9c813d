import { ISignal, Signal } from '@lumino/signaling';

import type { ServiceFetcher } from '../services/client';
import { ServiceCallError } from '../services/errors';
import { deleteJob, listJobs, readJob, setJobPhase } from '../services/uws';
import {
  IUWSJob,
  IUWSJobRef,
  VOError,
  isActivePhase,
  isFinalPhase
} from '../vo';

/** One job of the list: its reference, then its details once read. */
export interface IJobEntry {
  id: string;
  phase: string;
  job?: IUWSJob;
  /** Why the details could not be read. */
  error?: string;
}

export interface IJobsModelOptions {
  fetcher: ServiceFetcher;
  /** Jobs whose details are read; older ones are listed by id and phase only. */
  detailLimit?: number;
  /** Polling while a job is queued or running, and otherwise (ms). */
  activeInterval?: number;
  idleInterval?: number;
  /** Polling while a job runs and the list is not shown: only its end is awaited (ms). */
  unseenInterval?: number;
}

function message(error: unknown): string {
  if (error instanceof ServiceCallError || error instanceof VOError) {
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Newest first; jobs without a creation time (details not read) after those with one. */
export function sortJobs(entries: IJobEntry[]): IJobEntry[] {
  return [...entries].sort((a, b) => {
    const ta = a.job?.creationTime ?? '';
    const tb = b.job?.creationTime ?? '';
    return tb.localeCompare(ta) || a.id.localeCompare(b.id);
  });
}

/**
 * The UWS async jobs of one TAP service, read from `<service>/async` through the proxy: the
 * service is the source of truth, so the list survives reloads and lab restarts by itself.
 */
export class JobsModel {
  constructor(options: IJobsModelOptions) {
    this._options = options;
  }

  get changed(): ISignal<JobsModel, void> {
    return this._changed;
  }
  get serviceId(): string | null {
    return this._serviceId;
  }
  get jobs(): ReadonlyArray<IJobEntry> {
    return this._jobs;
  }
  get loading(): boolean {
    return this._loading;
  }
  get error(): string | null {
    return this._error;
  }
  /** Per-job action in progress or its failure, shown beside the job. */
  get notes(): ReadonlyMap<string, string> {
    return this._notes;
  }
  get anyActive(): boolean {
    return this._jobs.some(j => isActivePhase(j.phase));
  }

  setService(serviceId: string | null): void {
    if (serviceId === this._serviceId) {
      return;
    }
    this._serviceId = serviceId;
    this._jobs = [];
    this._error = null;
    this._notes.clear();
    this._details.clear();
    void this.refresh();
  }

  /**
   * Poll while someone looks at the list, and while a job runs even when no one does: its end is
   * announced (see JobEndWatcher), and it must be seen to be announced.
   */
  setVisible(visible: boolean): void {
    this._visible = visible;
    this._schedule();
    if (visible) {
      void this.refresh();
    }
  }

  async refresh(): Promise<void> {
    const serviceId = this._serviceId;
    if (!serviceId) {
      this._emit();
      return;
    }
    this._controller?.abort();
    const controller = new AbortController();
    this._controller = controller;
    this._loading = true;
    this._emit();
    try {
      const refs = await listJobs(
        this._options.fetcher,
        serviceId,
        controller.signal
      );
      await this._readDetails(serviceId, refs, controller.signal);
      if (this._controller !== controller) {
        return;
      }
      this._jobs = sortJobs(
        refs.map(ref => {
          const cached = this._details.get(ref.id);
          return {
            id: ref.id,
            phase: cached?.job?.phase ?? ref.phase,
            ...cached
          };
        })
      );
      this._error = null;
    } catch (error) {
      if (this._controller !== controller) {
        return;
      }
      this._error = `The jobs could not be listed: ${message(error)}`;
    } finally {
      if (this._controller === controller) {
        this._controller = null;
        this._loading = false;
        this._emit();
        this._schedule();
      }
    }
  }

  /** Start a job created without running it. */
  run(jobId: string): Promise<void> {
    return this._act(jobId, 'Starting…', serviceId =>
      setJobPhase(this._options.fetcher, serviceId, jobId, 'RUN')
    );
  }

  /** Ask the service to stop a job. */
  abort(jobId: string): Promise<void> {
    return this._act(jobId, 'Aborting…', serviceId =>
      setJobPhase(this._options.fetcher, serviceId, jobId, 'ABORT')
    );
  }

  /** Delete a job and its results on the service. */
  delete(jobId: string): Promise<void> {
    return this._act(jobId, 'Deleting…', serviceId =>
      deleteJob(this._options.fetcher, serviceId, jobId)
    );
  }

  dispose(): void {
    this._controller?.abort();
    window.clearTimeout(this._timer);
    Signal.clearData(this);
  }

  private async _act(
    jobId: string,
    note: string,
    request: (serviceId: string) => Promise<void>
  ): Promise<void> {
    const serviceId = this._serviceId;
    if (!serviceId) {
      return;
    }
    this._notes.set(jobId, note);
    this._emit();
    try {
      await request(serviceId);
      this._notes.delete(jobId);
      this._details.delete(jobId);
    } catch (error) {
      this._notes.set(jobId, message(error));
    }
    await this.refresh();
  }

  /** Details of the newest jobs; a finished job's details never change, so they are kept. */
  private async _readDetails(
    serviceId: string,
    refs: IUWSJobRef[],
    signal: AbortSignal
  ): Promise<void> {
    const limit = this._options.detailLimit ?? 100;
    // ESA TAP+ lists whole jobs: their details need no request of their own.
    for (const ref of refs) {
      if (ref.job) {
        this._details.set(ref.id, { job: ref.job });
      }
    }
    const listed = refs.filter(ref => !ref.job);
    // Job ids are not ordered; without creation times in the list, read the most recent refs
    // the service returned (services list newest last or first; both ends are kept).
    const wanted = listed.length <= limit ? listed : listed.slice(-limit);
    const pending = wanted.filter(ref => {
      const known = this._details.get(ref.id);
      return !(known?.job && isFinalPhase(known.job.phase));
    });
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < pending.length && !signal.aborted) {
        const ref = pending[next++];
        try {
          this._details.set(ref.id, {
            job: await readJob(this._options.fetcher, serviceId, ref.id, signal)
          });
        } catch (error) {
          if (signal.aborted) {
            return;
          }
          this._details.set(ref.id, { error: message(error) });
        }
      }
    };
    // A few at a time: quick for tens of jobs, gentle on the service.
    await Promise.all([worker(), worker(), worker(), worker()]);
  }

  private _schedule(): void {
    window.clearTimeout(this._timer);
    if (!this._serviceId || (!this._visible && !this.anyActive)) {
      return;
    }
    const interval = !this._visible
      ? (this._options.unseenInterval ?? 10000)
      : this.anyActive
        ? (this._options.activeInterval ?? 2000)
        : (this._options.idleInterval ?? 30000);
    this._timer = window.setTimeout(() => void this.refresh(), interval);
  }

  private _emit(): void {
    this._changed.emit();
  }

  private _options: IJobsModelOptions;
  private _changed = new Signal<JobsModel, void>(this);
  private _serviceId: string | null = null;
  private _jobs: IJobEntry[] = [];
  private _details = new Map<string, { job?: IUWSJob; error?: string }>();
  private _notes = new Map<string, string>();
  private _loading = false;
  private _error: string | null = null;
  private _visible = false;
  private _timer = 0;
  private _controller: AbortController | null = null;
}
