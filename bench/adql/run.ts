/**
 * ADQL benchmark: prints figures, asserts nothing. Runs the vo core's completion and validator in
 * Node (V8, Chromium's engine) as the editor calls them on each keystroke:
 *   - completion on a 1,500-column table, and on a 20,000-table / 400,000-column schema;
 *   - validation of a 100-line query against the large schema.
 * Targets (issue): completion p95 < 30 ms and < 100 ms; validation < 20 ms.
 * Usage: bash bench/adql/run.sh
 */
import { performance } from 'perf_hooks';

import {
  AdqlSchema,
  IAdqlTable,
  completeAdql,
  validateAdql
} from '../../src/vo';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

function columns(count: number, table: number): IAdqlTable['columns'] {
  return Array.from({ length: count }, (_, c) => ({
    name: `${'ugrizy'[c % 6]}_flux_${c}`,
    datatype: 'double',
    unit: 'nJy',
    ucd: 'phot.flux',
    description: `Flux ${c} of table ${table}`
  }));
}

/** Time each keystroke of typing `typed` at the cursor marked | in `template`. */
function typing(
  label: string,
  template: string,
  typed: string,
  schema: AdqlSchema,
  rounds = 20
): void {
  const times: number[] = [];
  let offered = 0;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i <= typed.length; i++) {
      const text = template.replace('|', typed.slice(0, i));
      const cursor = template.indexOf('|') + i;
      const start = performance.now();
      const result = completeAdql(text, cursor, schema);
      times.push(performance.now() - start);
      offered = Math.max(offered, result?.options.length ?? 0);
    }
  }
  console.log(
    `${label}: ${times.length} keystrokes, p50 ${percentile(times, 50).toFixed(2)} ms, ` +
      `p95 ${percentile(times, 95).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms ` +
      `(up to ${offered} options)`
  );
}

function main(): void {
  const wide = new AdqlSchema([
    {
      name: 'dp02_dc2_catalogs.Object',
      schema: 'dp02_dc2_catalogs',
      rowCount: 278_000_000,
      columns: columns(1500, 0)
    }
  ]);
  typing(
    'completion, 1,500-column table (columns after SELECT)',
    'SELECT TOP 10 o.objectId, |\nFROM dp02_dc2_catalogs.Object AS o',
    'g_flux_12',
    wide
  );

  let start = performance.now();
  const tables: IAdqlTable[] = [];
  for (let t = 0; t < 20_000; t++) {
    tables.push({
      name: `schema${Math.floor(t / 1000)}.table_${t}`,
      schema: `schema${Math.floor(t / 1000)}`,
      rowCount: t * 1000,
      columns: columns(20, t)
    });
  }
  const large = new AdqlSchema(tables);
  console.log(
    `index of 20,000 tables / 400,000 columns built in ${(performance.now() - start).toFixed(0)} ms`
  );
  typing(
    'completion, 400,000-column schema (tables after FROM)',
    'SELECT * FROM |',
    'schema7.table_71',
    large
  );
  typing(
    'completion, 400,000-column schema (columns of a joined table)',
    'SELECT a.|\nFROM schema3.table_3456 AS a JOIN schema9.table_9999 AS b ON b.u_flux_0 = a.u_flux_0',
    'r_flux_1',
    large
  );

  const conditions = Array.from(
    { length: 93 },
    (_, i) =>
      `  AND a.${'ugrizy'[(i % 20) % 6]}_flux_${i % 20} > ${i} -- cut ${i}`
  );
  const query = [
    'SELECT TOP 1000 a.u_flux_0, a.g_flux_1, b.r_flux_2,',
    '       DISTANCE(POINT(a.u_flux_0, a.g_flux_1), POINT(b.u_flux_0, b.g_flux_1)) AS d',
    'FROM schema3.table_3456 AS a',
    'JOIN schema9.table_9999 AS b ON b.u_flux_0 = a.u_flux_0',
    "WHERE CONTAINS(POINT('ICRS', a.u_flux_0, a.g_flux_1), CIRCLE('ICRS', 62, -37, 0.1)) = 1",
    ...conditions,
    'ORDER BY d',
    'OFFSET 10'
  ].join('\n');
  const times: number[] = [];
  let diagnostics = 0;
  for (let i = 0; i < 50; i++) {
    start = performance.now();
    diagnostics = validateAdql(query, large).length;
    times.push(performance.now() - start);
  }
  console.log(
    `validation of a ${query.split('\n').length}-line query against the large schema: ` +
      `p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms ` +
      `(${diagnostics} diagnostics)`
  );
}

main();
