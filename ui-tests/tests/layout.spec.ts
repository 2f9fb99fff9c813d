import { expect, test } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';
import * as path from 'path';

import { runCommand, startJob } from './commands';

/**
 * The layout a scientist works in, in a 1440×900 window: the tree at the sidebar's full height,
 * tables in main-area panels side by side (and back after a reload), the async jobs in a side
 * panel of their own; in the light and dark themes. The screenshots go to docs/screenshots
 * (or to RSP_API_SCREENSHOTS).
 */
const shots =
  process.env.RSP_API_SCREENSHOTS ??
  path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

const SIDEBAR = '#jp-RspApi-sidebar';
const JOBS_PANEL = '#jp-RspApi-jobs';
const TABLE_PANEL = '[data-testid="rsp-api-table-panel"]';
const OBJECT = 'dp02_dc2_catalogs.Object';
const CCDVISIT = 'dp02_dc2_catalogs.CcdVisit';

test.use({ viewport: { width: 1440, height: 900 } });

/** A table's panel, by the table's name (services differ in its case). */
function tablePanel(page: Page, table: string): Locator {
  return page.locator(`${TABLE_PANEL}[data-table="${table}" i]`);
}

/** Toasts (a job that ended) would cover part of a screenshot. */
async function dismissNotifications(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const command = 'apputils:dismiss-notification';
    if (window.jupyterapp.commands.hasCommand(command)) {
      await window.jupyterapp.commands.execute(command);
    }
  });
}

async function setTheme(page: Page, theme: string): Promise<void> {
  await runCommand(page, 'apputils:change-theme', { args: { theme } });
  await expect(page.locator('body')).toHaveAttribute(
    'data-jp-theme-name',
    theme,
    { timeout: 30000 }
  );
  // Let the new theme's variables reach every widget before a screenshot.
  await page.waitForTimeout(500);
  await dismissNotifications(page);
}

/** The two panels are both in sight, the second to the right of the first. */
async function expectSideBySide(page: Page): Promise<void> {
  const object = tablePanel(page, OBJECT);
  const ccdvisit = tablePanel(page, CCDVISIT);
  await expect(object).toBeVisible({ timeout: 60000 });
  await expect(ccdvisit).toBeVisible({ timeout: 60000 });
  const left = await object.boundingBox();
  const right = await ccdvisit.boundingBox();
  expect(left && right && right.x >= left.x + left.width - 1).toBe(true);
}

