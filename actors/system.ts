import { EventEmitter } from 'eventemitter3';
import { type AnyBehaviour, checkBehaviour, type MonitorRef, type TimerRef } from './behaviour.js';
import { PendingCall } from './call.js';
import { type Clock, systemClock } from './clock.js';
import { Cluster } from './cluster/cluster.js';
import { NotInClusterError } from './cluster/errors.js';
import { resolveClusterOptions } from './cluster/options.js';
import { CAST as REMOTE_CAST, SEND as REMOTE_SEND } from './cluster/wire.js';
import { CrashLog } from './crash-log.js';
import { CrashReports } from './crash-report.js';
import { Deaths } from './deaths.js';
import { NoProcessError, ProcessExitedError, SystemStoppedError } from './errors.js';
import type { SystemEvents } from './events.js';
import type { ExitReason } from './exit-reason.js';
import { Links } from './links.js';
import { type Logger, resolveLogger } from './logger.js';
import { type Pid, PidSource } from './pid.js';
import { Process } from './process.js';
import { CALL, CAST, INFO, type ProcessHost } from './process-host.js';
import { Registry } from './registry.js';
import { Scheduler } from './scheduler.js';
import { stopProcesses } from './shutdown.js';
import type { ActorSystemOptions, CallOptions, SpawnOptions } from './system-options.js';
import { taskFailure, taskPoolFailure } from './task-failures.js';
import { TaskPool, type TaskRef, type TaskSpec } from './tasks.js';
import { Timers } from './timers.js';

const DEFAULT_CALL_TIMEOUT = 5_000;
const DEFAULT_SHUTDOWN_TIMEOUT = 5_000;
const RUNNING = 0;
const STOPPING = 1;
const STOPPED = 2;

/**
 * A world of processes: spawns them, carries their messages, links and names them, and stops
 * them all on `shutdown()`. Everything hangs off one instance; two systems share nothing.
 *
 * @example
 * const system = new ActorSystem();
 * const pid = system.spawn({ init: () => 0, handleCall: (_m: 'get', _f, n: number) => ({ reply: n, state: n }) }, undefined);
 * await system.call(pid, 'get'); // 0
 * await system.shutdown();
 */
export class ActorSystem extends EventEmitter<SystemEvents> {
  readonly clock: Clock;
  /** Where the runtime's records go (`logger` option; stderr by default). */
  readonly logger: Logger;
  /** The prefix of this system's pids; on a cluster node, the node's id (`<name>@<incarnation>`). */
  readonly id: string;
  /**
   * Where crash records are drafted and written (crash-report.ts); supervisors settle them.
   * @internal
   */
  readonly crashReports: CrashReports;
  /** This node of a cluster, when the system was created with `{ cluster }`. */
  readonly cluster: Cluster | undefined;
  readonly #pids: PidSource;
  readonly #processes = new Map<string, Process>();
  readonly #scheduler: Scheduler;
  readonly #registry = new Registry();
  readonly #links: Links;
  readonly #timers: Timers;
  readonly #host: ProcessHost;
  readonly #deaths: Deaths;
  /** Behaviours already checked; most programs spawn a handful of behaviours many times. */
  readonly #checked = new WeakSet<object>();
  #callIds = 0;
  #tasks: TaskPool | undefined;
  #phase = RUNNING;
  #shutdown: Promise<void> | undefined;

