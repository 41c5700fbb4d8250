/**
 * What a view's socket records between two renders, for the process (or the dead render) that
 * owns it: the assigns and which keys changed, pushed events, the title, and a navigation the
 * view asked for. The socket writes it; the owner reads it and clears it after each render.
 */
import type { Context } from '../actors/index.js';
import { AsyncRunner } from './async.js';
import { AttachedHooks } from './lifecycle.js';
import type { NavigationKind } from './port.js';
import { StreamSet } from './render/stream-set.js';
import { ViewUploads } from './uploads/view-uploads.js';
import type { WireEvent } from './wire.js';

/**
 * The navigation a callback asked for; the last call wins, as in LiveView.
 * @internal
 */
export type NavigationIntent =
  | { readonly type: 'patch'; readonly to: string; readonly kind: NavigationKind }
  | { readonly type: 'navigate'; readonly to: string; readonly kind: NavigationKind }
  | { readonly type: 'redirect'; readonly to: string };

/** `changed` when no key changed (never mutated). */
const NOTHING_CHANGED: ReadonlySet<string> = new Set();

/**
 * The state behind one view's socket (see the module doc).
 * @internal
 */
export class SocketState {
  readonly assigns: Record<string, unknown>;
  // What every connected view keeps between renders is kept small: the changed keys, the
  // events, the URL object and the async runner exist only while something needs them.
  #changed: Set<string> | undefined;
  #events: WireEvent[] | undefined;
  title: string | undefined = undefined;
  titleChanged = false;
  navigation: NavigationIntent | undefined = undefined;
  #href: string;
  #url: URL | undefined;
  readonly #ctx: Context | undefined;
  #async: AsyncRunner | undefined;
  #uploads: ViewUploads | undefined;
  /** The largest upload chunk the view's transport takes (ViewStart.maxChunkBytes). */
  maxChunkBytes: number | undefined = undefined;
  #streams: StreamSet | undefined;
  #hooks: AttachedHooks | undefined;

  /**
   * @param url The page URL; a string is parsed when first asked for (it must be absolute).
   * @param ctx The view process; undefined in the dead render, where async work does not start.
   */
  constructor(assigns: Record<string, unknown>, url: URL | string, ctx: Context | undefined) {
    this.assigns = assigns;
    if (typeof url === 'string') {
      // Fail here, as parsing it at once would, rather than at the first `socket.url`.
      if (!URL.canParse(url)) new URL(url);
      this.#href = url;
      this.#url = undefined;
    } else {
      this.#href = url.href;
      this.#url = url;
    }
    this.#ctx = ctx;
  }

  /** The page URL (updated before each `handleParams`). */
  get url(): URL {
    this.#url ??= new URL(this.#href);
    return this.#url;
  }

  set url(url: URL) {
    this.#url = url;
    this.#href = url.href;
  }

  /** The async runner, once some async work has started; undefined until then. */
  get async(): AsyncRunner | undefined {
    return this.#async;
  }

  /** The runner to start async work on, created on first use; undefined in the dead render. */
  asyncRunner(): AsyncRunner | undefined {
    if (this.#async === undefined && this.#ctx !== undefined) {
      this.#async = new AsyncRunner(this.#ctx);
    }
    return this.#async;
  }

  /** The hooks the socket attached (`attachHook`); undefined until the first. */
  get attached(): AttachedHooks | undefined {
    return this.#hooks;
  }

  /** The attached hooks, created on first use. */
  hooks(): AttachedHooks {
    this.#hooks ??= new AttachedHooks();
    return this.#hooks;
  }

  /** The view's uploads, once one was allowed; undefined until then. */
  get uploads(): ViewUploads | undefined {
    return this.#uploads;
  }

  /** The uploads to allow one on, created on first use (also in the dead render). */
  uploadsRunner(): ViewUploads {
    this.#uploads ??= new ViewUploads(this, this.#ctx, this.maxChunkBytes);
    return this.#uploads;
  }

  /** The view's streams, created (with the `streams` assign) on first use. */
  streams(): StreamSet {
    if (this.#streams === undefined) {
      const streams = new StreamSet('', () => this.#touch('streams'));
      this.#streams = streams;
      this.assigns.streams = streams.assign;
    }
    return this.#streams;
  }

  /** Makes the next render of every stream replace what the page shows (a restarted view). */
  resetStreams(): void {
    this.#streams?.replaceShown();
  }

  set(key: string, value: unknown): void {
    if (key === 'streams') throw new TypeError('assign: `streams` is set by socket.stream()');
    if (Object.hasOwn(this.assigns, key) && this.assigns[key] === value) return;
    this.assigns[key] = value;
    this.#touch(key);
  }

  #touch(key: string): void {
    this.#changed ??= new Set();
    this.#changed.add(key);
  }

  /** Records an event for the next render. */
  pushEvent(event: WireEvent): void {
    this.#events ??= [];
    this.#events.push(event);
  }

  /** The events pushed since the last render (not cleared). */
  get events(): readonly WireEvent[] | undefined {
    return this.#events;
  }

  /** True if a render now could send anything. */
  get dirty(): boolean {
    return this.#changed !== undefined || this.#events !== undefined || this.titleChanged;
  }

  /**
   * Keys assigned a value not `===` the previous one since the last render. A render may keep
   * the set: `rendered` starts a new one rather than clearing it.
   */
  get changed(): ReadonlySet<string> {
    return this.#changed ?? NOTHING_CHANGED;
  }

  /** Forgets what the last render sent, streams' items included. */
  rendered(): void {
    this.#streams?.prune();
    this.#changed = undefined;
    this.#events = undefined;
    this.titleChanged = false;
  }

  /** True once a callback asked to leave the page (a redirect or pushNavigate, not a patch). */
  get departing(): boolean {
    return this.navigation !== undefined && this.navigation.type !== 'patch';
  }

  takeNavigation(): NavigationIntent | undefined {
    const navigation = this.navigation;
    this.navigation = undefined;
    return navigation;
  }

  takeEvents(): WireEvent[] {
    const events = this.#events ?? [];
    this.#events = undefined;
    return events;
  }
}
