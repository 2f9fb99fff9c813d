import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';

import type {
  AdqlSchema,
  ISkyPoint,
  ITableMeta,
  ITableSet,
  ITableSetProgress
} from './vo';

/** Id of the core plugin; its settings live in schema/plugin.json. */
export const PLUGIN_ID = 'jupyterlab-rsp-api:plugin';
/** Id of the plugin that provides ITapSchemas (no settings). */
export const SCHEMAS_PLUGIN_ID = 'jupyterlab-rsp-api:schemas';
/** Id of the sidebar and TAP browser plugin; its settings live in schema/browser.json. */
export const BROWSER_PLUGIN_ID = 'jupyterlab-rsp-api:browser';
/** Id of the async jobs plugin (its panel and the notifications when a job ends; no settings). */
export const JOBS_PLUGIN_ID = 'jupyterlab-rsp-api:jobs';
/** Id of the ADQL editor plugin; its settings live in schema/adql.json. */
export const ADQL_PLUGIN_ID = 'jupyterlab-rsp-api:adql';
/** Id of the sky viewer plugin; its settings live in schema/viewer.json. */
export const VIEWER_PLUGIN_ID = 'jupyterlab-rsp-api:viewer';

/** Command ids, one place for all features. */
export namespace CommandIDs {
  export const openSidebar = 'rsp-api:open-sidebar';
  export const refreshServices = 'rsp-api:refresh-services';
  export const checkAvailability = 'rsp-api:check-availability';
  export const reloadTables = 'rsp-api:reload-tables';
  export const focusFilter = 'rsp-api:filter-tables';
  /**
   * A table's panel in the main area: args `{ serviceId, table }` (the table's published name),
   * optionally `column` (shown first) and `mode` (`split-right`...); without args the table
   * selected in the TAP browser.
   */
  export const openTable = 'rsp-api:open-table';
  /**
   * The rows of a VOTable the service holds, in a main-area panel: args
   * `{ serviceId, path, title }` (`path` inside the service, such as a job's result).
   */
  export const showRows = 'rsp-api:show-rows';
  export const openJobs = 'rsp-api:open-jobs';
  export const refreshJobs = 'rsp-api:refresh-jobs';
  export const formatAdql = 'rsp-api:format-adql';
  export const insertAdqlCell = 'rsp-api:insert-adql-cell';
  export const countAdqlRows = 'rsp-api:count-adql-rows';
  export const openCutout = 'rsp-api:open-cutout';
  export const openSky = 'rsp-api:open-sky';
  export const showOnSky = 'rsp-api:show-on-sky';
}

/**
 * The kinds of IVOA service the extension knows how to talk to, and whether the server sends a
 * service the platform token: the server's Kind and Auth (jupyterlab_rsp_api/discovery.py) with
 * the same names, held together by its test_contract.py.
 */
export type ServiceKind = 'tap' | 'sia' | 'scs' | 'soda' | 'datalink' | 'hips';
export type ServiceAuth = 'platform-token' | 'none';

/** One service as the server extension describes it (never carries the token). */
export interface IServiceDescription {
  id: string;
  title: string;
  kind: ServiceKind;
  /** The service's public base URL, used to map upstream URLs onto the proxy. */
  url: string;
  auth: ServiceAuth;
  /** Whether the server will send the platform token to this service. */
  tokenApplies: boolean;
  /** Where the service was found: admin config, discovery document or legacy rule. */
  source: string;
  dataset?: string | null;
}

export interface ITokenState {
  available: boolean;
  status: string;
  source: string | null;
  message: string;
}

/** `GET <base_url>/jupyterlab-rsp-api/services`. */
export interface IServicesResponse {
  services: IServiceDescription[];
  onPlatform: boolean;
  token: ITokenState;
  problems: { source: string; message: string }[];
  /**
   * The origins (`scheme://host:port`) of the platform's token-protected services: where the
   * proxy, the magic and generated code may send the token, and nowhere else.
   */
  tokenOrigins?: string[];
  /** Whether the administrator lets users add TAP services by URL. */
  userServicesAllowed?: boolean;
}

/** A TAP service the user added by URL (kept in the browser's settings; never sent the token). */
export interface IUserService {
  url: string;
  title?: string;
}

/** `POST user-services/check`: whether a URL may be kept as a TAP service, and why (a sentence). */
export interface IUserServiceCheck {
  ok: boolean;
  /** The URL as the server normalised it: the form to keep. */
  url: string;
  message: string;
}

/** What the sidebar shows for a service's health. */
export type AvailabilityState =
  | { state: 'unknown' }
  | { state: 'checking' }
  | { state: 'available'; note?: string }
  | { state: 'unavailable'; note: string }
  | { state: 'no-token'; note: string }
  | { state: 'unauthorized'; note: string }
  | { state: 'unreachable'; note: string }
  | { state: 'error'; note: string };

