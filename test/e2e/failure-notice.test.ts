/**
 * A failed view looks failed, in our client: a view the server gave up on shows the failure
 * notice above it at once; a mount that always throws reloads the page `maxReloads` times, then
 * stays on the notice until the user reloads; a click while offline is refused visibly and not
 * sent later; and all of it holds under a strict Content-Security-Policy.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { expect, it, onTestFinished } from 'vitest';
import { createLiveServer } from '../../transport/index.js';
import { defineLiveView, html } from '../../views/index.js';
import { TEST_SECRET } from '../support/live-client.js';
import { seriousViolations } from './axe.js';
import {
  describeWithBrowser,
  type E2eServerOptions,
  markWindow,
  openPage,
  pageErrors,
  startServer,
  waitForJoin,
  windowMarker,
} from './harness.js';
import { layoutFor } from './layouts.js';

/** The browser globals these tests touch (the project has no DOM lib). */
interface Globals {
  liveactorOptions?: Record<string, unknown>;
  cspViolations?: string[];
  readonly document: {
    addEventListener(type: string, listener: (e: { violatedDirective: string }) => void): void;
    readonly body: { setAttribute(name: string, value: string): void };
  };
  readonly sessionStorage: { readonly length: number };
  getComputedStyle(el: unknown): { getPropertyValue(property: string): string };
}

/** LiveSocket options for the page, set before our client's script reads them. */
function withOptions(options: Record<string, unknown>) {
  return (page: Page) =>
    page.addInitScript((o) => {
      (globalThis as unknown as Globals).liveactorOptions = o;
    }, options);
}

/** A counter whose `crash` throws; every `inc` it receives is logged in `received`. */
function crashingCounter(received: string[] = []) {
  return defineLiveView<{ count: number }, { inc: unknown; crash: unknown }>({
    mount(_params, _session, socket) {
      socket.assign({ count: 0 });
    },
    handleEvent(event, _value, socket) {
      if (event === 'crash') throw new Error('crash on demand (expected by the e2e test)');
      received.push(event);
      socket.update('count', (n) => n + 1);
    },
    render: (a) =>
      html`<p id="count">${a.count}</p><button id="inc" phx-click="inc">+</button><button id="crash" phx-click="crash">crash</button>`,
  });
}

/** Nothing inline may style the page; scripts and sockets only from the page's own origin. */
const STRICT_CSP = "default-src 'self'; style-src 'self'";

/**
 * A live server whose every answer carries {@link STRICT_CSP}; `stop` closes it (and it is
 * closed when the test ends).
 */
async function startStrictServer(options: E2eServerOptions) {
  const live = createLiveServer({
    ...options,
    secret: TEST_SECRET,
    layout: layoutFor('liveactor'),
  });
  const http = createServer((req, res) => {
    res.setHeader('content-security-policy', STRICT_CSP);
    live.handler(req, res);
  });
  http.on('upgrade', live.upgrade);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const closed = new Promise<void>((resolve) => http.on('close', resolve));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      http.close();
      await live.close();
      http.closeAllConnections();
      await closed;
    })();
    return stopping;
  };
  onTestFinished(stop);
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, stop };
}

/** No restart allowed: the first crash is past the limit. */
const GIVE_UP_AT_ONCE = { intensity: 0, period: 5000 };
/** Longer than any test: a notice that shows did not wait for one of these delays. */
const NEVER = 600_000;

