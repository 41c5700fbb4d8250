/**
 * A test client of the long-poll transport, speaking its HTTP shapes by hand: `get` and
 * `post` are one request each, and `LongPollClient.open` starts a session whose polls run on
 * their own, collecting frames that `take` awaits by what they are, never by time.
 */
import { onTestFinished } from 'vitest';
import { LONG_POLL_PATH } from '../../transport/index.js';
import { joinPayload, type Page, type RawFrame, type Reply } from './live-client.js';

/**
 * The JSON body of a long-poll answer.
 *
 * @example
 * const first: PollAnswer = await lpGet(url); // { status: 410, token: '...', messages: [] }
 */
export interface PollAnswer {
  readonly status: number;
  readonly token?: string;
  readonly messages?: readonly string[];
}

/** Request options: the query after `vsn=2.0.0` (or instead of it) and extra headers. */
export interface PollOptions {
  readonly token?: string | undefined;
  readonly query?: string | undefined;
  readonly headers?: Record<string, string> | undefined;
  readonly signal?: AbortSignal | undefined;
}

function pollUrl(base: string, opts: PollOptions): string {
  const query = opts.query ?? 'vsn=2.0.0';
  const token = opts.token === undefined ? '' : `&token=${encodeURIComponent(opts.token)}`;
  return `${base}${LONG_POLL_PATH}?${query}${token}`;
}

/**
 * One GET of the long-poll path; resolves with its HTTP status, headers and JSON body.
 *
 * @example
 * const { body } = await lpGet(url); // body.status === 410: a session, body.token its token
 */
export async function lpGet(
  base: string,
  opts: PollOptions = {},
): Promise<{ readonly http: number; readonly headers: Headers; readonly body: PollAnswer }> {
  const res = await fetch(pollUrl(base, opts), {
    headers: { accept: 'application/json', ...opts.headers },
    signal: opts.signal ?? null,
  });
  return { http: res.status, headers: res.headers, body: (await res.json()) as PollAnswer };
}

/**
 * One POST of `lines` (joined by newlines, as the official client's batch).
 *
 * @example
 * await lpPost(url, token, [JSON.stringify([null, '1', 'phoenix', 'heartbeat', {}])]);
 */
export async function lpPost(
  base: string,
  token: string,
  lines: readonly (string | Buffer)[],
  opts: PollOptions & { readonly contentType?: string } = {},
): Promise<PollAnswer> {
  const body = lines.map((l) => (typeof l === 'string' ? l : l.toString('base64'))).join('\n');
  const res = await fetch(pollUrl(base, { ...opts, token }), {
    method: 'POST',
    headers: { 'content-type': opts.contentType ?? 'application/x-ndjson', ...opts.headers },
    body,
  });
  return (await res.json()) as PollAnswer;
}

interface Waiter {
  readonly match: (frame: RawFrame) => boolean;
  readonly resolve: (frame: RawFrame) => void;
  readonly reject: (error: Error) => void;
}

/**
 * A long-poll session that polls on its own until it is gone (410) or the test ends.
 *
 * @example
 * const client = await LongPollClient.open(url);
 * const reply = await client.join(await getPage(url, '/counter'));
 */
export class LongPollClient {
  readonly base: string;
  readonly token: string;
  /** Every frame received, in order. */
  readonly received: RawFrame[] = [];
  /** Settles with the status that ended the polling (410 once the session is gone). */
  readonly ended: Promise<number>;
  readonly #frames: RawFrame[] = [];
  readonly #waiters: Waiter[] = [];
  readonly #abort = new AbortController();
  #ref = 0;
  #polling = true;

  private constructor(base: string, token: string, poll: boolean) {
    this.base = base;
    this.token = token;
    this.ended = poll ? this.#loop() : Promise.resolve(0);
    onTestFinished(() => this.stop());
  }

  /**
   * Opens a session on the server at `base` (`headers` go with the opening request only);
   * `poll: false` leaves the polling to the test.
   */
  static async open(
    base: string,
    opts: {
      readonly poll?: boolean;
      readonly query?: string;
      readonly headers?: Record<string, string>;
    } = {},
  ): Promise<LongPollClient> {
    const { body } = await lpGet(base, { query: opts.query, headers: opts.headers });
    if (body.status !== 410 || body.token === undefined) {
      throw new Error(`long poll: no session (${JSON.stringify(body)})`);
    }
    return new LongPollClient(base, body.token, opts.poll ?? true);
  }

  /** Stops polling (an open poll is aborted). */
  stop(): void {
    this.#polling = false;
    this.#abort.abort();
  }

  nextRef(): string {
    this.#ref += 1;
    return String(this.#ref);
  }

  /** POSTs frames in one batch. */
  send(...frames: RawFrame[]): Promise<PollAnswer> {
    return lpPost(
      this.base,
      this.token,
      frames.map((f) => JSON.stringify(f)),
    );
  }

  /** Resolves with the first received frame (kept or future) that `match` accepts. */
  take(match: (frame: RawFrame) => boolean): Promise<RawFrame> {
    const at = this.#frames.findIndex(match);
    if (at >= 0) return Promise.resolve(this.#frames.splice(at, 1)[0] as RawFrame);
    return new Promise((resolve, reject) => this.#waiters.push({ match, resolve, reject }));
  }

  /** Sends a frame with a fresh ref and resolves with its reply. */
  async request(
    topic: string,
    event: string,
    payload: Record<string, unknown>,
    joinRef: string | null = null,
  ): Promise<Reply> {
    const ref = this.nextRef();
    const replied = this.take((f) => f[3] === 'phx_reply' && f[1] === ref);
    const posted = await this.send([joinRef, ref, topic, event, payload]);
    if (posted.status !== 200) throw new Error(`long poll: POST answered ${posted.status}`);
    return (await replied)[4] as unknown as Reply;
  }

  /** Joins a page's container; resolves with the join ref and the reply. */
  async join(page: Page): Promise<{ readonly joinRef: string; readonly reply: Reply }> {
    const joinRef = String(this.#ref + 1);
    const reply = await this.request(page.topic, 'phx_join', joinPayload(page), joinRef);
    return { joinRef, reply };
  }

  async #loop(): Promise<number> {
    while (this.#polling) {
      let body: PollAnswer;
      try {
        ({ body } = await lpGet(this.base, { token: this.token, signal: this.#abort.signal }));
      } catch (error) {
        this.#fail(error instanceof Error ? error : new Error(String(error)));
        return 0;
      }
      for (const text of body.messages ?? []) this.#receive(JSON.parse(text) as RawFrame);
      if (body.status !== 200 && body.status !== 204) {
        this.#fail(new Error(`long poll: session ended with ${body.status}`));
        return body.status;
      }
    }
    return 0;
  }

  #receive(frame: RawFrame): void {
    this.received.push(frame);
    const at = this.#waiters.findIndex((w) => w.match(frame));
    if (at < 0) this.#frames.push(frame);
    else this.#waiters.splice(at, 1)[0]?.resolve(frame);
  }

  #fail(error: Error): void {
    this.#polling = false;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
  }
}
