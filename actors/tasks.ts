/**
 * Tasks: CPU-heavy work on a piscina worker pool, with the outcome coming back as a message.
 *
 * `run(pid, spec, payload)` returns a TaskRef at once and later delivers exactly one message to
 * `pid`: `{ type: 'TASK_DONE', ref, result }` or `{ type: 'TASK_FAILED', ref, error }`. Whatever
 * happens in the worker (the task throws, calls process.exit, or leaves an uncaught error behind)
 * becomes TASK_FAILED: piscina turns it into a rejected promise, and a rejection is only ever
 * delivered, never thrown. "Exactly one" is kept by a table of running tasks: the first outcome
 * (result, failure, cancel, destroy) removes the entry, later ones find nothing and are ignored.
 *
 * Task files are plain worker-thread modules. Users write them in TypeScript, which Node 20
 * cannot load, so each worker starts with `--import <loader>` (tsx, when it is installed). On
 * Node 20 the ESM hooks a loader registers do not reach a worker's imports, but tsx's require hook
 * does, and piscina require()s a task file before it tries import(); so a `.ts` task loads as
 * CommonJS compiled by tsx (ESM-only dependencies included). One limit follows: no top-level
 * `await` in a `.ts` task file on Node 20. A `.js`/`.mjs` task loads with or without the loader.
 */
import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nanoid } from 'nanoid';
import { Piscina } from 'piscina';
import { LiveActorError, MessageNotCloneableError } from './errors.js';
import type { Pid } from './pid.js';

/**
 * Identifies one task run; carried by its TASK_DONE / TASK_FAILED message.
 *
 * @example
 * const ref: TaskRef = system.runTask(ctx.self, spec, payload);
 * return { ...state, pending: ref }; // later: if (msg.ref === state.pending) ...
 */
export type TaskRef = string & { readonly __taskRef: unique symbol };

/**
 * Which module and export a task runs.
 *
 * @example
 * const spec: TaskSpec = { filename: new URL('./tasks/image.ts', import.meta.url), name: 'resize' };
 */
export interface TaskSpec {
  /** Absolute path or `file:` URL of the task module (`.ts`, `.mts`, `.js`, `.mjs`). */
  filename: string | URL;
  /** Named export to call; default the module's default export. */
  name?: string | undefined;
}

/**
 * What the asking process receives in `handleInfo` when its task ends.
 *
 * @example
 * handleInfo(msg: TaskMessage, state) {
 *   return msg.type === 'TASK_DONE' ? { ...state, image: msg.result } : { ...state, error: msg.error };
 * }
 */
export type TaskMessage =
  | { type: 'TASK_DONE'; ref: TaskRef; result: unknown }
  | { type: 'TASK_FAILED'; ref: TaskRef; error: unknown };

/**
 * Options of {@link TaskPool}; passed to piscina where the names match.
 *
 * @example
 * new TaskPool(deliver, { maxThreads: 2, idleTimeout: 30_000, loader: false });
 */
export interface TaskPoolOptions {
  /** Most worker threads at once (piscina default: 1.5 × cores). */
  maxThreads?: number | undefined;
  /** Threads kept alive while idle (piscina default: half the cores). */
  minThreads?: number | undefined;
  /** Milliseconds an idle thread above `minThreads` lives (piscina default 0). */
  idleTimeout?: number | undefined;
  /** Node options for each worker; default the parent's `process.execArgv`. */
  execArgv?: readonly string[] | undefined;
  /**
   * Module each worker `--import`s before loading task files, so `.ts` tasks run on Node 20.
   * Default: tsx when it can be resolved (~1 ms more per worker start), else none; `false`: none.
   */
  loader?: string | false | undefined;
  /**
   * Receives errors no task can be blamed for (an uncaught exception in an idle worker).
   * Default: `process.emitWarning`.
   */
  onError?: ((error: unknown) => void) | undefined;
  /** Hears of each task that failed (threw, or its worker died); not of cancelled ones. */
  onFailed?: ((failure: TaskFailure) => void) | undefined;
}

