/**
 * Galata in Debian's Chromium: browser downloads are impossible here, so the system browser is used.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const LAB_PORT = process.env.RSP_API_TEST_LAB_PORT || '8899';

module.exports = {
  ...baseConfig,
  timeout: 120 * 1000,
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ['list'],
    ['html', { open: 'never' }],
    // Read by scripts/summarize_tests.py for the closing line of `make test`.
    [
      'json',
      {
        outputFile: `${process.env.RSP_API_TEST_RESULTS || 'test-results'}/playwright.json`
      }
    ]
  ],
  use: {
    ...baseConfig.use,
    baseURL: `http://localhost:${LAB_PORT}`,
    launchOptions: {
      executablePath: process.env.RSP_API_CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // WebGL2 for Aladin Lite without a GPU.
        '--enable-unsafe-swiftshader',
        '--use-angle=swiftshader'
      ]
    },
    trace: 'retain-on-failure',
    video: 'off'
  },
  webServer: {
    command: 'npm start',
    url: `http://localhost:${LAB_PORT}/lab`,
    timeout: 180 * 1000,
    reuseExistingServer: !process.env.CI
  }
};
