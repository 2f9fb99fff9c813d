/**
 * Runnable PyVO code for a notebook cell. Nothing here ever sees the token: generated code reads
 * it at run time, in the kernel (lsst.rsp on the platform; environment or token file elsewhere).
 */
import type { IServiceDescription } from '../tokens';
import { containsPoint, numberLiteral, selectTop } from './adql';
import { pythonIdentifier, pythonQuery, pythonString } from './python';

export type CodeMode = 'lsst.rsp' | 'pyvo';
export type CodeModeSetting = 'auto' | CodeMode;

/** The `codeStyle` setting and where the lab runs → the style of the generated code. */
export function resolveMode(
  setting: CodeModeSetting,
  onPlatform: boolean
): CodeMode {
  if (setting === 'auto') {
    return onPlatform ? 'lsst.rsp' : 'pyvo';
  }
  return setting;
}

import kernelCode from './kernel-code.json';

/**
 * TAP services that lsst.rsp's get_tap_service and retrieve_query know by name. Like the session
 * helper, written from jupyterlab_rsp_api/kernel_session.py (a test keeps the two equal).
 */
export const LSST_RSP_TAP_NAMES: ReadonlySet<string> = new Set(
  kernelCode.lsstRspTapNames
);

/** The kernel's token session, `rsp_session(token_origins)`, pasted above code that needs it. */
export const SESSION_HELPER: string = kernelCode.sessionHelper;

/**
 * `checked_results(query_or_job)`: a VOTable read with its binary stream walked to its end, for
 * services that offer no TABLEDATA (astropy reads a misaligned stream as fewer rows, silently).
 */
export const RESULTS_CHECK: string = kernelCode.resultsCheck;

/** What generated code needs to know of a service, taken from the server's service list. */
export interface IServiceRef {
  id: string;
  url: string;
  title?: string;
  /**
   * Where the code may send the platform token: the origins of the platform's token-protected
   * services when the server says the token applies to this one, else empty (no token at all).
   */
  tokenOrigins: ReadonlyArray<string>;
}

/** The server's word on a service (never a guess from its id or URL) → what codegen needs. */
export function serviceRef(
  description: Pick<
    IServiceDescription,
    'id' | 'url' | 'title' | 'tokenApplies'
  >,
  tokenOrigins: ReadonlyArray<string>
): IServiceRef {
  return {
    id: description.id,
    url: description.url,
    title: description.title,
    tokenOrigins: description.tokenApplies ? [...tokenOrigins] : []
  };
}

/**
 * The service whose base URL holds an upstream URL (a DataLink access_url), judged on the URL as
 * requests will resolve it (dot segments, default ports); the longest base wins.
 */
export function serviceRefForUrl(
  url: string,
  services: ReadonlyArray<
    Pick<IServiceDescription, 'id' | 'url' | 'title' | 'tokenApplies'>
  >,
  tokenOrigins: ReadonlyArray<string>
): IServiceRef | null {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return null;
  }
  let best: (typeof services)[number] | null = null;
  let bestLength = -1;
  for (const service of services) {
    let base: URL;
    try {
      base = new URL(service.url);
    } catch {
      continue;
    }
    const basePath = base.pathname.replace(/\/+$/, '');
    const inside =
      base.origin === target.origin &&
      !target.username &&
      !target.password &&
      (target.pathname === basePath ||
        target.pathname.startsWith(`${basePath}/`));
    if (inside && basePath.length > bestLength) {
      best = service;
      bestLength = basePath.length;
    }
  }
  return best ? serviceRef(best, tokenOrigins) : null;
}

function sendsToken(service: IServiceRef): boolean {
  return service.tokenOrigins.length > 0;
}

/** lsst.rsp's own helpers apply only to the platform's token-protected services it knows. */
function usesLsstRsp(mode: CodeMode, service: IServiceRef): boolean {
  return (
    mode === 'lsst.rsp' &&
    sendsToken(service) &&
    LSST_RSP_TAP_NAMES.has(service.id)
  );
}

/**
 * The imports (and the token helper when the token applies) and the `session=` argument for a
 * service; a service without the token gets pyvo's plain session.
 */
function sessionSetup(service: IServiceRef): {
  imports: string;
  sessionArg: string;
} {
  if (!sendsToken(service)) {
    return { imports: 'import pyvo', sessionArg: '' };
  }
  const origins = service.tokenOrigins.map(pythonString).join(', ');
  return {
    imports: `import pyvo\n${SESSION_HELPER.trimEnd()}`,
    sessionArg: `, session=rsp_session([${origins}])`
  };
}

