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
import type { Element, Event, HTMLElement, Window } from 'happy-dom';
import { LiveActorError } from '../../actors/errors.js';
import { type OfficialLiveSocket, startOfficialClient } from './official-client.js';
import { CookieJar } from './official-cookies.js';
import {
  createPageTransport,
  type PageTransport,
  type RecordedFrame,
  type SocketEvent,
} from './official-transport.js';
import { createPageWindow, type Navigation } from './official-window.js';

export type { OfficialLiveSocket } from './official-client.js';
export type { RecordedFrame, SocketEvent } from './official-transport.js';
export type { Navigation } from './official-window.js';

/** A `console.error` / `console.warn` call made in the page (by the client or by happy-dom). */
export interface ConsoleEntry {
  readonly level: 'error' | 'warn';
  /** The arguments joined as text, for assertions and failure messages. */
  readonly text: string;
  readonly args: readonly unknown[];
}

/** A line the client logged through `viewLogger` (every kind, debug included). */
export interface ClientLog {
  readonly kind: string;
  readonly message: string;
  readonly data: unknown;
}

/** Options of {@link openOfficialPage}. */
export interface OfficialPageOptions {
  /** Deadline of every `waitFor*` unless the call gives its own; default 4000 ms (under vitest's 5 s). */
  readonly timeoutMs?: number;
  /** Extra `LiveSocket` options, e.g. `{ reloadJitterMin: 1, reloadJitterMax: 2 }` or `hooks`. */
  readonly liveSocket?: Readonly<Record<string, unknown>>;
  /** Extra connect params, sent next to `_csrf_token`. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Socket mount path; default `/live`. */
  readonly socketPath?: string;
  /** `Cookie` header for the GET and the upgrade, e.g. `'a=1; b=2'`. */
  readonly cookie?: string;
  /** `Origin` sent on the upgrade; default the page's origin (as a browser does); `false` sends none. */
  readonly origin?: string | false;
  /** Call `liveSocket.connect()` right away; default true. */
  readonly connect?: boolean;
}

/** What {@link OfficialPage.waitFor} waits for: HTML the body must contain, or a predicate. */
export type PageCondition = string | ((page: OfficialPage) => unknown);

/** Per-call options of the `waitFor*` methods. */
export interface WaitOptions {
  readonly timeoutMs?: number;
  /** Names the wait in the timeout message. */
  readonly description?: string;
}

/** Codes of {@link OfficialPageError}. */
export type OfficialPageErrorCode =
  | 'ERR_PAGE_FETCH'
  | 'ERR_PAGE_ELEMENT'
  | 'ERR_PAGE_TIMEOUT'
  | 'ERR_PAGE_CLOSED'
  | 'ERR_PAGE_NO_NAVIGATION';

/**
 * Errors raised by the harness, each with a stable `code`.
 *
 * @example
 * await expect(page.waitFor('<p>never</p>')).rejects.toMatchObject({ code: 'ERR_PAGE_TIMEOUT' });
 */
export class OfficialPageError extends LiveActorError {
  declare readonly code: OfficialPageErrorCode;

  constructor(code: OfficialPageErrorCode, message: string) {
    super(code, message);
  }
}

interface Waiter {
  readonly check: () => boolean;
  readonly fail: (error: Error) => void;
}

const DEFAULT_TIMEOUT_MS = 4_000;
const DIAGNOSTIC_EVENT = 'phx:live-view:diagnostic';
const FRAMES_IN_FAILURE = 8;
const HTML_IN_FAILURE = 2_000;

/** Pages not closed yet, for {@link closeAllOfficialPages}. */
const OPEN_PAGES = new Set<OfficialPage>();

