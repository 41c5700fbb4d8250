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
 * Memory matters (one instance per process, 100k idle ones must fit in 40 MB): ten fields,
 * and everything rare (links, monitors, name, timers, waiters, AbortController) sits in a
 * `ProcessExtras` (process-extras.ts) created on first use. For the same reason the process is
 * its own `ctx`: the callbacks see it through the `Context` type only, and spawning allocates one
 * object, not two.
 */
import type { AnyBehaviour, Behaviour, Context, ExitMessage, From } from './behaviour.js';
import { PendingCall } from './call.js';
import { describeResult, isCallResult, isPromiseLike } from './callback-result.js';
import { noteCrash } from './crash-report.js';
import { ProcessExitedError } from './errors.js';
import type { CrashSite } from './events.js';
import type { ExitReason } from './exit-reason.js';
import { Mailbox } from './mailbox.js';
import type { Pid } from './pid.js';
import { ProcessExtras } from './process-extras.js';
import { CALL, CAST, INFO, type ProcessHost, STOP } from './process-host.js';
import type { Runnable } from './scheduler.js';
import type { ActorSystem } from './system.js';
import type { SpawnOptions } from './system-options.js';

/** Not a mailbox kind: marks the result of `init` in `#apply`. */
const INIT = -1;
/** Not a mailbox kind: marks an awaited `terminate` in `#await`. */
const TERMINATE = -2;

const STARTING = 0;
const RUNNING = 1;
const STOPPING = 2;
const DEAD = 3;

const SCHEDULED = 1;
const BUSY = 2;
const TRAPPING = 4;

type LooseBehaviour = Behaviour<unknown, unknown, unknown, unknown, unknown, unknown>;

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
  /**
   * Set by `ctx.stop`: the reason to stop with once the current callback is done. From STOPPING
   * on, the reason terminate was given, for the death that follows an async terminate.
   */
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

  /** Its behaviour, for the crash reports (its name, whether it supervises). */
  get behaviour(): AnyBehaviour<unknown, unknown> {
    return this.#behaviour as AnyBehaviour<unknown, unknown>;
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

  get aborted(): boolean {
    return this.#status === DEAD;
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
    // Room for two messages (two slots each): most processes never hold more, and it doubles.
    this.#mailbox ??= new Mailbox<unknown>(4);
    this.#mailbox.push(kind);
    this.#mailbox.push(payload);
    if ((this.#flags & (SCHEDULED | BUSY)) === 0 && this.#status <= RUNNING) {
      this.#flags |= SCHEDULED;
      this.#host.scheduler.enqueue(this);
    }
  }

  /**
   * An exit signal arrives from `from`. A signal from the pid this process was spawned linked to
   * is from its parent, and so is one the system sends (`fromSystem`: the system is everyone's
   * parent); see links.ts for the rules.
   */
  exitSignal(from: Pid, reason: ExitReason, fromSystem = false): void {
    if (this.#status === DEAD) return;
    if (reason === 'kill') {
      this.#die('killed');
    } else if ((this.#flags & TRAPPING) !== 0) {
      if (fromSystem || from === this.#extras?.parent) this.deliver(STOP, reason);
      else this.deliver(INFO, { type: 'EXIT', from, reason } satisfies ExitMessage);
    } else if (reason !== 'normal') {
      this.#die(reason);
    }
  }

  /** Drops a deferred call that got its answer. */
  forget(call: PendingCall): void {
    this.#extras?.forget(call);
  }

  /** Resolves once init has returned; rejects if the process dies first. */
  waitReady(): Promise<void> {
    if (this.#status === RUNNING || this.#status === STOPPING) return Promise.resolve();
    if (this.#status === DEAD) {
      return Promise.reject(new ProcessExitedError(this.pid, this.#state as ExitReason));
    }
    return this.extras.waitReady();
  }

  /** Resolves with the exit reason once the process is dead. */
  waitExit(): Promise<ExitReason> {
    if (this.#status === DEAD) return Promise.resolve(this.#state as ExitReason);
    return this.extras.waitExit();
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
    // Both outcomes are handled here, so the promise `then` returns is deliberately dropped.
    promise.then(
      (value) => {
        if (this.#status === DEAD) return;
        this.#flags &= ~BUSY;
        if (kind === TERMINATE) this.#die(this.#stopReason as ExitReason);
        else this.#apply(kind, value);
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
            `handleCall returned ${describeResult(result)}; return { reply, state } or { noreply: true, state }`,
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
        this.extras.defer(call);
        call.holder = this;
      }
    } else {
      this.#state = result;
      if (kind === INIT) {
        this.#status = RUNNING;
        this.#extras?.started();
      }
    }
    const stopReason = this.#stopReason;
    if (stopReason !== undefined && this.#status === RUNNING) this.#beginStop(stopReason);
  }

  #crash(error: unknown, site: CrashSite): void {
    if (this.#status === DEAD) return;
    const extras = this.extras;
    extras.crashed = noteCrash(this.behaviour, this.#state, site, error, extras.crashed);
    // A crash in init leaves nothing to clean up and one in terminate was the clean-up: both
    // die at once. Any other crash runs terminate first.
    if (site === 'init' || site === 'terminate') this.#die({ error });
    else this.#beginStop({ error });
  }

  /** The orderly end: terminate (awaited if async), then death with `reason`. */
  #beginStop(reason: ExitReason): void {
    if (this.#status >= STOPPING) return;
    this.#status = STOPPING;
    this.#stopReason = reason;
    const behaviour = this.#behaviour;
    if (behaviour.terminate === undefined) {
      this.#die(reason);
      return;
    }
    let result: unknown;
    try {
      result = behaviour.terminate(reason, this.#state, this);
    } catch (error) {
      this.#crash(error, 'terminate');
      return;
    }
    if (this.#status === DEAD) return;
    if (isPromiseLike(result)) this.#await(result, TERMINATE, 'terminate');
    else this.#die(reason);
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
    extras?.settleBeforeExit(this.pid, reason);
    this.#host.processExited(this, reason);
    extras?.settleAfterExit(reason);
  }
}
