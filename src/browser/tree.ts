/**
 * The schema tree as rows to draw: which nodes are visible given what is expanded and what the
 * filter matches. Pure, so large services are tested and benchmarked without a browser.
 */
import {
  IColumnMeta,
  ISchemaMeta,
  ITableMeta,
  ITableSet,
  bareColumnName,
  findPositionColumns,
  identifierMatches,
  parseIdentifier,
  parseQualifiedName
} from '../vo';

export type NodeKind = 'schema' | 'table' | 'column';

export interface ITreeRow {
  key: string;
  kind: NodeKind;
  depth: number;
  /** The name people read: as published, quotes taken off. */
  label: string;
  description?: string;
  /** Whether the node can be expanded (schemas, tables). */
  expandable: boolean;
  expanded: boolean;
  /** [start, end) of the filter match in the label, for highlighting. */
  match?: [number, number];
  schema: ISchemaMeta;
  table?: ITableMeta;
  column?: IColumnMeta;
}

/**
 * Keys: schema name, then table name, then column name (as published: those are unique),
 * joined by NUL (never in names).
 */
export function schemaKey(schema: ISchemaMeta): string {
  return `s\u0000${schema.name}`;
}
export function tableKey(table: ITableMeta): string {
  return `t\u0000${table.name}`;
}
export function columnKey(table: ITableMeta, column: IColumnMeta): string {
  return `c\u0000${table.name}\u0000${column.name}`;
}

/** Label of a schema: its bare name. */
export function schemaLabel(schema: ISchemaMeta): string {
  return schema.name ? parseIdentifier(schema.name).bare : '(no schema)';
}

/**
 * Short label of a table: its bare name without the schema prefix services usually include
 * (`dp02_dc2_catalogs.Object` → `Object`, `demo."select"` → `select`).
 */
export function tableLabel(schema: ISchemaMeta, table: ITableMeta): string {
  const parts = parseQualifiedName(table.name);
  const own = parseIdentifier(schema.name);
  const rest =
    schema.name && parts.length > 1 && identifierMatches(own, parts[0].bare)
      ? parts.slice(1)
      : parts;
  return rest.map(p => p.bare).join('.');
}

/** Label of a column: its bare name (`"size"` → `size`). */
export function columnLabel(column: IColumnMeta): string {
  return bareColumnName(column.name);
}

interface IIndexedText {
  /** As published, lower-cased: a filter may be typed with the quotes. */
  name: string;
  label: string;
  description: string;
}

/** Lower-cased names and descriptions, computed once per tableset for fast filtering. */
export class FilterIndex {
  constructor(readonly tableset: ITableSet) {
    // Paid once when the tables arrive, so that no keystroke pays it.
    for (const schema of tableset.schemas) {
      for (const table of schema.tables) {
        this.columns(table);
      }
    }
  }

  text(
    node: ISchemaMeta | ITableMeta | IColumnMeta,
    label: string
  ): IIndexedText {
    let entry = this._cache.get(node);
    if (!entry) {
      entry = {
        name: node.name.toLowerCase(),
        label: label.toLowerCase(),
        description: (node.description ?? '').toLowerCase()
      };
      this._cache.set(node, entry);
    }
    return entry;
  }

  /** Lower-cased names and descriptions of a table's columns, as flat arrays. */
  columns(table: ITableMeta): IColumnTexts {
    let entry = this._columns.get(table);
    if (!entry || entry.source !== table.columns) {
      const columns = table.columns ?? [];
      entry = {
        source: table.columns,
        names: columns.map(c => columnLabel(c).toLowerCase()),
        descriptions: columns.map(c => (c.description ?? '').toLowerCase())
      };
      this._columns.set(table, entry);
    }
    return entry;
  }

  private _cache = new WeakMap<object, IIndexedText>();
  private _columns = new WeakMap<ITableMeta, IColumnTexts>();
}

interface IColumnTexts {
  source: IColumnMeta[] | null;
  names: string[];
  descriptions: string[];
}

export interface IFilter {
  text: string;
  /** Match descriptions too, not only names. */
  descriptions: boolean;
}

function matchOf(
  index: FilterIndex,
  node: ISchemaMeta | ITableMeta | IColumnMeta,
  label: string,
  filter: IFilter
): { hit: boolean; range?: [number, number] } {
  const needle = filter.text.toLowerCase();
  const text = index.text(node, label);
  const at = text.label.indexOf(needle);
  if (at >= 0) {
    return { hit: true, range: [at, at + needle.length] };
  }
  if (text.name.includes(needle)) {
    return { hit: true };
  }
  return { hit: filter.descriptions && text.description.includes(needle) };
}

/** At most this many rows while filtering: beyond that a person refines the filter anyway. */
export const FILTER_ROW_LIMIT = 5000;

export interface ITreeView {
  rows: ITreeRow[];
  /** The filter matched more than FILTER_ROW_LIMIT rows; only the first are listed. */
  truncated: boolean;
}

/**
 * The visible rows. Without a filter: the expanded nodes. With one: every node that matches, and
 * its ancestors, expanded so the matches show; children of a matching table are shown only if
 * they match too or the table is expanded by the user.
 */
