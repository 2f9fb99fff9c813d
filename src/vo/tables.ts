/**
 * VOSI tables (VODataService tableset, or a single <table>), read with a streaming parser so that
 * services with tens of thousands of tables neither block the page nor hold the text twice.
 * Element names are matched without prefixes: services use vs:, vod:, vosi: or none.
 */
import { SaxesParser } from 'saxes';

import { VOParseError, describeNonXml } from './errors';

export interface IColumnMeta {
  name: string;
  description?: string;
  unit?: string;
  ucd?: string;
  utype?: string;
  datatype?: string;
  arraysize?: string;
  xtype?: string;
  indexed: boolean;
  principal: boolean;
  std: boolean;
  primary: boolean;
  nullable: boolean;
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
  type?: string;
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
  tables: number;
  columns: number;
  bytes: number;
}

const EXPECTED = 'a VOSI tables document';

function local(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

function clean(text: string): string | undefined {
  const value = text.replace(/\s+/g, ' ').trim();
  return value === '' ? undefined : value;
}

/** Incremental reader: feed it text with write(), then close() returns the tableset. */
export class TableSetReader {
  constructor(
    private readonly onProgress?: (progress: ITableSetProgress) => void
  ) {
    this._parser = new SaxesParser({ xmlns: false, position: true });
    this._parser.on('opentag', tag =>
      this._open(local(tag.name), tag.attributes)
    );
    this._parser.on('closetag', tag => this._close(local(tag.name)));
    this._parser.on('text', text => this._text.push(text));
    this._parser.on('cdata', text => this._text.push(text));
    this._parser.on('error', error => {
      this._error = error;
    });
  }

  get progress(): ITableSetProgress {
    return { ...this._progress };
  }

  write(chunk: string): void {
    if (this._bytes === 0) {
      const what = describeNonXml(chunk);
      if (what) {
        throw new VOParseError(
          `Expected ${EXPECTED} but got ${what}.`,
          EXPECTED
        );
      }
    }
    this._bytes += chunk.length;
    this._progress.bytes = this._bytes;
    this._parser.write(chunk);
    this._raise();
  }

  close(): ITableSet {
    if (this._bytes === 0) {
      throw new VOParseError(
        `Expected ${EXPECTED} but got an empty response.`,
        EXPECTED
      );
    }
    this._parser.close();
    this._raise();
    if (!this._rootSeen) {
      throw new VOParseError(
        `Expected ${EXPECTED} but the document has no root.`,
        EXPECTED
      );
    }
    if (this._loose.length > 0) {
      this._result.schemas.push({ name: '', tables: this._loose });
    }
    return this._result;
  }

  private _raise(): void {
    if (this._error) {
      const error = this._error;
      this._error = null;
      throw new VOParseError(
        `Expected ${EXPECTED} but the XML is broken: ${error.message.replace(/^[^:]*:\d+:\d+: /, '')}`,
        EXPECTED
      );
    }
  }

  private _open(name: string, attributes: Record<string, string>): void {
    this._text = [];
    const parent = this._stack[this._stack.length - 1];
    this._stack.push(name);
    if (!this._rootSeen) {
      this._rootSeen = true;
      if (name !== 'tableset' && name !== 'table') {
        throw new VOParseError(
          `Expected ${EXPECTED} but got a document whose root is <${name}>.`,
          EXPECTED
        );
      }
    }
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
        if (parent === 'table') {
          this._column = {
            name: '',
            indexed: false,
            principal: false,
            std: attributes.std === 'true',
            primary: false,
            nullable: false
          };
        }
        break;
      case 'dataType':
        if (this._column) {
          // The datatype is the element's text; xsi:type only names the type system.
          if (attributes.arraysize) {
            this._column.arraysize = attributes.arraysize;
          }
          if (attributes.extendedType) {
            this._column.xtype = attributes.extendedType;
          }
        }
        break;
      case 'foreignKey':
        this._foreignKey = { targetTable: '', fromColumns: [], toColumns: [] };
        break;
    }
  }

  private _close(name: string): void {
    const text = this._text.join('');
    this._text = [];
    this._stack.pop();
    const parent = this._stack[this._stack.length - 1];
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
      } else if (name === 'description' && value) {
        this._foreignKey.description = value;
      }
      return;
    }
    switch (name) {
      case 'column':
        if (this._column && this._table) {
          (this._table.columns ??= []).push(this._column);
          this._progress.columns++;
        }
        this._column = null;
        return;
      case 'foreignKey':
        if (this._foreignKey && this._table) {
          this._table.foreignKeys.push(this._foreignKey);
        }
        this._foreignKey = null;
        return;
      case 'table':
        if (this._table) {
          if (this._schema) {
            this._schema.tables.push(this._table);
          } else {
            this._loose.push(this._table);
          }
          this._progress.tables++;
          this._tick();
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

  private _tick(): void {
    if (this.onProgress && this._progress.tables % 200 === 0) {
      this.onProgress(this.progress);
    }
  }

  private _parser: SaxesParser<{ xmlns: false; position: true }>;
  private _stack: string[] = [];
  private _text: string[] = [];
  private _bytes = 0;
  private _rootSeen = false;
  private _error: Error | null = null;
  private _result: ITableSet = { schemas: [] };
  private _loose: ITableMeta[] = [];
  private _schema: ISchemaMeta | null = null;
  private _table: ITableMeta | null = null;
  private _column: IColumnMeta | null = null;
  private _foreignKey: IForeignKey | null = null;
  private _progress: ITableSetProgress = {
    schemas: 0,
    tables: 0,
    columns: 0,
    bytes: 0
  };
}

/** Let the page breathe between chunks: a large document never blocks the UI for long. */
function yieldToEventLoop(): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, 0));
}

