/**
 * Async work of a view (`startAsync`, `assignAsync`): started by a callback, finished later
 * through the view's own mailbox, so its result is handled like any other message (one at a
 * time, then a render).
 *
 * Two kinds of work:
 *
 * - a function `(signal) => value | Promise<value>` runs in this thread; when it settles, an
 *   {@link AsyncDone} message goes to the view;
 * - `{ task, payload }` runs on the system's piscina pool (`system.runTask`); its `TASK_DONE` /
 *   `TASK_FAILED` message comes back to the view.
 *
 * Each run gets a key (a number for functions, the TaskRef for tasks). The runner keeps the
 * current key per name; a result whose key is no longer current (the work was restarted under
 * the same name, or cancelled) is dropped. A cancel aborts the work and posts a failed outcome
 * with an {@link AsyncCancelledError} under a fresh key, so a cancelled work still ends through
 * the mailbox exactly once.
 */
import { type Context, LiveActorError, type TaskMessage, type TaskSpec } from '../actors/index.js';
import type { AsyncOutcome } from './live-view.js';
import type { SocketState } from './socket-state.js';

/**
 * Work for `startAsync` / `assignAsync`: a function run in this thread (its `signal` aborts on
 * cancel or when the view stops), or a task module run on the worker pool.
 *
 * @example
 * socket.startAsync('stats', async (signal) => (await fetch(url, { signal })).json());
 * socket.startAsync('thumb', { task: { filename: new URL('./thumb.ts', import.meta.url) }, payload: path });
 */
export type AsyncWork<T> =
  | ((signal: AbortSignal) => T | Promise<T>)
  | { readonly task: TaskSpec; readonly payload?: unknown };

/**
 * The state of an `assignAsync` assign: loading, done (`ok`, `result`) or failed.
 *
 * @example
 * render: (a) => html`${a.org.loading ? 'Loading…' : a.org.ok ? a.org.result?.name : 'failed'}`
 */
export interface AsyncResult<T> {
  readonly loading: boolean;
  readonly ok: boolean;
  readonly result: T | undefined;
  readonly failed: unknown;
}

/**
 * The error of a cancelled async work (`cancelAsync`): `handleAsync` receives it as
 * `{ ok: false, error }`, and an `assignAsync` assign as `failed`.
 *
 * @example
 * if (!result.ok && result.error instanceof AsyncCancelledError) return;
 */
export class AsyncCancelledError extends LiveActorError {
  readonly asyncName: string;

  constructor(name: string) {
    super('ERR_ASYNC_CANCELLED', `async work '${name}' was cancelled`);
    this.asyncName = name;
  }
}

/**
 * The message an in-thread async work sends to its view when it settles.
 * @internal
 */
export class AsyncDone {
  readonly key: number;
  readonly outcome: AsyncOutcome;

  constructor(key: number, outcome: AsyncOutcome) {
    this.key = key;
    this.outcome = outcome;
  }
}

/**
 * What the runner tells the view a finished work was for.
 * @internal
 */
export interface AsyncFinished {
  readonly name: string;
  /** The assigns an `assignAsync` fills; undefined for `startAsync`. */
  readonly keys: readonly string[] | undefined;
  readonly outcome: AsyncOutcome;
  /** Whether it ran as a task on the worker pool (whose failures the pool logs). */
  readonly task: boolean;
}

interface Running {
  key: unknown;
  readonly keys: readonly string[] | undefined;
  readonly controller: AbortController;
}

/**
 * The async works of one view process, by name.
 * @internal
 */
export class AsyncRunner {
  readonly #ctx: Context;
  readonly #byName = new Map<string, Running>();
  readonly #byKey = new Map<unknown, string>();
  #nextKey = 0;
  #watching = false;

  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** Starts `work` under `name`, replacing (and aborting) a running work of that name. */
  start(name: string, keys: readonly string[] | undefined, work: AsyncWork<unknown>): void {
    if (!this.#watching) {
      // Only views that start async work pay for the process's AbortSignal and a listener.
      this.#watching = true;
      this.#ctx.signal.addEventListener('abort', () => this.abortAll(), { once: true });
    }
    this.#drop(name);
    const controller = new AbortController();
    const running: Running = { key: undefined, keys, controller };
    this.#byName.set(name, running);
    if (typeof work === 'function') {
      const key = this.#newKey(running, name);
      const { system, self } = this.#ctx;
      const signal = controller.signal;
      Promise.resolve()
        .then(() => work(signal))
        .then(
          (value) => system.send(self, new AsyncDone(key, { ok: true, value })),
          (error: unknown) => system.send(self, new AsyncDone(key, { ok: false, error })),
        );
    } else {
      const { system, self } = this.#ctx;
      running.key = system.runTask(self, work.task, work.payload, { signal: controller.signal });
      this.#byKey.set(running.key, name);
    }
  }

