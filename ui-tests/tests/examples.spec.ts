import { expect, galata, test } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';

import { runCommand } from './commands';

const SIDEBAR = '#jp-RspApi-sidebar';

test.describe('examples', () => {
  test('an example the demo publishes is inserted and runs in the kernel', async ({
    page
  }) => {
    await page.notebook.createNew('examples.ipynb');
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByLabel('TAP service').selectOption('tap');
    const examples = panel.getByLabel('Examples', { exact: true });
    await expect(examples.locator('summary').first()).toContainText(
      /5 from the service, \d+ from metadata/,
      { timeout: 60000 }
    );
    await examples.locator('summary').first().click();
    const cone = examples.getByLabel('Objects in a cone');
    await expect(cone).toBeVisible();
    await cone.getByRole('button', { name: 'New cell' }).click();
    // The magic is loaded first, in a cell of its own; then the example's query.
    expect(await page.notebook.getCellTextInput(0)).toBe(
      '%load_ext jupyterlab_rsp_api'
    );
    expect(await page.notebook.getCellTextInput(1)).toMatch(
      /^%%adql --service tap\nSELECT TOP 100 objectId, coord_ra, coord_dec, r_cModelMag\nFROM dp02_dc2_catalogs\.Object\n/
    );
    await page.notebook.runCell(0);
    await page.notebook.runCell(1);
    await expect(
      page.locator('.jp-Cell').nth(1).locator('.jp-Cell-outputArea')
    ).toContainText('Table length=100', { timeout: 60000 });

    // An example with MAXREC goes in with --maxrec; "Into cell" replaces the active cell's query.
    await page.notebook.selectCells(1);
    await examples
      .getByLabel('Bright point sources')
      .getByRole('button', { name: 'Into cell' })
      .click();
    expect(await page.notebook.getCellTextInput(1)).toMatch(
      /^%%adql --service tap\nSELECT TOP 50 objectId, coord_ra, coord_dec, r_psfMag\n/
    );
    await page.notebook.runCell(1);
    await expect(
      page.locator('.jp-Cell').nth(1).locator('.jp-Cell-outputArea')
    ).toContainText('Table length=50', { timeout: 60000 });
  });
});

/** Put a query in cell 0, wait for the diagnostic of that class, and hover it. */
async function diagnose(
  page: Page,
  query: string,
  severity: 'error' | 'warning' | 'info',
  text: RegExp
): Promise<void> {
  await page.notebook.setCell(0, 'code', query);
  await page.notebook.enterCellEditingMode(0);
  const range = page
    .locator('.jp-Cell')
    .nth(0)
    .locator(`.cm-lintRange-${severity}`);
  await expect(range.first()).toBeVisible({ timeout: 30000 });
  await range.first().hover({ position: { x: 3, y: 3 } });
  await expect(page.locator('.cm-tooltip-lint')).toContainText(text);
}

async function applyFix(page: Page, name: RegExp): Promise<void> {
  await page
    .locator('.cm-tooltip-lint')
    .getByRole('button', { name })
    .first()
    .click();
}

async function quiet(
  page: Page,
  severity: 'error' | 'warning' | 'info'
): Promise<void> {
  await expect(
    page.locator('.jp-Cell').nth(0).locator(`.cm-lintRange-${severity}`)
  ).toHaveCount(0, { timeout: 30000 });
}

