/**
 * Schema benchmark: prints figures, asserts nothing. Runs the vo core's streaming VOSI reader and
 * the browser's filter (src/browser/tree.ts) in Node (V8, Chromium's engine) on:
 *   - the demo platform's /tables, fetched through the gateway with the token, and pyvo's
 *     TAPService.tables on the same service for the ratio;
 *   - generated documents of 300 tables x 40 columns and 20,000 tables x 20 columns.
 * Usage: bash bench/schema/run.sh
 */
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';

import { IFigures, chunks, document, measure } from './measure';

const repo = path.resolve(__dirname, '../../..');

let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 5);

function print(name: string, f: IFigures): void {
  console.log(`  ${name}`);
  console.log(`    tables / columns          ${f.tables} / ${f.columns}`);
  console.log(`    first rows ready          ${f.firstRenderMs.toFixed(0)} ms`);
  console.log(`    full index                ${f.indexMs.toFixed(0)} ms`);
  console.log(
    `    filter per keystroke      p50 ${f.filterP50.toFixed(1)} ms, p95 ${f.filterP95.toFixed(1)} ms`
  );
}

async function demo(): Promise<void> {
  const config = readFileSync(path.join(repo, 'demo/config.env'), 'utf-8');
  const gateway = /DEMO_GATEWAY_URL=(\S+)/.exec(config)?.[1];
  const token = /DEMO_TOKEN=(\S+)/.exec(config)?.[1];
  const url = `${gateway}/api/tap`;
  try {
    const response = await fetch(`${url}/tables`, {
      headers: { Authorization: `Bearer ${token}` }
    });
    if (!response.ok || !response.body) {
      throw new Error(`HTTP ${response.status}`);
    }
    const start = performance.now();
    const figures = await measure(
      response.body as unknown as AsyncIterable<Uint8Array>,
      ['cmodelflux', 'coord', 'psf']
    );
    const ours = performance.now() - start;
    print(`demo platform ${url}/tables (fetch + parse + index)`, figures);
    const python = path.join(repo, '.venv/bin/python');
    // pyvo reads column metadata lazily per table and, in 1.9.1, without the session
    // (astropy/pyvo#772): behind a token only the table list is measured, and said so.
    const pyvo = execFileSync(
      python,
      [
        '-c',
        [
          'import sys, time, requests, pyvo, warnings',
          'warnings.simplefilter("ignore")',
          's = requests.Session(); s.headers["Authorization"] = "Bearer " + sys.argv[2]',
          'service = pyvo.dal.TAPService(sys.argv[1], session=s)',
          't = time.perf_counter(); tables = service.tables; names = list(tables.keys())',
          'listed = (time.perf_counter() - t) * 1000',
          'try:',
          '    n = sum(len(tables[name].columns) for name in names)',
          '    print("full", (time.perf_counter() - t) * 1000)',
          'except Exception as error:',
          '    print("list", listed, type(error).__name__)'
        ].join('\n'),
        url,
        token ?? ''
      ],
      { encoding: 'utf-8' }
    ).trim();
    const [what, ms, why] = pyvo.split(' ');
    const pyvoMs = Number(ms);
    console.log(
      what === 'full'
        ? `    pyvo TAPService.tables    ${pyvoMs.toFixed(0)} ms with columns (ratio ours/pyvo ${(ours / pyvoMs).toFixed(2)})`
        : `    pyvo TAPService.tables    ${pyvoMs.toFixed(0)} ms for the table list only; its per-table columns failed (${why})`
    );
  } catch (error) {
    console.log(
      `  demo platform: not measured (${(error as Error).message}); run make demo-platform`
    );
  }
}

async function main(): Promise<void> {
  console.log(`schema benchmark (Node ${process.version}, V8)`);
  await demo();
  print(
    'generated 300 tables x 40 columns',
    await measure(chunks(document(300, 40)), [
      'measurement_1',
      'table_29',
      'flux'
    ])
  );
  const big = document(20000, 20);
  console.log(
    `  (the large document is ${(big.length / 2 ** 20).toFixed(0)} MB)`
  );
  print(
    'generated 20,000 tables x 20 columns',
    await measure(chunks(big), ['measurement_1', 'table_1999', 'zz'])
  );
  clearInterval(sampler);
  console.log(
    `  peak JS heap               ${(peakHeap / 2 ** 20).toFixed(0)} MB`
  );
}

void main();
