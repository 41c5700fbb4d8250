/**
 * The running side of a {@link LiveViewTest}: the port's callback, the replies it waits for, and
 * the view's status across restarts.
 *
 *   mounting --lv:mounted--> live --EXIT abnormal--> mounting (the supervisor restarts the view)
 *   any --lv:join_error / lv:close / DOWN normal / close()--> closed
 *   any --DOWN abnormal of the per-view supervisor (past its intensity)--> failed
 *
 * An operation waits until the status is `live`, then sends to the current pid at once; a crash
 * while its reply is pending rejects it with `ERR_VIEW_CRASHED`.
 */
import {
  type ActorSystem,
  type ExitReason,
  isNormalish,
  type Pid,
  type PubSub,
} from '../../actors/index.js';
import type { EventMap, Flash } from '../live-view.js';
import type {
  LiveRedirectPayload,
  NavigationKind,
  RedirectPayload,
  ReplyResponse,
  ViewInput,
  ViewOutput,
  ViewPush,
} from '../port.js';
import type { WireDiff } from '../wire.js';
import { type LiveElement, PageElement } from './element.js';
import { LiveViewTestError } from './errors.js';
import { FileInput, type FileInputHost, type FileInputTest, type TestFile } from './file-input.js';
import type { FormValues } from './form-data.js';
import { type ChildJoin, LiveChildren } from './live-children.js';
import { type LiveForm, PageForm } from './live-form.js';
import type { LiveViewTest } from './live-view-test.js';
import type { PageHost } from './page-host.js';
import { Page, type TextFilter } from './page-query.js';
import { type Deferred, deferred, spawnTestPort } from './test-port.js';

type Status = 'mounting' | 'live' | 'closed' | 'failed';

/**
 * How a test's view process starts and stops: under the test's own supervisor (a page's
 * view, a sticky child) or through its parent (a nested child).
 * @internal
 */
export interface ViewLauncher {
  /** Starts the view, reporting to `port`; resolves with the view's own supervisor. */
  launch(port: Pid, test: MountedView<EventMap, unknown>): Promise<Pid>;
  /** Stops that supervisor (the view's terminate runs); never rejects. */
  stop(sup: Pid): Promise<void>;
  /** Processes to stop once the view is (a test supervisor, say). */
  readonly helpers?: readonly Pid[] | undefined;
}

/**
 * What a {@link MountedView} is made with.
 * @internal
 */
export interface MountedViewOptions {
  readonly system: ActorSystem;
  readonly pubsub: PubSub;
  /** The view's container id. */
  readonly id: string;
  readonly deadHtml: string;
  /** Whether `close()` shuts the system down. */
  readonly owns: boolean;
  /** Joins the view's nested views (see live-children.ts). */
  readonly joinChild: ChildJoin<MountedView<EventMap, unknown>>;
  /** The page URL the view starts at. */
  readonly url: string;
  /** Mounts where a navigation went. */
  readonly follow: Follow;
}

/**
 * How to mount the view serving `url` with `flash` in the same system (`owns`: whether it shuts
 * the system down on close); undefined when no live view serves it.
 * @internal
 */
export type Follow = (
  url: URL,
  flash: Flash,
) => ((owns: boolean) => Promise<LiveViewTest>) | undefined;

/**
 * The {@link LiveViewTest} that `mountLive` returns.
 * @internal
 */
export class MountedView<E extends EventMap, I> implements LiveViewTest<E, I> {
  readonly id: string;
  readonly deadHtml: string;
  readonly system: ActorSystem;
  readonly pubsub: PubSub;
  readonly pushes: ViewPush[] = [];
  navigation: RedirectPayload | LiveRedirectPayload | undefined;
  #pid: Pid | undefined;
  #html: string;
  #status: Status = 'mounting';
  #failure: LiveViewTestError | undefined;
  #owns: boolean;
  /** The page URL, following live patches. */
  #url: string;
  readonly #follow: Follow;
  readonly #pending = new Map<string, Deferred<ReplyResponse>>();
  readonly #children: LiveChildren<MountedView<EventMap, unknown>>;
  #waiters: Deferred<void>[] = [];
  #refs = 0;
  #port: Pid | undefined;
  #launcher: ViewLauncher | undefined;
  #viewSup: Pid | undefined;
  #childStart: Deferred<Pid> | undefined;

  constructor(options: MountedViewOptions) {
    this.system = options.system;
    this.pubsub = options.pubsub;
    this.id = options.id;
    this.deadHtml = options.deadHtml;
    this.#html = options.deadHtml;
    this.#owns = options.owns;
    this.#children = new LiveChildren(options.id, options.joinChild);
    this.#url = options.url;
    this.#follow = options.follow;
  }

