/**
 * The state of one view process and what it does with each message: run the callback, follow
 * the navigation it asked for, render what changed, and tell the port, in this order
 * (PROTOCOL.md 3.7):
 *
 *   1. a `live_patch` push, if the callback patched this view's URL;
 *   2. leaving (pushNavigate / redirect): pending events as a `diff` push `{ e }`, then the
 *      reply (`{ live_redirect }` / `{ redirect }`) or, with no ref to answer, the same as a
 *      push; then `lv:close`, and the process stops 'normal';
 *   3. otherwise the render: the reply `{ diff }` / `{}` for an input with a ref, or a `diff`
 *      push when the diff is not `{}`.
 *
 * While paused (`lv:pause`) nothing is rendered: changed keys and pushed events accumulate, a
 * reply is `{}` (or `{ diff: { r } }` for a hook reply), and `lv:resume` renders once.
 *
 * Worked example, a counter rendering html`<span>${a.count}</span>` at count 0 whose `inc`
 * handler also patches the URL (`socket.update('count', ...).pushPatch('/?count=1')`):
 *
 * ```
 * in:  { type: 'lv:event', ref: '7', event: 'inc', value: {} }
 * out: { type: 'lv:push', event: 'live_patch', payload: { to: '/?count=1', kind: 'push' } }
 *      { type: 'lv:reply', ref: '7', response: { diff: { '0': '1' } } }
 * in:  { type: 'lv:event', ref: '8', event: 'noop', value: {} }     (changes nothing)
 * out: { type: 'lv:reply', ref: '8', response: {} }
 * ```
 *
 * (each output also carries the start's `topic` and `joinRef`).
 */
import type {
  AnyBehaviour,
  Context,
  CrashDescription,
  CrashSite,
  DownMessage,
  ExitReason,
  Pid,
} from '../actors/index.js';
import type { AsyncFinished, AsyncRunner } from './async.js';
import { ChildViews } from './child-views.js';
import type { ComponentUpdate } from './component-update.js';
import {
  handlesInfo,
  runAsyncStage,
  runEventStage,
  runInfoStage,
  runParamsStage,
} from './hook-stages.js';
import { runOnMount } from './lifecycle.js';
import type { Flash, LiveView, LiveViewDefinition, Params } from './live-view.js';
import { type Departure, followNavigation } from './navigation.js';
import type { PreflightResponse, ViewInput, ViewStart } from './port.js';
import type { Embed } from './render/embed.js';
import { DiffEngine, type RenderOptions } from './render/engine.js';
import { LiveViewSocket } from './socket.js';
import { SocketState } from './socket-state.js';
import { isTraced, renderTrace } from './telemetry.js';
import { runMount } from './traced-calls.js';
import type { UploadRegistration, ViewUploadMessage } from './uploads/upload-messages.js';
import { UploadRoutes } from './uploads/upload-routes.js';
import type { UploadsAssign, ViewUploads } from './uploads/view-uploads.js';
import { asyncFailure, traceRender, ViewIdentity } from './view-identity.js';
import { isEmpty, ViewOutbox } from './view-outbox.js';
import type { WireDiff } from './wire.js';

type Input<T extends ViewInput['type']> = Extract<ViewInput, { type: T }>;
// biome-ignore lint/suspicious/noExplicitAny: the process hosts any view
type AnySocket = LiveViewSocket<any, any>;
// biome-ignore lint/suspicious/noExplicitAny: the process hosts any view
type AnyDefinition = LiveViewDefinition<any, any, any>;

/**
 * What one joined view remembers across its restarts. Its per-view supervisor hands the same
 * object to every new process, so a restarted view never reuses a component id that the client
 * may still hold in its cache (it may yet prune that id).
 * @internal
 */
export interface ViewLineage {
  /** The first cid the next process may give a component. */
  nextCid: number;
  /** How many processes of this join have started (1 for the first). */
  starts: number;
  /** Set once one of them mounted: from then on the client holds the view (its crash log says
   * "the client is told the view failed" rather than "join refused" when it is given up). */
  mounted?: boolean;
}

