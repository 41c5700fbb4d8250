/**
 * Which nodes are up: heartbeats in Redis, and the rule that declares a silent node down.
 *
 * Every `heartbeat` ms a node runs one script that stamps its own entry in `nodes` with Redis's
 * clock, and sweeps: any node whose last stamp is older than `downAfter` is removed, with its
 * global names and presence entries, tombstoned in `downs`, and announced on the events channel.
 * Redis runs the script atomically, so each death is declared exactly once, by whichever node
 * sweeps first, and no two machines' clocks are ever compared.
 *
 * The script answers with the live nodes (and when each joined) and the recent tombstones, so a
 * node that missed an event still converges at its next heartbeat. A node is down, for this node,
 * once (a) an event or a tombstone says so, (b) it has been missing from the live list for longer
 * than `downAfter` (Redis lost its data and it never came back), or (c) its join time changed (it
 * was declared down and rejoined: whatever was linked to its processes is gone).
 *
 * A node that cannot reach Redis for longer than `downAfter` is cut off: the others are declaring
 * it down, so it declares them all down too (a netsplit, seen from both sides). When it reaches
 * Redis again it rejoins; so does a node that was declared down while alive (paused, or its
 * event loop blocked): its links and monitors across nodes were broken everywhere, so it breaks
 * its own side too. Either way it emits 'resync', and so it does when Redis lost its data (a
 * restart without persistence), so the cluster can write back what this node holds.
 */
import { hostname } from 'node:os';
import { EventEmitter } from 'eventemitter3';
import type { Logger } from '../logger.js';
import type { ClusterKeys } from './keys.js';
import type { ResolvedClusterOptions } from './options.js';
import type { RedisConnection } from './redis-connection.js';
import { LUA_NOW, Script } from './script.js';

const HEARTBEAT = new Script(`${LUA_NOW}
local id, base, events = ARGV[1], ARGV[4], ARGV[5]
local function down(node)
  redis.call('ZREM', KEYS[1], node)
  redis.call('HDEL', KEYS[2], node)
  redis.call('HDEL', KEYS[3], node)
  local nn = base .. ':node-names:' .. node
  for _, name in ipairs(redis.call('SMEMBERS', nn)) do
    local cur = redis.call('HGET', KEYS[5], name)
    if cur and string.sub(cur, 1, #node + 1) == node .. '.' then redis.call('HDEL', KEYS[5], name) end
  end
  redis.call('DEL', nn)
  local np = base .. ':node-presence:' .. node
  for _, entry in ipairs(redis.call('SMEMBERS', np)) do
    local sep = string.find(entry, '\\0', 1, true)
    local topic = string.sub(entry, 1, sep - 1)
    local hash = base .. ':presence:' .. topic
    redis.call('HDEL', hash, string.sub(entry, sep + 1))
    if redis.call('HLEN', hash) == 0 then redis.call('SREM', KEYS[6], topic) end
  end
  redis.call('DEL', np)
end
if ARGV[6] == 'leave' then
  down(id)
  redis.call('PUBLISH', events, cjson.encode({ t = 'down', node = id }))
  return { 'left', {}, {} }
end
local status = 'ok'
if not redis.call('ZSCORE', KEYS[1], id) then
  if redis.call('ZSCORE', KEYS[4], id) then status = 'down' else status = 'new' end
  local joined = tostring(now)
  if status == 'new' and ARGV[7] ~= '' then joined = ARGV[7] end
  redis.call('ZREM', KEYS[4], id)
  redis.call('HSET', KEYS[2], id, joined)
  redis.call('HSET', KEYS[3], id, ARGV[3])
  redis.call('PUBLISH', events, cjson.encode({ t = 'up', node = id, joined = joined }))
end
redis.call('ZADD', KEYS[1], now, id)
for _, node in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))) do
  down(node)
  redis.call('ZADD', KEYS[4], now, node)
  redis.call('PUBLISH', events, cjson.encode({ t = 'down', node = node }))
end
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - 3600000)
local live = {}
for _, node in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  live[#live + 1] = node
  live[#live + 1] = redis.call('HGET', KEYS[2], node) or '0'
end
return { status, live, redis.call('ZRANGE', KEYS[4], 0, -1) }`);

/** What membership tells the cluster. @internal */
export interface MembershipEvents {
  /** Another node joined (or rejoined). */
  up: [node: string];
  /** Another node is down: declared so, or cut off from this one. */
  down: [node: string];
  /** Redis forgot this node's state, or this node rejoined: write back what it holds. */
  resync: [];
}

interface Known {
  joined: string;
  /** Local time this node last saw it in the live list or heard it join. */
  seen: number;
}

/** An event on the events channel that membership handles. @internal */
export interface NodeEvent {
  t: 'up' | 'down';
  node: string;
  joined?: string;
}

