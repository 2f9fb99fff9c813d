/**
 * Code of ours run silently in a notebook's Python kernel just before the cells that need it:
 * how `%%adql` cells and astropy images work without the user typing `%load_ext`. IPython ignores
 * a second load, and the kernel handles requests in order, so the load always comes first.
 * Shared by the feature plugins, which do not import each other.
 */
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';
import { Kernel, KernelMessage, KernelSpec } from '@jupyterlab/services';

export interface IBeforeCells {
  /** Whether a cell's source needs the code run first. */
  needs(source: string): boolean;
  /** The line to run (a `%load_ext ...`). */
  code: string;
  enabled?(): boolean;
  /** When the kernel answers the code with an error (the package missing there, say). */
  failed?(
    kernel: Kernel.IKernelConnection,
    reply: KernelMessage.IReplyErrorContent
  ): void;
}

export function runBeforeCells(
  tracker: INotebookTracker,
  specs: KernelSpec.IManager,
  options: IBeforeCells
): void {
  NotebookActions.executionScheduled.connect((_, { notebook, cell }) => {
    if (
      (options.enabled && !options.enabled()) ||
      cell.model.type !== 'code' ||
      !options.needs(cell.model.sharedModel.getSource())
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
      code: options.code,
      silent: true,
      store_history: false
    });
    const failed = options.failed;
    if (failed) {
      void future.done.then(reply => {
        if (reply.content.status === 'error') {
          failed(kernel, reply.content);
        }
      });
    }
  });
}
