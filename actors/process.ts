/**
 * One running process: its behaviour, state, mailbox, and the rules that turn callbacks into a
 * life. The life is a small state machine:
 *
 *   STARTING --init returns--> RUNNING --crash / ctx.stop / (trapping) shutdown--> STOPPING
 *   STOPPING --terminate returns--> DEAD
 *   any state --kill / exit signal (not trapping) / init throws--> DEAD      (no terminate)
 *
 * A callback that returns a plain value is applied inline, with no promise allocated; one that
 * returns a promise marks the process BUSY (off the run queue) until it settles. Death is
 * immediate and total: the process leaves the table, its queued and in-flight calls reject, its
 * `ctx.signal` aborts, and the system signals links and monitors, all before `#die` returns.
 * A callback still running when that happens is a zombie: whatever it returns, throws or replies
 * afterwards is ignored, because every continuation first checks for DEAD.
 *
 * Memory matters (one instance per process, 100k idle ones must fit in 40 MB): eleven fields,
 * and everything rare (links, monitors, name, timers, waiters, AbortController) sits in a
 * `ProcessExtras` created on first use. For the same reason the process is its own `ctx`: the
 * callbacks see it through the `Context` type only, and spawning allocates one object, not two.
 */
import type {
  AnyBehaviour,
  Behaviour,
  Context,
  ExitMessage,
  From,
  MonitorRef,
} from './behaviour.js';
import { PendingCall } from './call.js';
import { ProcessExitedError } from './errors.js';
import type { CrashSite } from './events.js';
import type { ExitReason } from './exit-reason.js';
import { Mailbox } from './mailbox.js';
import type { Pid } from './pid.js';
import type { Runnable, Scheduler } from './scheduler.js';
import type { ActorSystem, SpawnOptions } from './system.js';
import type { Timer } from './timers.js';

/** Mailbox message kinds, stored in the slot before each payload. @internal */
export const INFO = 0;
/** @internal */
export const CAST = 1;
/** @internal */
export const CALL = 2;
/** An exit signal from the system or the parent, for a trapping process: payload is the reason. @internal */
export const STOP = 3;
/** Not a mailbox kind: marks the result of `init` in `#apply`. */
const INIT = -1;

const STARTING = 0;
const RUNNING = 1;
const STOPPING = 2;
const DEAD = 3;

const SCHEDULED = 1;
const BUSY = 2;
const TRAPPING = 4;

type LooseBehaviour = Behaviour<unknown, unknown, unknown, unknown, unknown, unknown>;

/** What a process needs from its system. @internal */
export interface ProcessHost {
  readonly system: ActorSystem;
  readonly scheduler: Scheduler;
  /** Called once, at death, after the process has settled its own affairs. */
  processExited(process: Process, reason: ExitReason): void;
}

/** Per-process data most processes never need, allocated on first use. @internal */
export class ProcessExtras {
  links: Set<Process> | undefined = undefined;
  /** Monitors watching this process. */
  watchers: Set<MonitorRef> | undefined = undefined;
  /** Monitors this process holds on others. */
  watching: Set<MonitorRef> | undefined = undefined;
  parent: Pid | undefined = undefined;
  name: string | undefined = undefined;
  timers: Set<Timer> | undefined = undefined;
  abort: AbortController | undefined = undefined;
  /** Calls answered `noreply`, waiting for `ctx.reply`. */
  deferred: Set<PendingCall> | undefined = undefined;
  readyWaiters: { resolve(): void; reject(error: unknown): void }[] | undefined = undefined;
  exitWaiters: ((reason: ExitReason) => void)[] | undefined = undefined;
  crashedIn: CrashSite | undefined = undefined;
}

/**
 * A process of the actor system. Only the system and its helpers touch it; users hold pids.
 *
 * @example
 * const process = new Process(host, pid, behaviour, arg);
 * process.schedule();             // init runs on the next drain
 * process.deliver(INFO, 'hello'); // handleInfo('hello', ...) after init
 * @internal
 */
export class Process implements Runnable, Context {
  readonly pid: Pid;
  readonly #host: ProcessHost;
  readonly #behaviour: LooseBehaviour;
  /** The init argument until init returns, then the state; after death, the exit reason. */
  #state: unknown;
  #status = STARTING;
  #flags = 0;
  #mailbox: Mailbox<unknown> | undefined = undefined;
  #extras: ProcessExtras | undefined = undefined;
  #inFlight: PendingCall | undefined = undefined;
  /** Set by `ctx.stop`: the reason to stop with once the current callback is done. */
  #stopReason: ExitReason | undefined = undefined;

