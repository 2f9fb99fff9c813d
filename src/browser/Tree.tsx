/**
 * The schema tree: a virtualized list of rows (only those in view are drawn, so thousands of
 * columns scroll smoothly), walked with the keyboard as a WAI-ARIA tree.
 */
import * as React from 'react';

import { BrowserModel } from './model';
import { ITreeRow, columnLabel } from './tree';

const ROW_HEIGHT = 22;

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

function rowHint(row: ITreeRow): string | null {
  if (row.kind === 'schema') {
    const tables = row.schema.tables.length;
    return `${tables.toLocaleString()} table${tables === 1 ? '' : 's'}`;
  }
  if (row.kind === 'table' && row.table?.nrows !== undefined) {
    return `${row.table.nrows.toLocaleString()} rows`;
  }
  return row.kind === 'column' ? (row.column?.unit ?? null) : null;
}

/**
 * `onOpen` opens a table's panel (a column's: its table's, showing it); `toTheSide` when the user
 * held Shift, for a panel beside the current one.
 */
export function Tree(props: {
  model: BrowserModel;
  onOpen: (row: ITreeRow, toTheSide: boolean) => void;
}): JSX.Element {
  const { model, onOpen } = props;
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
        // A table (or a column's table) opens in its panel; a schema opens in the tree.
        if (current?.kind === 'schema') {
          model.toggle(current.key);
        } else if (current) {
          onOpen(current, event.shiftKey);
        }
        break;
      case ' ':
        if (current?.expandable) {
          model.toggle(current.key);
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
          const hint = rowHint(row);
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
              onClick={event => {
                model.select(row.key);
                if (row.kind !== 'schema') {
                  onOpen(row, event.shiftKey);
                }
              }}
              onDoubleClick={() =>
                row.kind === 'schema' && model.toggle(row.key)
              }
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
                <span className="jp-RspApi-Caret" />
              )}
              <span className="jp-RspApi-TreeLabel">
                <Highlight text={row.label} range={row.match} />
              </span>
              {hint ? <span className="jp-RspApi-TreeHint">{hint}</span> : null}
            </div>
          );
        })}
      </div>
    </div>
  );
}
