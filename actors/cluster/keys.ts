/**
 * Every Redis key and channel of a cluster, named once. With the default prefix `liveactor`:
 *
 *   {liveactor}:nodes                  ZSET  node id -> time of its last heartbeat (Redis clock, ms)
 *   {liveactor}:joined                 HASH  node id -> time it joined (a rejoin changes it)
 *   {liveactor}:node-info              HASH  node id -> JSON { name, host, pid } for operators
 *   {liveactor}:downs                  ZSET  node id -> time it was declared down (kept 1 h)
 *   {liveactor}:names                  HASH  global name -> "<pid> <since>"
 *   {liveactor}:node-names:<node>      SET   the global names a node holds (swept with the node)
 *   {liveactor}:lease:<singleton>      STRING "<owner pid> <token>", PX = the lease
 *   {liveactor}:token:<singleton>      STRING the last fencing token issued (INCR)
 *   {liveactor}:fenced:<singleton>     HASH  { token, value } written only with a current token
 *   {liveactor}:presence:<topic>       HASH  "<node> <ref>" -> v8 [key, meta, pid]
 *   {liveactor}:presence-topics        SET   topics that have presence entries
 *   {liveactor}:node-presence:<node>   SET   "<topic>\0<field>" entries a node tracks (swept)
 *
 *   channel {liveactor}:events         JSON: { t: 'up' | 'down', node } and global name changes
 *   channel {liveactor}:inbox:<node>   v8: messages, calls, replies, monitors and links for a node
 *   channel {liveactor}:topic:<topic>  PubSub broadcasts: [origin length][origin][v8 [from, msg]]
 *   channel {liveactor}:presence       v8: presence changes of every topic
 *
 * The `{...}` hash tag keeps every key in one slot, so the Lua scripts may touch them together.
 */

/**
 * The names of one cluster's keys and channels.
 *
 * @example
 * const keys = new ClusterKeys('liveactor');
 * keys.inbox('web-1@k3J9aZ'); // '{liveactor}:inbox:web-1@k3J9aZ'
 * @internal
 */
export class ClusterKeys {
  readonly base: string;
  readonly nodes: string;
  readonly joined: string;
  readonly nodeInfo: string;
  readonly downs: string;
  readonly names: string;
  readonly presenceTopics: string;
  readonly events: string;
  readonly presence: string;

  constructor(prefix: string) {
    this.base = `{${prefix}}`;
    this.nodes = `${this.base}:nodes`;
    this.joined = `${this.base}:joined`;
    this.nodeInfo = `${this.base}:node-info`;
    this.downs = `${this.base}:downs`;
    this.names = `${this.base}:names`;
    this.presenceTopics = `${this.base}:presence-topics`;
    this.events = `${this.base}:events`;
    this.presence = `${this.base}:presence`;
  }

  nodeNames(node: string): string {
    return `${this.base}:node-names:${node}`;
  }

  nodePresence(node: string): string {
    return `${this.base}:node-presence:${node}`;
  }

  presenceOf(topic: string): string {
    return `${this.base}:presence:${topic}`;
  }

  lease(name: string): string {
    return `${this.base}:lease:${name}`;
  }

  token(name: string): string {
    return `${this.base}:token:${name}`;
  }

  fenced(name: string): string {
    return `${this.base}:fenced:${name}`;
  }

  inbox(node: string): string {
    return `${this.base}:inbox:${node}`;
  }

  topic(topic: string): string {
    return `${this.base}:topic:${topic}`;
  }
}
