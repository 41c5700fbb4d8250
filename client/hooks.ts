/**
 * Client hooks (`phx-hook="Name"`): page code that lives beside an element and hears its
 * life. A hook definition is a plain object of callbacks; each element gets its own instance
 * whose prototype is the definition, so `this.x = ...` in `mounted` is per element and the
 * definition's own helpers are reachable as `this.helper()`.
 *
 * Life of an instance: `mounted` when the element enters the DOM (or on the view's first
 * patch), `beforeUpdate` / `updated` around every patch that touches it, `disconnected` /
 * `reconnected` when its view loses and regains the server, `destroyed` when it leaves.
 */
import { type HookJSCommands, hookJS } from './hook-js.js';
import type { LiveSocket } from './live-socket.js';
import { isUploadInput, trackFiles } from './uploads/files.js';
import { UPLOAD_HOOKS } from './uploads/upload-hooks.js';
import { InfiniteScroll, isViewport } from './viewport.js';

/** A reference returned by {@link ViewHook.handleEvent}, for `removeHandleEvent`. */
export interface HandleRef {
  readonly event: string;
  readonly callback: (payload: unknown) => void;
}

/** What a hook's `this` offers besides the definition's own members. */
export interface ViewHook {
  /** The element carrying `phx-hook`. */
  readonly el: HTMLElement;
  readonly liveSocket: LiveSocket;
  /** Sends a `"hook"` event to the element's view (or component); resolves with the reply. */
  pushEvent(event: string, payload?: unknown, onReply?: (reply: unknown) => void): Promise<unknown>;
  /** Same, to the view or component owning `target` (a selector or a cid). */
  pushEventTo(
    target: string | number,
    event: string,
    payload?: unknown,
    onReply?: (reply: unknown) => void,
  ): Promise<unknown>;
  /** Calls `callback` for each server `pushEvent` named `event` (from any view of the page). */
  handleEvent(event: string, callback: (payload: unknown) => void): HandleRef;
  removeHandleEvent(ref: HandleRef): void;
  /** Gives `files` to the view's live file input named `name`, as if the user picked them. */
  upload(name: string, files: readonly Blob[]): void;
  /** Same, for the file input inside `target` (a selector, or a component's cid). */
  uploadTo(target: string | number, name: string, files: readonly Blob[]): void;
  /** JS commands to run from page code (LiveView 1.1's `this.js()`). */
  js(): HookJSCommands;
}

/**
 * A hook definition: the callbacks the client calls, plus any members of the page's own.
 *
 * @example
 * const hooks: Record<string, HookDefinition> = {
 *   Chart: { mounted() { this.handleEvent('points', (p) => draw(this.el, p)); } },
 * };
 */
export interface HookDefinition {
  mounted?(this: ViewHook & HookDefinition): void;
  beforeUpdate?(this: ViewHook & HookDefinition): void;
  updated?(this: ViewHook & HookDefinition): void;
  destroyed?(this: ViewHook & HookDefinition): void;
  disconnected?(this: ViewHook & HookDefinition): void;
  reconnected?(this: ViewHook & HookDefinition): void;
  [member: string]: unknown;
}

/** What a hook instance needs from its view. @internal */
export interface HookOwner {
  readonly liveSocket: LiveSocket;
  pushHook(
    el: Element,
    target: string | number | undefined,
    event: string,
    payload: unknown,
  ): Promise<unknown>;
}

type Callback =
  | 'mounted'
  | 'beforeUpdate'
  | 'updated'
  | 'destroyed'
  | 'disconnected'
  | 'reconnected';
type Instance = ViewHook & HookDefinition;
interface OwnedRef extends HandleRef {
  readonly owner: Instance;
  readonly listener: (e: Event) => void;
}

function unlisten(ref: OwnedRef): void {
  window.removeEventListener(`phx:${ref.event}`, ref.listener);
}

/**
 * The hook instances of one view, by element.
 * @internal
 */
export class HookSet {
  readonly #owner: HookOwner;
  readonly #defs: Readonly<Record<string, HookDefinition>>;
  readonly #live = new Map<Element, Instance>();
  readonly #handlers = new Set<OwnedRef>();

  constructor(owner: HookOwner, defs: Readonly<Record<string, HookDefinition>>) {
    this.#owner = owner;
    this.#defs = defs;
  }

