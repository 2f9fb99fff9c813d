import { expect, test } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';
import * as path from 'path';

import { runCommand } from './commands';

const SIDEBAR = '#jp-RspApi-sidebar';
const FIXTURES = path.resolve(__dirname, '../../src/vo/__tests__/fixtures');
const shots = process.env.RSP_API_SCREENSHOTS;

/** How many canvas pixels are drawn and how many distinct grey levels they hold. */
async function drawn(
  canvas: Locator
): Promise<{ opaque: number; levels: number }> {
  return canvas.evaluate((element: HTMLCanvasElement) => {
    const context = element.getContext('2d');
    if (!context || element.width === 0) {
      return { opaque: 0, levels: 0 };
    }
    const data = context.getImageData(0, 0, element.width, element.height).data;
    let opaque = 0;
    const levels = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0) {
        opaque++;
        levels.add(data[i]);
      }
    }
    return { opaque, levels: levels.size };
  });
}

async function openFile(page: Page, name: string): Promise<Locator> {
  const folder = await page.filebrowser.getCurrentDirectory();
  await page.contents.uploadFile(
    path.join(FIXTURES, name),
    `${folder}/${name}`
  );
  await page.filebrowser.refresh();
  await page.filebrowser.open(name);
  const view = page.locator('.jp-RspApi-FitsView').last();
  await expect(view.locator('.jp-RspApi-ViewerStatus')).toContainText(
    '74 × 74',
    { timeout: 30000 }
  );
  return view;
}

