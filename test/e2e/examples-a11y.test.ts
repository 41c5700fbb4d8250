/**
 * Every page of the examples app in Chromium, in each state that matters (first load, after an
 * action, with an error shown): axe-core finds no violation of impact serious or critical, no
 * request fails, and at 390 px nothing scrolls sideways. On the way it takes the README's screenshots
 * (docs/screenshots/), so they always show the pages as they are.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { EXAMPLES } from '../../examples/app.js';
import { seriousViolations } from './axe.js';
import { exampleFiles } from './example-files.js';
import { startExamples } from './examples-harness.js';
import {
  describeWithBrowser,
  failedRequests,
  openPage,
  pageErrors,
  waitForJoin,
  waitForText,
} from './harness.js';
import { waitForJobStatus } from './long-job-page.js';
import { saveScreenshot } from './screenshots.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** Just enough of the browser's globals for the page functions here (the project has no DOM lib). */
interface Globals {
  readonly document: {
    readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
    querySelector(selector: string): { readonly value: number };
    querySelectorAll(selector: string): Iterable<unknown>;
    createRange(): {
      selectNodeContents(node: unknown): void;
      getClientRects(): { readonly length: number };
    };
  };
}

/** The window's scrolling, in a page function. */
interface Scroller {
  scrollTo(x: number, y: number): void;
}

/** Scrolls the window to `y` (past the end: to the end). */
function scrollWindow(page: Page, y: number): Promise<void> {
  return page.evaluate((to) => (globalThis as unknown as Scroller).scrollTo(0, to), y);
}

/** Fails with axe's findings when the page, as it is now, has a serious or critical violation. */
async function expectAccessible(page: Page, state: string): Promise<void> {
  expect(await seriousViolations(page), `axe, ${state}`).toEqual([]);
}

/** Whether the page is wider than the window (a phone would scroll it sideways). */
function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as Globals).document.documentElement;
    return root.scrollWidth > root.clientWidth;
  });
}

/** The texts of `selector` that take more than one line. */
function wrapped(page: Page, selector: string): Promise<number> {
  return page.evaluate((s) => {
    const { document } = globalThis as unknown as Globals;
    let count = 0;
    for (const el of document.querySelectorAll(s)) {
      const range = document.createRange();
      range.selectNodeContents(el);
      if (range.getClientRects().length > 1) count++;
    }
    return count;
  }, selector);
}

