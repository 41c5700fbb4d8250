/**
 * Socket ids and "log out everywhere" (LiveView's `live_socket_id`). When the server's
 * `session(req)`, read for the request that opens a live connection, holds a string
 * `live_socket_id`, that connection is named by it: its port subscribes to the id's PubSub
 * topic. `disconnectSockets(pubsub, id)` broadcasts on that topic, and every port so named, on
 * this node or any other the PubSub reaches, closes its connection:
 *
 *   WebSocket  close 1000: both clients take it as "this page is over" and reload it after a
 *              short random wait; the reload's onMount hooks find no user any more
 *   long poll  the session ends; the client's next poll gets 410 and it connects again, and
 *              its views' rejoins meet the same hooks
 *
 * Revoke the user's session on the server first (delete its token), so neither the reload nor
 * the rejoin gets back in with the old page's session.
 */
import type { IncomingMessage } from 'node:http';
import type { Pid, PubSub } from '../actors/index.js';
import type { ConnectInfo } from '../views/connect-info.js';
import { connectInfoOf } from './connect-info.js';
import type { ResolvedOptions } from './options.js';

/** What a port hears on its socket id's topic. */
const DISCONNECT = 'lv:disconnect_socket';

/** A longer id is the application's bug, not a name worth a topic. */
const MAX_ID_LENGTH = 512;

/**
 * Who a new connection is: its socket id (if the session names one) and its connect info.
 * @internal
 */
export interface SocketIdentity {
  readonly id: string | undefined;
  readonly connectInfo: ConnectInfo;
}

/**
 * The identity of a connection opened by `req` (see the module doc).
 * @internal
 */
export async function identifySocket(
  req: IncomingMessage,
  options: Pick<ResolvedOptions, 'session' | 'proxyHops'>,
): Promise<SocketIdentity> {
  const session = await options.session(req);
  const id = session?.live_socket_id;
  if (id !== undefined && (typeof id !== 'string' || id === '' || id.length > MAX_ID_LENGTH)) {
    throw new TypeError(
      `session(req): live_socket_id must be a non-empty string of at most ${MAX_ID_LENGTH} characters`,
    );
  }
  return { id, connectInfo: connectInfoOf(req, options.proxyHops) };
}

/**
 * The PubSub topic of a socket id.
 * @internal
 */
export function socketTopic(id: string): string {
  return `liveactor:socket:${id}`;
}

/**
 * Subscribes the port `pid` to its socket id's topic.
 * @internal
 */
export function listenForDisconnect(pubsub: PubSub, pid: Pid, id: string): void {
  pubsub.subscribe(pid, socketTopic(id));
}

/**
 * True for the message {@link disconnectSockets} broadcasts.
 * @internal
 */
export function isDisconnect(msg: unknown): boolean {
  return (msg as { type?: unknown } | null)?.type === DISCONNECT;
}

/**
 * Closes every live connection whose session's `live_socket_id` is `id`, on every node `pubsub`
 * reaches (LiveView's `Endpoint.broadcast(live_socket_id, "disconnect", %{})`). Their pages
 * reload, or rejoin, and meet the onMount hooks again: revoke the session before.
 *
 * @example
 * // POST /logout-everywhere
 * for (const token of await sessions.deleteAllOf(user)) disconnectSockets(pubsub, `user-session:${token.id}`);
 */
export function disconnectSockets(pubsub: PubSub, id: string): void {
  if (typeof id !== 'string' || id === '') {
    throw new TypeError('disconnectSockets: the socket id must be a non-empty string');
  }
  pubsub.broadcast(socketTopic(id), { type: DISCONNECT });
}
