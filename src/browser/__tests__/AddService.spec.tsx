/**
 * The add-service form: one message where the user acted, and a Cancel that is not an error.
 */
import * as React from 'react';

import { ServiceCallError } from '../../services/errors';
import { AddService } from '../AddService';

type OnAdd = (
  url: string,
  title: string,
  signal: AbortSignal
) => Promise<string>;

// react-dom has no type declarations in this project; the two calls used here, typed.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { createRoot } = require('react-dom/client') as {
  createRoot(container: Element): {
    render(node: React.ReactNode): void;
    unmount(): void;
  };
};

let root: ReturnType<typeof createRoot> | null = null;
let host: HTMLElement;

afterEach(() => {
  root?.unmount();
  root = null;
  host.remove();
});

/** React renders on its own schedule: wait until the form shows what is expected. */
async function until(ready: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !ready(); tries++) {
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  expect(ready()).toBe(true);
}

async function render(onAdd: OnAdd): Promise<void> {
  host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  root.render(<AddService onAdd={onAdd} />);
  await until(() => host.querySelector('form') !== null);
}

async function type(label: string, value: string): Promise<void> {
  const input = host.querySelector<HTMLInputElement>(
    `input[aria-label="${label}"]`
  );
  if (!input) {
    throw new Error(`no input ${label}`);
  }
  // React listens for the input event after the native value setter.
  Object.getOwnPropertyDescriptor(
    HTMLInputElement.prototype,
    'value'
  )?.set?.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await until(() => input.value === value);
}

function submit(): void {
  host
    .querySelector('form')
    ?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

function button(text: string): HTMLButtonElement | undefined {
  return [...host.querySelectorAll('button')].find(b => b.textContent === text);
}

function said(role: 'alert' | 'status'): string[] {
  return [...host.querySelectorAll(`[role="${role}"]`)].map(
    e => e.textContent ?? ''
  );
}

describe('AddService', () => {
  it('says why a URL is not kept once, as an alert', async () => {
    const message =
      'Not added: http://127.0.0.1:9/tap could not be reached: nothing accepts connections at 127.0.0.1:9 (refused); check the host and port.';
    await render(async () => {
      throw new Error(message);
    });
    await type('URL of the new service', 'http://127.0.0.1:9/tap');
    submit();
    await until(() => said('alert').length > 0);
    expect(said('alert')).toEqual([message]);
    expect(host.textContent?.split(message)).toHaveLength(2);
    expect(host.textContent).not.toMatch(/Client\w*Error/);
  });

  it('shows a cancelled check as a neutral note, never an error', async () => {
    let signal: AbortSignal | undefined;
    await render(
      (_url, _title, given) =>
        new Promise((_, reject) => {
          signal = given;
          given.addEventListener('abort', () =>
            reject(new ServiceCallError('cancelled', 'Cancelled.'))
          );
        })
    );
    await type('URL of the new service', 'https://slow.example.org/tap');
    submit();
    await until(() => button('Cancel') !== undefined);
    expect(said('status')).toEqual([
      'Checking that https://slow.example.org/tap is a TAP service…'
    ]);
    expect(button('Add')).toBeUndefined();
    button('Cancel')?.click();
    await until(() => button('Add') !== undefined);
    expect(signal?.aborted).toBe(true);
    expect(said('alert')).toEqual([]);
    expect(said('status')).toEqual(['Cancelled.']);
  });

  it('clears the form once the service is kept and says what the check found', async () => {
    const asked: [string, string][] = [];
    await render(async (url, title) => {
      asked.push([url, title]);
      return 'A TAP service: its capabilities declare TAP.';
    });
    await type('URL of the new service', 'https://tap.example.org/tap');
    await type('Title of the new service', 'Mine');
    submit();
    await until(() => said('status')[0]?.startsWith('A TAP service') ?? false);
    expect(asked).toEqual([['https://tap.example.org/tap', 'Mine']]);
    expect(said('status')).toEqual([
      'A TAP service: its capabilities declare TAP. Added: choose it under “Added by you”.'
    ]);
    expect(
      host.querySelector<HTMLInputElement>('input[type="url"]')?.value
    ).toBe('');
  });
});
