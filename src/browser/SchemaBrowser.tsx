import { copyIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IServicesModel } from '../tokens';
import {
  IColumnMeta,
  IForeignKey,
  ITableMeta,
  adqlTableName,
  bareColumnName,
  bareTableName,
  drawnRowsNotice,
  findPositionColumns,
  resultNotices
} from '../vo';
import { IExampleActions, ServiceExamples, TableExamples } from './Examples';
import { BrowserModel } from './model';
import { AddService } from './ServicesView';
import { ITreeRow, columnLabel, positionColumns } from './tree';

const ROW_HEIGHT = 22;

/** What the browser can do outside itself: notebooks and the clipboard belong to the plugin. */
export interface IBrowserActions extends IExampleActions {
  insertQuery(table: ITableMeta, columns: string[]): void;
  insertAsync(table: ITableMeta, columns: string[]): void;
  insertCone(table: ITableMeta, columns: string[]): void;
  insertJoin(table: ITableMeta, key: IForeignKey): void;
  /** A `%%adql` cell (with the `%load_ext` line when the notebook lacks it). */
  insertAdql(table: ITableMeta, columns: string[]): void;
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
  /**
   * Keep a TAP URL in the settings once the server found it to be a TAP service; resolves with
   * what the check found, rejects with why not (or a cancel). See services/userServices.ts.
   */
  addService(url: string, title: string, signal?: AbortSignal): Promise<string>;
  removeService(url: string): Promise<void>;
  copy(text: string): void;
  /**
   * Whether the lab may fetch a URL found in a result: only URLs inside a known service go
   * through the proxy (it is not an open relay, and the token stays with its services).
   */
  canFetch(url: string): boolean;
}

function Highlight(props: {
  text: string;
  range?: [number, number];
}): JSX.Element {
  const { text, range } = props;
  if (!range) {
    return <>{text}</>;
  }
  return (
    <>
      {text.slice(0, range[0])}
      <mark>{text.slice(range[0], range[1])}</mark>
      {text.slice(range[1])}
    </>
  );
}

function rowTitle(row: ITreeRow): string {
  const column = row.column;
  if (column) {
    const type = [
      column.datatype,
      column.arraysize ? `[${column.arraysize}]` : ''
    ]
      .filter(Boolean)
      .join('');
    const unit = column.unit ? ` (${column.unit})` : '';
    return `${columnLabel(column)}: ${type}${unit}\n${column.description ?? ''}`.trim();
  }
  return row.description ? `${row.label}\n${row.description}` : row.label;
}

