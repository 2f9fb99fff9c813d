import type { Page } from '@playwright/test';

/**
 * Run a lab command in the page, as the palette would. With `wait: false` it returns once the
 * command has started (a cell that runs until it is aborted, for instance).
 */
export async function runCommand(
  page: Page,
  id: string,
  options: { wait?: boolean } = {}
): Promise<void> {
  await page.evaluate(
    async ([command, wait]) => {
      // Galata exposes the running application on window.
      const done = window.jupyterapp.commands.execute(command);
      if (wait) {
        await done;
      }
    },
    [id, options.wait ?? true] as const
  );
}
