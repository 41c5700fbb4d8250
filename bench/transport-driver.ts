/**
 * The client side of the transport benchmark: a second process on 127.0.0.1 that opens
 * WebSockets the way the official client does (GET the page, read the container's tokens, join
 * `lv:<id>`), then drives them. Commands arrive over IPC, one at a time, and each is answered
 * with `{ result }` or `{ error }`.
 *
 * - `{ cmd: 'roundtrips', kind, port, path, count }` -> round trips per second on one socket:
 *   a click event and its reply (`liveactor`), or a message of the same size and its echo (`ws`).
 * - `{ cmd: 'connect', kind, port, path, count }` -> opens (and joins) `count` sockets.
 * - `{ cmd: 'broadcast', kind, event? }` -> ms from one click on the first socket (`event`,
 *   default `bump`; plain `ws` gets the message `bump`) until every open socket got its diff.
 * - `{ cmd: 'close' }` -> closes every socket.
 *
 * For the cluster benchmark, where the sockets of several drivers reach several processes:
 *
 * - `connect` also takes `localAddress` (the source address of every connection: one source
 *   address reaches one port through ~28,000 ephemeral ports) and `pagesPer` (views joined per
 *   page fetched: a page's tokens are stateless, so many views may join one page).
 * - `{ cmd: 'arm' }` -> from now, waits for the next diff on every socket.
 * - `{ cmd: 'click', event }` -> clicks on the first socket; the time it was sent.
 * - `{ cmd: 'settled' }` -> the time the last armed socket got its diff.
 * - `{ cmd: 'throughput', event, ms }` -> every socket clicks, one click in flight each, for
 *   `ms`; clicks answered per second.
 * - `{ cmd: 'cpu' }` -> microseconds of CPU this driver has used so far (user + system), to
 *   tell what the clients cost from what the server does.
 *
 * Times are absolute (`performance.timeOrigin + performance.now()`, in ms), so drivers in
 * different processes of one machine compare.
 *
 * @example
 * const driver = fork('bench/transport-driver.ts', [], { execArgv: ['--import', 'tsx'] });
 */
import { once } from 'node:events';
import { WebSocket } from 'ws';
import { answerCommands, cpuMicros } from './bench-child.js';
import { csrfOf, getPage, joinPayload } from './live-page.js';

type Kind = 'liveactor' | 'ws';

interface Command {
  readonly cmd:
    | 'roundtrips'
    | 'connect'
    | 'broadcast'
    | 'close'
    | 'arm'
    | 'click'
    | 'settled'
    | 'throughput'
    | 'cpu';
  readonly kind?: Kind;
  readonly port?: number;
  readonly path?: string;
  readonly count?: number;
  /** The click `broadcast` sends; default `bump`. */
  readonly event?: string;
  readonly localAddress?: string;
  readonly pagesPer?: number;
  readonly ms?: number;
}

/** One open socket, joined to one view when it speaks the LiveView protocol. */
interface Peer {
  readonly ws: WebSocket;
  readonly topic: string;
  onFrame: (frame: unknown[]) => void;
}

const CONNECT_CONCURRENCY = 100;
let peers: Peer[] = [];
let ref = 0;

function frameOf(data: unknown): unknown[] {
  return JSON.parse(String(data)) as unknown[];
}

async function openPeer(
  kind: Kind,
  port: number,
  path: string,
  localAddress?: string,
  fetched?: string,
): Promise<Peer> {
  const base = `127.0.0.1:${port}`;
  const via = localAddress === undefined ? {} : { localAddress };
  if (kind === 'ws') {
    const ws = new WebSocket(`ws://${base}/`, via);
    await once(ws, 'open');
    const peer: Peer = { ws, topic: '', onFrame: () => {} };
    ws.on('message', (data) => peer.onFrame(frameOf(data)));
    return peer;
  }
  const page = fetched ?? (await getPage(`http://${base}${path}`, { localAddress }));
  const csrf = csrfOf(page);
  const ws = new WebSocket(
    `ws://${base}/live/websocket?_csrf_token=${encodeURIComponent(csrf)}&vsn=2.0.0`,
    via,
  );
  await once(ws, 'open');
  const { topic, payload } = joinPayload(`http://${base}${path}`, page);
  const peer: Peer = { ws, topic, onFrame: () => {} };
  ws.on('message', (data) => peer.onFrame(frameOf(data)));
  const joinRef = String(++ref);
  const joined = new Promise<void>((resolve, reject) => {
    peer.onFrame = (frame) => {
      if (frame[1] !== joinRef) return;
      const reply = frame[4] as { status: string };
      if (reply.status === 'ok') resolve();
      else reject(new Error(`join refused: ${JSON.stringify(reply)}`));
    };
  });
  ws.send(JSON.stringify([joinRef, joinRef, topic, 'phx_join', payload]));
  await joined;
  // Later frames of this channel carry the join ref; keep it for the pushes we send.
  (peer as { joinRef?: string }).joinRef = joinRef;
  return peer;
}

function joinRefOf(peer: Peer): string {
  return (peer as { joinRef?: string }).joinRef ?? '';
}

