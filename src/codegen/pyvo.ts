/**
 * Runnable PyVO code for a notebook cell. Nothing here ever sees the token: generated code reads
 * it at run time, in the kernel (lsst.rsp on the platform; environment or token file elsewhere).
 */
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

/** TAP services that lsst.rsp's get_tap_service knows by name. */
const LSST_RSP_TAP_NAMES = new Set(['tap', 'ssotap', 'live', 'obstap']);

export interface IServiceRef {
  id: string;
  url: string;
  title?: string;
}

const SESSION_HELPER = `import os
from pathlib import Path

import pyvo
import requests


def rsp_session() -> requests.Session:
    """A requests session that sends the platform token, read now: never stored in the notebook."""
    session = requests.Session()
    token = None
    mounts = Path(os.environ.get("NUBLADO_RUNTIME_MOUNTS_DIR", "/opt/lsst/software/jupyterlab"))
    for token_file in (Path("/etc/nublado/secrets/token"), mounts / "secrets" / "token"):
        if token_file.is_file():
            token = token_file.read_text().strip()
            break
    token = token or os.environ.get("NUBLADO_TOKEN") or os.environ.get("ACCESS_TOKEN")
    if token:
        session.headers["Authorization"] = f"Bearer {token}"
    return session
`;

/** The lines that make `service` a pyvo TAPService. */
export function tapServiceSetup(mode: CodeMode, service: IServiceRef): string {
  if (mode === 'lsst.rsp' && LSST_RSP_TAP_NAMES.has(service.id)) {
    return (
      'from lsst.rsp import get_tap_service\n\n' +
      `service = get_tap_service(${pythonString(service.id)})`
    );
  }
  return `${SESSION_HELPER}\n\nservice = pyvo.dal.TAPService(${pythonString(service.url)}, session=rsp_session())`;
}

export interface ITapQueryCode {
  mode: CodeMode;
  service: IServiceRef;
  query: string;
  maxrec: number;
  /** What the result is about, for the variable name and the comment (a table name). */
  subject: string;
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
  return [
    comment(
      `${request.subject} from ${request.service.title ?? request.service.id}`
    ),
    tapServiceSetup(request.mode, request.service),
    '',
    `query = ${pythonQuery(request.query)}`,
    `${result} = service.search(query, maxrec=${Math.floor(request.maxrec)}).to_table()`,
    result
  ].join('\n');
}

/** An asynchronous (UWS) TAP job: for long queries and large results. */
export function asyncQueryCode(request: ITapQueryCode): string {
  const result = pythonIdentifier(request.subject, 'table');
  return [
    comment(
      `${request.subject} from ${request.service.title ?? request.service.id}, as an ` +
        'asynchronous job'
    ),
    tapServiceSetup(request.mode, request.service),
    '',
    `query = ${pythonQuery(request.query)}`,
    `job = service.submit_job(query, maxrec=${Math.floor(request.maxrec)})`,
    'job.run()',
    'print("Job:", job.url)',
    'job.wait(phases=["COMPLETED", "ERROR", "ABORTED"])',
    'job.raise_if_error()',
    `${result} = job.fetch_result().to_table()`,
    '# The service keeps finished jobs for a while; delete it once the result is in hand.',
    'job.delete()',
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
}

/** A cone search in ADQL, its centre and radius left as Python variables to edit. */
export function coneQueryCode(request: IConeCode): string {
  const result = pythonIdentifier(request.table, 'cone');
  // The CIRCLE follows as an f-string, so the centre and radius stay editable variables.
  const head = selectTop({
    table: request.table,
    top: request.top,
    where: containsPoint(request.raColumn, request.decColumn)
  });
  return [
    comment(
      `Cone search in ${request.table} (${request.service.title ?? request.service.id})`
    ),
    tapServiceSetup(request.mode, request.service),
    '',
    `ra, dec, radius = ${numberLiteral(request.ra)}, ${numberLiteral(request.dec)}, ` +
      `${numberLiteral(request.radiusDeg)}  # ICRS, degrees: change to your target`,
    `query = ${pythonString(head)} + f"CIRCLE('ICRS', {ra}, {dec}, {radius})) = 1"`,
    `${result} = service.search(query, maxrec=${Math.floor(request.top)}).to_table()`,
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
  const attach =
    request.mode === 'lsst.rsp' && LSST_RSP_TAP_NAMES.has(request.service.id)
      ? [
          'from lsst.rsp import retrieve_query',
          '',
          `job = retrieve_query(${pythonString(request.jobUrl)})`
        ]
      : [
          SESSION_HELPER,
          '',
          `job = pyvo.dal.AsyncTAPJob(${pythonString(request.jobUrl)}, session=rsp_session())`
        ];
  return [
    comment(
      `An asynchronous job on ${request.service.title ?? request.service.id}`
    ),
    ...attach,
    'print("Job", job.job_id, "is", job.phase)',
    'job.wait(phases=["COMPLETED", "ERROR", "ABORTED"])',
    'job.raise_if_error()',
    'result = job.fetch_result().to_table()',
    'result'
  ].join('\n');
}

export interface ICutoutCode {
  mode: CodeMode;
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
  const session =
    request.mode === 'lsst.rsp'
      ? [
          'from lsst.rsp.utils import get_pyvo_auth',
          'from pyvo.dal.adhoc import DatalinkResults, SodaQuery',
          '',
          'session = get_pyvo_auth()'
        ]
      : [
          SESSION_HELPER,
          'from pyvo.dal.adhoc import DatalinkResults, SodaQuery',
          '',
          'session = rsp_session()'
        ];
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
    'cutout.info()'
  ].join('\n');
}