test.describe('layout', () => {
  test('two table panels side by side, restored after a reload, and the jobs panel, in both themes', async ({
    page
  }) => {
    await startJob(
      page,
      'SELECT TOP 7 objectId, coord_ra, coord_dec FROM dp02_dc2_catalogs.Object'
    );
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const sidebar = page.locator(SIDEBAR);
    await sidebar.getByLabel('TAP service').selectOption('tap');
    const tree = sidebar.getByRole('tree', {
      name: 'Schemas, tables and columns'
    });
    await expect(
      tree.getByRole('treeitem', { name: /^dp02_dc2_catalogs$/i })
    ).toBeVisible({ timeout: 60000 });
    await expect(sidebar.locator('.jp-RspApi-Counts')).toContainText(
      /tables, [\d,]+ columns read/
    );
    await tree.getByRole('treeitem', { name: /^dp02_dc2_catalogs$/i }).click();
    await tree.press('ArrowRight');

    // The tree has most of the sidebar's height, not a box of a few rows.
    const treeBox = await tree.boundingBox();
    expect(treeBox?.height ?? 0).toBeGreaterThanOrEqual(300);

    // One panel from the tree, one from the command, to the side of the first.
    await tree.getByRole('treeitem', { name: /^object$/i }).click();
    await runCommand(page, 'rsp-api:open-table', {
      args: { serviceId: 'tap', table: CCDVISIT, mode: 'split-right' }
    });
    await expect(page.locator(TABLE_PANEL)).toHaveCount(2);
    const object = page.getByLabel(/^Details of dp02_dc2_catalogs\.object$/i);
    await expect(object).toContainText(/\d{3} columns/);
    await object.getByRole('button', { name: 'Preview' }).click();
    await expect(object.locator('.jp-RspApi-ResultCounts')).toHaveText(
      '20 rows shown of 20 returned',
      { timeout: 60000 }
    );
    const ccdvisit = page.getByLabel(
      /^Details of dp02_dc2_catalogs\.ccdvisit$/i
    );
    await expect(ccdvisit.getByRole('tab', { name: /^Columns/ })).toHaveText(
      /Columns \(\d+\)/
    );

    // Opening the same table again brings its panel forward, it does not add one.
    await runCommand(page, 'rsp-api:open-table', {
      args: { serviceId: 'tap', table: CCDVISIT }
    });
    await expect(page.locator(TABLE_PANEL)).toHaveCount(2);

    await page.sidebar.openTab('jp-RspApi-jobs');
    const jobs = page.locator(JOBS_PANEL);
    await jobs.getByLabel('Service of the jobs').selectOption('tap');
    await expect(jobs.locator('.jp-RspApi-Job').first()).toBeVisible({
      timeout: 60000
    });
    await expect(page.locator(SIDEBAR)).toBeVisible();

    // Panels remember where they were: the layout restorer puts them back after a reload.
    await page.waitForTimeout(1500);
    // No Launcher is active after the reload (the panels are): galata's readiness wait expects one.
    await page.reload({ waitForIsReady: false });
    await expect(page.locator(TABLE_PANEL)).toHaveCount(2, { timeout: 60000 });
    await expectSideBySide(page);
    const objectAgain = tablePanel(page, OBJECT);
    // The preview that was shown is read again, in its tab.
    await expect(objectAgain.locator('.jp-RspApi-ResultCounts')).toHaveText(
      '20 rows shown of 20 returned',
      { timeout: 60000 }
    );
    // The jobs panel and the sidebar are open again too.
    await expect(page.locator(JOBS_PANEL)).toBeVisible({ timeout: 30000 });
    await expect(page.locator(SIDEBAR)).toBeVisible();
    await expect(
      page.locator(JOBS_PANEL).locator('.jp-RspApi-Job').first()
    ).toBeVisible({ timeout: 60000 });
    await expect(
      page
        .locator(SIDEBAR)
        .getByRole('treeitem', { name: /^dp02_dc2_catalogs$/i })
    ).toBeVisible({ timeout: 60000 });

    await setTheme(page, 'JupyterLab Light');
    await page.screenshot({ path: path.join(shots, 'layout-light.png') });
    await objectAgain.screenshot({
      path: path.join(shots, 'table-panel-light.png')
    });
    await page
      .locator(JOBS_PANEL)
      .screenshot({ path: path.join(shots, 'jobs-panel-light.png') });

    await setTheme(page, 'JupyterLab Dark');
    await page.screenshot({ path: path.join(shots, 'layout-dark.png') });
    await objectAgain.screenshot({
      path: path.join(shots, 'table-panel-dark.png')
    });
    await page
      .locator(JOBS_PANEL)
      .screenshot({ path: path.join(shots, 'jobs-panel-dark.png') });
    // The phase chips are the panel's own text colour in the dark theme too (WCAG AA).
    const chip = page.locator(JOBS_PANEL).locator('.jp-RspApi-Phase').first();
    const colours = await chip.evaluate(element => {
      const style = getComputedStyle(element);
      const panel = getComputedStyle(
        element.closest('.jp-RspApi-JobsPanel') as Element
      );
      return { chip: style.color, panel: panel.color };
    });
    expect(colours.chip).toBe(colours.panel);

    await setTheme(page, 'JupyterLab Light');
    await expectSideBySide(page);
  });
});
