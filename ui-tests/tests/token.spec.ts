import { expect, test } from '@jupyterlab/galata';
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';

const SIDEBAR = '#jp-RspApi-sidebar';
const BROWSER_SETTINGS = 'jupyterlab-rsp-api:browser';
const REPO = path.resolve(__dirname, '../..');

interface IRecorded {
  method: string;
  path: string;
  headers: Record<string, string>;
}

/**
 * A third-party archive that records every header it receives (the demo platform behind it):
 * jupyterlab_rsp_api/tests/canary.py, in its own process.
 */
async function startCanary(): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(
    path.join(REPO, '.venv/bin/python'),
    ['-m', 'jupyterlab_rsp_api.tests.canary'],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] }
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /canary (http:\/\/\S+)/.exec(seen);
      if (match) {
        resolve(match[1]);
      }
    });
    child.on('exit', code => reject(new Error(`canary exited (${code})`)));
    setTimeout(() => reject(new Error('canary did not start')), 20000);
  });
  return { url, process: child };
}

test.describe('the platform token stays home', () => {
  let canary: { url: string; process: ChildProcess };

  test.beforeAll(async () => {
    canary = await startCanary();
  });
  test.afterAll(() => {
    canary.process.kill();
  });
  test.afterEach(async ({ page }) => {
    await page.evaluate(
      async ([id]) => {
        await window.jupyterapp.serviceManager.settings.save(id, '{}');
      },
      [BROWSER_SETTINGS] as const
    );
  });

  test('a query inserted for an added service runs without ever sending it the token', async ({
    page
  }) => {
    await fetch(`${canary.url}/__canary/requests`, { method: 'DELETE' });
    await page.notebook.createNew('canary.ipynb');
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByText('Add a TAP service…').click();
    await panel
      .getByLabel('URL of the new service')
      .fill(`${canary.url}/api/tap`);
    await panel.getByLabel('Title of the new service').fill('Canary archive');
    await panel.getByRole('button', { name: 'Add', exact: true }).click();
    const picker = panel.getByLabel('TAP service');
    await expect(
      picker.locator('optgroup[label="Added by you"] option')
    ).toHaveText(['Canary archive'], { timeout: 30000 });
    await picker.selectOption({ label: 'Canary archive' });

    const tree = panel.getByRole('tree', {
      name: 'Schemas, tables and columns'
    });
    await panel
      .getByLabel('Filter schemas, tables and columns')
      .fill('CcdVisit');
    await tree
      .getByRole('treeitem', { name: /^ccdvisit$/i })
      .click({ timeout: 60000 });
    const details = page.getByLabel(
      /^Details of dp02_dc2_catalogs\.ccdvisit$/i
    );
    await details.getByRole('button', { name: 'Insert query' }).click();

    const cell = await page.notebook.getCellTextInput(0);
    expect(cell).toContain(`pyvo.dal.TAPService("${canary.url}/api/tap")`);
    expect(cell).not.toContain('rsp_session');
    expect(cell).not.toContain('lsst.rsp');

    // The lab's kernel has the token in its environment, as on the platform.
    await page.notebook.runCell(0, true);
    const output = page.locator('.jp-OutputArea-output').first();
    await expect(output).toContainText('Table length=16', { timeout: 120000 });

    const record = (await (
      await fetch(`${canary.url}/__canary/requests`)
    ).json()) as IRecorded[];
    // The browser (through the lab's proxy) and the kernel both reached it...
    expect(record.some(r => r.path.startsWith('/api/tap/tables'))).toBe(true);
    expect(
      record.some(
        r => r.method === 'POST' && r.path.startsWith('/api/tap/sync')
      )
    ).toBe(true);
    // ...and no request carried a credential of any kind.
    const credentials = record.filter(r =>
      Object.keys(r.headers).some(name =>
        ['authorization', 'cookie', 'x-xsrftoken'].includes(name.toLowerCase())
      )
    );
    expect(credentials.map(r => `${r.method} ${r.path}`)).toEqual([]);
  });
});
