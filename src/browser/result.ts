/**
 * The rows of one VOTable result (a table's preview, a job's result): read through the proxy,
 * and what the grid must say about how many rows it shows.
 */
import { ISignal, Signal } from '@lumino/signaling';

import { ServiceCallError, isCancelled } from '../services/errors';
import {
  IVOTableResult,
  OVERFLOW_NOTE,
  VOParseError,
  VOServiceError,
  readVOTableResult
} from '../vo';
import { plural } from './words';

export type ResultState =
  | { state: 'loading' }
  /** The user stopped it: a note, not an error. */
  | { state: 'cancelled' }
  | { state: 'done'; result: IVOTableResult }
  | { state: 'error'; message: string };

/** A result is read whole as text: keep that small. */
export const RESULT_BYTE_LIMIT = 50_000_000;

/** A failure as the user reads it: the service's or the reader's own sentence. */
export function errorMessage(error: unknown): string {
  if (
    error instanceof ServiceCallError ||
    error instanceof VOParseError ||
    error instanceof VOServiceError
  ) {
    return error.message;
  }
  if (error instanceof DOMException && error.name === 'AbortError') {
    return 'Cancelled.';
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * How many rows the grid shows of how many the service returned, then what else the user must
 * know: the service's overflow (only when it said so), the document's warnings; `error` when the
 * rows stop early.
 */
export function resultCounts(result: IVOTableResult): {
  counts: string;
  error?: string;
  notes: string[];
} {
  const shown = result.rows.length;
  let counts: string;
  if (result.fault) {
    counts = `${plural(shown, 'row')} read before the result broke off`;
  } else if (result.truncated && result.rowCount <= shown) {
    counts = `${plural(shown, 'row')} shown; the result has more`;
  } else {
    counts = `${plural(shown, 'row')} shown of ${result.rowCount.toLocaleString()} returned`;
  }
  const notes = result.overflow ? [OVERFLOW_NOTE] : [];
  notes.push(...result.warnings);
  return result.fault
    ? { counts, error: result.fault.message, notes }
    : { counts, notes };
}

/** One result's rows; a newer load cancels an older one. */
export class ResultModel {
  get changed(): ISignal<ResultModel, void> {
    return this._changed;
  }
  get state(): ResultState | null {
    return this._state;
  }
  /** The most rows the grid was asked to show. */
  get maxRows(): number {
    return this._maxRows;
  }

  async load(
    fetch: (signal: AbortSignal) => Promise<Response>,
    maxRows: number
  ): Promise<void> {
    this._controller?.abort();
    const controller = new AbortController();
    this._controller = controller;
    this._maxRows = maxRows;
    this._state = { state: 'loading' };
    this._changed.emit();
    let state: ResultState;
    try {
      const response = await fetch(controller.signal);
      const size = Number(response.headers.get('Content-Length'));
      if (size > RESULT_BYTE_LIMIT) {
        controller.abort();
        throw new Error(
          `The result is ${(size / 1e6).toFixed(0)} MB, too large to show here: fetch it in a notebook.`
        );
      }
      state = {
        state: 'done',
        result: readVOTableResult(await response.text(), { maxRows })
      };
    } catch (error) {
      state = isCancelled(error)
        ? { state: 'cancelled' }
        : { state: 'error', message: errorMessage(error) };
    }
    if (this._controller === controller) {
      this._controller = null;
      this._state = state;
      this._changed.emit();
    }
  }

  cancel(): void {
    this._controller?.abort();
  }

  clear(): void {
    this._controller?.abort();
    this._controller = null;
    this._state = null;
    this._changed.emit();
  }

  dispose(): void {
    this._controller?.abort();
    Signal.clearData(this);
  }

  private _changed = new Signal<ResultModel, void>(this);
  private _state: ResultState | null = null;
  private _controller: AbortController | null = null;
  private _maxRows = 0;
}
