/**
 * Presence, as Phoenix.Presence: processes are tracked under a key of a topic with some meta
 * ("user 7 is in room:1, on a phone"); `list(topic)` shows who is there on any node, and the
 * topic's subscribers get `{ type: 'presence_diff', topic, joins, leaves }` in `handleInfo` when
 * that changes.
 *
 * Each node holds a full replica of every topic's entries, so `list` is synchronous. An entry is
 * `"<node> <ref>"` -> { key, meta, pid }. A node writes its own entries to Redis (`presence:<topic>`,
 * indexed per node so the down sweep removes them) and publishes each join and leave on the
 * presence channel; the other nodes apply it to their replica and send the diff to their own
 * subscribers with `localBroadcast`, so each subscriber gets each diff once. Applying is
 * idempotent (a join of a known entry, a leave of an unknown one, change nothing), which is what
 * lets replicas converge: when a node goes down every node drops its entries on its own, and after
 * an outage or a Redis restart a node writes its entries back and reloads the others from Redis.
 *
 * Without a cluster, Presence is the same API on one node.
 */
import type { Pid } from '../pid.js';
import type { PubSub } from '../pubsub.js';
import type { ActorSystem } from '../system.js';
import type { Cluster } from './cluster.js';
import { decode, encode } from './codec.js';
import { Script } from './script.js';

const TRACK = new Script(`
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3] .. '\\0' .. ARGV[1])
redis.call('SADD', KEYS[3], ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1`);

const UNTRACK = new Script(`
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[2], ARGV[3] .. '\\0' .. ARGV[1])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[3], ARGV[3]) end
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1`);

/** One tracked presence's meta, as `list` shows it: the meta given to `track`, plus `phx_ref`. */
export type PresenceMeta = Record<string, unknown> & { readonly phx_ref: string };

/** `list(topic)`: each key's metas, one per tracked process (a user with two tabs has two). */
export type PresenceList = Record<string, { metas: PresenceMeta[] }>;

/**
 * What a topic's subscribers get when its presences change.
 *
 * @example
 * handleInfo(msg: PresenceDiff, state) { if (msg.type === 'presence_diff') state.online = presence.list(msg.topic); return state; }
 */
export interface PresenceDiff {
  readonly type: 'presence_diff';
  readonly topic: string;
  readonly joins: PresenceList;
  readonly leaves: PresenceList;
}

interface Entry {
  readonly key: string;
  readonly meta: Record<string, unknown>;
  readonly pid: Pid;
}

const JOIN = 'j';
const LEAVE = 'l';

/**
 * Options of {@link Presence}.
 *
 * @example
 * new Presence(system, { pubsub });
 */
export interface PresenceOptions {
  /** Where diffs go: each topic's subscribers on this PubSub (delivered on this node only). */
  pubsub: PubSub;
}

/**
 * Tracks processes per topic across the nodes of a cluster (or on one node without one).
 *
 * @example
 * const presence = new Presence(system, { pubsub });
 * await presence.ready();
 * pubsub.subscribe(view, 'room:1');                    // gets presence_diff messages
 * presence.track(view, 'room:1', 'user:7', { device: 'phone' });
 * presence.list('room:1'); // { 'user:7': { metas: [{ device: 'phone', phx_ref: '…' }] } }
 */
export class Presence {
  readonly #system: ActorSystem;
  readonly #pubsub: PubSub;
  readonly #cluster: Cluster | undefined;
  readonly #node: string;
  readonly #topics = new Map<string, Map<string, Entry>>();
  /** Local pid -> its entries as "<topic>\0<entry id>". */
  readonly #byPid = new Map<Pid, Set<string>>();
  readonly #ready: Promise<void>;
  #refs = 0;
  /** Presence messages applied so far; a snapshot from Redis is as old as this count when sent. */
  #seq = 0;
  /** Entry of another node -> the message count when a join added it. */
  readonly #stamps = new Map<string, number>();
  /** Entry -> the message count when a leave removed it, kept while a load is running. */
  readonly #gone = new Map<string, number>();
  #loads = 0;

