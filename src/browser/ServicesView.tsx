import * as React from 'react';

import { isCancelled } from '../services/errors';
import { AvailabilityState, IServiceEntry, IServicesModel } from '../tokens';

const STATE_LABELS: Record<AvailabilityState['state'], string> = {
  unknown: 'Not checked',
  checking: 'Checking…',
  available: 'Available',
  unavailable: 'Unavailable',
  'no-token': 'No token',
  unauthorized: 'Token refused',
  unreachable: 'Unreachable',
  error: 'Error'
};

const KIND_LABELS: Record<string, string> = {
  tap: 'TAP',
  sia: 'SIAv2',
  scs: 'Cone',
  soda: 'SODA',
  datalink: 'DataLink',
  hips: 'HiPS'
};

function note(availability: AvailabilityState): string | undefined {
  return 'note' in availability ? availability.note : undefined;
}

function ServiceItem(props: {
  entry: IServiceEntry;
  onCheck: (serviceId: string) => void;
}): JSX.Element {
  const { description, availability } = props.entry;
  const detail = note(availability);
  const label = STATE_LABELS[availability.state];
  return (
    <li
      className="jp-RspApi-ServiceItem"
      data-service-id={description.id}
      data-state={availability.state}
      aria-label={`${description.title}: ${label}`}
    >
      <div className="jp-RspApi-ServiceItem-row">
        <span
          className="jp-RspApi-KindBadge"
          title={`${description.kind} service`}
        >
          {KIND_LABELS[description.kind] ?? description.kind}
        </span>
        <span className="jp-RspApi-ServiceItem-title" title={description.title}>
          {description.title}
        </span>
        <button
          className="jp-RspApi-IconButton"
          title={`Check ${description.title} again`}
          aria-label={`Check ${description.title} again`}
          disabled={availability.state === 'checking'}
          onClick={() => props.onCheck(description.id)}
        >
          ↻
        </button>
      </div>
      <div className="jp-RspApi-ServiceItem-meta">
        <span
          className={`jp-RspApi-StateChip jp-mod-${availability.state}`}
          role="status"
          title={detail ?? label}
        >
          {label}
        </span>
        <code title="Service id (used by the %%adql magic and generated code)">
          {description.id}
        </code>
        {description.tokenApplies ? (
          <span
            className="jp-RspApi-TokenBadge"
            title="The server sends your platform token to this service"
          >
            token
          </span>
        ) : null}
      </div>
      <div className="jp-RspApi-ServiceItem-url" title={description.url}>
        {description.url}
      </div>
      {detail && availability.state !== 'available' ? (
        <div className="jp-RspApi-ServiceItem-note">{detail}</div>
      ) : null}
    </li>
  );
}

function TokenLine(props: { model: IServicesModel }): JSX.Element | null {
  const token = props.model.token;
  if (!token) {
    return null;
  }
  const needsToken = props.model.services.some(
    e => e.description.auth === 'platform-token'
  );
  if (token.available) {
    return (
      <div className="jp-RspApi-TokenLine" data-token="available">
        Token: {token.source ?? 'configured source'}
      </div>
    );
  }
  return (
    <div
      className={`jp-RspApi-TokenLine ${needsToken ? 'jp-mod-warning' : ''}`}
      data-token="missing"
      role={needsToken ? 'alert' : undefined}
    >
      {token.message || 'No access token found.'}
    </div>
  );
}

/** The list of discovered services with their health: a pure view of the model. */
export function ServicesView(props: {
  model: IServicesModel;
  onCheck: (serviceId: string) => void;
  onRetry: () => void;
}): JSX.Element {
  const { model } = props;
  return (
    <div className="jp-RspApi-ServicesView">
      <div className="jp-RspApi-ServicesView-context">
        {model.onPlatform ? 'Rubin Science Platform services' : 'IVOA services'}
      </div>
      <TokenLine model={model} />
      {model.loadError ? (
        <div className="jp-RspApi-Error" role="alert">
          <p>{model.loadError}</p>
          <button
            className="jp-mod-styled jp-mod-accept"
            onClick={props.onRetry}
          >
            Try again
          </button>
        </div>
      ) : null}
      {model.problems.map((problem, index) => (
        <div className="jp-RspApi-Problem" key={index} role="note">
          <strong>{problem.source}:</strong> {problem.message}
        </div>
      ))}
      {model.loading && model.services.length === 0 ? (
        <div className="jp-RspApi-Placeholder">Looking for services…</div>
      ) : null}
      {!model.loading && !model.loadError && model.services.length === 0 ? (
        <div className="jp-RspApi-Placeholder">
          No services found. On the Rubin Science Platform they are discovered
          automatically; elsewhere an administrator lists them with{' '}
          <code>c.RSPApi.services</code>.
        </div>
      ) : null}
      <ul className="jp-RspApi-ServiceList" aria-label="Services">
        {model.services.map(entry => (
          <ServiceItem
            key={entry.description.id}
            entry={entry}
            onCheck={props.onCheck}
          />
        ))}
      </ul>
    </div>
  );
}

/** What the add form says: a neutral note (checking, cancelled, what was found) or why not. */
type AddNote = { text: string; error: boolean } | null;

/**
 * A form to add a TAP service by URL. The server checks that the URL is a TAP service that
 * answers before it is kept in the browser's settings; the check can be cancelled.
 */
export function AddService(props: {
  onAdd: (url: string, title: string, signal: AbortSignal) => Promise<string>;
}): JSX.Element {
  const [url, setUrl] = React.useState('');
  const [title, setTitle] = React.useState('');
  const [note, setNote] = React.useState<AddNote>(null);
  const [checking, setChecking] = React.useState(false);
  const controller = React.useRef<AbortController | null>(null);
  React.useEffect(() => () => controller.current?.abort(), []);
  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setChecking(true);
    setNote({
      text: `Checking that ${url.trim()} is a TAP service…`,
      error: false
    });
    try {
      const found = await props.onAdd(url, title, current.signal);
      setUrl('');
      setTitle('');
      setNote({
        text: `${found} Added: choose it under “Added by you”.`,
        error: false
      });
    } catch (reason) {
      setNote(
        isCancelled(reason)
          ? { text: 'Cancelled.', error: false }
          : {
              text: reason instanceof Error ? reason.message : String(reason),
              error: true
            }
      );
    } finally {
      if (controller.current === current) {
        controller.current = null;
        setChecking(false);
      }
    }
  };
  return (
    <details className="jp-RspApi-AddService">
      <summary>Add a TAP service…</summary>
      {/* noValidate: the server's check says what is wrong, in one message. */}
      <form noValidate onSubmit={event => void submit(event)}>
        <input
          type="url"
          placeholder="https://…/tap"
          aria-label="URL of the new service"
          value={url}
          disabled={checking}
          onChange={event => setUrl(event.target.value)}
        />
        <input
          type="text"
          placeholder="Title (optional)"
          aria-label="Title of the new service"
          value={title}
          disabled={checking}
          onChange={event => setTitle(event.target.value)}
        />
        {checking ? (
          <button
            className="jp-mod-styled"
            type="button"
            onClick={() => controller.current?.abort()}
          >
            Cancel
          </button>
        ) : (
          <button className="jp-mod-styled" type="submit">
            Add
          </button>
        )}
        <p className="jp-RspApi-Hint">
          Checked and reached through the Jupyter server; never sent your
          platform token.
        </p>
        {note ? (
          <p
            className={note.error ? 'jp-RspApi-Error' : 'jp-RspApi-Note'}
            role={note.error ? 'alert' : 'status'}
          >
            {note.text}
          </p>
        ) : null}
      </form>
    </details>
  );
}