test.describe('hints before the service says no', () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      // The demo's tables are small: Object (100,000 rows) and Source (51,185) count as large.
      'jupyterlab-rsp-api:adql': { largeTableRows: 50000, checkDelayMs: 200 }
    }
  });

  test('each hint appears where it is needed and its fix quiets it', async ({
    page
  }) => {
    await page.notebook.createNew('hints.ipynb');
    // JupyterLab's cell toolbar floats over the right end of a cell's first lines, where some
    // ranges end: out of the way, so the pointer reaches the editor as a user's would.
    await page.addStyleTag({
      content: '.jp-cell-toolbar { display: none !important; }'
    });

    // A large table without TOP or a spatial or indexed constraint (Qserv refuses it).
    await diagnose(
      page,
      '%%adql\nSELECT objectId, r_psfMag FROM dp02_dc2_catalogs.Object WHERE r_psfMag < 20',
      'warning',
      /reads all 100,000 rows.*Qserv/
    );
    await applyFix(page, /Add TOP 1000/);
    await quiet(page, 'warning');
    expect(await page.notebook.getCellTextInput(0)).toContain(
      'SELECT TOP 1000 objectId'
    );

    // LIMIT is not ADQL.
    await diagnose(
      page,
      '%%adql\nSELECT objectId FROM dp02_dc2_catalogs.Object WHERE objectId > 0 LIMIT 5',
      'error',
      /LIMIT is not ADQL/
    );
    await applyFix(page, /Use TOP 5/);
    await quiet(page, 'error');
    expect(await page.notebook.getCellTextInput(0)).toBe(
      '%%adql\nSELECT TOP 5 objectId FROM dp02_dc2_catalogs.Object WHERE objectId > 0'
    );

    // MAXREC below TOP: TAP 1.1 cuts the result at MAXREC.
    await diagnose(
      page,
      '%%adql --maxrec 10\nSELECT TOP 50 objectId FROM dp02_dc2_catalogs.Object',
      'warning',
      /TOP 50 asks for more rows than MAXREC lets through \(10/
    );
    await applyFix(page, /Set --maxrec 50/);
    await quiet(page, 'warning');
    expect(await page.notebook.getCellTextInput(0)).toMatch(
      /^%%adql --maxrec 50\n/
    );

    // DISTANCE(...) < r, rewritten as CONTAINS; the fixed query runs.
    await diagnose(
      page,
      "%%adql\nSELECT TOP 5 objectId FROM dp02_dc2_catalogs.Object WHERE DISTANCE(POINT('ICRS', coord_ra, coord_dec), POINT('ICRS', 55.75, -32.2)) < 0.05",
      'warning',
      /DISTANCE\(\.\.\.\) < r is ADQL 2\.1/
    );
    await applyFix(page, /CONTAINS/);
    await quiet(page, 'warning');
    expect(await page.notebook.getCellTextInput(0)).toContain(
      "CONTAINS(POINT('ICRS', coord_ra, coord_dec), CIRCLE('ICRS', 55.75, -32.2, 0.05)) = 1"
    );
    await page.notebook.runCell(0, true);
    await expect(page.locator('.jp-OutputArea-output').first()).toContainText(
      'Table length=5',
      { timeout: 120000 }
    );

    // A condition on a column without an index, where the join gives one with an index.
    await diagnose(
      page,
      '%%adql\nSELECT TOP 10 o.objectId FROM dp02_dc2_catalogs.Object AS o\n' +
        'JOIN dp02_dc2_catalogs.Object AS p ON o.parentObjectId = p.objectId\n' +
        'WHERE o.parentObjectId = 1567428592185458748',
      'info',
      /parentobjectid is not indexed/i
    );
    await applyFix(page, /Constrain p\.objectId \(indexed\) instead/);
    await quiet(page, 'info');

    // A user-defined function the service's TAPRegExt does not declare: the declared one.
    await diagnose(
      page,
      "%%adql\nSELECT TOP 3 sourceId FROM dp02_dc2_catalogs.Source WHERE ivo_haswrd(band, 'r') = 1",
      'warning',
      /declares no such function/
    );
    await applyFix(page, /Use ivo_hasword/);
    await quiet(page, 'warning');
    // An optional feature it does not declare (COORDSYS is not in DaCHS's features-adqlgeo).
    await diagnose(
      page,
      "%%adql\nSELECT TOP 1 COORDSYS(POINT('ICRS', ra, decl)) FROM dp02_dc2_catalogs.CcdVisit",
      'warning',
      /COORDSYS is an optional ADQL feature this service does not declare/
    );
  });

  test('count first tells the size of a result before it is fetched', async ({
    page
  }) => {
    await page.notebook.createNew('count.ipynb');
    await page.notebook.setCell(
      0,
      'code',
      '%%adql\nSELECT TOP 10 objectId, r_psfMag FROM dp02_dc2_catalogs.Object\nWHERE r_psfMag < 20\nORDER BY r_psfMag'
    );
    await page.notebook.selectCells(0);
    await runCommand(page, 'rsp-api:count-adql-rows');
    await expect(page.locator('.jp-toastContainer')).toContainText(
      /The query matches 595 rows on tap\. TOP 10 returns the first 10 of them\./,
      { timeout: 60000 }
    );
    // A query the service refuses: its own words, not a count.
    await page.notebook.setCell(
      0,
      'code',
      '%%adql\nSELECT nosuchcolumn FROM dp02_dc2_catalogs.Object'
    );
    await page.notebook.selectCells(0);
    await runCommand(page, 'rsp-api:count-adql-rows');
    await expect(page.locator('.jp-toastContainer')).toContainText(
      /The rows could not be counted: .*nosuchcolumn/i,
      { timeout: 60000 }
    );
  });
});
