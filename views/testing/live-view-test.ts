/**
 * `mountLive`: a live view under test, run as in production minus the socket. The dead render
 * runs first (`deadHtml`); then the view process starts under `liveViewChildSpec` in a
 * DynamicSupervisor of the test's system and talks to a small port process of its own. So a
 * callback that throws crashes the view, its supervisor restarts and re-mounts it, and the next
 * operation goes to the new process (`pid` changes); past the restart intensity operations
 * reject with `ERR_VIEW_FAILED`.
 *
 * Every operation awaits a fact: the reply to its input, or the reply to an `lv:sync` sent after
 * it (the view handles its mailbox in order). Then `html()` is refreshed from the view.
 */
import { ActorSystem, DynamicSupervisor, type Pid, PubSub } from '../../actors/index.js';
import type { ConnectInfo } from '../connect-info.js';
import { renderDead } from '../dead-render.js';
import type { OnMount } from '../lifecycle.js';
import type { EventMap, Flash, LiveView, Params, Session } from '../live-view.js';
import type {
  LiveRedirectPayload,
  RedirectPayload,
  UrlResolver,
  ViewPush,
  ViewStart,
} from '../port.js';
import { liveViewChildSpec, type ViewRestartLimits } from '../view-supervisor.js';
import type { WireDiff } from '../wire.js';
import type { LiveElement } from './element.js';
import { LiveViewTestError } from './errors.js';
import type { FileInputTest, TestFile } from './file-input.js';
import type { FormValues } from './form-data.js';
import { type ChildContainer, type ChildJoin, TestTokens } from './live-children.js';
import type { LiveForm } from './live-form.js';
import { type Follow, MountedView, type ViewLauncher } from './mounted-view.js';
import type { TextFilter } from './page-query.js';

/**
 * Options of {@link mountLive}.
 *
 * @example
 * await mountLive(EventView, { params: { id: '7' }, session: { user: 'ann' }, url: 'http://localhost/events/7' });
 */
export interface MountLiveOptions {
  readonly params?: Params;
  readonly session?: Session;
  /** Absolute page URL; default `http://localhost/`. Its query is merged under `params`. */
  readonly url?: string;
  readonly connectParams?: Params;
  readonly flash?: Flash;
  /** Default: a new system, shut down by `close()`. */
  readonly system?: ActorSystem;
  /** Default: a new PubSub on the system. */
  readonly pubsub?: PubSub;
  /** Which view serves a URL (for `pushPatch`, `patch` and `followRedirect`); default: this
   * view for every URL of the same origin, with the query as params (`followRedirect` then
   * follows only to this view's own path). */
  readonly resolve?: UrlResolver;
  /** The view's restart intensity; default 3 restarts in 5000 ms. */
  readonly restart?: ViewRestartLimits;
  /**
   * Hooks run before `mount`, as a live session's are (`route.liveSession?.onMount`); a hook
   * that redirects and halts makes `mountLive` reject with `ERR_MOUNT_REDIRECT`.
   */
  readonly onMount?: readonly OnMount[] | undefined;
  /** What `getConnectInfo` tells the view; default a client at 127.0.0.1 with no headers. */
  readonly connectInfo?: ConnectInfo | undefined;
}

/** The connection a view under test is served over, unless the test says otherwise. */
const TEST_CONNECT_INFO: ConnectInfo = Object.freeze({
  peerAddress: '127.0.0.1',
  peerPort: undefined,
  userAgent: undefined,
  xHeaders: Object.freeze({}),
});

/**
 * A mounted view under test (see {@link mountLive}).
 *
 * @example
 * const lv = await mountLive(Counter);
 * expect(await lv.event('inc', {})).toEqual({ '0': '1' });
 * expect(lv.html()).toContain('<span>1</span>');
 */