/**
 * A task that failed, for {@link TaskPoolOptions.onFailed}.
 *
 * @example
 * new TaskPool(deliver, { onFailed: ({ spec, error }) => log.error({ err: error }, String(spec.filename)) });
 */
export interface TaskFailure {
  /** The process that asked (it gets TASK_FAILED). */
  readonly pid: Pid;
  readonly ref: TaskRef;
  readonly spec: TaskSpec;
  readonly error: unknown;
}

/**
 * A task was cancelled (by `cancel(ref)`, its AbortSignal, or the pool being destroyed) before it
 * finished. It is the `error` of the TASK_FAILED message; `cause` is the abort reason.
 *
 * @example
 * if (msg.type === 'TASK_FAILED' && msg.error instanceof TaskCancelledError) return state;
 */
export class TaskCancelledError extends LiveActorError {
  readonly ref: TaskRef;
  constructor(ref: TaskRef, why: string, cause?: unknown) {
    super(
      'ERR_TASK_CANCELLED',
      `task ${ref} was cancelled (${why})`,
      cause === undefined ? undefined : { cause },
    );
    this.ref = ref;
  }
}

interface Running {
  readonly pid: Pid;
  readonly spec: TaskSpec;
  readonly controller: AbortController;
  readonly detach: () => void;
}

const TYPESCRIPT_FILE = /\.[cm]?tsx?$/;

/**
 * A lazily started piscina pool whose task outcomes are delivered as messages. The ActorSystem
 * owns one (`system.runTask`) and destroys it on shutdown.
 *
 * @example
 * const pool = new TaskPool((pid, msg) => system.send(pid, msg));
 * const ref = pool.run(pid, { filename: new URL('./tasks/hash.ts', import.meta.url) }, { text: 'abc' });
 * // pid's handleInfo later gets { type: 'TASK_DONE', ref, result } or { type: 'TASK_FAILED', ref, error }
 * await pool.destroy();
 */
export class TaskPool {
  readonly #deliver: (pid: Pid, msg: TaskMessage) => void;
  readonly #opts: TaskPoolOptions;
  readonly #running = new Map<TaskRef, Running>();
  readonly #refPrefix = `task.${nanoid(6)}.`;
  #nextRef = 0;
  #pool: Piscina | undefined;
  #loader: string | undefined;
  #destroyed = false;

  constructor(deliver: (pid: Pid, msg: TaskMessage) => void, opts: TaskPoolOptions = {}) {
    this.#deliver = deliver;
    this.#opts = opts;
  }

  /** Tasks started and not yet finished, cancelled or failed. */
  get pending(): number {
    return this.#running.size;
  }