/**
 * One connected view: its socket state, diff engine and callbacks; the view process hands it
 * each message (see the module doc for what each one leads to).
 * @internal
 */
export class ViewRuntime {
  readonly #start: ViewStart;
  // biome-ignore lint/suspicious/noExplicitAny: the process hosts any view
  readonly #view: LiveView<any, any, any>;
  readonly #def: AnyDefinition;
  readonly #ctx: Context;
  readonly #state: SocketState;
  readonly #socket: AnySocket;
  readonly #engine: DiffEngine;
  readonly #outbox: ViewOutbox;
  readonly #lineage: ViewLineage;
  readonly #behaviour: AnyBehaviour<unknown, ViewStart>;
  #children: ChildViews | undefined;
  /** Made with the first upload message, or a component's first upload. */
  #uploads: UploadRoutes | undefined;
  /** Made when a record first needs it (a trace, a crash): most views never do. */
  #who: ViewIdentity | undefined;
  #mounted = false;
  #paused = false;
  /** What it is doing (a callback's name, or `render`), for its crash log and telemetry. */
  #doing = 'mount';
  /** The event being handled, for its crash log. */
  #input: Input<'lv:event'> | undefined;
  /** Refs of `lv:await_async` inputs, answered once no async work runs. */
  #asyncWaiters: string[] = [];

