/**
 * A small-document VOTable reader: fields, TABLEDATA rows and the DALI query status. Enough for
 * previews and TAP error documents; large results are not read here.
 */
import { VOParseError, VOServiceError } from './errors';
import { IXmlElement, childrenNamed, parseXml } from './xml';

export interface IField {
  name: string;
  datatype?: string;
  arraysize?: string;
  unit?: string;
  ucd?: string;
  description?: string;
}

export interface IVOTableResult {
  fields: IField[];
  rows: (string | null)[][];
  /** OK, ERROR or OVERFLOW (MAXREC reached), from the QUERY_STATUS INFO. */
  status: string;
  message?: string;
}

const EXPECTED = 'a VOTable';

function* walk(element: IXmlElement): Generator<IXmlElement> {
  yield element;
  for (const child of element.children) {
    yield* walk(child);
  }
}

/**
 * The first table of a VOTable and the query status. Throws VOServiceError when the service
 * reports QUERY_STATUS=ERROR (wherever the INFO sits: under VOTABLE, RESOURCE, or after TABLE).
 */
export function readVOTable(body: string): IVOTableResult {
  const root = parseXml(body, EXPECTED);
  if (root.name !== 'VOTABLE') {
    throw new VOParseError(
      `Expected ${EXPECTED} but got a document whose root is <${root.name}>.`,
      EXPECTED
    );
  }
  let status = 'OK';
  let message: string | undefined;
  for (const element of walk(root)) {
    if (element.name === 'INFO' && element.attributes.name === 'QUERY_STATUS') {
      const value = (element.attributes.value ?? '').toUpperCase();
      if (value === 'ERROR' || (value === 'OVERFLOW' && status === 'OK')) {
        status = value;
        message = element.text || element.attributes.content || undefined;
      }
    }
  }
  if (status === 'ERROR') {
    throw new VOServiceError(
      (
        message ?? 'The service reported an error without saying which.'
      ).replace(/\s+/g, ' ')
    );
  }
  const table = [...walk(root)].find(e => e.name === 'TABLE');
  if (!table) {
    return { fields: [], rows: [], status, message };
  }
  const fields: IField[] = childrenNamed(table, 'FIELD').map(field => ({
    name: field.attributes.name ?? field.attributes.ID ?? '',
    datatype: field.attributes.datatype,
    arraysize: field.attributes.arraysize,
    unit: field.attributes.unit,
    ucd: field.attributes.ucd,
    description: childrenNamed(field, 'DESCRIPTION')[0]?.text
  }));
  const data = childrenNamed(table, 'DATA')[0];
  if (data && !childrenNamed(data, 'TABLEDATA')[0]) {
    const encoding = data.children[0]?.name ?? 'unknown';
    throw new VOParseError(
      `The service answered in ${encoding} serialization; this reader needs TABLEDATA.`,
      EXPECTED
    );
  }
  const tabledata = data ? childrenNamed(data, 'TABLEDATA')[0] : undefined;
  const rows = tabledata
    ? childrenNamed(tabledata, 'TR').map(tr =>
        childrenNamed(tr, 'TD').map(td => (td.text === '' ? null : td.text))
      )
    : [];
  return { fields, rows, status, message };
}
