import { JupyterFrontEnd } from '@jupyterlab/application';
import {
  INotebookTracker,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';

import { LOAD_MAGIC_LINE, loadsMagic } from '../codegen';

export interface IInsertOptions {
  /** The code is a `%%adql` cell: load the magic first when the notebook does not yet. */
  needsMagic?: boolean;
}

/**
 * Put code into a new cell below the active one of the current notebook (a new notebook when none
 * is open). Nothing is run for the user.
 */
export async function insertCell(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  code: string,
  options: IInsertOptions = {}
): Promise<NotebookPanel> {
  let panel = tracker.currentWidget;
  if (!panel) {
    panel = (await app.commands.execute(
      'notebook:create-new',
      {}
    )) as NotebookPanel;
    await panel.context.ready;
  }
  const notebook = panel.content;
  const sources = notebook.widgets.map(cell =>
    cell.model.sharedModel.getSource()
  );
  const codes =
    options.needsMagic && !loadsMagic(sources)
      ? [LOAD_MAGIC_LINE, code]
      : [code];
  for (const text of codes) {
    const active = notebook.activeCell;
    const reuse =
      notebook.widgets.length === 1 &&
      active !== null &&
      active.model.type === 'code' &&
      active.model.sharedModel.getSource() === '';
    if (!reuse) {
      NotebookActions.insertBelow(notebook);
    }
    notebook.activeCell?.model.sharedModel.setSource(text);
  }
  app.shell.activateById(panel.id);
  return panel;
}