test.describe('Sky viewer', () => {
  test('opens FITS files from the file browser, offline, with their header', async ({
    page
  }) => {
    for (const name of ['demo-cutout.fits', 'demo-cutout.fits.gz']) {
      const view = await openFile(page, name);
      const pixels = await drawn(view.locator('canvas'));
      expect(pixels.opaque).toBe(74 * 74);
      expect(pixels.levels).toBeGreaterThan(50);
      await view.locator('summary', { hasText: 'FITS header' }).click();
      await expect(view.locator('.jp-RspApi-ViewerHeader')).toContainText(
        "CTYPE1  = 'RA---TAN'"
      );
      // The cursor reads the pixel value and the sky position.
      await view.locator('canvas').hover();
      await expect(view.locator('.jp-RspApi-ViewerStatus')).toContainText(
        /x \d+, y \d+: .* · 03:4\d:\d\d\.\d+ -32:1\d:\d\d/
      );
      // A different stretch draws differently.
      const before = await drawn(view.locator('canvas'));
      await view.getByLabel('Colours').selectOption('viridis');
      await view.getByLabel('Stretch').selectOption('log');
      expect(await drawn(view.locator('canvas'))).not.toEqual(before);
    }
  });

  test('a broken file says what is wrong', async ({ page }) => {
    const folder = await page.filebrowser.getCurrentDirectory();
    await page.contents.uploadContent(
      'SIMPLE  =                    T'.padEnd(80) +
        'BITPIX  =                  -32',
      'text',
      `${folder}/broken.fits`
    );
    await page.filebrowser.refresh();
    await page.filebrowser.open('broken.fits');
    await expect(
      page.locator('.jp-RspApi-FitsView').getByRole('alert')
    ).toContainText('cut short');
  });

  test('cuts out an image of an ObsCore row through DataLink and SODA, and saves it', async ({
    page
  }) => {
    await page.notebook.createNew('cutout.ipynb');
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByLabel('TAP service').selectOption('tap');
    await panel
      .getByLabel('Filter schemas, tables and columns')
      .fill('obscore');
    const tree = panel.getByRole('tree', {
      name: 'Schemas, tables and columns'
    });
    await tree
      .getByRole('treeitem', { name: /^obscore$/i })
      .click({ timeout: 60000 });
    const details = page.getByLabel(/^Details of ivoa\.obscore$/i);
    await details.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByLabel(/^Preview of ivoa\.obscore$/i);
    await preview
      .getByRole('button', { name: 'view', exact: true })
      .first()
      .click({ timeout: 60000 });

    const view = page.locator('.jp-RspApi-FitsView').last();
    await expect(view.locator('.jp-RspApi-ViewerStatus')).toContainText(
      'BITPIX -32',
      {
        timeout: 60000
      }
    );
    const pixels = await drawn(view.locator('canvas'));
    expect(pixels.opaque).toBeGreaterThan(1000);
    expect(pixels.levels).toBeGreaterThan(50);
    if (shots) {
      await page.screenshot({ path: path.join(shots, 'viewer-cutout.png') });
    }
    await page
      .locator('#jp-main-dock-panel')
      .getByRole('button', { name: 'Save as FITS' })
      .click();
    const folder = await page.filebrowser.getCurrentDirectory();
    await expect
      .poll(
        async () => {
          const listing = await page.request.get(
            `/api/contents/${encodeURIComponent(folder).replace(/%2F/g, '/')}?content=1`
          );
          const names = ((await listing.json()).content ?? []).map(
            (item: { name: string }) => item.name
          );
          return names.filter((n: string) => n.endsWith('_cutout.fits'));
        },
        { timeout: 30000 }
      )
      .toHaveLength(1);

    // The code that reproduces it runs in the kernel and writes the same cutout.
    await page
      .locator('#jp-main-dock-panel')
      .getByRole('button', { name: 'Insert code' })
      .click();
    await page.notebook.activate('cutout.ipynb');
    expect(await page.notebook.getCellTextInput(0)).toContain(
      'SodaQuery.from_resource('
    );
    await page.notebook.runCell(0);
    const output = page
      .locator('.jp-Cell')
      .first()
      .locator('.jp-Cell-outputArea');
    await expect(output).toContainText('PrimaryHDU', { timeout: 60000 });
    await expect(output).toContainText('float32');
    await expect(output).not.toContainText('Error');
  });

  test('shows the demo HiPS through the proxy, goes to a position, reads the cursor and overlays preview rows', async ({
    page
  }) => {
    const requests: string[] = [];
    page.on('request', request => requests.push(request.url()));
    await runCommand(page, 'rsp-api:open-sky');
    const sky = page.locator('.jp-RspApi-SkyView').last();
    await expect(sky.getByLabel('HiPS survey')).toHaveValue(/band_g/, {
      timeout: 60000
    });
    const stage = sky.locator('.jp-RspApi-SkyStage');
    await expect(stage.locator('canvas').first()).toBeVisible({
      timeout: 60000
    });
    // Tiles arrive through the proxy; a drawn starfield does not compress to nothing.
    await expect
      .poll(
        () =>
          requests.filter(u => u.includes('/jupyterlab-rsp-api/proxy/hips/'))
            .length,
        {
          timeout: 60000
        }
      )
      .toBeGreaterThan(3);
    await expect
      .poll(async () => (await stage.screenshot()).length, { timeout: 60000 })
      .toBeGreaterThan(30000);
    const outside = requests.filter(
      u =>
        !u.startsWith('http://localhost') &&
        !u.startsWith('data:') &&
        !u.startsWith('blob:')
    );
    expect(outside).toEqual([]);

    await sky.getByLabel('Go to position').fill('03:43:00 -32:13:00');
    await sky.getByRole('button', { name: 'Go' }).click();
    await stage.hover();
    await expect(sky.locator('.jp-RspApi-ViewerStatus')).toContainText(
      /03:4\d:\d\d/
    );
    await sky.getByLabel('Go to position').fill('not a place');
    await sky.getByRole('button', { name: 'Go' }).click();
    await expect(sky.getByRole('alert')).toContainText('is not a sky position');

    // The first rows of Object, found by their UCDs, drawn as a catalog layer over the survey.
    await sky.getByLabel('Go to position').fill('55.832 -32.142');
    await sky.getByRole('button', { name: 'Go' }).click();
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByLabel('TAP service').selectOption('tap');
    await panel.getByLabel('Filter schemas, tables and columns').fill('object');
    const tree = panel.getByRole('tree', {
      name: 'Schemas, tables and columns'
    });
    await tree
      .getByRole('treeitem', { name: /^object$/i })
      .click({ timeout: 60000 });
    await page
      .getByLabel(/^Details of dp02_dc2_catalogs\.object$/i)
      .getByRole('button', { name: 'Preview' })
      .click();
    const preview = page.getByLabel(/^Preview of dp02_dc2_catalogs\.object$/i);
    await preview
      .getByRole('button', { name: 'on the sky' })
      .click({ timeout: 60000 });
    // Rows come in no fixed order: centre the view on the first one, so it is in sight.
    const first = preview.locator('tbody tr').first().locator('td');
    const objectId = (await first.nth(0).textContent()) ?? '';
    const ra = (await first.nth(1).textContent()) ?? '';
    const dec = (await first.nth(2).textContent()) ?? '';
    await page.locator('.lm-TabBar-tab', { hasText: 'Sky' }).click();
    await sky.getByLabel('Go to position').fill(`${ra} ${dec}`);
    await sky.getByRole('button', { name: 'Go' }).click();
    const catalog = sky.locator('canvas.aladin-catalogCanvas');
    await expect
      .poll(
        () =>
          catalog.evaluate((element: HTMLCanvasElement) => {
            const data = element
              .getContext('2d')
              ?.getImageData(0, 0, element.width, element.height).data;
            let drawn = 0;
            for (let i = 3; data && i < data.length; i += 4) {
              drawn += data[i] > 0 ? 1 : 0;
            }
            return drawn;
          }),
        { timeout: 30000 }
      )
      .toBeGreaterThan(100);
    if (shots) {
      await page.screenshot({ path: path.join(shots, 'viewer-sky.png') });
    }
    // Click the source at the centre: its row is shown.
    const box = await stage.boundingBox();
    if (box) {
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    }
    await expect(sky).toContainText(objectId, { timeout: 10000 });

    // Cut out the image under the centre: SIAv2 finds it, DataLink and SODA cut it.
    await page.locator('.lm-TabBar-tab', { hasText: 'Sky' }).click();
    await sky.getByLabel('Go to position').fill('55.748 -32.213');
    await sky.getByRole('button', { name: 'Go' }).click();
    await sky.getByLabel('Cutout radius (arcsec)').fill('20');
    await sky.getByRole('button', { name: 'Cut out here' }).click();
    const cutout = page.locator('.jp-RspApi-FitsView').last();
    await expect(cutout.locator('.jp-RspApi-ViewerStatus')).toContainText(
      /\d+ × \d+, BITPIX -32/,
      { timeout: 60000 }
    );
    // Aladin Lite fetches the same cutout through the proxy to lay it over the survey.
    await expect
      .poll(
        () =>
          requests.filter(u => u.includes('/jupyterlab-rsp-api/proxy/cutout/'))
            .length,
        {
          timeout: 30000
        }
      )
      .toBeGreaterThanOrEqual(2);
    if (shots) {
      await page.locator('.lm-TabBar-tab', { hasText: 'Sky' }).click();
      await page.waitForTimeout(2000);
      await page.screenshot({
        path: path.join(shots, 'viewer-sky-cutout.png')
      });
    }
    expect(
      requests.filter(
        u =>
          !u.startsWith('http://localhost') &&
          !u.startsWith('data:') &&
          !u.startsWith('blob:')
      )
    ).toEqual([]);
  });
});

