/**
 * The node's Redis subscriptions, reference-counted: however many listeners a channel has on this
 * node (two PubSubs on one topic, say), Redis sees one SUBSCRIBE, and the last listener to leave
 * sends the UNSUBSCRIBE.
 *
 * node-redis restores the subscriptions it holds after a reconnect, but a SUBSCRIBE sent while
 * Redis is away fails and is forgotten, so this keeps what the node wants and retries what
 * failed when the connection is back (`reconcile`).
 */
import type { Logger } from '../logger.js';
import type { RedisClient } from './redis-connection.js';

/** Receives one message of a channel. @internal */
export type ChannelListener = (message: Buffer) => void;

/**
 * @example
 * const channels = new Channels(redis.subscriber, logger);
 * channels.add('{app}:topic:room', (buf) => deliver(buf));
 * @internal
 */
export class Channels {
  readonly #client: RedisClient;
  readonly #logger: Logger;
  readonly #wanted = new Map<string, Set<ChannelListener>>();
  /** Channels whose SUBSCRIBE or UNSUBSCRIBE failed, to retry when Redis is back. */
  readonly #unsettled = new Set<string>();

  constructor(client: RedisClient, logger: Logger) {
    this.#client = client;
    this.#logger = logger;
  }

  /** Adds a listener; the first one of a channel subscribes. Resolves once Redis confirmed it. */
  add(channel: string, listener: ChannelListener): Promise<void> {
    const listeners = this.#wanted.get(channel);
    if (listeners !== undefined) {
      listeners.add(listener);
      return Promise.resolve();
    }
    this.#wanted.set(channel, new Set([listener]));
    return this.#subscribe(channel);
  }

  /** Removes a listener; the last one of a channel unsubscribes. */
  remove(channel: string, listener: ChannelListener): void {
    const listeners = this.#wanted.get(channel);
    if (listeners === undefined || !listeners.delete(listener) || listeners.size > 0) return;
    this.#wanted.delete(channel);
    this.#unsubscribe(channel);
  }

  /** How many channels this node subscribes to. */
  get size(): number {
    return this.#wanted.size;
  }

  /** Retries what failed during an outage. */
  reconcile(): void {
    const channels = [...this.#unsettled];
    this.#unsettled.clear();
    for (const channel of channels) {
      if (this.#wanted.has(channel)) void this.#subscribe(channel);
      else this.#unsubscribe(channel);
    }
  }

  readonly #dispatch = (message: Buffer, channel: Buffer | string): void => {
    const listeners = this.#wanted.get(String(channel));
    if (listeners === undefined) return;
    for (const listener of listeners) {
      try {
        listener(message);
      } catch (error) {
        this.#logger.error(
          { channel: String(channel), err: error },
          'a Redis message handler threw',
        );
      }
    }
  };

  async #subscribe(channel: string): Promise<void> {
    try {
      await this.#client.subscribe(channel, this.#dispatch, true);
    } catch {
      this.#unsettled.add(channel);
    }
  }

  #unsubscribe(channel: string): void {
    this.#client.unsubscribe(channel).catch(() => this.#unsettled.add(channel));
  }
}
