/**
 * A result's rows on the sky, in the dark theme: the view comes to rows out of sight, a clicked
 * source's row is in the lab's colours with its title and ids whole, and the cutout radius says
 * its unit.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as path from 'path';

import { runCommand } from './commands';

const SIDEBAR = '#jp-RspApi-sidebar';
const shots = process.env.RSP_API_SCREENSHOTS;

/** WCAG contrast of an element's text against its own (opaque) background. */
async function contrast(
  element: Locator,
  background: Locator
): Promise<number> {
  const fg = await element.evaluate(e => getComputedStyle(e).color);
  const bg = await background.evaluate(
    e => getComputedStyle(e).backgroundColor
  );
  const parse = (css: string): number[] =>
    (css.match(/[\d.]+/g) ?? []).map(Number).concat([1]).slice(0, 4);
  const [br, bgG, bb] = parse(bg);
  const [fr, fgG, fb, fa] = parse(fg);
  // Text with alpha (JupyterLab's font colours) is seen blended over the background.
  const blend = (f: number, b: number): number => f * fa + b * (1 - fa);
  const luminance = (r: number, g: number, b: number): number => {
    const [R, G, B] = [r, g, b].map(v => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const l1 = luminance(blend(fr, br), blend(fgG, bgG), blend(fb, bb));
  const l2 = luminance(br, bgG, bb);
  return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
}

/** Where the catalog layer drew its first source, in CSS pixels of the canvas, or null. */
function firstDrawnSpot(
  catalog: Locator
): Promise<{ x: number; y: number } | null> {
  return catalog.evaluate((element: HTMLCanvasElement) => {
    const data = element
      .getContext('2d')
      ?.getImageData(0, 0, element.width, element.height).data;
    const scale = element.width / element.clientWidth;
    for (let i = 3; data && i < data.length; i += 4) {
      if (data[i] > 0) {
        const pixel = (i - 3) / 4;
        // A source is drawn as a small shape from this, its top-left pixel: aim inside it.
        return {
          x: (pixel % element.width) / scale + 4,
          y: Math.floor(pixel / element.width) / scale + 4
        };
      }
    }
    return null;
  });
}

test.describe('rows on the sky, dark theme', () => {
  test.afterEach(async ({ page }) => {
    await page.theme.setLightTheme();
  });

  test('the view comes to the rows, a row reads whole in the lab colours, the radius has its unit', async ({
    page
  }) => {
    await page.theme.setDarkTheme();
    await runCommand(page, 'rsp-api:open-sky');
    const sky = page.locator('.jp-RspApi-SkyView').last();
    const stage = sky.locator('.jp-RspApi-SkyStage');
    await expect(stage.locator('canvas').first()).toBeVisible({
      timeout: 60000
    });
    const radius = sky.locator('.jp-RspApi-RadiusLabel');
    await expect(radius).toBeVisible();
    await expect(radius).toContainText('Radius');
    await expect(radius).toContainText('arcsec');

    // Look far from the demo's fields, then send a preview's rows.
    await sky.getByLabel('Go to position').fill('10 10');
    await sky.getByRole('button', { name: 'Go' }).click();
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await panel.getByLabel('TAP service').selectOption('tap');
    await panel.getByLabel('Filter schemas, tables and columns').fill('object');
    await panel
      .getByRole('tree', { name: 'Schemas, tables and columns' })
      .getByRole('treeitem', { name: /^object$/i })
      .click({ timeout: 60000 });
    // The table's details and preview are in its main-area panel.
    await page
      .getByLabel(/^Details of dp02_dc2_catalogs\.object$/i)
      .getByRole('button', { name: 'Preview' })
      .click();
    const preview = page.getByLabel(/^Preview of dp02_dc2_catalogs\.object$/i);
    await preview
      .getByRole('button', { name: 'on the sky' })
      .click({ timeout: 60000 });
    await page.locator('.lm-TabBar-tab', { hasText: 'Sky' }).click();
    await expect(sky.getByRole('status').first()).toContainText(
      /The view moved to show all \d+ rows; \d+ were out of sight\./,
      { timeout: 30000 }
    );

    // The rows are drawn where the view now looks: find one and click it.
    const catalog = sky.locator('canvas.aladin-catalogCanvas');
    await expect
      .poll(() => firstDrawnSpot(catalog), { timeout: 30000 })
      .not.toBeNull();
    const spot = await firstDrawnSpot(catalog);
    const box = await catalog.boundingBox();
    if (box && spot) {
      await page.mouse.click(box.x + spot.x, box.y + spot.y);
    }
    const row = sky.getByRole('region', { name: /^Row of / });
    await expect(row).toBeVisible({ timeout: 10000 });

    // The title keeps its underscores, the ids are whole.
    await expect(row.locator('.jp-RspApi-SkyRow-title')).toHaveText(
      /^dp02_dc2_catalogs\.object$/i
    );
    const objectId = row
      .locator('tr')
      .filter({ has: page.locator('th', { hasText: /^objectid$/i }) })
      .locator('td');
    await expect(objectId).toHaveText(/^\d{10,}$/);
    // Every value whole (one look at all of them: Object has over 300 columns).
    const cut = await row
      .locator('td')
      .evaluateAll(cells =>
        cells
          .filter(e => e.scrollWidth > e.clientWidth + 1)
          .map(e => e.textContent)
      );
    expect(cut).toEqual([]);

    // In the dark theme's colours, readable (WCAG AA).
    const lab = await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.style.background = 'var(--jp-layout-color1)';
      document.body.appendChild(probe);
      const colour = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return colour;
    });
    expect(await row.evaluate(e => getComputedStyle(e).backgroundColor)).toBe(
      lab
    );
    expect(await contrast(objectId, row)).toBeGreaterThanOrEqual(4.5);
    expect(
      await contrast(row.locator('th').first(), row)
    ).toBeGreaterThanOrEqual(4.5);
    if (shots) {
      await page.screenshot({
        path: path.join(shots, 'viewer-sky-row-dark.png')
      });
    }

    await row.getByRole('button', { name: 'Close the row' }).click();
    await expect(row).toBeHidden();
  });
});
