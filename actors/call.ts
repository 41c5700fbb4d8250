import type { From } from './behaviour.js';
import type { Clock } from './clock.js';
import { CallTimeoutError, ProcessExitedError } from './errors.js';
import type { ExitReason } from './exit-reason.js';
import type { Pid } from './pid.js';

/**
 * One `system.call` on its way: the message, the caller's promise, and its timeout. It is also
 * the `From` that `handleCall` receives, so a reply needs no lookup. Exactly one of reply,
 * timeout, or the target's exit settles it; whatever comes after is dropped (a late reply after
 * a timeout, say).
 * @internal
 */
export class PendingCall implements From {
  readonly pid: Pid | undefined = undefined;
  readonly target: Pid;
  readonly msg: unknown;
  readonly promise: Promise<unknown>;
  /** Notified when the call settles, so a process that deferred it can forget it. */
  holder: { forget(call: PendingCall): void } | undefined = undefined;
  readonly #id: number;
  readonly #clock: Clock;
  #resolve!: (value: unknown) => void;
  #reject!: (error: unknown) => void;
  #timer: unknown;
  #settled = false;

  constructor(target: Pid, msg: unknown, timeout: number, clock: Clock, id: number) {
    this.target = target;
    this.msg = msg;
    this.#id = id;
    this.#clock = clock;
    this.promise = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    if (timeout !== Number.POSITIVE_INFINITY) {
      this.#timer = clock.setTimeout(() => {
        this.#timer = undefined;
        this.#settle()?.(new CallTimeoutError(target, timeout));
      }, timeout);
    }
  }

  get ref(): string {
    return `${this.target}#${this.#id}`;
  }

  /** Whether the caller already has its answer (reply, timeout or exit). */
  get settled(): boolean {
    return this.#settled;
  }

  /** Delivers the reply; false if the call had already settled. */
  reply(value: unknown): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#stopTimer();
    this.holder?.forget(this);
    this.#resolve(value);
    return true;
  }

  /** Rejects the call because the target exited (or never existed) with `reason`. */
  targetExited(reason: ExitReason): void {
    this.#settle()?.(new ProcessExitedError(this.target, reason));
  }

  #settle(): ((error: unknown) => void) | undefined {
    if (this.#settled) return undefined;
    this.#settled = true;
    this.#stopTimer();
    this.holder?.forget(this);
    return this.#reject;
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }
}
