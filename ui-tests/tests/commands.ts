import type { Page } from '@playwright/test';

/**
 * Run a lab command in the page, as the palette would (or a menu, with `args`). With
 * `wait: false` it returns once the command has started (a cell that runs until it is aborted,
 * for instance).
 */
export async function runCommand(
  page: Page,
  id: string,
  options: { wait?: boolean; args?: Record<string, string | number> } = {}
): Promise<void> {
  await page.evaluate(
    async ([command, wait, args]) => {
      // Galata exposes the running application on window.
      const done = window.jupyterapp.commands.execute(command, args);
      if (wait) {
        await done;
      }
    },
    [id, options.wait ?? true, options.args ?? {}] as const
  );
}

/** Start a UWS job through the extension's proxy, as any client would; returns its id. */
export async function startJob(page: Page, query: string): Promise<string> {
  return page.evaluate(async adql => {
    const xsrf = document.cookie.match(/_xsrf=([^;]+)/)?.[1] ?? '';
    const response = await fetch('/jupyterlab-rsp-api/proxy/tap/async', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-XSRFToken': decodeURIComponent(xsrf)
      },
      body: new URLSearchParams({
        REQUEST: 'doQuery',
        LANG: 'ADQL',
        QUERY: adql,
        PHASE: 'RUN'
      })
    });
    const text = await response.text();
    const id = text.match(/<uws:jobId>([^<]+)<\/uws:jobId>/)?.[1];
    if (!id) {
      throw new Error(`No job id in ${response.status}: ${text.slice(0, 300)}`);
    }
    // Not every service runs a job on PHASE=RUN at creation (DaCHS does not): start it.
    await fetch(`/jupyterlab-rsp-api/proxy/tap/async/${id}/phase`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-XSRFToken': decodeURIComponent(xsrf)
      },
      body: new URLSearchParams({ PHASE: 'RUN' })
    });
    return id;
  }, query);
}
