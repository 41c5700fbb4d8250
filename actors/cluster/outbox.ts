/**
 * What this node sends to the inboxes of other nodes, batched per node: the messages posted to
 * one node while the current job runs (up to the next microtask checkpoint) travel as one
 * PUBLISH. A lone message goes as it is; several go in one frame,
 * `0x00 ([u32 length][message])*`, which no single message starts with (those are v8 bytes,
 * 0xFF, or a JSON array, `[`). Order per node is kept, and one publish instead of many is what
 * lets a node with many calls in flight use Redis the way a pipeline does.
 *
 * A publish is never awaited by the sender's process: `post` resolves false when Redis was
 * unreachable (the message is dropped: at most once), which a pending call turns into a
 * rejection.
 */
import type { ClusterKeys } from './keys.js';
import type { RedisClient } from './redis-connection.js';

/** First byte of a frame of several messages. @internal */
export const BATCH = 0x00;

interface Pending {
  readonly messages: Buffer[];
  readonly sent: Promise<boolean>;
  settle(sent: boolean): void;
}

/**
 * @example
 * const outbox = new Outbox(redis.commands, keys);
 * await outbox.post('web-2@Qx81mP', bytes); // true once Redis took it
 * @internal
 */
export class Outbox {
  readonly #client: RedisClient;
  readonly #keys: ClusterKeys;
  readonly #pending = new Map<string, Pending>();

  constructor(client: RedisClient, keys: ClusterKeys) {
    this.#client = client;
    this.#keys = keys;
  }

  /** Queues `message` for `node`; resolves whether Redis took it. */
  post(node: string, message: Buffer): Promise<boolean> {
    let pending = this.#pending.get(node);
    if (pending === undefined) {
      let settle!: (sent: boolean) => void;
      const sent = new Promise<boolean>((resolve) => {
        settle = resolve;
      });
      pending = { messages: [], sent, settle };
      this.#pending.set(node, pending);
      queueMicrotask(() => this.#flush(node));
    }
    pending.messages.push(message);
    return pending.sent;
  }

  #flush(node: string): void {
    const pending = this.#pending.get(node);
    if (pending === undefined) return;
    this.#pending.delete(node);
    const { messages } = pending;
    const payload = messages.length === 1 ? messages[0]! : frame(messages);
    this.#client.publish(this.#keys.inbox(node), payload).then(
      () => pending.settle(true),
      () => pending.settle(false),
    );
  }
}

function frame(messages: readonly Buffer[]): Buffer {
  let size = 1;
  for (const message of messages) size += 4 + message.length;
  const out = Buffer.allocUnsafe(size);
  out[0] = BATCH;
  let at = 1;
  for (const message of messages) {
    out.writeUInt32BE(message.length, at);
    message.copy(out, at + 4);
    at += 4 + message.length;
  }
  return out;
}

/**
 * Each message of what arrived on an inbox: the frame's messages, or the one message.
 *
 * @example
 * for (const message of unbatch(bytes)) inbox.receiveOne(message);
 * @internal
 */
export function* unbatch(bytes: Buffer): Generator<Buffer> {
  if (bytes[0] !== BATCH) {
    yield bytes;
    return;
  }
  let at = 1;
  while (at + 4 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    yield bytes.subarray(at + 4, at + 4 + length);
    at += 4 + length;
  }
}
