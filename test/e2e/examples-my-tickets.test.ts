/**
 * The "My tickets" example in Chromium with our client, the whole way: an anonymous visit sent
 * to the login page, the form validated as it is filled and posted by phx-trigger-action, the
 * tickets page live in two tabs of one browser and in a second browser, and "Log out
 * everywhere" sending every one of them to the login page. Accessible at 1280 and 390 px.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { startExamples } from './examples-harness.js';
import { describeWithBrowser, openPage, pageErrors, waitForJoin, waitForText } from './harness.js';
import { saveScreenshot } from './screenshots.js';

const PHONE = { width: 390, height: 844 };

/** A page reloads into the login page within the client's reload jitter (5-10 s) and more. */
const RELOAD_MS = 25_000;

/** Signs in on the login page `page` shows, and waits for the tickets page to join. */
async function signIn(page: Page, password = 'tickets-please'): Promise<void> {
  await page.fill('#email', 'ann@example.com');
  await page.fill('#password', password);
  await page.click('#login button');
  await page.waitForURL(/\/tickets$/);
  await waitForJoin(page);
}

describeWithBrowser('the My tickets example', () => {
  it('signs in, lives in every tab, and logs out everywhere', async () => {
    const app = await startExamples();
    const ann = await openPage(app, '/tickets');
    expect(new URL(ann.url()).pathname).toBe('/login');
    await waitForText(ann, '#flash-error', 'Please sign in to see your tickets.');

    // Checked as it is filled: the address on leaving the field, the rest on submit.
    await ann.fill('#email', 'ann@');
    await ann.press('#email', 'Tab');
    await waitForText(ann, '#email-error', 'Enter an email address, like ann@example.com.');
    expect(await ann.getAttribute('#email', 'aria-invalid')).toBe('true');
    await ann.fill('#email', 'ann@example.com');
    await ann.fill('#password', 'not it');
    await ann.press('#password', 'Enter');
    await waitForText(
      ann,
      '#login-failure',
      'That email address and password do not match an account.',
    );
    expect(await seriousViolations(ann)).toEqual([]);
    await saveScreenshot(ann, 'my-tickets-login');

    await signIn(ann);
    await waitForText(ann, 'h1', 'My tickets');
    await ann.click('#reserve');
    await waitForText(ann, '#flash-info', 'The ticket is yours.');
    expect(await seriousViolations(ann)).toEqual([]);
    await saveScreenshot(ann, 'my-tickets');

    // A second tab of the same browser, and a second browser of the same user.
    const tab = await openPage(app, '/tickets', { tabOf: ann });
    await waitForText(tab, '#tickets .hold-name', 'Ticket 1');
    const phone = await openPage(app, '/login', { viewport: PHONE });
    await signIn(phone);
    await waitForText(phone, '#tickets .hold-name', 'Ticket 1');
    expect(await scrollsSideways(phone)).toBe(false);
    expect(await seriousViolations(phone)).toEqual([]);
    await saveScreenshot(phone, 'my-tickets-390');

    // A ticket taken in one is news in the others.
    await tab.click('#reserve');
    await waitForText(ann, '#left', '8 tickets left');
    await waitForText(phone, '#left', '8 tickets left');

    await ann.click('#logout-everywhere');
    await ann.waitForURL(/\/login\?signed-out=everywhere$/);
    await waitForText(
      ann,
      '#flash-info',
      'You are signed out on every browser: their pages went to this one.',
    );
    for (const other of [tab, phone]) {
      await other.waitForURL(/\/login$/, { timeout: RELOAD_MS });
      await waitForText(other, '#flash-error', 'Please sign in to see your tickets.');
    }
    for (const page of [ann, tab, phone]) expect(pageErrors(page)).toEqual([]);
  });

  it('a signed-in visit to the login page goes on to the tickets, and Log out ends this browser only', async () => {
    const app = await startExamples();
    const ann = await openPage(app, '/login');
    await signIn(ann);
    const elsewhere = await openPage(app, '/login');
    await signIn(elsewhere);

    await ann.goto(`${app.url}/login`);
    await ann.waitForURL(/\/tickets$/);
    await waitForJoin(ann);

    await ann.click('#logout');
    await ann.waitForURL(/\/login\?signed-out=here$/);
    await waitForText(ann, '#flash-info', 'You are signed out.');
    // The other browser is still in: its page stays live.
    await elsewhere.click('#reserve');
    await waitForText(elsewhere, '#flash-info', 'The ticket is yours.');
    expect(pageErrors(ann)).toEqual([]);
    expect(pageErrors(elsewhere)).toEqual([]);
  });
});

/** Whether the page is wider than the window (a phone would scroll it sideways). */
function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as {
      readonly document: { readonly documentElement: { scrollWidth: number; clientWidth: number } };
    };
    const root = document.documentElement;
    return root.scrollWidth > root.clientWidth;
  });
}