  constructor(opts: ActorSystemOptions = {}) {
    super();
    this.clock = opts.clock ?? systemClock;
    this.logger = resolveLogger(opts.logger);
    const cluster = opts.cluster === undefined ? undefined : resolveClusterOptions(opts.cluster);
    this.#pids = new PidSource(cluster?.nodeId);
    this.id = this.#pids.id;
    this.#scheduler = new Scheduler(opts.maxBatch);
    this.#links = new Links(this.id);
    this.crashReports = new CrashReports(
      new CrashLog(this.logger, this.clock),
      (pid) => this.#processes.get(pid),
      opts.logPayloads === true,
    );
    this.#deaths = new Deaths(
      this.#links,
      this,
      this.crashReports,
      (pid) => this.cluster?.isWatched(pid) === true,
    );
    this.#timers = new Timers(this.clock, (name, msg) => this.send(name, msg));
    this.#host = {
      system: this,
      scheduler: this.#scheduler,
      processExited: (process, reason) => this.#processExited(process, reason),
    };
    this.cluster =
      cluster &&
      new Cluster(this, cluster, {
        isAlive: (pid) => this.#processes.has(pid),
        send: (pid, msg) => this.send(pid, msg),
        exitSignal: (to, from, reason, fromSystem) =>
          this.#processes.get(to)?.exitSignal(from, reason, fromSystem),
      });
  }

  /**
   * Connects this node to its cluster's Redis, announces it, and starts its heartbeat. Rejects
   * ClusterUnreachableError (naming the URL) if Redis cannot be reached, NotInClusterError if the
   * system has no `cluster` option. Calling it again returns the same promise.
   *
   * @example
   * const system = new ActorSystem({ cluster: { redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } });
   * await system.joinCluster();
   */
  joinCluster(): Promise<void> {
    if (this.cluster === undefined) return Promise.reject(new NotInClusterError('joinCluster()'));
    if (this.#phase !== RUNNING) return Promise.reject(new SystemStoppedError(this.id));
    return this.cluster.join();
  }

  /**
   * Registers `name` for a live process of this node across the cluster, like OTP's `:global`:
   * `whereis(name)`, `send(name)` and `call(name)` reach it from any node. Rejects NameTakenError
   * if another process holds it. The name is freed when the process exits or its node goes down.
   * Without a cluster it is `register` (one node is the whole cluster).
   *
   * @example
   * await system.registerGlobal('stock', ctx.self);
   */
  async registerGlobal(name: string, pid: Pid): Promise<void> {
    if (this.cluster === undefined) this.register(name, pid);
    else await this.cluster.registerGlobal(name, pid);
  }

  /**
   * Frees a global name held by a process of this node.
   *
   * @example
   * await system.unregisterGlobal('stock');
   */
  async unregisterGlobal(name: string): Promise<void> {
    if (this.cluster === undefined) this.unregister(name);
    else await this.cluster.unregisterGlobal(name);
  }

  /**
   * Starts a process running `behaviour`; returns its pid at once. `init(arg)` runs soon after
   * (asynchronously); messages sent before it returns wait for it.
   *
   * @example
   * const pid = system.spawn(counter, 0, { name: 'counter' });
   */
  spawn<S, A>(behaviour: AnyBehaviour<S, A>, arg: A, opts?: SpawnOptions): Pid {
    if (this.#phase === STOPPED) throw new SystemStoppedError(this.id);
    checkBehaviour(behaviour, this.#checked);
    const pid = this.#pids.next();
    const process = new Process(this.#host, pid, behaviour as AnyBehaviour<unknown, unknown>, arg);
    const name = opts?.name;
    if (name !== undefined) this.#registry.register(name, process);
    this.#processes.set(pid, process);
    process.schedule();
    if (opts?.trapExit === true) process.trapExit(true);
    if (this.listenerCount('spawn') > 0) this.emit('spawn', { pid, name });
    if (opts?.link !== undefined) this.#linkToParent(process, opts.link);
    return pid;
  }

  /**
   * Resolves once `init` of `pid` has returned; rejects ProcessExitedError if it died first (with
   * `{ error }` when init threw) or is not alive ('noproc').
   *
   * @example
   * await system.ready(system.spawn(db, url));
   */
  ready(pid: Pid | string): Promise<void> {
    const process = this.#lookup(pid);
    if (process === undefined) return Promise.reject(new ProcessExitedError(pid as Pid, 'noproc'));
    return process.waitReady();
  }

  /**
   * Resolves with the exit reason once the process is dead ('noproc' if it is not alive now).
   *
   * @example
   * system.exit(pid, 'shutdown');
   * await system.exited(pid); // 'shutdown'
   */
  exited(pid: Pid | string): Promise<ExitReason> {
    const process = this.#lookup(pid);
    if (process === undefined) return Promise.resolve('noproc');
    return process.waitExit();
  }

  /**
   * Sends `msg` to a pid or registered name; it arrives in `handleInfo`. A message to a dead or
   * unknown process is dropped (Erlang).
   *
   * @example
   * system.send(pid, { type: 'refresh' });
   */
  send(to: Pid | string, msg: unknown): void {
    const target = this.#target(to);
    if (typeof target === 'string') this.cluster!.post(REMOTE_SEND, target, msg);
    else target?.deliver(INFO, msg);
  }

  /**
   * Sends `msg` to `handleCast`. Dropped if the process is not alive.
   *
   * @example
   * system.cast(pid, 'inc');
   */
  cast(to: Pid | string, msg: unknown): void {
    const target = this.#target(to);
    if (typeof target === 'string') this.cluster!.post(REMOTE_CAST, target, msg);
    else target?.deliver(CAST, msg);
  }

  /**
   * Asks a process through `handleCall` and resolves with its reply. Rejects CallTimeoutError
   * after `timeout` ms (default 5000, on the system clock), ProcessExitedError if the process is
   * dead or exits before it replies, NoProcessError if no process has that name.
   *
   * @example
   * const n = await system.call<number>(pid, 'get', { timeout: 1_000 });
   */
  call<R = unknown>(to: Pid | string, msg: unknown, opts?: CallOptions): Promise<R> {
    const timeout = opts?.timeout ?? DEFAULT_CALL_TIMEOUT;
    if (!(timeout >= 0)) throw new RangeError(`call: timeout must be >= 0 ms, got ${timeout}`);
    const process = this.#target(to);
    if (process === undefined) return Promise.reject(this.#notAlive(to));
    if (typeof process === 'string') return this.cluster!.call(process, msg, timeout) as Promise<R>;
    const call = new PendingCall(process.pid, msg, timeout, this.clock, ++this.#callIds);
    process.deliver(CALL, call);
    return call.promise as Promise<R>;
  }

  /**
   * Sends an exit signal from outside (as from the process's parent). 'kill' cannot be trapped
   * and ends the process with 'killed'; a process that does not trap exits dies at once with
   * `reason` (and ignores 'normal'); one that traps runs `terminate(reason)` and exits.
   *
   * @example
   * system.exit(pid, 'shutdown');
   */
  exit(pid: Pid | string, reason: ExitReason): void {
    const process = this.#target(pid);
    if (typeof process === 'string') this.cluster!.exit(process, reason);
    else process?.exitSignal(process.pid, reason, true);
  }

  /**
   * Links two processes: when one exits, the other gets an exit signal. If one is not alive,
   * the other gets an exit signal with reason 'noproc' at once.
   *
   * @example
   * system.link(view, channel);
   */
  link(a: Pid | string, b: Pid | string): void {
    const pa = this.#target(a);
    const pb = this.#target(b);
    if (typeof pa === 'string' || typeof pb === 'string') {
      // A process of this node and one of another: the cluster keeps the link.
      if (typeof pa === 'object') this.cluster!.link(pa.pid, pb as Pid);
      else if (typeof pb === 'object') this.cluster!.link(pb.pid, pa as Pid);
    } else if (pa !== undefined && pb !== undefined) this.#links.link(pa, pb);
    else if (pa !== undefined) pa.exitSignal(b as Pid, 'noproc');
    else if (pb !== undefined) pb.exitSignal(a as Pid, 'noproc');
  }

  /**
   * Removes a link (both directions). No exit signal is sent.
   *
   * @example
   * system.unlink(view, channel);
   */
  unlink(a: Pid | string, b: Pid | string): void {
    const pa = this.#target(a);
    const pb = this.#target(b);
    if (typeof pa === 'object' && typeof pb === 'string') this.cluster!.unlink(pa.pid, pb);
    else if (typeof pb === 'object' && typeof pa === 'string') this.cluster!.unlink(pb.pid, pa);
    else if (typeof pa === 'object' && typeof pb === 'object') this.#links.unlink(pa, pb);
  }

  /**
   * Makes `watcher` receive `{ type: 'DOWN', ref, pid, reason }` in `handleInfo` when `target`
   * exits, at once with 'noproc' if it is not alive.
   *
   * @example
   * const ref = system.monitor(probe.pid, worker);
   */
  monitor(watcher: Pid | string, target: Pid | string): MonitorRef {
    const w = this.#lookup(watcher);
    const t = this.#target(target);
    if (typeof t === 'string') {
      if (w !== undefined) return this.cluster!.monitor(w.pid, t);
      return this.#links.newRef();
    }
    if (w !== undefined && t !== undefined) return this.#links.monitor(w, t);
    const ref = this.#links.newRef();
    w?.deliver(INFO, { type: 'DOWN', ref, pid: target as Pid, reason: 'noproc' });
    return ref;
  }

  /**
   * Removes a monitor; a DOWN not yet sent will not be.
   *
   * @example
   * system.demonitor(ref);
   */
  demonitor(ref: MonitorRef): void {
    if (!this.#links.demonitor(ref)) this.cluster?.demonitor(ref);
  }

  /**
   * Registers `name` for a live process. Throws NameTakenError if the name is taken,
   * NoProcessError if `pid` is not alive, TypeError if it has a name already.
   *
   * @example
   * system.register('db', pid);
   */
  register(name: string, pid: Pid): void {
    const process = this.#processes.get(pid);
    if (process === undefined) throw new NoProcessError(pid);
    this.#registry.register(name, process);
  }

  /**
   * Frees a name.
   *
   * @example
   * system.unregister('db');
   */
  unregister(name: string): void {
    this.#registry.unregister(name);
  }

  /**
   * The pid registered under `name`, if any.
   *
   * @example
   * const db = system.whereis('db');
   */
  whereis(name: string): Pid | undefined {
    return this.#registry.whereis(name)?.pid ?? this.cluster?.whereis(name);
  }

  /**
   * Whether the process exists and has not died (a process running `terminate` is alive).
   *
   * @example
   * system.isAlive(pid); // false after it exited
   */
  isAlive(pid: Pid | string): boolean {
    return this.#lookup(pid) !== undefined;
  }

  /**
   * Sends `msg` to `to` after `ms` on the system clock. A timer aimed at a pid is cancelled when
   * that process exits; one aimed at a name looks the name up when it fires.
   *
   * @example
   * const timer = system.sendAfter(self, 'tick', 1_000);
   */
  sendAfter(to: Pid | string, msg: unknown, ms: number): TimerRef {
    const process = this.#processes.get(to);
    if (process !== undefined) return this.#timers.start(process, msg, ms);
    const inert = this.#isOwnPid(to) || this.#phase === STOPPED;
    return this.#timers.start(inert ? undefined : to, msg, ms);
  }

  /**
   * Cancels a `sendAfter`; false if it already fired or was cancelled.
   *
   * @example
   * system.cancelTimer(timer);
   */
  cancelTimer(ref: TimerRef): boolean {
    return this.#timers.cancel(ref);
  }

  /**
   * Resolves when no process has a message waiting or a callback running. Tests await it
   * instead of sleeping.
   *
   * @example
   * system.send(pid, 'work');
   * await system.idle();
   */
  idle(): Promise<void> {
    return this.#scheduler.idle();
  }

  /**
   * Runs `spec` on the system's worker pool (created on first use); the process `pid` later gets
   * `{ type: 'TASK_DONE', ref, result }` or `{ type: 'TASK_FAILED', ref, error }` in `handleInfo`.
   *
   * @example
   * const ref = system.runTask(ctx.self, { filename: new URL('./resize.ts', import.meta.url).href }, image);
   */
  runTask(
    pid: Pid,
    spec: TaskSpec,
    payload: unknown,
    opts?: { signal?: AbortSignal | undefined },
  ): TaskRef {
    this.#tasks ??= new TaskPool((to, msg) => this.send(to, msg), {
      onError: (error) => this.crashReports.failure(taskPoolFailure(error)),
      onFailed: (failure) => this.crashReports.failure(taskFailure(failure)),
    });
    return this.#tasks.run(pid, spec, payload, opts);
  }

  /**
   * Stops every process with 'shutdown', the last started first; a process linked to a live
   * parent is left to that parent (a supervisor stops its children in its terminate). Awaits every
   * terminate, but gives each process only `timeout` ms (default 5000, on the system clock) from
   * its signal to exit before killing it, so a terminate that never settles cannot hang shutdown.
   * Then destroys the task pool and emits 'shutdown'. After that, spawn throws. A second call
   * returns the first call's promise (and ignores its options). See shutdown.ts.
   *
   * @example
   * afterEach(() => system.shutdown());
   * await system.shutdown({ timeout: 1_000 }); // a process still terminating after 1 s is killed
   */
  shutdown(opts?: { timeout?: number | undefined }): Promise<void> {
    const timeout = opts?.timeout ?? DEFAULT_SHUTDOWN_TIMEOUT;
    if (!(timeout >= 0)) throw new RangeError(`shutdown: timeout must be >= 0 ms, got ${timeout}`);
    this.#shutdown ??= this.#stopEverything(timeout);
    return this.#shutdown;
  }

  async #stopEverything(timeout: number): Promise<void> {
    this.#phase = STOPPING;
    await stopProcesses(this.#processes, this.clock, timeout);
    await this.cluster?.leave();
    this.#timers.cancelNamed();
    await this.#tasks?.destroy();
    this.crashReports.flush();
    this.#phase = STOPPED;
    this.emit('shutdown');
  }

  #lookup(target: Pid | string): Process | undefined {
    return this.#processes.get(target) ?? this.#lookupName(target);
  }

  /**
   * A local process, or on a cluster node the pid of another node's process (a pid of that node,
   * or a global name held there); undefined if neither. Only a miss here costs a cluster lookup.
   */
  #target(target: Pid | string): Process | Pid | undefined {
    const process = this.#processes.get(target) ?? this.#lookupName(target);
    const cluster = this.cluster;
    if (process !== undefined || cluster === undefined) return process;
    const pid = cluster.resolve(target);
    if (pid === undefined) return undefined;
    return this.#processes.get(pid) ?? (cluster.remoteNode(pid) === undefined ? undefined : pid);
  }

  #lookupName(name: string): Process | undefined {
    if (typeof name !== 'string') {
      throw new TypeError(`expected a pid or a registered name, got ${String(name)}`);
    }
    return this.#registry.whereis(name);
  }

  #isOwnPid(target: string): boolean {
    return target.startsWith(`${this.id}.`);
  }

  #notAlive(target: Pid | string): Error {
    // A pid of this system that is not in the table has exited; any other string is a name.
    return this.#isOwnPid(target)
      ? new ProcessExitedError(target as Pid, 'noproc')
      : new NoProcessError(target);
  }

  #linkToParent(process: Process, parentPid: Pid): void {
    process.extras.parent = parentPid;
    const parent = this.#processes.get(parentPid);
    if (parent !== undefined) this.#links.link(process, parent);
    else if (this.cluster?.remoteNode(parentPid) !== undefined)
      this.cluster.link(process.pid, parentPid);
    else process.exitSignal(parentPid, 'noproc');
  }

  /**
   * Called by each process as it dies. The process is gone from the table and its name and
   * timers are freed at once; its links, monitors and listeners are told through the queue in
   * deaths.ts.
   */
  #processExited(process: Process, reason: ExitReason): void {
    this.#processes.delete(process.pid);
    this.#registry.release(process);
    this.#timers.cancelAll(process);
    this.#deaths.announce(process, reason);
  }
}
