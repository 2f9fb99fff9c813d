/**
 * A table's columns in its panel: name, type, unit, UCD and description all readable without
 * hovering, filtered and sorted. Long lists are drawn a slice at a time as the user scrolls, so a
 * table of thousands of columns opens at once.
 */
import * as React from 'react';

import { IColumnMeta } from '../vo';
import { ColumnSort, TableModel } from './tableModel';
import { columnLabel } from './tree';

/** Rows drawn at first, and added each time the end of the list comes into view. */
const SLICE = 200;

function columnType(column: IColumnMeta): string {
  return `${column.datatype ?? ''}${column.arraysize ? `[${column.arraysize}]` : ''}`;
}

/** What else the service says of a column, after its description. */
function columnFacts(column: IColumnMeta): string {
  return [
    column.utype && `utype ${column.utype}`,
    column.xtype && `xtype ${column.xtype}`,
    column.primary && 'primary key',
    column.std && 'standard',
    column.nullable && 'nullable'
  ]
    .filter(Boolean)
    .join(' · ');
}

function SortHeader(props: {
  model: TableModel;
  sortKey: ColumnSort;
  label: string;
}): JSX.Element {
  const { model, sortKey, label } = props;
  const active = model.sort === sortKey;
  return (
    <th aria-sort={active ? 'ascending' : 'none'}>
      <button
        className="jp-RspApi-SortButton"
        title={active ? 'Back to the table’s order' : `Sort by ${label}`}
        onClick={() => model.setSort(active ? null : sortKey)}
      >
        {label}
        {active ? ' ▴' : ''}
      </button>
    </th>
  );
}

export function ColumnsTable(props: { model: TableModel }): JSX.Element {
  const { model } = props;
  const all = model.table?.columns ?? [];
  const listed = model.listed;
  const focus = model.focusColumn;
  const focusIndex = focus ? listed.findIndex(c => c.name === focus) : -1;
  const [limit, setLimit] = React.useState(SLICE);
  const scroller = React.useRef<HTMLDivElement>(null);
  const end = React.useRef<HTMLTableRowElement>(null);

  // The column the user came for is drawn, however far down the list it is.
  const drawn = Math.max(limit, focusIndex + 1);

  // A new filter or order starts from its first slice.
  React.useEffect(() => {
    setLimit(SLICE);
  }, [model.columnFilter, model.sort]);

  React.useEffect(() => {
    const sentinel = end.current;
    if (!sentinel || typeof IntersectionObserver === 'undefined') {
      return;
    }
    const observer = new IntersectionObserver(
      entries => {
        if (entries.some(entry => entry.isIntersecting)) {
          setLimit(current => current + SLICE);
        }
      },
      { root: scroller.current, rootMargin: '400px' }
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [drawn, listed.length]);

  React.useEffect(() => {
    if (focus) {
      scroller.current
        ?.querySelector(`[data-column="${CSS.escape(focus)}"]`)
        ?.scrollIntoView({ block: 'center' });
    }
  }, [focus, focusIndex]);

  const filtering = model.columnFilter.trim() !== '';
  const picked = model.picked.length;
  return (
    <div className="jp-RspApi-ColumnsPane">
      <div className="jp-RspApi-BrowserBar">
        <input
          className="jp-RspApi-Filter"
          type="search"
          placeholder="Filter columns: name, UCD, unit, description"
          aria-label="Filter the columns"
          value={model.columnFilter}
          onChange={event => model.setColumnFilter(event.target.value)}
        />
        <span className="jp-RspApi-Count" role="status">
          {filtering
            ? `${listed.length.toLocaleString()} of ${all.length.toLocaleString()} columns`
            : `${all.length.toLocaleString()} columns`}
          {picked > 0 ? `, ${picked} picked` : ''}
        </span>
        {picked > 0 ? (
          <button
            className="jp-RspApi-LinkButton"
            onClick={() => model.clearPicks()}
          >
            unpick all
          </button>
        ) : null}
      </div>
      <div className="jp-RspApi-ColumnsScroller" ref={scroller}>
        <table className="jp-RspApi-Columns" aria-label="Columns">
          <thead>
            <tr>
              <th>
                <span className="jp-RspApi-VisuallyHidden">Pick</span>
              </th>
              <SortHeader model={model} sortKey="name" label="Name" />
              <SortHeader model={model} sortKey="datatype" label="Type" />
              <SortHeader model={model} sortKey="unit" label="Unit" />
              <SortHeader model={model} sortKey="ucd" label="UCD" />
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {listed.slice(0, drawn).map(column => {
              const facts = columnFacts(column);
              const label = columnLabel(column);
              return (
                <tr
                  key={column.name}
                  data-column={column.name}
                  className={column.name === focus ? 'jp-mod-selected' : ''}
                >
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Pick column ${label}`}
                      checked={model.isPicked(column.name)}
                      onChange={() => model.togglePick(column.name)}
                    />
                  </td>
                  <td className="jp-RspApi-ColumnName">
                    <code>{label}</code>
                    {column.indexed ? (
                      <span className="jp-RspApi-Flag" title="indexed">
                        {' '}
                        ⚡
                        <span className="jp-RspApi-VisuallyHidden">
                          indexed
                        </span>
                      </span>
                    ) : null}
                    {column.principal ? (
                      <span className="jp-RspApi-Flag" title="principal">
                        {' '}
                        ★
                        <span className="jp-RspApi-VisuallyHidden">
                          principal
                        </span>
                      </span>
                    ) : null}
                  </td>
                  <td>{columnType(column)}</td>
                  <td>{column.unit ?? ''}</td>
                  <td className="jp-RspApi-Ucd">{column.ucd ?? ''}</td>
                  <td className="jp-RspApi-ColumnDescription">
                    {column.description ?? ''}
                    {facts ? (
                      <div className="jp-RspApi-ColumnFacts">{facts}</div>
                    ) : null}
                  </td>
                </tr>
              );
            })}
            {drawn < listed.length ? (
              <tr ref={end}>
                <td colSpan={6} className="jp-RspApi-Placeholder">
                  {(listed.length - drawn).toLocaleString()} more columns…
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
        {filtering && listed.length === 0 ? (
          <p className="jp-RspApi-Placeholder">
            No column matches “{model.columnFilter}”.
          </p>
        ) : null}
      </div>
    </div>
  );
}