  constructor(system: ActorSystem, opts: PresenceOptions) {
    this.#system = system;
    this.#pubsub = opts.pubsub;
    this.#cluster = system.cluster;
    this.#node = system.id;
    system.on('exit', ({ pid }) => this.#exited(pid));
    const cluster = this.#cluster;
    if (cluster === undefined) {
      this.#ready = Promise.resolve();
      return;
    }
    cluster.on('nodedown', (node) => this.#nodeDown(node));
    cluster.internals.on('resync', () => void this.#resync().catch(() => {}));
    this.#ready = cluster.joined().then(async () => {
      await cluster.internals.channels.add(cluster.internals.keys.presence, this.#receive);
      await this.#load();
    });
  }

  /** Resolves once this node holds the cluster's entries (at once without a cluster). */
  ready(): Promise<void> {
    return this.#ready;
  }

  /**
   * Tracks `pid` (a live process of this node) under `key` of `topic`; returns the entry's ref.
   * The entry goes when `untrack` is called or the process exits.
   */
  track(pid: Pid, topic: string, key: string, meta: Record<string, unknown> = {}): string {
    if (!this.#system.isAlive(pid))
      throw new TypeError(`Presence.track: ${pid} is not a live process of this node`);
    const id = `${this.#node} ${(++this.#refs).toString(36)}`;
    const entry: Entry = { key, meta, pid };
    const value = encode(topic, [key, meta, pid]);
    this.#apply(topic, id, entry);
    const refs = this.#byPid.get(pid);
    if (refs === undefined) this.#byPid.set(pid, new Set([`${topic}\0${id}`]));
    else refs.add(`${topic}\0${id}`);
    this.#write(TRACK, topic, id, value);
    return id;
  }

  /** Stops tracking `pid` under `key` of `topic` (every entry of it there). */
  untrack(pid: Pid, topic: string, key: string): void {
    const entries = this.#topics.get(topic);
    const refs = this.#byPid.get(pid);
    if (entries === undefined || refs === undefined) return;
    for (const [id, entry] of [...entries]) {
      if (entry.pid !== pid || entry.key !== key) continue;
      refs.delete(`${topic}\0${id}`);
      this.#remove(topic, id);
    }
    if (refs.size === 0) this.#byPid.delete(pid);
  }

  /** Who is present in `topic`, on every node, by key. */
  list(topic: string): PresenceList {
    return group(this.#topics.get(topic) ?? []);
  }

  #exited(pid: Pid): void {
    const refs = this.#byPid.get(pid);
    if (refs === undefined) return;
    this.#byPid.delete(pid);
    for (const ref of refs) {
      const sep = ref.indexOf('\0');
      this.#remove(ref.slice(0, sep), ref.slice(sep + 1));
    }
  }

  #remove(topic: string, id: string): void {
    const entry = this.#topics.get(topic)?.get(id);
    if (entry === undefined) return;
    this.#apply(topic, id, undefined);
    this.#write(UNTRACK, topic, id, Buffer.alloc(0));
  }

  /** Sets (entry) or deletes (undefined) one entry of the replica, and sends the diff here. */
  #apply(topic: string, id: string, entry: Entry | undefined): void {
    let entries = this.#topics.get(topic);
    if (entry !== undefined) {
      if (entries === undefined) {
        entries = new Map();
        this.#topics.set(topic, entries);
      }
      if (entries.has(id)) return;
      entries.set(id, entry);
      this.#diff(topic, [[id, entry]], []);
      return;
    }
    const old = entries?.get(id);
    if (entries === undefined || old === undefined) return;
    entries.delete(id);
    if (entries.size === 0) this.#topics.delete(topic);
    this.#diff(topic, [], [[id, old]]);
  }

  #diff(topic: string, joins: [string, Entry][], leaves: [string, Entry][]): void {
    if (joins.length === 0 && leaves.length === 0) return;
    const diff: PresenceDiff = {
      type: 'presence_diff',
      topic,
      joins: group(joins),
      leaves: group(leaves),
    };
    this.#pubsub.localBroadcast(topic, diff);
  }

