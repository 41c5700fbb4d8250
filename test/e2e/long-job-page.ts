/**
 * Waiting for the long job example in a page. How long a job takes depends on the machine, so
 * no wait is for the whole job: each waits for its next step (the bar moving, or the status
 * changing) with Playwright's timeout for one wait, so it fails only when the job stops making
 * progress, never because the machine is slow.
 *
 * @example
 * await page.click('#start');
 * await waitForJobStatus(page, '78,498 primes below 1,000,000.');
 */
import type { Page } from 'playwright-core';

/** Just enough of the browser's globals for the page functions (the project has no DOM lib). */
interface JobGlobals {
  readonly document: {
    querySelector(selector: string): { readonly value: number; readonly textContent: string };
  };
}

/** Waits, one step of the job at a time, until the status line reads `text`. */
export async function waitForJobStatus(page: Page, text: string): Promise<void> {
  for (;;) {
    const seen = await page.evaluate(() => {
      const { document } = globalThis as unknown as JobGlobals;
      return {
        bar: document.querySelector('#progress').value,
        status: document.querySelector('#status').textContent,
      };
    });
    if (seen.status === text) return;
    await page.waitForFunction((last) => {
      const { document } = globalThis as unknown as JobGlobals;
      return (
        document.querySelector('#progress').value !== last.bar ||
        document.querySelector('#status').textContent !== last.status
      );
    }, seen);
  }
}
