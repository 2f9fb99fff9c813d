import { JupyterFrontEnd } from '@jupyterlab/application';
import { Clipboard, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';

import { BrowserModel } from '../browser/model';
import { insertCell } from '../shared/insert';
import {
  CodeModeSetting,
  reattachJobCode,
  resolveMode,
  serviceRef
} from '../codegen';
import { fetchFromService } from '../services/client';
import { fetchJobResult, jobUrl } from '../services/uws';
import { IServicesModel } from '../tokens';
import { IJobActions } from './JobsView';
import { IJobEntry, JobsModel } from './model';

export function createJobActions(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  services: IServicesModel,
  jobs: JobsModel,
  browser: BrowserModel,
  codeStyle: () => CodeModeSetting,
  showPreview: () => void
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
    openResult: guarded(job => {
      const serviceId = service().id;
      showPreview();
      void browser.showResult(`result of job ${job.id}`, signal =>
        fetchJobResult(fetchFromService, serviceId, job.id, signal)
      );
    })
  };
}
