import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import {
  SidePanel,
  Toolbar,
  refreshIcon,
  runningIcon
} from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import { Panel, Widget } from '@lumino/widgets';
import * as React from 'react';

import { IServicesModel } from '../tokens';
import { actionButton } from '../shared/toolbar';
import { IJobActions, JobsView } from './JobsView';
import { JobsModel } from './model';

export const JOBS_PANEL_ID = 'jp-RspApi-jobs';

/** The list itself: it polls the service while it is shown (and while a job runs). */
class JobsList extends ReactWidget {
  constructor(
    private readonly model: JobsModel,
    private readonly services: IServicesModel,
    private readonly actions: IJobActions
  ) {
    super();
    this.addClass('jp-RspApi-JobsList');
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this.model.changed}>
        {() => (
          <UseSignal signal={this.services.changed}>
            {() => (
              <JobsView
                model={this.model}
                services={this.services}
                actions={this.actions}
              />
            )}
          </UseSignal>
        )}
      </UseSignal>
    );
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this.model.setVisible(true);
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this.model.setVisible(false);
  }
}

/**
 * The "Async jobs" side panel: a sidebar of its own, so the jobs can be watched beside a notebook
 * and the TAP browser (it opens on the right; its tab can be moved to either side).
 */
export function createJobsPanel(
  model: JobsModel,
  services: IServicesModel,
  actions: IJobActions
): SidePanel {
  // A plain panel: one section needs no accordion title.
  const panel = new SidePanel({ content: new Panel() });
  panel.id = JOBS_PANEL_ID;
  panel.addClass('jp-RspApi-JobsPanel');
  panel.title.icon = runningIcon;
  panel.title.caption = 'RSP API: async (UWS) jobs';

  const heading = new Widget();
  heading.node.textContent = 'Async jobs';
  heading.addClass('jp-RspApi-SidebarTitle');
  panel.toolbar.addItem('title', heading);
  panel.toolbar.addItem('spacer', Toolbar.createSpacerItem());
  panel.toolbar.addItem(
    'refresh',
    actionButton({
      icon: refreshIcon,
      tooltip: 'Reload the jobs',
      onClick: () => void model.refresh()
    })
  );
  panel.addWidget(new JobsList(model, services, actions));
  return panel;
}

/** Bring a job of the list into view and give it the focus (a notification's "Show job"). */
export function revealJob(panel: Widget, jobId: string): void {
  window.requestAnimationFrame(() => {
    const item = panel.node.querySelector<HTMLElement>(
      `[data-job-id="${CSS.escape(jobId)}"]`
    );
    item?.scrollIntoView({ block: 'nearest' });
    item?.focus();
  });
}