  constructor(
    start: ViewStart & { lineage?: ViewLineage },
    // biome-ignore lint/suspicious/noExplicitAny: the process hosts any view
    view: LiveView<any, any, any>,
    ctx: Context,
    behaviour: AnyBehaviour<unknown, ViewStart>,
  ) {
    this.#start = start;
    this.#behaviour = behaviour;
    this.#lineage = start.lineage ?? { nextCid: 1, starts: 0 };
    this.#lineage.starts += 1;
    this.#engine = new DiffEngine({
      firstCid: this.#lineage.nextCid,
      // The context already holds `self` and `system`: no object more per view.
      parent: ctx,
      // The runtime is the embedder: no closure more per view.
      embed: this,
      // The runtime makes its components' uploads, to route their messages to them.
      uploads: this,
      recordStreams: start.recordStreams,
    });
    this.#outbox = new ViewOutbox(start, ctx, this.#lineage, this.#engine);
    this.#view = view;
    this.#def = view.definition;
    this.#ctx = ctx;
    this.#state = new SocketState({ flash: start.flash }, start.url, ctx);
    this.#state.maxChunkBytes = start.maxChunkBytes;
    this.#socket = new LiveViewSocket(this.#state, {
      id: start.topic.startsWith('lv:') ? start.topic.slice(3) : start.topic,
      connected: true,
      self: ctx.self,
      system: ctx.system,
      pubsub: start.pubsub,
      connectParams: start.connectParams,
      restarts: this.#lineage.starts - 1,
      parentPid: start.parent,
      connectInfo: start.connectInfo,
    });
  }

  /** The port this view reports to (an `EXIT` from it ends the view). */
  get port(): ViewStart['port'] {
    return this.#start.port;
  }

  /** The engine's embedder: a `liveRender` becomes its container (child-views.ts). */
  embed(value: Embed): string {
    return this.#nested().embed(value);
  }

  /** A live component's first upload: made here, so its messages find it (upload-routes.ts). */
  componentUploads(cid: number, assign: UploadsAssign, socket: unknown): ViewUploads {
    return this.#routes().componentUploads(cid, assign, socket);
  }

  /** Starts the nested view a client joined (child-views.ts). */
  startChild(msg: Input<'lv:start_child'>): void {
    this.#nested().start(msg);
  }

  /** True if `pid` was the supervisor of one of this view's nested views (now ended). */
  childExited(pid: Pid): boolean {
    return this.#children?.exited(pid) ?? false;
  }

  /** The view's async runner; undefined while it has never started async work. */
  get async(): AsyncRunner | undefined {
    return this.#state.async;
  }

  /** Stops async work; runs the user's `terminate` if the view had mounted. */
  async terminate(reason: ExitReason): Promise<void> {
    this.#state.async?.abortAll();
    this.#doing = 'terminate';
    if (this.#mounted) await this.#def.terminate?.(reason, this.#socket);
  }

  /** Its name, route, pid and topic, for traces and crash records. */
  get identity(): ViewIdentity {
    this.#who ??= new ViewIdentity(this.#start, this.#view, this.#ctx.self);
    return this.#who;
  }

  /** What its crash log says about it (the view process's `describeCrash`). */
  describeCrash(site: CrashSite): CrashDescription {
    const during = site === 'handleInfo' || site === 'terminate' ? this.#during() : site;
    const payload = this.#doing === 'handleEvent' ? this.#input?.value : undefined;
    return this.identity.crash(during, payload, this.#lineage.mounted === true);
  }

  /** A callback threw: published on `liveactor:view:crash` (the crash log comes later). */
  crashed(error: unknown): void {
    this.identity.publishCrash(this.#during(), this.#input?.event, error);
  }

  /**
   * The onMount hooks, mount + handleParams (unless a hook halted), then `lv:mounted` with the
   * complete render, or `lv:join_error` with the redirect.
   */
  async mount(): Promise<void> {
    const { params, session, onMount } = this.#start;
    this.#doing = 'onMount';
    const socket = this.#socket;
    const state = this.#state;
    if ((await runOnMount(onMount, [params, session, socket], () => state.departing)) === 'cont') {
      this.#doing = 'mount';
      await runMount(this, this.#def, params, session, socket);
      await this.#handleParams(params);
    }
    // The page still shows what the streams of the view's last life sent: replace it.
    if (this.#lineage.starts > 1) this.#state.resetStreams();
    const { patch, departure } = await this.#navigation();
    if (departure !== undefined) {
      this.#outbox.joinRedirect(departure, this.#state.takeEvents(), this.#flash);
      this.#ctx.stop('normal');
      return;
    }
    this.#mounted = true;
    this.#children?.beginRender();
    this.#lineage.mounted = true;
    const rendered = this.#renderView({ title: this.#state.title, events: this.#state.events });
    this.#state.rendered();
    this.#outbox.mounted(rendered, patch);
    await this.#afterRender();
  }

  async input(msg: ViewInput): Promise<void> {
    switch (msg.type) {
      case 'lv:event':
        return this.#event(msg);
      case 'lv:live_patch':
        return this.#livePatch(msg);
      case 'lv:allow_upload':
        return this.#settleUpload(msg.cid, msg.ref, await this.#routes().preflight(msg));
      case 'lv:progress':
        await this.#routes().progress(msg);
        return this.#settleUpload(msg.cid, msg.ref);
      case 'lv:cids_will_destroy':
        this.#engine.markForDestroy(msg.cids);
        return this.#outbox.reply(msg.ref, {});
      case 'lv:cids_destroyed': {
        const cids = this.#engine.destroy(msg.cids);
        this.#uploads?.forget(cids);
        return this.#outbox.reply(msg.ref, { cids });
      }
      case 'lv:sync':
        return this.#outbox.reply(msg.ref, {});
      case 'lv:await_async':
        this.#asyncWaiters.push(msg.ref);
        return this.#answerAsyncWaiters();
      case 'lv:pause':
        this.#paused = true;
        return;
      case 'lv:resume':
        this.#paused = false;
        return this.#settle(undefined, undefined);
      case 'lv:start_child':
        return this.startChild(msg);
    }
  }

  /**
   * `sendUpdate` for one of this view's live components: its `update`, then a push of its diff
   * alone. Pushed even while paused: the engine counts the diff as sent once it returns it.
   */
  componentUpdate(msg: ComponentUpdate): void {
    this.#doing = 'component update';
    const cid = this.#engine.cidOf(msg.component, msg.props.id);
    if (cid === undefined) return;
    this.#outbox.diff(undefined, this.#engine.updateComponent(cid, msg.props));
  }

  /** An upload process registers its entry (a call: answered, nothing rendered). */
  uploadRegister(msg: ViewUploadMessage): UploadRegistration {
    return this.#routes().register(msg);
  }

  /** An upload process's news: its entry is complete, or its writer failed; then render. */
  async upload(msg: ViewUploadMessage): Promise<void> {
    await this.#routes().news(msg);
    return this.#settleUpload(msg.cid, undefined);
  }

  /**
   * A DOWN of an entry's upload process: the entry goes, then render. Undefined (nothing done)
   * for a DOWN of another monitor.
   */
  uploadDown(msg: DownMessage): Promise<void> | undefined {
    const owner = this.#uploads?.down(msg);
    if (owner === undefined) return undefined;
    return this.#settleUpload(owner === 'view' ? undefined : owner, undefined);
  }

  /**
   * After an upload message: the view settles as after any callback; a component's diff alone
   * is the reply (with the preflight's answer), or a push.
   */
  async #settleUpload(
    cid: number | undefined,
    ref: string | undefined,
    preflight?: PreflightResponse,
  ): Promise<void> {
    if (cid === undefined) return this.#settle(ref, undefined, preflight);
    this.#outbox.diff(ref, this.#engine.renderComponent(cid), preflight);
  }

  #routes(): UploadRoutes {
    this.#uploads ??= new UploadRoutes(this.#state, this.#socket, this.#ctx);
    return this.#uploads;
  }

  /**
   * A user message: the handleInfo hooks, `handleInfo`, then render. Dropped when the view has
   * neither.
   */
  async info(msg: unknown): Promise<void> {
    if (!handlesInfo(this.#def, this.#state)) return;
    this.#doing = 'handleInfo';
    await runInfoStage(this, this.#def, this.#state, msg, this.#socket);
    return this.#settle(undefined, undefined);
  }

  /** A finished async work: `handleAsync`, or the `assignAsync` assigns; then render. */
  async asyncDone(done: AsyncFinished): Promise<void> {
    this.#doing = 'handleAsync';
    const failure = asyncFailure(done);
    if (failure !== undefined) this.identity.logAsyncFailure(this.#ctx.system, done, failure);
    await runAsyncStage(this, this.#def, this.#state, done, this.#socket);
    await this.#settle(undefined, undefined);
    this.#answerAsyncWaiters();
  }

  #answerAsyncWaiters(): void {
    if ((this.#state.async?.running ?? 0) > 0) return;
    for (const ref of this.#asyncWaiters.splice(0)) this.#outbox.reply(ref, {});
  }

  /** The page as HTML, from the current assigns and the components' own (for `views/testing`). */
  html(componentIds = false): string {
    this.#children?.beginRender();
    return this.#engine.toHtml(this.#def.render(this.#state.assigns), { componentIds });
  }

  async #event(msg: Input<'lv:event'>): Promise<void> {
    const { ref, event, value, cid } = msg;
    if (msg.uploads !== undefined) this.#routes().track(cid, msg.uploads);
    this.#doing = 'handleEvent';
    this.#input = msg;
    if (cid !== undefined) {
      if (!this.#engine.hasComponent(cid)) return this.#outbox.reply(ref, {});
      // A component's diff is sent even while paused: the engine counts it as sent.
      const diff = await this.#engine.handleComponentEvent(cid, event, (value ?? {}) as never);
      return this.#outbox.diff(ref, diff);
    }
    if (event === 'lv:clear-flash') {
      const key = (value as { key?: unknown } | null)?.key;
      this.#socket.clearFlash(typeof key === 'string' ? key : undefined);
      return this.#settle(ref, undefined);
    }
    const result = await runEventStage(this, this.#def, this.#state, msg, this.#socket);
    await this.#settle(ref, result?.reply);
    this.#input = undefined;
  }

  async #livePatch(msg: Input<'lv:live_patch'>): Promise<void> {
    const url = new URL(msg.url, this.#state.url);
    const target = this.#start.resolve(url);
    if (target === undefined || target.view !== this.#view) {
      return this.#outbox.reply(msg.ref, { link_redirect: true });
    }
    this.#state.url = url;
    await this.#handleParams(target.params);
    return this.#settle(msg.ref, undefined);
  }

  /** The handleParams stage: hooks, then the view's own (traced-calls.ts). */
  #handleParams(params: Params): Promise<void> {
    this.#doing = 'handleParams';
    return runParamsStage(this, this.#def, this.#state, params, this.#socket);
  }

  /** The afterRender hooks, once a render left; what they assign goes with the next render. */
  async #afterRender(): Promise<void> {
    const hooks = this.#state.attached;
    if (!hooks?.has('afterRender')) return;
    this.#doing = 'afterRender';
    await hooks.run('afterRender', [this.#socket]);
  }

  /** After a callback: navigation, then render, then reply or push (see the module doc). */
  async #settle(
    ref: string | undefined,
    reply: Readonly<Record<string, unknown>> | undefined,
    preflight?: PreflightResponse,
  ): Promise<void> {
    // Most callbacks navigate nowhere: skip the async walk (a promise and an outcome object).
    if (this.#state.navigation !== undefined) {
      const { patch, departure } = await this.#navigation();
      if (patch !== undefined) this.#outbox.push({ event: 'live_patch', payload: patch });
      if (departure !== undefined) return this.#leave(ref, departure);
    }
    if (this.#paused) {
      if (ref !== undefined) {
        this.#outbox.reply(
          ref,
          reply === undefined ? (preflight ?? {}) : { ...preflight, diff: { r: reply } },
        );
      }
      return;
    }
    const diff = this.#render(reply);
    this.#outbox.diff(ref, diff, preflight);
    if (diff !== NO_CHANGE) await this.#afterRender();
  }

  #render(reply: Readonly<Record<string, unknown>> | undefined): WireDiff {
    const state = this.#state;
    if (!state.dirty && reply === undefined) return NO_CHANGE;
    this.#children?.beginRender();
    const diff = this.#renderView({
      changed: state.changed,
      title: state.title,
      events: state.events,
      reply,
    });
    state.rendered();
    return diff;
  }

  #renderView(options: RenderOptions): WireDiff {
    this.#doing = 'render';
    const { render } = this.#def;
    const assigns = this.#state.assigns;
    const diff = !isTraced(renderTrace)
      ? this.#engine.renderView(render, assigns, options)
      : traceRender(this.identity, () => this.#engine.renderView(render, assigns, options));
    // A complete render drops every component the client had: their uploads end with them.
    this.#uploads?.keepOnly(this.#engine);
    return diff;
  }

  /** What it was doing, in words: `handleEvent "inc"`, `render`, ... */
  #during(): string {
    const input = this.#input;
    if (this.#doing !== 'handleEvent' || input === undefined) return this.#doing;
    const target = input.cid === undefined ? '' : ` (component ${input.cid})`;
    return `handleEvent ${JSON.stringify(input.event)}${target}`;
  }

  #leave(ref: string | undefined, departure: Departure): void {
    this.#outbox.leave(ref, departure, this.#state.takeEvents(), this.#flash);
    this.#ctx.stop('normal');
  }

  #nested(): ChildViews {
    this.#children ??= new ChildViews({
      id: this.#socket.id,
      start: this.#start,
      ctx: this.#ctx,
      behaviour: this.#behaviour,
      url: () => this.#state.url.href,
    });
    return this.#children;
  }

  #navigation() {
    const handleParams = (params: Params) => this.#handleParams(params);
    return followNavigation(this.#view, handleParams, this.#state, this.#start.resolve);
  }

  get #flash(): Flash | undefined {
    return this.#state.assigns.flash as Flash | undefined;
  }
}

/** The diff of a render skipped for want of changes; empty, so it is never sent. */
const NO_CHANGE: WireDiff = Object.freeze({});
