import type { ActorSystem, Pid, PubSub } from '../actors/index.js';
import type { AsyncResult, AsyncWork } from './async.js';
import { sendUpdate } from './component-update.js';
import type { ConnectInfo } from './connect-info.js';
import type { HookStage, LifecycleHooks } from './lifecycle.js';
import type { BaseAssigns, Flash, Params } from './live-view.js';
import type { ComponentProps, LiveComponent } from './render/component.js';
import type {
  StreamInsertOptions,
  StreamItem,
  StreamName,
  StreamOptions,
} from './render/stream.js';
import type { SocketState } from './socket-state.js';
import type { UploadEntry, UploadName } from './uploads/upload-config.js';
import type { UploadOptions } from './uploads/upload-options.js';
import type { TempFileMeta } from './uploads/upload-writer.js';

/**
 * The value type an `assignAsync` work returns for the assign `key` (`T` of `AsyncResult<T>`).
 *
 * @example
 * type V = AsyncValue<{ org: AsyncResult<{ name: string }> }, 'org'>; // { name: string }
 */
export type AsyncValue<A, K extends keyof A> =
  NonNullable<A[K]> extends AsyncResult<infer T> ? T : never;

/**
 * What a socket is made of, besides its state: its fields that never change.
 * @internal
 */
export type SocketEnv = Pick<
  // biome-ignore lint/suspicious/noExplicitAny: the fields do not depend on the type arguments
  LiveViewSocket<any>,
  | 'id'
  | 'connected'
  | 'self'
  | 'system'
  | 'pubsub'
  | 'connectParams'
  | 'restarts'
  | 'parentPid'
  | 'connectInfo'
>;

/**
 * A live view's handle on its state and its client, passed to every callback. Changes are
 * recorded and sent after the callback returns, as one diff.
 *
 * @example
 * mount(_params, _session, socket) {
 *   if (socket.connected) socket.subscribe('events');
 *   socket.assign({ count: 0 }).putFlash('info', 'Welcome');
 * }
 */
export class LiveViewSocket<A extends object, I = unknown> {
  /** The container id (the channel topic without `lv:`). */
  readonly id: string;
  /** False during the dead render (the first HTTP response). */
  readonly connected: boolean;
  /** The view process; undefined in the dead render. */
  readonly self: Pid | undefined;
  /** E.g. `socket.system.sendAfter(socket.self!, 'tick', 1000)`. */
  readonly system: ActorSystem;
  readonly pubsub: PubSub;
  /** The join's params (LiveView's `get_connect_params`); `{}` in the dead render. */
  readonly connectParams: Params;
  /**
   * How many times this view crashed and was restarted under the same page (0 on its first
   * mount, and in the dead render): lets a view tell the user it recovered.
   */
  readonly restarts: number;
  /**
   * The view that rendered this one with `liveRender` (not sticky); undefined for a page's
   * view, a sticky one, and in the dead render. Talk to it with {@link send}.
   */
  readonly parentPid: Pid | undefined;
  /**
   * The connection the view is served over; read it with `getConnectInfo(socket)`.
   * @internal
   */
  readonly connectInfo: ConnectInfo | undefined;
  readonly #state: SocketState;

  /** @internal */
  constructor(state: SocketState, env: SocketEnv) {
    this.#state = state;
    this.id = env.id;
    this.connected = env.connected;
    this.self = env.self;
    this.system = env.system;
    this.pubsub = env.pubsub;
    this.connectParams = env.connectParams;
    this.restarts = env.restarts;
    this.parentPid = env.parentPid;
    this.connectInfo = env.connectInfo;
  }

  /** The current assigns (change them with `assign` / `update`). */
  get assigns(): Readonly<A & BaseAssigns> {
    return this.#state.assigns as A & BaseAssigns;
  }

  /** The page URL (updated before each `handleParams`). */
  get url(): URL {
    return this.#state.url;
  }

