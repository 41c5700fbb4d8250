/** A JSON object as it travels in a frame's payload or a reply's `response`. */
export type Payload = Readonly<Record<string, unknown>>;

/** How a push ended: the status of the server's reply, or `'timeout'` when no reply will come. */
export type PushStatus = 'ok' | 'error' | 'timeout';

/**
 * `value` if it is a JSON object (not an array, not null), else `undefined`.
 *
 * @internal
 */
export function asPayload(value: unknown): Payload | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Payload)
    : undefined;
}

/**
 * One message to the server that expects a reply, as handed out by `Channel.join`, `push` and
 * `leave`. It ends exactly once per send: with the reply's status, or `'timeout'`. The timeout
 * response is `{ reason }`: `'timeout'` when the timer ran out, `'errored'` or `'closed'` when
 * the channel went that way first and so no reply can come.
 *
 * A join push is sent again on every rejoin; its receivers stay and hear each attempt.
 *
 * @example
 * channel.push('event', { type: 'click', event: 'inc', value: {} })
 *   .receive('ok', (response) => patch(response.diff))
 *   .receive('timeout', () => showError());
 */
export class Push {
  #ref: string | null = null;
  #hooks: [PushStatus, (response: Payload) => void][] = [];
  #result: [PushStatus, Payload] | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending: Map<string, Push> | undefined;

  /** The ref of the frame last sent for this push (for a join: the channel's join ref). */
  get ref(): string | null {
    return this.#ref;
  }

  /** Calls `callback` when the push ends with `status`; at once if it already has. */
  receive(status: PushStatus, callback: (response: Payload) => void): this {
    if (this.#result?.[0] === status) callback(this.#result[1]);
    this.#hooks.push([status, callback]);
    return this;
  }

  /**
   * Waits for a reply under `ref`, listed in `pending` (where replies are looked up) until it
   * ends. Starting again forgets the previous attempt, whose late reply is then ignored.
   *
   * @internal
   */
  start(ref: string, pending: Map<string, Push>, timeout: number): void {
    this.#forget();
    this.#ref = ref;
    this.#result = undefined;
    this.#pending = pending;
    pending.set(ref, this);
    this.#timer = setTimeout(() => this.settle('timeout', { reason: 'timeout' }), timeout);
  }

  /** Ends the push, unless it already ended. @internal */
  settle(status: PushStatus, response: Payload): void {
    if (!this.#pending) return;
    this.#forget();
    this.#result = [status, response];
    for (const [s, callback] of [...this.#hooks]) if (s === status) callback(response);
  }

  /** True while the push waits for its reply. @internal */
  isPending(): boolean {
    return this.#pending !== undefined;
  }

  #forget(): void {
    clearTimeout(this.#timer);
    if (this.#ref !== null) this.#pending?.delete(this.#ref);
    this.#pending = undefined;
  }
}
