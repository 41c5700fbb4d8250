/**
 * A page in a simulated browser: the official, unchanged Phoenix LiveView 1.2 client with the
 * Phoenix 1.8 `Socket`, running in happy-dom against a real server on 127.0.0.1.
 *
 * {@link openOfficialPage} fetches the dead render over HTTP, writes it into a fresh window
 * ({@link createPageWindow}: no page scripts run, navigations are recorded), starts the client
 * in that window's VM context ({@link startOfficialClient}) and gives it a WebSocket that is a
 * real `ws` connection recording every frame ({@link createPageTransport}). The socket path is
 * relative, so the client resolves it against the page (`ws://127.0.0.1:PORT/live/websocket`).
 *
 * Waiting: {@link OfficialPage.waitFor} re-checks its condition on every DOM mutation (a
 * `MutationObserver` on the document), after every frame the client handled, after every socket
 * event, navigation or console error. It never polls; its one timer is the deadline, which
 * rejects with the condition, the last frames, the errors and the page's HTML. The client's own
 * timers (reconnect backoff 10, 50, 100... ms; channel rejoin 1, 2, 5 s after `phx_error`;
 * reload jitter 5-10 s) are the window's real timers: shorten them through `liveSocket` options
 * (`rejoinAfterMs`, `reconnectAfterMs`, `reloadJitterMin`/`Max`) and await what they lead to.
 *
 * A real browser unloads the page on a reload or a `location` assignment; here the page stays
 * and the request lands in {@link OfficialPage.navigations}. {@link OfficialPage.followNavigation}
 * opens the target as a new page, carrying the cookies (the client's `__phoenix_flash__`).
 */
import { CookieJar } from './official-cookies.js';
import { OfficialPage, type PageOpener } from './official-page.js';
import { OfficialPageError } from './official-page-error.js';
import type { OfficialPageOptions } from './official-page-options.js';
import { HTML_IN_FAILURE } from './official-page-text.js';

export type { OfficialLiveSocket } from './official-client.js';
// The page and its parts live in their own modules; tests import them all from here.
export { OfficialPage, type PageCondition } from './official-page.js';
export { OfficialPageError, type OfficialPageErrorCode } from './official-page-error.js';
export type { OfficialPageOptions, WaitOptions } from './official-page-options.js';
export type { ClientLog, ConsoleEntry } from './official-page-records.js';
export type { RecordedFrame, SocketEvent } from './official-transport.js';
export type { Navigation } from './official-window.js';

/** Pages not closed yet, for {@link closeAllOfficialPages}. */
const OPEN_PAGES = new Set<OfficialPage>();

/** A page opens its navigation's target as a new page here, so that it is closed with the rest. */
const OPENER: PageOpener = {
  open: (url, options) => openOfficialPage(url, options),
  closed: (page) => {
    OPEN_PAGES.delete(page);
  },
};

/**
 * Fetches `url` (the server's dead render), loads it into a happy-dom window and starts the
 * official client in it, connected over a real WebSocket. Rejects with `ERR_PAGE_FETCH` when
 * the response is not a 2xx (redirects are followed; `page.url` is the final URL).
 *
 * @example
 * const page = await openOfficialPage('http://127.0.0.1:4000/counter');
 * await page.waitForJoin();
 * page.click('[phx-click="inc"]');
 * await page.waitFor((p) => p.text('#count') === '1');
 * expect(page.sent.find((f) => f.event === 'event')?.payload).toMatchObject({ type: 'click' });
 * await page.close();
 */
export async function openOfficialPage(
  url: string,
  options: OfficialPageOptions = {},
): Promise<OfficialPage> {
  const cookies = new CookieJar(options.cookie);
  const response = await fetch(url, {
    headers: {
      accept: 'text/html',
      ...(options.cookie === undefined ? {} : { cookie: options.cookie }),
    },
  });
  const html = await response.text();
  if (!response.ok) {
    throw new OfficialPageError(
      'ERR_PAGE_FETCH',
      `GET ${url} answered ${response.status}: ${html.slice(0, HTML_IN_FAILURE)}`,
    );
  }
  cookies.applySetCookies(response.headers.getSetCookie());
  const page = new OfficialPage(response.url || url, html, cookies, options, OPENER);
  OPEN_PAGES.add(page);
  return page;
}

/**
 * Closes every page still open; for `afterEach`, so a failed test leaks no socket.
 *
 * @example
 * afterEach(closeAllOfficialPages);
 */
export async function closeAllOfficialPages(): Promise<void> {
  await Promise.all([...OPEN_PAGES].map((page) => page.close()));
}
