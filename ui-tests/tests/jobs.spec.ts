import { expect, test } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';

import { runCommand, startJob } from './commands';

// The jobs have a side panel of their own (on the right).
const JOBS_PANEL = '#jp-RspApi-jobs';
// Ten billion pairs: runs long enough on the demo to be aborted.
const SLOW_QUERY =
  'SELECT COUNT(*) FROM dp02_dc2_catalogs.Object AS a CROSS JOIN dp02_dc2_catalogs.Object AS b';
const QUICK_QUERY =
  'SELECT TOP 7 objectId, coord_ra, coord_dec FROM dp02_dc2_catalogs.Object';

async function openJobs(page: IJupyterLabPageFixture) {
  await page.sidebar.openTab('jp-RspApi-jobs');
  const panel = page.locator(JOBS_PANEL);
  await panel.getByLabel('Service of the jobs').selectOption('tap');
  return panel;
}

test.describe('Async jobs panel', () => {
  test('lists a running job and aborts it on the service', async ({ page }) => {
    const id = await startJob(page, SLOW_QUERY);
    const panel = await openJobs(page);
    const job = panel.locator(`[data-job-id="${id}"]`);
    await expect(job).toHaveAttribute('data-phase', /QUEUED|EXECUTING/, {
      timeout: 30000
    });
    await expect(job.locator('.jp-RspApi-JobQuery')).toContainText(
      'CROSS JOIN'
    );
    await job.getByRole('button', { name: 'Abort' }).click();
    await expect(job).toHaveAttribute('data-phase', 'ABORTED', {
      timeout: 30000
    });
    // A job seen running that ends is announced, once.
    await expect(
      page.locator('.Toastify__toast', { hasText: `Async job ${id}` })
    ).toContainText('was aborted', { timeout: 30000 });
    // The service agrees: its own job document says ABORTED.
    const phase = await page.evaluate(
      async jobId =>
        (
          await fetch(`/jupyterlab-rsp-api/proxy/tap/async/${jobId}/phase`)
        ).text(),
      id
    );
    expect(phase.trim()).toBe('ABORTED');

    await job.getByRole('button', { name: 'Delete' }).click();
    await expect(job).toHaveCount(0, { timeout: 30000 });
  });

  test('shows a finished job’s rows and inserts code that re-attaches in the kernel', async ({
    page
  }) => {
    const id = await startJob(page, QUICK_QUERY);
    await page.notebook.createNew('jobs.ipynb');
    const panel = await openJobs(page);
    const job = panel.locator(`[data-job-id="${id}"]`);
    await expect(job).toHaveAttribute('data-phase', 'COMPLETED', {
      timeout: 60000
    });
    await job.getByRole('button', { name: 'Show rows' }).click();
    // The rows open in a panel of the main area, with their count.
    const rows = page.getByLabel(`Rows of job ${id}`);
    await expect(rows.locator('tbody tr')).toHaveCount(7, {
      timeout: 30000
    });
    await expect(rows.locator('.jp-RspApi-ResultCounts')).toHaveText(
      '7 rows shown of 7 returned'
    );

    await job.getByRole('button', { name: 'Insert code' }).click();
    await page.notebook.activate('jobs.ipynb');
    const source = await page.notebook.getCellTextInput(0);
    expect(source).toContain(`/async/${id}`);
    await page.notebook.runCell(0);
    const output = page.locator('.jp-Cell-outputArea').first();
    await expect(output).toContainText('Table length=7', { timeout: 60000 });
    await expect(
      page.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
      )
    ).toHaveCount(0);
  });

  test('aborts a %%adql --async query of a notebook from the panel', async ({
    page
  }) => {
    await page.notebook.createNew('abort.ipynb');
    await page.notebook.setCell(0, 'code', '%load_ext jupyterlab_rsp_api');
    await page.notebook.runCell(0);
    // Running the first cell added an empty one below it.
    await page.notebook.setCell(1, 'code', `%%adql --async\n${SLOW_QUERY}`);
    // Run without waiting: the job runs until it is aborted.
    await page.notebook.selectCells(1);
    // Run without waiting for the run to end: the job runs until it is aborted.
    await runCommand(page, 'notebook:run-cell', { wait: false });
    const output = page
      .locator('.jp-Cell')
      .nth(1)
      .locator('.jp-Cell-outputArea');
    await expect(output).toContainText('EXECUTING', { timeout: 60000 });
    const jobId = ((await output.textContent()) ?? '').match(
      /Job (\S+) on/
    )?.[1];
    expect(jobId).toBeTruthy();

    const panel = await openJobs(page);
    const job = panel.locator(`[data-job-id="${jobId}"]`);
    await expect(job).toHaveAttribute('data-phase', 'EXECUTING', {
      timeout: 30000
    });
    await job.getByRole('button', { name: 'Abort' }).click();
    await expect(job).toHaveAttribute('data-phase', 'ABORTED', {
      timeout: 30000
    });
    // The kernel sees it too: the cell ends with the job's fate, not a traceback.
    await expect(output).toContainText('ended ABORTED', { timeout: 60000 });
    await expect(output).not.toContainText('Traceback');
  });
});
