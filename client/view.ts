/**
 * One live view on the page: its container element, its channel `lv:<id>`, its rendered
 * cache and its hooks. It joins, turns every diff (join render, pushes, replies) into a DOM
 * patch, and sends bindings' pushes as `"event"` frames (built by view-event.ts) to the view or
 * component they target (PROTOCOL.md 2-4).
 *
 * The view is joined (accepts events) from its first applied render until it errors. Diffs
 * that arrive while a join is being applied wait in order and follow the join's render; on a
 * rejoin the page's forms are replayed first ({@link formsToRecover}).
 */

import type { WireDiff, WireEvent } from '../views/wire.js';
import type { Channel } from './channel.js';
import type { PatchOptions } from './dom-patch.js';
import { patchChildren, patchElement } from './dom-patch.js';
import { type FailureState, ViewFailure } from './failure-notice.js';
import { formsToRecover } from './form-recovery.js';
import { type HookOwner, HookSet } from './hooks.js';
import type { PushArgs } from './host.js';
import { carrySticky, execBinding } from './js-commands.js';
import type { LiveSocket } from './live-socket.js';
import { isPending } from './loading-state.js';
import { dispatch } from './page-events.js';
import { TELEPORTED } from './portal.js';
import type { Payload } from './push.js';
import { Rendered } from './rendered.js';
import { Uploads } from './uploads/uploads.js';
import { uploadsHost } from './uploads/uploads-host.js';
import { componentElement, componentOf, ViewComponents } from './view-components.js';
import { startEvent } from './view-event.js';
import { joinPayload, type ViewOrigin } from './view-join.js';

/** Event pushes wait this long for a reply, as the official client does. */
const PUSH_TIMEOUT = 30_000;
const STATUS = [
  'phx-loading',
  'phx-connected',
  'phx-error',
  'phx-client-error',
  'phx-server-error',
];

/**
 * A view: created by the live socket for each container, joined at once.
 * @internal
 */
export class View implements HookOwner {
  readonly id: string;
  el: HTMLElement;
  readonly liveSocket: LiveSocket;
  /** How the page shows that this view failed (failure-notice.ts). */
  readonly failure: ViewFailure;
  readonly #channel: Channel;
  readonly #hooks: HookSet;
  readonly #components: ViewComponents;
  readonly #patch: PatchOptions;
  #origin: ViewOrigin;
  #rendered: Rendered | undefined;
  #applying = true;
  #queue: Payload[] = [];
  #joins = 0;
  #attempts = 0;
  #destroyed = false;
  #resetForm: Element | undefined;
  #uploads: Uploads | undefined;