  /**
   * Creates `el`'s instance (once) and runs `mounted`: its `phx-hook`, else the built-in
   * infinite scroll of `phx-viewport-top` / `-bottom`. Unknown names are reported, not thrown.
   */
  mount(el: Element): void {
    // `data-phx-hook` names the hooks the client brings (the upload helpers' markup).
    const name = el.getAttribute('phx-hook') ?? el.getAttribute('data-phx-hook');
    if (this.#live.has(el) || (name === null && !isViewport(el))) return;
    const def = name === null ? InfiniteScroll : (UPLOAD_HOOKS[name] ?? this.#defs[name]);
    if (def === undefined) {
      console.error(`liveactor: no hook "${name}" in hooks`, el);
      return;
    }
    if (!el.id) console.error(`liveactor: phx-hook "${name ?? 'viewport'}" needs an id`, el);
    const instance = this.#create(el as HTMLElement, def);
    this.#live.set(el, instance);
    this.#call(instance, 'mounted');
  }

  /** Runs `el`'s `beforeUpdate` or `updated`, if it has a hook. */
  update(el: Element, callback: 'beforeUpdate' | 'updated'): void {
    const instance = this.#live.get(el);
    if (instance) this.#call(instance, callback);
  }

  /** Runs `destroyed` and forgets `el`'s instance and its event handlers. */
  destroy(el: Element): void {
    const instance = this.#live.get(el);
    if (instance === undefined) return;
    this.#live.delete(el);
    for (const ref of this.#handlers) {
      if (ref.owner !== instance) continue;
      unlisten(ref);
      this.#handlers.delete(ref);
    }
    this.#call(instance, 'destroyed');
  }

  /** Runs `callback` on every instance (disconnected, reconnected). */
  each(callback: 'disconnected' | 'reconnected'): void {
    for (const instance of this.#live.values()) this.#call(instance, callback);
  }

  /** Destroys every instance (the view is going away). */
  destroyAll(): void {
    for (const el of [...this.#live.keys()]) this.destroy(el);
  }

  #create(el: HTMLElement, def: HookDefinition): Instance {
    const owner = this.#owner;
    const handlers = this.#handlers;
    const instance = Object.create(def) as Instance;
    const reply = (promise: Promise<unknown>, onReply?: (reply: unknown) => void) =>
      onReply ? promise.then(onReply) : promise;
    Object.assign(instance, {
      el,
      liveSocket: owner.liveSocket,
      pushEvent: (event: string, payload: unknown = {}, onReply?: (r: unknown) => void) =>
        reply(owner.pushHook(el, undefined, event, payload), onReply),
      pushEventTo: (
        target: string | number,
        event: string,
        payload: unknown = {},
        onReply?: (r: unknown) => void,
      ) => reply(owner.pushHook(el, target, event, payload), onReply),
      handleEvent(event: string, callback: (payload: unknown) => void): HandleRef {
        // Server events arrive as window `phx:<name>` events, so a hook hears every view's,
        // as with the official client.
        const listener = (e: Event) => callback((e as CustomEvent).detail);
        const ref: OwnedRef = { event, callback, owner: instance, listener };
        window.addEventListener(`phx:${event}`, listener);
        handlers.add(ref);
        return ref;
      },
      removeHandleEvent(ref: HandleRef): void {
        unlisten(ref as OwnedRef);
        handlers.delete(ref as OwnedRef);
      },
      upload: (name: string, files: readonly Blob[]) =>
        dispatchUploads(el.closest('[data-phx-session]'), name, files),
      uploadTo: (target: string | number, name: string, files: readonly Blob[]) =>
        dispatchUploads(
          typeof target === 'number'
            ? el.closest('[data-phx-session]')?.querySelector(`[data-phx-component="${target}"]`)
            : document.querySelector(target),
          name,
          files,
        ),
      js: () => hookJS(owner.liveSocket, el),
    } satisfies Partial<ViewHook>);
    return instance;
  }

  #call(instance: Instance, callback: Callback): void {
    try {
      instance[callback]?.call(instance);
    } catch (error) {
      // A page bug in one hook must not stop the patch or the other hooks.
      console.error(`liveactor: hook ${callback} threw`, error);
    }
  }
}

/** Tracks `files` on the one live file input named `name` in `root`, and fires its change. */
function dispatchUploads(root: Element | null | undefined, name: string, files: readonly Blob[]) {
  const inputs = [...(root?.querySelectorAll('input') ?? [])].filter(
    (i) => isUploadInput(i) && i.name === name,
  );
  const [input] = inputs;
  if (inputs.length !== 1 || !input) {
    console.error(`liveactor: upload needs exactly one live file input named "${name}"`, root);
    return;
  }
  // The change handler tracks what the input itself holds: an earlier pick must not win.
  input.value = '';
  trackFiles(input, files as File[]);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
