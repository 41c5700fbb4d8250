/**
 * A node's membership of a cluster: what `new ActorSystem({ cluster })` adds to a system, and
 * what `system.joinCluster()` connects.
 *
 * It owns the Redis connections and wires the parts together: membership (heartbeats, who is
 * up), the inbox (messages, calls, links and monitors from other nodes), the global registry,
 * and the hooks Presence, singletons and the Redis PubSub adapter use. The system asks it about
 * any pid that is not one of its own processes: a pid of another node goes there through Redis.
 *
 * A node that leaves (`system.shutdown()`) first stops its processes, so remote monitors get
 * their real exit reasons, then removes itself from Redis at once rather than waiting to be
 * declared down.
 */
import { EventEmitter } from 'eventemitter3';
import type { MonitorRef } from '../behaviour.js';
import { ProcessExitedError } from '../errors.js';
import type { ExitReason } from '../exit-reason.js';
import type { Pid } from '../pid.js';
import type { ActorSystem } from '../system.js';
import { Channels } from './channels.js';
import { encode, portableReason } from './codec.js';
import { NotInClusterError } from './errors.js';
import { FencedValue } from './fenced-value.js';
import { GlobalNames, type NameEvent } from './global-names.js';
import { Inbox } from './inbox.js';
import { ClusterKeys } from './keys.js';
import { Membership, type NodeEvent } from './membership.js';
import { nodeOfPid, type ResolvedClusterOptions } from './options.js';
import { Outbox } from './outbox.js';
import { RedisConnection } from './redis-connection.js';
import { RemoteCalls } from './remote-calls.js';
import { type LocalProcesses, RemoteWatches } from './remote-watches.js';
import { type CAST, EXIT, type SEND, type Wire } from './wire.js';

/**
 * The events of a cluster node.
 *
 * @example
 * system.cluster?.on('nodedown', (node) => console.log(node, 'is down'));
 */
export interface ClusterEvents {
  /** Another node joined. */
  nodeup: [node: string];
  /** Another node is down (its processes' monitors got 'noconnection'). */
  nodedown: [node: string];
  /**
   * This node wrote its global names back to Redis, after Redis lost its data (a restart
   * without persistence) or after the node rejoined (it had been declared down).
   */
  resync: [];
}

/** What the cluster's parts share once joined. @internal */
export class ClusterInternals extends EventEmitter<{ resync: []; back: [] }> {
  readonly redis: RedisConnection;
  readonly keys: ClusterKeys;
  readonly channels: Channels;

  constructor(redis: RedisConnection, keys: ClusterKeys, channels: Channels) {
    super();
    this.redis = redis;
    this.keys = keys;
    this.channels = channels;
  }
}

interface Joined {
  readonly internals: ClusterInternals;
  readonly outbox: Outbox;
  readonly members: Membership;
  readonly names: GlobalNames;
  readonly calls: RemoteCalls;
  readonly watches: RemoteWatches;
}

/**
 * This node of a cluster: `system.cluster` of a system created with `{ cluster }`.
 *
 * @example
 * const system = new ActorSystem({ cluster: { redis: 'redis://127.0.0.1:6379', name: 'web-1' } });
 * await system.joinCluster();
 * system.cluster!.nodes(); // ['web-1@k3J9aZ', 'web-2@Qx81mP']
 */
