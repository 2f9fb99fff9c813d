/**
 * Completion in `%%adql` cells through JupyterLab's completer (Tab), so that the documentation
 * panel shows a column's type, unit, UCD and description, or a function's signature.
 */
import {
  CompletionHandler,
  ICompletionContext,
  ICompletionProvider
} from '@jupyterlab/completer';

import { completeAdql } from '../vo';
import type { ITapSchemas } from '../tokens';
import { readAdqlCell } from './cell';

export const ADQL_COMPLETER_ID = 'jupyterlab-rsp-api:adql';

export class AdqlCompletionProvider implements ICompletionProvider {
  readonly identifier = ADQL_COMPLETER_ID;
  // Above the kernel's (≈500): in an ADQL cell, names of the service come first.
  readonly rank = 1000;
  readonly renderer = null;

  constructor(private readonly schemas: ITapSchemas) {}

  async isApplicable(context: ICompletionContext): Promise<boolean> {
    const source = context.editor?.model.sharedModel.getSource() ?? '';
    return readAdqlCell(source) !== null;
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
