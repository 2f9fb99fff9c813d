/**
 * VOTable reader (VOTable 1.1–1.5): metadata (FIELD, PARAM, INFO, GROUP, LINK, COOSYS), any
 * number of RESOURCEs including DataLink/SIA service descriptors, the DALI query status wherever
 * services put it, and rows from TABLEDATA, BINARY and BINARY2 (base64 STREAM), read with a
 * streaming parser so large results neither block the page nor hold the text twice.
 *
 * Nothing is lost without a word: rows that cannot be read end the table with a VORowsError
 * (table.fault, the rows before it kept), and every value read leniently is a warning.
 */
import { Base64Decoder, BinaryRowDecoder } from './binary';
import {
  IDatatypeInfo,
  INVALID,
  TextCellParser,
  VOCell,
  parseValue,
  textCellParser
} from './datatypes';
import {
  VOParseError,
  VORowsError,
  VOServiceError,
  collapseSpace
} from './errors';
import { SaxReader } from './saxreader';
import { ChunkSource, pump } from './stream';

export type { VOCell, VOScalar } from './datatypes';

export interface IVOOption {
  name?: string;
  value: string;
  options: IVOOption[];
}

/** VALUES of a FIELD or PARAM: null marker, range, enumerated options. */
export interface IVOValues {
  null?: string;
  /** legal or actual */
  type?: string;
  min?: string;
  minInclusive?: boolean;
  max?: string;
  maxInclusive?: boolean;
  options: IVOOption[];
}

export interface IVOLink {
  ID?: string;
  href?: string;
  title?: string;
  contentRole?: string;
  contentType?: string;
  value?: string;
}

export interface IVOField {
  name: string;
  ID?: string;
  /** The VOTable datatype ('char' when the service left it out). */
  datatype: string;
  arraysize?: string;
  unit?: string;
  ucd?: string;
  utype?: string;
  xtype?: string;
  ref?: string;
  width?: string;
  precision?: string;
  description?: string;
  values?: IVOValues;
  links: IVOLink[];
}

export interface IVOParam extends IVOField {
  /** The value as written. */
  value: string;
  /** The value read as the PARAM's datatype (text kept when it does not read). */
  parsedValue: VOCell;
}

export interface IVOInfo {
  name: string;
  value: string;
  ID?: string;
  ucd?: string;
  utype?: string;
  /** The element's text, trimmed. */
  text: string;
}

export interface IVOGroup {
  name?: string;
  ID?: string;
  ref?: string;
  ucd?: string;
  utype?: string;
  description?: string;
  params: IVOParam[];
  /** PARAMref/@ref */
  paramRefs: string[];
  /** FIELDref/@ref */
  fieldRefs: string[];
  groups: IVOGroup[];
}

export interface ICoordSys {
  ID?: string;
  system?: string;
  equinox?: string;
  epoch?: string;
}

export type VOEncoding =
  'TABLEDATA' | 'BINARY' | 'BINARY2' | 'FITS' | 'PARQUET' | 'none';

export interface IVOTableData {
  name?: string;
  ID?: string;
  ref?: string;
  ucd?: string;
  utype?: string;
  description?: string;
  /** The nrows attribute, when given. */
  nrows?: number;
  fields: IVOField[];
  params: IVOParam[];
  groups: IVOGroup[];
  /** INFOs inside the TABLE (DataLink's standardID). */
  infos: IVOInfo[];
  links: IVOLink[];
  /** Rows read, each with one value per field (see datatypes.ts for value types). */
  rows: VOCell[][];
  encoding: VOEncoding;
  /** More rows were there than the row limit allowed to read. */
  truncated: boolean;
  /** Rows present in the document, when known (TABLEDATA); at least rows.length. */
  rowCount: number;
  /** The rows stop before the table does (rows holds those read before): why. */
  fault?: VORowsError;
}

export interface IVOResource {
  ID?: string;
  name?: string;
  /** results or meta */
  type?: string;
  utype?: string;
  description?: string;
  infos: IVOInfo[];
  params: IVOParam[];
  groups: IVOGroup[];
  links: IVOLink[];
  coordinateSystems: ICoordSys[];
  tables: IVOTableData[];
  resources: IVOResource[];
}

export interface IQueryStatus {
  /** OK, ERROR or OVERFLOW (or another value a service wrote). OK when none is given. */
  status: string;
  /** The service's message, white space collapsed. */
  message?: string;
}

/** A service descriptor: RESOURCE type="meta" utype="adhoc:service" (or SIA's adhoc:this). */
export interface IServiceDescriptor {
  ID?: string;
  name?: string;
  utype?: string;
  description?: string;
  standardID?: string;
  accessURL?: string;
  resourceIdentifier?: string;
  contentType?: string;
  exampleURL?: string;
  /** PARAMs of GROUP name="inputParams": what a client sends. */
  inputParams: IVOParam[];
  /** The descriptor's other PARAMs. */
  params: IVOParam[];
  groups: IVOGroup[];
}