  /** Sets assigns; a key whose new value is `===` the old one is not marked changed. */
  assign(values: Partial<A>): this;
  assign<K extends keyof A & string>(key: K, value: A[K]): this;
  assign(keyOrValues: string | Partial<A>, value?: unknown): this {
    if (typeof keyOrValues === 'string') {
      this.#state.set(keyOrValues, value);
      return this;
    }
    // Not Object.entries: callbacks assign on every event, and it allocates a pair per key.
    const values = keyOrValues as Record<string, unknown>;
    for (const key in values) if (Object.hasOwn(values, key)) this.#state.set(key, values[key]);
    return this;
  }

  /**
   * LiveView's `assign_new`: sets `key` to `fn()` only if it has no value yet, so an expensive
   * value (the current user, say) is computed once, e.g. by a shared helper every mount calls.
   *
   * @example
   * socket.assignNew('user', () => loadUser(session.userId));
   */
  assignNew<K extends keyof A & string>(key: K, fn: () => A[K]): this {
    if (this.#state.assigns[key] === undefined) this.#state.set(key, fn());
    return this;
  }

  /** Sets `key` to `fn(current value)`. */
  update<K extends keyof A & string>(key: K, fn: (value: A[K]) => A[K]): this {
    this.#state.set(key, fn(this.#state.assigns[key] as A[K]));
    return this;
  }

  /** Subscribes this view to a PubSub topic; broadcasts arrive in `handleInfo`. No-op when not connected. */
  subscribe(topic: string): this {
    if (this.self !== undefined) this.pubsub.subscribe(this.self, topic);
    return this;
  }

  /**
   * Sends `msg` to a process (its `handleInfo`): the way nested views and their parent talk,
   * by message and never by shared object. Does nothing in the dead render.
   *
   * @example
   * if (socket.parentPid) socket.send(socket.parentPid, { type: 'child-ready', pid: socket.self });
   */
  send(to: Pid, msg: unknown): this {
    if (this.self !== undefined) this.system.send(to, msg);
    return this;
  }

  /** Adds a flash message (the `flash` assign); it travels with a navigation, as in LiveView. */
  putFlash(kind: string, message: string): this {
    this.#state.set('flash', { ...this.#flash(), [kind]: message });
    return this;
  }

  /** Removes one flash kind, or every flash message. */
  clearFlash(kind?: string): this {
    const flash = this.#flash();
    if (kind === undefined) {
      if (Object.keys(flash).length > 0) this.#state.set('flash', {});
    } else if (Object.hasOwn(flash, kind)) {
      const { [kind]: _gone, ...rest } = flash;
      this.#state.set('flash', rest);
    }
    return this;
  }

  /** Sends an event to the browser (`phx:<name>` window event, hooks' `handleEvent`). */
  pushEvent(name: string, payload: unknown, opts?: { readonly dispatch?: 'before' }): this {
    this.#state.pushEvent(opts?.dispatch === 'before' ? [name, payload, true] : [name, payload]);
    return this;
  }

  /** Changes the URL without leaving this view: `handleParams` runs with the new params. */
  pushPatch(to: string, opts?: { readonly replace?: boolean }): this {
    this.#state.navigation = { type: 'patch', to, kind: kindOf(opts) };
    return this;
  }

  /** Navigates to another live view over the same socket; this view stops. */
  pushNavigate(to: string, opts?: { readonly replace?: boolean }): this {
    this.#state.navigation = { type: 'navigate', to, kind: kindOf(opts) };
    return this;
  }

  /** A full page load of `to`; this view stops. */
  redirect(to: string): this {
    this.#state.navigation = { type: 'redirect', to };
    return this;
  }

  /** The page title (`<title>`), sent when it changes. */
  get pageTitle(): string | undefined {
    return this.#state.title;
  }

  set pageTitle(title: string | undefined) {
    if (title === this.#state.title) return;
    this.#state.title = title;
    this.#state.titleChanged = true;
  }

  /**
   * LiveView's `stream/4`: the first call defines stream `name` (declared in the assigns type
   * as `streams: { name: LiveStream<Item> }`) with `items`; later calls insert more (after
   * emptying it with `reset: true`). The items go to the client with the next render and are
   * then forgotten: the list lives in the page. Render it with `a.streams.name.map(...)`.
   *
   * @example
   * socket.stream('songs', await listSongs(), { limit: -50 });
   * socket.stream('songs', [], { reset: true }); // empties the list on the page
   */
  stream<K extends StreamName<A>>(
    name: K,
    items: Iterable<StreamItem<A, K>>,
    opts?: StreamOptions<StreamItem<A, K>>,
  ): this {
    this.#state.streams().stream(name, items, opts as StreamOptions<unknown> | undefined);
    return this;
  }

  /**
   * LiveView's `stream_insert/4`: adds `item` at `at` (-1 last, 0 first), or updates it in
   * place if the page shows it already; `limit` trims the list after the insert.
   *
   * @example
   * socket.streamInsert('songs', song, { at: 0, limit: 50 });
   */
  streamInsert<K extends StreamName<A>>(
    name: K,
    item: StreamItem<A, K>,
    opts?: StreamInsertOptions,
  ): this {
    this.#state.streams().insert(name, item, opts);
    return this;
  }

  /** LiveView's `stream_delete/3`: removes `item`'s element from the page. */
  streamDelete<K extends StreamName<A>>(name: K, item: StreamItem<A, K>): this {
    this.#state.streams().delete(name, item);
    return this;
  }

  /** LiveView's `stream_delete_by_dom_id/3`: removes the element with this DOM id. */
  streamDeleteByDomId(name: StreamName<A>, domId: string): this {
    this.#state.streams().deleteByDomId(name, domId);
    return this;
  }

  /**
   * LiveView's `stream_configure/3`: how stream `name` computes its items' DOM ids (default
   * `${name}-${item.id}`); before the stream's first use, once.
   *
   * @example
   * socket.streamConfigure('songs', { dom_id: (s) => `song-${s.isrc}` });
   */
  streamConfigure<K extends StreamName<A>>(
    name: K,
    opts: { readonly dom_id?: ((item: StreamItem<A, K>) => string) | undefined },
  ): this {
    this.#state.streams().configure(name, opts as { dom_id?: (item: unknown) => string });
    return this;
  }

  /**
   * LiveView's `send_update`: asks this view to run the live component's `update` with `props`
   * (`props.id` names the instance), through its mailbox, after the current callback. Does
   * nothing in the dead render.
   *
   * @example
   * socket.sendUpdate(ReserveItem, { id: 7, remaining: 3 });
   */
  sendUpdate<Assigns extends object>(
    component: LiveComponent<Assigns>,
    props: ComponentProps<Assigns>,
  ): this {
    if (this.self !== undefined) sendUpdate(this.system, this.self, component, props);
    return this;
  }

  /**
   * Runs `work` and calls `handleAsync(name, result)` with its outcome. Starting a work under a
   * running name replaces it. Does nothing in the dead render.
   */
  startAsync<T>(name: string, work: AsyncWork<T>): this {
    this.#state.asyncRunner()?.start(name, undefined, work);
    return this;
  }

  /**
   * Sets each of `keys` to a loading {@link AsyncResult}, runs `work` (which returns an object
   * with a value for each key), then sets them done, or failed if it threw: a failure never
   * crashes the view. In the dead render the assigns stay loading.
   */
  assignAsync<K extends keyof A & string>(
    keys: K | readonly K[],
    work: AsyncWork<{ readonly [P in K]: AsyncValue<A, P> }>,
  ): this {
    const list: readonly string[] = typeof keys === 'string' ? [keys] : keys;
    for (const key of list) {
      const old = this.#state.assigns[key] as AsyncResult<unknown> | undefined;
      this.#state.set(key, {
        loading: true,
        ok: old?.ok ?? false,
        result: old?.result,
        failed: undefined,
      });
    }
    this.#state.asyncRunner()?.start(list.join(','), list, work);
    return this;
  }