  /**
   * Starts `spec` with `payload` (structured-cloned into the worker) and returns its ref. Throws a
   * TypeError only for a bad filename, or a TypeScript task with no loader available.
   */
  run(
    pid: Pid,
    spec: TaskSpec,
    payload: unknown,
    opts: { signal?: AbortSignal | undefined } = {},
  ): TaskRef {
    const ref = `${this.#refPrefix}${(this.#nextRef++).toString(36)}` as TaskRef;
    const filename = this.#checkFilename(spec.filename);
    if (this.#destroyed) {
      this.#deliver(pid, {
        type: 'TASK_FAILED',
        ref,
        error: new TaskCancelledError(ref, 'the task pool is destroyed'),
      });
      return ref;
    }
    const controller = new AbortController();
    const signal = opts.signal;
    const onAbort = (): void => this.#cancel(ref, 'its AbortSignal aborted', signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#running.set(ref, {
      pid,
      spec,
      controller,
      detach: () => signal?.removeEventListener('abort', onAbort),
    });
    if (signal?.aborted) {
      onAbort();
      return ref;
    }
    this.#piscina()
      .run(payload, {
        filename,
        signal: controller.signal,
        ...(spec.name !== undefined && { name: spec.name }),
      })
      .then(
        (result: unknown) => this.#settle(ref, { type: 'TASK_DONE', ref, result }),
        (error: unknown) => this.#fail(ref, describeFailure(error)),
      );
    return ref;
  }

  /**
   * Cancels a running or queued task: its worker is stopped and the asker gets TASK_FAILED with a
   * TaskCancelledError (code `ERR_TASK_CANCELLED`), delivered before `cancel` returns. A finished
   * or unknown ref is ignored.
   */
  cancel(ref: TaskRef): void {
    this.#cancel(ref, 'cancel() was called', undefined);
  }

  /** Cancels every pending task (each asker gets TASK_FAILED) and stops the worker threads. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const ref of [...this.#running.keys()])
      this.#cancel(ref, 'the task pool is destroyed', undefined);
    await this.#pool?.destroy();
  }

  #cancel(ref: TaskRef, why: string, cause: unknown): void {
    const running = this.#running.get(ref);
    if (running === undefined) return;
    this.#settle(ref, { type: 'TASK_FAILED', ref, error: new TaskCancelledError(ref, why, cause) });
    // piscina rejects the task's promise (or stops its worker); #settle then finds nothing.
    running.controller.abort();
  }

  #fail(ref: TaskRef, error: unknown): void {
    const running = this.#running.get(ref);
    this.#settle(ref, { type: 'TASK_FAILED', ref, error });
    if (running !== undefined)
      this.#opts.onFailed?.({ pid: running.pid, ref, spec: running.spec, error });
  }

  #settle(ref: TaskRef, msg: TaskMessage): void {
    const running = this.#running.get(ref);
    if (running === undefined) return;
    this.#running.delete(ref);
    running.detach();
    this.#deliver(running.pid, msg);
  }

  #piscina(): Piscina {
    if (this.#pool !== undefined) return this.#pool;
    const { maxThreads, minThreads, idleTimeout, onError } = this.#opts;
    const execArgv = this.#execArgv();
    const pool = new Piscina({
      ...(execArgv !== undefined && { execArgv }),
      ...(maxThreads !== undefined && { maxThreads }),
      ...(minThreads !== undefined && { minThreads }),
      ...(idleTimeout !== undefined && { idleTimeout }),
    });
    // Without a listener an 'error' event would throw and take the whole process down.
    pool.on('error', onError ?? ((error: unknown) => process.emitWarning(toWarning(error))));
    this.#pool = pool;
    return pool;
  }

  /** undefined = let each worker inherit the parent's options, as Node does by default. */
  #execArgv(): string[] | undefined {
    const given = this.#opts.execArgv;
    const loader = this.#resolveLoader();
    const base = given ?? process.execArgv;
    // A parent started with `node --import tsx` passes tsx on already.
    const present =
      loader === undefined ||
      base.includes(loader) ||
      (this.#opts.loader === undefined && base.some((arg) => arg.includes('tsx')));
    if (present) return given === undefined ? undefined : [...given];
    return [...base, '--import', loader];
  }

  #resolveLoader(): string | undefined {
    if (this.#opts.loader === false) return undefined;
    if (this.#opts.loader !== undefined) return this.#opts.loader;
    this.#loader ??= findTsx();
    return this.#loader === '' ? undefined : this.#loader;
  }

  #checkFilename(filename: string | URL): string {
    let url: string;
    if (filename instanceof URL) url = filename.href;
    else if (filename.startsWith('file:')) url = filename;
    else if (isAbsolute(filename)) url = pathToFileURL(filename).href;
    else {
      throw new TypeError(
        `runTask: filename '${filename}' must be an absolute path or a file: URL, e.g. new URL('./task.ts', import.meta.url)`,
      );
    }
    if (TYPESCRIPT_FILE.test(new URL(url).pathname) && this.#resolveLoader() === undefined) {
      throw new TypeError(
        `runTask: '${url}' is TypeScript but no loader is available; install tsx, or run compiled .js`,
      );
    }
    return url;
  }
}

/** `file:` URL of tsx's loader, or '' when tsx is not installed. */
function findTsx(): string {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  } catch {
    return '';
  }
}

/** A payload piscina could not clone gets the same error PubSub throws for such a message. */
function describeFailure(error: unknown): unknown {
  if (error instanceof Error && error.name === 'DataCloneError')
    return new MessageNotCloneableError('runTask payload', error);
  return error;
}

function toWarning(error: unknown): Error {
  return error instanceof Error ? error : new Error(`task pool error: ${String(error)}`);
}
