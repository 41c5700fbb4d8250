/**
 * The messages nodes send each other on their inboxes (`{prefix}:inbox:<node>`), one v8 array
 * each, its first slot the kind. They carry what `send`, `cast`, `call`, `exit`, `link` and
 * `monitor` do between processes of two nodes, as Erlang's distribution protocol does between
 * two BEAMs:
 *
 *   [SEND, to, msg]                          [CAST, to, msg]
 *   [CALL, to, msg, reply node, call id]     [REPLY, call id, status, value | reason]
 *   [MONITOR, watcher, target, ref]          [DEMONITOR, target, ref]
 *   [DOWN, watcher, ref, target, reason]
 *   [LINK, from, to]   [UNLINK, from, to]    [EXIT, to, from, reason, is a link's signal]
 */
/** Inbox message kinds. @internal */
export const SEND = 0;
export const CAST = 1;
export const CALL = 2;
export const REPLY = 3;
export const MONITOR = 4;
export const DEMONITOR = 5;
export const DOWN = 6;
export const LINK = 7;
export const UNLINK = 8;
export const EXIT = 9;

/** REPLY statuses. */
export const REPLIED = 0;
export const EXITED = 1;
export const UNCLONEABLE = 2;

/**
 * What the remote-process code needs of the cluster: who this node is, which nodes are up, and
 * a way to post to a node's inbox.
 *
 * @example
 * const posted = await wire.post(node, encode(pid, [SEND, pid, msg]));
 * @internal
 */
export interface Wire {
  readonly nodeId: string;
  isUp(node: string): boolean;
  /** Publishes to `node`'s inbox; resolves false (dropped) when Redis is unreachable. */
  post(node: string, message: Buffer): Promise<boolean>;
  /** The node of a pid of another node, or undefined for a local pid or a non-pid string. */
  remoteNode(pid: string): string | undefined;
}
