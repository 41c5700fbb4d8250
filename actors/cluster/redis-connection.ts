/**
 * The two Redis connections of a node: one for commands (heartbeats, scripts, publishes) and one
 * in subscriber mode (inbox, events, topics), which node-redis resubscribes by itself after a
 * reconnect.
 *
 * The first connect fails fast with an error that names the URL, so a misconfigured node stops
 * at start instead of retrying silently. After that the connections reconnect forever, backing
 * off to 500 ms between tries. Commands are never queued while Redis is away
 * (`disableOfflineQueue`): a publish fails at once and is dropped, so an outage costs no memory
 * and a broadcast is delivered at most once. The outage is logged once when it starts and once
 * when it ends.
 *
 * node-redis is imported here and only here, when a node joins: a system without `cluster` never
 * loads it.
 */
import type { createClient } from '@redis/client';
import type { Logger } from '../logger.js';
import { ClusterUnreachableError } from './errors.js';
import { redactUrl } from './options.js';

/** A node-redis client, as `createClient` makes it. @internal */
export type RedisClient = ReturnType<typeof createClient>;

/** What the rest of the cluster hears about the connection. @internal */
export interface ConnectionEvents {
  /** Both connections are usable again after an outage. */
  back(outageMs: number): void;
}

/**
 * The connected pair, and whether Redis is reachable now.
 *
 * @example
 * const redis = await RedisConnection.open(url, 'web-1@k3J9aZ', logger, { back() {} });
 * await redis.commands.sendCommand(['PING']);
 * await redis.close();
 * @internal
 */
export class RedisConnection {
  readonly commands: RedisClient;
  readonly subscriber: RedisClient;
  readonly url: string;
  readonly #logger: Logger;
  readonly #events: ConnectionEvents;
  #connected = false;
  #closing = false;
  #lostAt: number | undefined;

  private constructor(
    commands: RedisClient,
    subscriber: RedisClient,
    url: string,
    logger: Logger,
    events: ConnectionEvents,
  ) {
    this.commands = commands;
    this.subscriber = subscriber;
    this.url = url;
    this.#logger = logger;
    this.#events = events;
  }

  /** Connects both clients; rejects ClusterUnreachableError if Redis cannot be reached. */
  static async open(
    url: string,
    nodeId: string,
    logger: Logger,
    events: ConnectionEvents,
  ): Promise<RedisConnection> {
    const { createClient } = await import('@redis/client');
    // Before the first connect a failure is final (the caller gets it); after, retry forever.
    let connected = false;
    const reconnectStrategy = (retries: number, cause: Error): number | Error =>
      connected ? Math.min(50 * (retries + 1), 500) : cause;
    // Cast: createClient infers narrower generics than its own declared return type.
    const commands = createClient({
      url,
      name: `liveactor:${nodeId}`,
      disableOfflineQueue: true,
      socket: { reconnectStrategy, connectTimeout: 5_000 },
    }) as unknown as RedisClient;
    const subscriber = commands.duplicate({ name: `liveactor:${nodeId}:sub` }) as RedisClient;
    const connection = new RedisConnection(commands, subscriber, redactUrl(url), logger, events);
    connection.#watch(commands);
    connection.#watch(subscriber);
    try {
      await Promise.all([commands.connect(), subscriber.connect()]);
    } catch (error) {
      commands.destroy();
      subscriber.destroy();
      throw new ClusterUnreachableError(redactUrl(url), error);
    }
    connected = true;
    connection.#connected = true;
    return connection;
  }

  /** Whether both connections are up now. */
  get isUp(): boolean {
    return this.commands.isReady && this.subscriber.isReady;
  }

  /**
   * Closes both connections (commands already sent are answered first); while Redis is away,
   * drops them at once rather than waiting for it. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    for (const client of [this.commands, this.subscriber]) {
      if (client.isReady) await client.close().catch(() => client.destroy());
      else if (client.isOpen) client.destroy();
    }
  }

  #watch(client: RedisClient): void {
    // node-redis reports every failed reconnect as an 'error'; without a listener it would
    // throw. One record per outage is enough.
    client.on('error', (error: Error) => {
      if (!this.#connected || this.#closing || this.#lostAt !== undefined) return;
      this.#lostAt = Date.now();
      this.#logger.warn(
        { url: this.url, err: error },
        'lost Redis: broadcasts and messages to other nodes are dropped (at most once) until it is back',
      );
    });
    client.on('ready', () => {
      if (this.#lostAt === undefined || !this.isUp) return;
      const outageMs = Date.now() - this.#lostAt;
      this.#lostAt = undefined;
      this.#logger.info({ url: this.url, outageMs }, 'Redis is back; subscriptions restored');
      this.#events.back(outageMs);
    });
  }
}