export interface IServiceEntry {
  description: IServiceDescription;
  availability: AvailabilityState;
}

/** The model of discovered services, shared by every feature plugin. */
export interface IServicesModel {
  readonly changed: ISignal<IServicesModel, void>;
  readonly services: ReadonlyArray<IServiceEntry>;
  readonly onPlatform: boolean;
  /** Where generated code may send the token (see IServicesResponse.tokenOrigins). */
  readonly tokenOrigins: ReadonlyArray<string>;
  readonly token: ITokenState | null;
  readonly problems: ReadonlyArray<{ source: string; message: string }>;
  /** Set when the service list itself could not be loaded. */
  readonly loadError: string | null;
  readonly loading: boolean;
  readonly userServicesAllowed: boolean;
  refresh(): Promise<void>;
  /** Register the user's own TAP URLs with the server, then reload the list. */
  setUserServices(entries: ReadonlyArray<IUserService>): Promise<void>;
  /** Ask the server whether a URL is a TAP service that answers, before it is kept. */
  checkUserService(
    url: string,
    signal?: AbortSignal
  ): Promise<IUserServiceCheck>;
  checkAvailability(serviceId?: string): Promise<void>;
  find(serviceId: string): IServiceEntry | undefined;
}

export type MetadataSource = 'auto' | 'vosi' | 'tap_schema';

/** Where a loaded tableset came from, and why, for the browser to say. */
export interface IMetadataOrigin {
  source: 'vosi' | 'tap_schema';
  /** Set when `auto` fell back to TAP_SCHEMA: what went wrong with /tables. */
  fallbackReason?: string;
}

export interface ISchemaLoadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ITableSetProgress) => void;
  source?: MetadataSource;
}

/** A TAP service's tables and columns, read once per session (VOSI or TAP_SCHEMA). */
export interface ITapMetadata {
  tables(
    serviceId: string,
    options?: ISchemaLoadOptions,
    reload?: boolean
  ): Promise<ITableSet>;
  origin(serviceId: string): IMetadataOrigin | undefined;
  /** Fill in the columns of a table listed without them. */
  columns(
    serviceId: string,
    table: ITableMeta,
    signal?: AbortSignal
  ): Promise<void>;
  forget(serviceId: string): void;
}

/** The ADQL schema of each TAP service, built on the same metadata the TAP browser shows. */
export interface ITapSchemas {
  readonly metadata: ITapMetadata;
  /**
   * The service a query names: an id, a URL of a known service, or (null) `tap` when the
   * platform has it, else the first TAP service; null when the lab does not know it.
   */
  serviceFor(option: string | null): string | null;
  /** The schema a query is written against, with its FROM tables' columns loaded. */
  forQuery(
    service: string | null,
    query: string
  ): Promise<AdqlSchema | undefined>;
  schema(serviceId: string): Promise<AdqlSchema>;
  forget(serviceId: string): void;
}

export const ITapSchemas = new Token<ITapSchemas>(
  'jupyterlab-rsp-api:ITapSchemas',
  'ADQL schemas of the TAP services, read once per session.'
);

export const IServicesModel = new Token<IServicesModel>(
  'jupyterlab-rsp-api:IServicesModel',
  'The services discovered by the RSP API server extension, with their availability.'
);

/** One row drawn on the sky (ICRS degrees), with the values its popup shows. */
export interface ISkyOverlayRow extends ISkyPoint {
  data: Record<string, unknown>;
}

/**
 * Arguments of CommandIDs.showOnSky: rows of a result, an image's footprint, the image itself;
 * the current sky view shows them (a new one opens at the first position when there is none).
 */
export interface IShowOnSkyArgs {
  title?: string;
  rows?: ISkyOverlayRow[];
  footprint?: ISkyPoint[];
  /** A FITS image Aladin Lite can read (a proxy or blob URL). */
  imageUrl?: string | null;
  /** Said beside the rows, e.g. that only some of them had positions. */
  notice?: { text: string; error: boolean };
  /** Bring the sky view to the front (default true). */
  activate?: boolean;
}

/** Arguments of CommandIDs.openCutout: a SODA cutout around a position of an image. */
export interface IOpenCutoutArgs extends ISkyPoint {
  /** The image's DataLink URL (an ObsCore access_url with content=datalink). */
  datalinkUrl: string;
  radiusDeg?: number;
  title?: string;
  /** What reading the result that led here noted (the SIAv2 answer), shown with the cutout. */
  notes?: string[];
  /** Show the cutout on the sky too, once it has arrived. */
  showOnSky?: boolean;
}
