/**
 * VOSI tables (a VODataService tableset, detail=min or full, or a single <table>), read with a
 * streaming parser so that services with tens of thousands of tables neither block the page nor
 * hold the text twice. Element names are matched without prefixes: services use vs:, vod:, vtm:,
 * vosi: or none.
 */
import { bareTableName, parseQualifiedName } from './identifiers';
import { SaxReader } from './saxreader';
import { ChunkSource, pump } from './stream';

/*
 * Names in this model are kept as the service published them (quotes included: `"size"`,
 * `demo."Mixed Case"`), since that is what the service is asked with; ./identifiers reads them
 * for display, matching and ADQL.
 */
export interface IColumnMeta {
  name: string;
  description?: string;
  unit?: string;
  ucd?: string;
  utype?: string;
  /** As the service wrote it: a VOTable datatype (char, double...) or a TAP type (VARCHAR...). */
  datatype?: string;
  arraysize?: string;
  xtype?: string;
  indexed: boolean;
  principal: boolean;
  std: boolean;
  /** VODataService flag `primary` (part of the primary key). */
  primary: boolean;
  /** true when flagged nullable; undefined when the document does not say. */
  nullable?: boolean;
}

export interface IForeignKey {
  targetTable: string;
  fromColumns: string[];
  toColumns: string[];
  description?: string;
}

export interface ITableMeta {
  name: string;
  title?: string;
  description?: string;
  /** table, view, output... */
  type?: string;
  utype?: string;
  nrows?: number;
  /** null when the document listed the table without its columns (VOSI detail=min). */
  columns: IColumnMeta[] | null;
  foreignKeys: IForeignKey[];
}

export interface ISchemaMeta {
  name: string;
  title?: string;
  description?: string;
  tables: ITableMeta[];
}

export interface ITableSet {
  schemas: ISchemaMeta[];
}

export interface ITableSetProgress {
  schemas: number;
  /** Tables seen so far. */
  tables: number;
  columns: number;
  /** Characters read so far. */
  bytes: number;
}

const EXPECTED = 'a VOSI tables document';
const WHAT = 'Reading the tables';

function clean(text: string): string | undefined {
  const value = text.replace(/\s+/g, ' ').trim();
  return value === '' ? undefined : value;
}

/**
 * Incremental reader: feed it text with write(), then close() returns the tableset.
 * Throws VOParseError as soon as the text cannot be a VOSI tables document.
 */
export class TableSetReader extends SaxReader {
  /** Progress is reported every `every` tables and at the end. */
  constructor(
    private readonly onProgress?: (progress: ITableSetProgress) => void,
    private readonly every: number = 200
  ) {
    super(EXPECTED, ['tableset', 'table']);
  }

  get progress(): ITableSetProgress {
    return { ...this._progress, bytes: this.characterCount };
  }

  close(): ITableSet {
    this.finish();
    if (this._loose.length > 0) {
      this._result.schemas.push({ name: '', tables: this._loose });
    }
    this.onProgress?.(this.progress);
    return this._result;
  }

  protected progressNote(): string {
    return `after ${this._progress.tables} tables`;
  }

  protected characters(text: string): void {
    this._text.push(text);
  }

  protected openElement(
    name: string,
    attributes: Record<string, string>
  ): void {
    this._open(name, attributes);
  }

  protected closeElement(name: string): void {
    this._close(name);
  }

  private _open(name: string, attributes: Record<string, string>): void {
    this._text = [];
    // The stack already holds this element.
    const parent = this.stack[this.stack.length - 2];
    switch (name) {
      case 'schema':
        this._schema = { name: '', tables: [] };
        break;
      case 'table':
        this._table = { name: '', columns: null, foreignKeys: [] };
        if (attributes.type) {
          this._table.type = attributes.type;
        }
        break;
      case 'column':
        if (parent === 'table' && this._table) {
          // A table with a <column> has its columns listed (even if they are few).
          this._table.columns ??= [];
          this._column = {
            name: '',
            indexed: false,
            principal: false,
            std: attributes.std === 'true',
            primary: false
          };
        }
        break;
      case 'dataType':
        if (this._column && parent === 'column') {
          // The datatype is the element's text; xsi:type only names the type system.
          if (attributes.arraysize) {
            this._column.arraysize = attributes.arraysize;
          }
          if (attributes.extendedType) {
            this._column.xtype = attributes.extendedType;
          }
          this._size = attributes.size;
        }
        break;
      case 'foreignKey':
        if (parent === 'table') {
          this._foreignKey = {
            targetTable: '',
            fromColumns: [],
            toColumns: []
          };
        }
        break;
    }
  }

