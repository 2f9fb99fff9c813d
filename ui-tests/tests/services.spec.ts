import { expect, test } from '@jupyterlab/galata';

const SIDEBAR = '#jp-RspApi-sidebar';
const BROWSER_SETTINGS = 'jupyterlab-rsp-api:browser';
// The demo's DaCHS itself, reached without a token: a TAP service "from elsewhere".
const OPEN_TAP = 'http://127.0.0.1:8080/tap';

async function saveBrowserSettings(
  page: import('@playwright/test').Page,
  settings: Record<string, unknown>
): Promise<void> {
  await page.evaluate(
    async ([id, raw]) => {
      // Galata exposes the running application on window.
      await window.jupyterapp.serviceManager.settings.save(id, raw);
    },
    [BROWSER_SETTINGS, JSON.stringify(settings)] as const
  );
}

test.describe('TAP services of the user and metadata sources', () => {
  test.afterEach(async ({ page }) => {
    await saveBrowserSettings(page, {});
  });

  test('a TAP URL added by the user is kept, browsed without the token and removed', async ({
    page
  }) => {
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByText('Add a TAP service…').click();
    // A bad URL is refused in place, and the form stays usable.
    await panel
      .getByLabel('URL of the new service')
      .fill('ftp://example.org/tap');
    await panel.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(panel.getByRole('alert')).toContainText('http://');

    await panel.getByLabel('URL of the new service').fill(OPEN_TAP);
    await panel.getByLabel('Title of the new service').fill('DaCHS direct');
    await panel.getByRole('button', { name: 'Add', exact: true }).click();
    const picker = panel.getByLabel('TAP service');
    await expect(
      picker.locator('optgroup[label="Added by you"] option')
    ).toHaveText(['DaCHS direct'], { timeout: 30000 });

    // In the services list, without the token badge.
    const item = panel.locator('.jp-RspApi-ServiceItem', {
      hasText: 'DaCHS direct'
    });
    await expect(item).toHaveAttribute('data-state', 'available', {
      timeout: 30000
    });
    await expect(item.locator('.jp-RspApi-TokenBadge')).toHaveCount(0);

    await picker.selectOption({ label: 'DaCHS direct' });
    const tree = panel.getByRole('tree', {
      name: 'Schemas, tables and columns'
    });
    await expect(
      tree.getByRole('treeitem', { name: /^dp02_dc2_catalogs$/i })
    ).toBeVisible({ timeout: 60000 });
    const status = panel.locator('.jp-RspApi-ServiceStatus');
    await expect(status).toContainText('available');
    await expect(status).toContainText('tables from VOSI /tables');

    // Kept after a reload: settings are the source, the server learns them again.
    await page.waitForTimeout(1000); // the browser's state is saved after a short pause
    await page.reload();
    await page.sidebar.openTab('jp-RspApi-sidebar');
    await expect(
      panel.getByLabel('TAP service').locator('option:checked')
    ).toHaveText('DaCHS direct', { timeout: 60000 });

    await panel.getByRole('button', { name: 'Remove' }).click();
    await expect(
      panel.getByLabel('TAP service').locator('optgroup option')
    ).toHaveCount(0, { timeout: 30000 });
  });

  test('tables read from TAP_SCHEMA, columns when a table is opened', async ({
    page
  }) => {
    await saveBrowserSettings(page, { metadataSource: 'tap_schema' });
    await page.reload();
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByLabel('TAP service').selectOption('tap');
    const tree = panel.getByRole('tree', {
      name: 'Schemas, tables and columns'
    });
    await expect(panel.locator('.jp-RspApi-ServiceStatus')).toContainText(
      'tables from TAP_SCHEMA',
      { timeout: 60000 }
    );
    await expect(panel.locator('.jp-RspApi-Counts')).toContainText(
      /, 0 columns read \(the columns of \d+ tables are read when opened\)/
    );
    await tree.getByRole('treeitem', { name: /^dp02_dc2_catalogs$/i }).click();
    await tree.press('ArrowRight');
    await tree.getByRole('treeitem', { name: /^object$/i }).click();
    await tree.press('ArrowRight');
    await expect(
      tree.getByRole('treeitem', { name: /^coord_ra$/i })
    ).toBeVisible({ timeout: 60000 });
    const details = page.getByLabel(/^Details of dp02_dc2_catalogs\.object$/i);
    await expect(details).toContainText(/\d{3} columns/);
  });
});
