/**
 * DataLink links responses (DataLink 1.0/1.1): the links of one or more datasets, the service
 * descriptors that say how to call the services they point at (SODA cutouts above all), and the
 * rows that report an error instead of a link.
 */
import {
  VOParseError,
  VORowsError,
  VOServiceError,
  withExpected
} from './errors';
import {
  IServiceDescriptor,
  IVOParam,
  IVOTable,
  IVOTableData,
  IVOTableOptions,
  VOCell,
  fieldIndex,
  readVOTable,
  resultsTable,
  throwIfError
} from './votable';

export interface ILink {
  ID: string;
  access_url: string | null;
  service_def: string | null;
  error_message: string | null;
  semantics: string | null;
  description: string | null;
  content_type: string | null;
  content_length: number | null;
  /** DataLink 1.1 columns, when present. */
  content_qualifier?: string | null;
  local_semantics?: string | null;
  link_auth?: string | null;
  link_authorized?: boolean | null;
}

export interface IDataLinkResponse {
  /** Rows with a link (no error_message). */
  links: ILink[];
  /** Rows whose error_message is set: the service could not link that ID. */
  errors: ILink[];
  /** Service descriptors by their RESOURCE ID (service_def points at them). */
  services: IServiceDescriptor[];
  /** The links table's rows stop early: links may be missing. */
  fault?: VORowsError;
  /** How the document was read (values that did not read as their datatype...). */
  warnings: string[];
  votable: IVOTable;
}

const EXPECTED = 'a DataLink links response';

function text(cell: VOCell | undefined): string | null {
  if (cell === null || cell === undefined) {
    return null;
  }
  const value = Array.isArray(cell) ? cell.join(' ') : String(cell);
  return value === '' ? null : value;
}

function number(cell: VOCell | undefined): number | null {
  if (typeof cell === 'number') {
    return Number.isFinite(cell) && cell >= 0 ? cell : null;
  }
  if (typeof cell === 'string' && /^\d+$/.test(cell)) {
    return Number(cell);
  }
  return null;
}

function bool(cell: VOCell | undefined): boolean | null {
  return typeof cell === 'boolean' ? cell : null;
}

function linksTable(votable: IVOTable): IVOTableData {
  const table = resultsTable(votable);
  if (!table || fieldIndex(table.fields, 'ID') < 0) {
    const found = table
      ? `a VOTable whose table has no ID column (columns: ${table.fields
          .map(f => f.name)
          .slice(0, 8)
          .join(', ')})`
      : 'a VOTable without a table';
    throw new VOParseError(
      `Expected ${EXPECTED} but got ${found}.`,
      EXPECTED,
      'wrong-kind',
      found
    );
  }
  return table;
}

/**
 * Read a DataLink links response. Throws VOServiceError for QUERY_STATUS=ERROR and VOParseError
 * when the body is not a links table. Rows with an error_message are listed in `errors`.
 */
export function parseDataLink(
  body: string,
  options: Omit<IVOTableOptions, 'signal'> = {}
): IDataLinkResponse {
  let votable: IVOTable;
  try {
    votable = readVOTable(body, options);
  } catch (error) {
    throw error instanceof VOParseError ? withExpected(error, EXPECTED) : error;
  }
  throwIfError(votable);
  const table = linksTable(votable);
  const column = (name: string) => fieldIndex(table.fields, name);
  const columns = {
    ID: column('ID'),
    access_url: column('access_url'),
    service_def: column('service_def'),
    error_message: column('error_message'),
    semantics: column('semantics'),
    description: column('description'),
    content_type: column('content_type'),
    content_length: column('content_length'),
    content_qualifier: column('content_qualifier'),
    local_semantics: column('local_semantics'),
    link_auth: column('link_auth'),
    link_authorized: column('link_authorized')
  };
  const links: ILink[] = [];
  const errors: ILink[] = [];
  for (const row of table.rows) {
    const at = (index: number) => (index >= 0 ? row[index] : null);
    const link: ILink = {
      ID: text(at(columns.ID)) ?? '',
      access_url: text(at(columns.access_url)),
      service_def: text(at(columns.service_def)),
      error_message: text(at(columns.error_message)),
      semantics: text(at(columns.semantics)),
      description: text(at(columns.description)),
      content_type: text(at(columns.content_type)),
      content_length: number(at(columns.content_length))
    };
    for (const key of [
      'content_qualifier',
      'local_semantics',
      'link_auth'
    ] as const) {
      if (columns[key] >= 0) {
        link[key] = text(at(columns[key]));
      }
    }
    if (columns.link_authorized >= 0) {
      link.link_authorized = bool(at(columns.link_authorized));
    }
    (link.error_message ? errors : links).push(link);
  }
  const response: IDataLinkResponse = {
    links,
    errors,
    services: votable.serviceDescriptors,
    warnings: votable.warnings,
    votable
  };
  if (table.fault) {
    response.fault = table.fault;
  }
  return response;
}