export function visibleRows(
  index: FilterIndex,
  expanded: ReadonlySet<string>,
  filter: IFilter,
  limit = FILTER_ROW_LIMIT
): ITreeView {
  const rows: ITreeRow[] = [];
  const filtering = filter.text.trim() !== '';
  for (const schema of index.tableset.schemas) {
    if (filtering && rows.length >= limit) {
      return { rows: rows.slice(0, limit), truncated: true };
    }
    const sKey = schemaKey(schema);
    const sLabel = schemaLabel(schema);
    const schemaMatch = filtering
      ? matchOf(index, schema, sLabel, filter)
      : { hit: true };
    const tableRows: ITreeRow[] = [];
    for (const table of schema.tables) {
      if (filtering && rows.length + tableRows.length >= limit) {
        break;
      }
      const tKey = tableKey(table);
      const label = tableLabel(schema, table);
      const tableMatch = filtering
        ? matchOf(index, table, label, filter)
        : { hit: true };
      const columnRows: ITreeRow[] = [];
      const open = expanded.has(tKey);
      if (table.columns && (open || filtering)) {
        const texts = filtering ? index.columns(table) : null;
        const needle = filter.text.toLowerCase();
        for (let i = 0; i < table.columns.length; i++) {
          const column = table.columns[i];
          let columnMatch: { hit: boolean; range?: [number, number] } = {
            hit: true
          };
          if (texts) {
            // Flat arrays, not a lookup per column: this loop runs over every column there is.
            const at = texts.names[i].indexOf(needle);
            columnMatch =
              at >= 0
                ? { hit: true, range: [at, at + needle.length] }
                : {
                    hit:
                      filter.descriptions &&
                      texts.descriptions[i].includes(needle)
                  };
          }
          if (!filtering ? open : columnMatch.hit || (open && tableMatch.hit)) {
            columnRows.push({
              key: columnKey(table, column),
              kind: 'column',
              depth: 2,
              label: columnLabel(column),
              description: column.description,
              expandable: false,
              expanded: false,
              match: columnMatch.hit ? columnMatch.range : undefined,
              schema,
              table,
              column
            });
          }
        }
      }
      const keepTable =
        !filtering ||
        tableMatch.hit ||
        columnRows.length > 0 ||
        schemaMatch.hit;
      if (!keepTable) {
        continue;
      }
      const showChildren = filtering ? columnRows.length > 0 : open;
      tableRows.push({
        key: tKey,
        kind: 'table',
        depth: 1,
        label,
        description: table.description,
        expandable: true,
        expanded: showChildren,
        match: filtering && tableMatch.hit ? tableMatch.range : undefined,
        schema,
        table
      });
      if (showChildren) {
        for (const row of columnRows) {
          tableRows.push(row);
        }
      }
    }
    if (filtering && tableRows.length === 0 && !schemaMatch.hit) {
      continue;
    }
    const schemaOpen = filtering ? tableRows.length > 0 : expanded.has(sKey);
    rows.push({
      key: sKey,
      kind: 'schema',
      depth: 0,
      label: sLabel,
      description: schema.description,
      expandable: true,
      expanded: schemaOpen,
      match: filtering && schemaMatch.hit ? schemaMatch.range : undefined,
      schema
    });
    if (schemaOpen) {
      for (const row of tableRows) {
        rows.push(row);
      }
    }
  }
  if (filtering && rows.length > limit) {
    return { rows: rows.slice(0, limit), truncated: true };
  }
  return { rows, truncated: false };
}

/** RA/Dec columns of a table, found as the vo core finds them in results (UCDs, then names). */
export function positionColumns(
  table: ITableMeta
): { ra: IColumnMeta; dec: IColumnMeta } | null {
  const columns = table.columns ?? [];
  const found = findPositionColumns(columns);
  return found ? { ra: columns[found.ra], dec: columns[found.dec] } : null;
}

/** What a read tableset holds, for the browser to say how much it read. */
export interface ITableSetCounts {
  schemas: number;
  tables: number;
  /** Columns known so far. */
  columns: number;
  /** Tables listed without their columns (read when the table is opened). */
  tablesWithoutColumns: number;
}

export function tablesetCounts(tableset: ITableSet): ITableSetCounts {
  const counts: ITableSetCounts = {
    schemas: tableset.schemas.length,
    tables: 0,
    columns: 0,
    tablesWithoutColumns: 0
  };
  for (const schema of tableset.schemas) {
    for (const table of schema.tables) {
      counts.tables++;
      if (table.columns) {
        counts.columns += table.columns.length;
      } else {
        counts.tablesWithoutColumns++;
      }
    }
  }
  return counts;
}

/**
 * A table of the tableset by its published name; without case when only that differs (a name
 * remembered before a service folded its case, or typed by hand).
 */
export function findTable(
  tableset: ITableSet,
  name: string
): { schema: ISchemaMeta; table: ITableMeta } | null {
  let folded: { schema: ISchemaMeta; table: ITableMeta } | null = null;
  const lower = name.toLowerCase();
  for (const schema of tableset.schemas) {
    for (const table of schema.tables) {
      if (table.name === name) {
        return { schema, table };
      }
      if (!folded && table.name.toLowerCase() === lower) {
        folded = { schema, table };
      }
    }
  }
  return folded;
}
