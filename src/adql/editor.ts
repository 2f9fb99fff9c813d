/**
 * The CodeMirror side of `%%adql` cells: when a cell's first line is `%%adql`, its editor takes
 * an ADQL dialect (keywords, functions, delimited names, comments) and checks the query as it is
 * typed against the service's schema, with one-click fixes. Other cells are left alone.
 */
import { SQLDialect } from '@codemirror/lang-sql';
import { Diagnostic, linter } from '@codemirror/lint';
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
  IAdqlDiagnostic,
  validateAdql
} from '../vo';
import { isAdqlCell, readAdqlCell } from './cell';
import { AdqlSchemas } from './schemas';

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
  length: number
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
    return diagnostic;
  });
}

export interface IAdqlEditorOptions {
  schemas: AdqlSchemas;
  /** Milliseconds of quiet typing before a check. */
  delay?: number;
  largeTableRows?: () => number;
}

/** Everything a `%%adql` cell's editor gets. */
function adqlSupport(options: IAdqlEditorOptions): Extension {
  const check = async (view: EditorView): Promise<Diagnostic[]> => {
    const source = view.state.doc.toString();
    const cell = readAdqlCell(source);
    if (!cell || cell.body.trim() === '') {
      return [];
    }
    const schema = await options.schemas.forCell(cell);
    const found = validateAdql(cell.body, schema, {
      largeTableRows: options.largeTableRows?.()
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
    return toDiagnostics(found, cell.bodyStart, source.length);
  };
  return [
    Prec.highest(ADQL_DIALECT.language),
    linter(check, { delay: options.delay ?? 400 }),
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
