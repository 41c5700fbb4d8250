/**
 * The cluster-wide registry, like OTP's `:global`: a name maps to one pid on any node.
 *
 * Redis holds the truth (`names`: name -> "<pid> <since>", written only by scripts), and every
 * node keeps a replica fed by the events channel, so `whereis` and `send(name)` stay synchronous
 * and cost no round trip. A name is freed when its process exits (by its node) or when its node
 * goes down (by the sweep, in the same script that declares the node down).
 *
 * Conflicts. A fresh registration of a taken name fails with NameTakenError: Redis orders the
 * two and the second is told at once. The other kind of conflict comes after Redis lost its data
 * or a node was cut off: the node writes back the names it holds, and another process may have
 * taken one meanwhile. Then the older registration (its `since`, on Redis's clock; the smaller
 * pid on a tie) keeps the name on every node, and the loser's process is told with a
 * `{ type: 'GLOBAL_NAME_CONFLICT', name, winner }` message (OTP's `notify_all_name` tells both;
 * here only the loser needs to act), its registration gone.
 */
import { NameTakenError, NoProcessError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Pid } from '../pid.js';
import type { ActorSystem } from '../system.js';
import type { ClusterKeys } from './keys.js';
import type { RedisConnection } from './redis-connection.js';
import { LUA_NOW, Script } from './script.js';

const REGISTER = new Script(`${LUA_NOW}
local name, pid, since, base, events = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local function nodeOf(p) return string.match(p, '^([^.]+)%.') end
local function take(s)
  redis.call('HSET', KEYS[1], name, pid .. ' ' .. s)
  redis.call('SADD', base .. ':node-names:' .. nodeOf(pid), name)
  redis.call('PUBLISH', events, cjson.encode({ t = 'reg', name = name, pid = pid }))
end
local cur = redis.call('HGET', KEYS[1], name)
if not cur then
  if since == '' then since = tostring(now) end
  take(since)
  return { 'ok', since }
end
local curPid, curSince = string.match(cur, '^(%S+) (%d+)$')
if curPid == pid then return { 'ok', curSince } end
if since == '' then return { 'taken', curPid } end
local mine, theirs = tonumber(since), tonumber(curSince)
if mine < theirs or (mine == theirs and pid < curPid) then
  redis.call('SREM', base .. ':node-names:' .. nodeOf(curPid), name)
  take(since)
  redis.call('PUBLISH', events, cjson.encode({ t = 'conflict', name = name, winner = pid, loser = curPid }))
  return { 'won', curPid }
end
return { 'lost', curPid }`);

const UNREGISTER = new Script(`
local name, pid, base, events = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local cur = redis.call('HGET', KEYS[1], name)
if not cur or string.sub(cur, 1, #pid + 1) ~= pid .. ' ' then return 0 end
redis.call('HDEL', KEYS[1], name)
redis.call('SREM', base .. ':node-names:' .. string.match(pid, '^([^.]+)%.'), name)
redis.call('PUBLISH', events, cjson.encode({ t = 'unreg', name = name, pid = pid }))
return 1`);

/** An event of the events channel about names. @internal */
export type NameEvent =
  | { t: 'reg'; name: string; pid: Pid }
  | { t: 'unreg'; name: string; pid: Pid }
  | { t: 'conflict'; name: string; winner: Pid; loser: Pid };

/**
 * What the loser of a name conflict receives in `handleInfo`; its registration is gone.
 *
 * @example
 * handleInfo(msg: GlobalNameConflict, state, ctx) { if (msg.type === 'GLOBAL_NAME_CONFLICT') ctx.stop('normal'); return state; }
 */
export interface GlobalNameConflict {
  readonly type: 'GLOBAL_NAME_CONFLICT';
  readonly name: string;
  readonly winner: Pid;
}

/**
 * @example
 * const names = new GlobalNames(system, redis, keys, nodeId, logger);
 * await names.register('stock', pid);
 * names.whereis('stock'); // pid, on every node once the event arrived
 * @internal
 */
export class GlobalNames {
  readonly #system: ActorSystem;
  readonly #redis: RedisConnection;
  readonly #keys: ClusterKeys;
  readonly #nodeId: string;
  readonly #logger: Logger;
  readonly #replica = new Map<string, Pid>();
  /** Names held by this node's processes, with their `since`, to write back on a resync. */
  readonly #held = new Map<string, { pid: Pid; since: string }>();
  /** Names whose freeing failed (Redis away), freed again at the next resync. */
  readonly #toFree = new Map<string, Pid>();

