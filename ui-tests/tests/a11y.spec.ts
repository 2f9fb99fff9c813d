import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import * as path from 'path';

import { runCommand, startJob } from './commands';

/**
 * axe-core over every view of the extension, in both themes: no serious or critical violation
 * of WCAG 2.1 A/AA (text contrast included). Only our own nodes are scanned: JupyterLab's shell
 * is not ours to judge here.
 */
const SIDEBAR = '#jp-RspApi-sidebar';
const FIXTURES = path.resolve(__dirname, '../../src/vo/__tests__/fixtures');
const THEMES = ['JupyterLab Light', 'JupyterLab Dark'];

async function setTheme(page: Page, theme: string): Promise<void> {
  await page.evaluate(async name => {
    await window.jupyterapp.commands.execute('apputils:change-theme', {
      theme: name
    });
  }, theme);
  await expect(page.locator('body')).toHaveAttribute(
    'data-jp-theme-name',
    theme
  );
  // The theme's stylesheet replaces the old one after the attribute is set.
  await page.waitForTimeout(500);
}

async function expectAccessible(
  page: Page,
  selector: string,
  what: string
): Promise<void> {
  const results = await new AxeBuilder({ page })
    .include(selector)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations.filter(
    v => v.impact === 'serious' || v.impact === 'critical'
  );
  const report = serious.map(
    v =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes
        .slice(0, 5)
        .map(n => `  ${n.target.join(' ')}: ${n.failureSummary ?? ''}`)
        .join('\n')
  );
  expect(report, `${what}: axe violations`).toEqual([]);
}

for (const theme of THEMES) {
  test.describe(`Accessibility, ${theme}`, () => {
    test.beforeEach(async ({ page }) => {
      await setTheme(page, theme);
    });

    test('the sidebar: services, TAP browser and tree', async ({ page }) => {
      await page.sidebar.openTab('jp-RspApi-sidebar');
      const panel = page.locator(SIDEBAR);
      await expect(
        panel.locator('.jp-RspApi-ServiceItem[data-service-id="tap"]')
      ).toHaveAttribute('data-state', 'available', { timeout: 60000 });
      await panel.getByLabel('TAP service').selectOption('tap');
      await expect(panel.getByRole('tree')).toBeVisible({ timeout: 60000 });
      await expectAccessible(page, SIDEBAR, 'sidebar');
    });

    test('a table panel: details, columns and a preview', async ({ page }) => {
      await runCommand(page, 'rsp-api:open-table', {
        args: { serviceId: 'tap', table: 'dp02_dc2_catalogs.Object' }
      });
      const panel = page.locator('[data-testid="rsp-api-table-panel"]').last();
      await expect(panel).toContainText(/\d{3} columns/, { timeout: 60000 });
      await expectAccessible(
        page,
        '[data-testid="rsp-api-table-panel"]',
        'columns'
      );
      await panel.getByRole('button', { name: 'Preview' }).click();
      await expect(panel.locator('.jp-RspApi-ResultCounts')).toHaveText(
        '20 rows shown of 20 returned',
        { timeout: 60000 }
      );
      await expectAccessible(
        page,
        '[data-testid="rsp-api-table-panel"]',
        'preview'
      );
    });

    test('the jobs panel, with finished jobs', async ({ page }) => {
      await startJob(
        page,
        'SELECT TOP 3 objectId FROM dp02_dc2_catalogs.Object'
      );
      await page.sidebar.openTab('jp-RspApi-jobs');
      const jobs = page.locator('#jp-RspApi-jobs');
      await jobs.getByLabel('Service of the jobs').selectOption('tap');
      await expect(jobs.locator('.jp-RspApi-Job').first()).toContainText(
        'COMPLETED',
        { timeout: 60000 }
      );
      await expectAccessible(page, '#jp-RspApi-jobs', 'jobs panel');
    });

    test('the FITS image viewer', async ({ page }) => {
      const folder = await page.filebrowser.getCurrentDirectory();
      await page.contents.uploadFile(
        path.join(FIXTURES, 'demo-cutout.fits'),
        `${folder}/demo-cutout.fits`
      );
      await page.filebrowser.refresh();
      await page.filebrowser.open('demo-cutout.fits');
      const view = page.locator('.jp-RspApi-FitsView').last();
      await expect(view.locator('.jp-RspApi-ViewerStatus')).toContainText(
        '74 × 74',
        { timeout: 30000 }
      );
      await expectAccessible(page, '.jp-RspApi-FitsView', 'FITS viewer');
    });

    test('the sky viewer', async ({ page }) => {
      await runCommand(page, 'rsp-api:open-sky');
      const sky = page.locator('.jp-RspApi-SkyView').last();
      await expect(
        sky.locator('.jp-RspApi-SkyStage canvas').first()
      ).toBeVisible({ timeout: 60000 });
      await expectAccessible(page, '.jp-RspApi-SkyView', 'sky viewer');
    });
  });
}
