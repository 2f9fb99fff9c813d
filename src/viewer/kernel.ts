/**
 * astropy HDUs show as images in any Python kernel that has jupyterlab-rsp-api, without the user
 * typing `%load_ext`: just before a cell that uses astropy.io.fits is sent to the kernel, the
 * display formatters are loaded silently (IPython ignores a second load; the kernel handles
 * requests in order, so the load comes first). A kernel without the package keeps astropy's own
 * repr: nothing is said, as the user asked for nothing of ours.
 */
import { INotebookTracker } from '@jupyterlab/notebook';
import { KernelSpec } from '@jupyterlab/services';

import { runBeforeCells } from '../shared/kernel';
import { LOAD_DISPLAY_LINE, usesFits } from './bundle';

export function loadDisplayBeforeFitsCells(
  tracker: INotebookTracker,
  specs: KernelSpec.IManager,
  enabled: () => boolean
): void {
  runBeforeCells(tracker, specs, {
    needs: usesFits,
    code: LOAD_DISPLAY_LINE,
    enabled
  });
}
