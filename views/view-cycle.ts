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
import type { Context } from '../actors/index.js';
import type { ChildViews } from './child-views.js';
import { runParamsStage } from './hook-stages.js';
import type { Flash, LiveView, LiveViewDefinition, Params } from './live-view.js';
import { type Departure, followNavigation } from './navigation.js';
import type { PreflightResponse, ViewStart } from './port.js';
import type { Embed } from './render/embed.js';
import { DiffEngine, type RenderOptions } from './render/engine.js';
import { LiveViewSocket } from './socket.js';
import { SocketState } from './socket-state.js';
import { isTraced, renderTrace } from './telemetry.js';
import type { UploadRoutes } from './uploads/upload-routes.js';
import type { UploadsAssign, ViewUploads } from './uploads/view-uploads.js';
import { traceRender, ViewIdentity } from './view-identity.js';
import { ViewOutbox } from './view-outbox.js';
import type { WireDiff } from './wire.js';

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
 * A connected view's state and how it settles after each callback (see the module doc); the
 * view runtime (view-runtime.ts) adds what each message runs.
 * @internal
 */
export abstract class ViewCycle {
  protected readonly start: ViewStart;
  // biome-ignore lint/suspicious/noExplicitAny: the process hosts any view
  protected readonly view: LiveView<any, any, any>;
  protected readonly def: AnyDefinition;
  protected readonly ctx: Context;
  protected readonly state: SocketState;
  protected readonly socket: AnySocket;
  protected readonly engine: DiffEngine;
  protected readonly outbox: ViewOutbox;
  protected readonly lineage: ViewLineage;
  /** Made with the first nested view. */
  protected children: ChildViews | undefined;
  /** Made with the first upload message, or a component's first upload. */
  protected uploads: UploadRoutes | undefined;
  /** Made when a record first needs it (a trace, a crash): most views never do. */
  #who: ViewIdentity | undefined;
  protected paused = false;
  /** What it is doing (a callback's name, or `render`), for its crash log and telemetry. */
  protected doing = 'mount';

  constructor(
    start: ViewStart & { lineage?: ViewLineage },
    // biome-ignore lint/suspicious/noExplicitAny: the process hosts any view
    view: LiveView<any, any, any>,
    ctx: Context,
  ) {
    this.start = start;
    this.lineage = start.lineage ?? { nextCid: 1, starts: 0 };
    this.lineage.starts += 1;
    this.engine = new DiffEngine({
      firstCid: this.lineage.nextCid,
      // The context already holds `self` and `system`: no object more per view.
      parent: ctx,
      // The view is the embedder: no closure more per view.
      embed: this,
      // The view makes its components' uploads, to route their messages to them.
      uploads: this,
      recordStreams: start.recordStreams,
    });
    this.outbox = new ViewOutbox(start, ctx, this.lineage, this.engine);
    this.view = view;
    this.def = view.definition;
    this.ctx = ctx;
    this.state = new SocketState({ flash: start.flash }, start.url, ctx);
    this.state.maxChunkBytes = start.maxChunkBytes;
    this.socket = new LiveViewSocket(this.state, {
      id: start.topic.startsWith('lv:') ? start.topic.slice(3) : start.topic,
      connected: true,
      self: ctx.self,
      system: ctx.system,
      pubsub: start.pubsub,
      connectParams: start.connectParams,
      restarts: this.lineage.starts - 1,
      parentPid: start.parent,
      connectInfo: start.connectInfo,
    });
  }

  /** The engine's embedder: a `liveRender` becomes its container (child-views.ts). */
  abstract embed(value: Embed): string;

  /** A live component's first upload: made here, so its messages find it (upload-routes.ts). */
  abstract componentUploads(cid: number, assign: UploadsAssign, socket: unknown): ViewUploads;

  /** Its name, route, pid and topic, for traces and crash records. */
  get identity(): ViewIdentity {
    this.#who ??= new ViewIdentity(this.start, this.view, this.ctx.self);
    return this.#who;
  }

  /** The handleParams stage: hooks, then the view's own (hook-stages.ts). */
  protected handleParams(params: Params): Promise<void> {
    this.doing = 'handleParams';
    return runParamsStage(this, this.def, this.state, params, this.socket);
  }

  /** The afterRender hooks, once a render left; what they assign goes with the next render. */
  protected async afterRender(): Promise<void> {
    const hooks = this.state.attached;
    if (!hooks?.has('afterRender')) return;
    this.doing = 'afterRender';
    await hooks.run('afterRender', [this.socket]);
  }

  /** After a callback: navigation, then render, then reply or push (see the module doc). */
  protected async settle(
    ref: string | undefined,
    reply: Readonly<Record<string, unknown>> | undefined,
    preflight?: PreflightResponse,
  ): Promise<void> {
    // Most callbacks navigate nowhere: skip the async walk (a promise and an outcome object).
    if (this.state.navigation !== undefined) {
      const { patch, departure } = await this.navigation();
      if (patch !== undefined) this.outbox.push({ event: 'live_patch', payload: patch });
      if (departure !== undefined) return this.#leave(ref, departure);
    }
    if (this.paused) {
      if (ref !== undefined) {
        this.outbox.reply(
          ref,
          reply === undefined ? (preflight ?? {}) : { ...preflight, diff: { r: reply } },
        );
      }
      return;
    }
    const diff = this.#render(reply);
    this.outbox.diff(ref, diff, preflight);
    if (diff !== NO_CHANGE) await this.afterRender();
  }

  #render(reply: Readonly<Record<string, unknown>> | undefined): WireDiff {
    const state = this.state;
    if (!state.dirty && reply === undefined) return NO_CHANGE;
    this.children?.beginRender();
    const diff = this.renderView({
      changed: state.changed,
      title: state.title,
      events: state.events,
      reply,
    });
    state.rendered();
    return diff;
  }

  protected renderView(options: RenderOptions): WireDiff {
    this.doing = 'render';
    const { render } = this.def;
    const assigns = this.state.assigns;
    const diff = !isTraced(renderTrace)
      ? this.engine.renderView(render, assigns, options)
      : traceRender(this.identity, () => this.engine.renderView(render, assigns, options));
    // A complete render drops every component the client had: their uploads end with them.
    this.uploads?.keepOnly(this.engine);
    return diff;
  }

  #leave(ref: string | undefined, departure: Departure): void {
    this.outbox.leave(ref, departure, this.state.takeEvents(), this.flash);
    this.ctx.stop('normal');
  }

  protected navigation() {
    const handleParams = (params: Params) => this.handleParams(params);
    return followNavigation(this.view, handleParams, this.state, this.start.resolve);
  }

  protected get flash(): Flash | undefined {
    return this.state.assigns.flash as Flash | undefined;
  }
}

/** The diff of a render skipped for want of changes; empty, so it is never sent. */
const NO_CHANGE: WireDiff = Object.freeze({});
