import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import { Message } from '@lumino/messaging';
import * as React from 'react';

import { IServicesModel } from '../tokens';
import { IJobActions, JobsView } from './JobsView';
import { JobsModel } from './model';

/** The "Async jobs" section of the sidebar: it polls the service only while it is shown. */
class JobsSection extends ReactWidget {
  constructor(
    private readonly model: JobsModel,
    private readonly services: IServicesModel,
    private readonly actions: IJobActions
  ) {
    super();
    this.addClass('jp-RspApi-SidebarContent');
    this.addClass('jp-RspApi-JobsSection');
    this.title.label = 'Async jobs';
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

export function createJobsSection(
  model: JobsModel,
  services: IServicesModel,
  actions: IJobActions
): ReactWidget {
  return new JobsSection(model, services, actions);
}