export interface LiveViewTest<E extends EventMap = EventMap, I = unknown> {
  /** The container id (`lv:<id>` is its topic). */
  readonly id: string;
  /** The disconnected render (the first HTTP response's view HTML; '' for a nested view's test). */
  readonly deadHtml: string;
  /** The current view process (a new pid after each restart). */
  readonly pid: Pid;
  readonly system: ActorSystem;
  readonly pubsub: PubSub;
  /**
   * The page HTML as of the last awaited operation (live components with their own state, and
   * nested views' HTML in their containers).
   */
  html(): string;
  /**
   * The nested live views the page shows (`liveRender`), each a test of its own, joined as a
   * client joins them once the page rendered their containers (LiveViewTest's
   * `live_children`).
   */
  liveChildren(): readonly LiveViewTest[];
  /** The nested live view `id`; throws `ERR_NO_CHILD` if the page shows none. */
  liveChild(id: string): LiveViewTest;
  /** The page HTML once everything sent to the view so far was handled. */
  render(): Promise<string>;
  /** Sends a client event; resolves with the reply's diff (`{}` for none or a navigation). */
  event<K extends keyof E & string>(name: K, value?: E[K]): Promise<WireDiff>;
  /** Sends an event to the live component `cid`. */
  event(name: string, value: unknown, opts: { readonly cid: number }): Promise<WireDiff>;
  /** Sends `msg` to `handleInfo`; resolves with the diff it pushed (`{}` if none). */
  send(msg: I): Promise<WireDiff>;
  /** A client `live_patch` to `url`; resolves with the reply's diff. */
  patch(url: string): Promise<WireDiff>;
  /** Every push so far, in order. */
  readonly pushes: readonly ViewPush[];
  /** Where the view navigated to, once it did. */
  readonly navigation: RedirectPayload | LiveRedirectPayload | undefined;
  /** The page once every async work of the view (`startAsync`, `assignAsync`) has finished
   * and its result was rendered. */
  renderAsync(): Promise<string>;
  /** One element of the page, by CSS selector (and text), to act on as a user would; it must
   * match exactly one element when acted on. */
  element(selector: string, text?: TextFilter): LiveElement;
  /** A form of the page, filled in with `values` (checked against its fields when sent). */
  form(selector: string, values?: FormValues): LiveForm;
  /** Whether the page, once everything sent so far was handled, has a match. */
  hasElement(selector: string, text?: TextFilter): Promise<boolean>;
  /**
   * Mounts the view where the last navigation went (a `redirect` or `pushNavigate` of the
   * view, a link or `JS.navigate` the test clicked), with its flash, through `resolve`; this
   * view is closed, and the new one owns the system if this one did.
   */
  followRedirect(): Promise<LiveViewTest>;
  /**
   * Files picked for the upload `name` (LiveView's `file_input`): announce them in a form
   * change, preflight and upload them with the returned {@link FileInputTest}. The upload is a
   * live component's when the input's form targets it; `form` (a selector) picks the input
   * when several are for `name` (one per component, say).
   */
  fileInput(
    name: string,
    files: readonly TestFile[],
    opts?: { readonly form?: string },
  ): FileInputTest;
  /** Stops the view (`terminate` runs), and the system if `mountLive` created it. */
  close(): Promise<void>;
}

let nextTopic = 0;

/**
 * Mounts `view` as a test: the dead render, then the connected view process. Rejects with
 * `ERR_MOUNT_REDIRECT` when the mount navigates away.
 *
 * @example
 * const lv = await mountLive(Counter, { params: { start: '5' } });
 * await lv.event('inc');
 * expect(lv.html()).toContain('6');
 * await lv.close();
 */
export function mountLive<A extends object, E extends EventMap, I>(
  view: LiveView<A, E, I>,
  opts: MountLiveOptions = {},
): Promise<LiveViewTest<E, I>> {
  return mountOwned(view, opts, opts.system === undefined);
}

