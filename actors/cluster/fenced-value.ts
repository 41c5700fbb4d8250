/**
 * State in Redis that only the current owner of a singleton may write, checked by its fencing
 * token.
 *
 * Why: a lease alone cannot stop an old owner. A process that was paused (a long GC, a blocked
 * event loop, SIGSTOP, a VM migration) longer than its lease wakes up still believing it owns the
 * singleton, while another node has taken over; its next write would undo the new owner's. So
 * each takeover gets a token from one Redis counter, which only grows, and the store itself
 * refuses a write whose token is older than the newest issued (or than the one that wrote last):
 * the paused owner's write fails with StaleTokenError however late it arrives, because the check
 * happens in Redis, atomically with the write (one Lua script), not in the writer.
 */
import type { Pid } from '../pid.js';
import type { Cluster } from './cluster.js';
import { decode, encode } from './codec.js';
import { StaleTokenError } from './errors.js';
import { Script } from './script.js';

const WRITE = new Script(`
local newest = tonumber(redis.call('GET', KEYS[1]) or '0')
local stored = tonumber(redis.call('HGET', KEYS[2], 'token') or '0')
local token = tonumber(ARGV[1])
if token < newest or token < stored then return { 0, math.max(newest, stored) } end
redis.call('HSET', KEYS[2], 'token', ARGV[1], 'value', ARGV[2])
return { 1, token }`);

/**
 * A value shared through Redis, written only with a current fencing token of singleton `name`.
 *
 * @example
 * const stock = new FencedValue<{ left: number }>(system.cluster!, 'stock');
 * await stock.write(lease.token, { left: 9 });   // StaleTokenError once a newer owner exists
 * (await stock.read())?.value;                    // { left: 9 }
 */
export class FencedValue<T> {
  readonly name: string;
  readonly #cluster: Cluster;

  constructor(cluster: Cluster, name: string) {
    this.#cluster = cluster;
    this.name = name;
  }

  /** The value and the token that wrote it, or undefined if it was never written. */
  async read(): Promise<{ value: T; token: number } | undefined> {
    const { redis, keys } = this.#cluster.internals;
    const [token, value] = await redis.commands.sendCommand<[string | null, string | null]>([
      'HMGET',
      keys.fenced(this.name),
      'token',
      'value',
    ]);
    if (token === null || value === null) return undefined;
    return { value: decode(Buffer.from(value, 'base64')) as T, token: Number(token) };
  }

  /** Writes `value` if `token` is still the newest; rejects StaleTokenError otherwise. */
  async write(token: number, value: T): Promise<void> {
    const { redis, keys } = this.#cluster.internals;
    const bytes = encode(this.name, value).toString('base64');
    const [ok, current] = (await WRITE.run(
      redis.commands,
      [keys.token(this.name), keys.fenced(this.name)],
      [String(token), bytes],
    )) as [number, number];
    if (ok !== 1) throw new StaleTokenError(this.name, token, current);
  }
}

/**
 * What a cluster singleton's behaviour gets with its start: which singleton, the fencing token
 * of this takeover (greater than every earlier one), and the node it runs on.
 *
 * @example
 * start: (lease) => [stock, { token: lease.token }]
 */
export interface SingletonLease {
  readonly name: string;
  readonly token: number;
  readonly node: string;
  /** The singleton manager that holds the lease on this node. */
  readonly holder: Pid;
}
