/**
 * Lifecycle hooks, as LiveView has them: `onMount` hooks that run before a view's `mount` (a
 * live session's, given by the router: authentication lives there), and hooks a socket
 * attaches by name to a stage of its view's life (`attachHook` / `detachHook`).
 *
 *   stage          runs                                            may stop the view's own?
 *   handleParams   before the view's handleParams (mount, patches)  'halt'
 *   handleEvent    before the view's handleEvent                     'halt', or { reply } (halts)
 *   handleInfo     before the view's handleInfo                      'halt'
 *   handleAsync    before the view's handleAsync (startAsync work)   'halt'
 *   afterRender    after each render of a connected view             no (returns nothing)
 *
 * Hooks of a stage run in the order attached; the first that halts ends the stage (the later
 * hooks and the view's callback do not run, and the view renders what changed). A hook may be
 * async. A hook that returns anything else is a programming error, thrown with its name, so the
 * view crashes and its log says which hook.
 */
import type { AsyncOutcome, Params, Session } from './live-view.js';
import type { LiveViewSocket } from './socket.js';

/**
 * What a hook tells its stage: go on with the next hook and the view's own callback, or stop.
 *
 * @example
 * const result: HookResult = 'halt';
 */
export type HookResult = 'cont' | 'halt';

/**
 * What a `handleEvent` hook returns: a {@link HookResult}, or `{ reply }`, which halts and
 * answers a hook's `pushEvent` as the view's own `{ reply }` would.
 *
 * @example
 * socket.attachHook('ping', 'handleEvent', (event) => event === 'ping' ? { reply: { pong: true } } : 'cont');
 */
export type EventHookResult = HookResult | { readonly reply: Readonly<Record<string, unknown>> };

/**
 * An `onMount` hook of a live session (`liveSession(name, { onMount: [...] }, routes)`): runs
 * before `mount`, in the dead render and again on the live join, with the same arguments. It
 * may assign (the current user, say). To send the visitor elsewhere it calls `socket.redirect`
 * or `socket.pushNavigate` and returns `'halt'`: the dead render then answers 302, the join
 * LiveView's redirect. Halting without either, or redirecting without halting, is an error.
 *
 * @example
 * const requireUser: OnMount<{ user: User }> = async (_params, session, socket) => {
 *   const user = await users.byToken(session.token);
 *   if (user === undefined) { socket.putFlash('error', 'Please sign in.').redirect('/login'); return 'halt'; }
 *   socket.assign({ user });
 *   return 'cont';
 * };
 */
// biome-ignore lint/suspicious/noExplicitAny: a hook serves views of every assigns type
export type OnMount<A extends object = any, I = unknown> = (
  params: Params,
  session: Session,
  socket: LiveViewSocket<A, I>,
) => HookResult | Promise<HookResult>;

/**
 * The function each stage takes, by stage name.
 *
 * @example
 * const track: LifecycleHooks<{ tab: string }>['handleParams'] = (_p, url, socket) => { socket.assign({ tab: url.pathname }); return 'cont'; };
 */
export interface LifecycleHooks<A extends object, I = unknown> {
  handleParams(params: Params, url: URL, socket: LiveViewSocket<A, I>): Maybe<HookResult>;
  handleEvent(event: string, value: unknown, socket: LiveViewSocket<A, I>): Maybe<EventHookResult>;
  handleInfo(msg: I, socket: LiveViewSocket<A, I>): Maybe<HookResult>;
  handleAsync(name: string, result: AsyncOutcome, socket: LiveViewSocket<A, I>): Maybe<HookResult>;
  afterRender(socket: LiveViewSocket<A, I>): void | Promise<void>;
}

/**
 * The stages a hook can be attached to.
 *
 * @example
 * const stage: HookStage = 'handleEvent';
 */
export type HookStage = keyof LifecycleHooks<object>;

type Maybe<T> = T | Promise<T>;

const STAGES: ReadonlySet<string> = new Set<HookStage>([
  'handleParams',
  'handleEvent',
  'handleInfo',
  'handleAsync',
  'afterRender',
]);