  /**
   * Cancels the work `name` (a `startAsync` name, or an assign of an `assignAsync`): it ends with
   * `{ ok: false, error: AsyncCancelledError }`. A name with no running work is ignored.
   */
  cancelAsync(name: string): this {
    this.#state.async?.cancel(name);
    return this;
  }

  /**
   * LiveView's `attach_hook`: runs `fn` at `stage` of this view's life, before the view's own
   * callback (`afterRender`: after each render), until detached. A hook returning `'halt'` ends
   * the stage there: the later hooks and the view's callback do not run. Attach in `mount` or an
   * `onMount` hook; a name already attached to the stage is an error.
   *
   * @example
   * socket.attachHook('active-tab', 'handleParams', (_params, url, s) => {
   *   s.assign({ tab: url.pathname });
   *   return 'cont';
   * });
   */
  attachHook<S extends HookStage>(name: string, stage: S, fn: LifecycleHooks<A, I>[S]): this {
    this.#state.hooks().attach(name, stage, fn as (...args: never[]) => unknown);
    return this;
  }

  /** LiveView's `detach_hook`: removes the hook `name` of `stage` (nothing if absent). */
  detachHook(name: string, stage: HookStage): this {
    this.#state.attached?.detach(name, stage);
    return this;
  }

  /**
   * LiveView's `allow_upload`: sets up the upload `name` (its `a.uploads.<name>` and the file
   * input `liveFileInput` renders for it). Allowing it again starts afresh (a new ref; old
   * tokens open nothing), and throws while it still has entries.
   *
   * @example
   * socket.allowUpload('avatar', { accept: ['.jpg', '.png'], maxFileSize: 2_000_000 });
   */
  allowUpload<M = TempFileMeta>(
    name: UploadName<A>,
    opts: UploadOptions<LiveViewSocket<A, I>, M>,
  ): this {
    this.#state.uploadsRunner().allow(name, opts);
    return this;
  }