  private _close(name: string): void {
    const text = this._text.join('');
    this._text = [];
    // The stack no longer holds this element.
    const parent = this.stack[this.stack.length - 1];
    const value = clean(text);
    if (this._column && parent === 'column') {
      this._columnField(name, value);
      return;
    }
    if (
      this._foreignKey &&
      (parent === 'foreignKey' || parent === 'fkColumn')
    ) {
      if (name === 'targetTable' && value) {
        this._foreignKey.targetTable = value;
      } else if (name === 'fromColumn' && value) {
        this._foreignKey.fromColumns.push(value);
      } else if (name === 'targetColumn' && value) {
        this._foreignKey.toColumns.push(value);
      } else if (name === 'description' && value && parent === 'foreignKey') {
        this._foreignKey.description = value;
      }
      return;
    }
    switch (name) {
      case 'column':
        if (this._column && this._table && parent === 'table') {
          this._table.columns?.push(this._column);
          this._progress.columns++;
          this._column = null;
        }
        return;
      case 'foreignKey':
        if (this._foreignKey && this._table && parent === 'table') {
          this._table.foreignKeys.push(this._foreignKey);
          this._foreignKey = null;
        }
        return;
      case 'table':
        if (this._table) {
          if (this._schema) {
            this._schema.tables.push(this._table);
          } else {
            this._loose.push(this._table);
          }
          this._progress.tables++;
          if (this.onProgress && this._progress.tables % this.every === 0) {
            this.onProgress(this.progress);
          }
        }
        this._table = null;
        return;
      case 'schema':
        if (this._schema) {
          this._result.schemas.push(this._schema);
          this._progress.schemas++;
        }
        this._schema = null;
        return;
    }
    if (this._table && parent === 'table') {
      if (name === 'name' && value) {
        this._table.name = value;
      } else if (name === 'title' && value) {
        this._table.title = value;
      } else if (name === 'description' && value) {
        this._table.description = value;
      } else if (name === 'utype' && value) {
        this._table.utype = value;
      } else if (name === 'nrows' && value && /^\d+$/.test(value)) {
        this._table.nrows = Number(value);
      }
    } else if (this._schema && parent === 'schema') {
      if (name === 'name' && value) {
        this._schema.name = value;
      } else if (name === 'title' && value) {
        this._schema.title = value;
      } else if (name === 'description' && value) {
        this._schema.description = value;
      }
    }
  }

  private _columnField(name: string, value: string | undefined): void {
    const column = this._column as IColumnMeta;
    switch (name) {
      case 'name':
        column.name = value ?? '';
        break;
      case 'description':
        column.description = value;
        break;
      case 'unit':
        column.unit = value;
        break;
      case 'ucd':
        column.ucd = value;
        break;
      case 'utype':
        column.utype = value;
        break;
      case 'dataType':
        column.datatype = value;
        // TAPType carries the length in `size` (VARCHAR size=42): a bounded variable string.
        if (column.arraysize === undefined && this._size && value) {
          column.arraysize = /^(VAR|ADQL:VAR)/i.test(value)
            ? `${this._size}*`
            : this._size;
        }
        this._size = undefined;
        break;
      case 'flag':
        if (value === 'indexed' || value === 'principal' || value === 'std') {
          column[value] = true;
        } else if (value === 'primary') {
          column.primary = true;
        } else if (value === 'nullable') {
          column.nullable = true;
        }
        break;
    }
  }

  private _text: string[] = [];
  private _result: ITableSet = { schemas: [] };
  private _loose: ITableMeta[] = [];
  private _schema: ISchemaMeta | null = null;
  private _table: ITableMeta | null = null;
  private _column: IColumnMeta | null = null;
  private _size: string | undefined;
  private _foreignKey: IForeignKey | null = null;
  private _progress: ITableSetProgress = {
    schemas: 0,
    tables: 0,
    columns: 0,
    bytes: 0
  };
}

export interface IReadOptions {
  /** Cancels the reading; the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Called every `progressEvery` tables (default 200) and once at the end. */
  onProgress?: (progress: ITableSetProgress) => void;
  progressEvery?: number;
  /** Pause for the event loop after this many elements (default 5,000). */
  elementsPerPause?: number;
}

/**
 * Read a tableset from a fetch body or any async sequence of text or byte chunks. Never holds
 * the whole text; pauses between chunks; rejects with an AbortError when the signal fires.
 */
export async function readTableSetStream(
  stream: ChunkSource,
  options: IReadOptions = {}
): Promise<ITableSet> {
  const reader = new TableSetReader(options.onProgress, options.progressEvery);
  await pump(stream, reader, WHAT, options);
  return reader.close();
}

/** Read a whole document held as text, in slices, pausing between them. */
export async function readTableSet(
  text: string,
  options: IReadOptions = {}
): Promise<ITableSet> {
  const reader = new TableSetReader(options.onProgress, options.progressEvery);
  await pump(text, reader, WHAT, options);
  return reader.close();
}

/** Qualified name of a table as services write it: VOSI names are usually already qualified. */
export function qualifiedTableName(
  schema: ISchemaMeta,
  table: ITableMeta
): string {
  if (!schema.name || parseQualifiedName(table.name).length > 1) {
    return table.name;
  }
  return `${schema.name}.${table.name}`;
}

/** Every table of a tableset with its schema, in document order. */
export function allTables(
  tableset: ITableSet
): { schema: ISchemaMeta; table: ITableMeta }[] {
  return tableset.schemas.flatMap(schema =>
    schema.tables.map(table => ({ schema, table }))
  );
}

/**
 * A table by its name as published or as people read it (quotes off), unqualified or
 * qualified, compared case-insensitively.
 */
export function findTable(
  tableset: ITableSet,
  name: string
): ITableMeta | undefined {
  const wanted = name.toLowerCase();
  return allTables(tableset).find(({ schema, table }) => {
    const qualified = qualifiedTableName(schema, table);
    return [
      table.name,
      qualified,
      bareTableName(table.name),
      bareTableName(qualified)
    ].some(candidate => candidate.toLowerCase() === wanted);
  })?.table;
}