interface Attached {
  readonly name: string;
  readonly fn: (...args: never[]) => unknown;
}

/**
 * The hooks one view's socket has attached, by stage; created on the first `attachHook`.
 * @internal
 */
export class AttachedHooks {
  readonly #stages = new Map<HookStage, readonly Attached[]>();

  /** Adds `fn` under `name` at the end of `stage`; a name already there is an error. */
  attach(name: string, stage: HookStage, fn: (...args: never[]) => unknown): void {
    checkStage('attachHook', stage);
    if (typeof fn !== 'function') {
      throw new TypeError(`attachHook: the hook "${name}" must be a function`);
    }
    const hooks = this.#stages.get(stage) ?? [];
    if (hooks.some((h) => h.name === name)) {
      throw new TypeError(`attachHook: a hook named "${name}" is attached to ${stage} already`);
    }
    this.#stages.set(stage, [...hooks, { name, fn }]);
  }

  /** Removes the hook `name` of `stage`, if there is one. */
  detach(name: string, stage: HookStage): void {
    checkStage('detachHook', stage);
    const hooks = this.#stages.get(stage);
    if (hooks === undefined) return;
    const kept = hooks.filter((h) => h.name !== name);
    if (kept.length === 0) this.#stages.delete(stage);
    else this.#stages.set(stage, kept);
  }

  /** True if `stage` has a hook (so a view without the callback still runs the stage). */
  has(stage: HookStage): boolean {
    return this.#stages.has(stage);
  }

  /**
   * Runs the hooks of `stage` in order with `args`; returns 'halt' (or the reply of a
   * `handleEvent` hook) as soon as one halts, else 'cont'. Hooks attached or detached meanwhile
   * take effect from the next run.
   */
  async run(stage: HookStage, args: readonly unknown[]): Promise<EventHookResult> {
    for (const hook of this.#stages.get(stage) ?? []) {
      const result = await (hook.fn as (...a: readonly unknown[]) => unknown)(...args);
      if (stage === 'afterRender') continue;
      if (result === 'cont') continue;
      if (result === 'halt') return 'halt';
      if (stage === 'handleEvent' && isReply(result)) return result;
      throw new TypeError(
        `the ${stage} hook "${hook.name}" returned ${describe(result)}; expected 'cont' or 'halt'` +
          (stage === 'handleEvent' ? ' or { reply }' : ''),
      );
    }
    return 'cont';
  }
}

/**
 * Runs a view's `onMount` hooks in order before its `mount`; 'halt' when one halted (having
 * asked for a navigation, which `hasDeparture` tells), 'cont' when all went on.
 * @internal
 */
export async function runOnMount(
  hooks: readonly OnMount[] | undefined,
  args: readonly [Params, Session, LiveViewSocket<object>],
  hasDeparture: () => boolean,
): Promise<HookResult> {
  if (hooks === undefined) return 'cont';
  for (const [i, hook] of hooks.entries()) {
    const result = await hook(...args);
    const which = `onMount hook ${hook.name === '' ? `#${i + 1}` : `"${hook.name}"`}`;
    if (result === 'halt') {
      if (!hasDeparture()) {
        throw new TypeError(
          `${which} halted without socket.redirect() or socket.pushNavigate(): where should the visitor go?`,
        );
      }
      return 'halt';
    }
    if (result !== 'cont') {
      throw new TypeError(`${which} returned ${describe(result)}; expected 'cont' or 'halt'`);
    }
    if (hasDeparture()) {
      throw new TypeError(
        `${which} redirected but returned 'cont': return 'halt' after a redirect`,
      );
    }
  }
  return 'cont';
}

function checkStage(caller: string, stage: string): void {
  if (!STAGES.has(stage)) {
    throw new TypeError(
      `${caller}: unknown stage ${JSON.stringify(stage)}; use one of ${[...STAGES].join(', ')}`,
    );
  }
}

function isReply(value: unknown): value is { readonly reply: Readonly<Record<string, unknown>> } {
  if (typeof value !== 'object' || value === null) return false;
  const reply = (value as { reply?: unknown }).reply;
  return typeof reply === 'object' && reply !== null && !Array.isArray(reply);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
