/**
 * What bench/schema measures, shared by its Node run (run.ts) and its Chromium run (browser.ts):
 * generated VOSI documents, fed in chunks to the vo core's streaming reader, indexed and filtered
 * by the TAP browser's own code.
 */
import { FilterIndex, visibleRows } from '../../src/browser/tree';
import { ITableSet, readTableSetStream } from '../../src/vo';

export function document(tables: number, columns: number): string {
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

export async function* chunks(
  text: string,
  size = 1 << 16
): AsyncIterable<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let offset = 0; offset < bytes.length; offset += size) {
    yield bytes.subarray(offset, offset + size);
  }
}

export function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.round(fraction * (sorted.length - 1)))
  ];
}

export interface IFigures {
  tables: number;
  columns: number;
  firstRenderMs: number;
  indexMs: number;
  filterP50: number;
  filterP95: number;
}

export async function measure(
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
