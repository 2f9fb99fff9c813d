/**
 * Drives the lab in Chromium for bench/viewer (run.sh starts the lab and makes the image).
 * Usage: node bench/viewer/chromium.js <lab url> <image path in the lab> [<notebook path in the lab>]
 */
const path = require('path');

const repo = path.resolve(__dirname, '../..');
const { chromium } = require(
  path.join(repo, 'ui-tests/node_modules/playwright-core')
);

const [base, imagePath, notebookPath] = process.argv.slice(2);

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.RSP_API_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--enable-precise-memory-info',
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader'
    ]
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 }
    });
    const scripts = [];
    page.on('response', async response => {
      if (response.request().resourceType() === 'script') {
        const body = await response.body().catch(() => Buffer.alloc(0));
        scripts.push({ url: response.url(), bytes: body.length });
      }
    });
    await page.goto(`${base}/lab`);
    await page.waitForSelector('#jp-RspApi-sidebar', {
      state: 'attached',
      timeout: 120000
    });
    await page.waitForLoadState('networkidle');
    const ours = s => s.url.includes('/lab/extensions/jupyterlab-rsp-api/');
    const total = scripts.reduce((n, s) => n + s.bytes, 0);
    const extension = scripts.filter(ours).reduce((n, s) => n + s.bytes, 0);
    const aladinAtStart = scripts.some(s => s.url.includes('aladin'));
    const mb = bytes => (bytes / 1e6).toFixed(2);
    console.log(`viewer benchmark (Chromium ${browser.version()})`);
    console.log('  initial JavaScript of the lab');
    console.log(
      `    with the extension        ${mb(total)} MB in ${scripts.length} scripts`
    );
    console.log(`    without it                ${mb(total - extension)} MB`);
    console.log(
      `    the extension's share     ${mb(extension)} MB; Aladin Lite in it: ${aladinAtStart ? 'YES' : 'no'}`
    );

    const before = scripts.length;
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('rsp-api:open-sky');
    });
    await page.waitForSelector('.jp-RspApi-SkyStage canvas', {
      timeout: 120000
    });
    const lazy = scripts
      .slice(before)
      .filter(ours)
      .reduce((n, s) => n + s.bytes, 0);
    console.log(
      `    loaded when a sky view opens ${mb(lazy)} MB (Aladin Lite)`
    );

    const started = Date.now();
    await page.evaluate(async file => {
      await window.jupyterapp.commands.execute('docmanager:open', {
        path: file,
        factory: 'FITS Viewer'
      });
    }, imagePath);
    await page.waitForFunction(
      () =>
        /2048 × 2048/.test(
          document.querySelector('.jp-RspApi-FitsView .jp-RspApi-ViewerStatus')
            ?.textContent ?? ''
        ),
      undefined,
      { timeout: 120000 }
    );
    const openMs = Date.now() - started;
    const renderMs = Number(
      await page.$eval('.jp-RspApi-FitsView canvas', c => c.dataset.renderMs)
    );
    const heap = await page.evaluate(
      () => performance.memory?.usedJSHeapSize ?? 0
    );
    console.log('  a 2048 x 2048 float32 image (16.8 MB)');
    console.log(
      `    open to pixels on screen  ${openMs} ms (contents API download, base64, FITS read, cuts, render)`
    );
    console.log(
      `    cuts + render + draw      ${renderMs.toFixed(0)} ms once the bytes are read`
    );
    const timings = await page.evaluate(async () => {
      const view = document.querySelector(
        '.jp-RspApi-FitsView select[aria-label="Stretch"]'
      );
      const times = [];
      for (const stretch of ['log', 'sqrt', 'linear', 'asinh']) {
        view.value = stretch;
        view.dispatchEvent(new Event('change'));
        times.push(
          Number(
            document.querySelector('.jp-RspApi-FitsView canvas').dataset
              .renderMs
          )
        );
      }
      return times;
    });
    console.log(
      `    re-render on a stretch change ${timings.map(t => t.toFixed(0)).join(', ')} ms`
    );
    console.log(`    JS heap                   ${mb(heap)} MB`);

    if (notebookPath) {
      // The same image as a notebook output (application/fits, base64, as display.py writes it).
      const opened = Date.now();
      await page.evaluate(async file => {
        await window.jupyterapp.commands.execute('docmanager:open', {
          path: file,
          factory: 'Notebook'
        });
      }, notebookPath);
      await page.waitForFunction(
        () =>
          /2048 × 2048/.test(
            document.querySelector(
              '.jp-RspApi-FitsOutput .jp-RspApi-ViewerStatus'
            )?.textContent ?? ''
          ),
        undefined,
        { timeout: 120000 }
      );
      const notebookMs = Date.now() - opened;
      const inline = await page.$eval('.jp-RspApi-FitsOutput', node => ({
        output: Number(node.dataset.renderMs),
        draw: Number(node.querySelector('canvas').dataset.renderMs)
      }));
      console.log(
        '  the same image inline in a notebook output (22 MB of base64)'
      );
      console.log(
        `    notebook open to pixels   ${notebookMs} ms (contents API download, notebook model, output)`
      );
      console.log(
        `    output rendered in        ${inline.output.toFixed(0)} ms (base64, FITS read, cuts, render, draw)`
      );
      console.log(
        `    of which cuts + render + draw ${inline.draw.toFixed(0)} ms`
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
