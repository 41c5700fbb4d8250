/**
 * The page's connection to its live views: one Phoenix socket, a {@link View} per container
 * (`[data-phx-session]`), the document's bindings, live navigation, and what the page shows
 * while the server is away or gave up on a view: container classes, the offline banner, the
 * failure notice (failure-notice.ts), reloads that stop after `maxReloads`, and clicks refused
 * visibly rather than dropped.
 *
 * It is also the host the lower pieces talk to (`host.ts`): bindings call `exec`, JS
 * commands call `push` / `navigate` / `patch`, and each lands on the view that owns the element.
 */
import { bindDocument } from './bindings.js';
import { defaultFailureNotice, type FailureNotice } from './failure-notice.js';
import type { HookDefinition } from './hooks.js';
import type { BindingHost, EventType, ExecExtra, JSHost, PushArgs } from './host.js';
import { execJS } from './js-commands.js';
import { type HistoryEntry, LiveHistory } from './navigation.js';
import {
  isNested,
  leaveNested,
  type NestedHost,
  nestedAdded,
  nestedRemoved,
} from './nested-views.js';
import { adoptStyles, REFUSED } from './notice.js';
import { defaultOfflineBanner, type OfflineBanner } from './offline-banner.js';
import { dispatch } from './page-events.js';
import { PhoenixSocket, type SocketOptions } from './phoenix-socket.js';
import { TELEPORTED } from './portal.js';
import type { Payload } from './push.js';
import { submitPlainly } from './trigger-action.js';
import type { Uploader } from './uploads/uploads.js';
import { View } from './view.js';

type MetadataKind = 'click' | 'keydown' | 'keyup' | 'blur' | 'focus';

/**
 * Options of {@link LiveSocket}; the socket's own options (`timeout`, `heartbeatIntervalMs`,
 * `reconnectAfterMs`, `rejoinAfterMs`, `transport`, `logger`) pass through.
 *
 * @example
 * const opts: LiveSocketOptions = { params: { _csrf_token: token }, hooks: { Chart } };
 */
export interface LiveSocketOptions extends Omit<SocketOptions, 'params'> {
  /** Connect params, and the `params` of every join; a function gets the container. */
  params?: Payload | ((el?: Element) => Payload) | undefined;
  /** Hook definitions by the name `phx-hook` gives. */
  hooks?: Readonly<Record<string, HookDefinition>> | undefined;
  /** Extra keys for event values, by binding kind: `{ click: (e, el) => ({ x: e.clientX }) }`. */
  metadata?:
    | Partial<Record<MetadataKind, (e: Event, el: Element) => Record<string, unknown>>>
    | undefined;
  /** What the page shows while offline; default a bar at the top; `false` for none. */
  offlineBanner?: OfflineBanner | false | undefined;
  /** How long the connection may be down before the banner shows; default 500 ms. */
  offlineBannerDelayMs?: number | undefined;
  /** What the page shows above a view the server gave up on; default a bar; `false` for none. */
  failureNotice?: FailureNotice | false | undefined;
  /** A page that must reload waits a random time in this range (ms); default 5000-10000. */
  reloadJitterMin?: number | undefined;
  reloadJitterMax?: number | undefined;
  /** Reloads in a row (of one path, in this tab) after which a failing view stops; default 10. */
  maxReloads?: number | undefined;
  /** External uploaders by the name an upload's `external` function gives (`uploader`). */
  uploaders?: Readonly<Record<string, Uploader>> | undefined;
}

/** Prefix of the sessionStorage key counting the reloads in a row of one path. */
const RELOADS = 'phx:consecutive-reloads:';

/**
 * The page's live socket.
 *
 * @example
 * const csrf = document.querySelector("meta[name='csrf-token']")?.getAttribute('content');
 * const liveSocket = new LiveSocket('/live', { params: { _csrf_token: csrf }, hooks: {} });
 * liveSocket.connect();
 */
export class LiveSocket implements BindingHost, JSHost {
  readonly socket: PhoenixSocket;
  readonly hooks: Readonly<Record<string, HookDefinition>>;
  /** External uploaders, as given in the options. */
  readonly uploaders: Readonly<Record<string, Uploader>>;
  readonly #opts: LiveSocketOptions;
  readonly #views = new Map<string, View>();
  readonly #nested: NestedHost = { views: this.#views, mountView: (el) => this.#mount(el) };
  readonly #banner: OfflineBanner | false;
  /** @internal What views show when they failed. */
  readonly viewNotice: FailureNotice | false;
  readonly #history = new LiveHistory();
  #main: View | undefined;
  #unbind: (() => void) | undefined;
  #bannerTimer: ReturnType<typeof setTimeout> | undefined;
  #bannerShown = false;
  #reloading = false;
  #closing = false;
  /** A form is being submitted the plain way (`phx-trigger-action`): the page is leaving. */
  #submitting = false;
  /** Where a live navigation under way is going. */
  #navTarget: string | undefined;