export interface IVOTable {
  version?: string;
  description?: string;
  /** INFOs directly under VOTABLE. */
  infos: IVOInfo[];
  params: IVOParam[];
  groups: IVOGroup[];
  coordinateSystems: ICoordSys[];
  /** Top-level RESOURCEs (nested ones inside them). */
  resources: IVOResource[];
  /** Every TABLE of the document, in document order. */
  tables: IVOTableData[];
  status: IQueryStatus;
  /** The service cut the result (QUERY_STATUS=OVERFLOW, or DaCHS' "query limit was reached"). */
  overflow: boolean;
  serviceDescriptors: IServiceDescriptor[];
  /**
   * What the user must know about how the document was read: values that did not read as their
   * datatype, lengths written the non-standard way, references that name nothing. Tables whose
   * rows stop early say so in their `fault`, not here.
   */
  warnings: string[];
}

export interface IVOTableProgress {
  /** Rows read so far (all tables). */
  rows: number;
  /** Characters read so far. */
  characters: number;
}

export interface IVOTableOptions {
  /** Read at most this many rows per table; the rest is skipped (table.truncated). */
  maxRows?: number;
  /**
   * Stop reading at the first row beyond maxRows (streaming reads also cancel the download).
   * Faster for previews of large results; what follows the rows (a trailing QUERY_STATUS,
   * other tables and resources) is then not read.
   */
  stopAtRowLimit?: boolean;
  /** Cancels the reading (streaming reads only); rejects with an AbortError. */
  signal?: AbortSignal;
  /** Called every `progressEvery` rows (default 1,000) and at the end. */
  onProgress?: (progress: IVOTableProgress) => void;
  progressEvery?: number;
  /** Pause for the event loop after this many elements or rows (default 5,000). */
  elementsPerPause?: number;
}

const EXPECTED = 'a VOTable';
const WHAT = 'Reading the VOTable';

// ---------------------------------------------------------------------------------------------
// Metadata tree, built while reading (everything but the rows)

interface INode {
  name: string;
  attributes: Record<string, string>;
  children: INode[];
  text: string;
  data?: ITableState;
}

/** Cells of one column that did not read as its datatype. */
interface IInvalidCells {
  count: number;
  /** A few of the texts, for the warning. */
  samples: string[];
  /** Other texts than the samples were there. */
  more: boolean;
}

/** Elements that others point at by ID: VALUES ref="..." and TABLE ref="...". */
interface IReferences {
  values: Map<string, INode>;
  tables: Map<string, INode>;
  /** VALUES refs that named nothing defined before them, with the fields that used them. */
  missingValues: Map<string, Set<string>>;
}

interface ITableState {
  /** "table 'name'" or "the table", for messages. */
  label: string;
  fields: IVOField[];
  rows: VOCell[][];
  rowCount: number;
  truncated: boolean;
  encoding: VOEncoding;
  parsers: TextCellParser[];
  invalid: IInvalidCells[];
  /** Why the rows stop early; no more rows are read once it is set. */
  fault?: VORowsError;
  binary?: BinaryRowDecoder;
  base64?: Base64Decoder;
  /** Inside a STREAM we can read. */
  streaming: boolean;
  /** Base64 text left unread after the row limit. */
  skipping: boolean;
}

function nodeChildren(node: INode, name: string): INode[] {
  return node.children.filter(c => c.name === name);
}

