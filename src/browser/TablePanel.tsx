/**
 * A table's panel in the main area: its description, counts and actions on top, then its
 * columns, its preview and its examples, each in a tab of the whole panel's height.
 */
import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import { copyIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IServicesModel } from '../tokens';
import {
  ITableMeta,
  adqlTableName,
  bareColumnName,
  bareTableName
} from '../vo';
import { ColumnsTable } from './ColumnsTable';
import { TableExamples, tableExampleList } from './Examples';
import { ResultView } from './ResultView';
import { MAX_PREVIEW_TOP, TableModel, TableTab } from './tableModel';
import { columnLabel, positionColumns } from './tree';
import { IResultActions, ITableActions } from './types';
import { plural } from './words';

function TableHeader(props: {
  model: TableModel;
  table: ITableMeta;
  serviceTitle: string;
  actions: ITableActions;
}): JSX.Element {
  const { model, table, serviceTitle, actions } = props;
  const columns = table.columns;
  const indexed = columns?.filter(c => c.indexed).length ?? 0;
  return (
    <div className="jp-RspApi-TableHeader">
      <div className="jp-RspApi-DetailsTitle">
        <code>{bareTableName(table.name)}</code>
        {/* What is copied goes into queries: the name as ADQL writes it. */}
        <button
          className="jp-RspApi-IconButton"
          title="Copy the qualified name"
          aria-label="Copy the qualified name"
          onClick={() => actions.copy(adqlTableName(table.name))}
        >
          <copyIcon.react tag="span" elementSize="normal" />
        </button>
        <span className="jp-RspApi-TableService">on {serviceTitle}</span>
      </div>
      <div className="jp-RspApi-DetailsMeta">
        {table.type ? <span>{table.type}</span> : null}
        {table.nrows !== undefined ? (
          <span>{plural(table.nrows, 'row')}</span>
        ) : null}
        {columns ? (
          <span>{plural(columns.length, 'column')}</span>
        ) : (
          <span role="status">reading the columns…</span>
        )}
        {indexed > 0 ? <span>{indexed.toLocaleString()} indexed</span> : null}
        {table.foreignKeys.length > 0 ? (
          <span>{plural(table.foreignKeys.length, 'join')}</span>
        ) : null}
      </div>
      {table.description ? (
        <p className="jp-RspApi-TableDescription">{table.description}</p>
      ) : (
        <p className="jp-RspApi-Hint">The service gives no description.</p>
      )}
      <TableActions model={model} table={table} actions={actions} />
      {table.foreignKeys.length > 0 ? (
        <details className="jp-RspApi-Joins">
          <summary className="jp-RspApi-DetailsHeading">
            Joins ({table.foreignKeys.length})
          </summary>
          {table.foreignKeys.map((key, i) => (
            <div key={i} className="jp-RspApi-Join">
              <span>
                {key.fromColumns.map(bareColumnName).join(', ')} →{' '}
                {bareTableName(key.targetTable)}.
                {key.toColumns.map(bareColumnName).join(', ')}
              </span>
              <button
                className="jp-mod-styled"
                onClick={() => actions.insertJoin(table, key)}
              >
                Insert join
              </button>
            </div>
          ))}
        </details>
      ) : null}
    </div>
  );
}

function TableActions(props: {
  model: TableModel;
  table: ITableMeta;
  actions: ITableActions;
}): JSX.Element {
  const { model, table, actions } = props;
  const picked = model.picked;
  const position = positionColumns(table);
  return (
    <div className="jp-RspApi-Actions" aria-label="Table actions">
      <button
        className="jp-mod-styled jp-mod-accept"
        onClick={() => actions.insertQuery(table, picked)}
        title="Insert a cell with a synchronous query of this table"
      >
        {picked.length > 0 ? `Query ${picked.length} columns` : 'Insert query'}
      </button>
      <button
        className="jp-mod-styled"
        title="Insert a cell that runs the query as an async (UWS) job"
        onClick={() => actions.insertAsync(table, picked)}
      >
        Async job
      </button>
      <button
        className="jp-mod-styled"
        title="Insert a %%adql cell (and the %load_ext line the notebook needs)"
        onClick={() => actions.insertAdql(table, picked)}
      >
        %%adql
      </button>
      {position ? (
        <button
          className="jp-mod-styled"
          title={`Cone search on ${columnLabel(position.ra)}, ${columnLabel(position.dec)}`}
          onClick={() => actions.insertCone(table, picked)}
        >
          Cone search
        </button>
      ) : null}
      <span className="jp-RspApi-PreviewControl">
        <button
          className="jp-mod-styled"
          title={`Read the first ${model.top} rows${picked.length > 0 ? ' of the picked columns' : ''} here`}
          onClick={() => void model.runPreview()}
        >
          Preview
        </button>
        <label>
          TOP <TopInput model={model} />
        </label>
      </span>
    </div>
  );
}

/** The preview's TOP: taken while typed when it is a number, put right when left. */
function TopInput(props: { model: TableModel }): JSX.Element {
  const { model } = props;
  const [text, setText] = React.useState(String(model.top));
  React.useEffect(() => setText(String(model.top)), [model.top]);
  return (
    <input
      type="number"
      min={1}
      max={MAX_PREVIEW_TOP}
      aria-label="Rows to preview"
      value={text}
      onChange={event => {
        setText(event.target.value);
        const top = Number(event.target.value);
        if (Number.isInteger(top) && top >= 1) {
          model.setTop(top);
        }
      }}
      onBlur={() => setText(String(model.top))}
      onKeyDown={event => {
        if (event.key === 'Enter') {
          void model.runPreview();
        }
      }}
    />
  );
}