  get pid(): Pid {
    if (this.#pid === undefined) throw new TypeError('LiveViewTest: the view has not mounted');
    return this.#pid;
  }

  async start(launcher: ViewLauncher): Promise<void> {
    const port = spawnTestPort(this.system, (msg) => this.#onMessage(msg));
    this.#port = port;
    this.#launcher = launcher;
    try {
      this.#viewSup = await launcher.launch(port, this as MountedView<EventMap, unknown>);
      this.system.monitor(port, this.#viewSup);
      await this.#live();
    } catch (error) {
      await this.close();
      throw error;
    }
    await this.#refresh();
  }

  /**
   * The answer to the `lv:start_child` a nested child's launcher sends with this test's port:
   * the child's supervisor, or a rejection when its parent refused.
   */
  childStarted(): Promise<Pid> {
    this.#childStart = deferred<Pid>();
    return this.#childStart.promise;
  }

  html(): string {
    return this.#children.fill(this.#html);
  }

  liveChildren(): LiveViewTest[] {
    return this.#children.list();
  }

  liveChild(id: string): LiveViewTest {
    const child = this.#children.get(id);
    if (child === undefined) {
      throw new LiveViewTestError('ERR_NO_CHILD', `no nested live view ${JSON.stringify(id)}`);
    }
    return child;
  }

  async render(): Promise<string> {
    await this.#request({ type: 'lv:sync' });
    await this.#refresh();
    return this.#html;
  }

  async event(name: string, value?: unknown, opts?: { readonly cid: number }): Promise<WireDiff> {
    const cid = opts === undefined ? {} : { cid: opts.cid };
    const response = await this.#request({
      type: 'lv:event',
      event: name,
      value: value ?? {},
      ...cid,
    });
    return this.#settle(response);
  }

  async send(msg: I): Promise<WireDiff> {
    await this.#live();
    const before = this.pushes.length;
    this.system.send(this.pid, msg);
    await this.#request({ type: 'lv:sync' });
    await this.#refresh();
    const pushed = this.pushes.slice(before).find((push) => push.event === 'diff');
    return pushed?.payload ?? {};
  }

  async patch(url: string): Promise<WireDiff> {
    const response = await this.#request({ type: 'lv:live_patch', url });
    if ('link_redirect' in response) this.navigation = { to: url, kind: 'push' };
    else this.#url = new URL(url, this.#url).href;
    return this.#settle(response);
  }

  fileInput(
    name: string,
    files: readonly TestFile[],
    opts?: { readonly form?: string },
  ): FileInputTest {
    const host: FileInputHost = {
      system: this.system,
      port: this.#port!,
      page: () => this.#page(),
      request: (input) => this.#request(input),
      render: () => this.render(),
    };
    return new FileInput(host, name, files, opts?.form);
  }

  async renderAsync(): Promise<string> {
    await this.#request({ type: 'lv:await_async' });
    await this.#refresh();
    return this.#html;
  }

  element(selector: string, text?: TextFilter): LiveElement {
    return new PageElement(this.#host, selector, text);
  }

  form(selector: string, values: FormValues = {}): LiveForm {
    return new PageForm(this.#host, selector, values);
  }

  async hasElement(selector: string, text?: TextFilter): Promise<boolean> {
    return (await this.#page()).select(selector, text).length > 0;
  }

  async followRedirect(): Promise<LiveViewTest> {
    const navigation = this.navigation;
    if (navigation === undefined) {
      throw new LiveViewTestError(
        'ERR_NO_NAVIGATION',
        'the view has not navigated: nothing to follow',
      );
    }
    const to = new URL(navigation.to, this.#url);
    const mount = this.#follow(to, navigation.flash ?? {});
    if (mount === undefined) {
      throw new LiveViewTestError(
        'ERR_NO_ROUTE',
        `no live view serves ${to.pathname}: pass mountLive a \`resolve\` that knows it (or it is a plain HTTP route)`,
      );
    }
    // The browser leaves this page for the next, which takes the system over.
    const owns = this.#owns;
    this.#owns = false;
    await this.close();
    return mount(owns);
  }

  /** What the page-driven handles act through. */
  readonly #host: PageHost = {
    page: () => this.#page(),
    html: () => this.#html,
    push: (event, value, cid) => this.event(event, value, cid === undefined ? undefined : { cid }),
    patch: (href) => this.patch(new URL(href, this.#url).href),
    leave: (to: string, kind: NavigationKind | undefined) => {
      this.navigation = kind === undefined ? { to } : { to, kind };
    },
  };

  /** The page once everything sent so far was handled, with the live components' cids. */
  async #page(): Promise<Page> {
    await this.#request({ type: 'lv:sync' });
    const tagged = await this.system.call<string>(this.pid, {
      type: 'lv:html',
      componentIds: true,
    });
    await this.#refresh();
    return new Page(tagged);
  }

  async close(): Promise<void> {
    const wasLive = this.#status !== 'closed' && this.#status !== 'failed';
    this.#fail(new LiveViewTestError('ERR_VIEW_CLOSED', 'the view was closed'), 'closed');
    const { system } = this;
    if (this.#owns) return system.shutdown();
    await this.#children.closeAll();
    const launcher = this.#launcher;
    if (wasLive && launcher !== undefined && this.#viewSup !== undefined) {
      await launcher.stop(this.#viewSup);
    }
    for (const pid of [...(launcher?.helpers ?? []), this.#port]) {
      if (pid === undefined) continue;
      system.exit(pid, 'shutdown');
      await system.exited(pid);
    }
  }

  async #settle(response: ReplyResponse): Promise<WireDiff> {
    if ('redirect' in response) this.navigation = response.redirect;
    else if ('live_redirect' in response) this.navigation = response.live_redirect;
    else await this.#refresh();
    return 'diff' in response ? response.diff : {};
  }

  async #request(input: DistributiveOmit<ViewInput, 'ref'>): Promise<ReplyResponse> {
    await this.#live();
    const ref = String(++this.#refs);
    const reply = deferred<ReplyResponse>();
    this.#pending.set(ref, reply);
    this.system.send(this.pid, { ...input, ref });
    return reply.promise;
  }

  async #refresh(): Promise<void> {
    if (this.#status !== 'live') return;
    const pid = this.pid;
    try {
      this.#html = await this.system.call<string>(pid, { type: 'lv:html' });
    } catch {
      // The view stopped or crashed meanwhile; html() keeps the last page.
      return;
    }
    await this.#children.sync(this.#html, pid);
  }

  /** Resolves when a view process is mounted; the caller then sends to it synchronously. */
  async #live(): Promise<void> {
    // The view may crash again between the `lv:mounted` and this continuation.
    while (this.#status !== 'live') await this.#ready();
  }

  #ready(): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const waiter = deferred<void>();
    this.#waiters.push(waiter);
    return waiter.promise;
  }

  #onMessage(msg: unknown): void {
    const type = (msg as { type?: unknown } | null)?.type;
    if (type === 'EXIT') this.#onExit(msg as { from: Pid; reason: ExitReason });
    else if (type === 'DOWN') this.#onDown(msg as { pid: Pid; reason: ExitReason });
    else this.#onOutput(msg as ViewOutput);
  }

  #onOutput(out: ViewOutput): void {
    switch (out.type) {
      case 'lv:mounted': {
        this.#pid = out.pid;
        this.#status = 'live';
        for (const waiter of this.#waiters.splice(0)) waiter.resolve();
        return;
      }
      case 'lv:join_error': {
        const r = out.response;
        this.navigation =
          'redirect' in r ? r.redirect : 'live_redirect' in r ? r.live_redirect : undefined;
        const to = this.navigation?.to ?? '?';
        const error = new LiveViewTestError(
          'ERR_MOUNT_REDIRECT',
          `mount redirected to ${to}`,
          this.navigation,
        );
        this.#fail(error, 'closed');
        return;
      }
      case 'lv:reply': {
        const reply = this.#pending.get(out.ref);
        this.#pending.delete(out.ref);
        reply?.resolve(out.response);
        return;
      }
      case 'lv:push': {
        const { type: _type, topic: _topic, joinRef: _joinRef, ...push } = out;
        this.pushes.push(push as ViewPush);
        if (push.event === 'redirect' || push.event === 'live_redirect')
          this.navigation = push.payload;
        else if (push.event === 'live_patch') this.#url = new URL(push.payload.to, this.#url).href;
        return;
      }
      case 'lv:close':
        this.#fail(new LiveViewTestError('ERR_VIEW_CLOSED', 'the view navigated away'), 'closed');
        return;
      case 'lv:child_started':
        this.#childStart?.resolve(out.sup);
        return;
      case 'lv:child_refused':
        this.#childStart?.reject(
          new LiveViewTestError('ERR_VIEW_CLOSED', `the parent refused the join: ${out.reason}`),
        );
        return;
    }
  }

  #onExit(exit: { from: Pid; reason: ExitReason }): void {
    if (exit.from !== this.#pid || isNormalish(exit.reason) || this.#status !== 'live') return;
    // The supervisor restarts the view; the next operation waits for its `lv:mounted`.
    this.#status = 'mounting';
    this.#children.forgetNested();
    const error = new LiveViewTestError(
      'ERR_VIEW_CRASHED',
      'the view crashed',
      undefined,
      exit.reason,
    );
    for (const reply of this.#pending.values()) reply.reject(error);
    this.#pending.clear();
  }

  #onDown(down: { pid: Pid; reason: ExitReason }): void {
    if (down.pid !== this.#viewSup || this.#status === 'closed') return;
    if (!isNormalish(down.reason)) {
      const error = new LiveViewTestError(
        'ERR_VIEW_FAILED',
        'the view crashed past its restart intensity',
        undefined,
        down.reason,
      );
      this.#fail(error, 'failed');
    } else {
      this.#fail(new LiveViewTestError('ERR_VIEW_CLOSED', 'the view stopped'), 'closed');
    }
  }

  #fail(error: LiveViewTestError, status: Status): void {
    if (this.#failure !== undefined) return;
    this.#status = status;
    this.#failure = error;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
    for (const reply of this.#pending.values()) reply.reject(error);
    this.#pending.clear();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
