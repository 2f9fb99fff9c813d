import { expect, test } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';

const SIDEBAR = '#jp-RspApi-sidebar';

/** The RGBA pixels of a canvas, as a plain array (for comparing two canvases). */
async function pixels(
  canvas: Locator
): Promise<{ width: number; height: number; rgba: number[] }> {
  return canvas.evaluate((element: HTMLCanvasElement) => {
    const context = element.getContext('2d');
    const data = context
      ? Array.from(
          context.getImageData(0, 0, element.width, element.height).data
        )
      : [];
    return { width: element.width, height: element.height, rgba: data };
  });
}

function opaqueAndLevels(rgba: number[]): { opaque: number; levels: number } {
  let opaque = 0;
  const levels = new Set<number>();
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3] > 0) {
      opaque++;
      levels.add(rgba[i]);
    }
  }
  return { opaque, levels: levels.size };
}

async function folderListing(page: Page, folder: string): Promise<string[]> {
  const listing = await page.request.get(
    `/api/contents/${encodeURIComponent(folder).replace(/%2F/g, '/')}?content=1`
  );
  return ((await listing.json()).content ?? []).map(
    (item: { name: string }) => item.name
  );
}

test.describe('FITS images in notebook outputs', () => {
  // The notebook is reloaded in the test: the workspace must survive it.
  test.use({ resetWorkspace: false });

  test('the inserted cutout code shows its cutout inline, the pixels of the file it wrote, also after a reload', async ({
    page
  }) => {
    // A kernel start, a DataLink and SODA round trip, a reload: slow on two shared cores.
    test.setTimeout(300 * 1000);
    await page.notebook.createNew('inline.ipynb');
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByLabel('TAP service').selectOption('tap');
    await panel
      .getByLabel('Filter schemas, tables and columns')
      .fill('obscore');
    await panel
      .getByRole('tree', { name: 'Schemas, tables and columns' })
      .getByRole('treeitem', { name: /^obscore$/i })
      .click({ timeout: 60000 });
    // The table's details open in a main-area panel.
    await page
      .getByLabel(/^Details of ivoa\.obscore$/i)
      .getByRole('button', { name: 'Preview' })
      .click();
    await page
      .getByLabel(/^Preview of ivoa\.obscore$/i)
      .getByRole('button', { name: 'view', exact: true })
      .first()
      .click({ timeout: 60000 });
    const tab = page.locator('.jp-RspApi-FitsView').last();
    await expect(tab.locator('.jp-RspApi-ViewerStatus')).toContainText(
      'BITPIX -32',
      { timeout: 60000 }
    );
    await page
      .locator('#jp-main-dock-panel')
      .getByRole('button', { name: 'Insert code' })
      .click();
    await page.notebook.activate('inline.ipynb');
    const code = (await page.notebook.getCellTextInput(0)) ?? '';
    expect(code.trimEnd().endsWith('\ncutout')).toBe(true);
    const fileName = /cutout = fits\.open\("([^"]+)"\)/.exec(code)?.[1] ?? '';
    expect(fileName).toMatch(/_cutout\.fits$/);

    // No %load_ext: the lab loads the display formatters before a cell that uses fits.
    await page.notebook.runCell(0);
    const output = page.locator('.jp-Cell').first().locator('.jp-OutputArea');
    const inline = output.locator('.jp-RspApi-FitsOutput');
    await expect(inline.locator('.jp-RspApi-ViewerStatus')).toContainText(
      /\d+ × \d+, BITPIX -32/,
      { timeout: 60000 }
    );
    await expect(output).toContainText('Filename:'); // cutout.info() still prints
    const shown = await pixels(inline.locator('canvas'));
    const drawn = opaqueAndLevels(shown.rgba);
    expect(drawn.opaque).toBe(shown.width * shown.height);
    expect(drawn.levels).toBeGreaterThan(50);
    // The cursor reads values and sky positions inline too.
    await inline.locator('canvas').hover();
    await expect(inline.locator('.jp-RspApi-ViewerStatus')).toContainText(
      /x \d+, y \d+: .* · \d\d:\d\d:\d\d\.\d+ [-+]\d\d:/
    );

    // The file the code wrote, opened in the FITS viewer, holds the same pixels.
    const folder = await page.filebrowser.getCurrentDirectory();
    await expect
      .poll(() => folderListing(page, folder), { timeout: 30000 })
      .toContain(fileName);
    // The RSP API sidebar is the open left panel, so the file is opened by its path.
    await page.evaluate(async path => {
      await window.jupyterapp.commands.execute('docmanager:open', { path });
    }, `${folder}/${fileName}`);
    const file = page.locator('.jp-RspApi-FitsView:not(.jp-mod-inline)').last();
    await expect(file.locator('.jp-RspApi-ViewerStatus')).toContainText(
      `${shown.width} × ${shown.height}`,
      { timeout: 30000 }
    );
    expect(await pixels(file.locator('canvas'))).toEqual(shown);

    // The saved notebook carries the FITS and a PNG for frontends without the extension.
    await page.notebook.activate('inline.ipynb');
    await page.notebook.save();
    const saved = await page.request.get(
      `/api/contents/${encodeURIComponent(`${folder}/inline.ipynb`.replace(/^\//, '')).replace(/%2F/g, '/')}?content=1`
    );
    const outputs = (await saved.json()).content.cells[0].outputs as {
      data?: Record<string, unknown>;
    }[];
    const bundle = outputs.find(o => o.data?.['application/fits'])?.data;
    expect(bundle?.['image/png']).toBeTruthy();
    expect(String(bundle?.['text/plain'])).toMatch(/^FITS image \d+ x \d+/);

    // Open in a tab, and Show on the sky, from the output.
    await inline.getByRole('button', { name: 'Open in a tab' }).click();
    await expect(
      page.locator('.lm-TabBar-tab', { hasText: fileName })
    ).toHaveCount(2); // the file, and the output's tab
    // Opening the tab activated it: back to the notebook for the next button.
    await page.notebook.activate('inline.ipynb');
    await inline.getByRole('button', { name: 'Show on the sky' }).click();
    await expect(
      page.locator('.jp-RspApi-SkyView').last().getByLabel('HiPS survey')
    ).toHaveValue(/band_g/, { timeout: 60000 });

    // A reload shows the same image, without running anything.
    await page.evaluate(() => window.location.reload());
    await page.notebook.activate('inline.ipynb');
    const again = page
      .locator('.jp-Cell')
      .first()
      .locator('.jp-RspApi-FitsOutput');
    await expect(again.locator('.jp-RspApi-ViewerStatus')).toContainText(
      `${shown.width} × ${shown.height}`,
      { timeout: 60000 }
    );
    expect(await pixels(again.locator('canvas'))).toEqual(shown);
  });

  test('what cannot be shown says so in the output', async ({ page }) => {
    await page.notebook.createNew('inline-bad.ipynb');
    await page.notebook.setCell(
      0,
      'code',
      [
        'import numpy as np',
        'from astropy.io import fits',
        'fits.BinTableHDU.from_columns([fits.Column(name="flux", format="E", array=np.arange(3))], name="SOURCES")'
      ].join('\n')
    );
    await page.notebook.runCell(0, true);
    const first = page.locator('.jp-Cell').nth(0).locator('.jp-OutputArea');
    await expect(first).toContainText(
      "BinTableHDU 'SOURCES' is a table of 3 rows and 1 columns, not an image",
      { timeout: 60000 }
    );

    await page.notebook.addCell(
      'code',
      'fits.PrimaryHDU(np.arange(50 * 40, dtype="float32").reshape(50, 40))'
    );
    await page.notebook.runCell(1, true);
    const plain = page
      .locator('.jp-Cell')
      .nth(1)
      .locator('.jp-RspApi-FitsOutput');
    await expect(plain.locator('.jp-RspApi-ViewerStatus')).toContainText(
      '40 × 50',
      { timeout: 60000 }
    );
    await expect(plain.locator('.jp-RspApi-OutputNotes')).toContainText(
      'This image has no WCS'
    );
    await expect(
      plain.getByRole('button', { name: 'Show on the sky' })
    ).toBeDisabled();

    // A huge image arrives downsampled, its WCS kept, and says so.
    await page.notebook.addCell(
      'code',
      [
        'big = fits.PrimaryHDU(np.random.default_rng(1).normal(size=(3000, 3000)).astype("float32"))',
        'big.header.update(CTYPE1="RA---TAN", CTYPE2="DEC--TAN", CRPIX1=1500.5, CRPIX2=1500.5, CRVAL1=55.8, CRVAL2=-32.1, CDELT1=-5e-5, CDELT2=5e-5)',
        'big'
      ].join('\n')
    );
    await page.notebook.runCell(2, true);
    const big = page
      .locator('.jp-Cell')
      .nth(2)
      .locator('.jp-RspApi-FitsOutput');
    await expect(big.locator('.jp-RspApi-ViewerStatus')).toContainText(
      '1000 × 1000',
      { timeout: 60000 }
    );
    await expect(big.locator('.jp-RspApi-OutputNotes')).toContainText(
      'shown as the mean of 3 x 3 blocks'
    );
  });
});