export class Cluster extends EventEmitter<ClusterEvents> {
  readonly system: ActorSystem;
  readonly options: ResolvedClusterOptions;
  /** This node's id: `<name>@<incarnation>`, the prefix of its pids. */
  readonly node: string;
  readonly #keys: ClusterKeys;
  readonly #local: LocalProcesses;
  #joined: Joined | undefined;
  #joining: Promise<void> | undefined;
  #left = false;
  #markJoined!: () => void;
  readonly #whenJoined = new Promise<void>((resolve) => {
    this.#markJoined = resolve;
  });

  /** @internal Created by the ActorSystem; `local` reaches into its processes. */
  constructor(system: ActorSystem, options: ResolvedClusterOptions, local: LocalProcesses) {
    super();
    this.system = system;
    this.options = options;
    this.node = options.nodeId;
    this.#keys = new ClusterKeys(options.prefix);
    this.#local = local;
  }

  /** Whether `joinCluster()` has completed (and the node has not left). */
  get isJoined(): boolean {
    return this.#joined !== undefined && !this.#left;
  }

  /** The ids of the nodes up now, this one first. */
  nodes(): string[] {
    return this.#joined?.members.nodes() ?? [this.node];
  }

  /** Resolves once this node has joined (whenever `joinCluster()` succeeds; never rejects). */
  joined(): Promise<void> {
    return this.#whenJoined;
  }

  /** @internal Shared with Presence, singletons and the PubSub adapter. */
  get internals(): ClusterInternals {
    if (this.#joined === undefined) throw new NotInClusterError('this');
    return this.#joined.internals;
  }

  /** @internal Called by `system.joinCluster()`. */
  join(): Promise<void> {
    this.#joining ??= this.#connect().catch((error: unknown) => {
      this.#joining = undefined; // a later joinCluster() tries again
      throw error;
    });
    return this.#joining;
  }

  /**
   * A value in Redis written only with the current fencing token of singleton `name`.
   *
   * @example
   * const stock = system.cluster!.fenced<number>('stock');
   * await stock.write(lease.token, 9);
   */
  fenced<T>(name: string): FencedValue<T> {
    return new FencedValue<T>(this, name);
  }

  // --- the global registry (the system's registerGlobal & co. land here) ---

  /** @internal */
  async registerGlobal(name: string, pid: Pid): Promise<void> {
    await this.#need('registerGlobal').names.register(name, pid);
  }

  /** @internal */
  async unregisterGlobal(name: string): Promise<void> {
    await this.#need('unregisterGlobal').names.unregister(name);
  }

  /** The pid registered under `name` anywhere in the cluster, read from Redis itself. */
  async whereisGlobal(name: string): Promise<Pid | undefined> {
    return this.#need('whereisGlobal').names.lookup(name);
  }

  /** @internal The replica's answer, for `system.whereis`. */
  whereis(name: string): Pid | undefined {
    return this.#joined?.names.whereis(name);
  }

  // --- routing of what the system could not deliver locally ---

  /** @internal The node of `target` if it is a pid of another node; undefined otherwise. */
  remoteNode(target: string): string | undefined {
    const node = nodeOfPid(target);
    return node === undefined || node === this.node ? undefined : node;
  }

  /** @internal `target` as a pid of another node: itself, or what a global name stands for. */
  resolve(target: string): Pid | undefined {
    if (this.remoteNode(target) !== undefined) return target as Pid;
    const pid = this.whereis(target);
    return pid === undefined || pid === target ? undefined : pid;
  }

  /** @internal send (INFO) or cast to a pid of another node; dropped if it cannot go. */
  post(kind: typeof SEND | typeof CAST, to: Pid, msg: unknown): void {
    const node = this.remoteNode(to);
    if (node === undefined || this.#joined?.members.isUp(node) !== true) return;
    void this.#post(node, encode(to, [kind, to, msg]));
  }

  /** @internal A call to a pid of another node. */
  call(to: Pid, msg: unknown, timeout: number): Promise<unknown> {
    const node = this.remoteNode(to);
    if (node === undefined || this.#joined === undefined) {
      return Promise.reject(new ProcessExitedError(to, 'noconnection'));
    }
    return this.#joined.calls.call(to, node, msg, timeout);
  }

  /** @internal An exit signal to a process of another node (as `system.exit`). */
  exit(to: Pid, reason: ExitReason): void {
    const node = this.remoteNode(to);
    if (node === undefined || this.#joined?.members.isUp(node) !== true) return;
    void this.#post(node, encode(to, [EXIT, to, to, portableReason(reason), false]));
  }

  /** @internal */
  link(local: Pid, remote: Pid): void {
    const node = this.remoteNode(remote);
    if (node === undefined || this.#joined === undefined) {
      this.#local.exitSignal(local, remote, 'noconnection', false);
    } else this.#joined.watches.link(local, remote, node);
  }

  /** @internal */
  unlink(local: Pid, remote: Pid): void {
    const node = this.remoteNode(remote);
    if (node !== undefined) this.#joined?.watches.unlink(local, remote, node);
  }

  /** @internal */
  monitor(watcher: Pid, target: Pid): MonitorRef {
    const node = this.remoteNode(target);
    if (this.#joined !== undefined && node !== undefined) {
      return this.#joined.watches.monitor(watcher, target, node);
    }
    const ref = `${this.node}#r0` as MonitorRef;
    this.#local.send(watcher, { type: 'DOWN', ref, pid: target, reason: 'noconnection' });
    return ref;
  }

  /** @internal Whether a process of another node links to or monitors local `pid`. */
  isWatched(pid: Pid): boolean {
    return this.#joined?.watches.isWatched(pid) ?? false;
  }

  /** @internal */
  demonitor(ref: MonitorRef): boolean {
    return this.#joined?.watches.demonitor(ref) ?? false;
  }

  /** @internal Called by the system's shutdown once its processes are gone. */
  async leave(): Promise<void> {
    const joined = this.#joined;
    if (joined === undefined || this.#left) return;
    this.#left = true;
    this.system.off('exit', this.#onExit);
    await joined.members.leave();
    await joined.internals.redis.close();
  }

  async #connect(): Promise<void> {
    const logger = this.system.logger;
    let internals: ClusterInternals | undefined;
    const redis = await RedisConnection.open(this.options.redis, this.node, logger, {
      back: () => this.#back(),
    });
    try {
      internals = new ClusterInternals(redis, this.#keys, new Channels(redis.subscriber, logger));
      const wire: Wire = {
        nodeId: this.node,
        isUp: (node) => this.#joined?.members.isUp(node) ?? false,
        post: (node, message) => this.#post(node, message),
        remoteNode: (pid) => this.remoteNode(pid),
      };
      const members = new Membership(redis, this.#keys, this.options, logger);
      const calls = new RemoteCalls(wire, this.system.clock);
      const watches = new RemoteWatches(wire, this.#local);
      const names = new GlobalNames(this.system, redis, this.#keys, this.node, logger);
      const inbox = new Inbox(this.system, wire, calls, watches, logger);
      const outbox = new Outbox(redis.commands, this.#keys);
      this.#joined = { internals, outbox, members, names, calls, watches };
      members.on('up', (node) => this.emit('nodeup', node));
      members.on('down', (node) => this.#nodeDown(node));
      members.on('resync', () => this.#resync());
      await internals.channels.add(this.#keys.inbox(this.node), inbox.receive);
      await internals.channels.add(this.#keys.events, (bytes) => this.#onEvent(bytes));
      await members.join();
      await names.load();
      this.system.on('exit', this.#onExit);
      this.#markJoined();
    } catch (error) {
      this.#joined = undefined;
      await redis.close();
      throw error;
    }
  }

  readonly #onExit = ({ pid, reason }: { pid: Pid; reason: ExitReason }): void => {
    const joined = this.#joined;
    if (joined === undefined) return;
    joined.watches.exited(pid, reason);
    joined.names.exited(pid);
  };

  #onEvent(bytes: Buffer): void {
    const event = JSON.parse(String(bytes)) as NodeEvent | NameEvent;
    const joined = this.#joined;
    if (joined === undefined) return;
    if (event.t === 'up' || event.t === 'down') joined.members.onEvent(event as NodeEvent);
    else joined.names.onEvent(event as NameEvent);
  }

  #nodeDown(node: string): void {
    const joined = this.#joined;
    if (joined === undefined) return;
    joined.calls.nodeDown(node);
    joined.watches.nodeDown(node);
    joined.names.nodeDown(node);
    this.emit('nodedown', node);
  }

  #back(): void {
    const joined = this.#joined;
    if (joined === undefined) return;
    joined.internals.channels.reconcile();
    // Messages may have been lost while Redis was away: send the monitors and links again.
    joined.watches.reassert();
    joined.internals.emit('back');
  }

  #resync(): void {
    const joined = this.#joined;
    if (joined === undefined) return;
    joined.internals.emit('resync');
    joined.names.resync().then(
      () => this.emit('resync'),
      (error: unknown) =>
        this.system.logger.warn({ err: error }, 'could not write the global names back to Redis'),
    );
  }

  #post(node: string, message: Buffer): Promise<boolean> {
    return this.#joined?.outbox.post(node, message) ?? Promise.resolve(false);
  }

  #need(what: string): Joined {
    if (this.#joined === undefined || this.#left) throw new NotInClusterError(what);
    return this.#joined;
  }
}
