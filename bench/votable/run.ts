/**
 * VOTable results benchmark: prints figures, asserts nothing. Reads a generated 12-column
 * catalogue (bench/votable/documents.ts) as TABLEDATA and BINARY2 with the vo core's streaming
 * reader in Node, beside astropy.io.votable.parse on the same files in the same run, with the
 * ratio and a cell-by-cell comparison of the values; then a preview (the first 100 rows).
 * Usage: bash bench/votable/run.sh [rows]
 */
import { execFileSync } from 'child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';

import {
  readVOTableResult,
  readVOTableStream,
  resultsTable
} from '../../src/vo';
import { compareWithAstropy } from './compare';
import { benchDocuments, byteChunks } from './documents';

const repo = path.resolve(__dirname, '../../..');
const count = Number(process.argv[2] ?? 100_000);
const folder = path.join(repo, '.bench-build/votable');

async function timeRead(
  text: string,
  options: { maxRows?: number; stopAtRowLimit?: boolean } = {}
): Promise<{ ms: number; rows: number }> {
  let best = Infinity;
  let rows = 0;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    const votable = await readVOTableStream(byteChunks(text), options);
    best = Math.min(best, performance.now() - start);
    rows = resultsTable(votable)?.rows.length ?? 0;
  }
  return { ms: best, rows };
}

async function main(): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const documents = benchDocuments(count);
  for (const document of documents) {
    writeFileSync(path.join(folder, `${document.name}.xml`), document.text);
  }
  const python =
    process.env.RSP_API_PYTHON ?? path.join(repo, '.venv/bin/python');
  const astropyLines = execFileSync(
    python,
    [
      path.join(repo, 'bench/votable/astropy_parse.py'),
      folder,
      ...documents.map(d => d.name)
    ],
    { encoding: 'utf-8', maxBuffer: 1 << 26 }
  )
    .trim()
    .split('\n')
    .map(line => JSON.parse(line) as { name: string; seconds: number });
  const astropyVersion = execFileSync(
    python,
    ['-c', 'import astropy; print(astropy.__version__)'],
    { encoding: 'utf-8' }
  ).trim();
  console.log(
    `VOTable benchmark (Node ${process.version}; astropy ${astropyVersion}), ${count} rows x 12 columns`
  );
  const astropyRates: Record<string, number> = {};
  for (const document of documents) {
    const theirs = astropyLines.find(l => l.name === document.name);
    const ours = await timeRead(document.text);
    const preview = await timeRead(document.text, { maxRows: 100 });
    const stopped = await timeRead(document.text, {
      maxRows: 100,
      stopAtRowLimit: true
    });
    const result = readVOTableResult(document.text);
    const astropy = JSON.parse(
      readFileSync(path.join(folder, `${document.name}.astropy.json`), 'utf-8')
    ) as Record<string, unknown[]>;
    const comparison = compareWithAstropy(result, astropy);
    const rate = (ms: number) => Math.round(count / (ms / 1000));
    console.log(
      `  ${document.name} (${(document.text.length / 1e6).toFixed(1)} MB)`
    );
    console.log(
      `    ours                     ${ours.ms.toFixed(0)} ms, ${rate(ours.ms)} rows/s (${ours.rows} rows)`
    );
    if (theirs) {
      const ms = theirs.seconds * 1000;
      astropyRates[document.name] = rate(ms);
      console.log(
        `    astropy                  ${ms.toFixed(0)} ms, ${rate(ms)} rows/s`
      );
      console.log(
        `    speed-up                 ${(ms / ours.ms).toFixed(1)}x astropy`
      );
    }
    console.log(
      `    preview, 100 rows        ${preview.ms.toFixed(0)} ms (${(preview.ms / ours.ms).toFixed(2)} of a full read); ` +
        `stopping at the limit ${stopped.ms.toFixed(1)} ms`
    );
    console.log(
      `    same values as astropy   ${comparison.differences === 0 ? 'yes' : 'NO'}: ` +
        `${comparison.cells} cells, ${comparison.differences} differ`
    );
    for (const sample of comparison.samples) {
      console.log(`      ${sample}`);
    }
  }
  console.log(
    `astropy rows/s, for the Chromium ratios: ${JSON.stringify(astropyRates)}`
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