function Tree(props: { model: BrowserModel }): JSX.Element {
  const { model } = props;
  const rows = model.rows;
  const container = React.useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = React.useState(0);
  const [height, setHeight] = React.useState(400);

  React.useEffect(() => {
    const node = container.current;
    if (!node) {
      return;
    }
    const observer = new ResizeObserver(() =>
      setHeight(node.clientHeight || 400)
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  const filterText = model.filter.text;
  React.useEffect(() => {
    // A new filter shows its matches from the top, wherever the list was scrolled.
    if (container.current) {
      container.current.scrollTop = 0;
    }
    setScrollTop(0);
  }, [filterText]);

  const selectedIndex = rows.findIndex(r => r.key === model.selectedKey);
  React.useEffect(() => {
    // Keep the keyboard's position in view.
    const node = container.current;
    if (!node || selectedIndex < 0) {
      return;
    }
    const top = selectedIndex * ROW_HEIGHT;
    if (top < node.scrollTop) {
      node.scrollTop = top;
    } else if (top + ROW_HEIGHT > node.scrollTop + node.clientHeight) {
      node.scrollTop = top + ROW_HEIGHT - node.clientHeight;
    }
  }, [selectedIndex]);

  const onKeyDown = (event: React.KeyboardEvent): void => {
    const current = selectedIndex >= 0 ? rows[selectedIndex] : null;
    const go = (index: number): void => {
      if (rows.length > 0) {
        model.select(rows[Math.max(0, Math.min(rows.length - 1, index))].key);
      }
    };
    switch (event.key) {
      case 'ArrowDown':
        go(selectedIndex + 1);
        break;
      case 'ArrowUp':
        go(selectedIndex - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case 'ArrowRight':
        if (current?.expandable && !current.expanded) {
          model.toggle(current.key);
        } else {
          go(selectedIndex + 1);
        }
        break;
      case 'ArrowLeft':
        if (current?.expandable && current.expanded) {
          model.toggle(current.key);
        } else if (current) {
          for (let i = selectedIndex - 1; i >= 0; i--) {
            if (rows[i].depth < current.depth) {
              go(i);
              break;
            }
          }
        }
        break;
      case 'Enter':
      case ' ':
        if (current?.expandable) {
          model.toggle(current.key);
        } else if (
          current?.kind === 'column' &&
          current.table &&
          current.column
        ) {
          model.toggleColumn(current.table, current.column.name);
        }
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - 5);
  const last = Math.min(
    rows.length,
    Math.ceil((scrollTop + height) / ROW_HEIGHT) + 5
  );
  const visible = rows.slice(first, last);

  return (
    <div
      className="jp-RspApi-Tree"
      role="tree"
      aria-label="Schemas, tables and columns"
      aria-activedescendant={
        selectedIndex >= 0 ? `jp-RspApi-row-${selectedIndex}` : undefined
      }
      tabIndex={0}
      ref={container}
      onKeyDown={onKeyDown}
      onScroll={event =>
        setScrollTop((event.target as HTMLDivElement).scrollTop)
      }
    >
      <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
        {visible.map((row, offset) => {
          const index = first + offset;
          const picked =
            row.kind === 'column' && row.table && row.column
              ? model.isPicked(row.table, row.column.name)
              : false;
          return (
            <div
              key={row.key}
              id={`jp-RspApi-row-${index}`}
              className={`jp-RspApi-TreeRow jp-mod-${row.kind}${
                row.key === model.selectedKey ? ' jp-mod-selected' : ''
              }`}
              role="treeitem"
              aria-label={row.label}
              aria-level={row.depth + 1}
              aria-expanded={row.expandable ? row.expanded : undefined}
              aria-selected={row.key === model.selectedKey}
              data-key={row.key}
              title={rowTitle(row)}
              style={{
                top: index * ROW_HEIGHT,
                height: ROW_HEIGHT,
                paddingLeft: 4 + row.depth * 14
              }}
              onClick={() => model.select(row.key)}
              onDoubleClick={() => row.expandable && model.toggle(row.key)}
            >
              {row.expandable ? (
                <span
                  className="jp-RspApi-Caret"
                  onClick={event => {
                    event.stopPropagation();
                    model.toggle(row.key);
                  }}
                >
                  {row.expanded ? '▾' : '▸'}
                </span>
              ) : (
                <input
                  type="checkbox"
                  className="jp-RspApi-Pick"
                  tabIndex={-1}
                  aria-label={`Pick column ${row.label}`}
                  checked={picked}
                  onChange={() =>
                    row.table &&
                    row.column &&
                    model.toggleColumn(row.table, row.column.name)
                  }
                  onClick={event => event.stopPropagation()}
                />
              )}
              <span className="jp-RspApi-TreeLabel">
                <Highlight text={row.label} range={row.match} />
              </span>
              {row.kind === 'column' && row.column?.unit ? (
                <span className="jp-RspApi-TreeHint">{row.column.unit}</span>
              ) : null}
              {row.kind === 'table' && row.table?.nrows !== undefined ? (
                <span className="jp-RspApi-TreeHint">
                  {row.table.nrows.toLocaleString()}
                </span>
              ) : null}
            </div>
          );
        })}
      </div>
    </div>
  );
}

type SortKey = 'name' | 'datatype' | 'unit' | 'ucd';

function ColumnsTable(props: {
  model: BrowserModel;
  table: ITableMeta;
}): JSX.Element {
  const [sort, setSort] = React.useState<SortKey | null>(null);
  const columns = [...(props.table.columns ?? [])];
  if (sort === 'name') {
    columns.sort((a, b) => columnLabel(a).localeCompare(columnLabel(b)));
  } else if (sort) {
    columns.sort((a, b) => (a[sort] ?? '').localeCompare(b[sort] ?? ''));
  }
  const header = (key: SortKey, label: string): JSX.Element => (
    <th aria-sort={sort === key ? 'ascending' : 'none'}>
      <button
        className="jp-RspApi-SortButton"
        onClick={() => setSort(sort === key ? null : key)}
      >
        {label}
        {sort === key ? ' ▴' : ''}
      </button>
    </th>
  );
  return (
    <table className="jp-RspApi-Columns">
      <thead>
        <tr>
          <th aria-label="Pick" />
          {header('name', 'Name')}
          {header('datatype', 'Type')}
          {header('unit', 'Unit')}
          {header('ucd', 'UCD')}
        </tr>
      </thead>
      <tbody>
        {columns.map((column: IColumnMeta) => (
          <tr key={column.name} title={column.description}>
            <td>
              <input
                type="checkbox"
                aria-label={`Pick column ${columnLabel(column)}`}
                checked={props.model.isPicked(props.table, column.name)}
                onChange={() =>
                  props.model.toggleColumn(props.table, column.name)
                }
              />
            </td>
            <td>
              {columnLabel(column)}
              {column.indexed ? <span title="indexed"> ⚡</span> : null}
              {column.principal ? <span title="principal"> ★</span> : null}
            </td>
            <td>
              {column.datatype ?? ''}
              {column.arraysize ? `[${column.arraysize}]` : ''}
            </td>
            <td>{column.unit ?? ''}</td>
            <td className="jp-RspApi-Ucd">{column.ucd ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TableDetails(props: {
  model: BrowserModel;
  table: ITableMeta;
  actions: IBrowserActions;
}): JSX.Element {
  const { model, table, actions } = props;
  const picked = model.pickedOf(table);
  const position = positionColumns(table);
  return (
    <div
      className="jp-RspApi-Details"
      aria-label={`Details of ${bareTableName(table.name)}`}
    >
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
      </div>
      {table.description ? <p>{table.description}</p> : null}
      <div className="jp-RspApi-DetailsMeta">
        {table.type ? <span>{table.type}</span> : null}
        {table.nrows !== undefined ? (
          <span>{table.nrows.toLocaleString()} rows</span>
        ) : null}
        {table.columns ? (
          <span>{table.columns.length} columns</span>
        ) : (
          <span>columns…</span>
        )}
      </div>
      <div className="jp-RspApi-Actions">
        <button
          className="jp-mod-styled jp-mod-accept"
          onClick={() => actions.insertQuery(table, picked)}
          title="Insert a cell with a synchronous query of this table"
        >
          {picked.length > 0
            ? `Query ${picked.length} columns`
            : 'Insert query'}
        </button>
        <button
          className="jp-mod-styled"
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
        <button
          className="jp-mod-styled"
          onClick={() => void model.runPreview(table)}
        >
          Preview
        </button>
      </div>
      {table.foreignKeys.length > 0 ? (
        <div className="jp-RspApi-Joins">
          <div className="jp-RspApi-DetailsHeading">Joins</div>
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
        </div>
      ) : null}
      <TableExamples model={model} table={table} actions={actions} />
      {table.columns ? <ColumnsTable model={model} table={table} /> : null}
    </div>
  );
}

function ColumnDetails(props: {
  column: IColumnMeta;
  table: ITableMeta;
}): JSX.Element {
  const { column } = props;
  const facts: [string, string | undefined][] = [
    ['table', bareTableName(props.table.name)],
    [
      'type',
      `${column.datatype ?? ''}${column.arraysize ? `[${column.arraysize}]` : ''}`
    ],
    ['unit', column.unit],
    ['UCD', column.ucd],
    ['utype', column.utype],
    ['xtype', column.xtype],
    [
      'flags',
      [
        column.indexed && 'indexed',
        column.principal && 'principal',
        column.primary && 'primary key',
        column.std && 'standard',
        column.nullable && 'nullable'
      ]
        .filter(Boolean)
        .join(', ')
    ]
  ];
  return (
    <div
      className="jp-RspApi-Details"
      aria-label={`Details of column ${columnLabel(column)}`}
    >
      <div className="jp-RspApi-DetailsTitle">
        <code>{columnLabel(column)}</code>
      </div>
      {column.description ? <p>{column.description}</p> : null}
      <dl className="jp-RspApi-Facts">
        {facts
          .filter(([, value]) => value)
          .map(([name, value]) => (
            <React.Fragment key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </React.Fragment>
          ))}
      </dl>
    </div>
  );
}

function formatCell(cell: unknown): string {
  if (cell === null || cell === undefined) {
    return '';
  }
  if (Array.isArray(cell) || ArrayBuffer.isView(cell)) {
    return Array.from(cell as ArrayLike<unknown>).join(' ');
  }
  return String(cell);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'not a URL';
  }
}

/** Columns of an ObsCore-like result that lead to an image: its DataLink URL and position. */
function imageColumns(
  fields: { name: string }[]
): { url: number; ra: number; dec: number; id: number } | null {
  const find = (name: string) =>
    fields.findIndex(f => f.name.toLowerCase() === name);
  const url = find('access_url');
  const ra = find('s_ra');
  const dec = find('s_dec');
  if (url < 0 || ra < 0 || dec < 0) {
    return null;
  }
  const id =
    [find('obs_id'), find('obs_publisher_did')].find(i => i >= 0) ?? -1;
  return { url, ra, dec, id };
}

function Preview(props: {
  model: BrowserModel;
  actions: IBrowserActions;
}): JSX.Element | null {
  const preview = props.model.preview;
  if (!preview) {
    return null;
  }
  const images =
    preview.state === 'done' ? imageColumns(preview.result.fields) : null;
  const positions =
    preview.state === 'done'
      ? findPositionColumns(preview.result.fields)
      : null;
  const onSky = (): void => {
    if (preview.state !== 'done' || !positions) {
      return;
    }
    const { fields, rows } = preview.result;
    const drawn = rows
      .map(row => ({
        ra: Number(row[positions.ra]),
        dec: Number(row[positions.dec]),
        data: Object.fromEntries(
          fields.map((f, i) => [f.name, formatCell(row[i])])
        )
      }))
      .filter(r => Number.isFinite(r.ra) && Number.isFinite(r.dec));
    props.actions.showOnSky(
      preview.title,
      drawn,
      drawnRowsNotice(preview.result, drawn.length)
    );
  };
  const notices =
    preview.state === 'done' ? resultNotices(preview.result) : null;
  return (
    <div
      className="jp-RspApi-Preview"
      aria-label={`Preview of ${preview.title}`}
    >
      <div className="jp-RspApi-DetailsHeading">
        Preview of {preview.title}
        {positions ? (
          <button
            className="jp-RspApi-LinkButton"
            title="Show these rows on the sky viewer"
            onClick={onSky}
          >
            on the sky
          </button>
        ) : null}
        <button
          className="jp-RspApi-IconButton"
          aria-label="Close the preview"
          onClick={() => props.model.closePreview()}
        >
          ✕
        </button>
      </div>
      {preview.state === 'loading' ? (
        <div role="status">Loading rows…</div>
      ) : null}
      {preview.state === 'error' ? (
        <div className="jp-RspApi-Error" role="alert">
          {preview.message}
        </div>
      ) : null}
      {preview.state === 'done' ? (
        <div className="jp-RspApi-PreviewGrid">
          {notices?.error ? (
            <div className="jp-RspApi-Error" role="alert">
              {notices.error}
            </div>
          ) : null}
          {notices?.notes.map((note, i) => (
            <div className="jp-RspApi-Problem" role="note" key={i}>
              {note}
            </div>
          ))}
          <table>
            <thead>
              <tr>
                {images ? <th>cutout</th> : null}
                {preview.result.fields.map(field => (
                  <th key={field.name} title={field.description}>
                    {field.name}
                    {field.unit ? <small> [{field.unit}]</small> : null}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.result.rows.map((row, i) => (
                <tr key={i}>
                  {images &&
                  !props.actions.canFetch(String(row[images.url] ?? '')) ? (
                    <td>
                      <button
                        className="jp-RspApi-LinkButton"
                        title={`This image's URL (${hostOf(String(row[images.url] ?? ''))}) lies outside every service the lab knows, so the lab does not fetch it. Copy it to open it yourself, or ask the administrator to configure its service.`}
                        onClick={() =>
                          props.actions.copy(String(row[images.url] ?? ''))
                        }
                      >
                        copy URL
                      </button>
                    </td>
                  ) : images ? (
                    <td>
                      <button
                        className="jp-RspApi-LinkButton"
                        title="Cut out the image around its centre (DataLink, then SODA)"
                        onClick={() =>
                          props.actions.viewCutout({
                            datalinkUrl: String(row[images.url] ?? ''),
                            ra: Number(row[images.ra]),
                            dec: Number(row[images.dec]),
                            title:
                              String(
                                images.id >= 0 ? row[images.id] : `row ${i + 1}`
                              )
                                .split(/[/?]/)
                                .pop() ?? 'cutout'
                          })
                        }
                      >
                        view
                      </button>
                    </td>
                  ) : null}
                  {row.map((cell, j) => (
                    <td key={j}>{formatCell(cell)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

function limit(value?: {
  default?: number;
  hard?: number;
  unit?: string;
}): string {
  if (!value || (value.default === undefined && value.hard === undefined)) {
    return 'not stated';
  }
  const unit = value.unit ? ` ${value.unit}s` : '';
  const parts = [
    value.default !== undefined
      ? `default ${value.default.toLocaleString()}`
      : '',
    value.hard !== undefined ? `limit ${value.hard.toLocaleString()}` : ''
  ].filter(Boolean);
  return `${parts.join(', ')}${unit}`;
}

function Capabilities(props: { model: BrowserModel }): JSX.Element | null {
  const caps = props.model.capabilities;
  if (caps === null) {
    return null;
  }
  if (typeof caps === 'string') {
    return <div className="jp-RspApi-CapsLine">{caps}</div>;
  }
  const languages = caps.languages
    .map(l => `${l.name} ${l.versions.map(v => v.version).join('/')}`)
    .join(', ');
  const udfs = caps.languages.reduce((n, l) => n + l.udfs.length, 0);
  return (
    <details className="jp-RspApi-Caps" aria-label="Service capabilities">
      <summary className="jp-RspApi-CapsLine">
        {languages || 'no query language stated'} · MAXREC{' '}
        {limit(caps.outputLimit)}
      </summary>
      <dl className="jp-RspApi-Facts">
        <dt>output</dt>
        <dd>
          {caps.outputFormats.map(f => f.aliases[0] ?? f.mime).join(', ') ||
            'none stated'}
        </dd>
        <dt>upload</dt>
        <dd>
          {caps.uploadMethods.length > 0
            ? `yes (${limit(caps.uploadLimit)})`
            : 'no upload methods stated'}
        </dd>
        <dt>run time</dt>
        <dd>{limit(caps.executionDuration)} s</dd>
        <dt>kept for</dt>
        <dd>{limit(caps.retentionPeriod)} s</dd>
        <dt>functions</dt>
        <dd>{udfs} user-defined</dd>
        <dt>data models</dt>
        <dd>{caps.dataModels.map(m => m.name).join(', ') || 'none stated'}</dd>
      </dl>
    </details>
  );
}

const AVAILABILITY_WORDS: Record<string, string> = {
  unknown: 'not checked',
  checking: 'checking…',
  available: 'available',
  unavailable: 'unavailable',
  'no-token': 'no token',
  unauthorized: 'token refused',
  unreachable: 'unreachable',
  error: 'error'
};

/** The chosen service's availability and where its tables were read from. */
function ServiceStatus(props: {
  model: BrowserModel;
  services: IServicesModel;
  actions: IBrowserActions;
}): JSX.Element | null {
  const { model, services, actions } = props;
  const entry = model.serviceId ? services.find(model.serviceId) : undefined;
  if (!entry) {
    return null;
  }
  const availability = entry.availability;
  const note = 'note' in availability ? availability.note : undefined;
  const origin = model.origin;
  return (
    <div className="jp-RspApi-ServiceStatus">
      <span
        className={`jp-RspApi-StateChip jp-mod-${availability.state}`}
        role="status"
        title={note ?? AVAILABILITY_WORDS[availability.state]}
      >
        {AVAILABILITY_WORDS[availability.state]}
      </span>
      {origin ? (
        <span
          className="jp-RspApi-Origin"
          title={
            origin.fallbackReason
              ? `/tables could not be read: ${origin.fallbackReason}`
              : undefined
          }
        >
          tables from {origin.source === 'vosi' ? 'VOSI /tables' : 'TAP_SCHEMA'}
          {origin.fallbackReason ? ' (/tables failed)' : ''}
        </span>
      ) : null}
      {entry.description.source === 'user' ? (
        <button
          className="jp-RspApi-LinkButton"
          title={`Remove ${entry.description.url} from your services`}
          onClick={() => {
            void model.setService(null);
            void actions.removeService(entry.description.url);
          }}
        >
          Remove
        </button>
      ) : null}
    </div>
  );
}

/** The TAP browser: service picker, filter, tree, details, preview. A pure view of the model. */
export function SchemaBrowser(props: {
  model: BrowserModel;
  services: IServicesModel;
  actions: IBrowserActions;
}): JSX.Element {
  const { model, services, actions } = props;
  const tapServices = services.services.filter(
    e => e.description.kind === 'tap'
  );
  const platformServices = tapServices.filter(
    e => e.description.source !== 'user'
  );
  const userServices = tapServices.filter(e => e.description.source === 'user');
  const selected = model.selected;
  const progress = model.progress;
  return (
    <div className="jp-RspApi-Browser">
      <div className="jp-RspApi-BrowserBar">
        <select
          aria-label="TAP service"
          value={model.serviceId ?? ''}
          onChange={event => void model.setService(event.target.value || null)}
        >
          <option value="">Choose a TAP service…</option>
          {platformServices.map(entry => (
            <option key={entry.description.id} value={entry.description.id}>
              {entry.description.title}
            </option>
          ))}
          {userServices.length > 0 ? (
            <optgroup label="Added by you">
              {userServices.map(entry => (
                <option key={entry.description.id} value={entry.description.id}>
                  {entry.description.title}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
        {model.loading ? (
          <button className="jp-mod-styled" onClick={() => model.cancel()}>
            Cancel
          </button>
        ) : (
          <button
            className="jp-RspApi-IconButton"
            title="Reload the tables"
            aria-label="Reload the tables"
            disabled={!model.serviceId}
            onClick={() => void model.reload()}
          >
            ↻
          </button>
        )}
      </div>
      <ServiceStatus model={model} services={services} actions={actions} />
      {services.userServicesAllowed ? (
        <AddService onAdd={actions.addService} />
      ) : null}
      <Capabilities model={model} />
      <ServiceExamples model={model} actions={actions} />
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
      {model.loading ? (
        <div className="jp-RspApi-Placeholder" role="status">
          Reading tables…
          {progress
            ? ` ${progress.tables} tables, ${progress.columns} columns`
            : ''}
        </div>
      ) : null}
      {model.cancelled ? (
        <div className="jp-RspApi-Placeholder" role="status">
          Cancelled: ↻ reads the tables again.
        </div>
      ) : null}
      {model.error ? (
        <div className="jp-RspApi-Error" role="alert">
          <p>{model.error}</p>
          <button className="jp-mod-styled" onClick={() => void model.reload()}>
            Try again
          </button>
        </div>
      ) : null}
      {model.tableset ? <Tree model={model} /> : null}
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
      {selected?.kind === 'table' && selected.table ? (
        <TableDetails model={model} table={selected.table} actions={actions} />
      ) : null}
      {selected?.kind === 'column' && selected.column && selected.table ? (
        <ColumnDetails column={selected.column} table={selected.table} />
      ) : null}
      <Preview model={model} actions={actions} />
    </div>
  );
}
