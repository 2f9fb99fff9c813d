import { ISignal, Signal } from '@lumino/signaling';

import {
  AvailabilityState,
  IServiceEntry,
  IServicesModel,
  IServicesResponse,
  ITokenState,
  IUserService,
  IUserServiceCheck
} from '../tokens';
import type { ServiceFetcher } from './client';
import { probeAvailability } from './availability';
import { ServiceCallError } from './errors';

export interface IServicesModelOptions {
  /** With `userServices`, registers them with the server first (see fetchServices). */
  loadServices: (
    signal: AbortSignal,
    userServices?: ReadonlyArray<IUserService>
  ) => Promise<IServicesResponse>;
  fetcher: ServiceFetcher;
  /** `POST user-services/check` (see checkUserService in client.ts). */
  checkUserService: (
    url: string,
    signal?: AbortSignal
  ) => Promise<IUserServiceCheck>;
  /** Per-probe limit, so one hung service never leaves the list spinning. */
  probeTimeoutMs?: number;
}

/**
 * The only object that asks the server which services exist and how they are; views listen to
 * `changed` and never call the server themselves.
 */
export class ServicesModel implements IServicesModel {
  constructor(options: IServicesModelOptions) {
    this._options = options;
  }

  get changed(): ISignal<IServicesModel, void> {
    return this._changed;
  }
  get services(): ReadonlyArray<IServiceEntry> {
    return this._services;
  }
  get onPlatform(): boolean {
    return this._onPlatform;
  }
  get tokenOrigins(): ReadonlyArray<string> {
    return this._tokenOrigins;
  }
  get token(): ITokenState | null {
    return this._token;
  }
  get problems(): ReadonlyArray<{ source: string; message: string }> {
    return this._problems;
  }
  get loadError(): string | null {
    return this._loadError;
  }
  get loading(): boolean {
    return this._loading;
  }
  get userServicesAllowed(): boolean {
    return this._userServicesAllowed;
  }

  set probeTimeoutMs(value: number) {
    this._options.probeTimeoutMs = value;
  }

  find(serviceId: string): IServiceEntry | undefined {
    return this._services.find(entry => entry.description.id === serviceId);
  }

  /** Reload the service list, then check every service's availability. */
  async refresh(): Promise<void> {
    if (await this._loadList()) {
      await this.checkAvailability();
    }
  }

  /** Resolves once the list holds them; availability checks go on in the background. */
  async setUserServices(entries: ReadonlyArray<IUserService>): Promise<void> {
    this._userServices = entries.map(({ url, title }) => ({ url, title }));
    if (await this._loadList()) {
      void this.checkAvailability();
    }
  }

  checkUserService(
    url: string,
    signal?: AbortSignal
  ): Promise<IUserServiceCheck> {
    return this._options.checkUserService(url, signal);
  }

  /**
   * true when the list was loaded (not cancelled by a newer load, no error). A load already under
   * way for the same user services is joined, not restarted, so no caller sees a stale list.
   */
  private _loadList(): Promise<boolean> {
    const key = JSON.stringify(this._userServices ?? null);
    if (this._pendingList && this._pendingList.key === key) {
      return this._pendingList.done;
    }
    const done = this._fetchList();
    const pending = { key, done };
    this._pendingList = pending;
    void done.finally(() => {
      if (this._pendingList === pending) {
        this._pendingList = null;
      }
    });
    return done;
  }

  private async _fetchList(): Promise<boolean> {
    this._listController?.abort();
    const controller = new AbortController();
    this._listController = controller;
    this._loading = true;
    this._loadError = null;
    this._changed.emit();
    try {
      const response = await this._options.loadServices(
        controller.signal,
        this._userServices
      );
      if (controller.signal.aborted) {
        return false;
      }
      const previous = new Map(
        this._services.map(e => [e.description.id, e.availability])
      );
      this._services = response.services.map(description => ({
        description,
        availability: previous.get(description.id) ?? { state: 'unknown' }
      }));
      this._onPlatform = response.onPlatform;
      this._tokenOrigins = response.tokenOrigins ?? [];
      this._token = response.token;
      this._problems = response.problems ?? [];
      this._userServicesAllowed = response.userServicesAllowed ?? false;
    } catch (error) {
      if (controller.signal.aborted) {
        return false;
      }
      this._loadError =
        error instanceof ServiceCallError || error instanceof Error
          ? error.message
          : String(error);
    } finally {
      if (this._listController === controller) {
        this._loading = false;
        this._changed.emit();
      }
    }
    return this._loadError === null;
  }

  /** Check one service, or all of them concurrently. A newer check of a service cancels an older. */
  async checkAvailability(serviceId?: string): Promise<void> {
    const targets = serviceId
      ? this._services.filter(e => e.description.id === serviceId)
      : this._services;
    await Promise.all(targets.map(entry => this._probe(entry.description.id)));
  }

  dispose(): void {
    this._listController?.abort();
    for (const controller of this._probes.values()) {
      controller.abort();
    }
    Signal.clearData(this);
  }

  private async _probe(serviceId: string): Promise<void> {
    this._probes.get(serviceId)?.abort();
    const controller = new AbortController();
    this._probes.set(serviceId, controller);
    const timeout = setTimeout(
      () => controller.abort(),
      this._options.probeTimeoutMs ?? 20000
    );
    this._setAvailability(serviceId, { state: 'checking' });
    const entry = this.find(serviceId);
    if (!entry) {
      return;
    }
    let state = await probeAvailability(
      entry.description,
      this._options.fetcher,
      controller.signal
    );
    clearTimeout(timeout);
    if (this._probes.get(serviceId) !== controller) {
      return; // superseded by a newer check
    }
    this._probes.delete(serviceId);
    if (controller.signal.aborted && state.state === 'unknown') {
      state = {
        state: 'unreachable',
        note: `No answer within ${Math.round((this._options.probeTimeoutMs ?? 20000) / 1000)} s.`
      };
    }
    this._setAvailability(serviceId, state);
  }

  private _setAvailability(
    serviceId: string,
    availability: AvailabilityState
  ): void {
    this._services = this._services.map(entry =>
      entry.description.id === serviceId ? { ...entry, availability } : entry
    );
    this._changed.emit();
  }

  private _options: IServicesModelOptions;
  private _changed = new Signal<IServicesModel, void>(this);
  private _services: IServiceEntry[] = [];
  private _onPlatform = false;
  private _tokenOrigins: ReadonlyArray<string> = [];
  private _token: ITokenState | null = null;
  private _problems: { source: string; message: string }[] = [];
  private _loadError: string | null = null;
  private _loading = false;
  private _listController: AbortController | null = null;
  private _pendingList: { key: string; done: Promise<boolean> } | null = null;
  private _userServicesAllowed = false;
  // undefined until the browser's settings are read: a plain GET until then.
  private _userServices: IUserService[] | undefined = undefined;
  private _probes = new Map<string, AbortController>();
}
