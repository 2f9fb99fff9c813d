import { expect, test } from '@jupyterlab/galata';

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