/** The lines that make `service` a pyvo TAPService. */
export function tapServiceSetup(mode: CodeMode, service: IServiceRef): string {
  if (usesLsstRsp(mode, service)) {
    return (
      'from lsst.rsp import get_tap_service\n\n' +
      `service = get_tap_service(${pythonString(service.id)})`
    );
  }
  const { imports, sessionArg } = sessionSetup(service);
  return `${imports}\n\nservice = pyvo.dal.TAPService(${pythonString(service.url)}${sessionArg})`;
}

export interface ITapQueryCode {
  mode: CodeMode;
  service: IServiceRef;
  query: string;
  maxrec: number;
  /** What the result is about, for the variable name and the comment (a table name). */
  subject: string;
  /**
   * The service's TABLEDATA output format (TAPRegExt), when it offers one: asked for, since no
   * miscounted binary length can misalign it. Without it the answer is checked in the kernel.
   */
  tabledata?: string;
}

/** How a query's rows are read: TABLEDATA when offered, else a binary answer checked. */
function reading(tabledata: string | undefined): {
  helper: string[];
  format: string;
  sync: (query: string, maxrec: number) => string;
  job: string;
} {
  if (tabledata) {
    const format = `, responseformat=${pythonString(tabledata)}`;
    return {
      helper: [],
      format,
      sync: (query, maxrec) =>
        `service.search(${query}, maxrec=${maxrec}${format})`,
      job: 'job.fetch_result()'
    };
  }
  return {
    helper: ['', RESULTS_CHECK.trimEnd(), ''],
    format: '',
    sync: (query, maxrec) =>
      `checked_results(service.create_query(${query}, maxrec=${maxrec}))`,
    job: 'checked_results(job)'
  };
}

