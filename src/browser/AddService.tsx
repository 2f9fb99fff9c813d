import * as React from 'react';

import { IServiceActions } from './types';

/** A form to add a TAP service by URL; it is kept in the browser's settings. */
export function AddService(props: { actions: IServiceActions }): JSX.Element {
  const [url, setUrl] = React.useState('');
  const [title, setTitle] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.actions.addService(url, title);
      setUrl('');
      setTitle('');
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="jp-RspApi-AddService">
      <summary>Add a TAP service…</summary>
      <form onSubmit={event => void submit(event)}>
        <input
          type="url"
          required
          placeholder="https://…/tap"
          aria-label="URL of the new service"
          value={url}
          onChange={event => setUrl(event.target.value)}
        />
        <input
          type="text"
          placeholder="Title (optional)"
          aria-label="Title of the new service"
          value={title}
          onChange={event => setTitle(event.target.value)}
        />
        <button className="jp-mod-styled" type="submit" disabled={busy}>
          Add
        </button>
        <p className="jp-RspApi-Hint">
          Reached through the Jupyter server; never sent your platform token.
        </p>
        {error ? (
          <p className="jp-RspApi-Error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </details>
  );
}
