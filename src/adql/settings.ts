/**
 * The ADQL editor's settings (schema/adql.json). The defaults here are the schema's, used until
 * the setting registry has answered; src/__tests__/settings.spec.ts keeps the two the same.
 */
import { DEFAULT_LARGE_TABLE_ROWS } from '../vo';

export interface IAdqlSettings {
  /** Quiet typing time before a %%adql cell is checked (ms). */
  checkDelayMs: number;
  /** Tables with at least this many rows get the hints for large tables. */
  largeTableRows: number;
}

export const DEFAULT_ADQL_SETTINGS: IAdqlSettings = {
  checkDelayMs: 400,
  largeTableRows: DEFAULT_LARGE_TABLE_ROWS
};
