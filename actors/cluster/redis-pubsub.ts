/**
 * The PubSub adapter on Redis: a broadcast reaches the subscribers of every node of the cluster.
 *
 * One broadcast is one PUBLISH on `{prefix}:topic:<topic>`, whatever the number of subscribers;
 * a node subscribes to a topic's channel while it has at least one local subscriber (PubSub tells
 * the adapter when a topic gains its first and loses its last), and each node delivers to its
 * own subscribers, so every subscriber gets each broadcast once. Redis keeps the order of one
 * connection's publishes, so what one node broadcasts arrives in order everywhere.
 *
 * A message is serialized with `node:v8` at `broadcast`, so one that cannot be cloned throws
 * MessageNotCloneableError at the sender and reaches nobody, as with the other adapters. On the
 * channel it is `[origin length][origin][v8 [from, msg]]`: the origin (node and adapter) comes
 * first so the sending adapter drops its own echo without deserializing the message.
 *
 * A new subscription counts for other nodes' broadcasts once Redis confirmed it, one round trip
 * later (`whenSubscribed`); as in any pub/sub, what was published before is not replayed.
 *
 * While Redis is unreachable a broadcast reaches only the local subscribers (at most once, as
 * Phoenix.PubSub's Redis adapter); the outage is logged by the connection, and the node
 * resubscribes when Redis is back.
 */

import type { Pid } from '../pid.js';
import type { PubSubAdapter, PubSubDispatch } from '../pubsub-adapter.js';
import type { ActorSystem } from '../system.js';
import type { ChannelListener } from './channels.js';
import type { Cluster } from './cluster.js';
import { decode, encode } from './codec.js';
import { NotInClusterError } from './errors.js';

let adapters = 0;

/**
 * PubSub adapter that carries broadcasts to every node of the system's cluster.
 *
 * @example
 * const system = new ActorSystem({ cluster: { redis: 'redis://127.0.0.1:6379' } });
 * await system.joinCluster();
 * const pubsub = new PubSub(system, { adapter: new RedisPubSubAdapter(system) });
 * pubsub.broadcast('room:1', { text: 'hi' }); // subscribers of room:1 on every node
 */
export class RedisPubSubAdapter implements PubSubAdapter {
  readonly #cluster: Cluster;
  readonly #origin: Buffer;
  readonly #listeners = new Map<string, ChannelListener>();
  readonly #confirmed = new Map<string, Promise<void>>();
  #dispatch: PubSubDispatch | undefined;
  #closed = false;
  #dropped = 0;

  constructor(system: ActorSystem) {
    const cluster = system.cluster;
    if (cluster === undefined) throw new NotInClusterError('RedisPubSubAdapter');
    this.#cluster = cluster;
    const origin = Buffer.from(`${system.id}/${++adapters}`);
    this.#origin = Buffer.concat([Buffer.from([origin.length]), origin]);
  }

  start(dispatch: PubSubDispatch): void {
    if (this.#dispatch !== undefined) {
      throw new TypeError('RedisPubSubAdapter: already started; give each PubSub its own adapter');
    }
    this.#dispatch = dispatch;
  }

  publish(topic: string, msg: unknown, from: Pid | undefined): void {
    if (this.#closed) return;
    const payload = Buffer.concat([this.#origin, encode(topic, [from ?? null, msg])]);
    // Not joined yet: the broadcast reaches this node only, as during an outage.
    if (!this.#cluster.isJoined) return;
    const { redis, keys } = this.#cluster.internals;
    redis.commands.publish(keys.topic(topic), payload).catch(() => {
      // Redis is away: counted, and said once when it is back (the outage itself is logged).
      if (this.#dropped++ === 0) this.#cluster.internals.once('back', () => this.#reportDropped());
    });
  }

  subscribed(topic: string): void {
    if (this.#closed || this.#listeners.has(topic)) return;
    const listener: ChannelListener = (bytes) => this.#receive(topic, bytes);
    this.#listeners.set(topic, listener);
    const cluster = this.#cluster;
    // A PubSub may take subscribers before its node has joined: they are wired in once it has.
    const joined = cluster.isJoined ? Promise.resolve() : cluster.joined();
    const confirmed = joined.then(() => {
      if (this.#listeners.get(topic) !== listener) return;
      const { channels, keys } = cluster.internals;
      return channels.add(keys.topic(topic), listener);
    });
    this.#confirmed.set(topic, confirmed);
  }

  /**
   * Resolves once Redis has confirmed this node's subscription to `topic` (one round trip after
   * its first local subscriber): from then on, broadcasts from other nodes reach it. Broadcasts
   * from this node reach its own subscribers at once.
   *
   * @example
   * pubsub.subscribe(view, 'room:1');
   * await adapter.whenSubscribed('room:1');
   */
  whenSubscribed(topic: string): Promise<void> {
    return this.#confirmed.get(topic) ?? Promise.resolve();
  }

  unsubscribed(topic: string): void {
    const listener = this.#listeners.get(topic);
    if (listener === undefined) return;
    this.#listeners.delete(topic);
    this.#confirmed.delete(topic);
    if (!this.#cluster.isJoined) return;
    const { channels, keys } = this.#cluster.internals;
    channels.remove(keys.topic(topic), listener);
  }

  close(): void {
    if (this.#closed) return;
    for (const topic of [...this.#listeners.keys()]) this.unsubscribed(topic);
    this.#closed = true;
  }

  #receive(topic: string, bytes: Buffer): void {
    const origin = this.#origin;
    if (bytes.length >= origin.length && origin.equals(bytes.subarray(0, origin.length))) return;
    const [from, msg] = decode(bytes.subarray(bytes[0]! + 1)) as [Pid | null, unknown];
    this.#dispatch?.(topic, msg, from ?? undefined);
  }

  #reportDropped(): void {
    this.#cluster.system.logger.warn(
      { dropped: this.#dropped },
      'broadcasts published while Redis was away reached only this node',
    );
    this.#dropped = 0;
  }
}
