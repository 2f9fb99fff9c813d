/**
 * Runs bench/votable in Debian's Chromium (headless, as the Galata tests do) and prints figures
 * beside astropy's from the Node run (run.sh passes them in RSP_API_ASTROPY_RATES).
 * Usage: node bench/votable/chromium.js [rows] (run.sh builds the bundle first).
 */
const path = require('path');

const repo = path.resolve(__dirname, '../..');
const { chromium } = require(
  path.join(
    process.env.RSP_API_PLAYWRIGHT || path.join(repo, 'ui-tests/node_modules'),
    'playwright-core'
  )
);

const count = Number(process.argv[2] || 100000);
const astropy = JSON.parse(process.env.RSP_API_ASTROPY_RATES || '{}');

function block(read) {
  return read.longestTaskMs > 0
    ? `${read.longestTaskMs.toFixed(0)} ms`
    : 'none of 50 ms or more';
}

function print(label, read) {
  const rate = Math.round(read.rows / (read.ms / 1000));
  const theirs = astropy[read.name];
  const ratio = theirs ? `, ${(rate / theirs).toFixed(1)}x astropy` : '';
  console.log(
    `    ${label.padEnd(24)} ${read.ms.toFixed(0)} ms, ${rate} rows/s${ratio}; longest task ${block(read)}`
  );
}

function printPreview(label, read, full) {
  console.log(
    `    ${label.padEnd(24)} ${read.ms.toFixed(0)} ms (${(read.ms / full.ms).toFixed(2)} of a full read); longest task ${block(read)}`
  );
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.RSP_API_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu']
  });
  try {
    const page = await browser.newPage();
    await page.goto('about:blank');
    await page.addScriptTag({
      path: path.join(repo, '.bench-build/votable-browser.js')
    });
    console.log(
      `VOTable benchmark (Chromium ${browser.version()}), ${count} rows x 12 columns`
    );
    const full = await page.evaluate(
      n => window.votableBench.readOnPage(n),
      count
    );
    const preview = await page.evaluate(
      n => window.votableBench.readOnPage(n, 100),
      count
    );
    for (const read of full) {
      console.log(`  ${read.name} (${read.megabytes.toFixed(1)} MB)`);
      print('on the page', read);
      printPreview(
        'preview (100 rows)',
        preview.find(p => p.name === read.name),
        read
      );
    }
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
