/**
 * SIAv2 (and any ObsCore) results: the rows as image records with the columns a viewer needs.
 */
import { VOParseError, VORowsError, withExpected } from './errors';
import {
  IServiceDescriptor,
  IVOField,
  IVOTable,
  IVOTableData,
  IVOTableOptions,
  VOCell,
  readVOTable,
  resultsTable,
  throwIfError
} from './votable';

/** ObsCore columns by name, with their utype (for services that rename columns). */
const OBSCORE_UTYPES = {
  access_url: 'access.reference',
  access_format: 'access.format',
  access_estsize: 'access.size',
  s_ra: 'char.spatialaxis.coverage.location.coord.position2d.value2.c1',
  s_dec: 'char.spatialaxis.coverage.location.coord.position2d.value2.c2',
  s_fov: 'char.spatialaxis.coverage.bounds.extent.diameter',
  s_region: 'char.spatialaxis.coverage.support.area',
  obs_id: 'dataid.observationid',
  obs_publisher_did: 'curation.publisherdid',
  obs_collection: 'dataid.collection',
  dataproduct_type: 'obsdataset.dataproducttype',
  dataproduct_subtype: '',
  calib_level: 'obsdataset.caliblevel',
  target_name: 'target.name',
  facility_name: 'provenance.obsconfig.facility.name',
  instrument_name: 'provenance.obsconfig.instrument.name',
  t_min: 'char.timeaxis.coverage.bounds.limits.starttime',
  t_max: 'char.timeaxis.coverage.bounds.limits.stoptime',
  t_exptime: 'char.timeaxis.coverage.support.extent',
  em_min: 'char.spectralaxis.coverage.bounds.limits.lolimit',
  em_max: 'char.spectralaxis.coverage.bounds.limits.hilimit'
} as const;

export type ObsCoreColumn = keyof typeof OBSCORE_UTYPES;

/** An image (or cube...) record: the ObsCore columns present, and the whole row by name. */
export type IImageRecord = { [K in ObsCoreColumn]?: VOCell } & {
  record: Record<string, VOCell>;
};

export interface IImageResult {
  records: IImageRecord[];
  table: IVOTableData;
  votable: IVOTable;
  overflow: boolean;
  /** DataLink service descriptors of the result (the #this/#cutout route to cutouts). */
  serviceDescriptors: IServiceDescriptor[];
  /** The table's rows stop early: images may be missing. */
  fault?: VORowsError;
  /** How the document was read (values that did not read as their datatype...). */
  warnings: string[];
}

const EXPECTED = 'an SIAv2 query response';

/** Index of each ObsCore column in a table, by name then utype. */
export function obsCoreColumns(
  fields: readonly IVOField[]
): Partial<Record<ObsCoreColumn, number>> {
  const columns: Partial<Record<ObsCoreColumn, number>> = {};
  for (const [name, utype] of Object.entries(OBSCORE_UTYPES) as [
    ObsCoreColumn,
    string
  ][]) {
    let index = fields.findIndex(f => f.name.toLowerCase() === name);
    if (index < 0 && utype) {
      index = fields.findIndex(f =>
        (f.utype ?? '').toLowerCase().endsWith(`:${utype}`)
      );
    }
    if (index >= 0) {
      columns[name] = index;
    }
  }
  return columns;
}

function read(
  body: string,
  options: Omit<IVOTableOptions, 'signal'>
): IVOTable {
  try {
    return readVOTable(body, options);
  } catch (error) {
    throw error instanceof VOParseError ? withExpected(error, EXPECTED) : error;
  }
}

/** Records of an ObsCore/SIAv2 table already read. */
export function imageRecords(table: IVOTableData): IImageRecord[] {
  const columns = obsCoreColumns(table.fields);
  return table.rows.map(row => {
    const record: Record<string, VOCell> = {};
    table.fields.forEach((field, index) => {
      if (!(field.name in record)) {
        record[field.name] = row[index] ?? null;
      }
    });
    const image: IImageRecord = { record };
    for (const [name, index] of Object.entries(columns) as [
      ObsCoreColumn,
      number
    ][]) {
      image[name] = row[index] ?? null;
    }
    return image;
  });
}

/**
 * Read an SIAv2 query response (an ObsCore table). Throws VOServiceError for QUERY_STATUS=ERROR
 * and VOParseError when it is not a VOTable with a results table.
 */
export function parseSIAResult(
  body: string,
  options: Omit<IVOTableOptions, 'signal'> = {}
): IImageResult {
  const votable = throwIfError(read(body, options));
  const table = resultsTable(votable);
  if (!table) {
    throw new VOParseError(
      `Expected ${EXPECTED} but got a VOTable without a results table.`,
      EXPECTED,
      'invalid',
      'a VOTable without a results table'
    );
  }
  const result: IImageResult = {
    records: imageRecords(table),
    table,
    votable,
    overflow: votable.overflow,
    serviceDescriptors: votable.serviceDescriptors,
    warnings: votable.warnings
  };
  if (table.fault) {
    result.fault = table.fault;
  }
  return result;
}