  constructor(liveSocket: LiveSocket, el: HTMLElement, origin: ViewOrigin = {}) {
    this.id = el.id;
    this.el = el;
    this.liveSocket = liveSocket;
    this.#origin = origin;
    this.#hooks = new HookSet(this, liveSocket.hooks);
    this.failure = new ViewFailure(liveSocket.viewNotice, () => this.el);
    this.#channel = liveSocket.socket.channel(`lv:${this.id}`, () => this.#joinPayload());
    this.#components = new ViewComponents(this.#channel, () => this.el);
    this.#patch = {
      added: (node) => {
        if (node.hasAttribute('data-phx-session')) liveSocket.nestedAdded(node);
        this.#hooks.mount(node);
        execBinding(liveSocket, node, 'phx-mounted', null);
      },
      beforeUpdate: (from) => this.#hooks.update(from, 'beforeUpdate'),
      updated: (node) => this.#hooks.update(node, 'updated'),
      removed: (node) => {
        if (node.hasAttribute('data-phx-session')) liveSocket.nestedRemoved(node);
        this.#hooks.destroy(node);
        this.#components.removed(node);
      },
      beforeElUpdated: carrySticky,
      leave: (node) => execBinding(liveSocket, node, 'phx-remove', 'remove'),
      triggered: (form) => liveSocket.submitPlainly(form),
    };
    const ch = this.#channel;
    ch.on('diff', (diff) => this.#applyDiff(diff));
    ch.on('redirect', (p) => liveSocket.follow({ redirect: p }));
    ch.on('live_redirect', (p) => liveSocket.follow({ live_redirect: p }));
    ch.on('live_patch', (p) => liveSocket.historyPatch(String(p.to), p.kind === 'replace'));
    ch.onError(() => this.#lost());
  }

  /** True once a render is on the page and the channel is joined: bindings may push. */
  isJoined(): boolean {
    return !this.#applying && this.#channel.isJoined();
  }

  join(): void {
    this.#status('phx-loading');
    this.#channel
      .join()
      .receive('ok', (resp) => this.#joined(resp))
      .receive('error', (resp) => this.liveSocket.joinFailed(this, resp));
  }

  /** The view's uploads in flight (uploads/uploads.ts), created when first needed. */
  get uploads(): Uploads {
    this.#uploads ??= new Uploads(
      uploadsHost(this.#channel, this.liveSocket, PUSH_TIMEOUT, (resp) => this.#reply(resp)),
    );
    return this.#uploads;
  }

  /** Leaves the channel and lets every hook go; the container stays, what its portals show goes. */
  destroy(): void {
    this.#destroyed = true;
    this.#uploads?.destroy();
    this.failure.clear();
    this.#channel.leave();
    this.#hooks.destroyAll();
    for (const el of document.querySelectorAll(`[${TELEPORTED}="${CSS.escape(this.id)}"]`))
      el.remove();
  }

  /** Sends one binding's or JS command's push (PROTOCOL.md 3.1-3.3). */
  push(el: Element, args: PushArgs): void {
    if (!this.isJoined() || (args.type === 'click' && isPending(el))) return;
    const form = args.form;
    // A submit waits for its form's uploads (and is not sent while the server refuses a file).
    if (form?.kind === 'submit' && this.uploads.holdSubmit(form.form, () => this.push(el, args))) {
      return;
    }
    const { body, target, finish } = startEvent(this, el, args);
    this.#route(el, target, body, finish, form?.kind === 'submit' ? form.form : undefined);
  }

  /**
   * A hook's `pushEvent` (to the view, whatever the element's `phx-target`, as the official
   * client does) or `pushEventTo`: resolves with the reply (`null` for none).
   */
  pushHook(el: Element, target: string | number | undefined, event: string, payload: unknown) {
    return new Promise<unknown>((resolve) => {
      const body = { type: 'hook', event, value: payload };
      this.#route(el, target ?? null, body, resolve);
    });
  }

  /** A `live_patch` of this (main) view; resolves false when the server wants a navigation. */
  livePatch(href: string): Promise<boolean> {
    return new Promise((resolve) => {
      this.#channel
        .push('live_patch', { url: href }, PUSH_TIMEOUT)
        .receive('ok', (resp) => {
          if (resp.link_redirect) return resolve(false);
          this.#reply(resp);
          resolve(true);
        })
        .receive('error', () => resolve(false))
        .receive('timeout', () => resolve(true));
    });
  }

  /** Sends `body` to the view or component `target` names (a cid, a selector, or none). */
  #route(
    el: Element,
    target: string | number | null,
    body: Record<string, unknown>,
    onReply: (reply: unknown) => void,
    resetForm?: Element,
  ): void {
    const none = target === null || target === '';
    if (none || !Number.isNaN(Number(target))) {
      this.#send(body, none ? undefined : Number(target), onReply, resetForm);
      return;
    }
    const matches = document.querySelectorAll(String(target));
    if (matches.length === 0)
      console.error(`liveactor: phx-target "${target}" matches nothing`, el);
    for (const match of matches) {
      const view = this.liveSocket.owner(match);
      if (view) view.#send(body, componentOf(match), onReply);
    }
  }

  /** Pushes an `"event"` to this view, or to its component `cid`. */
  #send(
    body: Record<string, unknown>,
    cid: number | undefined,
    onReply: (reply: unknown) => void,
    resetForm?: Element,
  ): void {
    this.#channel
      .push('event', cid === undefined ? body : { ...body, cid }, PUSH_TIMEOUT)
      .receive('ok', (resp) => {
        // The answer to a submit sets the form's fields as the server rendered them.
        this.#resetForm = resetForm;
        try {
          onReply(this.#reply(resp));
        } finally {
          this.#resetForm = undefined;
        }
      })
      .receive('error', () => onReply(null))
      .receive('timeout', (resp) => {
        onReply(null);
        // No reply in 30 s: the page and the server disagree; start over, as the official client does.
        if (resp.reason === 'timeout') this.liveSocket.reloadWithJitter(this);
      });
  }

  /** Applies an event reply (PROTOCOL.md 3.7); returns the hook reply `r`, or null. */
  #reply(resp: Payload): unknown {
    this.liveSocket.follow(resp);
    return resp.diff ? this.#applyDiff(resp.diff as Payload) : null;
  }

  #joinPayload(): Payload {
    const el = this.el;
    const params = {
      ...this.liveSocket.joinParams(el),
      _mounts: this.#joins,
      _mount_attempts: this.#attempts++,
    };
    return joinPayload(el, this.#origin, params, this.#joins === 0);
  }

