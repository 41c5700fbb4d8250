/**
 * The chat example in two tabs: live validation while typing (errors follow the server, only for
 * touched fields, focus stays in the input), a message posted with Enter reaching both tabs,
 * the message input cleared for the next one, presence, history for a tab opened later, and
 * user text escaped.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { startExamples } from './examples-harness.js';
import { describeWithBrowser, openPage, pageErrors, waitForJoin, waitForText } from './harness.js';

/** Just enough of an input element's type for the page function (the project has no DOM lib). */
interface InputLike {
  readonly value: string;
  readonly ownerDocument: { readonly activeElement: unknown };
}

function input(page: Page, selector: string): Promise<{ focused: boolean; value: string }> {
  return page.locator(selector).evaluate((el: InputLike) => ({
    focused: el.ownerDocument.activeElement === el,
    value: el.value,
  }));
}

/** Just enough of an element's type to measure it in a page function. */
interface Box {
  getBoundingClientRect(): { readonly top: number; readonly bottom: number };
}
interface LayoutGlobals {
  readonly innerHeight: number;
  readonly document: {
    readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
    querySelector(selector: string): Box;
  };
}

/** Where the last message and the message input are, against the log's box and the window. */
function layout(page: Page) {
  return page.evaluate(() => {
    const g = globalThis as unknown as LayoutGlobals;
    const log = g.document.querySelector('#messages').getBoundingClientRect();
    const last = g.document.querySelector('#messages li:last-child').getBoundingClientRect();
    const input = g.document.querySelector('#text').getBoundingClientRect();
    const root = g.document.documentElement;
    return {
      lastInLog: last.top >= log.top && last.bottom <= log.bottom + 1,
      inputInWindow: input.bottom <= g.innerHeight,
      sideways: root.scrollWidth > root.clientWidth,
    };
  });
}

/** Sends `text` as `name` from `page` and waits until it is the last message there. */
async function say(page: Page, text: string): Promise<void> {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
  await waitForText(page, '#messages li:last-child', `Ann: ${text}`);
}

/** Waits until the input at `selector` holds `value`. */
async function waitForValue(page: Page, selector: string, value: string): Promise<void> {
  await page.waitForFunction(
    ([s, v]) =>
      (
        globalThis as unknown as { document: { querySelector(s: string): InputLike | null } }
      ).document.querySelector(s)?.value === v,
    [selector, value] as const,
  );
}

describeWithBrowser('the chat example', () => {
  it('validates as you type, posts with Enter to every tab, and clears the message input', async () => {
    const app = await startExamples();
    const ann = await openPage(app, '/chat');
    const bob = await openPage(app, '/chat');
    await waitForText(ann, '#online', '2');

    await ann.focus('#name');
    await ann.keyboard.type('A');
    await waitForText(ann, '#name-error', 'Your name takes 2 to 40 characters.');
    // The message field was not touched yet: no error under it.
    expect(await ann.textContent('#text-error')).toBe('');
    expect(await input(ann, '#name')).toEqual({ focused: true, value: 'A' });
    await ann.keyboard.type('nn');
    await waitForText(ann, '#name-error', '');
    expect(await input(ann, '#name')).toEqual({ focused: true, value: 'Ann' });

    await ann.focus('#text');
    await ann.keyboard.type('x');
    await ann.keyboard.press('Backspace');
    await waitForText(ann, '#text-error', 'Write something first.');
    await ann.keyboard.type('Hello, Bob');
    await waitForText(ann, '#text-error', '');
    expect(await input(ann, '#text')).toEqual({ focused: true, value: 'Hello, Bob' });

    await ann.keyboard.press('Enter');
    await waitForText(ann, '#messages li:last-child', 'Ann: Hello, Bob');
    await waitForText(bob, '#messages li:last-child', 'Ann: Hello, Bob');
    await waitForValue(ann, '#text', '');
    expect(await input(ann, '#text')).toEqual({ focused: true, value: '' });
    expect(await input(ann, '#name')).toEqual({ focused: false, value: 'Ann' });

    // A tab opened later gets the history from the room process; closing one updates presence.
    const cat = await openPage(app, '/chat');
    await waitForText(cat, '#messages li:last-child', 'Ann: Hello, Bob');
    await waitForText(ann, '#online', '3');
    await bob.close();
    await waitForText(ann, '#online', '2');
    await waitForText(cat, '#online', '2');

    expect(pageErrors(ann)).toEqual([]);
    expect(pageErrors(cat)).toEqual([]);
  });

  it('renders what users type as text, never as markup', async () => {
    const app = await startExamples();
    const page = await openPage(app, '/chat');
    await page.fill('#name', '<b>Eve</b>');
    await page.fill('#text', '<img src=x onerror=alert(1)>');
    await page.press('#text', 'Enter');
    await waitForText(page, '#messages li:last-child', '<b>Eve</b>: <img src=x onerror=alert(1)>');
    expect(await page.locator('#messages img').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  it('follows new messages in its own scrolling box, wraps a long word, and keeps the form in view', async () => {
    const app = await startExamples();
    const phone = await openPage(app, '/chat', { viewport: { width: 390, height: 844 } });
    const wide = await openPage(app, '/chat');
    await phone.fill('#name', 'Ann');
    for (let i = 1; i <= 14; i++) await say(phone, `message ${i}`);
    await say(phone, 'w'.repeat(190));
    await waitForText(wide, '#messages li:last-child', `Ann: ${'w'.repeat(190)}`);
    for (const page of [phone, wide]) {
      expect(await layout(page)).toEqual({ lastInLog: true, inputInWindow: true, sideways: false });
    }
    expect(pageErrors(phone)).toEqual([]);
  });

  it('gives back what was typed after the server restarts (form recovery)', async () => {
    const app = await startExamples();
    const page = await openPage(app, '/chat');
    await page.fill('#name', 'Ann');
    await page.fill('#text', 'half a thought');
    await page.locator('h1').click();

    await app.stop();
    await page.locator('[data-phx-main].phx-error').waitFor({ state: 'attached' });
    await app.start();
    await waitForJoin(page);
    expect(await page.inputValue('#name')).toBe('Ann');
    expect(await page.inputValue('#text')).toBe('half a thought');
    // The new room process got the form from the recovery: sending needs nothing retyped.
    await page.press('#text', 'Enter');
    await waitForText(page, '#messages li:last-child', 'Ann: half a thought');
    expect(pageErrors(page)).toEqual([]);
  });
});