/** Text of anything the page reports, for messages. */
function show(value: unknown): string {
  if (typeof value === 'string') return value;
  // Errors thrown by the client come from the page's realm: `instanceof Error` is false there.
  if (typeof value === 'object' && value !== null && 'stack' in value) {
    return String((value as { stack: unknown }).stack);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * A loaded page with the official client running in it. Made by {@link openOfficialPage}.
 *
 * @example
 * const page = await openOfficialPage(`${url}/counter`);
 * try {
 *   await page.waitForJoin();
 *   page.click('button');
 *   await page.waitFor('<span>1</span>');
 * } finally {
 *   await page.close();
 * }
 */
export class OfficialPage {
  /** The happy-dom window the client runs in. */
  readonly window: Window;
  readonly liveSocket: OfficialLiveSocket;
  readonly #frames: RecordedFrame[] = [];
  readonly #socketEvents: SocketEvent[] = [];
  readonly #console: ConsoleEntry[] = [];
  readonly #errors: unknown[] = [];
  readonly #logs: ClientLog[] = [];
  readonly #diagnostics: unknown[] = [];
  readonly #navigations: Navigation[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #transport: PageTransport;
  readonly #options: OfficialPageOptions;
  readonly #cookies: CookieJar;
  #closing: Promise<void> | undefined;

  /** @internal Use {@link openOfficialPage}. */
  constructor(url: string, html: string, cookies: CookieJar, options: OfficialPageOptions) {
    this.#options = options;
    this.#cookies = cookies;
    const window = createPageWindow(url, html, {
      console: (level, args) => {
        this.#console.push({ level, text: args.map(show).join(' '), args });
        this.#settle();
      },
      navigate: (navigation) => {
        this.#navigations.push(navigation);
        this.#settle();
      },
    });
    this.window = window;
    window.addEventListener('error', (event: Event) => {
      this.#errors.push((event as unknown as { error?: unknown }).error ?? event);
      this.#settle();
    });
    window.addEventListener(DIAGNOSTIC_EVENT, (event: Event) => {
      this.#diagnostics.push((event as unknown as { detail: unknown }).detail);
    });
    new window.MutationObserver(() => this.#settle()).observe(window.document, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    this.#transport = createPageTransport({
      ArrayBufferOf: (window as unknown as { ArrayBuffer: ArrayBufferConstructor }).ArrayBuffer,
      upgradeHeaders: () => ({
        origin: options.origin === false ? undefined : (options.origin ?? window.location.origin),
        cookie: this.cookieHeader(),
      }),
      frame: (frame) => {
        this.#frames.push(frame);
        this.#settle();
      },
      socketEvent: (event) => {
        this.#socketEvents.push(event);
        this.#settle();
      },
      clientError: (error) => this.#errors.push(error),
      settled: () => this.#settle(),
    });
    const csrf = window.document.querySelector('meta[name="csrf-token"]')?.getAttribute('content');
    this.liveSocket = startOfficialClient(window, {
      socketPath: options.socketPath ?? '/live',
      params: { ...(csrf == null ? {} : { _csrf_token: csrf }), ...options.params },
      transport: this.#transport.WebSocketClass,
      viewLogger: (_view, kind, message, data) => {
        this.#logs.push({ kind, message: show(message), data });
      },
      extra: options.liveSocket ?? {},
    });
    if (options.connect !== false) this.liveSocket.connect();
  }

  /** Current URL of the page (follows `pushState` from live patches and navigation). */
  get url(): string {
    return this.window.location.href;
  }

  /** Every frame sent and received, in order, across reconnects. */
  get frames(): readonly RecordedFrame[] {
    return this.#frames;
  }

  /** Frames the client sent (`direction === 'sent'`). */
  get sent(): readonly RecordedFrame[] {
    return this.#frames.filter((frame) => frame.direction === 'sent');
  }

  /** Frames the server sent. */
  get received(): readonly RecordedFrame[] {
    return this.#frames.filter((frame) => frame.direction === 'received');
  }

  /** WebSocket open / close / error events (close codes from the server land here). */
  get socketEvents(): readonly SocketEvent[] {
    return this.#socketEvents;
  }

  /** `console.error` / `console.warn` calls in the page. */
  get consoleErrors(): readonly ConsoleEntry[] {
    return this.#console;
  }

  /** Exceptions the client threw from socket callbacks, and uncaught errors in the window. */
  get errors(): readonly unknown[] {
    return this.#errors;
  }

  /** Everything the client logged through its `viewLogger`. */
  get logs(): readonly ClientLog[] {
    return this.#logs;
  }

  /** `phx:live-view:diagnostic` event details (join failures, reload attempts...). */
  get diagnostics(): readonly unknown[] {
    return this.#diagnostics;
  }

  /** Reloads and `location` assignments the client asked for, in order. */
  get navigations(): readonly Navigation[] {
    return this.#navigations;
  }

  /** The `Cookie` header a request from this page would carry now (`document.cookie` included). */
  cookieHeader(): string {
    return this.#cookies.clone().merge(this.window.document.cookie).header();
  }

  /** The first element matching `selector`, or `null`. */
  query(selector: string): Element | null {
    return this.window.document.querySelector(selector);
  }

  /** The element matching `selector`; throws `ERR_PAGE_ELEMENT` naming the selector if none. */
  get(selector: string): HTMLElement {
    const element = this.window.document.querySelector(selector);
    if (element === null) {
      throw new OfficialPageError(
        'ERR_PAGE_ELEMENT',
        `no element matches ${JSON.stringify(selector)} in:\n${this.#snapshot()}`,
      );
    }
    return element as HTMLElement;
  }

  /** `innerHTML` of the element matching `selector` (default: the main live view container). */
  html(selector = '[data-phx-main]'): string {
    return this.get(selector).innerHTML;
  }

  /** Trimmed `textContent` of the element matching `selector`. */
  text(selector: string): string {
    return (this.get(selector).textContent ?? '').trim();
  }

  /** Whether the main live view is joined (the client put `phx-connected` on it). */
  isJoined(): boolean {
    return this.query('[data-phx-main].phx-connected') !== null;
  }

  /** A primary-button click as a user makes it: mousedown, mouseup, click (the client reads all three). */
  click(selector: string): void {
    const element = this.get(selector);
    const { MouseEvent } = this.window;
    for (const type of ['mousedown', 'mouseup', 'click']) {
      element.dispatchEvent(
        new MouseEvent(type, { bubbles: true, cancelable: true, button: 0, detail: 1 }),
      );
    }
  }

  /**
   * Types into a form control: sets the value (`checked` for a boolean on a checkbox or radio),
   * then fires `input` and `change` as a browser does. The client sends one `phx-change` event
   * for the pair (it ignores a `change` right after an `input`).
   */
  input(selector: string, value: string | boolean): void {
    const element = this.get(selector) as HTMLElement & { value: string; checked: boolean };
    // A user types into a focused field; the client keeps a focused field's value when it patches.
    element.focus();
    if (typeof value === 'boolean') element.checked = value;
    else element.value = value;
    this.dispatch(selector, 'input');
    this.dispatch(selector, 'change');
  }

  /** Submits the form matching `selector` the way pressing Enter does (`requestSubmit`). */
  submit(selector: string): void {
    const form = this.get(selector) as HTMLElement & { requestSubmit(): void };
    form.requestSubmit();
  }

  /**
   * A key press as a browser delivers it: to `selector`'s element, or else to the focused
   * element (the body when nothing has focus). Never to `window` itself: the client ignores
   * key events whose target is not an element, window bindings included.
   */
  key(
    key: string,
    options: { readonly selector?: string; readonly type?: 'keydown' | 'keyup' } = {},
  ): void {
    const { KeyboardEvent } = this.window;
    const { document } = this.window;
    const target =
      options.selector === undefined
        ? (document.activeElement ?? document.body)
        : this.get(options.selector);
    target.dispatchEvent(
      new KeyboardEvent(options.type ?? 'keydown', { key, bubbles: true, cancelable: true }),
    );
  }

  /** Dispatches a bubbling, cancelable `Event` of `type` on the element matching `selector`. */
  dispatch(selector: string, type: string): void {
    const { Event: PageEvent } = this.window;
    this.get(selector).dispatchEvent(new PageEvent(type, { bubbles: true, cancelable: true }));
  }

  /**
   * Resolves once `condition` holds: a string must appear in `document.body.innerHTML`, a
   * predicate must return a truthy value (a throw counts as false and is quoted on timeout).
   * Checked now, then after each DOM mutation, frame, socket event, navigation or console error.
   */
  waitFor(condition: PageCondition, options: WaitOptions = {}): Promise<void> {
    const label =
      options.description ??
      (typeof condition === 'string'
        ? `HTML containing ${JSON.stringify(condition)}`
        : 'predicate');
    return this.#wait(label, options, () => {
      const ok =
        typeof condition === 'string'
          ? this.window.document.body.innerHTML.includes(condition)
          : Boolean(condition(this));
      return ok ? { done: true, value: undefined } : { done: false };
    });
  }

  /**
   * Resolves with the first recorded frame at index `since` or later (default 0) that matches.
   * Take `page.frames.length` before acting to wait only for frames caused by the action.
   */
  waitForFrame(
    match: (frame: RecordedFrame) => boolean,
    options: WaitOptions & { readonly since?: number } = {},
  ): Promise<RecordedFrame> {
    let next = options.since ?? 0;
    return this.#wait(options.description ?? 'a matching frame', options, () => {
      for (; next < this.#frames.length; next++) {
        const frame = this.#frames[next];
        if (frame !== undefined && match(frame)) return { done: true, value: frame };
      }
      return { done: false };
    });
  }

  /** Resolves once the main live view is joined (see {@link isJoined}). */
  waitForJoin(options: WaitOptions = {}): Promise<void> {
    return this.waitFor(() => this.isJoined(), {
      description: 'the main live view to join (phx-connected)',
      ...options,
    });
  }

  /** Resolves with the first navigation at index `since` or later (default 0). */
  waitForNavigation(options: WaitOptions & { readonly since?: number } = {}): Promise<Navigation> {
    const since = options.since ?? 0;
    return this.#wait(options.description ?? 'a navigation', options, () => {
      const navigation = this.#navigations[since];
      return navigation === undefined ? { done: false } : { done: true, value: navigation };
    });
  }

  /**
   * Closes this page and opens the target of its last navigation with the same options and
   * the page's cookies, as the browser would load it.
   */
  async followNavigation(): Promise<OfficialPage> {
    const navigation = this.#navigations.at(-1);
    if (navigation === undefined) {
      throw new OfficialPageError('ERR_PAGE_NO_NAVIGATION', 'the page has not navigated');
    }
    const cookie = this.cookieHeader();
    await this.close();
    return openOfficialPage(navigation.url, { ...this.#options, cookie });
  }

  /** Disconnects the client, closes its sockets and the window; rejects pending waits. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    for (const waiter of this.#waiters) {
      waiter.fail(new OfficialPageError('ERR_PAGE_CLOSED', 'the page was closed while waiting'));
    }
    this.#waiters.clear();
    try {
      this.liveSocket.disconnect();
    } catch (error) {
      this.#errors.push(error);
    }
    await this.#transport.closeAll();
    await this.window.happyDOM.close();
    OPEN_PAGES.delete(this);
  }

  #wait<T>(
    label: string,
    options: WaitOptions,
    poll: () => { done: true; value: T } | { done: false },
  ): Promise<T> {
    if (this.#closing !== undefined) {
      return Promise.reject(new OfficialPageError('ERR_PAGE_CLOSED', 'the page is closed'));
    }
    return new Promise<T>((resolve, reject) => {
      let lastError: unknown;
      const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const finish = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
      };
      const waiter: Waiter = {
        check: () => {
          let result: ReturnType<typeof poll>;
          try {
            result = poll();
          } catch (error) {
            lastError = error;
            return false;
          }
          if (!result.done) return false;
          finish();
          resolve(result.value);
          return true;
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        const cause = lastError === undefined ? '' : `\nlast check threw: ${show(lastError)}`;
        waiter.fail(
          new OfficialPageError(
            'ERR_PAGE_TIMEOUT',
            `timed out after ${timeoutMs} ms waiting for ${label}${cause}\n${this.#snapshot()}`,
          ),
        );
      }, timeoutMs);
      this.#waiters.add(waiter);
      waiter.check();
    });
  }

  /** Re-checks every waiter; a waiter that resolves removes itself. */
  #settle(): void {
    for (const waiter of [...this.#waiters]) waiter.check();
  }

  /** What a failure message shows: URL, last frames, errors and the body HTML. */
  #snapshot(): string {
    const frames = this.#frames
      .slice(-FRAMES_IN_FAILURE)
      .map((frame) => `  ${frame.direction === 'sent' ? '->' : '<-'} ${frame.text}`)
      .join('\n');
    const errors = [...this.#console.map((entry) => entry.text), ...this.#errors.map(show)];
    const body = this.window.document.body?.innerHTML ?? '';
    return [
      `url: ${this.url}`,
      `last frames:\n${frames || '  (none)'}`,
      errors.length > 0 ? `errors:\n  ${errors.join('\n  ')}` : 'errors: none',
      `body: ${body.length > HTML_IN_FAILURE ? `${body.slice(0, HTML_IN_FAILURE)}...` : body}`,
    ].join('\n');
  }
}

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
  const page = new OfficialPage(response.url || url, html, cookies, options);
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
