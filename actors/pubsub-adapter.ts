import { MessageNotCloneableError } from './errors.js';
import type { Pid } from './pid.js';

/**
 * Delivers a broadcast that came from elsewhere (another thread, another machine) to the
 * subscribers of this thread. `from` is the sending process of a `broadcastFrom`, which is skipped.
 *
 * @example
 * // inside an adapter's start(dispatch): a message arrived from the medium
 * socket.on('message', ({ topic, msg }) => dispatch(topic, msg, undefined));
 */
export type PubSubDispatch = (topic: string, msg: unknown, from: Pid | undefined) => void;

/**
 * The seam between {@link PubSub} and the medium that carries broadcasts beyond this thread.
 * PubSub always delivers to its own thread's subscribers itself; an adapter only moves messages
 * to the *other* PubSubs on the same medium and hands their broadcasts back through `dispatch`.
 * An adapter must never hand a thread its own broadcast back (that would deliver it twice).
 *
 * @example
 * // An adapter that keeps everything in this thread (what LocalAdapter does, minus the check):
 * const adapter: PubSubAdapter = { start() {}, publish() {}, close() {} };
 * const pubsub = new PubSub(system, { adapter });
 */
export interface PubSubAdapter {
  /** Called once, by the PubSub that owns the adapter, before any publish. */
  start(dispatch: PubSubDispatch): void;
  /**
   * Sends one broadcast to every other PubSub on the medium. Throws
   * {@link MessageNotCloneableError} before anything is sent if `msg` cannot cross a thread, so
   * that PubSub can refuse the broadcast before it delivers to anyone.
   */
  publish(topic: string, msg: unknown, from: Pid | undefined): void;
  /**
   * Optional: `topic` got its first subscriber in this PubSub. A medium that routes by topic
   * (Redis) subscribes here, so a node hears only the topics it has subscribers for.
   */
  subscribed?(topic: string): void;
  /** Optional: resolves once broadcasts from elsewhere on `topic` reach this PubSub. */
  whenSubscribed?(topic: string): Promise<void>;
  /** Optional: `topic` lost its last subscriber in this PubSub. */
  unsubscribed?(topic: string): void;
  /** Sends what is still pending, then releases the medium. Idempotent. */
  close(): void;
}

/**
 * Returns a structured clone of `msg`: a snapshot that may cross a thread, or throws
 * {@link MessageNotCloneableError} (with the `DataCloneError` as `cause`) for a function, a
 * symbol, or anything else `structuredClone` rejects. Costs one clone of `msg` (about 1 µs for a
 * small object), so call it once per broadcast, never per subscriber.
 *
 * @internal
 * @example
 * const snapshot = cloneForBroadcast('chat', { text: 'hi' });
 */
export function cloneForBroadcast(topic: string, msg: unknown): unknown {
  try {
    return structuredClone(msg);
  } catch (error) {
    throw new MessageNotCloneableError(topic, error);
  }
}