/** Does a link's semantics name this term? '#this' matches '#this' and the vocabulary URI. */
export function hasSemantics(link: ILink, term: string): boolean {
  const semantics = link.semantics ?? '';
  const bare = term.replace(/^#/, '');
  return (
    semantics === `#${bare}` ||
    semantics.endsWith(`/datalink/core#${bare}`) ||
    semantics === term
  );
}

/** The #this links (the datasets themselves), optionally for one ID. */
export function thisLinks(response: IDataLinkResponse, id?: string): ILink[] {
  return response.links.filter(
    link =>
      hasSemantics(link, '#this') &&
      link.access_url !== null &&
      (id === undefined || link.ID === id)
  );
}

/** The service descriptor a link points at with service_def. */
export function serviceFor(
  response: IDataLinkResponse,
  link: ILink
): IServiceDescriptor | undefined {
  return link.service_def
    ? response.services.find(s => s.ID === link.service_def)
    : undefined;
}

/** The errors as VOServiceErrors, for showing with the rest of the failures. */
export function linkErrors(response: IDataLinkResponse): VOServiceError[] {
  return response.errors.map(
    link => new VOServiceError(`${link.error_message} (ID ${link.ID})`, 'link')
  );
}

// ---------------------------------------------------------------------------------------------
// SODA cutouts

export const SODA_SYNC = 'ivo://ivoa.net/std/SODA#sync-1.0';

/** One SODA parameter a cutout descriptor offers. */
export interface ICutoutParam {
  /** The name to send (as the descriptor writes it: CIRCLE, or CADC's older CIRC). */
  name: string;
  param: IVOParam;
  /** The descriptor's value, read as its datatype; null when empty. */
  default: VOCell;
  min?: string;
  max?: string;
  options: string[];
  unit?: string;
  xtype?: string;
}

export interface ICutoutDescriptor {
  descriptor: IServiceDescriptor;
  accessURL: string;
  standardID: string;
  /** The dataset ID to send (the ID PARAM's value, or the links row's ID). */
  id?: string;
  /** The spatial/spectral parameters offered, under their SODA names. */
  params: {
    ID?: ICutoutParam;
    POS?: ICutoutParam;
    CIRCLE?: ICutoutParam;
    POLYGON?: ICutoutParam;
    BAND?: ICutoutParam;
    TIME?: ICutoutParam;
    POL?: ICutoutParam;
  };
  /** Every input parameter, including service-specific ones (CUTOUTDETAIL...). */
  inputParams: IVOParam[];
}

const SODA_ALIASES: Record<string, keyof ICutoutDescriptor['params']> = {
  ID: 'ID',
  POS: 'POS',
  CIRCLE: 'CIRCLE',
  CIRC: 'CIRCLE',
  POLYGON: 'POLYGON',
  POLY: 'POLYGON',
  BAND: 'BAND',
  TIME: 'TIME',
  POL: 'POL'
};

function cutoutParam(param: IVOParam): ICutoutParam {
  const result: ICutoutParam = {
    name: param.name,
    param,
    default: param.parsedValue,
    options: (param.values?.options ?? []).map(o => o.value)
  };
  if (param.values?.min !== undefined) {
    result.min = param.values.min;
  }
  if (param.values?.max !== undefined) {
    result.max = param.values.max;
  }
  if (param.unit) {
    result.unit = param.unit;
  }
  if (param.xtype) {
    result.xtype = param.xtype;
  }
  return result;
}

function toCutout(
  descriptor: IServiceDescriptor,
  linkId?: string
): ICutoutDescriptor | null {
  if (!descriptor.accessURL) {
    return null;
  }
  const params: ICutoutDescriptor['params'] = {};
  for (const param of descriptor.inputParams) {
    const key = SODA_ALIASES[param.name.toUpperCase()];
    if (key && !params[key]) {
      params[key] = cutoutParam(param);
    }
  }
  const cutout: ICutoutDescriptor = {
    descriptor,
    accessURL: descriptor.accessURL,
    standardID: descriptor.standardID ?? SODA_SYNC,
    params,
    inputParams: descriptor.inputParams
  };
  const id = params.ID?.param.value || linkId;
  if (id) {
    cutout.id = id;
  }
  return cutout;
}

function isSodaSync(descriptor: IServiceDescriptor): boolean {
  return (descriptor.standardID ?? '')
    .toLowerCase()
    .startsWith('ivo://ivoa.net/std/soda#sync');
}

/**
 * The SODA sync cutout service for a dataset: the descriptor a #cutout (or #proc) link of that ID
 * points at, else any SODA sync descriptor of the response. null when there is none.
 */
export function cutoutDescriptor(
  response: IDataLinkResponse,
  id?: string
): ICutoutDescriptor | null {
  const candidates = response.links.filter(
    link =>
      link.service_def !== null &&
      (id === undefined || link.ID === id) &&
      (hasSemantics(link, '#cutout') || hasSemantics(link, '#proc'))
  );
  for (const link of candidates) {
    const descriptor = serviceFor(response, link);
    if (descriptor && isSodaSync(descriptor)) {
      const cutout = toCutout(descriptor, link.ID);
      if (cutout) {
        return cutout;
      }
    }
  }
  for (const descriptor of response.services) {
    if (isSodaSync(descriptor)) {
      const cutout = toCutout(descriptor, id);
      if (cutout && (id === undefined || !cutout.id || cutout.id === id)) {
        return cutout;
      }
    }
  }
  return null;
}
