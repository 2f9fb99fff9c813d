import * as React from 'react';

import { IServicesModel } from '../tokens';
import { IUWSJob, jobParameter } from '../vo';
import { IJobEntry, JobsModel } from './model';
import { jobDuration } from './notify';

/** What a user can do with a job; the plugin wires these to notebooks and the clipboard. */
export interface IJobActions {
  insertCode(job: IJobEntry): void;
  copyUrl(job: IJobEntry): void;
  /** Whether a job's rows can be shown in the lab. */
  canShowRows(): boolean;
  /** A completed job's rows in a panel of their own. */
  openResult(job: IJobEntry): void;
}

function when(iso?: string): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function resultSize(job?: IUWSJob): string {
  const size = job?.results.find(r => r.id === 'result')?.size;
  if (size === undefined) {
    return '';
  }
  return size < 1e6
    ? `${Math.ceil(size / 1e3)} kB`
    : `${(size / 1e6).toFixed(1)} MB`;
}

function JobItem(props: {
  entry: IJobEntry;
  model: JobsModel;
  actions: IJobActions;
}): JSX.Element {
  const { entry, model, actions } = props;
  const job = entry.job;
  const query = job ? (jobParameter(job, 'QUERY') ?? '') : '';
  const note = model.notes.get(entry.id);
  const active = [
    'QUEUED',
    'EXECUTING',
    'HELD',
    'SUSPENDED',
    'PENDING'
  ].includes(entry.phase);
  const facts = [
    when(job?.creationTime),
    jobDuration(entry),
    resultSize(job)
  ].filter(Boolean);
  return (
    <li
      className="jp-RspApi-Job"
      data-job-id={entry.id}
      data-phase={entry.phase}
      aria-label={`Job ${entry.id}: ${entry.phase}`}
      tabIndex={-1}
    >
      <div className="jp-RspApi-JobHead">
        <span className={`jp-RspApi-Phase jp-mod-${entry.phase.toLowerCase()}`}>
          {entry.phase}
        </span>
        <code title="Job id">{entry.id}</code>
        <span className="jp-RspApi-JobFacts">{facts.join(' · ')}</span>
      </div>
      {query ? (
        <pre className="jp-RspApi-JobQuery" title={query}>
          {query}
        </pre>
      ) : null}
      {job?.errorSummary ? (
        <div className="jp-RspApi-Error">{job.errorSummary.message}</div>
      ) : null}
      {entry.error ? (
        <div className="jp-RspApi-Problem">
          Details not readable: {entry.error}
        </div>
      ) : null}
      {note ? (
        <div className="jp-RspApi-Placeholder" role="status">
          {note}
        </div>
      ) : null}
      <div className="jp-RspApi-Actions">
        {entry.phase === 'COMPLETED' && actions.canShowRows() ? (
          <button
            className="jp-mod-styled"
            onClick={() => actions.openResult(entry)}
          >
            Show rows
          </button>
        ) : null}
        <button
          className="jp-mod-styled"
          title="Insert code that re-attaches to this job and fetches its result"
          onClick={() => actions.insertCode(entry)}
        >
          Insert code
        </button>
        <button
          className="jp-mod-styled"
          onClick={() => actions.copyUrl(entry)}
        >
          Copy URL
        </button>
        {entry.phase === 'PENDING' ? (
          <button
            className="jp-mod-styled"
            title="The job was created but not started"
            onClick={() => void model.run(entry.id)}
          >
            Start
          </button>
        ) : null}
        {active ? (
          <button
            className="jp-mod-styled jp-mod-warn"
            onClick={() => void model.abort(entry.id)}
          >
            Abort
          </button>
        ) : null}
        <button
          className="jp-mod-styled"
          title="Delete the job and its results on the service"
          onClick={() => void model.delete(entry.id)}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

/** The async jobs of a TAP service, newest first, refreshed while jobs run. */
export function JobsView(props: {
  model: JobsModel;
  services: IServicesModel;
  actions: IJobActions;
}): JSX.Element {
  const { model, services, actions } = props;
  const tapServices = services.services.filter(
    e => e.description.kind === 'tap'
  );
  return (
    <div className="jp-RspApi-Jobs">
      <div className="jp-RspApi-BrowserBar">
        <select
          aria-label="Service of the jobs"
          value={model.serviceId ?? ''}
          onChange={event => model.setService(event.target.value || null)}
        >
          <option value="">Choose a TAP service…</option>
          {tapServices.map(entry => (
            <option key={entry.description.id} value={entry.description.id}>
              {entry.description.title}
            </option>
          ))}
        </select>
        <button
          className="jp-RspApi-IconButton"
          title="Reload the jobs"
          aria-label="Reload the jobs"
          disabled={!model.serviceId || model.loading}
          onClick={() => void model.refresh()}
        >
          ↻
        </button>
      </div>
      {model.error ? (
        <div className="jp-RspApi-Error" role="alert">
          {model.error}
        </div>
      ) : null}
      {model.serviceId &&
      !model.loading &&
      model.jobs.length === 0 &&
      !model.error ? (
        <div className="jp-RspApi-Placeholder">
          No async jobs on this service.
        </div>
      ) : null}
      {model.loading && model.jobs.length === 0 ? (
        <div className="jp-RspApi-Placeholder" role="status">
          Reading jobs…
        </div>
      ) : null}
      <ul className="jp-RspApi-JobList" aria-label="Async jobs">
        {model.jobs.map(entry => (
          <JobItem
            key={entry.id}
            entry={entry}
            model={model}
            actions={actions}
          />
        ))}
      </ul>
    </div>
  );
}
