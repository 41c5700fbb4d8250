/**
 * PubSub: processes subscribe to topics; a broadcast sends one message to every subscriber's
 * `handleInfo`, in this thread and, through an adapter, in every other thread.
 *
 * Two maps hold the state, each the inverse of the other:
 *
 *   byTopic: 'room:1' -> { <a>, <b> }        broadcast walks one Set: O(subscribers of the topic)
 *   byPid:   <a> -> { 'room:1', 'user:7' }     an exit walks one Set: O(topics of the dead pid)
 *
 * subscribe / unsubscribe touch one entry of each map, O(1). An empty Set is deleted at once, so
 * after every subscriber died both maps are empty (no leak with many short-lived views).
 *
 * A broadcast first asks the adapter to publish (which clones the message and throws
 * MessageNotCloneableError if it cannot cross a thread), then delivers locally. So a bad message
 * reaches nobody, and an app behaves the same on the local adapter and on the worker adapter.
 * Local subscribers all receive the same object: treat messages as immutable.
 */
import type { Pid } from './pid.js';
import { cloneForBroadcast, type PubSubAdapter, type PubSubDispatch } from './pubsub-adapter.js';
import type { ActorSystem } from './system.js';
import { pubsubBroadcastChannel } from './telemetry.js';

/**
 * Options of {@link LocalAdapter}.
 *
 * @example
 * new LocalAdapter({ checkCloneable: false }); // hot path, single thread, messages may hold functions
 */
export interface LocalAdapterOptions {
  /** Check that each broadcast message is structured-cloneable (default true); false saves one clone per broadcast. */
  checkCloneable?: boolean | undefined;
}

/**
 * The default adapter: broadcasts stay in this thread. By default it still checks that each
 * broadcast message is structured-cloneable (one `structuredClone` per broadcast, ~1 µs for a
 * small message), so that moving an app to {@link BroadcastChannelAdapter} changes nothing.
 *
 * @example
 * const pubsub = new PubSub(system, { adapter: new LocalAdapter({ checkCloneable: false }) });
 */
export class LocalAdapter implements PubSubAdapter {
  readonly #checkCloneable: boolean;

  constructor(opts: LocalAdapterOptions = {}) {
    this.#checkCloneable = opts.checkCloneable ?? true;
  }

  start(_dispatch: PubSubDispatch): void {}

  publish(topic: string, msg: unknown): void {
    if (this.#checkCloneable) cloneForBroadcast(topic, msg);
  }

  close(): void {}
}

/**
 * Options of {@link PubSub}.
 *
 * @example
 * const pubsub = new PubSub(system, { adapter: new BroadcastChannelAdapter() });
 */
export interface PubSubOptions {
  /** Carries broadcasts beyond this thread; default `new LocalAdapter()`. */
  adapter?: PubSubAdapter | undefined;
}

/**
 * Topic-based publish/subscribe between processes (Phoenix.PubSub's shape). Subscribers receive
 * broadcasts in `handleInfo`; a process that dies is unsubscribed by itself; on system shutdown
 * the adapter is closed.
 *
 * @example
 * const pubsub = new PubSub(system);                       // or { adapter: new BroadcastChannelAdapter() }
 * const room = system.spawn({ handleInfo: (msg, state) => { console.log(msg); return state; } }, null);
 * pubsub.subscribe(room, 'room:1');
 * pubsub.broadcast('room:1', { type: 'said', text: 'hi' }); // room's handleInfo gets the object
 */
export class PubSub {
  readonly #system: ActorSystem;
  readonly #adapter: PubSubAdapter;
  readonly #byTopic = new Map<string, Set<Pid>>();
  readonly #byPid = new Map<Pid, Set<string>>();
  #closed = false;

  readonly #onExit = ({ pid }: { pid: Pid }): void => this.#forget(pid);
  readonly #onShutdown = (): void => this.close();