describeWithBrowser('a failed view, in our client', () => {
  it('shows the notice as soon as the server gives up on a view past its restart limit', async () => {
    const server = await startServer('liveactor', {
      routes: [{ path: '/', view: crashingCounter() }],
      restart: GIVE_UP_AT_ONCE,
    });
    const page = await openPage(server, '/', {
      before: async (p) => {
        await p.clock.install();
        await withOptions({ offlineBannerDelayMs: NEVER, reloadJitterMin: NEVER })(p);
      },
    });
    // The page's clock stands still from here: the notice cannot be waiting on any timer of
    // the page, only on the server's answer (well within 1 s).
    await page.clock.pauseAt(Date.now() + 1000);
    // Dispatched: a pointer click would wait for animation frames, which stand still too.
    await page.locator('#crash').dispatchEvent('click');
    const notice = page.locator('[data-phx-failure-notice]');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await notice.textContent()).toBe('Something went wrong. Reloading\u2026');
    expect(
      await page.locator('[data-phx-failure-notice] + [data-phx-main].phx-failed').count(),
    ).toBe(1);

    // A click on the failed view is not swallowed: the button says it did not go through.
    await page.locator('#inc').dispatchEvent('click');
    await page.locator('#inc.phx-offline-rejected').waitFor({ state: 'attached' });
    await page.locator('[data-phx-failure-notice].phx-pulse').waitFor({ state: 'attached' });
    expect(await page.textContent('#count')).toBe('0');
    // axe runs on timers of its own. The dimmed view is meant to read as inactive.
    await page.clock.resume();
    expect(await seriousViolations(page, ['.phx-failed'])).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });

  it('stops reloading a page whose mount always throws, and stays on the notice', async () => {
    let loads = 0;
    let healthy = false;
    const broken = defineLiveView<{ n: number }>({
      mount(_params, _session, socket) {
        if (!socket.connected) loads++;
        else if (!healthy) throw new Error('mount fails on purpose (expected by the e2e test)');
        socket.assign({ n: loads });
      },
      render: (a) => html`<p id="hello">Hello, load ${a.n}</p>`,
    });
    const server = await startServer('liveactor', {
      routes: [{ path: '/', view: broken }],
      restart: GIVE_UP_AT_ONCE,
    });
    const page = await openPage(server, '/', {
      join: false,
      before: async (p) => {
        await p.clock.install();
        await withOptions({ maxReloads: 2, reloadJitterMin: 100, reloadJitterMax: 200 })(p);
      },
    });
    const stopped = page.locator('[data-phx-failure-notice]', { hasText: 'stopped working' });
    await stopped.waitFor({ state: 'visible' });
    // The first load and two reloads.
    expect(loads).toBe(3);
    expect(await page.locator('[data-phx-main].phx-failed').count()).toBe(1);

    // A hundred times the longest reload delay later, nothing was tried again.
    const marker = await markWindow(page);
    await page.clock.runFor(20_000);
    expect(await windowMarker(page)).toBe(marker);
    expect(loads).toBe(3);
    expect(await stopped.isVisible()).toBe(true);

    // The user's own Reload, once the server is fixed, brings the page back.
    healthy = true;
    await stopped.getByRole('button', { name: 'Reload' }).click();
    await waitForJoin(page);
    expect(loads).toBe(4);
    expect(await page.locator('[data-phx-failure-notice]').count()).toBe(0);
    expect(
      await page.evaluate(() => (globalThis as unknown as Globals).sessionStorage.length),
    ).toBe(0);
  });

  it('refuses a click while offline, visibly, and does not send it after the reconnect', async () => {
    const received: string[] = [];
    const server = await startServer('liveactor', {
      routes: [{ path: '/', view: crashingCounter(received) }],
    });
    const page = await openPage(server, '/', {
      before: withOptions({ offlineBannerDelayMs: NEVER }),
    });
    await server.stop();
    await page.locator('[data-phx-main].phx-client-error').waitFor({ state: 'attached' });
    const banner = page.locator('[data-phx-offline-banner]');
    expect(await banner.count()).toBe(0);

    await page.click('#inc');
    await page.locator('#inc.phx-offline-rejected').waitFor({ state: 'attached' });
    expect(await page.locator('#inc.phx-click-loading').count()).toBe(0);
    // The banner shows at once for the refused click, long before its delay, then pulses.
    await banner.waitFor({ state: 'visible' });
    expect(await banner.getAttribute('role')).toBe('alert');
    await page.click('#inc');
    await page.locator('[data-phx-offline-banner].phx-pulse').waitFor({ state: 'attached' });

    await server.start();
    await waitForJoin(page);
    await banner.waitFor({ state: 'detached' });
    expect(await page.locator('.phx-offline-rejected').count()).toBe(0);
    // The next click is the first the server hears of: the refused ones were never queued.
    await page.click('#inc');
    await page.locator('#inc.phx-click-loading').waitFor({ state: 'detached' });
    expect(await page.textContent('#count')).toBe('1');
    expect(received).toEqual(['inc']);
    expect(pageErrors(page)).toEqual([]);
  });

  it('styles the notice and the banner under a strict Content-Security-Policy', async () => {
    const server = await startStrictServer({
      routes: [{ path: '/', view: crashingCounter() }],
      restart: GIVE_UP_AT_ONCE,
    });
    const page = await openPage(server, '/', {
      before: (p) =>
        p.addInitScript(() => {
          const g = globalThis as unknown as Globals;
          g.cspViolations = [];
          g.document.addEventListener('securitypolicyviolation', (e) =>
            g.cspViolations?.push(e.violatedDirective),
          );
        }),
    });
    const violations = () => page.evaluate(() => (globalThis as unknown as Globals).cspViolations);
    // The policy is in force: a style attribute is refused.
    await page.evaluate(() =>
      (globalThis as unknown as Globals).document.body.setAttribute('style', 'color: red'),
    );
    await page.waitForFunction(
      () => ((globalThis as unknown as Globals).cspViolations ?? []).length > 0,
    );
    expect(await violations()).toEqual(['style-src-attr']);

    await page.click('#crash');
    const notice = page.locator('[data-phx-failure-notice]');
    await notice.waitFor({ state: 'visible' });
    const style = (selector: string, property: string) =>
      page.$eval(
        selector,
        (el, p) => (globalThis as unknown as Globals).getComputedStyle(el).getPropertyValue(p),
        property,
      );
    expect(await style('[data-phx-failure-notice]', 'position')).toBe('sticky');
    expect(await style('[data-phx-failure-notice]', 'background-color')).toBe('rgb(255, 243, 205)');
    expect(await style('[data-phx-main]', 'opacity')).toBe('0.6');

    await server.stop();
    const banner = page.locator('[data-phx-offline-banner]');
    await banner.waitFor({ state: 'visible' });
    expect(await style('[data-phx-offline-banner]', 'position')).toBe('fixed');
    expect(await violations()).toEqual(['style-src-attr']);
  });
});
