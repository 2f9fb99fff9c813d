/**
 * `%%adql` cells run in any Python kernel without the user typing `%load_ext`: the magic is
 * loaded silently just before such a cell (or a `%adql` line) is sent to the kernel.
 */
import { Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { KernelSpec } from '@jupyterlab/services';

import { LOAD_MAGIC_LINE } from '../codegen';
import { runBeforeCells } from '../shared/kernel';
import { usesAdqlMagic } from './cell';

export function loadMagicBeforeAdqlCells(
  tracker: INotebookTracker,
  specs: KernelSpec.IManager
): void {
  // Kernels already told that the magic is missing: one message per kernel, not per cell.
  const warned = new WeakSet<object>();
  runBeforeCells(tracker, specs, {
    needs: usesAdqlMagic,
    code: LOAD_MAGIC_LINE,
    failed: (kernel, reply) => {
      if (warned.has(kernel)) {
        return;
      }
      warned.add(kernel);
      Notification.warning(
        `The %%adql magic is not installed in the kernel “${kernel.name}” ` +
          `(${reply.ename}: ${reply.evalue}). Install it in the kernel's environment, ` +
          'for instance with %pip install jupyterlab-rsp-api in a cell, then restart the kernel.',
        { autoClose: false }
      );
    }
  });
}
