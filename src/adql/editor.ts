/**
 * The CodeMirror side of `%%adql` cells: when a cell's first line is `%%adql`, its editor takes
 * an ADQL dialect (keywords, functions, delimited names, comments) and checks the query as it is
 * typed against the service's schema, with one-click fixes. Other cells are left alone.
 */
import { SQLDialect } from '@codemirror/lang-sql';
import { Action, Diagnostic, linter } from '@codemirror/lint';
import {
  Compartment,
  EditorState,
  Extension,
  Prec,
  Text
} from '@codemirror/state';
import { EditorView, ViewPlugin } from '@codemirror/view';

import {
  ADQL_FUNCTIONS,
  ADQL_KEYWORDS,
  AdqlSchema,
  IAdqlDiagnostic,
  IMaxrec,
  validateAdql
} from '../vo';
import type { ITapSchemas } from '../tokens';
import { IAdqlCell, isAdqlCell, readAdqlCell } from './cell';

const ADQL_DIALECT = SQLDialect.define({
  keywords: ADQL_KEYWORDS.join(' ').toLowerCase(),
  builtin: ADQL_FUNCTIONS.map(f => f.name.toLowerCase()).join(' '),
  types:
    'smallint integer bigint real double precision char varchar timestamp point circle polygon box region',
  identifierQuotes: '"',
  doubleQuotedStrings: false,
  hashComments: false,
  slashComments: false,
  spaceAfterDashes: false,
  operatorChars: '*+-%<>!=&|^~/'
});

function firstLineIsAdql(doc: Text): boolean {
  return isAdqlCell(doc.line(1).text);
}

/** Diagnostics of the vo core → CodeMirror's, offsets moved past the options line. */
function toDiagnostics(
  found: IAdqlDiagnostic[],
  offset: number,
  length: number,
  moreActions: (d: IAdqlDiagnostic) => Action[] = () => []
): Diagnostic[] {
  return found.map(d => {
    const from = Math.min(offset + d.from, length);
    const to = Math.min(Math.max(offset + d.to, from), length);
    const diagnostic: Diagnostic = {
      from,
      to,
      severity: d.severity,
      message: d.message,
      source: `ADQL ${d.code}`
    };
    if (d.fix) {
      const fix = d.fix;
      diagnostic.actions = [
        {
          name: fix.label,
          apply: view =>
            view.dispatch({
              changes: fix.changes.map(c => ({
                from: offset + c.from,
                to: offset + c.to,
                insert: c.insert
              }))
            })
        }
      ];
    }
    const more = moreActions(d);
    if (more.length > 0) {
      diagnostic.actions = [...(diagnostic.actions ?? []), ...more];
    }
    return diagnostic;
  });
}

/** The MAXREC a cell runs with: its --maxrec, else the service's default (TAPRegExt). */
function maxrecOf(
  cell: IAdqlCell,
  schema: AdqlSchema | undefined
): IMaxrec | undefined {
  if (cell.maxrec !== null) {
    return { value: cell.maxrec, source: 'cell' };
  }
  const limit = schema?.capabilities?.outputLimit;
  return limit?.default !== undefined && (limit.unit ?? 'row') === 'row'
    ? { value: limit.default, source: 'service' }
    : undefined;
}

/** Diagnostics whose cure may be knowing the size first. */
const SIZE_HINTS = new Set([
  'no-limit',
  'unindexed-constraint',
  'maxrec-below-top'
]);

export interface IAdqlEditorOptions {
  schemas: ITapSchemas;
  /** Milliseconds of quiet typing before a check. */
  delay: number;
  largeTableRows?: () => number;
  /** Runs the active cell's query as a COUNT(*) (the "count first" command). */
  countFirst?: () => void;
}

/** Everything a `%%adql` cell's editor gets. */
function adqlSupport(options: IAdqlEditorOptions): Extension {
  const check = async (view: EditorView): Promise<Diagnostic[]> => {
    const source = view.state.doc.toString();
    const cell = readAdqlCell(source);
    if (!cell || cell.body.trim() === '') {
      return [];
    }
    const schema = await options.schemas.forQuery(cell.service, cell.body);
    const maxrec = maxrecOf(cell, schema);
    const found = validateAdql(cell.body, schema, {
      largeTableRows: options.largeTableRows?.(),
      maxrec
    });
    if (cell.service && !options.schemas.serviceFor(cell.service)) {
      found.push({
        from: -cell.bodyStart,
        to: -cell.bodyStart + '%%adql'.length,
        severity: 'info',
        message: `The lab does not know the service ${cell.service}: only the syntax is checked.`,
        code: 'unknown-service'
      });
    }
    const hard = schema?.capabilities?.outputLimit?.hard;
    const moreActions = (d: IAdqlDiagnostic): Action[] => {
      const actions: Action[] = [];
      const top = Number(cell.body.slice(d.from, d.to));
      if (
        d.code === 'maxrec-below-top' &&
        Number.isInteger(top) &&
        (hard === undefined || top <= hard)
      ) {
        // Raising MAXREC is the other way out: an edit of the options line.
        const change = cell.maxrecAt
          ? { ...cell.maxrecAt, insert: String(top) }
          : {
              from: cell.optionsEnd,
              to: cell.optionsEnd,
              insert: ` --maxrec ${top}`
            };
        actions.push({
          name: `Set --maxrec ${top}`,
          apply: view => view.dispatch({ changes: change })
        });
      }
      if (SIZE_HINTS.has(d.code) && options.countFirst) {
        const count = options.countFirst;
        actions.push({ name: 'Count first', apply: () => count() });
      }
      return actions;
    };
    return toDiagnostics(found, cell.bodyStart, source.length, moreActions);
  };
  return [
    Prec.highest(ADQL_DIALECT.language),
    linter(check, { delay: options.delay }),
    EditorView.contentAttributes.of({ 'data-rsp-api-adql': 'true' })
  ];
}

/**
 * A compartment that holds the ADQL support while the first line is `%%adql` and nothing
 * otherwise; typing or deleting the magic line switches it.
 */
export function adqlCellExtension(options: IAdqlEditorOptions): Extension {
  const compartment = new Compartment();
  const support = adqlSupport(options);
  return [
    compartment.of([]),
    EditorState.transactionExtender.of(transaction => {
      if (!transaction.docChanged) {
        return null;
      }
      const was = firstLineIsAdql(transaction.startState.doc);
      const is = firstLineIsAdql(transaction.newDoc);
      return was === is
        ? null
        : { effects: compartment.reconfigure(is ? support : []) };
    }),
    // A cell that already starts with %%adql when its editor is created.
    ViewPlugin.define(view => {
      if (firstLineIsAdql(view.state.doc)) {
        queueMicrotask(() => {
          if (
            firstLineIsAdql(view.state.doc) &&
            compartment.get(view.state) !== support
          ) {
            view.dispatch({ effects: compartment.reconfigure(support) });
          }
        });
      }
      return {};
    })
  ];
}
