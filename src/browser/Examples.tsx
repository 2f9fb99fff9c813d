/**
 * Example queries in the TAP browser: the service's own (DALI /examples) and those made from its
 * metadata, for the service and for the table in view; each goes into a `%%adql` cell.
 */
import * as React from 'react';

import {
  IExampleSettings,
  IGeneratedExample,
  serviceExamples,
  tableExamples
} from '../codegen';
import {
  IDaliExample,
  ITableMeta,
  ITableSet,
  isTapExample,
  parseQualifiedName
} from '../vo';
import { ExamplesState } from './serviceInfo';

/** What the examples lists ask of the plugin (part of the browser's actions). */
export interface IExampleActions {
  /**
   * An example's query as a `%%adql` cell: a new cell below the active one, or into the active
   * cell (its query replaced, its options kept) when it is a `%%adql` cell or empty.
   */
  insertExample(
    example: {
      query: string;
      parameters?: ReadonlyArray<{ key: string; value: string }>;
    },
    into: 'new' | 'current'
  ): void;
  /** Where generated cone and image-search examples look, and their TOP. */
  exampleSettings(): IExampleSettings;
}

export interface IListedExample {
  key: string;
  name: string;
  query: string;
  description?: string;
  tables: string[];
  parameters: ReadonlyArray<{ key: string; value: string }>;
  origin: 'service' | 'generated';
}

function fromService(example: IDaliExample, index: number): IListedExample {
  return {
    key: `service:${index}:${example.id}`,
    name: example.name,
    query: example.query ?? '',
    description: example.description,
    tables: example.tables,
    parameters: example.parameters,
    origin: 'service'
  };
}

function fromMetadata(example: IGeneratedExample): IListedExample {
  return {
    key: `generated:${example.id}`,
    name: example.name,
    query: example.query,
    description: example.description,
    tables: example.tables,
    parameters: [],
    origin: 'generated'
  };
}

function normalized(name: string): string[] {
  return parseQualifiedName(name).map(part => part.bare.toLowerCase());
}

/** Whether an example names this table (qualified or not, without case). */
export function namesTable(example: IDaliExample, table: ITableMeta): boolean {
  const wanted = normalized(table.name);
  return example.tables.some(name => {
    const parts = normalized(name);
    return (
      parts.length > 0 &&
      parts.every(
        (part, i) => part === wanted[wanted.length - parts.length + i]
      )
    );
  });
}

function ExampleItem(props: {
  example: IListedExample;
  actions: IExampleActions;
}): JSX.Element {
  const { example, actions } = props;
  return (
    <li className="jp-RspApi-Example" aria-label={example.name}>
      <details>
        <summary title={example.description}>
          <span className="jp-RspApi-ExampleName">{example.name}</span>
          {example.origin === 'generated' ? (
            <span
              className="jp-RspApi-ExampleOrigin"
              title="Made from the service's tables, not published by it"
            >
              from metadata
            </span>
          ) : null}
        </summary>
        {example.description ? <p>{example.description}</p> : null}
        <pre className="jp-RspApi-ExampleQuery">{example.query}</pre>
        {example.parameters.length > 0 ? (
          <p className="jp-RspApi-ExampleParameters">
            {example.parameters.map(p => `${p.key}=${p.value}`).join(', ')}
          </p>
        ) : null}
      </details>
      <div className="jp-RspApi-ExampleActions">
        <button
          className="jp-mod-styled"
          title="Insert this query as a new %%adql cell"
          onClick={() => actions.insertExample(example, 'new')}
        >
          New cell
        </button>
        <button
          className="jp-mod-styled"
          title="Put this query into the active %%adql cell (its options are kept)"
          onClick={() => actions.insertExample(example, 'current')}
        >
          Into cell
        </button>
      </div>
    </li>
  );
}

function ExampleList(props: {
  label: string;
  examples: IListedExample[];
  notes: string[];
  actions: IExampleActions;
}): JSX.Element | null {
  const { label, examples, notes, actions } = props;
  if (examples.length === 0 && notes.length === 0) {
    return null;
  }
  const published = examples.filter(e => e.origin === 'service').length;
  const summary =
    published > 0
      ? `${label} (${published} from the service, ${examples.length - published} from metadata)`
      : `${label} (${examples.length} from metadata)`;
  return (
    <details className="jp-RspApi-Examples" aria-label={label}>
      <summary className="jp-RspApi-DetailsHeading">{summary}</summary>
      {notes.map((note, i) => (
        <p key={i} className="jp-RspApi-ExamplesNote" role="note">
          {note}
        </p>
      ))}
      <ul>
        {examples.map(example => (
          <ExampleItem key={example.key} example={example} actions={actions} />
        ))}
      </ul>
    </details>
  );
}

/** What the service said about its examples, for the notes of the service-wide list. */
function serviceNotes(state: ExamplesState | null): string[] {
  if (!state || state.state === 'loading') {
    return state ? ['Reading the service’s examples…'] : [];
  }
  if (state.state === 'error') {
    return [`The service’s examples could not be read: ${state.message}`];
  }
  if (!state.result) {
    return ['The service publishes no examples of its own.'];
  }
  const notes = [...state.result.warnings];
  const other = state.result.examples.filter(e => !isTapExample(e)).length;
  if (other > 0) {
    notes.push(
      `${other} of its examples are not ADQL queries for TAP (another capability or language) and are not listed.`
    );
  }
  return notes;
}

function publishedTapExamples(state: ExamplesState | null): IDaliExample[] {
  return state?.state === 'done' && state.result
    ? state.result.examples.filter(isTapExample)
    : [];
}

/** The examples of the whole service: its own, then those made from its tables. */
export function ServiceExamples(props: {
  examples: ExamplesState | null;
  tableset: ITableSet | null;
  actions: IExampleActions;
}): JSX.Element | null {
  const { tableset, actions } = props;
  const examples = publishedTapExamples(props.examples).map(fromService);
  if (tableset) {
    examples.push(
      ...serviceExamples(tableset, actions.exampleSettings()).map(fromMetadata)
    );
  }
  return (
    <ExampleList
      label="Examples"
      examples={examples}
      notes={serviceNotes(props.examples)}
      actions={actions}
    />
  );
}

/** The examples that name one table: the service's own, then those made from the table. */
export function tableExampleList(
  examples: ExamplesState | null,
  table: ITableMeta,
  tableset: ITableSet | null,
  settings: IExampleSettings
): IListedExample[] {
  const listed = publishedTapExamples(examples).flatMap((example, i) =>
    namesTable(example, table) ? [fromService(example, i)] : []
  );
  if (tableset) {
    listed.push(...tableExamples(table, tableset, settings).map(fromMetadata));
  }
  return listed;
}

/** A table's examples, open: in its panel they have a tab of their own. */
export function TableExamples(props: {
  examples: IListedExample[];
  actions: IExampleActions;
}): JSX.Element {
  const { examples, actions } = props;
  if (examples.length === 0) {
    return (
      <p className="jp-RspApi-Placeholder">
        Neither the service nor its metadata give an example for this table.
      </p>
    );
  }
  return (
    <ul className="jp-RspApi-ExampleItems">
      {examples.map(example => (
        <ExampleItem key={example.key} example={example} actions={actions} />
      ))}
    </ul>
  );
}
