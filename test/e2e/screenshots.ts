/**
 * The README's pictures of the examples, taken by the e2e run so they always show the pages as
 * they are. A file is rewritten only when its pixels' encoding changed, so a run that changes
 * nothing leaves the working tree clean.
 *
 * @example
 * await saveScreenshot(page, 'chat');        // docs/screenshots/chat.png
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** Just enough of the browser's globals to drop the focus (the project has no DOM lib). */
interface FocusGlobals {
  readonly document: { readonly activeElement: { blur(): void } | null };
}

/** Where the pictures go: `docs/screenshots/` of the repository. */
export const SCREENSHOTS_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/**
 * Saves the whole page (not only the window) as `docs/screenshots/<name>.png`.
 *
 * @example
 * await saveScreenshot(page, 'index-390');
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  // The pointer rests where the last click was and focus where the last key went: a hover or
  // focus style there is not the page's look, and whether it shows depends on timing.
  await page.mouse.move(0, 0);
  await page.evaluate(() => (globalThis as unknown as FocusGlobals).document.activeElement?.blur());
  const png = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
  const file = `${SCREENSHOTS_DIR}${name}.png`;
  const before = await readFile(file).catch(() => undefined);
  if (before?.equals(png)) return;
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  await writeFile(file, png);
}