export interface IReadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ITableSetProgress) => void;
}

function checkAborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    throw new DOMException('Reading the tables was cancelled.', 'AbortError');
  }
}

/** Read a tableset from a stream of bytes (a fetch body), chunk by chunk. */
export async function readTableSetStream(
  stream: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  options: IReadOptions = {}
): Promise<ITableSet> {
  const reader = new TableSetReader(options.onProgress);
  const decoder = new TextDecoder('utf-8');
  const iterable: AsyncIterable<Uint8Array> =
    Symbol.asyncIterator in stream
      ? (stream as AsyncIterable<Uint8Array>)
      : streamIterator(stream as ReadableStream<Uint8Array>);
  for await (const chunk of iterable) {
    checkAborted(options.signal);
    reader.write(decoder.decode(chunk, { stream: true }));
    await yieldToEventLoop();
  }
  checkAborted(options.signal);
  reader.write(decoder.decode());
  const result = reader.close();
  options.onProgress?.(reader.progress);
  return result;
}

async function* streamIterator(
  stream: ReadableStream<Uint8Array>
): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        return;
      }
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Read a whole document held as text, in slices, yielding between them. */
export async function readTableSet(
  text: string,
  options: IReadOptions = {}
): Promise<ITableSet> {
  const reader = new TableSetReader(options.onProgress);
  const slice = 1 << 20;
  for (let offset = 0; offset < text.length; offset += slice) {
    checkAborted(options.signal);
    reader.write(text.slice(offset, offset + slice));
    if (offset + slice < text.length) {
      await yieldToEventLoop();
    }
  }
  const result = reader.close();
  options.onProgress?.(reader.progress);
  return result;
}

/** Qualified name of a table as services write it: VOSI names are usually already qualified. */
export function qualifiedTableName(
  schema: ISchemaMeta,
  table: ITableMeta
): string {
  if (!schema.name || table.name.includes('.')) {
    return table.name;
  }
  return `${schema.name}.${table.name}`;
}
