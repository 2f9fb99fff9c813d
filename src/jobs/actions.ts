import { JupyterFrontEnd } from '@jupyterlab/application';
import { Clipboard, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';

import {
  CodeModeSetting,
  reattachJobCode,
  resolveMode,
  serviceRef
} from '../codegen';
import { jobPath, jobUrl } from '../services/uws';
import { insertCell } from '../shared/insert';
import { CommandIDs, IServicesModel } from '../tokens';
import { IJobActions } from './JobsView';
import { IJobEntry, JobsModel } from './model';

/**
 * What the jobs panel does outside itself: code into notebooks (shared/insert), the clipboard,
 * and a job's rows in the TAP browser's rows panel, reached by its command.
 */
export function createJobActions(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  services: IServicesModel,
  jobs: JobsModel,
  codeStyle: () => CodeModeSetting
): IJobActions {
  const service = () => {
    const entry = jobs.serviceId ? services.find(jobs.serviceId) : undefined;
    if (!entry) {
      throw new Error('Choose a TAP service first.');
    }
    return entry.description;
  };
  const guarded =
    (action: (job: IJobEntry) => void) =>
    (job: IJobEntry): void => {
      try {
        action(job);
      } catch (error) {
        Notification.error((error as Error).message, { autoClose: 5000 });
      }
    };
  return {
    insertCode: guarded(job => {
      const description = service();
      const code = reattachJobCode({
        mode: resolveMode(codeStyle(), services.onPlatform),
        service: serviceRef(description, services.tokenOrigins),
        jobUrl: jobUrl(description.url, job.id)
      });
      insertCell(app, tracker, code).catch(error =>
        Notification.error(
          `Could not insert the cell: ${(error as Error).message}`
        )
      );
    }),
    copyUrl: guarded(job => {
      const url = jobUrl(service().url, job.id);
      Clipboard.copyToSystem(url);
      Notification.info(`Copied ${url}`, { autoClose: 2000 });
    }),
    // Without the TAP browser (its plugin disabled) there is nowhere to show rows.
    canShowRows: () => app.commands.hasCommand(CommandIDs.showRows),
    openResult: guarded(job => {
      void app.commands.execute(CommandIDs.showRows, {
        serviceId: service().id,
        path: jobPath(job.id, 'results/result'),
        title: `Rows of job ${job.id}`
      });
    })
  };
}
