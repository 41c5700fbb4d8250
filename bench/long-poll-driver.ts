/**
 * The long-poll client of bench/long-poll.bench.ts: a second process on 127.0.0.1 that joins a
 * view over `/live/longpoll` as a browser's client does (PROTOCOL.md 1.5), then clicks. One poll
 * is always held (re-sent as soon as it is answered), frames go up one POST of ndjson at a time,
 * over keep-alive connections as a browser keeps them. Commands arrive over IPC, one at a time,
 * each answered with `{ result }` or `{ error }`:
 *
 * - `{ cmd: 'roundtrips', port, path, count }` -> click round trips per second on one session:
 *   a click event POSTed, its reply received in a poll (and the POST answered), then the next.
 * - `{ cmd: 'cpu' }` -> microseconds of CPU this driver has used so far (user + system).
 *
 * @example
 * const driver = new BenchChild('./long-poll-driver.ts', []);
 * const perSecond = await driver.ask({ cmd: 'roundtrips', port, path: '/counter', count: 2000 });
 */
import { Agent, type IncomingMessage, request } from 'node:http';
import { answerCommands, cpuMicros } from './bench-child.js';
import { csrfOf, getPage, joinPayload } from './live-page.js';

interface PollBody {
  readonly status: number;
  readonly token?: string;
  readonly messages?: readonly string[];
}

type Frame = readonly unknown[];

/** A poll held, a POST and a page load at once, each on a connection kept open. */
const agent = new Agent({ keepAlive: true, maxSockets: 4 });

function call(method: 'GET' | 'POST' | 'DELETE', url: string, body?: string): Promise<PollBody> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/x-ndjson' as const };
    const req = request(url, { method, agent, headers }, (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => {
        try {
          resolve(JSON.parse(text) as PollBody);
        } catch (error) {
          reject(error);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One long-poll session: frames out by POST, frames in from the poll always held. */
class Session {
  readonly #url: string;
  #token = '';
  #open = true;
  /** Rejects once polling failed, so a waiting round trip fails instead of hanging. */
  readonly failed: Promise<never>;
  #fail: (error: unknown) => void = () => {};
  onFrame: (frame: Frame) => void = () => {};

  private constructor(url: string) {
    this.#url = url;
    this.failed = new Promise<never>((_resolve, reject) => {
      this.#fail = reject;
    });
    this.failed.catch(() => {});
  }

  static async open(port: number, csrf: string): Promise<Session> {
    const query = `_csrf_token=${encodeURIComponent(csrf)}&vsn=2.0.0`;
    const session = new Session(`http://127.0.0.1:${port}/live/longpoll?${query}`);
    const first = await call('GET', session.#url);
    if (first.status !== 410 || first.token === undefined) {
      throw new Error(`long poll not opened: ${JSON.stringify(first)}`);
    }
    session.#token = first.token;
    void session.#poll();
    return session;
  }

  get #withToken(): string {
    return `${this.#url}&token=${encodeURIComponent(this.#token)}`;
  }

  async #poll(): Promise<void> {
    while (this.#open) {
      let body: PollBody;
      try {
        body = await call('GET', this.#withToken);
      } catch (error) {
        this.#fail(error);
        return;
      }
      if (body.status === 200) {
        for (const text of body.messages ?? []) this.onFrame(JSON.parse(text) as Frame);
      } else if (body.status !== 204) {
        if (this.#open) this.#fail(new Error(`poll answered ${body.status}`));
        return;
      }
    }
  }

  async send(frame: Frame): Promise<void> {
    const answer = await call('POST', this.#withToken, JSON.stringify(frame));
    if (answer.status !== 200) throw new Error(`POST answered ${answer.status}`);
  }

  /** Ends the session now (liveactor's DELETE), so its view stops before the next run. */
  async close(): Promise<void> {
    this.#open = false;
    await call('DELETE', this.#withToken);
  }
}

let ref = 0;

/** Resolves with the first frame `session` receives that `match` accepts. */
function frameWhere(session: Session, match: (frame: Frame) => boolean): Promise<Frame> {
  const received = new Promise<Frame>((resolve) => {
    session.onFrame = (frame) => {
      if (match(frame)) resolve(frame);
    };
  });
  return Promise.race([received, session.failed]);
}

async function roundTrips(port: number, path: string, count: number): Promise<number> {
  const url = `http://127.0.0.1:${port}${path}`;
  const page = await getPage(url, { agent });
  const { topic, payload } = joinPayload(url, page);
  const session = await Session.open(port, csrfOf(page));
  try {
    const joinRef = String(++ref);
    const joined = frameWhere(session, (f) => f[1] === joinRef);
    await session.send([joinRef, joinRef, topic, 'phx_join', payload]);
    const reply = (await joined)[4] as { status?: string };
    if (reply.status !== 'ok') throw new Error(`join refused: ${JSON.stringify(reply)}`);
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const r = String(++ref);
      const answered = frameWhere(session, (f) => f[1] === r);
      const click = { type: 'click', event: 'inc', value: { value: '' } };
      await Promise.all([session.send([joinRef, r, topic, 'event', click]), answered]);
    }
    return count / ((performance.now() - started) / 1000);
  } finally {
    await session.close();
  }
}

interface Command {
  readonly cmd: 'roundtrips' | 'cpu';
  readonly port?: number;
  readonly path?: string;
  readonly count?: number;
}

async function handle(msg: Command): Promise<number> {
  if (msg.cmd === 'roundtrips') return roundTrips(msg.port!, msg.path!, msg.count!);
  return cpuMicros();
}

answerCommands(handle);
