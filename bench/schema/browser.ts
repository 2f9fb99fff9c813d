/**
 * The Chromium side of bench/schema: the same measurement as run.ts, inside the browser's own
 * engine, on documents generated in the page. chromium.js loads the bundle and calls it.
 */
import { IFigures, chunks, document, measure } from './measure';

interface IBrowserFigures extends IFigures {
  heapAfterMb: number | null;
  documentMb: number;
}

async function runSchemaBench(
  tables: number,
  columns: number,
  words: string[]
): Promise<IBrowserFigures> {
  const text = document(tables, columns);
  const figures = await measure(chunks(text), words);
  // performance.memory is Chromium's own; it says how much the index keeps alive.
  const memory = (
    performance as unknown as { memory?: { usedJSHeapSize: number } }
  ).memory;
  return {
    ...figures,
    heapAfterMb: memory ? memory.usedJSHeapSize / 1e6 : null,
    documentMb: text.length / 1e6
  };
}

(
  window as unknown as { runSchemaBench: typeof runSchemaBench }
).runSchemaBench = runSchemaBench;
