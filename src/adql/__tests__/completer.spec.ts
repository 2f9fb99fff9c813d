/**
 * Only ADQL items in a `%%adql` cell: the other completion providers (the kernel's Python
 * builtins and magics, the context provider's words) do not apply there, and still do in
 * Python cells.
 */
import type {
  CompletionHandler,
  ICompletionContext,
  ICompletionProvider,
  ICompletionProviderManager
} from '@jupyterlab/completer';

import type { ITapSchemas } from '../../tokens';
import {
  ADQL_COMPLETER_ID,
  AdqlCompletionProvider,
  inAdqlCell,
  keepOtherProvidersOutOfAdqlCells
} from '../completer';

function contextFor(source: string): ICompletionContext {
  return {
    editor: { model: { sharedModel: { getSource: () => source } } }
  } as unknown as ICompletionContext;
}

/** A stand-in for the kernel's provider: it applies wherever a kernel runs. */
class PythonProvider implements ICompletionProvider {
  readonly identifier = 'CompletionProvider:kernel';
  readonly renderer = null;
  asked = 0;
  async isApplicable(context: ICompletionContext): Promise<boolean> {
    this.asked++;
    return context.editor !== undefined;
  }
  async fetch(): Promise<CompletionHandler.ICompletionItemsReply> {
    return { start: 0, end: 0, items: [{ label: 'delattr' }] };
  }
}

const schemas = {
  forQuery: async () => null
} as unknown as ITapSchemas;

function managerWith(
  providers: ICompletionProvider[]
): ICompletionProviderManager {
  const map = new Map(providers.map(p => [p.identifier, p]));
  return { getProviders: () => map } as unknown as ICompletionProviderManager;
}

describe('the ADQL completer', () => {
  const adqlCell = contextFor('%%adql --service tap\nSELECT del');
  const pythonCell = contextFor('del');

  it('asks the notebook which cell is active, not a stale editor in the context', () => {
    const stale = {
      // JupyterLab left the %%adql cell's editor here; the user is in a Python cell.
      ...contextFor('%%adql\nSELECT DE'),
      widget: {
        content: {
          activeCell: { model: { sharedModel: { getSource: () => 'de' } } }
        }
      }
    } as unknown as ICompletionContext;
    expect(inAdqlCell(stale)).toBe(false);
    expect(inAdqlCell(contextFor('%%adql\nSELECT DE'))).toBe(true);
  });

  it('keeps the kernel and context providers out of %%adql cells only', async () => {
    const kernel = new PythonProvider();
    const adql = new AdqlCompletionProvider(schemas);
    const manager = managerWith([adql, kernel]);
    keepOtherProvidersOutOfAdqlCells(manager);
    expect(await kernel.isApplicable(adqlCell)).toBe(false);
    expect(kernel.asked).toBe(0);
    expect(await kernel.isApplicable(pythonCell)).toBe(true);
    expect(kernel.asked).toBe(1);
    expect(adql.identifier).toBe(ADQL_COMPLETER_ID);
    expect(await adql.isApplicable(adqlCell)).toBe(true);
    expect(await adql.isApplicable(pythonCell)).toBe(false);
  });

  it('wraps a provider once however often it is called, and respects its own no', async () => {
    const kernel = new PythonProvider();
    const manager = managerWith([kernel]);
    keepOtherProvidersOutOfAdqlCells(manager);
    keepOtherProvidersOutOfAdqlCells(manager);
    await kernel.isApplicable(pythonCell);
    expect(kernel.asked).toBe(1);
    const noKernel = new PythonProvider();
    noKernel.isApplicable = async () => false;
    keepOtherProvidersOutOfAdqlCells(managerWith([noKernel]));
    expect(await noKernel.isApplicable(pythonCell)).toBe(false);
  });

  it('offers ADQL keywords in a %%adql cell, and nothing of Python', async () => {
    const adql = new AdqlCompletionProvider(schemas);
    const source = '%%adql\nSELECT TOP 5 * FR';
    const reply = await adql.fetch({ text: source, offset: source.length });
    const labels = reply.items.map(item => item.label);
    expect(labels).toContain('FROM');
    expect(labels).not.toContain('delattr');
    expect(labels.some(label => label.startsWith('%'))).toBe(false);
  });

  it('leaves a manager without a provider list as it is', () => {
    expect(() =>
      keepOtherProvidersOutOfAdqlCells({} as ICompletionProviderManager)
    ).not.toThrow();
  });
});
