/**
 * The TAP browser in the sidebar: the service picker and what is known of the service, the filter,
 * how much was read, and the tree at the height that is left. A table opens in its own panel.
 */
import * as React from 'react';

import { IServicesModel } from '../tokens';
import { AddService } from './AddService';
import { ServiceExamples } from './Examples';
import { Capabilities, ServicePicker, ServiceStatus } from './ServiceBar';
import { Tree } from './Tree';
import { BrowserModel } from './model';
import { ITreeRow } from './tree';
import { IBrowserActions } from './types';
import { plural } from './words';

function megabytes(characters: number): string {
  return `${(characters / 1e6).toFixed(1)} MB`;
}

/** How much of the service's tables was read: while reading, and once they are all there. */
function ReadCounts(props: { model: BrowserModel }): JSX.Element | null {
  const { model } = props;
  const progress = model.progress;
  if (model.loading) {
    return (
      <div className="jp-RspApi-Counts" role="status">
        Reading tables…
        {progress
          ? ` ${plural(progress.tables, 'table')}, ${plural(progress.columns, 'column')} (${megabytes(progress.bytes)}) so far`
          : ''}
      </div>
    );
  }
  const counts = model.counts;
  if (!counts) {
    return null;
  }
  return (
    <div className="jp-RspApi-Counts" role="status">
      {plural(counts.schemas, 'schema')}, {plural(counts.tables, 'table')},{' '}
      {plural(counts.columns, 'column')} read
      {counts.tablesWithoutColumns > 0
        ? ` (the columns of ${plural(counts.tablesWithoutColumns, 'table')} are read when opened)`
        : ''}
    </div>
  );
}

/** The TAP browser: a pure view of the model. */
export function SchemaBrowser(props: {
  model: BrowserModel;
  services: IServicesModel;
  actions: IBrowserActions;
}): JSX.Element {
  const { model, services, actions } = props;
  const open = (row: ITreeRow, toTheSide: boolean): void => {
    if (model.serviceId && row.table) {
      actions.openTable(model.serviceId, row.table, {
        column: row.column?.name,
        toTheSide
      });
    }
  };
  return (
    <div className="jp-RspApi-Browser">
      <ServicePicker model={model} services={services} />
      <ServiceStatus model={model} services={services} actions={actions} />
      {services.userServicesAllowed ? (
        <AddService onAdd={actions.addService} />
      ) : null}
      {model.cancelled ? (
        <div className="jp-RspApi-Placeholder" role="status">
          Cancelled: ↻ reads the tables again.
        </div>
      ) : null}
      <Capabilities model={model} />
      {model.serviceId ? (
        <ServiceExamples
          examples={model.examples}
          tableset={model.tableset}
          actions={actions.forService(model.serviceId)}
        />
      ) : null}
      <div className="jp-RspApi-BrowserBar">
        <input
          className="jp-RspApi-Filter"
          type="search"
          placeholder="Filter schemas, tables, columns"
          aria-label="Filter schemas, tables and columns"
          value={model.filter.text}
          onChange={event => model.setFilter(event.target.value)}
        />
        <label
          className="jp-RspApi-FilterOption"
          title="Also match descriptions"
        >
          <input
            type="checkbox"
            checked={model.filter.descriptions}
            onChange={event =>
              model.setFilter(model.filter.text, event.target.checked)
            }
          />
          desc.
        </label>
      </div>
      <ReadCounts model={model} />
      {model.error ? (
        <div className="jp-RspApi-Error" role="alert">
          <p>{model.error}</p>
          <button className="jp-mod-styled" onClick={() => void model.reload()}>
            Try again
          </button>
        </div>
      ) : null}
      {model.tableset ? <Tree model={model} onOpen={open} /> : null}
      {model.truncated ? (
        <div className="jp-RspApi-Placeholder" role="status">
          Showing the first {model.rows.length.toLocaleString()} matches: type
          more to narrow them down.
        </div>
      ) : null}
      {model.tableset && model.filter.text && model.rows.length === 0 ? (
        <div className="jp-RspApi-Placeholder">
          Nothing matches “{model.filter.text}”.
        </div>
      ) : null}
      {model.tableset && !model.filter.text ? (
        <p className="jp-RspApi-Hint">
          Click a table (or press Enter) to open its panel; Shift opens it
          beside the current one.
        </p>
      ) : null}
    </div>
  );
}
