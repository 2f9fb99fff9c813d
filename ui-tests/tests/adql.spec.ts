import { expect, galata, test } from '@jupyterlab/galata';
import * as path from 'path';

import { runCommand } from './commands';

const shots = process.env.RSP_API_SCREENSHOTS;

test.describe('%%adql cells', () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      // JupyterLab's completer shows documentation only when asked to (README says how).
      '@jupyterlab/completer-extension:manager': {
        showDocumentationPanel: true
      }
    }
  });
  test('complete, check, fix and run an ADQL cell in the kernel', async ({
    page
  }) => {
    await page.notebook.createNew('adql.ipynb');
    await runCommand(page, 'rsp-api:insert-adql-cell');
    // The magic is loaded first, in a cell of its own.
    expect(await page.notebook.getCellTextInput(0)).toBe(
      '%load_ext jupyterlab_rsp_api'
    );
    expect(await page.notebook.getCellTextInput(1)).toMatch(
      /^%%adql --service tap\nSELECT TOP 10 \*\nFROM $/
    );

    // Type a query with a column half written, and complete it with Tab.
    await page.notebook.setCell(
      1,
      'code',
      '%%adql --service tap\nSELECT TOP 5 objectId, coord_\nFROM dp02_dc2_catalogs.Object'
    );
    await page.notebook.enterCellEditingMode(1);
    const editor = page.locator('.jp-Cell').nth(1).locator('.cm-content');
    await expect(editor).toHaveAttribute('data-rsp-api-adql', 'true');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Tab');
    const completer = page.locator('.jp-Completer');
    await expect(completer.locator('.jp-Completer-item').first()).toBeVisible({
      timeout: 30000
    });
    await expect(completer).toContainText(/coord_ra/i);
    await expect(completer).toContainText(/coord_dec/i);
    // The documentation panel shows the column's type and unit.
    await expect(page.locator('.jp-Completer-docpanel')).toContainText('deg');
    if (shots) {
      await page.screenshot({ path: path.join(shots, 'adql-completion.png') });
    }
    await page.keyboard.press('Enter');
    await expect(completer).toBeHidden();
    expect(await page.notebook.getCellTextInput(1)).toMatch(
      /objectId, coord_(ra|dec)\n/i
    );

    // A typo is flagged in place...
    // (Reading the cell selected its text: put the cursor back at the line's end.)
    await page.notebook.enterCellEditingMode(1);
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.type('x');
    const error = page
      .locator('.jp-Cell')
      .nth(1)
      .locator('.cm-lintRange-error');
    await expect(error).toHaveCount(1, { timeout: 30000 });
    await error.hover();
    await expect(page.locator('.cm-tooltip-lint')).toContainText(/no column/i);
    if (shots) {
      await page.screenshot({ path: path.join(shots, 'adql-diagnostic.png') });
    }
    // ...and fixed.
    await page.keyboard.press('Backspace');
    await expect(error).toHaveCount(0, { timeout: 30000 });

    await page.notebook.runCell(0);
    await page.notebook.runCell(1);
    const output = page
      .locator('.jp-Cell')
      .nth(1)
      .locator('.jp-Cell-outputArea');
    await expect(output).toContainText('Table length=5', { timeout: 60000 });
  });

  test('quotes a reserved word with one click and formats the query', async ({
    page
  }) => {
    await page.notebook.createNew('format.ipynb');
    await page.notebook.setCell(
      0,
      'code',
      '%%adql\nselect top 3 objectId, size from dp02_dc2_catalogs.Object where objectId > 0'
    );
    await page.notebook.enterCellEditingMode(0);
    const warning = page.locator('.cm-lintRange-warning');
    // size is no column of Object either: the same range is also an error.
    await expect(warning.or(page.locator('.cm-lintRange-error'))).toHaveCount(
      1,
      {
        timeout: 30000
      }
    );
    await page.locator('.cm-lintRange').first().hover();
    await page
      .locator('.cm-tooltip-lint')
      .getByRole('button', { name: /Quote size/ })
      .click();
    await expect(page.locator('.cm-lintRange-warning')).toHaveCount(0, {
      timeout: 30000
    });
    await runCommand(page, 'rsp-api:format-adql');
    expect(await page.notebook.getCellTextInput(0)).toBe(
      [
        '%%adql',
        'SELECT TOP 3 objectId, "size"',
        'FROM dp02_dc2_catalogs.Object',
        'WHERE objectId > 0'
      ].join('\n')
    );
  });

  test('a hand-typed %%adql cell runs in a fresh kernel without %load_ext', async ({
    page
  }) => {
    await page.notebook.createNew('typed.ipynb');
    await page.notebook.setCell(
      0,
      'code',
      '%%adql -o typed\nSELECT TOP 3 objectId FROM dp02_dc2_catalogs.Object'
    );
    await page.notebook.runCell(0, true);
    const output = page.locator('.jp-OutputArea-output').first();
    await expect(output).toContainText('Table length=3', { timeout: 120000 });
    await expect(page.locator('.jp-OutputArea-output')).not.toContainText(
      'not found'
    );
    // The one-line form too, in a cell after it.
    await page.notebook.addCell(
      'code',
      '%adql -o again SELECT TOP 2 objectId FROM dp02_dc2_catalogs.Object'
    );
    await page.notebook.runCell(1, true);
    await expect(page.locator('.jp-OutputArea-output').nth(1)).toContainText(
      'Table length=2',
      { timeout: 120000 }
    );
  });
});
