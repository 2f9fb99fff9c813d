/**
 * What the TAP browser and the table panels show about a service besides its tables: its
 * TAPRegExt capabilities, then the DALI examples they name. Read once per service and shared, so
 * a service's panels and the sidebar agree and the service is asked once.
 */
import { ISignal, Signal } from '@lumino/signaling';

import type { ServiceFetcher } from '../services/client';
import { loadServiceExamples } from '../services/examples';
import {
  ICapabilities,
  IExamplesResult,
  ITapCapabilities,
  parseCapabilities
} from '../vo';
import { errorMessage } from './result';

/** The service's DALI examples: being read, read (null: it has none), or unreadable. */
export type ExamplesState =
  | { state: 'loading' }
  | { state: 'done'; result: IExamplesResult | null }
  | { state: 'error'; message: string };

interface IEntry {
  /** TAPRegExt; a sentence when it could not be read; null while it is read. */
  capabilities: ITapCapabilities | string | null;
  /** Why the capabilities could not be read, in the words other failures use. */
  failure: string | null;
  examples: ExamplesState | null;
}

export class ServiceInfo {
  constructor(private readonly fetcher: ServiceFetcher) {}

  /** Emits the id of the service whose information changed. */
  get changed(): ISignal<ServiceInfo, string> {
    return this._changed;
  }

  /** TAPRegExt of the service: languages, formats, limits; a string when it could not be read. */
  capabilities(serviceId: string): ITapCapabilities | string | null {
    return this._entries.get(serviceId)?.capabilities ?? null;
  }

  /** Why the capabilities could not be read (null when they were, or are being read). */
  capabilitiesFailure(serviceId: string): string | null {
    return this._entries.get(serviceId)?.failure ?? null;
  }

  examples(serviceId: string): ExamplesState | null {
    return this._entries.get(serviceId)?.examples ?? null;
  }

  /** Read the service's capabilities and examples, unless they are read or being read. */
  load(serviceId: string): Promise<void> {
    let pending = this._pending.get(serviceId);
    if (!pending) {
      pending = this._load(serviceId);
      this._pending.set(serviceId, pending);
    }
    return pending;
  }

  /** Read them again (the user reloads the service). */
  reload(serviceId: string): Promise<void> {
    this._pending.delete(serviceId);
    this._entries.delete(serviceId);
    return this.load(serviceId);
  }

  dispose(): void {
    Signal.clearData(this);
  }

  private async _load(serviceId: string): Promise<void> {
    const entry: IEntry = { capabilities: null, failure: null, examples: null };
    this._entries.set(serviceId, entry);
    this._changed.emit(serviceId);
    let parsed: ICapabilities | null = null;
    try {
      const response = await this.fetcher(serviceId, 'capabilities', {
        method: 'GET'
      });
      parsed = parseCapabilities(await response.text());
      entry.capabilities =
        parsed.tap ?? 'The service lists no TAP capability (TAPRegExt).';
    } catch (error) {
      entry.failure = errorMessage(error);
      entry.capabilities = `Capabilities could not be read: ${entry.failure}`;
    }
    entry.examples = { state: 'loading' };
    this._changed.emit(serviceId);
    try {
      entry.examples = {
        state: 'done',
        result: await loadServiceExamples(this.fetcher, serviceId, parsed)
      };
    } catch (error) {
      entry.examples = { state: 'error', message: errorMessage(error) };
    }
    this._changed.emit(serviceId);
  }

  private _changed = new Signal<ServiceInfo, string>(this);
  private _entries = new Map<string, IEntry>();
  private _pending = new Map<string, Promise<void>>();
}
