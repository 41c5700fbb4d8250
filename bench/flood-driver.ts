/**
 * The clients of the flood benchmark, one role per process (bench/flood.bench.ts forks two):
 *
 * - `{ cmd: 'flood', port, heartbeats, events }` -> opens a socket, joins `/counter`, stops
 *   reading, and writes `heartbeats` heartbeats then `events` click events (each with a ref of
 *   the longest kind a frame may carry, so each reply is as large as a client can make it).
 *   Then it reads again and answers with the close code, the replies it got and the bytes sent.
 * - `{ cmd: 'witness', port }` -> joins `/counter` and clicks every {@link CLICK_EVERY_MS} ms (a
 *   user's pace, well inside the rate limit), each after the reply to the last, until
 *   `{ cmd: 'stop' }`, which answers with every round trip in ms.
 *
 * Frames are written straight to the TCP socket, many to one buffer (zero mask key): a million
 * `ws.send` calls would measure the client.
 *
 * @example
 * const flooder = new BenchChild('./flood-driver.ts', []);
 * await flooder.ask({ cmd: 'flood', port, heartbeats: 1_000_000, events: 1_000_000 });
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { WebSocket } from 'ws';

interface Command {
  readonly cmd: 'flood' | 'witness' | 'stop';
  readonly port?: number;
  readonly heartbeats?: number;
  readonly events?: number;
}

interface Joined {
  readonly ws: WebSocket;
  readonly socket: Socket;
  readonly topic: string;
  readonly joinRef: string;
}

const REF = '7'.repeat(32);
const CHUNK = 50_000;
const CLICK_EVERY_MS = 10;

/** Opens a socket and joins the page at `path` with the page's own tokens. */
async function join(port: number, path: string): Promise<Joined> {
  const html = await (await fetch(`http://127.0.0.1:${port}${path}`)).text();
  const pick = (pattern: RegExp) => pattern.exec(html)?.[1] ?? '';
  const id = pick(/<div id="([^"]+)" data-phx-main/);
  const session = pick(/data-phx-session="([^"]*)"/);
  const staticToken = pick(/data-phx-static="([^"]*)"/);
  const csrf = pick(/<meta name="csrf-token" content="([^"]*)"/);
  let socket: Socket | undefined;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/live/websocket?vsn=2.0.0`, {
    createConnection: () => {
      socket = connect(port, '127.0.0.1');
      return socket;
    },
  });
  await once(ws, 'open');
  const topic = `lv:${id}`;
  const params = { _csrf_token: csrf, _mounts: 0 };
  const payload = { url: `http://127.0.0.1:${port}${path}`, params, session, static: staticToken };
  ws.send(JSON.stringify(['1', '1', topic, 'phx_join', payload]));
  const [data] = (await once(ws, 'message')) as [Buffer];
  const status = (
    JSON.parse(String(data)) as [unknown, unknown, unknown, unknown, { status: string }]
  )[4].status;
  if (status !== 'ok') throw new Error(`flood-driver: join answered ${String(data)}`);
  return { ws, socket: socket as Socket, topic, joinRef: '1' };
}

/** One client text frame: FIN, masked with key 0 (the payload goes as is). */
function clientFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const head =
    length < 126
      ? [0x81, 0x80 | length, 0, 0, 0, 0]
      : [0x81, 0x80 | 126, length >> 8, length & 0xff, 0, 0, 0, 0];
  return Buffer.concat([Buffer.from(head), Buffer.from(text)]);
}

async function writeAll(socket: Socket, frame: unknown[], count: number): Promise<number> {
  const encoded = clientFrame(JSON.stringify(frame));
  for (let sent = 0; sent < count; sent += CHUNK) {
    const chunk = Buffer.concat(Array(Math.min(CHUNK, count - sent)).fill(encoded));
    await new Promise<void>((resolve, reject) =>
      socket.write(chunk, (error) => (error ? reject(error) : resolve())),
    );
  }
  return encoded.length * count;
}

async function flood(port: number, heartbeats: number, events: number) {
  const { ws, socket, topic, joinRef } = await join(port, '/counter');
  let replies = 0;
  ws.on('message', () => {
    replies += 1;
  });
  const closed = once(ws, 'close') as Promise<[number, Buffer]>;
  socket.pause();
  const started = performance.now();
  const click = { type: 'click', event: 'inc', value: {} };
  const bytes =
    (await writeAll(socket, [null, REF, 'phoenix', 'heartbeat', {}], heartbeats)) +
    (await writeAll(socket, [joinRef, REF, topic, 'event', click], events));
  const ms = performance.now() - started;
  socket.resume();
  const [code] = await closed;
  return { code, replies, bytes, ms };
}

let witnessing: { stop: boolean; times: number[]; done: Promise<void> } | undefined;

async function witness(port: number): Promise<void> {
  const { ws, topic, joinRef } = await join(port, '/counter');
  const state = { stop: false, times: [] as number[], done: Promise.resolve() };
  const closed = once(ws, 'close').then(() => {
    throw new Error('flood-driver: the witness was disconnected');
  });
  closed.catch(() => {});
  state.done = (async () => {
    for (let ref = 2; !state.stop; ref += 1) {
      const started = performance.now();
      const answered = new Promise<void>((resolve) => {
        const onMessage = (data: Buffer) => {
          if ((JSON.parse(String(data)) as unknown[])[1] !== String(ref)) return;
          ws.off('message', onMessage);
          resolve();
        };
        ws.on('message', onMessage);
      });
      const click = { type: 'click', event: 'inc', value: {} };
      ws.send(JSON.stringify([joinRef, String(ref), topic, 'event', click]));
      await Promise.race([answered, closed]);
      state.times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, CLICK_EVERY_MS));
    }
    ws.close();
  })();
  witnessing = state;
}

process.on('message', (msg: Command) => {
  const answer = async () => {
    if (msg.cmd === 'flood') return flood(msg.port ?? 0, msg.heartbeats ?? 0, msg.events ?? 0);
    if (msg.cmd === 'witness') return witness(msg.port ?? 0);
    const state = witnessing;
    witnessing = undefined;
    if (state === undefined) return [];
    state.stop = true;
    await state.done;
    return state.times;
  };
  answer().then(
    (result) => process.send?.({ result: result ?? true }),
    (error: unknown) => process.send?.({ error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