/** Comment lines for any text: control characters shown escaped, so none can end the comment. */
function comment(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(
      line =>
        '# ' +
        line
          .replace(
            // eslint-disable-next-line no-control-regex -- finding control characters is the point
            /[\x00-\x1f\x7f]/g,
            c => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`
          )
          .replace(
            /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
            '\ufffd'
          )
    )
    .join('\n');
}

/** A synchronous TAP query: fine for small results and quick queries. */
export function syncQueryCode(request: ITapQueryCode): string {
  const result = pythonIdentifier(request.subject, 'table');
  const read = reading(request.tabledata);
  return [
    comment(
      `${request.subject} from ${request.service.title ?? request.service.id}`
    ),
    tapServiceSetup(request.mode, request.service),
    ...read.helper,
    '',
    `query = ${pythonQuery(request.query)}`,
    `${result} = ${read.sync('query', Math.floor(request.maxrec))}.to_table()`,
    result
  ].join('\n');
}

/**
 * An asynchronous (UWS) TAP job: for long queries and large results. The job is deleted on the
 * service whatever its fate (an error or an interrupt included), so none is left behind.
 */
export function asyncQueryCode(request: ITapQueryCode): string {
  const result = pythonIdentifier(request.subject, 'table');
  const read = reading(request.tabledata);
  return [
    comment(
      `${request.subject} from ${request.service.title ?? request.service.id}, as an ` +
        'asynchronous job'
    ),
    tapServiceSetup(request.mode, request.service),
    ...read.helper,
    '',
    `query = ${pythonQuery(request.query)}`,
    `job = service.submit_job(query, maxrec=${Math.floor(request.maxrec)}${read.format})`,
    'try:',
    '    job.run()',
    '    print("Job:", job.url)',
    '    job.wait(phases=["COMPLETED", "ERROR", "ABORTED"])',
    '    job.raise_if_error()',
    `    ${result} = ${read.job}.to_table()`,
    'finally:',
    '    job.delete()',
    result
  ].join('\n');
}

export interface IConeCode {
  mode: CodeMode;
  service: IServiceRef;
  table: string;
  raColumn: string;
  decColumn: string;
  ra: number;
  dec: number;
  radiusDeg: number;
  top: number;
  /** The columns to select (all when empty or absent). */
  columns?: string[];
  /** As for ITapQueryCode. */
  tabledata?: string;
}

/** A cone search in ADQL, its centre and radius left as Python variables to edit. */
export function coneQueryCode(request: IConeCode): string {
  const result = pythonIdentifier(request.table, 'cone');
  const read = reading(request.tabledata);
  // The CIRCLE follows as an f-string, so the centre and radius stay editable variables.
  const head = selectTop({
    table: request.table,
    columns: request.columns,
    top: request.top,
    where: containsPoint(request.raColumn, request.decColumn)
  });
  return [
    comment(
      `Cone search in ${request.table} (${request.service.title ?? request.service.id})`
    ),
    tapServiceSetup(request.mode, request.service),
    ...read.helper,
    '',
    `ra, dec, radius = ${numberLiteral(request.ra)}, ${numberLiteral(request.dec)}, ` +
      `${numberLiteral(request.radiusDeg)}  # ICRS, degrees: change to your target`,
    `query = ${pythonString(head)} + f"CIRCLE('ICRS', {ra}, {dec}, {radius})) = 1"`,
    `${result} = ${read.sync('query', Math.floor(request.top))}.to_table()`,
    result
  ].join('\n');
}

export interface IReattachCode {
  mode: CodeMode;
  service: IServiceRef;
  /** The job's URL on the service (not the proxy's). */
  jobUrl: string;
}

/** Code that picks up an async job started elsewhere (another notebook, the browser, yesterday). */
export function reattachJobCode(request: IReattachCode): string {
  const { imports, sessionArg } = sessionSetup(request.service);
  const attach = usesLsstRsp(request.mode, request.service)
    ? [
        'from lsst.rsp import retrieve_query',
        '',
        `job = retrieve_query(${pythonString(request.jobUrl)})`
      ]
    : [
        imports,
        '',
        `job = pyvo.dal.AsyncTAPJob(${pythonString(request.jobUrl)}${sessionArg})`
      ];
  return [
    comment(
      `An asynchronous job on ${request.service.title ?? request.service.id}`
    ),
    ...attach,
    '',
    RESULTS_CHECK.trimEnd(),
    '',
    '',
    'print("Job", job.job_id, "is", job.phase)',
    'job.wait(phases=["COMPLETED", "ERROR", "ABORTED"])',
    'job.raise_if_error()',
    '# Its answer was chosen when the job was made: a binary one is checked to its end.',
    'result = checked_results(job).to_table()',
    'result'
  ].join('\n');
}

export interface ICutoutCode {
  mode: CodeMode;
  /** The service the DataLink URL belongs to: whether the token goes along is its to say. */
  service: IServiceRef;
  /** The image's DataLink URL (an ObsCore access_url). */
  datalinkUrl: string;
  ra: number;
  dec: number;
  radiusDeg: number;
  /** Where the cutout is written, relative to the notebook. */
  fileName: string;
}

/** A SODA cutout through DataLink, as the viewer made it, written to a FITS file. */
export function cutoutCode(request: ICutoutCode): string {
  const soda = 'from pyvo.dal.adhoc import DatalinkResults, SodaQuery';
  let session: string[];
  if (request.mode === 'lsst.rsp' && sendsToken(request.service)) {
    session = [
      'from lsst.rsp.utils import get_pyvo_auth',
      soda,
      '',
      'session = get_pyvo_auth()'
    ];
  } else if (sendsToken(request.service)) {
    const origins = request.service.tokenOrigins.map(pythonString).join(', ');
    session = [
      soda,
      SESSION_HELPER.trimEnd(),
      '',
      '',
      `session = rsp_session([${origins}])`
    ];
  } else {
    session = [soda, '', "session = None  # pyvo's own session: no token"];
  }
  return [
    comment(
      `A cutout of ${request.radiusDeg * 3600}" around RA ${request.ra}, Dec ${request.dec}`
    ),
    ...session,
    `datalink = DatalinkResults.from_result_url(${pythonString(request.datalinkUrl)}, session=session)`,
    'soda = SodaQuery.from_resource(',
    '    datalink,',
    '    datalink.get_adhocservice_by_ivoid("ivo://ivoa.net/std/SODA#sync-1.0"),',
    '    session=session,',
    ')',
    `soda.circle = (${numberLiteral(request.ra)}, ${numberLiteral(request.dec)}, ${numberLiteral(request.radiusDeg)})  # degrees`,
    `with open(${pythonString(request.fileName)}, "wb") as out:`,
    '    out.write(soda.execute_stream().read())',
    '',
    'from astropy.io import fits',
    '',
    `cutout = fits.open(${pythonString(request.fileName)})`,
    'cutout.info()',
    '# Shown as an image where jupyterlab-rsp-api is installed in the kernel, else as a list of HDUs.',
    'cutout'
  ].join('\n');
}