  constructor(system: ActorSystem, opts: PubSubOptions = {}) {
    this.#system = system;
    this.#adapter = opts.adapter ?? new LocalAdapter();
    system.on('exit', this.#onExit);
    system.on('shutdown', this.#onShutdown);
    this.#adapter.start((topic, msg, from) => this.#deliver(topic, msg, from));
  }

  /** Subscribes `pid` to `topic`; subscribing twice is the same as once. A dead pid is ignored. */
  subscribe(pid: Pid, topic: string): void {
    if (this.#closed || !this.#system.isAlive(pid)) return;
    const pids = this.#byTopic.get(topic);
    if (pids === undefined) {
      this.#byTopic.set(topic, new Set([pid]));
      this.#adapter.subscribed?.(topic);
    } else pids.add(pid);
    const topics = this.#byPid.get(pid);
    if (topics === undefined) this.#byPid.set(pid, new Set([topic]));
    else topics.add(topic);
  }

  /** Unsubscribes `pid` from `topic`; a no-op if it was not subscribed. */
  unsubscribe(pid: Pid, topic: string): void {
    const pids = this.#byTopic.get(topic);
    if (pids?.delete(pid) && pids.size === 0) this.#dropTopic(topic);
    const topics = this.#byPid.get(pid);
    if (topics?.delete(topic) && topics.size === 0) this.#byPid.delete(pid);
  }

  /**
   * Sends `msg` to every subscriber of `topic`, in this thread and through the adapter in every
   * other one. Throws MessageNotCloneableError (code `ERR_NOT_CLONEABLE`), delivering to nobody,
   * if `msg` holds a function, a symbol or anything else structuredClone rejects.
   */
  broadcast(topic: string, msg: unknown): void {
    this.#publish(topic, msg, undefined);
  }

  /** Like {@link PubSub.broadcast}, but `from` (usually `ctx.self`) does not get its own message. */
  broadcastFrom(from: Pid, topic: string, msg: unknown): void {
    this.#publish(topic, msg, from);
  }

  /** Sends `msg` to the subscribers of `topic` in this thread only. The message is not copied or checked. */
  localBroadcast(topic: string, msg: unknown): void {
    if (pubsubBroadcastChannel.hasSubscribers) this.#announce(topic, msg, undefined, false);
    this.#deliver(topic, msg, undefined);
  }

  /**
   * Resolves once broadcasts from elsewhere (other nodes) reach this thread's subscribers of
   * `topic`: at once on the local and worker-thread adapters, one Redis round trip after the
   * topic's first subscriber on the Redis one.
   *
   * @example
   * pubsub.subscribe(view, 'room:1');
   * await pubsub.whenSubscribed('room:1');
   */
  whenSubscribed(topic: string): Promise<void> {
    return this.#adapter.whenSubscribed?.(topic) ?? Promise.resolve();
  }

  /** The pids subscribed to `topic` in this thread (a copy). */
  subscribers(topic: string): Pid[] {
    const pids = this.#byTopic.get(topic);
    return pids === undefined ? [] : [...pids];
  }

  /** How many topics have at least one subscriber in this thread. */
  get topicCount(): number {
    return this.#byTopic.size;
  }

  /** How many processes are subscribed to at least one topic in this thread. */
  get subscriberCount(): number {
    return this.#byPid.size;
  }

  /**
   * Drops every subscription, stops listening to the system and closes the adapter (pending
   * cross-thread messages are sent first). Called by itself on system 'shutdown'. Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#system.off('exit', this.#onExit);
    this.#system.off('shutdown', this.#onShutdown);
    this.#byTopic.clear();
    this.#byPid.clear();
    this.#adapter.close();
  }

  #publish(topic: string, msg: unknown, from: Pid | undefined): void {
    if (this.#closed) throw new TypeError(`PubSub.broadcast('${topic}'): this PubSub is closed`);
    this.#adapter.publish(topic, msg, from);
    if (pubsubBroadcastChannel.hasSubscribers) this.#announce(topic, msg, from, true);
    this.#deliver(topic, msg, from);
  }

  #announce(topic: string, message: unknown, from: Pid | undefined, crossesThreads: boolean): void {
    const subscribers = this.#byTopic.get(topic)?.size ?? 0;
    pubsubBroadcastChannel.publish({ topic, from, subscribers, crossesThreads, message });
  }

  #deliver(topic: string, msg: unknown, from: Pid | undefined): void {
    const pids = this.#byTopic.get(topic);
    if (pids === undefined) return;
    for (const pid of pids) if (pid !== from) this.#system.send(pid, msg);
  }

  #forget(pid: Pid): void {
    const topics = this.#byPid.get(pid);
    if (topics === undefined) return;
    this.#byPid.delete(pid);
    for (const topic of topics) {
      const pids = this.#byTopic.get(topic);
      if (pids?.delete(pid) && pids.size === 0) this.#dropTopic(topic);
    }
  }

  #dropTopic(topic: string): void {
    this.#byTopic.delete(topic);
    this.#adapter.unsubscribed?.(topic);
  }
}
