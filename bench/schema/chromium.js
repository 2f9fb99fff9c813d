/**
 * Runs bench/schema in Debian's Chromium (headless, as the Galata tests do) and prints figures.
 * Usage: node bench/schema/chromium.js (run.sh builds the bundle first).
 */
const path = require('path');

const repo = path.resolve(__dirname, '../..');
// The browser tests' Playwright: the same Chromium, no download.
const { chromium } = require(
  path.join(repo, 'ui-tests/node_modules/playwright-core')
);

const CASES = [
  { tables: 300, columns: 40, words: ['measurement_1', 'table_29', 'flux'] },
  {
    tables: 20000,
    columns: 20,
    words: ['measurement_1', 'table_1999', 'photometry']
  }
];

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.RSP_API_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info']
  });
  try {
    const page = await browser.newPage();
    await page.goto('about:blank');
    await page.addScriptTag({
      path: path.join(repo, '.bench-build/schema-browser.js')
    });
    const version = browser.version();
    console.log(`schema benchmark (Chromium ${version})`);
    for (const c of CASES) {
      const f = await page.evaluate(
        ([tables, columns, words]) =>
          window.runSchemaBench(tables, columns, words),
        [c.tables, c.columns, c.words]
      );
      console.log(
        `  generated ${c.tables} tables x ${c.columns} columns (${f.documentMb.toFixed(0)} MB)`
      );
      console.log(`    tables / columns          ${f.tables} / ${f.columns}`);
      console.log(
        `    first rows ready          ${f.firstRenderMs.toFixed(0)} ms`
      );
      console.log(`    full index                ${f.indexMs.toFixed(0)} ms`);
      console.log(
        `    filter per keystroke      p50 ${f.filterP50.toFixed(1)} ms, p95 ${f.filterP95.toFixed(1)} ms`
      );
      if (f.heapAfterMb !== null) {
        console.log(
          `    JS heap after indexing    ${f.heapAfterMb.toFixed(0)} MB`
        );
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
