/**
 * Issue 11's fixes that only a browser shows: a TAP URL is checked before it is kept, errors are
 * said once and in words, a Cancel is not an error, HiPS checks request nothing missing, and a
 * %%adql cell completes ADQL only.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';
import * as net from 'net';

const SIDEBAR = '#jp-RspApi-sidebar';
const BROWSER_SETTINGS = 'jupyterlab-rsp-api:browser';
// The demo's DaCHS itself, reached without a token: a TAP service "from elsewhere".
const OPEN_TAP = 'http://127.0.0.1:8080/tap';
// Library class names that once leaked into messages (aiohttp's, Python's).
const CLASS_NAME = /Client\w*Error|ServerDisconnected|\w+Error\)/;

async function forgetUserServices(page: Page): Promise<void> {
  await page.evaluate(
    async ([id]) => {
      // Galata exposes the running application on window.
      await window.jupyterapp.serviceManager.settings.save(id, '{}');
    },
    [BROWSER_SETTINGS] as const
  );
}

async function occurrences(where: Locator, text: string): Promise<number> {
  const all = await where.innerText();
  return all.split(text).length - 1;
}

async function addService(panel: Locator, url: string): Promise<void> {
  await panel.getByLabel('URL of the new service').fill(url);
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
}

test.describe('adding a TAP service by URL', () => {
  test.afterEach(async ({ page }) => {
    await forgetUserServices(page);
  });

  test('keeps only a TAP service, and says why not once, in words', async ({
    page
  }) => {
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByText('Add a TAP service…').click();
    const form = panel.locator('.jp-RspApi-AddService');
    const picker = panel.getByLabel('TAP service');

    // Nothing listens there: one sentence, no class name, nothing kept.
    await addService(panel, 'http://127.0.0.1:9/tap');
    await expect(form.getByRole('alert')).toHaveText(
      'Not added: http://127.0.0.1:9/tap could not be reached: nothing accepts connections at 127.0.0.1:9 (refused); check the host and port.',
      { timeout: 30000 }
    );
    expect(await occurrences(panel, 'http://127.0.0.1:9/tap could not')).toBe(
      1
    );
    await expect(panel).not.toContainText(CLASS_NAME);
    await expect(picker.locator('optgroup')).toHaveCount(0);

    // A space is no part of a URL.
    await addService(panel, 'http://127.0.0.1:8080/my tap');
    await expect(form.getByRole('alert')).toContainText('space');

    // A web server, but no TAP service.
    await addService(panel, 'http://127.0.0.1:8080/');
    await expect(form.getByRole('alert')).toContainText(
      'does not answer as a TAP service does',
      { timeout: 30000 }
    );
    await expect(picker.locator('optgroup')).toHaveCount(0);

    // A TAP service: checked, kept, listed.
    await addService(panel, OPEN_TAP);
    await expect(form.getByRole('status')).toContainText(
      'its capabilities declare TAP',
      { timeout: 30000 }
    );
    await expect(form.getByRole('alert')).toHaveCount(0);
    await expect(
      picker.locator('optgroup[label="Added by you"] option')
    ).toHaveCount(1, { timeout: 30000 });
  });

  test('a cancelled check is a note, not an error', async ({ page }) => {
    // A "service" that takes connections and never answers: the server's check waits on it
    // until the user gives up.
    const silent = net.createServer(() => {
      // Accepted and left unanswered on purpose.
    });
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const url = `http://127.0.0.1:${port}/tap`;
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByText('Add a TAP service…').click();
    const form = panel.locator('.jp-RspApi-AddService');
    await addService(panel, url);
    await expect(form.getByRole('status')).toHaveText(
      `Checking that ${url} is a TAP service…`
    );
    await form.getByRole('button', { name: 'Cancel' }).click();
    await expect(form.getByRole('status')).toHaveText('Cancelled.');
    await expect(form.getByRole('alert')).toHaveCount(0);
    await expect(form.locator('.jp-RspApi-Error')).toHaveCount(0);
    await expect(
      form.getByRole('button', { name: 'Add', exact: true })
    ).toBeEnabled();
    silent.close();
  });
});

test.describe('the TAP browser', () => {
  test('says an unreachable service once, where the user chose it', async ({
    page
  }) => {
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByLabel('TAP service').selectOption('offline');
    const browser = panel.locator('.jp-RspApi-Browser');
    await expect(browser.getByRole('alert')).toContainText(
      'could not be reached',
      { timeout: 60000 }
    );
    // Capabilities and examples fail the same way; they do not say it again.
    await page.waitForTimeout(2000);
    expect(await occurrences(browser, 'could not be reached')).toBe(1);
    await expect(browser).not.toContainText('Capabilities could not be read');
    await expect(panel).not.toContainText(CLASS_NAME);
  });

  test('a cancelled table load is a note, not an error', async ({ page }) => {
    await page.route(/\/jupyterlab-rsp-api\/proxy\/tap\/tables(\?|$)/, () => {
      // Left pending: the tables are still being read when the user cancels.
    });
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByLabel('TAP service').selectOption('tap');
    const browser = panel.locator('.jp-RspApi-Browser');
    await expect(browser).toContainText('Reading tables…');
    await browser.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(
      browser.getByRole('status').filter({ hasText: 'Cancelled' })
    ).toHaveText('Cancelled: ↻ reads the tables again.');
    await expect(browser.locator('.jp-RspApi-Error')).toHaveCount(0);

    await page.unroute(/\/jupyterlab-rsp-api\/proxy\/tap\/tables(\?|$)/);
    await browser.getByRole('button', { name: 'Reload the tables' }).click();
    await expect(
      panel
        .getByRole('tree', { name: 'Schemas, tables and columns' })
        .getByRole('treeitem', { name: /^dp02_dc2_catalogs$/i })
    ).toBeVisible({ timeout: 60000 });
    await expect(browser).not.toContainText('Cancelled');
  });
});

test('checking the HiPS service requests nothing that is not there', async ({
  page
}) => {
  const missing: string[] = [];
  page.on('response', response => {
    if (
      response.status() === 404 &&
      response.url().includes('/jupyterlab-rsp-api/proxy/hips')
    ) {
      missing.push(response.url());
    }
  });
  const errors: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error' && message.text().includes('404')) {
      errors.push(`${message.text()} ${message.location().url}`);
    }
  });
  // The services are checked when the lab starts: start it again, watching.
  await page.reload();
  await page.sidebar.openTab('jp-RspApi-sidebar');
  const hips = page
    .locator(SIDEBAR)
    .locator('.jp-RspApi-ServiceItem[data-service-id^="hips"]')
    .first();
  await expect(hips).toHaveAttribute('data-state', 'available', {
    timeout: 60000
  });
  // Check it again, as the user can.
  await hips.getByRole('button', { name: /^Check .* again$/ }).click();
  await expect(hips).toHaveAttribute('data-state', 'available', {
    timeout: 60000
  });
  expect(missing).toEqual([]);
  expect(errors.filter(e => e.includes('/proxy/hips'))).toEqual([]);
});

test('a %%adql cell completes ADQL only, not Python or IPython', async ({
  page
}) => {
  await page.notebook.createNew('adql-only.ipynb');
  // The kernel must be up: its completions are what must not come.
  await page.notebook.setCell(0, 'code', 'x = 1');
  await page.notebook.runCell(0, true);
  await page.notebook.addCell('code', '%%adql --service tap\nSELECT DE');
  await page.notebook.enterCellEditingMode(1);
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Tab');
  const completer = page.locator('.jp-Completer');
  await expect(completer.locator('.jp-Completer-item').first()).toBeVisible({
    timeout: 30000
  });
  // ADQL's DEGREES; not Python's delattr, nor IPython's %debug.
  await expect(completer).toContainText('DEGREES');
  await expect(completer).not.toContainText('delattr');
  await expect(completer).not.toContainText('%debug');
  await page.keyboard.press('Escape');

  // A Python cell still gets the kernel's completions (and no ADQL), in a notebook of its own:
  // galata's addCell + enterCellEditingMode after a closed completer did not always make the new
  // cell the active one, so Tab went to the %%adql cell.
  await page.notebook.createNew('python-only.ipynb');
  await page.notebook.setCell(0, 'code', 'x = 1');
  await page.notebook.runCell(0, true);
  await page.notebook.addCell('code', 'de');
  await page.notebook.enterCellEditingMode(1);
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Tab');
  // One completer per notebook: this notebook's is the newest.
  const python = page.locator('.jp-Completer').last();
  await expect(python.locator('.jp-Completer-item').first()).toBeAttached({
    timeout: 30000
  });
  await expect(python).toContainText('delattr');
  await expect(python).not.toContainText('DEGREES');
});