function clickFrame(peer: Peer, event: string): { text: string; ref: string } {
  const r = String(++ref);
  const text = JSON.stringify([
    joinRefOf(peer),
    r,
    peer.topic,
    'event',
    { type: 'click', event, value: { value: '' } },
  ]);
  return { text, ref: r };
}

async function roundTrips(kind: Kind, port: number, path: string, count: number): Promise<number> {
  const peer = await openPeer(kind, port, path);
  try {
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const { text, ref: r } = clickFrame(peer, 'inc');
      const answered = new Promise<void>((resolve) => {
        peer.onFrame = (frame) => {
          if (kind === 'ws' || frame[1] === r) resolve();
        };
      });
      peer.ws.send(text);
      await answered;
    }
    return count / ((performance.now() - started) / 1000);
  } finally {
    peer.ws.terminate();
  }
}

async function connect(msg: Command, kind: Kind): Promise<number> {
  const { port, path, count, localAddress } = msg as Required<Command>;
  const pagesPer = msg.pagesPer ?? 1;
  let page: string | undefined;
  for (let i = 0; i < count; i += CONNECT_CONCURRENCY) {
    const batch = Math.min(CONNECT_CONCURRENCY, count - i);
    const opening = Array.from({ length: batch }, async (_, j) => {
      if (pagesPer > 1 && kind === 'liveactor' && (i + j) % pagesPer === 0) page = undefined;
      if (pagesPer > 1 && kind === 'liveactor')
        page ??= await getPage(`http://127.0.0.1:${port}${path}`, { localAddress });
      return openPeer(kind, port, path, localAddress, page);
    });
    peers.push(...(await Promise.all(opening)));
  }
  return peers.length;
}

const now = () => performance.timeOrigin + performance.now();
let armed: Promise<number> | undefined;

/** From now, waits for the next diff on every socket; `settled` gives when the last came. */
function arm(): number {
  let waiting = peers.length;
  armed = new Promise<number>((resolve) => {
    for (const peer of peers) {
      let got = false;
      peer.onFrame = (frame) => {
        if (got || frame[3] !== 'diff') return;
        got = true;
        if (--waiting === 0) resolve(now());
      };
    }
  });
  return peers.length;
}

function click(event: string): number {
  const first = peers[0]!;
  first.ws.send(clickFrame(first, event).text);
  return now();
}

/** Clicks answered per second with every socket clicking, one click in flight each. */
async function throughput(event: string, ms: number): Promise<number> {
  let answered = 0;
  let running = true;
  const lanes = peers.map(
    (peer) =>
      new Promise<void>((resolve) => {
        const next = () => {
          if (!running) {
            resolve();
            return;
          }
          peer.ws.send(clickFrame(peer, event).text);
        };
        // The counter sends nothing but the replies to its clicks.
        peer.onFrame = () => {
          answered++;
          next();
        };
        next();
      }),
  );
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const counted = answered;
  const elapsed = performance.now() - started;
  running = false;
  await Promise.all(lanes);
  return counted / (elapsed / 1000);
}

/**
 * True for a frame that brings a peer the click's change: a `diff` push, or for the peer that
 * clicked, a reply with a diff (a view that renders the change as it answers, as the
 * reservations page does, gets no push for the broadcast that follows).
 */
function carriesDiff(frame: readonly unknown[], clicked: boolean): boolean {
  if (frame[3] === 'diff') return true;
  if (!clicked || frame[3] !== 'phx_reply') return false;
  const payload = frame[4] as { response?: { diff?: unknown } } | undefined;
  return payload?.response?.diff !== undefined;
}

async function broadcast(kind: Kind, event: string): Promise<number> {
  let waiting = peers.length;
  const first = peers[0]!;
  const everyone = new Promise<void>((resolve) => {
    for (const peer of peers) {
      let got = false;
      peer.onFrame = (frame) => {
        if (got || (kind === 'liveactor' && !carriesDiff(frame, peer === first))) return;
        got = true;
        if (--waiting === 0) resolve();
      };
    }
  });
  const started = performance.now();
  first.ws.send(kind === 'ws' ? 'bump' : clickFrame(first, event).text);
  await everyone;
  return performance.now() - started;
}

async function closeAll(): Promise<number> {
  const closing = peers.map((p) => {
    p.ws.terminate();
    return once(p.ws, 'close');
  });
  await Promise.all(closing);
  const n = peers.length;
  peers = [];
  return n;
}

async function handle(msg: Command): Promise<number> {
  const kind = msg.kind ?? 'liveactor';
  switch (msg.cmd) {
    case 'roundtrips':
      return roundTrips(kind, msg.port!, msg.path!, msg.count!);
    case 'connect':
      return connect(msg, kind);
    case 'arm':
      return arm();
    case 'click':
      return click(msg.event ?? 'bump');
    case 'settled':
      return armed ?? Promise.reject(new Error('settled: arm first'));
    case 'throughput':
      return throughput(msg.event ?? 'inc', msg.ms ?? 2_000);
    case 'broadcast':
      return broadcast(kind, msg.event ?? 'bump');
    case 'close':
      return closeAll();
    case 'cpu':
      return cpuMicros();
  }
}

answerCommands(handle);
