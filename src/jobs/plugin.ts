import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { runningIcon } from '@jupyterlab/ui-components';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';

import { CodeModeSetting } from '../codegen';
import { fetchFromService } from '../services/client';
import {
  BROWSER_PLUGIN_ID,
  CommandIDs,
  IServicesModel,
  ITapSchemas,
  JOBS_PLUGIN_ID
} from '../tokens';
import { createJobActions } from './actions';
import { JobsModel } from './model';
import { JobEndAction, JobEndWatcher, jobEndNotice } from './notify';
import { JOBS_PANEL_ID, createJobsPanel, revealJob } from './panel';

const JOBS_STATE_KEY = 'jupyterlab-rsp-api:jobs-state';

const ACTION_LABELS: Record<JobEndAction, string> = {
  'show-rows': 'Show rows',
  'insert-code': 'Insert code',
  'show-job': 'Show job'
};

/**
 * Async jobs in a side panel of their own, and a notification when a job watched in this session
 * ends. The service is the source of truth: the list survives reloads; the panel remembers which
 * service it shows.
 */
export const jobsPlugin: JupyterFrontEndPlugin<void> = {
  id: JOBS_PLUGIN_ID,
  description:
    'The async (UWS) jobs of a TAP service, with a notification when one ends.',
  autoStart: true,
  requires: [IServicesModel, INotebookTracker],
  optional: [
    ITapSchemas,
    ILayoutRestorer,
    ICommandPalette,
    IStateDB,
    ISettingRegistry
  ],
  activate: (
    app: JupyterFrontEnd,
    services: IServicesModel,
    tracker: INotebookTracker,
    schemas: ITapSchemas | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    stateDB: IStateDB | null,
    settingRegistry: ISettingRegistry | null
  ): void => {
    const jobs = new JobsModel({ fetcher: fetchFromService });
    // Code is written in the style the TAP browser's settings ask for.
    let codeStyle: CodeModeSetting = 'auto';
    settingRegistry
      ?.load(BROWSER_PLUGIN_ID)
      .then(settings => {
        const read = (): void => {
          codeStyle = settings.get('codeStyle').composite as CodeModeSetting;
        };
        read();
        settings.changed.connect(read);
      })
      .catch(reason =>
        console.error('jupyterlab-rsp-api: jobs settings', reason)
      );
    const actions = createJobActions(
      app,
      tracker,
      services,
      jobs,
      () => codeStyle
    );
    const panel = createJobsPanel(jobs, services, actions);
    app.shell.add(panel, 'right', { rank: 900 });
    restorer?.add(panel, 'rsp-api-jobs');

    const showPanel = (jobId?: string): void => {
      app.shell.activateById(JOBS_PANEL_ID);
      if (jobId) {
        revealJob(panel, jobId);
      }
    };

    const watcher = new JobEndWatcher();
    jobs.changed.connect(() => {
      const serviceId = jobs.serviceId;
      const title = serviceId
        ? (services.find(serviceId)?.description.title ?? serviceId)
        : '';
      for (const entry of watcher.update(serviceId, jobs.jobs)) {
        const notice = jobEndNotice(entry, title);
        Notification.emit(notice.message, notice.type, {
          // A failure stays until read; the other ends say what the list shows anyway.
          autoClose: notice.type === 'error' ? false : 10000,
          actions: notice.actions
            .filter(action => action !== 'show-rows' || actions.canShowRows())
            .map(action => ({
              label: ACTION_LABELS[action],
              callback: () => {
                if (action === 'show-rows') {
                  actions.openResult(entry);
                } else if (action === 'insert-code') {
                  actions.insertCode(entry);
                } else {
                  showPanel(entry.id);
                }
              }
            }))
        });
      }
    });

    // The service shown: the one remembered, else the platform's `tap` (or the first TAP).
    const defaultService = (): string | null =>
      schemas?.serviceFor(null) ??
      services.services.find(e => e.description.kind === 'tap')?.description
        .id ??
      null;
    void Promise.all([
      stateDB?.fetch(JOBS_STATE_KEY) ?? Promise.resolve(undefined),
      app.restored
    ]).then(([saved]) => {
      const remembered =
        saved && typeof saved === 'object' && 'serviceId' in saved
          ? (saved.serviceId as string | null)
          : null;
      const choose = (): void => {
        if (services.services.length === 0) {
          return;
        }
        services.changed.disconnect(choose);
        const known = services.services.some(
          e => e.description.id === remembered
        );
        if (jobs.serviceId === null) {
          jobs.setService(known ? remembered : defaultService());
        }
        let last = jobs.serviceId;
        jobs.changed.connect(() => {
          if (jobs.serviceId !== last) {
            last = jobs.serviceId;
            void stateDB?.save(JOBS_STATE_KEY, { serviceId: last });
          }
        });
      };
      services.changed.connect(choose);
      choose();
    });

    app.commands.addCommand(CommandIDs.openJobs, {
      label: 'RSP API: Show Async Jobs',
      caption: 'The async (UWS) jobs of a TAP service',
      icon: runningIcon,
      execute: () => showPanel()
    });
    app.commands.addCommand(CommandIDs.refreshJobs, {
      label: 'RSP API: Reload Async Jobs',
      isEnabled: () => jobs.serviceId !== null,
      execute: () => jobs.refresh()
    });
    for (const command of [CommandIDs.openJobs, CommandIDs.refreshJobs]) {
      palette?.addItem({ command, category: 'RSP API' });
    }
  }
};