function optional(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function descriptionOf(node: INode): string | undefined {
  const description = nodeChildren(node, 'DESCRIPTION')[0];
  return description ? optional(description.text.trim()) : undefined;
}

function toOption(node: INode): IVOOption {
  return {
    name: optional(node.attributes.name),
    value: node.attributes.value ?? '',
    options: nodeChildren(node, 'OPTION').map(toOption)
  };
}

/**
 * A VALUES element with what it references filled in: a VALUES ref="id" takes the attributes and
 * children of the VALUES with that ID (defined once for many fields), its own ones first.
 */
function resolvedValues(
  values: INode,
  owner: string,
  refs: IReferences | undefined
): INode {
  let merged = values;
  const seen = new Set<string>();
  let ref = values.attributes.ref;
  while (ref && refs && !seen.has(ref)) {
    seen.add(ref);
    const target = refs.values.get(ref);
    if (!target) {
      const users = refs.missingValues.get(ref) ?? new Set<string>();
      users.add(owner);
      refs.missingValues.set(ref, users);
      break;
    }
    merged = {
      name: 'VALUES',
      attributes: { ...target.attributes, ...merged.attributes },
      children: merged.children.length > 0 ? merged.children : target.children,
      text: ''
    };
    ref = target.attributes.ref;
  }
  return merged;
}

function toValues(
  node: INode,
  refs: IReferences | undefined
): IVOValues | undefined {
  const own = nodeChildren(node, 'VALUES')[0];
  // Some services put OPTIONs straight under the PARAM (Rubin's SIA self-description).
  const loose = nodeChildren(node, 'OPTION').map(toOption);
  if (!own && loose.length === 0) {
    return undefined;
  }
  const result: IVOValues = { options: loose };
  if (!own) {
    return result;
  }
  const values = resolvedValues(
    own,
    node.attributes.name ?? node.attributes.ID ?? '',
    refs
  );
  const a = values.attributes;
  if (a.null !== undefined) {
    result.null = a.null;
  }
  if (a.type) {
    result.type = a.type;
  }
  const min = nodeChildren(values, 'MIN')[0];
  if (min) {
    result.min = min.attributes.value ?? min.text.trim();
    result.minInclusive = min.attributes.inclusive !== 'no';
  }
  const max = nodeChildren(values, 'MAX')[0];
  if (max) {
    result.max = max.attributes.value ?? max.text.trim();
    result.maxInclusive = max.attributes.inclusive !== 'no';
  }
  result.options.push(...nodeChildren(values, 'OPTION').map(toOption));
  return result;
}

function toLink(node: INode): IVOLink {
  const a = node.attributes;
  const link: IVOLink = {};
  for (const key of [
    'ID',
    'href',
    'title',
    'content-role',
    'content-type',
    'value'
  ]) {
    const value = optional(a[key]);
    if (value !== undefined) {
      const name =
        key === 'content-role'
          ? 'contentRole'
          : key === 'content-type'
            ? 'contentType'
            : key;
      (link as Record<string, string>)[name] = value;
    }
  }
  return link;
}

function toField(node: INode, refs?: IReferences): IVOField {
  const a = node.attributes;
  const field: IVOField = {
    name: a.name ?? a.ID ?? '',
    datatype: a.datatype ?? 'char',
    links: nodeChildren(node, 'LINK').map(toLink)
  };
  for (const key of [
    'ID',
    'arraysize',
    'unit',
    'ucd',
    'utype',
    'xtype',
    'ref',
    'width',
    'precision'
  ] as const) {
    const value = optional(a[key]);
    if (value !== undefined) {
      field[key] = value;
    }
  }
  const description = descriptionOf(node);
  if (description !== undefined) {
    field.description = description;
  }
  const values = toValues(node, refs);
  if (values) {
    field.values = values;
  }
  return field;
}

function datatypeInfo(field: IVOField): IDatatypeInfo {
  return {
    name: field.name,
    datatype: field.datatype,
    arraysize: field.arraysize,
    nullValue: field.values?.null
  };
}

function toParam(node: INode, refs?: IReferences): IVOParam {
  const field = toField(node, refs);
  const value = node.attributes.value ?? '';
  return {
    ...field,
    value,
    parsedValue: parseValue(value, datatypeInfo(field))
  };
}

function toInfo(node: INode): IVOInfo {
  const a = node.attributes;
  const info: IVOInfo = {
    name: a.name ?? '',
    value: a.value ?? '',
    text: node.text.trim()
  };
  for (const key of ['ID', 'ucd', 'utype'] as const) {
    const value = optional(a[key]);
    if (value !== undefined) {
      info[key] = value;
    }
  }
  return info;
}

function toGroup(node: INode, refs?: IReferences): IVOGroup {
  const a = node.attributes;
  const group: IVOGroup = {
    params: nodeChildren(node, 'PARAM').map(p => toParam(p, refs)),
    paramRefs: nodeChildren(node, 'PARAMref')
      .map(n => n.attributes.ref ?? '')
      .filter(r => r !== ''),
    fieldRefs: nodeChildren(node, 'FIELDref')
      .map(n => n.attributes.ref ?? '')
      .filter(r => r !== ''),
    groups: nodeChildren(node, 'GROUP').map(g => toGroup(g, refs))
  };
  for (const key of ['name', 'ID', 'ref', 'ucd', 'utype'] as const) {
    const value = optional(a[key]);
    if (value !== undefined) {
      group[key] = value;
    }
  }
  const description = descriptionOf(node);
  if (description !== undefined) {
    group.description = description;
  }
  return group;
}

function toCoordSys(node: INode): ICoordSys {
  const a = node.attributes;
  return {
    ID: optional(a.ID),
    system: optional(a.system),
    equinox: optional(a.equinox),
    epoch: optional(a.epoch)
  };
}

/**
 * The FIELDs of a TABLE; a TABLE ref="id" without FIELDs of its own has those of the TABLE with
 * that ID (its rows are laid out the same way). null when the ref names no TABLE read so far.
 */
function tableFields(node: INode, refs?: IReferences): IVOField[] | null {
  let source = node;
  const seen = new Set<INode>();
  while (nodeChildren(source, 'FIELD').length === 0 && source.attributes.ref) {
    seen.add(source);
    const target = refs?.tables.get(source.attributes.ref);
    if (!target || seen.has(target)) {
      return null;
    }
    source = target;
  }
  return nodeChildren(source, 'FIELD').map(field => toField(field, refs));
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function invalidCellsWarning(field: IVOField, cells: IInvalidCells): string {
  const type = `${field.datatype}${field.arraysize ? `[${field.arraysize}]` : ''}`;
  const samples = cells.samples.map(text => `'${text}'`).join(', ');
  return (
    `${plural(cells.count, 'value')} of column '${field.name}' did not read as ${type} ` +
    `(${samples}${cells.more ? ', …' : ''}); ` +
    `${cells.count === 1 ? 'it is' : 'they are'} read as null.`
  );
}

function lengthCountingWarning(state: ITableState): string | undefined {
  const note = state.binary?.lengthCounting;
  if (!note) {
    return undefined;
  }
  const columns = note.columns.join(', ');
  if (note.kind === 'characters') {
    return (
      `The service counted the lengths of ${plural(note.strings, 'string')} of ${columns} in ` +
      'characters, where VOTable counts bytes (char) or 2-byte units (unicodeChar), as DaCHS 2.7 ' +
      'does for characters beyond U+FFFF such as emoji. The binary stream reads consistently ' +
      `only that way, so ${note.strings === 1 ? 'it was' : 'they were'} read as characters.`
    );
  }
  return (
    `Strings of ${columns} read consistently both with their lengths counted as VOTable says ` +
    'and counted in characters (as DaCHS 2.7 writes them); the VOTable reading was used, and ' +
    'those strings and the rows after them may be wrong if the service counted characters.'
  );
}

function toTable(
  node: INode,
  warnings: string[],
  refs?: IReferences
): IVOTableData {
  const a = node.attributes;
  const state = node.data;
  const fields = state?.fields ?? tableFields(node, refs) ?? [];
  const table: IVOTableData = {
    fields,
    params: nodeChildren(node, 'PARAM').map(p => toParam(p, refs)),
    groups: nodeChildren(node, 'GROUP').map(g => toGroup(g, refs)),
    infos: nodeChildren(node, 'INFO').map(toInfo),
    links: nodeChildren(node, 'LINK').map(toLink),
    rows: state?.rows ?? [],
    encoding: state?.encoding ?? 'none',
    truncated: state?.truncated ?? false,
    rowCount: state?.rowCount ?? 0
  };
  for (const key of ['name', 'ID', 'ref', 'ucd', 'utype'] as const) {
    const value = optional(a[key]);
    if (value !== undefined) {
      table[key] = value;
    }
  }
  const description = descriptionOf(node);
  if (description !== undefined) {
    table.description = description;
  }
  if (a.nrows !== undefined && /^\d+$/.test(a.nrows)) {
    table.nrows = Number(a.nrows);
  }
  if (state?.fault) {
    table.fault = state.fault;
  }
  state?.invalid.forEach((cells, index) => {
    if (cells.count > 0) {
      warnings.push(invalidCellsWarning(fields[index], cells));
    }
  });
  const counting = state ? lengthCountingWarning(state) : undefined;
  if (counting) {
    warnings.push(counting);
  }
  return table;
}

function toResource(
  node: INode,
  warnings: string[],
  tables: IVOTableData[],
  refs: IReferences
): IVOResource {
  const a = node.attributes;
  const resource: IVOResource = {
    infos: [],
    params: [],
    groups: [],
    links: [],
    coordinateSystems: [],
    tables: [],
    resources: []
  };
  for (const c of node.children) {
    switch (c.name) {
      case 'INFO':
        resource.infos.push(toInfo(c));
        break;
      case 'PARAM':
        resource.params.push(toParam(c, refs));
        break;
      case 'GROUP':
        resource.groups.push(toGroup(c, refs));
        break;
      case 'LINK':
        resource.links.push(toLink(c));
        break;
      case 'COOSYS':
        resource.coordinateSystems.push(toCoordSys(c));
        break;
      case 'TABLE': {
        const table = toTable(c, warnings, refs);
        resource.tables.push(table);
        tables.push(table);
        break;
      }
      case 'RESOURCE':
        resource.resources.push(toResource(c, warnings, tables, refs));
        break;
    }
  }
  for (const key of ['ID', 'name', 'type', 'utype'] as const) {
    const value = optional(a[key]);
    if (value !== undefined) {
      resource[key] = value;
    }
  }
  const description = descriptionOf(node);
  if (description !== undefined) {
    resource.description = description;
  }
  return resource;
}

function* allResources(resources: IVOResource[]): Generator<IVOResource> {
  for (const resource of resources) {
    yield resource;
    yield* allResources(resource.resources);
  }
}

function allInfos(votable: Omit<IVOTable, 'status' | 'overflow'>): IVOInfo[] {
  return [
    ...votable.infos,
    ...[...allResources(votable.resources)].flatMap(r => [
      ...r.infos,
      ...r.tables.flatMap(t => t.infos)
    ])
  ];
}

function queryStatus(infos: IVOInfo[]): IQueryStatus {
  const statuses = infos.filter(i => i.name.toUpperCase() === 'QUERY_STATUS');
  const pick =
    statuses.find(i => i.value.toUpperCase() === 'ERROR') ??
    statuses.find(i => i.value.toUpperCase() === 'OVERFLOW') ??
    statuses[0];
  if (!pick) {
    return { status: 'OK' };
  }
  const status: IQueryStatus = { status: pick.value.toUpperCase() || 'OK' };
  const message = collapseSpace(pick.text);
  if (message !== '') {
    status.message = message;
  }
  return status;
}

/** DaCHS' SSA/SCS way to say it cut the result: INFO name="warning" "The query limit was reached". */
function isOverflowWarning(info: IVOInfo): boolean {
  return (
    /^warning$/i.test(info.name) &&
    /\bquery limit was reached\b/i.test(`${info.value} ${info.text}`)
  );
}

function paramValue(params: IVOParam[], name: string): string | undefined {
  return optional(params.find(p => p.name === name)?.value);
}

/** The service descriptors of a document (DataLink, SODA, SIA self-description...). */
function serviceDescriptorsOf(resources: IVOResource[]): IServiceDescriptor[] {
  const descriptors: IServiceDescriptor[] = [];
  for (const resource of allResources(resources)) {
    if (
      resource.type !== 'meta' ||
      !(resource.utype ?? '').toLowerCase().startsWith('adhoc:')
    ) {
      continue;
    }
    const inputs = resource.groups.find(g => g.name === 'inputParams');
    const descriptor: IServiceDescriptor = {
      ID: resource.ID,
      name: resource.name,
      utype: resource.utype,
      description: resource.description,
      standardID: paramValue(resource.params, 'standardID'),
      accessURL: paramValue(resource.params, 'accessURL'),
      resourceIdentifier: paramValue(resource.params, 'resourceIdentifier'),
      contentType: paramValue(resource.params, 'contentType'),
      exampleURL: paramValue(resource.params, 'exampleURL'),
      inputParams: inputs?.params ?? [],
      params: resource.params,
      groups: resource.groups.filter(g => g !== inputs)
    };
    for (const key of Object.keys(descriptor) as (keyof IServiceDescriptor)[]) {
      if (descriptor[key] === undefined) {
        delete descriptor[key];
      }
    }
    descriptors.push(descriptor);
  }
  return descriptors;
}

function buildVOTable(
  root: INode,
  warnings: string[],
  refs: IReferences
): IVOTable {
  const tables: IVOTableData[] = [];
  const base: Omit<IVOTable, 'status' | 'overflow' | 'serviceDescriptors'> = {
    infos: [],
    params: [],
    groups: [],
    coordinateSystems: [],
    resources: [],
    tables,
    warnings
  };
  const visit = (node: INode): void => {
    for (const c of node.children) {
      switch (c.name) {
        case 'INFO':
          base.infos.push(toInfo(c));
          break;
        case 'PARAM':
          base.params.push(toParam(c, refs));
          break;
        case 'GROUP':
          base.groups.push(toGroup(c, refs));
          break;
        case 'COOSYS':
          base.coordinateSystems.push(toCoordSys(c));
          break;
        case 'DEFINITIONS':
          // VOTable 1.0/1.1 kept COOSYS and PARAM there.
          visit(c);
          break;
        case 'RESOURCE':
          base.resources.push(toResource(c, warnings, tables, refs));
          break;
      }
    }
  };
  visit(root);
  for (const [ref, users] of refs.missingValues) {
    warnings.push(
      `VALUES ref="${ref}" of ${[...users].map(name => `'${name}'`).join(', ')} names no VALUES ` +
        'defined before it, so its null value is not known: null cells may show as values.'
    );
  }
  if (root.attributes.version) {
    base.version = root.attributes.version;
  }
  const description = descriptionOf(root);
  if (description !== undefined) {
    base.description = description;
  }
  for (const resource of allResources(base.resources)) {
    base.coordinateSystems.push(...resource.coordinateSystems);
  }
  const infos = allInfos({ ...base, serviceDescriptors: [] });
  const status = queryStatus(infos);
  return {
    ...base,
    status,
    overflow: status.status === 'OVERFLOW' || infos.some(isOverflowWarning),
    serviceDescriptors: serviceDescriptorsOf(base.resources)
  };
}

// ---------------------------------------------------------------------------------------------
// The streaming reader

/** Incremental VOTable reader: write() text chunks, then close() returns the document. */
export class VOTableReader extends SaxReader {
  constructor(private readonly options: IVOTableOptions = {}) {
    super(EXPECTED, ['VOTABLE'], ['STREAM']);
  }

  get progress(): IVOTableProgress {
    return { rows: this._rows, characters: this.characterCount };
  }

  close(): IVOTable {
    this.finish();
    const root = this._root as INode;
    const votable = buildVOTable(root, this._warnings, this._refs);
    this.options.onProgress?.(this.progress);
    return votable;
  }

  protected progressNote(): string {
    return this._rows > 0 ? `after ${this._rows} rows` : '';
  }

  protected openElement(
    name: string,
    attributes: Record<string, string>
  ): void {
    if (this._data) {
      this._openInData(this._data, name, attributes);
      return;
    }
    const node: INode = { name, attributes, children: [], text: '' };
    const parent = this._nodes[this._nodes.length - 1];
    if (parent) {
      parent.children.push(node);
    } else {
      this._root = node;
    }
    this._nodes.push(node);
    if (attributes.ID && (name === 'VALUES' || name === 'TABLE')) {
      (name === 'VALUES' ? this._refs.values : this._refs.tables).set(
        attributes.ID,
        node
      );
    }
    if (name === 'DATA' && parent?.name === 'TABLE') {
      this._data = this._tableState(parent);
      parent.data = this._data;
      this._dataDepth = this.stack.length;
    }
  }

  protected closeElement(name: string): void {
    const data = this._data;
    if (data) {
      if (this.stack.length < this._dataDepth) {
        this._data = null;
        this._nodes.pop();
      } else {
        this._closeInData(data, name);
      }
      return;
    }
    this._nodes.pop();
  }

  protected characters(text: string): void {
    const data = this._data;
    if (data) {
      if (this._inCell) {
        this._cell += text;
      } else if (data.streaming) {
        this._stream(data, text);
      }
      return;
    }
    const node = this._nodes[this._nodes.length - 1];
    if (node) {
      node.text += text;
    }
  }

  /** A STREAM's base64, up to the next markup (its end tag) or entity, which saxes reads. */
  protected rawText(text: string, from: number): number {
    const data = this._data;
    if (!data?.streaming) {
      this.leaveRawText();
      return from;
    }
    let end = text.indexOf('<', from);
    const entity = text.indexOf('&', from);
    if (entity >= 0 && (end < 0 || entity < end)) {
      end = entity;
    }
    if (end < 0) {
      end = text.length;
    } else {
      this.leaveRawText();
    }
    if (end > from) {
      this._stream(data, text.slice(from, end));
    }
    return end;
  }

  private get _limit(): number {
    return this.options.maxRows ?? Infinity;
  }

  private _tableState(table: INode): ITableState {
    const name = table.attributes.name ?? table.attributes.ID;
    const fields = tableFields(table, this._refs);
    const state: ITableState = {
      label: name ? `table '${name}'` : 'the table',
      fields: fields ?? [],
      rows: [],
      rowCount: 0,
      truncated: false,
      encoding: 'none',
      parsers: [],
      invalid: (fields ?? []).map(() => ({
        count: 0,
        samples: [],
        more: false
      })),
      streaming: false,
      skipping: false
    };
    if (!fields) {
      state.fault = new VORowsError(
        `The rows of ${state.label} cannot be read: it borrows its FIELDs with ` +
          `ref="${table.attributes.ref}", which names no TABLE defined before it.`,
        'invalid',
        0
      );
    }
    return state;
  }

  /** No rows of this table could be read at all: say why, once. */
  private _unreadable(data: ITableState, why: string): void {
    data.fault ??= new VORowsError(
      `The rows of ${data.label} ${why}; none of its rows could be read.`,
      'unsupported',
      0
    );
  }

  private _openInData(
    data: ITableState,
    name: string,
    attributes: Record<string, string>
  ): void {
    if (data.fault) {
      return;
    }
    const serialization = this.stack.length === this._dataDepth + 1;
    switch (name) {
      case 'TABLEDATA':
        data.encoding = 'TABLEDATA';
        data.parsers = data.fields.map(f => textCellParser(datatypeInfo(f)));
        break;
      case 'TR':
        data.rowCount++;
        this._row = data.rows.length < this._limit ? [] : null;
        if (!this._row) {
          data.truncated = true;
          this._stopIfAsked();
        }
        break;
      case 'TD':
        if (this._row) {
          this._inCell = true;
          this._cell = '';
        }
        break;
      case 'BINARY':
      case 'BINARY2':
        data.encoding = name;
        data.binary = new BinaryRowDecoder(
          data.fields.map(datatypeInfo),
          name === 'BINARY2'
        );
        break;
      case 'FITS':
      case 'PARQUET':
        data.encoding = name;
        this._unreadable(
          data,
          `are in ${name} serialization${name === 'PARQUET' ? ' (VOTable 1.5)' : ''}, which this reader does not decode`
        );
        break;
      case 'STREAM':
        if (!data.binary) {
          break;
        }
        if (attributes.href) {
          this._unreadable(
            data,
            `are in a separate file (${attributes.href}), which this reader does not fetch`
          );
        } else if ((attributes.encoding ?? 'base64') !== 'base64') {
          this._unreadable(
            data,
            `are encoded as '${attributes.encoding}', which this reader does not decode`
          );
        } else {
          data.streaming = true;
          data.base64 = new Base64Decoder();
          // The base64 is decoded as it arrives, not held by saxes until </STREAM>.
          this.enterRawText();
        }
        break;
      default:
        if (serialization && name !== 'INFO') {
          this._unreadable(
            data,
            `are in a serialization this reader does not know (<${name}>)`
          );
        }
    }
  }

  private _closeInData(data: ITableState, name: string): void {
    switch (name) {
      case 'TD':
        if (this._row && this._inCell) {
          const index = this._row.length;
          const parser = data.parsers[index];
          if (parser) {
            const value = parser(this._cell);
            if (value === INVALID) {
              const cells = data.invalid[index];
              cells.count++;
              const text = this._cell.trim();
              if (!cells.samples.includes(text)) {
                if (cells.samples.length < 3) {
                  cells.samples.push(text);
                } else {
                  cells.more = true;
                }
              }
              this._row.push(null);
            } else {
              this._row.push(value);
            }
          } else if (!this._extraCells) {
            this._extraCells = true;
            this._warnings.push(
              'A row has more cells than the table has fields; the extra cells were ignored.'
            );
          }
        }
        this._inCell = false;
        this._cell = '';
        break;
      case 'TR':
        if (this._row) {
          while (this._row.length < data.fields.length) {
            this._row.push(null);
          }
          data.rows.push(this._row);
          this._counted(1);
        }
        this._row = null;
        break;
      case 'STREAM':
        this.leaveRawText();
        if (data.streaming) {
          data.streaming = false;
          const binary = data.binary as BinaryRowDecoder;
          if (!data.skipping) {
            this._take(data, binary.finish());
          }
          if (
            !data.fault &&
            data.base64 &&
            data.base64.leftover > 0 &&
            binary.pending === 0
          ) {
            this._warnings.push(
              `The binary stream of ${data.label} ends with ${data.base64.leftover} stray base64 ` +
                'characters after its last whole row; the answer may have been cut there.'
            );
          }
        }
        break;
    }
  }

  private _stream(data: ITableState, text: string): void {
    if (data.skipping) {
      if (!data.truncated && /[A-Za-z0-9+/]/.test(text)) {
        data.truncated = true;
        this._stopIfAsked();
      }
      return;
    }
    const bytes = (data.base64 as Base64Decoder).push(text);
    if (bytes.length === 0) {
      return;
    }
    this._take(data, (data.binary as BinaryRowDecoder).push(bytes));
  }

  /** Keep rows the binary decoder made certain, up to the row limit; note its fault. */
  private _take(data: ITableState, decoded: VOCell[][]): void {
    const binary = data.binary as BinaryRowDecoder;
    let rows = decoded;
    const room = this._limit - data.rows.length;
    if (rows.length > room) {
      rows = rows.slice(0, room);
      data.truncated = true;
    }
    for (const row of rows) {
      data.rows.push(row);
    }
    data.rowCount = data.rows.length;
    this._counted(rows.length);
    const fault = binary.fault;
    if (fault && !data.fault && !data.truncated) {
      data.streaming = false;
      const before =
        fault.row === 0
          ? 'No row could be read.'
          : `${fault.row === 1 ? 'The row before it was' : `The ${fault.row} rows before it were`} ` +
            'read; the rest of the table could not be.';
      data.fault = fault.cut
        ? new VORowsError(
            `The binary data of ${data.label} ends inside row ${fault.row + 1}: ${fault.reason}; ` +
              `the answer may have been cut. ${before}`,
            'truncated',
            fault.row,
            fault.row + 1
          )
        : new VORowsError(
            `The binary data of ${data.label} breaks at row ${fault.row + 1}: ${fault.reason}. ${before}`,
            'malformed',
            fault.row,
            fault.row + 1
          );
      return;
    }
    // Rows wait while two readings of the lengths are open: the limit applies to certain rows.
    if (data.rows.length >= this._limit && !binary.undecided) {
      data.skipping = true;
      if (binary.pending > 0) {
        data.truncated = true;
      }
      if (data.truncated) {
        this._stopIfAsked();
      }
    }
  }

  private _stopIfAsked(): void {
    if (this.options.stopAtRowLimit && !this.stopped) {
      this.stopped = true;
      this._warnings.push(
        `Reading stopped after ${this._limit} rows (the row limit); the rest of the document was not read.`
      );
    }
  }

  private _counted(rows: number): void {
    if (rows === 0) {
      return;
    }
    const every = this.options.progressEvery ?? 1000;
    const before = Math.floor(this._rows / every);
    this._rows += rows;
    this.extraWork += rows;
    if (this.options.onProgress && Math.floor(this._rows / every) > before) {
      this.options.onProgress(this.progress);
    }
  }

  private _root: INode | null = null;
  private _nodes: INode[] = [];
  private _refs: IReferences = {
    values: new Map(),
    tables: new Map(),
    missingValues: new Map()
  };
  private _data: ITableState | null = null;
  private _dataDepth = 0;
  private _row: VOCell[] | null = null;
  private _inCell = false;
  private _cell = '';
  private _rows = 0;
  private _extraCells = false;
  private _warnings: string[] = [];
}

/**
 * Read a VOTable held as one string (small documents: DataLink, errors, previews). Throws
 * VOParseError when it is not a VOTable; does not throw for QUERY_STATUS=ERROR (see
 * throwIfError).
 */
export function readVOTable(
  body: string,
  options: Omit<IVOTableOptions, 'signal'> = {}
): IVOTable {
  const reader = new VOTableReader(options);
  reader.write(body);
  return reader.close();
}

/**
 * Read a VOTable from a fetch body, an async sequence of chunks, or a large string, pausing for
 * the event loop as it goes; rejects with an AbortError when the signal fires.
 */
export async function readVOTableStream(
  source: string | ChunkSource,
  options: IVOTableOptions = {}
): Promise<IVOTable> {
  const reader = new VOTableReader(options);
  await pump(source, reader, WHAT, options);
  return reader.close();
}

/** Throw VOServiceError with the service's message when QUERY_STATUS is ERROR; else return it. */
export function throwIfError(votable: IVOTable): IVOTable {
  if (votable.status.status === 'ERROR') {
    throw new VOServiceError(votable.status.message ?? '', 'query-status');
  }
  return votable;
}

/**
 * The table holding the results: the first TABLE of a RESOURCE type="results", else the first
 * TABLE with rows or fields, else the first TABLE.
 */
export function resultsTable(votable: IVOTable): IVOTableData | undefined {
  for (const resource of allResources(votable.resources)) {
    if (resource.type === 'results' && resource.tables.length > 0) {
      return resource.tables[0];
    }
  }
  return (
    votable.tables.find(t => t.fields.length > 0 && t.encoding !== 'none') ??
    votable.tables.find(t => t.fields.length > 0) ??
    votable.tables[0]
  );
}

/** Index of a field by name (then ID), case-insensitive; -1 when absent. */
export function fieldIndex(
  fields: readonly Pick<IVOField, 'name' | 'ID'>[],
  name: string
): number {
  const wanted = name.toLowerCase();
  const byName = fields.findIndex(f => f.name.toLowerCase() === wanted);
  return byName >= 0
    ? byName
    : fields.findIndex(f => (f.ID ?? '').toLowerCase() === wanted);
}

// ---------------------------------------------------------------------------------------------
// Positions

export interface IPositionColumns {
  /** Index of the right ascension field. */
  ra: number;
  /** Index of the declination field. */
  dec: number;
}

function ucdWords(ucd: string | undefined): string[] {
  return (ucd ?? '')
    .toLowerCase()
    .split(';')
    .map(w => w.trim());
}

function findAxis(
  fields: readonly { name: string; ucd?: string }[],
  axis: 'ra' | 'dec'
): number {
  const word = `pos.eq.${axis}`;
  const ucd1 = axis === 'ra' ? 'pos_eq_ra_main' : 'pos_eq_dec_main';
  const names =
    axis === 'ra'
      ? ['ra', 'coord_ra', 's_ra', 'raj2000', 'ra_j2000', 'ra2000']
      : [
          'dec',
          'decl',
          'coord_dec',
          's_dec',
          'dej2000',
          'decj2000',
          'dec_j2000',
          'de2000'
        ];
  const tiers: ((f: { name: string; ucd?: string }) => boolean)[] = [
    f => {
      const words = ucdWords(f.ucd);
      return words[0] === word && words.includes('meta.main');
    },
    f => ucdWords(f.ucd)[0] === ucd1,
    f => ucdWords(f.ucd)[0] === word,
    f => ucdWords(f.ucd).includes('meta.main') && ucdWords(f.ucd).includes(word)
  ];
  for (const test of tiers) {
    const index = fields.findIndex(test);
    if (index >= 0) {
      return index;
    }
  }
  for (const name of names) {
    const index = fields.findIndex(f => f.name.toLowerCase() === name);
    if (index >= 0) {
      return index;
    }
  }
  return -1;
}

/**
 * The main RA/Dec columns by UCD (pos.eq.ra;meta.main, then POS_EQ_RA_MAIN, then pos.eq.ra),
 * then by name (ra/dec, coord_ra/coord_dec, s_ra/s_dec, raj2000/dej2000). null when either is
 * missing.
 */
export function findPositionColumns(
  fields: readonly { name: string; ucd?: string }[]
): IPositionColumns | null {
  const ra = findAxis(fields, 'ra');
  const dec = findAxis(fields, 'dec');
  return ra >= 0 && dec >= 0 ? { ra, dec } : null;
}

/** The first results table of a TAP/DAL answer, flattened for previews. */
export interface IVOTableResult {
  fields: IVOField[];
  /** The rows read: all of them, or those before `fault`, or the first `maxRows`. */
  rows: VOCell[][];
  /** OK or OVERFLOW (ERROR is thrown). */
  status: string;
  message?: string;
  /** The service said it cut the result (QUERY_STATUS=OVERFLOW): more rows exist there. */
  overflow: boolean;
  /** The rows stop before the table does, and why; `rows` holds those read before. */
  fault?: VORowsError;
  /** The reader's row limit cut the table (not the service's). */
  truncated: boolean;
  /** Rows in the table when known (TABLEDATA counts them past the limit); at least rows.length. */
  rowCount: number;
  /** What the user must know about how the rows were read (the document's warnings). */
  warnings: string[];
  /** The whole document. */
  votable: IVOTable;
}

const RESULT = 'a VOTable result';

/**
 * Read a TAP/DAL answer and return its results table. Throws VOServiceError for
 * QUERY_STATUS=ERROR, and VOParseError when the body is not a VOTable or holds no table (an
 * empty <VOTABLE/> is not an empty result). Rows that could not be read are the result's
 * `fault`, with the rows before it kept.
 */
export function readVOTableResult(
  body: string,
  options: Omit<IVOTableOptions, 'signal'> = {}
): IVOTableResult {
  const votable = throwIfError(readVOTable(body, options));
  const table = resultsTable(votable);
  if (!table) {
    const empty = votable.resources.length === 0 && votable.infos.length === 0;
    const found = empty
      ? 'an empty VOTable (no RESOURCE, no TABLE)'
      : 'a VOTable without any TABLE';
    throw new VOParseError(
      `Expected ${RESULT} but got ${found}: the service sent no result table, not even an empty one.`,
      RESULT,
      'invalid',
      found
    );
  }
  const result: IVOTableResult = {
    fields: table.fields,
    rows: table.rows,
    status: votable.status.status,
    overflow: votable.overflow,
    truncated: table.truncated,
    rowCount: Math.max(table.rowCount, table.rows.length),
    warnings: votable.warnings,
    votable
  };
  if (table.fault) {
    result.fault = table.fault;
  }
  if (votable.status.message !== undefined) {
    result.message = votable.status.message;
  }
  return result;
}

/** What a view must say beside a result's rows: the fault as an error, the rest as notes. */
export interface IResultNotices {
  /** The rows stop early (fault): shown as an error where the user asked for the rows. */
  error?: string;
  notes: string[];
}

export const OVERFLOW_NOTE = 'More rows exist (MAXREC reached).';

/** The sentences to show with a result: its fault, the service's overflow, the row limit, warnings. */
export function resultNotices(result: IVOTableResult): IResultNotices {
  const notes: string[] = [];
  if (result.overflow) {
    notes.push(OVERFLOW_NOTE);
  }
  if (result.truncated) {
    notes.push(
      result.rowCount > result.rows.length
        ? `The first ${result.rows.length} of ${result.rowCount} rows are shown.`
        : `The first ${result.rows.length} rows are shown; the result has more.`
    );
  }
  notes.push(...result.warnings);
  return result.fault ? { error: result.fault.message, notes } : { notes };
}

/**
 * What a view drawing some of a result's rows (those with a position, on the sky) must say:
 * the result's own notices, and how many rows it could not draw. `error` when rows are missing
 * because the result's rows stop early.
 */
export function drawnRowsNotice(
  result: IVOTableResult,
  drawn: number
): { text: string; error: boolean } {
  const { error, notes } = resultNotices(result);
  const parts = error ? [error] : [];
  const undrawn = result.rows.length - drawn;
  if (undrawn > 0) {
    parts.push(
      `${plural(undrawn, 'row')} of ${result.rows.length} ${undrawn === 1 ? 'has' : 'have'} no readable position and ${undrawn === 1 ? 'is' : 'are'} not drawn.`
    );
  }
  parts.push(...notes);
  return { text: parts.join(' '), error: error !== undefined };
}