describeWithBrowser('the examples, accessible and laid out at 1280 and 390 px', () => {
  const paths = ['/', ...EXAMPLES.flatMap((e) => e.routes.map((r) => r.path))];

  it.each(paths)('%s on first load', async (path) => {
    const app = await startExamples();
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await openPage(app, path, { viewport });
      await expectAccessible(page, `${path} at ${viewport.width} px`);
      expect(await scrollsSideways(page), `${path} at ${viewport.width} px`).toBe(false);
      if (path === '/') await saveScreenshot(page, `index-${viewport.width}`);
      expect(pageErrors(page)).toEqual([]);
      // The stylesheet and the icon are there: no 404 for a favicon.
      expect(failedRequests(page)).toEqual([]);
    }
  });

  it('reservations: after a reservation, and with the late-click error', async () => {
    const app = await startExamples();
    const page = await openPage(app, '/reservations', { viewport: DESKTOP });
    await page.click('#reserve');
    await waitForText(page, '#flash-info', 'You reserved a ticket.');
    await expectAccessible(page, 'after a reservation');
    await saveScreenshot(page, 'reservations');

    for (let left = 8; left >= 0; left--) {
      await page.click('#reserve');
      await waitForText(page, '#left', ticketsLeft(left));
    }
    // A click that raced the last sale: the button was still enabled when it was pressed.
    await page
      .locator('#reserve')
      .evaluate((el: { removeAttribute(name: string): void }) => el.removeAttribute('disabled'));
    await page.click('#reserve');
    await waitForText(page, '#flash-error', 'Too late: the last ticket just went.');
    await expectAccessible(page, 'with the error flash');
    expect(pageErrors(page)).toEqual([]);
  });

  it('events: a sold-out row, a restock, the live-component page, and rows on a phone', async () => {
    const app = await startExamples();
    const page = await openPage(app, '/events', { viewport: DESKTOP });
    await page.click('#concert-3 button');
    await waitForText(page, '#concert-3 .row-remaining', 'Sold out');
    await page.click('#concert-2 button');
    await waitForText(page, '#concert-2 .row-remaining', '2 tickets left');
    await expectAccessible(page, 'with a sold-out row');
    await saveScreenshot(page, 'events');

    const phone = await openPage(app, '/events', { viewport: PHONE });
    expect(await wrapped(phone, '.row-remaining')).toBe(0);
    await saveScreenshot(phone, 'events-390');

    await page.click('#restock');
    await waitForText(page, '#flash-info', 'Every concert is back to its first stock.');
    await waitForText(page, '#concert-3 .row-remaining', '1 ticket left');
    await expectAccessible(page, 'after a restock');

    await page.click('a[href="/events/components"]');
    await waitForText(page, 'h1', 'Concerts, as live components');
    await waitForJoin(page);
    await page.click('#concert-1 button');
    await waitForText(page, '#concert-1 .row-remaining', '39 tickets left');
    await expectAccessible(page, 'the live-component page after a reservation');
    expect(pageErrors(page)).toEqual([]);
  });

  it('localization: Polish, with tickets in the basket', async () => {
    const app = await startExamples();
    const page = await openPage(app, '/localization', { viewport: DESKTOP });
    await page.click('a[hreflang="pl"]');
    await waitForText(page, 'h1', 'Lokalizacja');
    for (const basket of ['1 bilet w koszyku', '2 bilety w koszyku']) {
      await page.click('button.button-primary');
      await waitForText(page, '#basket', basket);
    }
    await expectAccessible(page, 'in Polish');
    await saveScreenshot(page, 'localization');
    expect(pageErrors(page)).toEqual([]);
  });

  it('chat: with errors under the fields, then a conversation, on a phone too', async () => {
    const app = await startExamples();
    const ann = await openPage(app, '/chat', { viewport: DESKTOP });
    const bob = await openPage(app, '/chat', { viewport: PHONE });
    await ann.fill('#name', 'A');
    await waitForText(ann, '#name-error', 'Your name takes 2 to 40 characters.');
    await ann.press('#text', 'Enter');
    await waitForText(ann, '#text-error', 'Write something first.');
    expect(await ann.getAttribute('#name', 'aria-invalid')).toBe('true');
    await expectAccessible(ann, 'with both errors shown');

    await ann.fill('#name', 'Ann');
    await bob.fill('#name', 'Bob');
    const lines: [Page, string, string][] = [
      [ann, 'Ann', 'Hello! Is this thing live?'],
      [bob, 'Bob', 'It is. I see every word as you send it.'],
      [ann, 'Ann', `And a long one: ${'w'.repeat(120)}`],
      [bob, 'Bob', 'Wrapped, and the page stays put.'],
    ];
    for (const [page, name, text] of lines) {
      await page.fill('#text', text);
      await page.press('#text', 'Enter');
      await waitForText(ann, '#messages li:last-child', `${name}: ${text}`);
      await waitForText(bob, '#messages li:last-child', `${name}: ${text}`);
    }
    await expectAccessible(ann, 'after messages');
    expect(await scrollsSideways(bob)).toBe(false);
    await saveScreenshot(ann, 'chat');
    await saveScreenshot(bob, 'chat-390');
    expect(pageErrors(ann)).toEqual([]);
  });

  it('activity log: pages down, back up to the top, and on a phone', async () => {
    const app = await startExamples();
    const phone = await openPage(app, '/activity', { viewport: PHONE });
    await saveScreenshot(phone, 'activity-390');
    const page = await openPage(app, '/activity', { viewport: DESKTOP });
    for (const last of ['entries-4961', 'entries-4941']) {
      await scrollWindow(page, 1e6);
      await page.locator(`#${last}`).waitFor({ state: 'attached' });
    }
    await expectAccessible(page, 'pages down');
    await scrollWindow(page, 0);
    await page.locator('#entries > #entries-5000').waitFor({ state: 'attached' });
    await expectAccessible(page, 'back at the top');
    expect(await scrollsSideways(phone)).toBe(false);
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(phone)).toEqual([]);
  });

  it('long job: while counting, and done', async () => {
    const app = await startExamples();
    const page = await openPage(app, '/long-job', { viewport: DESKTOP });
    await page.selectOption('#below', '20000000');
    await page.click('#start');
    await page.waitForFunction(
      () =>
        Number((globalThis as unknown as Globals).document.querySelector('#progress').value) > 0,
    );
    await expectAccessible(page, 'while counting');
    await page.click('#cancel');
    await waitForText(page, '#status', 'Cancelled.');

    await page.selectOption('#below', '1000000');
    await page.click('#start');
    await waitForJobStatus(page, '78,498 primes below 1,000,000.');
    await waitForText(page, '#percent', '100%');
    await expectAccessible(page, 'done');
    await saveScreenshot(page, 'long-job');
    expect(pageErrors(page)).toEqual([]);
  });

  it('uploads: photos with errors, previews and a CSV counted, on a phone too', async () => {
    const app = await startExamples();
    const file = await exampleFiles(2_000);
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await openPage(app, '/uploads', { viewport });
      await page
        .locator('#photos-form input[type=file]')
        .setInputFiles([file('one.png'), file('two.png'), file('huge.png'), file('fake.png')]);
      await page.locator('#photos-form [role=alert]').waitFor();
      await expectAccessible(page, `uploads with errors at ${viewport.width} px`);
      expect(await scrollsSideways(page), `uploads at ${viewport.width} px`).toBe(false);
      await page.click('button[aria-label="Remove huge.png"]');
      await page.click('button[aria-label="Remove fake.png"]');
      await page.locator('#photos-form .upload-item').nth(1).waitFor();
      await page.locator('#photos-form .upload-item').nth(2).waitFor({ state: 'detached' });
      if (viewport === DESKTOP) await saveScreenshot(page, 'uploads-picked');
      await page.click('#save');
      await page.locator('#received li').nth(1).waitFor();
      await page.locator('#csv-form input[type=file]').setInputFiles(file('data.csv'));
      await waitForText(page, '#csv-status', 'data.csv: 2,000 rows of 3 columns.');
      await expectAccessible(page, `uploads done at ${viewport.width} px`);
      expect(await scrollsSideways(page), `uploads done at ${viewport.width} px`).toBe(false);
      await saveScreenshot(page, viewport === DESKTOP ? 'uploads' : 'uploads-390');
      expect(pageErrors(page)).toEqual([]);
    }
  });

  it('sticky basket: with holds and a note, on a phone too', async () => {
    const app = await startExamples();
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await openPage(app, '/basket/concerts', { viewport });
      await page.locator('#basket.phx-connected').waitFor({ state: 'attached' });
      await page.click('#item-c2 button');
      await waitForText(page, '#basket-note', 'Holding Harbour Brass Band for 5 minutes.');
      await page.click('nav a[href="/basket/workshops"]');
      await waitForJoin(page);
      await page.locator('#item-w3').waitFor();
      await page.click('#item-w3 button');
      await waitForText(page, '#basket-total', '€73');
      await expectAccessible(page, `with two holds at ${viewport.width} px`);
      expect(await scrollsSideways(page), `at ${viewport.width} px`).toBe(false);
      expect(pageErrors(page)).toEqual([]);
    }
  });

  it('supervision: after counting and a crash', async () => {
    const app = await startExamples();
    const page = await openPage(app, '/supervision', { viewport: DESKTOP });
    await page.click('#inc-kept');
    await waitForText(page, '#kept', '1');
    await page.click('#inc-kept');
    await waitForText(page, '#kept', '2');
    await page.click('#inc-mine');
    await waitForText(page, '#mine', '1');
    await page.click('#crash');
    await waitForText(page, '#restarts', 'This view has restarted 1 time.');
    await waitForJoin(page);
    await expectAccessible(page, 'after a crash');
    await saveScreenshot(page, 'supervision');
    expect(pageErrors(page)).toEqual([]);
  });
});

function ticketsLeft(n: number): string {
  if (n === 0) return 'Sold out';
  return n === 1 ? '1 ticket left' : `${n} tickets left`;
}
