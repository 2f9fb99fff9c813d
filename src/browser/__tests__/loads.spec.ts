/**
 * One read of a service's tables for all who ask at once: each caller may give up on its own,
 * and the read stops only when no one waits for it any more.
 */
import type {
  IMetadataOrigin,
  ISchemaLoadOptions,
  ITapMetadata
} from '../../tokens';
import { ITableMeta, ITableSet, ITableSetProgress } from '../../vo';
import { SharedTableLoads } from '../loads';

const TABLESET: ITableSet = {
  schemas: [
    {
      name: 's',
      tables: [{ name: 's.t', columns: null, foreignKeys: [] }]
    }
  ]
};

/** A loader whose reads end when the test says, reporting progress as asked. */
class ManualLoader implements ITapMetadata {
  reads: { options: ISchemaLoadOptions; reload: boolean }[] = [];
  columnReads = 0;
  private _done: (() => void)[] = [];

  tables(
    _serviceId: string,
    options: ISchemaLoadOptions = {},
    reload = false
  ): Promise<ITableSet> {
    this.reads.push({ options, reload });
    return new Promise((resolve, reject) => {
      options.signal?.addEventListener('abort', () =>
        reject(new DOMException('Aborted', 'AbortError'))
      );
      this._done.push(() => resolve(TABLESET));
    });
  }
  progress(progress: ITableSetProgress): void {
    this.reads.forEach(read => read.options.onProgress?.(progress));
  }
  finish(): void {
    this._done.splice(0).forEach(done => done());
  }
  origin(): IMetadataOrigin | undefined {
    return { source: 'vosi' };
  }
  async columns(_serviceId: string, table: ITableMeta): Promise<void> {
    this.columnReads++;
    await new Promise(resolve => setTimeout(resolve, 1));
    table.columns = [];
  }
  forget(): void {
    // Nothing cached here.
  }
}

const PROGRESS = { schemas: 1, tables: 1, columns: 0, bytes: 100 };

describe('SharedTableLoads', () => {
  it('reads once for callers who ask together, and tells each how far it came', async () => {
    const loader = new ManualLoader();
    const shared = new SharedTableLoads(loader);
    const seen: number[] = [];
    const first = shared.tables('tap', {
      onProgress: p => seen.push(p.bytes)
    });
    loader.progress(PROGRESS);
    // A late caller hears the progress so far at once.
    const second = shared.tables('tap', {
      onProgress: p => seen.push(-p.bytes)
    });
    loader.finish();
    expect(await first).toBe(TABLESET);
    expect(await second).toBe(TABLESET);
    expect(loader.reads).toHaveLength(1);
    expect(seen).toEqual([100, -100]);
  });

  it('lets one caller give up without stopping the read for the other', async () => {
    const loader = new ManualLoader();
    const shared = new SharedTableLoads(loader);
    const mine = new AbortController();
    const first = shared.tables('tap', { signal: mine.signal });
    const second = shared.tables('tap');
    mine.abort();
    await expect(first).rejects.toThrow('cancelled');
    expect(loader.reads[0].options.signal?.aborted).toBe(false);
    loader.finish();
    expect(await second).toBe(TABLESET);
  });

  it('stops the read when every caller gave up, and the next caller reads afresh', async () => {
    const loader = new ManualLoader();
    const shared = new SharedTableLoads(loader);
    const controllers = [new AbortController(), new AbortController()];
    const calls = controllers.map(c =>
      shared.tables('tap', { signal: c.signal })
    );
    controllers.forEach(c => c.abort());
    await Promise.all(calls.map(call => expect(call).rejects.toThrow()));
    expect(loader.reads[0].options.signal?.aborted).toBe(true);
    const again = shared.tables('tap');
    expect(loader.reads).toHaveLength(2);
    loader.finish();
    expect(await again).toBe(TABLESET);
  });

  it('reads again on a reload, and the columns of a table once', async () => {
    const loader = new ManualLoader();
    const shared = new SharedTableLoads(loader);
    const first = shared.tables('tap');
    const reload = shared.tables('tap', {}, true);
    expect(loader.reads.map(r => r.reload)).toEqual([false, true]);
    loader.finish();
    await Promise.all([first, reload]);

    const table = TABLESET.schemas[0].tables[0];
    await Promise.all([
      shared.columns('tap', table),
      shared.columns('tap', table)
    ]);
    expect(loader.columnReads).toBe(1);
    expect(table.columns).toEqual([]);
    await shared.columns('tap', table);
    expect(loader.columnReads).toBe(1);
  });
});