  #write(script: Script, topic: string, id: string, value: Buffer): void {
    const cluster = this.#cluster;
    if (cluster === undefined || !cluster.isJoined) return;
    const { keys, redis } = cluster.internals;
    const op = script === TRACK ? JOIN : LEAVE;
    const message = encode(topic, [op, topic, id, value]).toString('base64');
    void script
      .run(
        redis.commands,
        [keys.presenceOf(topic), keys.nodePresence(this.#node), keys.presenceTopics],
        [id, value.toString('base64'), topic, keys.presence, message],
      )
      .catch(() => {});
  }

  readonly #receive = (bytes: Buffer): void => {
    const [op, topic, id, value] = decode(Buffer.from(String(bytes), 'base64')) as [
      string,
      string,
      string,
      Buffer,
    ];
    if (id.startsWith(`${this.#node} `)) return;
    const seq = ++this.#seq;
    if (op === JOIN) {
      this.#stamps.set(id, seq);
      this.#apply(topic, id, toEntry(value));
    } else {
      this.#stamps.delete(id);
      if (this.#loads > 0) this.#gone.set(id, seq);
      this.#apply(topic, id, undefined);
    }
  };

  #nodeDown(node: string): void {
    const prefix = `${node} `;
    for (const [topic, entries] of [...this.#topics]) {
      const leaves: [string, Entry][] = [];
      for (const [id, entry] of entries) if (id.startsWith(prefix)) leaves.push([id, entry]);
      for (const [id] of leaves) {
        entries.delete(id);
        this.#stamps.delete(id);
      }
      if (entries.size === 0) this.#topics.delete(topic);
      this.#diff(topic, [], leaves);
    }
  }

  async #resync(): Promise<void> {
    for (const refs of this.#byPid.values()) {
      for (const ref of refs) {
        const sep = ref.indexOf('\0');
        const topic = ref.slice(0, sep);
        const id = ref.slice(sep + 1);
        const entry = this.#topics.get(topic)?.get(id);
        if (entry !== undefined)
          this.#write(TRACK, topic, id, encode(topic, [entry.key, entry.meta, entry.pid]));
      }
    }
    await this.#load();
  }

  /** Makes the replica's entries of other nodes match Redis's. */
  async #load(): Promise<void> {
    this.#loads++;
    try {
      await this.#loadAll();
    } finally {
      if (--this.#loads === 0) this.#gone.clear();
    }
  }

  async #loadAll(): Promise<void> {
    const { keys, redis } = this.#cluster!.internals;
    const since = this.#seq;
    const topics = await redis.commands.sendCommand<string[]>(['SMEMBERS', keys.presenceTopics]);
    const seen = new Set<string>();
    for (const topic of topics) {
      seen.add(topic);
      const snapshotAt = this.#seq;
      const table = await redis.commands.sendCommand<Record<string, string>>([
        'HGETALL',
        keys.presenceOf(topic),
      ]);
      const remote = new Map<string, Entry>();
      for (const [id, value] of Object.entries(table)) {
        if (!id.startsWith(`${this.#node} `)) remote.set(id, toEntry(Buffer.from(value, 'base64')));
      }
      this.#converge(topic, remote, snapshotAt);
    }
    for (const topic of [...this.#topics.keys()])
      if (!seen.has(topic)) this.#converge(topic, new Map(), since);
  }

  /**
   * Makes one topic's entries of other nodes match a snapshot of Redis taken when `snapshotAt`
   * messages had been applied. What a message changed after that is newer than the snapshot and
   * stays: an entry joined since is kept though the snapshot lacks it, and one that left since is
   * not brought back.
   */
  #converge(topic: string, remote: Map<string, Entry>, snapshotAt: number): void {
    const entries = this.#topics.get(topic) ?? new Map<string, Entry>();
    this.#topics.set(topic, entries);
    const joins: [string, Entry][] = [];
    const leaves: [string, Entry][] = [];
    for (const [id, entry] of entries) {
      if (id.startsWith(`${this.#node} `) || remote.has(id)) continue;
      if ((this.#stamps.get(id) ?? 0) <= snapshotAt) leaves.push([id, entry]);
    }
    for (const [id, entry] of remote) {
      if (!entries.has(id) && (this.#gone.get(id) ?? 0) <= snapshotAt) joins.push([id, entry]);
    }
    for (const [id] of leaves) {
      entries.delete(id);
      this.#stamps.delete(id);
    }
    for (const [id, entry] of joins) entries.set(id, entry);
    if (entries.size === 0) this.#topics.delete(topic);
    this.#diff(topic, joins, leaves);
  }
}

function toEntry(value: Buffer): Entry {
  const [key, meta, pid] = decode(value) as [string, Record<string, unknown>, Pid];
  return { key, meta, pid };
}

function group(entries: Iterable<[string, Entry]>): PresenceList {
  const list: PresenceList = {};
  for (const [id, entry] of entries) {
    const meta: PresenceMeta = { ...entry.meta, phx_ref: id };
    const slot = list[entry.key];
    if (slot === undefined) list[entry.key] = { metas: [meta] };
    else slot.metas.push(meta);
  }
  return list;
}
