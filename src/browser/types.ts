/**
 * What the TAP browser's views ask of the plugin: notebooks, the clipboard, the sky viewer and the
 * settings belong to it, so the views stay pure.
 */
import type { IForeignKey, ITableMeta } from '../vo';
import type { IExampleActions } from './Examples';

/** What a table's panel does with that table, for its service: cells in notebooks. */
export interface ITableActions extends IExampleActions {
  insertQuery(table: ITableMeta, columns: string[]): void;
  insertAsync(table: ITableMeta, columns: string[]): void;
  insertCone(table: ITableMeta, columns: string[]): void;
  insertJoin(table: ITableMeta, key: IForeignKey): void;
  /** A `%%adql` cell (with the `%load_ext` line when the notebook lacks it). */
  insertAdql(table: ITableMeta, columns: string[]): void;
  copy(text: string): void;
}

/** What a grid of result rows does outside itself. */
export interface IResultActions {
  /**
   * The rows of a result on the sky viewer (positions found by UCD or name), with what the sky
   * view must say about them (rows that stop early, rows without a position).
   */
  showOnSky(
    title: string,
    rows: { ra: number; dec: number; data: Record<string, unknown> }[],
    notice: { text: string; error: boolean }
  ): void;
  /** Open a SODA cutout of the image a result row points to (its DataLink URL). */
  viewCutout(row: {
    datalinkUrl: string;
    ra: number;
    dec: number;
    title: string;
  }): void;
  copy(text: string): void;
  /**
   * Whether the lab may fetch a URL found in a result: only URLs inside a known service go
   * through the proxy (it is not an open relay, and the token stays with its services).
   */
  canFetch(url: string): boolean;
}

/** The TAP services the user added by URL, kept in the settings. */
export interface IServiceActions {
  /**
   * Keep a TAP URL in the settings once the server found it to be a TAP service; resolves with
   * what the check found, rejects with why not (or a cancel). See services/userServices.ts.
   */
  addService(url: string, title: string, signal?: AbortSignal): Promise<string>;
  removeService(url: string): Promise<void>;
}

export interface IBrowserActions extends IResultActions, IServiceActions {
  /** The actions on one service's tables. */
  forService(serviceId: string): ITableActions;
  /** Open a table's panel (or bring it forward); `column` is shown first. */
  openTable(
    serviceId: string,
    table: ITableMeta,
    options?: { column?: string; toTheSide?: boolean }
  ): void;
}
