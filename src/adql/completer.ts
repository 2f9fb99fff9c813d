/**
 * Completion in `%%adql` cells through JupyterLab's completer (Tab), so that the documentation
 * panel shows a column's type, unit, UCD and description, or a function's signature.
 */
import {
  CompletionHandler,
  ICompletionContext,
  ICompletionProvider,
  ICompletionProviderManager
} from '@jupyterlab/completer';

import { completeAdql } from '../vo';
import type { ITapSchemas } from '../tokens';
import { readAdqlCell } from './cell';

export const ADQL_COMPLETER_ID = 'jupyterlab-rsp-api:adql';

/** The part of a notebook panel read here (duck-typed: consoles and files have no cells). */
interface IHasActiveCell {
  content?: {
    activeCell?: { model: { sharedModel: { getSource(): string } } } | null;
  };
}

/**
 * Whether the completer was invoked in a `%%adql` cell. The notebook's active cell is asked, not
 * the context's editor: JupyterLab keeps the previous cell's editor in the context when the new
 * cell's editor did not exist yet as it became active, and a Python cell after a `%%adql` one
 * was then taken for ADQL (seen in CI: ADQL items for `de`, no kernel items).
 */
export function inAdqlCell(context: ICompletionContext): boolean {
  const active = (context.widget as IHasActiveCell | undefined)?.content
    ?.activeCell;
  const source = active
    ? active.model.sharedModel.getSource()
    : (context.editor?.model.sharedModel.getSource() ?? '');
  return readAdqlCell(source) !== null;
}

export class AdqlCompletionProvider implements ICompletionProvider {
  readonly identifier = ADQL_COMPLETER_ID;
  // Above the kernel's (≈500): in an ADQL cell, names of the service come first.
  readonly rank = 1000;
  readonly renderer = null;

  constructor(private readonly schemas: ITapSchemas) {}

  async isApplicable(context: ICompletionContext): Promise<boolean> {
    return inAdqlCell(context);
  }

  async fetch(
    request: CompletionHandler.IRequest
  ): Promise<CompletionHandler.ICompletionItemsReply> {
    const empty = { start: request.offset, end: request.offset, items: [] };
    const cell = readAdqlCell(request.text);
    if (!cell || request.offset < cell.bodyStart) {
      return empty;
    }
    // Without a schema, keywords and functions still help.
    const schema = await this.schemas.forQuery(cell.service, cell.body);
    const result = completeAdql(
      cell.body,
      request.offset - cell.bodyStart,
      schema
    );
    if (!result) {
      return empty;
    }
    return {
      start: cell.bodyStart + result.from,
      end: cell.bodyStart + result.to,
      items: result.options.map(option => ({
        label: option.label,
        insertText: option.apply ?? option.label,
        type: option.kind,
        documentation:
          [option.detail, option.documentation].filter(Boolean).join('\n') ||
          undefined
      }))
    };
  }
}

/** The providers already kept out of `%%adql` cells (each is wrapped once). */
const keptOut = new WeakSet<ICompletionProvider>();

/**
 * Only ADQL items in a `%%adql` cell. JupyterLab's reconciliator merges the items of every
 * provider whose `isApplicable` says yes, and asks each one on every request with the cell's
 * editor; with no way for a provider to claim a cell for itself, the kernel's (Python builtins,
 * IPython magics) and the context provider's (words of the notebook) are told by their own
 * `isApplicable` that they do not apply in a `%%adql` cell, and are not asked to complete there.
 * `getProviders` belongs to the manager JupyterLab provides (CompletionProviderManager), not to
 * its interface; a manager without it is left as it is. Call again when providers may have
 * been added: a provider is wrapped once.
 */
export function keepOtherProvidersOutOfAdqlCells(
  manager: ICompletionProviderManager
): void {
  const providers = (
    manager as Partial<{ getProviders(): Map<string, ICompletionProvider> }>
  ).getProviders?.();
  for (const provider of providers?.values() ?? []) {
    if (provider.identifier === ADQL_COMPLETER_ID || keptOut.has(provider)) {
      continue;
    }
    const isApplicable = provider.isApplicable.bind(provider);
    provider.isApplicable = async context =>
      !inAdqlCell(context) && (await isApplicable(context));
    keptOut.add(provider);
  }
}