/** `mountLive`, where `owns` says whether `close()` shuts the system down. */
async function mountOwned<A extends object, E extends EventMap, I>(
  view: LiveView<A, E, I>,
  opts: MountLiveOptions,
  owns: boolean,
): Promise<MountedView<E, I>> {
  const system = opts.system ?? new ActorSystem();
  const pubsub = opts.pubsub ?? new PubSub(system);
  const url = new URL(opts.url ?? 'http://localhost/');
  const params = { ...Object.fromEntries(url.searchParams), ...opts.params };
  const session = opts.session ?? {};
  const flash = opts.flash ?? {};
  const resolve: UrlResolver =
    opts.resolve ??
    ((target) =>
      target.origin === url.origin
        ? { view, params: Object.fromEntries(target.searchParams) }
        : undefined);
  const id = `phx-test-${++nextTopic}`;
  const tokens = new TestTokens();
  const { onMount } = opts;
  const connectInfo = opts.connectInfo ?? TEST_CONNECT_INFO;
  const dead = await renderDead(view, {
    id,
    params,
    session,
    url,
    flash,
    system,
    pubsub,
    resolve,
    nested: tokens,
    onMount,
    connectInfo,
  });
  if (dead.type === 'redirect') {
    if (owns) await system.shutdown();
    const navigation = { to: dead.to, flash: dead.flash };
    throw new LiveViewTestError('ERR_MOUNT_REDIRECT', `mount redirected to ${dead.to}`, navigation);
  }
  // Following a navigation needs a route for it: the default resolver serves this path only.
  const route: UrlResolver =
    opts.resolve ?? ((target) => (target.pathname === url.pathname ? resolve(target) : undefined));
  const follow: Follow = (to, flash) => {
    const target = route(to);
    if (target === undefined) return undefined;
    const next = { ...opts, system, pubsub, url: to.href, params: target.params, flash };
    return (ownsNext) =>
      mountOwned(target.view as LiveView<object, EventMap, unknown>, next, ownsNext);
  };
  const page: TestPage = {
    system,
    pubsub,
    resolve,
    tokens,
    limits: opts.restart,
    url: url.href,
    connectInfo,
  };
  const test = new MountedView<E, I>({
    system,
    pubsub,
    id,
    deadHtml: dead.html,
    owns,
    joinChild: childJoiner(page),
    url: url.href,
    follow,
  });
  const start: Omit<ViewStart, 'port'> = {
    view,
    topic: `lv:${id}`,
    joinRef: '1',
    params,
    session,
    url: url.href,
    connectParams: opts.connectParams ?? {},
    flash,
    pubsub,
    resolve,
    nested: tokens,
    recordStreams: true,
    onMount,
    connectInfo,
  };
  await test.start(supervised(page, start));
  return test;
}

/** What every view of one test page shares. */
interface TestPage {
  readonly system: ActorSystem;
  readonly pubsub: PubSub;
  readonly resolve: UrlResolver;
  readonly tokens: TestTokens;
  readonly limits: ViewRestartLimits | undefined;
  /** The page's URL, which its nested views share. */
  readonly url: string;
  /** The page's connection, which its nested views share. */
  readonly connectInfo: ConnectInfo;
}

/** Starts a view (the page's, or a sticky child) under a supervisor of the test's own. */
function supervised(page: TestPage, start: Omit<ViewStart, 'port'>): ViewLauncher {
  const { system } = page;
  const helpers: Pid[] = [];
  let views: Pid | undefined;
  return {
    helpers,
    async launch(port) {
      views = await DynamicSupervisor.start(system);
      helpers.push(views);
      return DynamicSupervisor.startChild(
        system,
        views,
        liveViewChildSpec({ ...start, port }, page.limits),
      );
    },
    async stop(sup) {
      if (views !== undefined)
        await DynamicSupervisor.terminateChild(system, views, sup).catch(() => {});
    },
  };
}

/** Joins a nested view through its parent, as the transport does (child-views.ts). */
function throughParent(page: TestPage, container: ChildContainer, parent: Pid): ViewLauncher {
  const { system } = page;
  return {
    launch(port, test) {
      const started = test.childStarted();
      const topic = `lv:${container.id}`;
      system.send(parent, {
        type: 'lv:start_child',
        id: container.id,
        topic,
        joinRef: '1',
        port,
        connectParams: {},
      });
      return started;
    },
    async stop(sup) {
      system.exit(sup, 'shutdown');
      await system.exited(sup);
    },
  };
}

/** How the page's views join their children: nested ones through the parent, sticky ones alone. */
function childJoiner(page: TestPage): ChildJoin<MountedView<EventMap, unknown>> {
  const join: ChildJoin<MountedView<EventMap, unknown>> = async (container, parent) => {
    let launcher: ViewLauncher;
    if (container.sticky) {
      const claims = page.tokens.claims(container.session);
      if (claims?.sticky !== true) return undefined;
      launcher = supervised(page, {
        view: claims.view,
        topic: `lv:${container.id}`,
        joinRef: '1',
        params: {},
        session: claims.session,
        url: claims.url,
        connectParams: {},
        flash: {},
        pubsub: page.pubsub,
        resolve: page.resolve,
        nested: page.tokens,
        recordStreams: true,
        connectInfo: page.connectInfo,
      });
    } else {
      launcher = throughParent(page, container, parent);
    }
    const test = new MountedView<EventMap, unknown>({
      system: page.system,
      pubsub: page.pubsub,
      id: container.id,
      deadHtml: '',
      owns: false,
      joinChild: join,
      url: page.url,
      follow: () => undefined,
    });
    try {
      await test.start(launcher);
    } catch {
      // Refused, or failed at once: the page shows the container, the test has no child.
      return undefined;
    }
    return test;
  };
  return join;
}