const TABS: TableTab[] = ['columns', 'preview', 'examples'];

function Tabs(props: {
  model: TableModel;
  labels: Record<TableTab, string>;
  idPrefix: string;
}): JSX.Element {
  const { model, labels, idPrefix } = props;
  const onKeyDown = (event: React.KeyboardEvent): void => {
    const at = TABS.indexOf(model.tab);
    const step =
      event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step !== 0) {
      const next = TABS[(at + step + TABS.length) % TABS.length];
      model.setTab(next);
      document.getElementById(`${idPrefix}-tab-${next}`)?.focus();
      event.preventDefault();
    }
  };
  return (
    <div
      className="jp-RspApi-Tabs"
      role="tablist"
      aria-label="Columns, preview, examples"
      onKeyDown={onKeyDown}
    >
      {TABS.map(tab => (
        <button
          key={tab}
          id={`${idPrefix}-tab-${tab}`}
          role="tab"
          className={`jp-RspApi-Tab${model.tab === tab ? ' jp-mod-selected' : ''}`}
          aria-selected={model.tab === tab}
          aria-controls={`${idPrefix}-pane-${tab}`}
          tabIndex={model.tab === tab ? 0 : -1}
          onClick={() => model.setTab(tab)}
        >
          {labels[tab]}
        </button>
      ))}
    </div>
  );
}

/** The panel's content: a pure view of its TableModel. */
export function TableView(props: {
  model: TableModel;
  serviceTitle: string;
  actions: ITableActions;
  results: IResultActions;
  idPrefix: string;
}): JSX.Element {
  const { model, serviceTitle, actions, results, idPrefix } = props;
  const table = model.table;
  if (!table) {
    const progress = model.progress;
    return (
      <div className="jp-RspApi-TablePanelBody">
        {model.error ? (
          <div className="jp-RspApi-Error" role="alert">
            <p>{model.error}</p>
          </div>
        ) : (
          <div className="jp-RspApi-Placeholder" role="status">
            Reading the tables of {serviceTitle}…
            {progress
              ? ` ${plural(progress.tables, 'table')}, ${plural(progress.columns, 'column')} so far`
              : ''}
          </div>
        )}
      </div>
    );
  }
  const examples = tableExampleList(
    model.examples,
    table,
    model.tableset,
    actions.exampleSettings()
  );
  const preview = model.preview.state;
  const labels: Record<TableTab, string> = {
    columns: table.columns
      ? `Columns (${table.columns.length.toLocaleString()})`
      : 'Columns',
    preview:
      preview?.state === 'done'
        ? `Preview (${plural(preview.result.rows.length, 'row')})`
        : 'Preview',
    examples: `Examples (${examples.length})`
  };
  const label = bareTableName(table.name);
  return (
    <div
      className="jp-RspApi-TablePanelBody"
      aria-label={`Details of ${label}`}
    >
      <TableHeader
        model={model}
        table={table}
        serviceTitle={serviceTitle}
        actions={actions}
      />
      {model.error ? (
        <div className="jp-RspApi-Error" role="alert">
          {model.error}
        </div>
      ) : null}
      <Tabs model={model} labels={labels} idPrefix={idPrefix} />
      <div
        className="jp-RspApi-TabPane"
        role="tabpanel"
        id={`${idPrefix}-pane-${model.tab}`}
        aria-labelledby={`${idPrefix}-tab-${model.tab}`}
      >
        {model.tab === 'columns' ? (
          table.columns ? (
            <ColumnsTable model={model} />
          ) : (
            <div className="jp-RspApi-Placeholder" role="status">
              Reading the columns…
            </div>
          )
        ) : null}
        {model.tab === 'preview' ? (
          preview ? (
            <ResultView
              model={model.preview}
              title={label}
              label={`Preview of ${label}`}
              actions={results}
            />
          ) : (
            <p className="jp-RspApi-Placeholder">
              Preview reads the first {model.top} rows
              {model.picked.length > 0 ? ' of the picked columns' : ''} through
              the lab.
            </p>
          )
        ) : null}
        {model.tab === 'examples' ? (
          <TableExamples examples={examples} actions={actions} />
        ) : null}
      </div>
    </div>
  );
}

let panelCount = 0;

/** The Lumino widget of a table's panel; the plugin wraps it in a MainAreaWidget. */
export class TablePanel extends ReactWidget {
  constructor(
    readonly model: TableModel,
    private readonly services: IServicesModel,
    private readonly actions: ITableActions,
    private readonly results: IResultActions
  ) {
    super();
    this.addClass('jp-RspApi-TablePanel');
    this.node.dataset.testid = 'rsp-api-table-panel';
    this.node.dataset.serviceId = model.serviceId;
    this.node.dataset.table = model.name;
  }

  dispose(): void {
    if (!this.isDisposed) {
      this.model.dispose();
    }
    super.dispose();
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this.model.changed}>
        {() => (
          <UseSignal signal={this.services.changed}>
            {() => (
              <TableView
                model={this.model}
                serviceTitle={
                  this.services.find(this.model.serviceId)?.description.title ??
                  this.model.serviceId
                }
                actions={this.actions}
                results={this.results}
                idPrefix={this._idPrefix}
              />
            )}
          </UseSignal>
        )}
      </UseSignal>
    );
  }

  private _idPrefix = `jp-RspApi-table-${++panelCount}`;
}
