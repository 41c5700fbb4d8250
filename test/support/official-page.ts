/**
 * A loaded page with the official client running in it: it records what the client sends,
 * receives, logs and throws, acts as a user does, and waits for what those actions lead to.
 */
import type { Element, Event, HTMLElement, Window } from 'happy-dom';
import { type OfficialLiveSocket, startOfficialClient } from './official-client.js';
import type { CookieJar } from './official-cookies.js';
import { OfficialPageError } from './official-page-error.js';
import type { OfficialPageOptions, WaitOptions } from './official-page-options.js';
import type { ClientLog, ConsoleEntry } from './official-page-records.js';
import { describePage, show } from './official-page-text.js';
import {
  createPageTransport,
  type PageTransport,
  type RecordedFrame,
  type SocketEvent,
} from './official-transport.js';
import { PageWaiters, type Poll } from './official-waiters.js';
import { createPageWindow, type Navigation } from './official-window.js';

/** What {@link OfficialPage.waitFor} waits for: HTML the body must contain, or a predicate. */
export type PageCondition = string | ((page: OfficialPage) => unknown);

/** What a page needs from whoever opened it: how to open the next page, and to hear it closed. */
export interface PageOpener {
  open(url: string, options: OfficialPageOptions): Promise<OfficialPage>;
  closed(page: OfficialPage): void;
}

const DEFAULT_TIMEOUT_MS = 4_000;
const DIAGNOSTIC_EVENT = 'phx:live-view:diagnostic';

/**
 * A loaded page with the official client running in it. Made by `openOfficialPage`.
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
  readonly #waiters = new PageWaiters();
  readonly #transport: PageTransport;
  readonly #options: OfficialPageOptions;
  readonly #cookies: CookieJar;
  readonly #opener: PageOpener;
  #closing: Promise<void> | undefined;

  /** @internal Use `openOfficialPage`. */
  constructor(
    url: string,
    html: string,
    cookies: CookieJar,
    options: OfficialPageOptions,
    opener: PageOpener,
  ) {
    this.#options = options;
    this.#cookies = cookies;
    this.#opener = opener;
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
    return this.#opener.open(navigation.url, { ...this.#options, cookie });
  }

  /** Disconnects the client, closes its sockets and the window; rejects pending waits. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#waiters.failAll(
      () => new OfficialPageError('ERR_PAGE_CLOSED', 'the page was closed while waiting'),
    );
    try {
      this.liveSocket.disconnect();
    } catch (error) {
      this.#errors.push(error);
    }
    await this.#transport.closeAll();
    await this.window.happyDOM.close();
    this.#opener.closed(this);
  }

  #wait<T>(label: string, options: WaitOptions, poll: () => Poll<T>): Promise<T> {
    if (this.#closing !== undefined) {
      return Promise.reject(new OfficialPageError('ERR_PAGE_CLOSED', 'the page is closed'));
    }
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return this.#waiters.wait(label, timeoutMs, poll, () => this.#snapshot());
  }

  #settle(): void {
    this.#waiters.settle();
  }

  /** What a failure message shows: URL, last frames, errors and the body HTML. */
  #snapshot(): string {
    return describePage({
      url: this.url,
      frames: this.#frames,
      console: this.#console,
      errors: this.#errors,
      body: this.window.document.body?.innerHTML ?? '',
    });
  }
}