  /** LiveView's `disallow_upload`: no more preflights; throws while it has entries. */
  disallowUpload(name: UploadName<A>): this {
    this.#state.uploadsRunner().disallow(name);
    return this;
  }

  /**
   * Drops the entry `ref` of `name` and stops its upload; its temporary file is deleted. A ref
   * the upload does not have (a stale click) is ignored.
   *
   * @example
   * handleEvent(event, value, socket) { if (event === 'cancel') socket.cancelUpload('photos', value.ref); }
   */
  cancelUpload(name: UploadName<A>, ref: string): this {
    this.#state.uploadsRunner().cancel(name, ref);
    return this;
  }

  /** The entries of `name`, split into done and not yet. */
  uploadedEntries(name: UploadName<A>): {
    readonly completed: UploadEntry[];
    readonly inProgress: UploadEntry[];
  } {
    return this.#state.uploadsRunner().uploaded(name);
  }

  /**
   * LiveView's `consume_uploaded_entries`: calls `fn` with each done entry's meta (the default
   * writer's is `{ path }`, the temporary file) and drops the entries. A file the callback did
   * not move elsewhere is deleted after it returns. Entries still uploading are left in place.
   * Resolves with the callbacks' results.
   *
   * @example
   * const saved = await socket.consumeUploadedEntries('avatar', async ({ path }, entry) => {
   *   const dest = join(avatarsDir, `${entry.uuid}.png`);
   *   await rename(path, dest);
   *   return dest;
   * });
   */
  consumeUploadedEntries<R, M = TempFileMeta>(
    name: UploadName<A>,
    fn: (meta: M, entry: UploadEntry) => R | Promise<R>,
  ): Promise<R[]> {
    return this.#state.uploadsRunner().consume(name, fn as (meta: never, entry: UploadEntry) => R);
  }

  #flash(): Flash {
    return (this.#state.assigns.flash as Flash | undefined) ?? {};
  }
}

function kindOf(opts: { readonly replace?: boolean } | undefined): 'push' | 'replace' {
  return opts?.replace === true ? 'replace' : 'push';
}
