import { JupyterFrontEnd } from '@jupyterlab/application';
import { ReadonlyJSONValue } from '@lumino/coreutils';
import { Clipboard, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';

import {
  CodeModeSetting,
  adqlMagicCell,
  asyncQueryCode,
  IExampleSettings,
  coneQueryCode,
  exampleCellOptions,
  joinQuery,
  replaceAdqlQuery,
  resolveMode,
  selectTop,
  serviceRef,
  syncQueryCode
} from '../codegen';
import { upstreamToProxyUrl } from '../services/client';
import { addUserService } from '../services/userServices';
import { insertCell } from '../shared/insert';
import { CommandIDs, IServicesModel, IUserService } from '../tokens';
import type { MetadataSource } from '../tokens';
import { IForeignKey, ITableMeta, tabledataFormat } from '../vo';
import { ServiceInfo } from './serviceInfo';
import { positionColumns } from './tree';
import { IBrowserActions, ITableActions } from './types';

export interface IBrowserSettings {
  codeStyle: CodeModeSetting;
  queryTop: number;
  asyncMaxrec: number;
  coneCenter: [number, number];
  coneRadiusDeg: number;
  metadataSource: MetadataSource;
  userServices: IUserService[];
}

export const DEFAULT_BROWSER_SETTINGS: IBrowserSettings = {
  codeStyle: 'auto',
  queryTop: 100,
  asyncMaxrec: 100000,
  coneCenter: [62.0, -37.0],
  coneRadiusDeg: 0.05,
  metadataSource: 'auto',
  userServices: []
};

/** Where the browser's settings live: read now, and the one thing the browser writes back. */
export interface IBrowserSettingsHandle {
  current(): IBrowserSettings;
  saveUserServices(entries: IUserService[]): Promise<void>;
}

/**
 * The browser's actions on notebooks and the clipboard, with code from the codegen layer; a
 * table's actions are those of its own service (a panel's, not the one chosen in the sidebar).
 */
export function createBrowserActions(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  services: IServicesModel,
  info: ServiceInfo,
  handle: IBrowserSettingsHandle
): IBrowserActions {
  const settings = () => handle.current();
  const copy = (text: string): void => {
    Clipboard.copyToSystem(text);
    Notification.info(`Copied ${text}`, { autoClose: 2000 });
  };
  const forService = (serviceId: string): ITableActions => {
    const context = () => {
      const entry = services.find(serviceId);
      if (!entry) {
        throw new Error(
          `The lab does not know the service ${serviceId} (yet): wait for the services to be listed, or rediscover them.`
        );
      }
      const capabilities = info.capabilities(serviceId);
      return {
        mode: resolveMode(settings().codeStyle, services.onPlatform),
        service: serviceRef(entry.description, services.tokenOrigins),
        // Read as the service offers it; without TAPRegExt the kernel checks a binary answer.
        tabledata:
          capabilities && typeof capabilities === 'object'
            ? tabledataFormat(capabilities)
            : undefined
      };
    };
    // The kernel knows the platform's services by id; a URL the user added only by its URL.
    const magicTarget = (): string => {
      const { service } = context();
      const entry = services.find(service.id);
      return entry?.description.source === 'user' ? service.url : service.id;
    };
    const insert = (make: () => string, needsMagic = false): void => {
      let code: string;
      try {
        code = make();
      } catch (error) {
        Notification.error((error as Error).message, { autoClose: 5000 });
        return;
      }
      insertCell(app, tracker, code, { needsMagic }).catch(error =>
        Notification.error(
          `Could not insert the cell: ${(error as Error).message}`
        )
      );
    };
    return {
      insertQuery: (table: ITableMeta, columns: string[]) =>
        insert(() =>
          syncQueryCode({
            ...context(),
            query: selectTop({
              table: table.name,
              columns,
              top: settings().queryTop
            }),
            maxrec: settings().queryTop,
            subject: table.name
          })
        ),
      insertAsync: (table: ITableMeta, columns: string[]) =>
        insert(() =>
          asyncQueryCode({
            ...context(),
            // TOP says in the query itself how far the job goes; MAXREC then never cuts it short.
            query: selectTop({
              table: table.name,
              columns,
              top: settings().asyncMaxrec
            }),
            maxrec: settings().asyncMaxrec,
            subject: table.name
          })
        ),
      insertCone: (table: ITableMeta, columns: string[]) =>
        insert(() => {
          const position = positionColumns(table);
          if (!position) {
            throw new Error(
              `${table.name} has no RA/Dec columns that a cone search can use.`
            );
          }
          const [ra, dec] = settings().coneCenter;
          return coneQueryCode({
            ...context(),
            table: table.name,
            columns,
            raColumn: position.ra.name,
            decColumn: position.dec.name,
            ra,
            dec,
            radiusDeg: settings().coneRadiusDeg,
            top: settings().queryTop
          });
        }),
      insertJoin: (table: ITableMeta, key: IForeignKey) =>
        insert(() =>
          syncQueryCode({
            ...context(),
            query: joinQuery({
              left: table.name,
              right: key.targetTable,
              fromColumns: key.fromColumns,
              toColumns: key.toColumns,
              top: settings().queryTop
            }),
            maxrec: settings().queryTop,
            subject: `${table.name} joined with ${key.targetTable}`
          })
        ),
      insertAdql: (table: ITableMeta, columns: string[]) =>
        insert(
          () =>
            adqlMagicCell({
              service: magicTarget(),
              query: selectTop({
                table: table.name,
                columns,
                top: settings().queryTop
              }),
              maxrec: settings().queryTop
            }),
          true
        ),
      insertExample: (example, into) => {
        const options = exampleCellOptions(example.parameters ?? []);
        if (options.ignored.length > 0) {
          Notification.warning(
            `This example also sets ${options.ignored.map(p => `${p.key}=${p.value}`).join(', ')}, ` +
              'which a %%adql cell does not carry: only its query is inserted.',
            { autoClose: 8000 }
          );
        }
        const make = () =>
          adqlMagicCell({
            service: magicTarget(),
            query: example.query,
            maxrec: options.maxrec
          });
        if (into === 'current') {
          const cell = tracker.activeCell;
          const source = cell?.model.sharedModel.getSource() ?? '';
          const replaced = replaceAdqlQuery(source, example.query);
          if (
            cell &&
            cell.model.type === 'code' &&
            (replaced !== null || source.trim() === '')
          ) {
            try {
              cell.model.sharedModel.setSource(replaced ?? make());
            } catch (error) {
              Notification.error((error as Error).message, { autoClose: 5000 });
            }
            return;
          }
          Notification.info(
            'The active cell is neither a %%adql cell nor empty: the example went into a new cell below it.',
            { autoClose: 5000 }
          );
        }
        insert(make, true);
      },
      exampleSettings: (): IExampleSettings => ({
        coneCenter: settings().coneCenter,
        coneRadiusDeg: settings().coneRadiusDeg,
        top: settings().queryTop
      }),
      copy
    };
  };
  return {
    forService,
    openTable: (serviceId, table, options = {}) =>
      void app.commands.execute(CommandIDs.openTable, {
        serviceId,
        table: table.name,
        ...(options.column ? { column: options.column } : {}),
        ...(options.toTheSide ? { mode: 'split-right' } : {})
      }),
    showOnSky: (title, rows, notice) =>
      void app.commands.execute(CommandIDs.showOnSky, {
        title,
        rows: rows as unknown as ReadonlyJSONValue,
        notice
      }),
    canFetch: url =>
      upstreamToProxyUrl(
        url,
        services.services.map(entry => entry.description)
      ) !== null,
    viewCutout: row =>
      void app.commands.execute(CommandIDs.openCutout, {
        datalinkUrl: row.datalinkUrl,
        ra: row.ra,
        dec: row.dec,
        title: row.title
      }),
    addService: (url: string, title: string, signal?: AbortSignal) =>
      addUserService({
        url,
        title,
        kept: settings().userServices,
        check: (candidate, checkSignal) =>
          services.checkUserService(candidate, checkSignal),
        save: entries => handle.saveUserServices(entries),
        signal
      }),
    removeService: async (url: string) => {
      await handle.saveUserServices(
        settings().userServices.filter(s => s.url !== url)
      );
    },
    copy
  };
}
