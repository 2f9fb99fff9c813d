import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

const SIDEBAR = '#jp-RspApi-sidebar';
// A table's details, columns, preview and examples open in a panel of the main area.
const TABLE_PANEL = '[data-testid="rsp-api-table-panel"]';
const shots = process.env.RSP_API_SCREENSHOTS;

test.describe('TAP browser', () => {
  test('browses the demo catalogs, filters, shows details and previews rows', async ({
    page
  }) => {
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByLabel('TAP service').selectOption('tap');
    const tree = panel.getByRole('tree', {
      name: 'Schemas, tables and columns'
    });
    await expect(
      tree.getByRole('treeitem', { name: /^dp02_dc2_catalogs$/i })
    ).toBeVisible({
      timeout: 60000
    });

    // The service's TAPRegExt: languages and limits.
    const caps = panel.getByLabel('Service capabilities');
    await expect(caps).toContainText('ADQL', { timeout: 30000 });
    await caps.locator('summary').click();
    await expect(caps).toContainText('upload');

    // Names are matched without case: DaCHS may fold them, the platform's TAP keeps Rubin's.
    // Filter across the 294 columns of Object: matches highlighted, ancestors opened.
    await panel
      .getByLabel('Filter schemas, tables and columns')
      .fill('cModelFlux');
    await expect(tree.locator('mark').first()).toHaveText(/cModelFlux/i);
    await expect(
      tree.getByRole('treeitem', { name: /^g_cmodelflux$/i })
    ).toBeVisible();

    // The sidebar says how much it read.
    await expect(panel.locator('.jp-RspApi-Counts')).toContainText(
      /\d+ schemas?, \d+ tables, [\d,]+ columns read/
    );

    // Keyboard: walk to a table; Enter opens its panel in the main area.
    await panel.getByLabel('Filter schemas, tables and columns').fill('');
    await tree.getByRole('treeitem', { name: /^dp02_dc2_catalogs$/i }).click();
    await tree.press('ArrowRight');
    const selected = tree.getByRole('treeitem', { selected: true });
    for (let step = 0; step < 40; step++) {
      await tree.press('ArrowDown');
      if (/^object$/i.test((await selected.getAttribute('aria-label')) ?? '')) {
        break;
      }
    }
    await expect(selected).toHaveAttribute('aria-label', /^object$/i);
    await expect(page.locator(TABLE_PANEL)).toHaveCount(0);
    await tree.press('Enter');
    const details = page.getByLabel(/^Details of dp02_dc2_catalogs\.object$/i);
    await expect(details).toContainText(/\d{3} columns/);
    await expect(page.locator(TABLE_PANEL)).toHaveCount(1);
    await expect(
      details.getByRole('button', { name: 'Cone search' })
    ).toBeVisible();
    // Column descriptions and UCDs are text in the panel, not tooltips.
    const coordRa = details.locator('tr[data-column="coord_ra"]');
    await expect(coordRa).toContainText('pos.eq.ra;meta.main');
    await expect(coordRa).toContainText(
      'Right ascension (ICRS) of the object.'
    );
    await tree.press('ArrowRight');
    await expect(
      tree.getByRole('treeitem', { name: /^coord_ra$/i })
    ).toBeVisible();

    await details.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByLabel(/^Preview of dp02_dc2_catalogs\.object$/i);
    await expect(preview.locator('tbody tr')).toHaveCount(20, {
      timeout: 60000
    });
    await expect(preview.locator('.jp-RspApi-ResultCounts')).toHaveText(
      '20 rows shown of 20 returned'
    );
    await expect(details.getByRole('tab', { selected: true })).toHaveText(
      'Preview (20 rows)'
    );
    if (shots) {
      await page.screenshot({ path: path.join(shots, 'tap-browser.png') });
    }
  });

  test('inserts a query into a notebook that runs in the kernel against the demo', async ({
    page
  }) => {
    await page.notebook.createNew('query.ipynb');
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByLabel('TAP service').selectOption('tap');
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
    expect(cell).toContain('get_tap_service("tap")');
    expect(cell).toMatch(/FROM dp02_dc2_catalogs\.ccdvisit/i);
    expect(cell).not.toContain('rsp-demo-token');

    await page.notebook.runCell(0, true);
    const output = page.locator('.jp-OutputArea-output').first();
    await expect(output).toContainText(/ccdvisitid/i, { timeout: 120000 });
    await expect(output).toContainText('Table length=16');
    if (shots) {
      await page.screenshot({ path: path.join(shots, 'inserted-query.png') });
    }
  });

  test('shows delimited names bare and inserts them quoted once, and the query runs', async ({
    page
  }) => {
    // quirks.oddities (demo/dachs/quirks.rd): DaCHS publishes "size" and "Mixed Case" with
    // their quotes in /tables and TAP_SCHEMA.
    await page.notebook.createNew('delimited.ipynb');
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByLabel('TAP service').selectOption('tap');
    const tree = panel.getByRole('tree', {
      name: 'Schemas, tables and columns'
    });
    await panel.getByLabel('desc.').uncheck();
    await panel
      .getByLabel('Filter schemas, tables and columns')
      .fill('oddities');
    await tree
      .getByRole('treeitem', { name: /^oddities$/ })
      .click({ timeout: 60000 });
    await tree.press('ArrowRight');
    await expect(tree.getByRole('treeitem', { name: /^size$/ })).toBeVisible();
    await expect(
      tree.getByRole('treeitem', { name: /^Mixed Case$/ })
    ).toBeVisible();
    await expect(tree.getByRole('treeitem', { name: /"/ })).toHaveCount(0);
    // Columns are picked in the table's panel, which the click opened.
    const details = page.getByLabel(/^Details of quirks\.oddities$/);
    await details.getByLabel('Pick column size').check();
    await details.getByLabel('Pick column Mixed Case').check();
    await details.getByRole('button', { name: 'Query 2 columns' }).click();

    const cell = await page.notebook.getCellTextInput(0);
    expect(cell).toContain('SELECT TOP 100 "size", "Mixed Case"');
    // Quoted once: never the triple quotes of a name quoted again (`"""size"""`).
    expect(cell).not.toContain('""size');
    await page.notebook.runCell(0, true);
    const output = page.locator('.jp-OutputArea-output').first();
    await expect(output).toContainText('Table length=100', {
      timeout: 120000
    });
    await expect(output).not.toContainText('No such field');

    // The first rows, emoji labels and ids above 2^53 included: all 20 arrive exactly, with no
    // error and no MAXREC claim (the preview asks for TABLEDATA; DaCHS's miscounted binary
    // answers are read by the vo core's tests). Every column: the preview selects the picked ones.
    // The insert brought the notebook forward; the tree brings the table's panel back.
    await tree.getByRole('treeitem', { name: /^oddities$/ }).click();
    await details.getByLabel('Pick column size').uncheck();
    await details.getByLabel('Pick column Mixed Case').uncheck();
    await details.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByLabel(/^Preview of quirks\.oddities$/);
    await expect(preview.locator('tbody tr')).toHaveCount(20, {
      timeout: 60000
    });
    await expect(preview.getByRole('alert')).toHaveCount(0);
    await expect(preview).toContainText('9007199254740993');
    await expect(preview).not.toContainText('MAXREC reached');
    await expect(preview).toContainText(/🔭|🌌|🪐|🌠|🚀/u);
  });

  test('remembers the chosen service after a reload', async ({ page }) => {
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByLabel('TAP service').selectOption('tap');
    await expect(
      panel.getByRole('treeitem', { name: /^dp02_dc2_catalogs$/i })
    ).toBeVisible({ timeout: 60000 });
    await page.waitForTimeout(1000); // the state is saved after a short pause
    await page.reload();
    await page.sidebar.openTab('jp-RspApi-sidebar');
    await expect(page.locator(SIDEBAR).getByLabel('TAP service')).toHaveValue(
      'tap',
      {
        timeout: 60000
      }
    );
  });

  test('every kind of inserted cell runs in the kernel: async job, join, cone search', async ({
    page
  }) => {
    await page.notebook.createNew('templates.ipynb');
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByLabel('TAP service').selectOption('tap');
    const tree = panel.getByRole('tree', {
      name: 'Schemas, tables and columns'
    });
    const filter = panel.getByLabel('Filter schemas, tables and columns');
    // Names only: descriptions mention "object" and "source" everywhere.
    await panel.getByLabel('desc.').uncheck();

    await filter.fill('ccdvisit');
    await tree
      .getByRole('treeitem', { name: /^ccdvisit$/i })
      .click({ timeout: 60000 });
    await page
      .getByLabel(/^Details of dp02_dc2_catalogs\.ccdvisit$/i)
      .getByRole('button', { name: 'Async job' })
      .click();

    await filter.fill('source');
    await tree.getByRole('treeitem', { name: /^source$/i }).click();
    const source = page.getByLabel(/^Details of dp02_dc2_catalogs\.source$/i);
    // Joins are listed under the table's description.
    await source.locator('.jp-RspApi-Joins summary').click();
    await source.getByRole('button', { name: 'Insert join' }).first().click();

    await filter.fill('object');
    await tree.getByRole('treeitem', { name: /^object$/i }).click();
    await page
      .getByLabel(/^Details of dp02_dc2_catalogs\.object$/i)
      .getByRole('button', { name: 'Cone search' })
      .click();

    const asyncCell = await page.notebook.getCellTextInput(0);
    const joinCell = await page.notebook.getCellTextInput(1);
    const coneCell = await page.notebook.getCellTextInput(2);
    expect(asyncCell).toContain('service.submit_job(query');
    expect(joinCell).toMatch(/JOIN dp02_dc2_catalogs\.\w+ AS b/i);
    expect(coneCell).toContain("CONTAINS(POINT('ICRS'");

    await page.notebook.run();
    const outputs = page.locator('.jp-Cell-outputArea');
    await expect(outputs.filter({ hasText: 'Table length' })).toHaveCount(3, {
      timeout: 180000
    });
    await expect(
      page
        .locator(
          '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        )
        .filter({ hasText: 'Error' })
    ).toHaveCount(0);
  });
});