  #joined(resp: Payload): void {
    if (this.#destroyed) return;
    let rendered: Rendered;
    try {
      rendered = new Rendered(this.id, resp.rendered as WireDiff, { tagComponents: true });
    } catch (error) {
      console.error('liveactor: bad join render', error);
      this.liveSocket.reloadWithJitter(this);
      return;
    }
    const rejoin = this.#joins > 0;
    this.#joins++;
    this.#attempts = 0;
    this.#applying = true;
    this.#queue = [];
    const { events, title } = Rendered.extract(resp.rendered as WireDiff);
    const html = rendered.toString();
    const recover = rejoin ? formsToRecover(this.el, html) : [];
    this.#rendered = rendered;
    this.#components.reset();
    const finish = () => {
      this.#dispatch(events, true);
      this.#origin.swap?.();
      this.#origin = {};
      patchChildren(this.el, html, {
        ...this.#patch,
        joining: true,
        streams: rendered.pendingStreams(),
      });
      this.#applying = false;
      this.#status('phx-connected');
      this.failure.clear();
      if (rejoin) this.#hooks.each('reconnected');
      this.liveSocket.viewJoined(this, title, resp.live_patch as Payload | undefined);
      this.#dispatch(events, false);
      this.#execAll('phx-connected');
      const queued = this.#queue;
      this.#queue = [];
      for (const diff of queued) this.#applyDiff(diff);
    };
    let left = recover.length;
    if (left === 0) {
      finish();
      return;
    }
    for (const r of recover) {
      const body = { type: 'form', event: r.event, value: r.value, meta: r.meta, uploads: {} };
      this.#send(body, r.cid, () => {
        if (--left === 0) finish();
      });
    }
  }

  /** Merges one diff and patches the page; returns its hook reply `r` (or null). */
  #applyDiff(diff: Payload): unknown {
    const rendered = this.#rendered;
    if (rendered === undefined || this.#applying) {
      this.#queue.push(diff);
      return null;
    }
    const { diff: tree, events, title, reply } = Rendered.extract(diff as WireDiff);
    this.#dispatch(events, true);
    if (Object.keys(tree).length > 0) {
      try {
        rendered.mergeDiff(tree);
        if (Rendered.isComponentOnlyDiff(tree)) this.#patchComponents(rendered, tree);
        else patchChildren(this.el, rendered.toString(), this.#patchWith(rendered));
      } catch (error) {
        // The cache no longer matches the server's: a fresh join renders everything again.
        console.error('liveactor: bad diff; rejoining', error);
        this.#channel.leave();
        this.join();
        return null;
      }
      this.#components.prune(rendered);
    }
    if (title !== undefined) this.liveSocket.setTitle(title);
    this.#dispatch(events, false);
    return reply;
  }

  #patchComponents(rendered: Rendered, tree: WireDiff): void {
    const opts = this.#patchWith(rendered);
    for (const cid of Rendered.componentCIDs(tree)) {
      const el = componentElement(this.el, cid);
      if (el) patchElement(el, rendered.componentToString(cid), opts);
    }
  }

  #patchWith(rendered: Rendered): PatchOptions {
    return { ...this.#patch, streams: rendered.pendingStreams(), resetForm: this.#resetForm };
  }

  #dispatch(events: readonly WireEvent[], before: boolean): void {
    for (const event of events) if ((event[2] === true) === before) dispatch(event[0], event[1]);
  }

  /**
   * The channel errored; it rejoins by itself. With the socket up, the server gave up on the
   * view: the page says so at once, as a rejoin takes a second at least. A lost socket is the
   * offline banner's to tell.
   */
  #lost(): void {
    if (this.#destroyed) return;
    this.#applying = true;
    const server = this.liveSocket.isConnected();
    this.#status('phx-error', server ? 'phx-server-error' : 'phx-client-error');
    if (server) this.failure.show('retrying');
    this.#hooks.each('disconnected');
    this.#execAll('phx-disconnected');
  }

  /** Runs the JS commands of every `attr` binding in the view (`phx-connected`, ...). */
  #execAll(attr: string): void {
    for (const el of this.el.querySelectorAll(`[${attr}]`)) {
      execBinding(this.liveSocket, el, attr, null);
    }
  }

  #status(...classes: string[]): void {
    this.el.classList.remove(...STATUS);
    if (classes[0] === 'phx-error') classes.push('phx-loading');
    this.el.classList.add(...classes);
  }

  /**
   * @internal The server refused the view's join: error classes, and the failure notice when
   * a `state` is given (a reload is coming, or nothing more will be tried).
   */
  failed(state?: FailureState): void {
    this.#status('phx-error', 'phx-server-error');
    if (state) this.failure.show(state);
  }
}