  /** `new LiveSocket(url, opts)`; the official `(url, Socket, opts)` form is accepted too. */
  constructor(url: string, socketOrOpts?: unknown, maybeOpts?: LiveSocketOptions) {
    const opts = (typeof socketOrOpts === 'function' ? maybeOpts : socketOrOpts) ?? {};
    this.#opts = opts as LiveSocketOptions;
    this.hooks = this.#opts.hooks ?? {};
    this.uploaders = this.#opts.uploaders ?? {};
    this.#banner = this.#opts.offlineBanner ?? defaultOfflineBanner(document);
    this.viewNotice = this.#opts.failureNotice ?? defaultFailureNotice(document);
    // A params function is called with no container for the socket's connect.
    this.socket = new PhoenixSocket(url, this.#opts);
    this.socket.onOpen(() => this.#online());
    this.socket.onError(() => this.#offline());
    this.socket.onClose((e) => {
      // The server closing with 1000 while views exist means "this page is over" (PROTOCOL 1.3).
      if (e.code === 1000 && !this.#closing && this.#main) this.reloadWithJitter();
      this.#offline();
    });
  }

  /** Connects the socket and joins every live container once the document is parsed. */
  connect(): void {
    this.#closing = false;
    const start = () => {
      if (this.#unbind === undefined) {
        const unbindDom = bindDocument(document, this);
        const unbindNav = this.#history.bind(window, this);
        this.#unbind = () => {
          unbindDom();
          unbindNav();
        };
      }
      this.socket.connect();
      for (const el of document.querySelectorAll<HTMLElement>(
        '[data-phx-session]:not([data-phx-parent-id])',
      )) {
        if (!this.#views.has(el.id)) this.#mount(el);
      }
    };
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', start, { once: true });
    } else start();
  }

  /** Leaves every view, closes the socket and removes the page's listeners. */
  disconnect(): void {
    this.#closing = true;
    for (const view of this.#views.values()) view.destroy();
    this.#views.clear();
    this.#main = undefined;
    this.#unbind?.();
    this.#unbind = undefined;
    this.socket.disconnect(1000);
    clearTimeout(this.#bannerTimer);
  }

  isConnected(): boolean {
    return this.socket.isConnected();
  }

  /**
   * Runs JS commands (or an event name) as if `el` fired them; bindings pass the event's
   * `extra` (its metadata, form, ...).
   */
  execJS(el: Element, encoded: string, type: EventType = null, extra?: ExecExtra): void {
    execJS(this, el, encoded, type, extra);
  }

  // BindingHost

  isLive(el: Element): boolean {
    return this.owner(el)?.isJoined() ?? false;
  }

  metadata(kind: MetadataKind, e: Event, el: Element): Record<string, unknown> | undefined {
    return this.#opts.metadata?.[kind]?.(e, el);
  }

  /**
   * @internal A click or submit on a view that is not live: it is not sent (a rejoined view may be a
   * fresh one, where a replayed click could act on the wrong thing), and the page says so. The
   * control gets `phx-offline-rejected` until its view joins, and the offline banner, or the
   * view's failure notice, shows now or pulses.
   */
  refuse(el: Element): void {
    const view = this.owner(el);
    if (view === undefined) return;
    adoptStyles(document);
    el.classList.add(REFUSED);
    if (this.isConnected()) view.failure.refused();
    else this.#alertOffline(true);
  }

  // JSHost

  push(el: Element, args: PushArgs): void {
    this.owner(el)?.push(el, args);
  }

  /**
   * A `live_patch` of the main view (a navigation when there is none, the URL is elsewhere or
   * the server wants one); `record` false for a history move, which has its entry already.
   */
  patch(href: string, replace: boolean, record = true): void {
    const main = this.#main;
    const target = new URL(href, location.href);
    const url = target.href;
    // Elsewhere, navigate() makes it a page load.
    if (main === undefined || target.origin !== location.origin) {
      this.navigate(url, replace, undefined, record);
      return;
    }
    void main.livePatch(url).then((patched) => {
      if (!patched) this.navigate(url, replace, undefined, record);
      else if (record)
        this.#history.write(replace ? 'replace' : 'push', url, { type: 'patch', id: main.id });
    });
  }

  /** Back or forward onto a live entry: a patch of the main view, else a navigation. */
  restore(type: 'patch' | 'redirect', id: string, href: string): void {
    if (type === 'patch' && this.#main?.id === id) this.patch(href, true, false);
    else this.navigate(href, true, undefined, false);
  }

  // Used by views

  /** @internal A nested or sticky container entered a view's DOM. */
  nestedAdded(el: Element): void {
    nestedAdded(this.#nested, el);
  }

  /** @internal A container left the DOM. */
  nestedRemoved(el: Element): void {
    nestedRemoved(this.#nested, el);
  }

  /** @internal The view whose container holds `el` (or whose portal shows it). */
  owner(el: Element): View | undefined {
    const container = el.closest(`[${TELEPORTED}],[data-phx-session]`);
    return container
      ? this.#views.get(container.getAttribute(TELEPORTED) ?? container.id)
      : undefined;
  }

  /** @internal The `params` of a join of `el`'s view. */
  joinParams(el: Element): Payload {
    const { params } = this.#opts;
    return (typeof params === 'function' ? params(el) : params) ?? {};
  }

  /** @internal A full page load of `to`, with the flash the server handed over. */
  redirect(to: string, flash?: string): void {
    if (flash) setCookie('__phoenix_flash__', flash);
    location.href = to;
  }

  /**
   * Live navigation (PROTOCOL.md 2.6): the main view leaves, a view of the same container
   * joins with `redirect`, and the page changes once it has rendered. Without a main view, or
   * to another origin, a page load.
   */
  navigate(href: string, replace: boolean, flash?: string, record = true): void {
    const main = this.#main;
    const url = new URL(href, location.href);
    if (main === undefined || url.origin !== location.origin) {
      location.href = url.href;
      return;
    }
    const old = main.el;
    const fresh = old.cloneNode(false) as HTMLElement;
    const referer = location.href;
    main.destroy();
    const sticky = leaveNested(this.#nested, old);
    this.#navTarget = url.href;
    this.pageLoading(true, old);
    const view: View = new View(this, fresh, {
      redirect: url.href,
      flash,
      referer,
      swap: () => {
        // The new page's render finds them by id: kept if it renders them, else dropped.
        fresh.append(...sticky.filter((el) => old.contains(el)));
        old.replaceWith(fresh);
        if (record) {
          this.#history.write(replace ? 'replace' : 'push', url.href, {
            type: 'redirect',
            id: view.id,
          });
        }
        if (!url.hash) window.scrollTo(0, 0);
      },
    });
    this.#main = view;
    this.#views.set(view.id, view);
    view.join();
  }

  /** @internal The server pushed a patch (`live_patch`): a history entry, no request. */
  historyPatch(to: string, replace: boolean): void {
    const id = this.#main?.id;
    if (id !== undefined)
      this.#history.write(replace ? 'replace' : 'push', to, { type: 'patch', id });
  }

  /** @internal A view applied its join render. */
  viewJoined(view: View, title: string | undefined, livePatch: Payload | undefined): void {
    try {
      sessionStorage.removeItem(RELOADS + location.pathname);
    } catch {}
    for (const el of view.el.querySelectorAll(`.${REFUSED}`)) el.classList.remove(REFUSED);
    if (title !== undefined) this.setTitle(title);
    if (view !== this.#main) return;
    if (livePatch) this.historyPatch(String(livePatch.to), livePatch.kind === 'replace');
    else if ((history.state as HistoryEntry | null)?.type === undefined) {
      this.#history.write('replace', location.href, { type: 'redirect', id: view.id });
    }
    if (this.#navTarget !== undefined) {
      this.#navTarget = undefined;
      this.pageLoading(false, view.el);
    }
  }

  /**
   * @internal Follows the `redirect` (a page load) or `live_redirect` (a live navigation) of a
   * reply, a refused join or a server push; returns whether there was one.
   */
  follow(resp: Payload): boolean {
    const redirect = resp.redirect as Payload | undefined;
    const live = resp.live_redirect as Payload | undefined;
    const flash = (redirect ?? live)?.flash as string | undefined;
    if (redirect) this.redirect(String(redirect.to), flash);
    else if (live) this.navigate(String(live.to), live.kind === 'replace', flash);
    return redirect !== undefined || live !== undefined;
  }

  /** @internal The server refused a join (PROTOCOL.md 2.4). */
  joinFailed(view: View, resp: Payload): void {
    for (const [name, detail] of (resp.events as [string, unknown][] | undefined) ?? []) {
      dispatch(name, detail);
    }
    if (this.follow(resp)) return;
    view.failed();
    if (resp.reason === 'stale' || resp.reason === 'unauthorized') {
      // The token or the route is not good for this page any more: load it afresh.
      location.href = this.#navTarget ?? location.href;
    } else if (resp.reason === 'reload') {
      setCookie('__phoenix_reload_status__', String(resp.token));
      location.reload();
    } else if (isNested(view.el)) {
      // A nested view the server would not start shows its failure in its own container; the
      // page lives on, as with the official client.
      view.failed('stopped');
    } else if (this.isConnected()) this.reloadWithJitter(view);
  }

  /**
   * @internal Reloads the page after a random delay, `view` showing its failure notice
   * meanwhile, as the official client does: the reloads in a row of this path are counted in
   * sessionStorage, and a join clears the count. Where the official client goes on reloading
   * every 30 s after `maxReloads`, this one stops there: the notice stays, with its Reload
   * button.
   */
  reloadWithJitter(view = this.#main): void {
    if (this.#reloading) return;
    this.#reloading = true;
    const key = RELOADS + location.pathname;
    let tries = 0;
    try {
      tries = Number(sessionStorage.getItem(key)) || 0;
      if (tries < (this.#opts.maxReloads ?? 10)) sessionStorage.setItem(key, String(tries + 1));
    } catch {}
    if (tries >= (this.#opts.maxReloads ?? 10)) {
      view?.failed('stopped');
      return;
    }
    view?.failed('retrying');
    const min = this.#opts.reloadJitterMin ?? 5000;
    const max = this.#opts.reloadJitterMax ?? 10_000;
    setTimeout(() => location.reload(), min + Math.random() * (max - min));
  }

  /**
   * @internal A form the server rendered with `phx-trigger-action`: the page is leaving for its
   * action, so the views let go quietly (no reload, no offline banner), then it is submitted.
   */
  submitPlainly(form: HTMLFormElement): void {
    if (this.#submitting) return;
    this.#submitting = true;
    // After the reply that brought the attribute is handled, so the submit's loading state
    // (phx-disable-with) is undone and the form posts what the user sees.
    queueMicrotask(() => {
      this.disconnect();
      submitPlainly(form);
    });
  }

  /** @internal Sets the page title with the `<title>`'s `data-prefix` / `data-suffix`. */
  setTitle(title: string): void {
    const el = document.querySelector('title');
    if (title.trim() === '') {
      const fallback = el?.getAttribute('data-default');
      if (fallback != null) document.title = fallback;
      return;
    }
    const prefix = el?.getAttribute('data-prefix') ?? '';
    document.title = `${prefix}${title}${el?.getAttribute('data-suffix') ?? ''}`;
  }

  /** @internal `phx:page-loading-start` / `-stop` on window, for progress bars. */
  pageLoading(start: boolean, to: Element): void {
    dispatch(start ? 'page-loading-start' : 'page-loading-stop', { to });
  }

  #mount(el: HTMLElement): void {
    if (!el.id) {
      console.error('liveactor: live view container needs an id', el);
      return;
    }
    const view = new View(this, el);
    this.#views.set(el.id, view);
    if (el.hasAttribute('data-phx-main')) this.#main = view;
    view.join();
  }

  #online(): void {
    clearTimeout(this.#bannerTimer);
    this.#bannerTimer = undefined;
    this.#bannerShown = false;
    if (this.#banner) this.#banner.hide();
  }

  #offline(): void {
    if (this.#closing || this.#bannerTimer !== undefined) return;
    this.#bannerTimer = setTimeout(
      () => this.#alertOffline(false),
      this.#opts.offlineBannerDelayMs ?? 500,
    );
  }

  /** Shows the offline banner if it is not up yet; else pulses it for a `refused` click. */
  #alertOffline(refused: boolean): void {
    const banner = this.#banner;
    if (!banner || this.isConnected()) return;
    if (!this.#bannerShown) banner.show();
    else if (refused) banner.pulse?.();
    this.#bannerShown = true;
  }
}

// The server reads these on the next request (PROTOCOL.md 2.4); the Cookie Store API is not in
// every browser yet.
function setCookie(name: string, value: string): void {
  // biome-ignore lint/suspicious/noDocumentCookie: a short-lived cookie for the next request.
  document.cookie = `${name}=${value}; max-age=60; path=/`;
}
