/**
 * Simple Cone Search (SCS 1.03) results: the main position columns (by UCD1 or UCD1+), the main
 * identifier, and each source's position. SCS reports errors as an INFO or PARAM named "Error".
 */
import {
  VOParseError,
  VORowsError,
  VOServiceError,
  collapseSpace,
  withExpected
} from './errors';
import {
  IPositionColumns,
  IVOTable,
  IVOTableData,
  IVOTableOptions,
  VOCell,
  findPositionColumns,
  readVOTable,
  resultsTable,
  throwIfError
} from './votable';

export interface IConeSource {
  ra: number;
  dec: number;
  id?: string | number;
  row: VOCell[];
}

export interface IConeSearchResult {
  table: IVOTableData;
  votable: IVOTable;
  /** Indices of the main RA/Dec columns; null when the service did not mark them. */
  position: IPositionColumns | null;
  /** Index of the main identifier (ID_MAIN or meta.id;meta.main), or -1. */
  id: number;
  /** Rows with a readable position. */
  sources: IConeSource[];
  overflow: boolean;
  /** The table's rows stop early: sources may be missing. */
  fault?: VORowsError;
  /** How the document was read (values that did not read as their datatype...). */
  warnings: string[];
}

const EXPECTED = 'a cone search response';

function scsError(votable: IVOTable): string | undefined {
  const candidates = [
    ...votable.infos,
    ...votable.params,
    ...votable.resources.flatMap(r => [...r.infos, ...r.params])
  ];
  const error = candidates.find(c => c.name.toLowerCase() === 'error');
  if (!error) {
    return undefined;
  }
  return collapseSpace(('text' in error && error.text) || error.value || '');
}

/**
 * Read an SCS response. Throws VOServiceError for an SCS error (INFO/PARAM named Error) or
 * QUERY_STATUS=ERROR, and VOParseError when it is not a VOTable with a table.
 */
export function parseConeSearchResult(
  body: string,
  options: Omit<IVOTableOptions, 'signal'> = {}
): IConeSearchResult {
  let votable: IVOTable;
  try {
    votable = readVOTable(body, options);
  } catch (error) {
    throw error instanceof VOParseError ? withExpected(error, EXPECTED) : error;
  }
  const message = scsError(votable);
  if (message !== undefined) {
    throw new VOServiceError(message, 'cone-search');
  }
  throwIfError(votable);
  const table = resultsTable(votable);
  if (!table) {
    throw new VOParseError(
      `Expected ${EXPECTED} but got a VOTable without a table.`,
      EXPECTED,
      'invalid',
      'a VOTable without a table'
    );
  }
  const position = findPositionColumns(table.fields);
  const id = table.fields.findIndex(f => {
    const ucd = (f.ucd ?? '').toLowerCase();
    return (
      ucd === 'id_main' ||
      (ucd.startsWith('meta.id') && ucd.includes('meta.main'))
    );
  });
  const sources: IConeSource[] = [];
  if (position) {
    for (const row of table.rows) {
      const ra = row[position.ra];
      const dec = row[position.dec];
      if (typeof ra !== 'number' || typeof dec !== 'number') {
        continue;
      }
      const source: IConeSource = { ra, dec, row };
      const value = id >= 0 ? row[id] : null;
      if (typeof value === 'string' || typeof value === 'number') {
        source.id = value;
      }
      sources.push(source);
    }
  }
  const result: IConeSearchResult = {
    table,
    votable,
    position,
    id,
    sources,
    overflow: votable.overflow,
    warnings: votable.warnings
  };
  if (table.fault) {
    result.fault = table.fault;
  }
  return result;
}
