/**
 * UWS jobs and job lists (UWS 1.0, 1.1 and the pre-standard 1.0rc3 namespace): what an async TAP
 * or SODA job is doing, what it produced, and why it failed. Namespaces are not checked (DaCHS
 * 2016 wrote xlink:href without declaring xlink); xsi:nil elements read as absent. ESA's TAP+
 * (Gaia, Euclid) lists whole <uws:job> elements where the standard has <uws:jobref>s: both read.
 */
import { IXmlElement, childText, childrenNamed, parseXmlDocument } from './xml';

export type UWSPhase =
  | 'PENDING'
  | 'QUEUED'
  | 'EXECUTING'
  | 'COMPLETED'
  | 'ERROR'
  | 'ABORTED'
  | 'UNKNOWN'
  | 'HELD'
  | 'SUSPENDED'
  | 'ARCHIVED';

const PHASES: readonly string[] = [
  'PENDING',
  'QUEUED',
  'EXECUTING',
  'COMPLETED',
  'ERROR',
  'ABORTED',
  'UNKNOWN',
  'HELD',
  'SUSPENDED',
  'ARCHIVED'
];

export interface IUWSParameter {
  id: string;
  value: string;
  byReference?: boolean;
  isPost?: boolean;
}

export interface IUWSResult {
  id: string;
  href?: string;
  size?: number;
  mimeType?: string;
}

export interface IUWSErrorSummary {
  message: string;
  /** transient or fatal */
  type?: string;
  hasDetail: boolean;
}

export interface IUWSJob {
  jobId: string;
  runId?: string;
  ownerId?: string;
  /** A UWSPhase; unknown phases are kept as written. */
  phase: UWSPhase | string;
  quote?: string;
  creationTime?: string;
  startTime?: string;
  endTime?: string;
  /** Seconds; 0 means unlimited. */
  executionDuration?: number;
  destruction?: string;
  parameters: IUWSParameter[];
  results: IUWSResult[];
  errorSummary?: IUWSErrorSummary;
  /** The version attribute (UWS 1.1); absent for UWS 1.0. */
  version?: string;
}

export interface IUWSJobRef {
  id: string;
  href?: string;
  phase: UWSPhase | string;
  runId?: string;
  ownerId?: string;
  creationTime?: string;
  /** The whole job, when the list gave it (ESA TAP+ lists jobs, not jobrefs). */
  job?: IUWSJob;
}

const JOB = 'a UWS job';
const JOBS = 'a UWS job list';

function readPhase(element: IXmlElement): string {
  const phase = (childText(element, 'phase') ?? 'UNKNOWN').toUpperCase();
  return PHASES.includes(phase) ? phase : phase || 'UNKNOWN';
}

function setText<T extends object>(
  target: T,
  key: keyof T & string,
  element: IXmlElement,
  name: string = key
): void {
  const value = childText(element, name);
  if (value !== undefined) {
    (target as Record<string, unknown>)[key] = value;
  }
}

/** Read a UWS job document; throws VOParseError (or VOServiceError for a DALI error VOTable). */
export function parseUWSJob(body: string): IUWSJob {
  return jobOf(parseXmlDocument(body, JOB, ['job']));
}

function jobOf(root: IXmlElement): IUWSJob {
  const job: IUWSJob = {
    jobId: childText(root, 'jobId') ?? '',
    phase: readPhase(root),
    parameters: [],
    results: []
  };
  for (const key of [
    'runId',
    'ownerId',
    'quote',
    'creationTime',
    'startTime',
    'endTime',
    'destruction'
  ] as const) {
    setText(job, key, root);
  }
  const duration = childText(root, 'executionDuration');
  if (duration !== undefined && Number.isFinite(Number(duration))) {
    job.executionDuration = Number(duration);
  }
  if (root.attributes.version) {
    job.version = root.attributes.version;
  }
  for (const list of childrenNamed(root, 'parameters')) {
    for (const p of childrenNamed(list, 'parameter')) {
      const parameter: IUWSParameter = {
        id: p.attributes.id ?? '',
        value: p.attributes.nil === 'true' ? '' : p.text
      };
      if (p.attributes.byReference !== undefined) {
        parameter.byReference = p.attributes.byReference === 'true';
      }
      if (p.attributes.isPost !== undefined) {
        parameter.isPost = p.attributes.isPost === 'true';
      }
      job.parameters.push(parameter);
    }
  }
  for (const list of childrenNamed(root, 'results')) {
    for (const r of childrenNamed(list, 'result')) {
      const result: IUWSResult = { id: r.attributes.id ?? '' };
      if (r.attributes.href) {
        result.href = r.attributes.href;
      }
      const size = Number(r.attributes.size);
      if (r.attributes.size !== undefined && Number.isFinite(size)) {
        result.size = size;
      }
      if (r.attributes.mimeType) {
        result.mimeType = r.attributes.mimeType;
      }
      job.results.push(result);
    }
  }
  const summary = childrenNamed(root, 'errorSummary')[0];
  if (summary && summary.attributes.nil !== 'true') {
    job.errorSummary = {
      message: childText(summary, 'message') ?? '',
      hasDetail: summary.attributes.hasDetail === 'true'
    };
    if (summary.attributes.type) {
      job.errorSummary.type = summary.attributes.type;
    }
  }
  return job;
}

/**
 * Read a UWS job list: jobrefs with or without xlink:href, and the whole jobs ESA TAP+ lists
 * instead (their details come with them, in `job`).
 */
export function parseUWSJobList(body: string): IUWSJobRef[] {
  const root = parseXmlDocument(body, JOBS, ['jobs']);
  const refs: IUWSJobRef[] = [];
  for (const element of root.children) {
    if (element.name === 'jobref') {
      const ref: IUWSJobRef = {
        id: element.attributes.id ?? '',
        phase: readPhase(element)
      };
      if (element.attributes.href) {
        ref.href = element.attributes.href;
      }
      setText(ref, 'runId', element);
      setText(ref, 'ownerId', element);
      setText(ref, 'creationTime', element);
      refs.push(ref);
    } else if (element.name === 'job') {
      const job = jobOf(element);
      const ref: IUWSJobRef = {
        id: job.jobId || (element.attributes.id ?? ''),
        phase: job.phase,
        job
      };
      const href = element.attributes.href;
      if (href) {
        ref.href = href;
      }
      for (const key of ['runId', 'ownerId', 'creationTime'] as const) {
        if (job[key] !== undefined) {
          ref[key] = job[key];
        }
      }
      refs.push(ref);
    }
  }
  return refs;
}

/** The job will not change any more (COMPLETED, ERROR, ABORTED, ARCHIVED). */
export function isFinalPhase(phase: string): boolean {
  return ['COMPLETED', 'ERROR', 'ABORTED', 'ARCHIVED'].includes(phase);
}

/** The job is waiting or running (QUEUED, EXECUTING, or held/suspended by the service). */
export function isActivePhase(phase: string): boolean {
  return ['QUEUED', 'EXECUTING', 'HELD', 'SUSPENDED'].includes(phase);
}

/** A parameter's value (case-insensitive id; UWS 1.0 services differ in case). */
export function jobParameter(job: IUWSJob, id: string): string | undefined {
  const wanted = id.toLowerCase();
  return job.parameters.find(p => p.id.toLowerCase() === wanted)?.value;
}
