/**
 * The Chromium side of bench/votable: the documents generated in the page, read by the vo core's
 * streaming reader on the page's thread, timed, with the longest task the page could not
 * interrupt (PerformanceObserver 'longtask': tasks of 50 ms or more). chromium.js calls it.
 */
import { readVOTableStream, resultsTable } from '../../src/vo';
import { benchDocuments, byteChunks } from './documents';

export interface IBrowserRead {
  name: string;
  megabytes: number;
  ms: number;
  rows: number;
  /** The longest task while reading, 0 when none reached 50 ms. */
  longestTaskMs: number;
}

/** Run `work` and return the longest task the page saw meanwhile. */
export async function longestTask(work: () => Promise<void>): Promise<number> {
  let longest = 0;
  const observer = new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      longest = Math.max(longest, entry.duration);
    }
  });
  observer.observe({ type: 'longtask' });
  await work();
  // Entries are delivered after the task: give the observer a turn.
  await new Promise(resolve => setTimeout(resolve, 50));
  for (const entry of observer.takeRecords()) {
    longest = Math.max(longest, entry.duration);
  }
  observer.disconnect();
  return longest;
}

let documents: { name: string; text: string }[] = [];

async function readOnPage(
  count: number,
  maxRows?: number
): Promise<IBrowserRead[]> {
  if (documents.length === 0) {
    documents = benchDocuments(count);
  }
  const reads: IBrowserRead[] = [];
  for (const document of documents) {
    let best = Infinity;
    let longest = 0;
    let rows = 0;
    for (let run = 0; run < 3; run++) {
      let ms = 0;
      const task = await longestTask(async () => {
        const start = performance.now();
        const votable = await readVOTableStream(byteChunks(document.text), {
          maxRows
        });
        ms = performance.now() - start;
        rows = resultsTable(votable)?.rows.length ?? 0;
      });
      if (ms < best) {
        best = ms;
        longest = task;
      }
    }
    reads.push({
      name: document.name,
      megabytes: document.text.length / 1e6,
      ms: best,
      rows,
      longestTaskMs: longest
    });
  }
  return reads;
}

(window as unknown as { votableBench: unknown }).votableBench = { readOnPage };