  constructor(
    system: ActorSystem,
    redis: RedisConnection,
    keys: ClusterKeys,
    nodeId: string,
    logger: Logger,
  ) {
    this.#system = system;
    this.#redis = redis;
    this.#keys = keys;
    this.#nodeId = nodeId;
    this.#logger = logger;
  }

  async register(name: string, pid: Pid): Promise<void> {
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(`registerGlobal: a name must be a non-empty string, got ${String(name)}`);
    }
    if (!pid.startsWith(`${this.#nodeId}.`)) {
      throw new TypeError(
        `registerGlobal: ${pid} is not a process of this node; register it on its own node`,
      );
    }
    if (!this.#system.isAlive(pid)) throw new NoProcessError(pid);
    const [status, detail] = (await this.#run(name, pid, '')) as [string, string];
    if (status === 'taken') throw new NameTakenError(name);
    if (!this.#system.isAlive(pid)) {
      // It died while Redis answered: its exit found no name to free, so free it now.
      await this.#unregisterIn(name, pid);
      throw new NoProcessError(pid);
    }
    this.#held.set(name, { pid, since: detail });
    this.#replica.set(name, pid);
  }

  async unregister(name: string): Promise<void> {
    const held = this.#held.get(name);
    if (held === undefined) return;
    this.#held.delete(name);
    if (this.#replica.get(name) === held.pid) this.#replica.delete(name);
    await this.#unregisterIn(name, held.pid);
  }

  whereis(name: string): Pid | undefined {
    return this.#replica.get(name);
  }

  /** Reads the name from Redis itself (one round trip), not the replica. */
  async lookup(name: string): Promise<Pid | undefined> {
    const value = await this.#redis.commands.sendCommand<string | null>([
      'HGET',
      this.#keys.names,
      name,
    ]);
    return value === null ? undefined : (value.slice(0, value.indexOf(' ')) as Pid);
  }

  onEvent(event: NameEvent): void {
    if (event.t === 'reg') this.#replica.set(event.name, event.pid);
    else if (event.t === 'unreg') {
      if (this.#replica.get(event.name) === event.pid) this.#replica.delete(event.name);
    } else {
      this.#replica.set(event.name, event.winner);
      this.#lost(event.name, event.loser, event.winner);
    }
  }

  /** A local process exited: free its names. */
  exited(pid: Pid): void {
    for (const [name, held] of this.#held) {
      if (held.pid !== pid) continue;
      this.#held.delete(name);
      if (this.#replica.get(name) === pid) this.#replica.delete(name);
      void this.#unregisterIn(name, pid);
    }
  }

  nodeDown(node: string): void {
    const prefix = `${node}.`;
    for (const [name, pid] of this.#replica) if (pid.startsWith(prefix)) this.#replica.delete(name);
  }

  /** Writes back the names this node holds, then reloads the replica from Redis. */
  async resync(): Promise<void> {
    for (const [name, pid] of [...this.#toFree]) {
      this.#toFree.delete(name);
      await this.#unregisterIn(name, pid);
    }
    for (const [name, { pid, since }] of [...this.#held]) {
      const [status, other] = (await this.#run(name, pid, since)) as [string, Pid];
      if (status === 'lost') this.#lost(name, pid, other);
    }
    await this.load();
  }

  /** Replaces the replica with Redis's table. */
  async load(): Promise<void> {
    const table = await this.#redis.commands.sendCommand<Record<string, string> | string[]>([
      'HGETALL',
      this.#keys.names,
    ]);
    const entries = Array.isArray(table) ? pairs(table) : Object.entries(table);
    this.#replica.clear();
    for (const [name, value] of entries)
      this.#replica.set(name, value.slice(0, value.indexOf(' ')) as Pid);
    for (const [name, { pid }] of this.#held) this.#replica.set(name, pid);
  }

  #lost(name: string, loser: Pid, winner: Pid): void {
    const held = this.#held.get(name);
    if (held?.pid !== loser) return;
    this.#held.delete(name);
    this.#logger.warn(
      { name, loser, winner },
      'global name conflict: the older registration keeps the name',
    );
    const notice: GlobalNameConflict = { type: 'GLOBAL_NAME_CONFLICT', name, winner };
    this.#system.send(loser, notice);
  }

  #run(name: string, pid: Pid, since: string): Promise<unknown> {
    const k = this.#keys;
    return REGISTER.run(this.#redis.commands, [k.names], [name, pid, since, k.base, k.events]);
  }

  async #unregisterIn(name: string, pid: Pid): Promise<void> {
    const k = this.#keys;
    await UNREGISTER.run(this.#redis.commands, [k.names], [name, pid, k.base, k.events]).catch(() =>
      this.#toFree.set(name, pid),
    );
  }
}

function pairs(flat: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}
