import * as React from 'react';

import { isCancelled } from '../services/errors';

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
        {/* Distinct keys: React would otherwise reuse one <button> and turn the click on
            Cancel into a second submit of the form. */}
        {checking ? (
          <button
            key="cancel"
            className="jp-mod-styled"
            type="button"
            onClick={() => controller.current?.abort()}
          >
            Cancel
          </button>
        ) : (
          <button key="add" className="jp-mod-styled" type="submit">
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
