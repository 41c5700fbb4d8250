/**
 * What a view process does with each message: mount, a client's input, a user message, a
 * finished async work, an upload's news, a component's update; each then settles as
 * view-cycle.ts describes (navigation, render, reply or push).
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
import { handlesInfo, runAsyncStage, runEventStage, runInfoStage } from './hook-stages.js';
import { runOnMount } from './lifecycle.js';
import type { LiveView } from './live-view.js';
import type { PreflightResponse, ViewInput, ViewStart } from './port.js';
import type { Embed } from './render/embed.js';
import { runMount } from './traced-calls.js';
import type { UploadRegistration, ViewUploadMessage } from './uploads/upload-messages.js';
import { UploadRoutes } from './uploads/upload-routes.js';
import type { UploadsAssign, ViewUploads } from './uploads/view-uploads.js';
import { ViewCycle, type ViewLineage } from './view-cycle.js';
import { asyncFailure } from './view-identity.js';

type Input<T extends ViewInput['type']> = Extract<ViewInput, { type: T }>;

/**
 * One connected view: the view process hands it each message.
 * @internal
 */
export class ViewRuntime extends ViewCycle {
  readonly #behaviour: AnyBehaviour<unknown, ViewStart>;
  #mounted = false;
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
    super(start, view, ctx);
    this.#behaviour = behaviour;
  }

  /** The port this view reports to (an `EXIT` from it ends the view). */
  get port(): ViewStart['port'] {
    return this.start.port;
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
    return this.children?.exited(pid) ?? false;
  }

  /** The view's async runner; undefined while it has never started async work. */
  get async(): AsyncRunner | undefined {
    return this.state.async;
  }

  /** Stops async work; runs the user's `terminate` if the view had mounted. */
  async terminate(reason: ExitReason): Promise<void> {
    this.state.async?.abortAll();
    this.doing = 'terminate';
    if (this.#mounted) await this.def.terminate?.(reason, this.socket);
  }

  /** What its crash log says about it (the view process's `describeCrash`). */
  describeCrash(site: CrashSite): CrashDescription {
    const during = site === 'handleInfo' || site === 'terminate' ? this.#during() : site;
    const payload = this.doing === 'handleEvent' ? this.#input?.value : undefined;
    return this.identity.crash(during, payload, this.lineage.mounted === true);
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
    const { params, session, onMount } = this.start;
    this.doing = 'onMount';
    const socket = this.socket;
    const state = this.state;
    if ((await runOnMount(onMount, [params, session, socket], () => state.departing)) === 'cont') {
      this.doing = 'mount';
      await runMount(this, this.def, params, session, socket);
      await this.handleParams(params);
    }
    // The page still shows what the streams of the view's last life sent: replace it.
    if (this.lineage.starts > 1) this.state.resetStreams();
    const { patch, departure } = await this.navigation();
    if (departure !== undefined) {
      this.outbox.joinRedirect(departure, this.state.takeEvents(), this.flash);
      this.ctx.stop('normal');
      return;
    }
    this.#mounted = true;
    this.children?.beginRender();
    this.lineage.mounted = true;
    const rendered = this.renderView({ title: this.state.title, events: this.state.events });
    this.state.rendered();
    this.outbox.mounted(rendered, patch);
    await this.afterRender();
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
        this.engine.markForDestroy(msg.cids);
        return this.outbox.reply(msg.ref, {});
      case 'lv:cids_destroyed': {
        const cids = this.engine.destroy(msg.cids);
        this.uploads?.forget(cids);
        return this.outbox.reply(msg.ref, { cids });
      }
      case 'lv:sync':
        return this.outbox.reply(msg.ref, {});
      case 'lv:await_async':
        this.#asyncWaiters.push(msg.ref);
        return this.#answerAsyncWaiters();
      case 'lv:pause':
        this.paused = true;
        return;
      case 'lv:resume':
        this.paused = false;
        return this.settle(undefined, undefined);
      case 'lv:start_child':
        return this.startChild(msg);
    }
  }

  /**
   * `sendUpdate` for one of this view's live components: its `update`, then a push of its diff
   * alone. Pushed even while paused: the engine counts the diff as sent once it returns it.
   */
  componentUpdate(msg: ComponentUpdate): void {
    this.doing = 'component update';
    const cid = this.engine.cidOf(msg.component, msg.props.id);
    if (cid === undefined) return;
    this.outbox.diff(undefined, this.engine.updateComponent(cid, msg.props));
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
    const owner = this.uploads?.down(msg);
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
    if (cid === undefined) return this.settle(ref, undefined, preflight);
    this.outbox.diff(ref, this.engine.renderComponent(cid), preflight);
  }

  #routes(): UploadRoutes {
    this.uploads ??= new UploadRoutes(this.state, this.socket, this.ctx);
    return this.uploads;
  }

  /**
   * A user message: the handleInfo hooks, `handleInfo`, then render. Dropped when the view has
   * neither.
   */
  async info(msg: unknown): Promise<void> {
    if (!handlesInfo(this.def, this.state)) return;
    this.doing = 'handleInfo';
    await runInfoStage(this, this.def, this.state, msg, this.socket);
    return this.settle(undefined, undefined);
  }

  /** A finished async work: `handleAsync`, or the `assignAsync` assigns; then render. */
  async asyncDone(done: AsyncFinished): Promise<void> {
    this.doing = 'handleAsync';
    const failure = asyncFailure(done);
    if (failure !== undefined) this.identity.logAsyncFailure(this.ctx.system, done, failure);
    await runAsyncStage(this, this.def, this.state, done, this.socket);
    await this.settle(undefined, undefined);
    this.#answerAsyncWaiters();
  }

  #answerAsyncWaiters(): void {
    if ((this.state.async?.running ?? 0) > 0) return;
    for (const ref of this.#asyncWaiters.splice(0)) this.outbox.reply(ref, {});
  }

  /** The page as HTML, from the current assigns and the components' own (for `views/testing`). */
  html(componentIds = false): string {
    this.children?.beginRender();
    return this.engine.toHtml(this.def.render(this.state.assigns), { componentIds });
  }

  async #event(msg: Input<'lv:event'>): Promise<void> {
    const { ref, event, value, cid } = msg;
    if (msg.uploads !== undefined) this.#routes().track(cid, msg.uploads);
    this.doing = 'handleEvent';
    this.#input = msg;
    if (cid !== undefined) {
      if (!this.engine.hasComponent(cid)) return this.outbox.reply(ref, {});
      // A component's diff is sent even while paused: the engine counts it as sent.
      const diff = await this.engine.handleComponentEvent(cid, event, (value ?? {}) as never);
      return this.outbox.diff(ref, diff);
    }
    if (event === 'lv:clear-flash') {
      const key = (value as { key?: unknown } | null)?.key;
      this.socket.clearFlash(typeof key === 'string' ? key : undefined);
      return this.settle(ref, undefined);
    }
    const result = await runEventStage(this, this.def, this.state, msg, this.socket);
    await this.settle(ref, result?.reply);
    this.#input = undefined;
  }

  async #livePatch(msg: Input<'lv:live_patch'>): Promise<void> {
    const url = new URL(msg.url, this.state.url);
    const target = this.start.resolve(url);
    if (target === undefined || target.view !== this.view) {
      return this.outbox.reply(msg.ref, { link_redirect: true });
    }
    this.state.url = url;
    await this.handleParams(target.params);
    return this.settle(msg.ref, undefined);
  }

  /** What it was doing, in words: `handleEvent "inc"`, `render`, ... */
  #during(): string {
    const input = this.#input;
    if (this.doing !== 'handleEvent' || input === undefined) return this.doing;
    const target = input.cid === undefined ? '' : ` (component ${input.cid})`;
    return `handleEvent ${JSON.stringify(input.event)}${target}`;
  }

  #nested(): ChildViews {
    this.children ??= new ChildViews({
      id: this.socket.id,
      start: this.start,
      ctx: this.ctx,
      behaviour: this.#behaviour,
      url: () => this.state.url.href,
    });
    return this.children;
  }
}
