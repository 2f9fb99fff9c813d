import { JupyterFrontEnd } from '@jupyterlab/application';
import { Clipboard, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';

import {
  CodeModeSetting,
  asyncQueryCode,
  coneQueryCode,
  joinQuery,
  resolveMode,
  selectTop,
  syncQueryCode
} from '../codegen';
import { IServicesModel } from '../tokens';
import { IForeignKey, ITableMeta } from '../vo';
import { IBrowserActions } from './SchemaBrowser';
import { BrowserModel } from './model';
import { insertCell } from './insert';
import { positionColumns } from './tree';

export interface IBrowserSettings {
  codeStyle: CodeModeSetting;
  queryTop: number;
  asyncMaxrec: number;
  coneCenter: [number, number];
  coneRadiusDeg: number;
}

export const DEFAULT_BROWSER_SETTINGS: IBrowserSettings = {
  codeStyle: 'auto',
  queryTop: 100,
  asyncMaxrec: 100000,
  coneCenter: [62.0, -37.0],
  coneRadiusDeg: 0.05
};

/** The browser's actions on notebooks and the clipboard, with code from the codegen layer. */
export function createBrowserActions(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  services: IServicesModel,
  browser: BrowserModel,
  settings: () => IBrowserSettings
): IBrowserActions {
  const context = () => {
    const entry = browser.serviceId
      ? services.find(browser.serviceId)
      : undefined;
    if (!entry) {
      throw new Error('Choose a TAP service first.');
    }
    return {
      mode: resolveMode(settings().codeStyle, services.onPlatform),
      service: {
        id: entry.description.id,
        url: entry.description.url,
        title: entry.description.title
      }
    };
  };
  const insert = (make: () => string): void => {
    let code: string;
    try {
      code = make();
    } catch (error) {
      Notification.error((error as Error).message, { autoClose: 5000 });
      return;
    }
    insertCell(app, tracker, code).catch(error =>
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
          query: selectTop({ table: table.name, columns }),
          maxrec: settings().asyncMaxrec,
          subject: table.name
        })
      ),
    insertCone: (table: ITableMeta) =>
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
    copy: (text: string) => {
      Clipboard.copyToSystem(text);
      Notification.info(`Copied ${text}`, { autoClose: 2000 });
    }
  };
}