test.describe('Sky viewer from the sidebar', () => {
  test('opens from the sidebar toolbar and changes survey', async ({
    page
  }) => {
    await page.sidebar.openTab('jp-RspApi-sidebar');
    await page
      .locator(SIDEBAR)
      .getByRole('button', { name: /Open the sky viewer/ })
      .click();
    const sky = page.locator('.jp-RspApi-SkyView').last();
    await expect(sky.getByLabel('HiPS survey')).toHaveValue(/band_g/, {
      timeout: 60000
    });
    await sky.getByLabel('HiPS survey').selectOption({ index: 1 });
    await expect(sky.getByLabel('HiPS survey')).toHaveValue(/band_r/);
    await expect(sky.getByRole('alert')).toHaveCount(0);
  });
});

test.describe('Sky viewer across reloads', () => {
  // The workspace (the open tabs) is kept, as in a user's reload.
  test.use({ resetWorkspace: false });

  test('comes back after a reload with its survey and position', async ({
    page
  }) => {
    await runCommand(page, 'rsp-api:open-sky');
    const sky = page.locator('.jp-RspApi-SkyView').last();
    await expect(sky.getByLabel('HiPS survey')).toHaveValue(/band_g/, {
      timeout: 60000
    });
    await sky.getByLabel('HiPS survey').selectOption({ index: 1 });
    const survey = await sky.getByLabel('HiPS survey').inputValue();
    await sky.getByLabel('Go to position').fill('55.9 -32.05');
    await sky.getByRole('button', { name: 'Go' }).click();
    await page.waitForTimeout(3000); // the view's state and the layout are saved after a pause
    // A plain reload: Galata's own waits for the Launcher, which a restored layout does not show.
    await page.evaluate(() => window.location.reload());
    const again = page.locator('.jp-RspApi-SkyView').last();
    await expect(again.getByLabel('HiPS survey')).toHaveValue(survey, {
      timeout: 60000
    });
    await again.locator('.jp-RspApi-SkyStage').hover();
    await expect(again.locator('.jp-RspApi-ViewerStatus')).toContainText(
      /03:43:\d\d\.\d+ -32:0\d:/
    );
  });
});