/**
 * This node's view of the cluster's nodes, kept by its heartbeat.
 *
 * @example
 * const members = new Membership(redis, keys, options, logger);
 * members.on('down', (node) => breakLinksTo(node));
 * await members.join();
 * @internal
 */
export class Membership extends EventEmitter<MembershipEvents> {
  readonly #redis: RedisConnection;
  readonly #keys: ClusterKeys;
  readonly #opts: ResolvedClusterOptions;
  readonly #logger: Logger;
  readonly #known = new Map<string, Known>();
  #joined = '';
  #beaten = false;
  #lastOk = 0;
  #cutOff = false;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    redis: RedisConnection,
    keys: ClusterKeys,
    opts: ResolvedClusterOptions,
    logger: Logger,
  ) {
    super();
    this.#redis = redis;
    this.#keys = keys;
    this.#opts = opts;
    this.#logger = logger;
  }

  /** Writes the first heartbeat and starts beating. */
  async join(): Promise<void> {
    await this.#beat();
    this.#schedule();
  }

  /** Whether `node` is this node or a node known to be up. */
  isUp(node: string): boolean {
    return node === this.#opts.nodeId || this.#known.has(node);
  }

  /** The ids of the nodes up now, this one first. */
  nodes(): string[] {
    return [this.#opts.nodeId, ...this.#known.keys()];
  }

  /** Handles an event from the events channel. */
  onEvent(event: NodeEvent): void {
    if (event.node === this.#opts.nodeId || this.#stopped) return;
    if (event.t === 'down') this.#markDown(event.node);
    else if (event.joined !== undefined) this.#markUp(event.node, event.joined);
  }

  /** Stops beating and removes this node from Redis, announcing it down. */
  async leave(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    const nodes = [...this.#known.keys()];
    this.#known.clear();
    for (const node of nodes) this.emit('down', node);
    if (!this.#redis.isUp) return;
    await this.#run('leave').catch(() => {});
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#beat().then(
        () => this.#schedule(),
        (error: unknown) => {
          this.#failed(error);
          this.#schedule();
        },
      );
    }, this.#opts.heartbeat);
  }

  #run(mode: 'beat' | 'leave'): Promise<unknown> {
    const k = this.#keys;
    const info = JSON.stringify({ name: this.#opts.name, host: hostname(), pid: process.pid });
    return HEARTBEAT.run(
      this.#redis.commands,
      [k.nodes, k.joined, k.nodeInfo, k.downs, k.names, k.presenceTopics],
      [this.#opts.nodeId, String(this.#opts.downAfter), info, k.base, k.events, mode, this.#joined],
    );
  }

  async #beat(): Promise<void> {
    const sentAt = performance.now();
    const [status, live, downs] = (await this.#run('beat')) as [string, string[], string[]];
    if (this.#stopped) return;
    this.#lastOk = sentAt;
    const wasCutOff = this.#cutOff;
    this.#cutOff = false;
    const rejoined = status === 'down' && this.#joined !== '';
    if (rejoined) {
      this.#logger.warn(
        { node: this.#opts.nodeId },
        'this node was declared down by the cluster (paused, or cut off from Redis); its links and monitors across nodes are broken',
      );
      for (const node of [...this.#known.keys()]) this.#markDown(node);
    }
    const now = performance.now();
    const listed = new Set<string>();
    for (let i = 0; i + 1 < live.length; i += 2) {
      const node = live[i]!;
      if (node === this.#opts.nodeId) {
        this.#joined = live[i + 1]!;
        continue;
      }
      listed.add(node);
      this.#markUp(node, live[i + 1]!, now);
    }
    const tombstones = new Set(downs);
    for (const [node, known] of this.#known) {
      if (listed.has(node)) continue;
      if (tombstones.has(node) || now - known.seen > this.#opts.downAfter) this.#markDown(node);
    }
    // After the first heartbeat, 'new' means Redis lost its data (restarted without persistence).
    const restored = status === 'new' && this.#beaten;
    this.#beaten = true;
    if (rejoined || wasCutOff || restored) this.emit('resync');
  }

  #failed(error: unknown): void {
    if (this.#stopped || this.#cutOff) return;
    if (performance.now() - this.#lastOk <= this.#opts.downAfter) return;
    this.#cutOff = true;
    this.#logger.warn(
      { node: this.#opts.nodeId, err: error },
      'cut off from Redis for longer than downAfter: every other node is down for this one',
    );
    for (const node of [...this.#known.keys()]) this.#markDown(node);
  }

  #markUp(node: string, joined: string, now = performance.now()): void {
    const known = this.#known.get(node);
    if (known !== undefined && known.joined === joined) {
      known.seen = now;
      return;
    }
    if (known !== undefined) this.#markDown(node);
    this.#known.set(node, { joined, seen: now });
    this.emit('up', node);
  }

  #markDown(node: string): void {
    if (!this.#known.delete(node)) return;
    this.emit('down', node);
  }
}