  constructor(
    host: ProcessHost,
    pid: Pid,
    behaviour: AnyBehaviour<unknown, unknown>,
    arg: unknown,
  ) {
    this.pid = pid;
    this.#host = host;
    this.#behaviour = behaviour as unknown as LooseBehaviour;
    this.#state = arg;
  }

  get system(): ActorSystem {
    return this.#host.system;
  }

  get isAlive(): boolean {
    return this.#status !== DEAD;
  }

  get extras(): ProcessExtras {
    this.#extras ??= new ProcessExtras();
    return this.#extras;
  }

  /** The extras if any were ever needed, without creating them. */
  get maybeExtras(): ProcessExtras | undefined {
    return this.#extras;
  }

  // --- Context: what the callbacks see of their process ---

  get self(): Pid {
    return this.pid;
  }

  get signal(): AbortSignal {
    const extras = this.extras;
    if (extras.abort === undefined) {
      extras.abort = new AbortController();
      if (this.#status === DEAD) {
        extras.abort.abort(new ProcessExitedError(this.pid, this.#state as ExitReason));
      }
    }
    return extras.abort.signal;
  }

  trapExit(on: boolean): void {
    this.#flags = on ? this.#flags | TRAPPING : this.#flags & ~TRAPPING;
  }

  spawnLink<S, A>(behaviour: AnyBehaviour<S, A>, arg: A, opts?: Omit<SpawnOptions, 'link'>): Pid {
    return this.#host.system.spawn(behaviour, arg, { ...opts, link: this.pid });
  }

  reply(from: From, value: unknown): void {
    if (!(from instanceof PendingCall)) {
      throw new TypeError('ctx.reply: pass the `from` that handleCall received');
    }
    from.reply(value);
  }

  /** Terminate and exit once the current callback is done (at once if none is running). */
  stop(reason: ExitReason = 'normal'): void {
    if (this.#status >= STOPPING) return;
    this.#stopReason ??= reason;
    this.#wake();
  }

  // --- for the system ---

  /** Queues the process for its `init`. */
  schedule(): void {
    if (this.#status !== STARTING || (this.#flags & SCHEDULED) !== 0) return;
    this.#flags |= SCHEDULED;
    this.#host.scheduler.enqueue(this);
  }

  /** Puts a message in the mailbox. A call to a dead process is rejected with 'noproc'. */
  deliver(kind: number, payload: unknown): void {
    if (this.#status === DEAD) {
      if (kind === CALL) (payload as PendingCall).targetExited('noproc');
      return;
    }
    this.#mailbox ??= new Mailbox<unknown>(8);
    this.#mailbox.push(kind);
    this.#mailbox.push(payload);
    if ((this.#flags & (SCHEDULED | BUSY)) === 0 && this.#status <= RUNNING) {
      this.#flags |= SCHEDULED;
      this.#host.scheduler.enqueue(this);
    }
  }

  /**
   * An exit signal arrives from `from`. `fromParent` is true for the system (everyone's parent)
   * and for the pid this process was spawned linked to; see links.ts for the rules.
   */
  exitSignal(from: Pid, reason: ExitReason, fromParent: boolean): void {
    if (this.#status === DEAD) return;
    if (reason === 'kill') {
      this.#die('killed');
    } else if ((this.#flags & TRAPPING) !== 0) {
      if (fromParent) this.deliver(STOP, reason);
      else this.deliver(INFO, { type: 'EXIT', from, reason } satisfies ExitMessage);
    } else if (reason !== 'normal') {
      this.#die(reason);
    }
  }

  /** Drops a deferred call that got its answer. */
  forget(call: PendingCall): void {
    this.#extras?.deferred?.delete(call);
  }

  /** Resolves once init has returned; rejects if the process dies first. */
  waitReady(): Promise<void> {
    if (this.#status === RUNNING || this.#status === STOPPING) return Promise.resolve();
    if (this.#status === DEAD) {
      return Promise.reject(new ProcessExitedError(this.pid, this.#state as ExitReason));
    }
    return new Promise((resolve, reject) => {
      const extras = this.extras;
      extras.readyWaiters ??= [];
      extras.readyWaiters.push({ resolve, reject });
    });
  }

  /** Resolves with the exit reason once the process is dead. */
  waitExit(): Promise<ExitReason> {
    if (this.#status === DEAD) return Promise.resolve(this.#state as ExitReason);
    return new Promise((resolve) => {
      const extras = this.extras;
      extras.exitWaiters ??= [];
      extras.exitWaiters.push(resolve);
    });
  }

  runSlice(budget: number): number {
    let handled = 0;
    if ((this.#flags & BUSY) === 0) {
      if (this.#status === STARTING) {
        handled = 1;
        this.#init();
      }
      const stopReason = this.#stopReason;
      if (stopReason !== undefined && this.#status === RUNNING && (this.#flags & BUSY) === 0) {
        this.#beginStop(stopReason);
      }
      const box = this.#mailbox;
      while (
        box !== undefined &&
        handled < budget &&
        this.#status === RUNNING &&
        (this.#flags & BUSY) === 0 &&
        !box.isEmpty()
      ) {
        const kind = box.shift() as number;
        const payload = box.shift();
        handled++;
        this.#handle(kind, payload);
      }
    }
    this.#flags &= ~SCHEDULED;
    this.#wake();
    return handled;
  }

  /** Rejoins the run queue if there is something to do and nothing in the way. */
  #wake(): void {
    if ((this.#flags & (SCHEDULED | BUSY)) !== 0 || this.#status > RUNNING) return;
    const hasWork =
      this.#status === STARTING ||
      this.#mailbox?.isEmpty() === false ||
      this.#stopReason !== undefined;
    if (!hasWork) return;
    this.#flags |= SCHEDULED;
    this.#host.scheduler.enqueue(this);
  }

  #init(): void {
    const behaviour = this.#behaviour;
    if (behaviour.init === undefined) {
      this.#apply(INIT, this.#state);
      return;
    }
    let result: unknown;
    try {
      result = behaviour.init(this.#state, this);
    } catch (error) {
      this.#crash(error, 'init');
      return;
    }
    if (this.#status === DEAD) return;
    if (isPromiseLike(result)) this.#await(result, INIT, 'init');
    else this.#apply(INIT, result);
  }

  #handle(kind: number, payload: unknown): void {
    const behaviour = this.#behaviour;
    let site: CrashSite = 'handleInfo';
    let result: unknown;
    try {
      if (kind === INFO) {
        if (behaviour.handleInfo === undefined) return;
        result = behaviour.handleInfo(payload, this.#state, this);
      } else if (kind === CAST) {
        site = 'handleCast';
        if (behaviour.handleCast === undefined) {
          throw new TypeError(`process ${this.pid} got a cast but has no handleCast; add one`);
        }
        result = behaviour.handleCast(payload, this.#state, this);
      } else if (kind === CALL) {
        site = 'handleCall';
        const call = payload as PendingCall;
        this.#inFlight = call;
        if (behaviour.handleCall === undefined) {
          throw new TypeError(`process ${this.pid} got a call but has no handleCall; add one`);
        }
        result = behaviour.handleCall(call.msg, call, this.#state, this);
      } else {
        this.#beginStop(payload as ExitReason);
        return;
      }
    } catch (error) {
      this.#crash(error, site);
      return;
    }
    if (this.#status === DEAD) return;
    if (isPromiseLike(result)) this.#await(result, kind, site);
    else this.#apply(kind, result);
  }

  #await(promise: PromiseLike<unknown>, kind: number, site: CrashSite): void {
    this.#flags |= BUSY;
    this.#host.scheduler.busy(1);
    promiseThen(
      promise,
      (value) => {
        if (this.#status === DEAD) return;
        this.#flags &= ~BUSY;
        this.#apply(kind, value);
        this.#wake();
        // Only now, with the process back in the run queue if it has more to do, may the
        // scheduler consider itself idle.
        this.#host.scheduler.busy(-1);
      },
      (error) => {
        if (this.#status === DEAD) return;
        this.#flags &= ~BUSY;
        this.#crash(error, site);
        this.#host.scheduler.busy(-1);
      },
    );
  }

  /** Takes a callback's result: the new state (and, for a call, the reply). */
  #apply(kind: number, result: unknown): void {
    if (kind === CALL) {
      const call = this.#inFlight as PendingCall;
      if (!isCallResult(result)) {
        this.#crash(
          new TypeError(
            `handleCall returned ${describe(result)}; return { reply, state } or { noreply: true, state }`,
          ),
          'handleCall',
        );
        return;
      }
      this.#inFlight = undefined;
      this.#state = result.state;
      if ('reply' in result) {
        call.reply(result.reply);
      } else if (!call.settled) {
        const extras = this.extras;
        extras.deferred ??= new Set();
        extras.deferred.add(call);
        call.holder = this;
      }
    } else {
      this.#state = result;
      if (kind === INIT) this.#started();
    }
    const stopReason = this.#stopReason;
    if (stopReason !== undefined && this.#status === RUNNING) this.#beginStop(stopReason);
  }

  #started(): void {
    this.#status = RUNNING;
    const waiters = this.#extras?.readyWaiters;
    if (waiters === undefined) return;
    this.extras.readyWaiters = undefined;
    for (const waiter of waiters) waiter.resolve();
  }

  #crash(error: unknown, site: CrashSite): void {
    if (this.#status === DEAD) return;
    this.extras.crashedIn = site;
    if (site === 'init') this.#die({ error });
    else this.#beginStop({ error });
  }

  /** The orderly end: terminate (awaited if async), then death with `reason`. */
  #beginStop(reason: ExitReason): void {
    if (this.#status >= STOPPING) return;
    this.#status = STOPPING;
    const behaviour = this.#behaviour;
    if (behaviour.terminate === undefined) {
      this.#die(reason);
      return;
    }
    let result: unknown;
    try {
      result = behaviour.terminate(reason, this.#state, this);
    } catch (error) {
      this.#terminateFailed(error);
      return;
    }
    if (this.#status === DEAD) return;
    if (!isPromiseLike(result)) {
      this.#die(reason);
      return;
    }
    this.#flags |= BUSY;
    this.#host.scheduler.busy(1);
    promiseThen(
      result,
      () => {
        if (this.#status === DEAD) return;
        this.#flags &= ~BUSY;
        this.#die(reason);
        this.#host.scheduler.busy(-1);
      },
      (error) => {
        if (this.#status === DEAD) return;
        this.#flags &= ~BUSY;
        this.#terminateFailed(error);
        this.#host.scheduler.busy(-1);
      },
    );
  }

  #terminateFailed(error: unknown): void {
    this.extras.crashedIn = 'terminate';
    this.#die({ error });
  }

  #die(reason: ExitReason): void {
    if (this.#status === DEAD) return;
    const wasBusy = (this.#flags & BUSY) !== 0;
    this.#status = DEAD;
    // A dead process still in the run queue is skipped there; nothing enqueues it again.
    this.#flags = 0;
    if (wasBusy) this.#host.scheduler.busy(-1);
    this.#state = reason;
    const inFlight = this.#inFlight;
    this.#inFlight = undefined;
    inFlight?.targetExited(reason);
    const box = this.#mailbox;
    this.#mailbox = undefined;
    while (box !== undefined && !box.isEmpty()) {
      const kind = box.shift();
      const payload = box.shift();
      if (kind === CALL) (payload as PendingCall).targetExited(reason);
    }
    const extras = this.#extras;
    if (extras !== undefined) this.#settleWaitersBeforeExit(extras, reason);
    this.#host.processExited(this, reason);
    const exitWaiters = extras?.exitWaiters;
    if (exitWaiters !== undefined) {
      extras!.exitWaiters = undefined;
      for (const resolve of exitWaiters) resolve(reason);
    }
  }

  #settleWaitersBeforeExit(extras: ProcessExtras, reason: ExitReason): void {
    const deferred = extras.deferred;
    extras.deferred = undefined;
    if (deferred !== undefined) for (const call of deferred) call.targetExited(reason);
    const readyWaiters = extras.readyWaiters;
    extras.readyWaiters = undefined;
    if (readyWaiters !== undefined) {
      for (const waiter of readyWaiters) waiter.reject(new ProcessExitedError(this.pid, reason));
    }
    extras.abort?.abort(new ProcessExitedError(this.pid, reason));
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value instanceof Promise ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as { then?: unknown }).then === 'function')
  );
}

/** `then` whose returned promise is deliberately not awaited: both outcomes are handled. */
function promiseThen(
  promise: PromiseLike<unknown>,
  onValue: (value: unknown) => void,
  onError: (error: unknown) => void,
): void {
  promise.then(onValue, onError);
}

function isCallResult(
  value: unknown,
): value is { reply: unknown; state: unknown } | { noreply: true; state: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'state' in value &&
    ('reply' in value || (value as { noreply?: unknown }).noreply === true)
  );
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return `an object with keys [${Object.keys(value).join(', ')}]`;
}
