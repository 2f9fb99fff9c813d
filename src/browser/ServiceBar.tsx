/**
 * The top of the TAP browser: the service picker, the chosen service's availability, where its
 * tables were read from, and its capabilities (TAPRegExt).
 */
import * as React from 'react';

import { IServicesModel } from '../tokens';
import { BrowserModel } from './model';
import { IServiceActions } from './types';

/** The TAP services, the platform's first and those the user added in their own group. */
export function ServicePicker(props: {
  model: BrowserModel;
  services: IServicesModel;
}): JSX.Element {
  const { model, services } = props;
  const tapServices = services.services.filter(
    e => e.description.kind === 'tap'
  );
  const platformServices = tapServices.filter(
    e => e.description.source !== 'user'
  );
  const userServices = tapServices.filter(e => e.description.source === 'user');
  const chosen = model.serviceId ? services.find(model.serviceId) : undefined;
  return (
    <div className="jp-RspApi-BrowserBar">
      <select
        aria-label="TAP service"
        title={chosen?.description.title}
        value={model.serviceId ?? ''}
        onChange={event => void model.setService(event.target.value || null)}
      >
        <option value="">Choose a TAP service…</option>
        {platformServices.map(entry => (
          <option key={entry.description.id} value={entry.description.id}>
            {entry.description.title}
          </option>
        ))}
        {userServices.length > 0 ? (
          <optgroup label="Added by you">
            {userServices.map(entry => (
              <option key={entry.description.id} value={entry.description.id}>
                {entry.description.title}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
      {model.loading ? (
        <button className="jp-mod-styled" onClick={() => model.cancel()}>
          Cancel
        </button>
      ) : (
        <button
          className="jp-RspApi-IconButton"
          title="Reload the tables"
          aria-label="Reload the tables"
          disabled={!model.serviceId}
          onClick={() => void model.reload()}
        >
          ↻
        </button>
      )}
    </div>
  );
}

function limit(value?: {
  default?: number;
  hard?: number;
  unit?: string;
}): string {
  if (!value || (value.default === undefined && value.hard === undefined)) {
    return 'not stated';
  }
  const unit = value.unit ? ` ${value.unit}s` : '';
  const parts = [
    value.default !== undefined
      ? `default ${value.default.toLocaleString()}`
      : '',
    value.hard !== undefined ? `limit ${value.hard.toLocaleString()}` : ''
  ].filter(Boolean);
  return `${parts.join(', ')}${unit}`;
}

export function Capabilities(props: {
  model: BrowserModel;
}): JSX.Element | null {
  const caps = props.model.capabilities;
  if (caps === null) {
    return null;
  }
  if (typeof caps === 'string') {
    return <div className="jp-RspApi-CapsLine">{caps}</div>;
  }
  const languages = caps.languages
    .map(l => `${l.name} ${l.versions.map(v => v.version).join('/')}`)
    .join(', ');
  const udfs = caps.languages.reduce((n, l) => n + l.udfs.length, 0);
  return (
    <details className="jp-RspApi-Caps" aria-label="Service capabilities">
      <summary className="jp-RspApi-CapsLine">
        {languages || 'no query language stated'} · MAXREC{' '}
        {limit(caps.outputLimit)}
      </summary>
      <dl className="jp-RspApi-Facts">
        <dt>output</dt>
        <dd>
          {caps.outputFormats.map(f => f.aliases[0] ?? f.mime).join(', ') ||
            'none stated'}
        </dd>
        <dt>upload</dt>
        <dd>
          {caps.uploadMethods.length > 0
            ? `yes (${limit(caps.uploadLimit)})`
            : 'no upload methods stated'}
        </dd>
        <dt>run time</dt>
        <dd>{limit(caps.executionDuration)} s</dd>
        <dt>kept for</dt>
        <dd>{limit(caps.retentionPeriod)} s</dd>
        <dt>functions</dt>
        <dd>{udfs} user-defined</dd>
        <dt>data models</dt>
        <dd>{caps.dataModels.map(m => m.name).join(', ') || 'none stated'}</dd>
      </dl>
    </details>
  );
}

const AVAILABILITY_WORDS: Record<string, string> = {
  unknown: 'not checked',
  checking: 'checking…',
  available: 'available',
  unavailable: 'unavailable',
  'no-token': 'no token',
  unauthorized: 'token refused',
  unreachable: 'unreachable',
  error: 'error'
};

/** The chosen service's availability and where its tables were read from. */
export function ServiceStatus(props: {
  model: BrowserModel;
  services: IServicesModel;
  actions: IServiceActions;
}): JSX.Element | null {
  const { model, services, actions } = props;
  const entry = model.serviceId ? services.find(model.serviceId) : undefined;
  if (!entry) {
    return null;
  }
  const availability = entry.availability;
  const note = 'note' in availability ? availability.note : undefined;
  const origin = model.origin;
  return (
    <div className="jp-RspApi-ServiceStatus">
      <span
        className={`jp-RspApi-StateChip jp-mod-${availability.state}`}
        role="status"
        title={note ?? AVAILABILITY_WORDS[availability.state]}
      >
        {AVAILABILITY_WORDS[availability.state]}
      </span>
      {origin ? (
        <span
          className="jp-RspApi-Origin"
          title={
            origin.fallbackReason
              ? `/tables could not be read: ${origin.fallbackReason}`
              : undefined
          }
        >
          tables from {origin.source === 'vosi' ? 'VOSI /tables' : 'TAP_SCHEMA'}
          {origin.fallbackReason ? ' (/tables failed)' : ''}
        </span>
      ) : null}
      {entry.description.source === 'user' ? (
        <button
          className="jp-RspApi-LinkButton"
          title={`Remove ${entry.description.url} from your services`}
          onClick={() => {
            void model.setService(null);
            void actions.removeService(entry.description.url);
          }}
        >
          Remove
        </button>
      ) : null}
    </div>
  );
}
