/**
 * `call` to a process of another node, on the caller's side: the calls waiting for a reply, each
 * settled exactly once by its reply, its timeout, or its node going down ('noconnection').
 */
import type { Clock } from '../clock.js';
import { CallTimeoutError, MessageNotCloneableError, ProcessExitedError } from '../errors.js';
import type { ExitReason } from '../exit-reason.js';
import type { Pid } from '../pid.js';
import { encode } from './codec.js';
import { CALL, EXITED, REPLIED, type Wire } from './wire.js';

interface Waiting {
  readonly to: Pid;
  readonly node: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  timer: unknown;
}

/**
 * @example
 * const calls = new RemoteCalls(wire, clock);
 * await calls.call(remotePid, 'get', 5_000);
 * @internal
 */
export class RemoteCalls {
  readonly #wire: Wire;
  readonly #clock: Clock;
  readonly #waiting = new Map<number, Waiting>();
  #ids = 0;

  constructor(wire: Wire, clock: Clock) {
    this.#wire = wire;
    this.#clock = clock;
  }

  call(to: Pid, node: string, msg: unknown, timeout: number): Promise<unknown> {
    if (!this.#wire.isUp(node)) return Promise.reject(new ProcessExitedError(to, 'noconnection'));
    const id = ++this.#ids;
    let message: Buffer;
    try {
      message = encode(to, [CALL, to, msg, this.#wire.nodeId, id]);
    } catch (error) {
      return Promise.reject(error);
    }
    const promise = new Promise((resolve, reject) => {
      const waiting: Waiting = { to, node, resolve, reject, timer: undefined };
      if (timeout !== Number.POSITIVE_INFINITY) {
        waiting.timer = this.#clock.setTimeout(
          () => this.#settle(id)?.reject(new CallTimeoutError(to, timeout)),
          timeout,
        );
      }
      this.#waiting.set(id, waiting);
    });
    void this.#wire.post(node, message).then((posted) => {
      if (!posted) this.#settle(id)?.reject(new ProcessExitedError(to, 'noconnection'));
    });
    return promise;
  }

  /** A REPLY arrived. */
  replied(id: number, status: number, value: unknown): void {
    const waiting = this.#settle(id);
    if (waiting === undefined) return;
    if (status === REPLIED) waiting.resolve(value);
    else if (status === EXITED)
      waiting.reject(new ProcessExitedError(waiting.to, value as ExitReason));
    else waiting.reject(new MessageNotCloneableError(`the reply of ${waiting.to}`));
  }

  /** Rejects every call to a process of `node`, which is down. */
  nodeDown(node: string): void {
    for (const [id, waiting] of this.#waiting) {
      if (waiting.node === node)
        this.#settle(id)?.reject(new ProcessExitedError(waiting.to, 'noconnection'));
    }
  }

  #settle(id: number): Waiting | undefined {
    const waiting = this.#waiting.get(id);
    if (waiting === undefined) return undefined;
    this.#waiting.delete(id);
    if (waiting.timer !== undefined) this.#clock.clearTimeout(waiting.timer);
    return waiting;
  }
}
