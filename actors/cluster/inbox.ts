/**
 * A node's inbox: what other nodes ask of this node's processes, delivered as if it had been
 * asked here. A call is run as a local call with no timeout (the caller's node keeps the
 * timeout) and its outcome goes back as a REPLY; a reply that cannot be serialized comes back as
 * MessageNotCloneableError at the caller rather than being lost.
 */
import type { MonitorRef } from '../behaviour.js';
import { ProcessExitedError } from '../errors.js';
import type { ExitReason } from '../exit-reason.js';
import type { Logger } from '../logger.js';
import type { Pid } from '../pid.js';
import type { ActorSystem } from '../system.js';
import { decode, encode, portableReason } from './codec.js';
import { unbatch } from './outbox.js';
import type { RemoteCalls } from './remote-calls.js';
import type { RemoteWatches } from './remote-watches.js';
import {
  CALL,
  CAST,
  DEMONITOR,
  DOWN,
  EXIT,
  EXITED,
  LINK,
  MONITOR,
  REPLIED,
  REPLY,
  SEND,
  UNCLONEABLE,
  UNLINK,
  type Wire,
} from './wire.js';

/**
 * @example
 * channels.add(keys.inbox(nodeId), (buf) => inbox.receive(buf));
 * @internal
 */
export class Inbox {
  readonly #system: ActorSystem;
  readonly #wire: Wire;
  readonly #calls: RemoteCalls;
  readonly #watches: RemoteWatches;
  readonly #logger: Logger;

  constructor(
    system: ActorSystem,
    wire: Wire,
    calls: RemoteCalls,
    watches: RemoteWatches,
    logger: Logger,
  ) {
    this.#system = system;
    this.#wire = wire;
    this.#calls = calls;
    this.#watches = watches;
    this.#logger = logger;
  }

  /** What arrived on this node's inbox: one message, or a batch of them (outbox.ts). */
  readonly receive = (bytes: Buffer): void => {
    for (const one of unbatch(bytes)) this.#receiveOne(one);
  };

  #receiveOne(bytes: Buffer): void {
    let message: unknown[];
    try {
      message = decode(bytes) as unknown[];
    } catch (error) {
      this.#logger.warn({ err: error }, 'dropped an inbox message that does not decode');
      return;
    }
    const m = message as [number, ...unknown[]];
    switch (m[0]) {
      case SEND:
        this.#system.send(m[1] as Pid, m[2]);
        break;
      case CAST:
        this.#system.cast(m[1] as Pid, m[2]);
        break;
      case CALL:
        this.#answer(m[1] as Pid, m[2], m[3] as string, m[4] as number);
        break;
      case REPLY:
        this.#calls.replied(m[1] as number, m[2] as number, m[3]);
        break;
      case MONITOR:
        this.#watches.monitored(m[1] as Pid, m[2] as Pid, m[3] as MonitorRef);
        break;
      case DEMONITOR:
        this.#watches.demonitored(m[1] as Pid, m[2] as MonitorRef);
        break;
      case DOWN:
        this.#watches.downed(m[2] as MonitorRef, m[4] as ExitReason);
        break;
      case LINK:
        this.#watches.linked(m[1] as Pid, m[2] as Pid);
        break;
      case UNLINK:
        this.#watches.unlinked(m[1] as Pid, m[2] as Pid);
        break;
      case EXIT:
        this.#watches.signalled(m[1] as Pid, m[2] as Pid, m[3] as ExitReason, m[4] === true);
        break;
      default:
        this.#logger.warn({ kind: m[0] }, 'dropped an inbox message of an unknown kind');
    }
  }

  #answer(to: Pid, msg: unknown, node: string, id: number): void {
    const reply = (status: number, value: unknown): void => {
      let bytes: Buffer;
      try {
        bytes = encode(to, [REPLY, id, status, value]);
      } catch {
        bytes = encode(to, [REPLY, id, UNCLONEABLE, null]);
      }
      void this.#wire.post(node, bytes);
    };
    this.#system.call(to, msg, { timeout: Number.POSITIVE_INFINITY }).then(
      (value) => reply(REPLIED, value),
      (error: unknown) =>
        reply(
          EXITED,
          error instanceof ProcessExitedError ? portableReason(error.reason) : 'noproc',
        ),
    );
  }
}
