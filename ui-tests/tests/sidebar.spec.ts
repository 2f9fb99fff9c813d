import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

const SIDEBAR = '#jp-RspApi-sidebar';
const shots = process.env.RSP_API_SCREENSHOTS;

test.describe('RSP API sidebar', () => {
  test('lists the demo platform services as available', async ({ page }) => {
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    await expect(panel).toBeVisible();

    // The demo platform's discovery document announces these; each answers its availability
    // check through the proxy with the token.
    for (const id of ['tap', 'sia', 'cutout', 'datalink', 'hips']) {
      const item = panel
        .locator(`.jp-RspApi-ServiceItem[data-service-id^="${id}"]`)
        .first();
      await expect(item).toHaveAttribute('data-state', 'available', {
        timeout: 60000
      });
    }
    await expect(panel.locator('.jp-RspApi-TokenLine')).toHaveAttribute(
      'data-token',
      'available'
    );
    await expect(panel).toContainText('Rubin Science Platform services');
    if (shots) {
      await panel.screenshot({
        path: path.join(shots, 'sidebar-services.png')
      });
      await page.screenshot({ path: path.join(shots, 'lab-sidebar.png') });
    }
  });

  test('shows failures clearly and can check again', async ({ page }) => {
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    const offline = panel.locator(
      '.jp-RspApi-ServiceItem[data-service-id="offline"]'
    );
    await expect(offline).toHaveAttribute('data-state', 'unreachable', {
      timeout: 60000
    });
    await expect(
      offline.locator('.jp-RspApi-ServiceItem-note')
    ).not.toBeEmpty();

    const missing = panel.locator(
      '.jp-RspApi-ServiceItem[data-service-id="missing"]'
    );
    await expect(missing).toHaveAttribute('data-state', /error|unavailable/, {
      timeout: 60000
    });

    // The UI stays usable: checking again works from the keyboard.
    if (shots) {
      await panel.screenshot({
        path: path.join(shots, 'sidebar-failures.png')
      });
    }
    const again = offline.getByRole('button', {
      name: /Check Offline service again/
    });
    await again.focus();
    await page.keyboard.press('Enter');
    await expect(offline).toHaveAttribute('data-state', 'unreachable', {
      timeout: 60000
    });
  });

  test('is reachable from the command palette', async ({ page }) => {
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('rsp-api:open-sidebar');
    });
    await expect(page.locator(SIDEBAR)).toBeVisible();
  });

  test('follows the dark theme', async ({ page }) => {
    await page.theme.setDarkTheme();
    await page.sidebar.openTab('jp-RspApi-sidebar');
    const panel = page.locator(SIDEBAR);
    const tap = panel.locator('.jp-RspApi-ServiceItem[data-service-id="tap"]');
    await expect(tap).toHaveAttribute('data-state', 'available', {
      timeout: 60000
    });
    // Theme variables, not fixed colours: the panel turns dark with the lab.
    const background = await panel.evaluate(
      node => getComputedStyle(node).backgroundColor
    );
    const channels = background.match(/\d+/g)?.slice(0, 3).map(Number) ?? [
      255, 255, 255
    ];
    expect(Math.max(...channels)).toBeLessThan(100);
    if (shots) {
      await page.screenshot({ path: path.join(shots, 'dark-theme.png') });
    }
    await page.theme.setLightTheme();
  });
});
