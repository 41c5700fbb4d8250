/**
 * The worker-thread PubSub adapter, on `node:worker_threads` BroadcastChannel.
 *
 * Every thread of the process that opens a BroadcastChannel of the same name (main thread, a
 * piscina task, a plain `new Worker`) receives what the others post on it, but never what it
 * posted itself, so a thread delivers its own broadcast once (locally, by PubSub) and the other
 * threads deliver theirs from the channel.
 *
 * Each post pays a fixed price on both sides (serialising, waking the receiving thread, one
 * event dispatch there: ~4 µs on an idle machine, far more under load), so what one tick publishes
 * goes out as one post: the first broadcast of a tick queues a microtask, later ones only append.
 * One post carries one envelope:
 *
 *   { liveactor: 'pubsub/1', entries: [['room:1', { text: 'hi' }, null], ['room:2', 7, '<pid>']] }
 *
 * each entry `[topic, message, from pid or null]`. A receiver ignores anything that is not such an
 * envelope, so the channel name may be shared with other code. A microtask, not setImmediate, so
 * that a piscina task's broadcasts leave before the task's result does (piscina may park an idle
 * worker with Atomics.wait, when a macrotask would not run).
 */
import { BroadcastChannel } from 'node:worker_threads';
import type { Pid } from './pid.js';
import { cloneForBroadcast, type PubSubAdapter, type PubSubDispatch } from './pubsub-adapter.js';

/**
 * The channel name used when none is given.
 *
 * @example
 * new BroadcastChannelAdapter(); // same as new BroadcastChannelAdapter({ channel: DEFAULT_PUBSUB_CHANNEL })
 */
export const DEFAULT_PUBSUB_CHANNEL = 'liveactor:pubsub';

const ENVELOPE_TAG = 'pubsub/1';

type Entry = [topic: string, msg: unknown, from: Pid | null];
interface Envelope {
  liveactor: typeof ENVELOPE_TAG;
  entries: Entry[];
}

function isEnvelope(data: unknown): data is Envelope {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as Partial<Envelope>).liveactor === ENVELOPE_TAG &&
    Array.isArray((data as Partial<Envelope>).entries)
  );
}

/**
 * Collects the entries of one tick and posts them as one envelope. The channel is unref'd: an
 * open channel never keeps a process or a worker alive.
 */
class BatchedPoster {
  readonly channel: BroadcastChannel;
  #pending: Entry[] = [];
  #closed = false;

  constructor(name: string) {
    this.channel = new BroadcastChannel(name);
    this.channel.unref();
  }

  push(entry: Entry): void {
    if (this.#closed) throw new TypeError(`BroadcastChannel '${this.channel.name}' is closed`);
    if (this.#pending.length === 0) queueMicrotask(this.flush);
    this.#pending.push(entry);
  }

  readonly flush = (): void => {
    if (this.#pending.length === 0) return;
    const envelope: Envelope = { liveactor: ENVELOPE_TAG, entries: this.#pending };
    this.#pending = [];
    // Every entry is a structured clone already, so postMessage cannot throw DataCloneError here.
    this.channel.postMessage(envelope);
  };

  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
    this.channel.close();
  }
}

/**
 * Options of {@link BroadcastChannelAdapter} and {@link workerBroadcast}.
 *
 * @example
 * const adapter = new BroadcastChannelAdapter({ channel: 'tenant-42' }); // isolates this app's broadcasts
 */
export interface BroadcastChannelOptions {
  /** BroadcastChannel name; PubSubs on the same name share broadcasts. Default `'liveactor:pubsub'`. */
  channel?: string | undefined;
}

/**
 * PubSub adapter that shares broadcasts between all threads of this process: a broadcast in the
 * main thread reaches subscribers in worker threads and the other way round. Messages are
 * cloned at `broadcast` (a snapshot: later mutation is not seen), batched per tick, and posted.
 *
 * @example
 * const pubsub = new PubSub(system, { adapter: new BroadcastChannelAdapter() });
 * pubsub.subscribe(view, 'jobs');
 * // in a piscina task: workerBroadcast('jobs', { done: 42 })  ->  view's handleInfo gets { done: 42 }
 */
export class BroadcastChannelAdapter implements PubSubAdapter {
  readonly #name: string;
  #poster: BatchedPoster | undefined;

  constructor(opts: BroadcastChannelOptions = {}) {
    this.#name = opts.channel ?? DEFAULT_PUBSUB_CHANNEL;
  }

  start(dispatch: PubSubDispatch): void {
    if (this.#poster !== undefined)
      throw new TypeError(
        'BroadcastChannelAdapter: already started; give each PubSub its own adapter',
      );
    const poster = new BatchedPoster(this.#name);
    poster.channel.onmessage = (event) => {
      const data: unknown = event.data;
      if (!isEnvelope(data)) return;
      for (const [topic, msg, from] of data.entries) dispatch(topic, msg, from ?? undefined);
    };
    this.#poster = poster;
  }

  publish(topic: string, msg: unknown, from: Pid | undefined): void {
    if (this.#poster === undefined)
      throw new TypeError('BroadcastChannelAdapter: publish before start');
    this.#poster.push([topic, cloneForBroadcast(topic, msg), from ?? null]);
  }

  close(): void {
    this.#poster?.close();
  }
}

// A worker thread (a piscina task) has no ActorSystem to hang state on, so the publishers of
// workerBroadcast live here, one per channel name and thread, unref'd, for the thread's lifetime.
const threadPublishers = new Map<string, BatchedPoster>();

/**
 * Broadcasts to the PubSubs of every thread that use a {@link BroadcastChannelAdapter} on the
 * same channel, without an ActorSystem: meant for piscina tasks and plain worker threads.
 * Throws MessageNotCloneableError (code `ERR_NOT_CLONEABLE`) at once if `msg` cannot be cloned.
 * Broadcasts of one tick leave in one post, before the task's result.
 *
 * @example
 * // tasks/resize.ts, run with system.runTask(pid, { filename: new URL('./tasks/resize.ts', import.meta.url) }, job)
 * import { workerBroadcast } from 'liveactor/actors';
 * export default async function resize(job: { id: string }) {
 *   workerBroadcast('jobs', { type: 'progress', id: job.id, percent: 50 });
 *   return { id: job.id };
 * }
 */
export function workerBroadcast(
  topic: string,
  msg: unknown,
  opts: BroadcastChannelOptions = {},
): void {
  const name = opts.channel ?? DEFAULT_PUBSUB_CHANNEL;
  let poster = threadPublishers.get(name);
  if (poster === undefined) {
    poster = new BatchedPoster(name);
    threadPublishers.set(name, poster);
  }
  poster.push([topic, cloneForBroadcast(topic, msg), null]);
}