  /** How many works run (a cancelled one until its cancellation is handled). */
  get running(): number {
    return this.#byName.size;
  }

  /** Cancels the work `name`, or the `assignAsync` that fills the assign `name`; false if none. */
  cancel(name: string): boolean {
    const found = this.#byName.has(name) ? name : this.#nameOfAssign(name);
    const running = found === undefined ? undefined : this.#byName.get(found);
    if (found === undefined || running === undefined) return false;
    // The old key stays known until its result arrives, so that result is dropped, not taken
    // for a message of the user's.
    const key = this.#newKey(running, found);
    running.controller.abort();
    const error = new AsyncCancelledError(found);
    this.#ctx.system.send(this.#ctx.self, new AsyncDone(key, { ok: false, error }));
    return true;
  }

  /**
   * If `msg` ends a work of this runner, forgets it and returns what finished (`null` for a stale
   * result to drop); undefined for any other message.
   */
  take(msg: unknown): AsyncFinished | null | undefined {
    let key: unknown;
    let outcome: AsyncOutcome;
    if (msg instanceof AsyncDone) {
      key = msg.key;
      outcome = msg.outcome;
    } else if (isTaskMessage(msg) && this.#byKey.has(msg.ref)) {
      key = msg.ref;
      outcome =
        msg.type === 'TASK_DONE'
          ? { ok: true, value: msg.result }
          : { ok: false, error: msg.error };
    } else {
      return undefined;
    }
    const name = this.#byKey.get(key);
    this.#byKey.delete(key);
    const running = name === undefined ? undefined : this.#byName.get(name);
    if (name === undefined || running === undefined || running.key !== key) return null;
    this.#byName.delete(name);
    return { name, keys: running.keys, outcome, task: !(msg instanceof AsyncDone) };
  }

  /** Aborts every running work (the view is stopping); their results will find nobody. */
  abortAll(): void {
    for (const running of this.#byName.values()) running.controller.abort();
    this.#byName.clear();
  }

  #newKey(running: Running, name: string): number {
    const key = this.#nextKey++;
    running.key = key;
    this.#byKey.set(key, name);
    return key;
  }

  #drop(name: string): void {
    const old = this.#byName.get(name);
    if (old === undefined) return;
    this.#byName.delete(name);
    // A cancelled task still sends TASK_FAILED: keep its key known so that it is dropped.
    old.controller.abort();
  }

  #nameOfAssign(key: string): string | undefined {
    for (const [name, running] of this.#byName) if (running.keys?.includes(key)) return name;
    return undefined;
  }
}

function isTaskMessage(msg: unknown): msg is TaskMessage {
  const type = (msg as { type?: unknown } | null)?.type;
  return type === 'TASK_DONE' || type === 'TASK_FAILED';
}

/**
 * Sets the assigns of a finished `assignAsync`: each key done with its value, or failed (with the
 * error, or a TypeError when the result has no value for it), keeping the previous result.
 * @internal
 */
export function assignOutcome(
  state: SocketState,
  keys: readonly string[],
  outcome: AsyncFinished['outcome'],
): void {
  const values = outcome.ok ? outcome.value : undefined;
  const complete = outcome.ok && typeof values === 'object' && values !== null;
  for (const key of keys) {
    const old = state.assigns[key] as { result?: unknown } | undefined;
    if (complete && Object.hasOwn(values, key)) {
      const result = (values as Record<string, unknown>)[key];
      state.set(key, { loading: false, ok: true, result, failed: undefined });
    } else {
      const failed = outcome.ok
        ? new TypeError(`assignAsync: the work's result has no value for '${key}'`)
        : outcome.error;
      state.set(key, { loading: false, ok: false, result: old?.result, failed });
    }
  }
}
