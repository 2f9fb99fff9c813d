/**
 * `%%adql` cells run in any Python kernel without the user typing `%load_ext`: just before such a
 * cell is sent to the kernel, the magic is loaded silently (IPython ignores a second load). The
 * kernel handles requests in order, so the load always comes first.
 */
import { Notification } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';
import { KernelSpec } from '@jupyterlab/services';

import { LOAD_MAGIC_LINE } from '../codegen';
import { usesAdqlMagic } from './cell';

export function loadMagicBeforeAdqlCells(
  tracker: INotebookTracker,
  specs: KernelSpec.IManager
): void {
  // Kernels already told that the magic is missing: one message per kernel, not per cell.
  const warned = new WeakSet<object>();
  NotebookActions.executionScheduled.connect((_, { notebook, cell }) => {
    if (
      cell.model.type !== 'code' ||
      !usesAdqlMagic(cell.model.sharedModel.getSource())
    ) {
      return;
    }
    const panel = tracker.find(candidate => candidate.content === notebook);
    const kernel = panel?.sessionContext.session?.kernel;
    if (!kernel) {
      return;
    }
    const language = specs.specs?.kernelspecs[kernel.name]?.language ?? '';
    if (language.toLowerCase() !== 'python') {
      return;
    }
    const future = kernel.requestExecute({
      code: LOAD_MAGIC_LINE,
      silent: true,
      store_history: false
    });
    void future.done.then(reply => {
      const content = reply.content;
      if (content.status !== 'error' || warned.has(kernel)) {
        return;
      }
      warned.add(kernel);
      Notification.warning(
        `The %%adql magic is not installed in the kernel “${kernel.name}” ` +
          `(${content.ename}: ${content.evalue}). Install it in the kernel's environment, ` +
          'for instance with %pip install jupyterlab-rsp-api in a cell, then restart the kernel.',
        { autoClose: false }
      );
    });
  });
}
