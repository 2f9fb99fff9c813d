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

import { FilterIndex, visibleRows } from '../../src/browser/tree';
import { ITableSet, readTableSetStream } from '../../src/vo';

const repo = path.resolve(__dirname, '../../..');

function document(tables: number, columns: number): string {
  const parts: string[] = [
    '<?xml version="1.0"?><vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
  ];
  const perSchema = Math.max(1, Math.floor(tables / 20));
  for (let t = 0; t < tables; t++) {
    if (t % perSchema === 0) {
      parts.push(
        t === 0 ? '' : '</schema>',
        `<schema><name>schema${t / perSchema}</name>`
      );
    }
    parts.push(
      `<table type="table"><name>schema${Math.floor(t / perSchema)}.table_${t}</name>` +
        `<description>Synthetic table ${t} of photometry</description>`
    );
    for (let c = 0; c < columns; c++) {
      const band = 'ugrizy'[c % 6];
      parts.push(
        `<column><name>${band}_measurement_${c}</name><description>Flux measurement ${c} in ` +
          `${band} band</description><unit>nJy</unit><ucd>phot.flux</ucd>` +
          '<dataType xsi:type="vs:VOTableType">double</dataType></column>'
      );
    }
    parts.push('</table>');
  }
  parts.push('</schema></vosi:tableset>');
  return parts.join('');
}

async function* chunks(
  text: string,
  size = 1 << 16
): AsyncIterable<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let offset = 0; offset < bytes.length; offset += size) {
    yield bytes.subarray(offset, offset + size);
  }
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.round(fraction * (sorted.length - 1)))
  ];
}

let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 5);

interface IFigures {
  tables: number;
  columns: number;
  firstRenderMs: number;
  indexMs: number;
  filterP50: number;
  filterP95: number;
}

async function measure(
  source: AsyncIterable<Uint8Array>,
  words: string[]
): Promise<IFigures> {
  const start = performance.now();
  let firstRenderMs = -1;
  const tableset: ITableSet = await readTableSetStream(source, {
    onProgress: () => {
      if (firstRenderMs < 0) {
        firstRenderMs = performance.now() - start;
      }
    }
  });
  const index = new FilterIndex(tableset);
  visibleRows(index, new Set(), { text: '', descriptions: true });
  const indexMs = performance.now() - start;
  if (firstRenderMs < 0) {
    firstRenderMs = indexMs;
  }
  const latencies: number[] = [];
  for (const word of words) {
    for (let i = 1; i <= word.length; i++) {
      const t0 = performance.now();
      visibleRows(index, new Set(), {
        text: word.slice(0, i),
        descriptions: true
      });
      latencies.push(performance.now() - t0);
    }
  }
  const tables = tableset.schemas.reduce((n, s) => n + s.tables.length, 0);
  const columns = tableset.schemas.reduce(
    (n, s) => n + s.tables.reduce((m, t) => m + (t.columns?.length ?? 0), 0),
    0
  );
  return {
    tables,
    columns,
    firstRenderMs,
    indexMs,
    filterP50: percentile(latencies, 0.5),
    filterP95: percentile(latencies, 0.95)
  };
}

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
