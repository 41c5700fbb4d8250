/**
 * WebSocket compression (`createLiveServer({ compress: true })`, permessage-deflate) against no
 * compression, the default: what it saves on the wire and what it costs the server, on the two
 * frames that matter most.
 *
 * - the join of a 1,000-row table (its reply carries the whole first render): bytes the client's
 *   socket receives for the reply, and server CPU per join, counted over a fresh socket each
 *   (the WebSocket handshake, the join, the close), as a page load does it;
 * - a counter click (a reply of a few bytes) on one joined socket: bytes and server CPU per click;
 * - what each joined counter socket adds to the server's RSS, where compression's part (its
 *   zlib contexts) shows against a view that itself keeps little.
 *
 * Each server runs in a child process (bench/compression-server.ts), so its CPU time
 * (`process.cpuUsage`) is its own; the client here offers permessage-deflate as browsers do.
 * CPU figures are medians of several batches after a warm-up, "±" the spread
 * (max - min) / median. Run alone: `node --expose-gc --import tsx bench/compression.bench.ts`.
 *
 * @example
 * const rows = await run();
 */
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { BenchChild } from './bench-child.js';
import { type BenchRow, printTable } from './report.js';
import { formatRatio, type Sample, summarize } from './stats.js';

const RUNS = 5;
const JOINS = 20;
const CLICKS = 1_000;
const HELD_SOCKETS = 1_000;

type Setting = 'off' | 'on';

/** A page's container tokens, what a join sends. */
interface Page {
  readonly url: string;
  readonly topic: string;
  readonly session: string;
  readonly statics: string;
}

async function getPage(base: string, path: string): Promise<Page> {
  const html = await (await fetch(`${base}${path}`)).text();
  const match =
    /<div id="([^"]+)" data-phx-main data-phx-session="([^"]*)" data-phx-static="([^"]*)"/.exec(
      html,
    );
  if (match === null) throw new Error(`bench: no live container at ${path}`);
  return { url: `${base}${path}`, topic: `lv:${match[1]}`, session: match[2]!, statics: match[3]! };
}

/** One WebSocket joined to a page, counting the bytes its TCP socket received. */
class Peer {
  readonly ws: WebSocket;
  readonly #socket: Socket;
  #ref = 1;
  #waiting: ((frame: unknown[]) => void) | undefined;

  private constructor(ws: WebSocket, socket: Socket) {
    this.ws = ws;
    this.#socket = socket;
    ws.on('message', (data) => this.#waiting?.(JSON.parse(String(data)) as unknown[]));
  }

  static async open(base: string): Promise<Peer> {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/live/websocket?vsn=2.0.0`);
    // ws emits 'open' in the same tick as 'upgrade': listen for both before awaiting either.
    const [upgraded, opened] = [once(ws, 'upgrade'), once(ws, 'open')];
    const [res] = (await upgraded) as [IncomingMessage];
    await opened;
    return new Peer(ws, res.socket);
  }

  get bytesRead(): number {
    return this.#socket.bytesRead;
  }

  /** Sends a frame and resolves with the reply to it. */
  async request(topic: string, event: string, payload: object): Promise<unknown[]> {
    const ref = String(this.#ref++);
    const reply = new Promise<unknown[]>((resolve) => {
      this.#waiting = (frame) => {
        if (frame[1] === ref) resolve(frame);
      };
    });
    this.ws.send(JSON.stringify(['1', ref, topic, event, payload]));
    return reply;
  }

  join(page: Page): Promise<unknown[]> {
    return this.request(page.topic, 'phx_join', {
      url: page.url,
      params: { _mounts: 0 },
      session: page.session,
      static: page.statics,
    });
  }

  async close(): Promise<void> {
    const closed = once(this.ws, 'close');
    this.ws.close();
    await closed;
  }
}

interface Figures {
  readonly joinBytes: number;
  readonly joinCpuUs: Sample;
  readonly clickBytes: number;
  readonly clickCpuUs: Sample;
  readonly rssPerSocket: number;
}

async function measure(setting: Setting): Promise<Figures> {
  const server = new BenchChild('./compression-server.ts', [setting]);
  try {
    const { port } = await server.first<{ port: number }>();
    const base = `http://127.0.0.1:${port}`;
    const rows = await getPage(base, '/rows');
    let joinBytes = 0;
    const oneJoin = async () => {
      const peer = await Peer.open(base);
      const before = peer.bytesRead;
      await peer.join(rows);
      joinBytes = peer.bytesRead - before;
      await peer.close();
    };
    for (let i = 0; i < 5; i++) await oneJoin();
    const joinCpu: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const cpu = await server.ask({ cmd: 'cpu' });
      for (let i = 0; i < JOINS; i++) await oneJoin();
      joinCpu.push(((await server.ask({ cmd: 'cpu' })) - cpu) / JOINS);
    }

    const counter = await getPage(base, '/counter');
    const peer = await Peer.open(base);
    await peer.join(counter);
    const click = () => peer.request(counter.topic, 'event', { type: 'click', event: 'inc' });
    for (let i = 0; i < 200; i++) await click();
    const clickCpu: number[] = [];
    let clickBytes = 0;
    for (let run = 0; run < RUNS; run++) {
      const [cpu, bytes] = [await server.ask({ cmd: 'cpu' }), peer.bytesRead];
      for (let i = 0; i < CLICKS; i++) await click();
      clickCpu.push(((await server.ask({ cmd: 'cpu' })) - cpu) / CLICKS);
      clickBytes = (peer.bytesRead - bytes) / CLICKS;
    }
    await peer.close();

    const rssBefore = await server.ask({ cmd: 'rss' });
    const held: Peer[] = [];
    for (let i = 0; i < HELD_SOCKETS; i++) {
      const p = await Peer.open(base);
      await p.join(counter);
      held.push(p);
    }
    const rssPerSocket = ((await server.ask({ cmd: 'rss' })) - rssBefore) / HELD_SOCKETS;
    await Promise.all(held.map((p) => p.close()));
    return {
      joinBytes,
      joinCpuUs: summarize(joinCpu),
      clickBytes,
      clickCpuUs: summarize(clickCpu),
      rssPerSocket,
    };
  } finally {
    await server.stop();
  }
}

/** Measures both settings and tabulates compression against none. */
export async function run(): Promise<BenchRow[]> {
  const off = await measure('off');
  const on = await measure('on');
  const bytes = (name: string, ours: number, baseline: number): BenchRow => ({
    name: `${name}, compress: true`,
    figure: `${formatBytes(ours)}`,
    baseline: `compress: false ${formatBytes(baseline)}`,
    ratio: formatRatio(ours, baseline),
    target: 'info',
    pass: true,
  });
  const cpu = (name: string, ours: Sample, baseline: Sample): BenchRow => ({
    name: `${name}, compress: true`,
    figure: `${ours.median.toFixed(0)} µs ±${ours.spreadPct.toFixed(0)}%`,
    baseline: `compress: false ${baseline.median.toFixed(0)} µs ±${baseline.spreadPct.toFixed(0)}%`,
    ratio: formatRatio(ours.median, baseline.median),
    target: 'info',
    pass: true,
  });
  return [
    bytes('1,000-row join: bytes received', on.joinBytes, off.joinBytes),
    cpu('1,000-row join: server CPU (connect, join, close)', on.joinCpuUs, off.joinCpuUs),
    bytes('counter click: bytes received per reply', on.clickBytes, off.clickBytes),
    cpu('counter click: server CPU per click', on.clickCpuUs, off.clickCpuUs),
    bytes('RSS per joined counter socket', on.rssPerSocket, off.rssPerSocket),
  ];
}

function formatBytes(n: number): string {
  return n >= 10_240 ? `${(n / 1024).toFixed(1)} KB` : `${n.toFixed(0)} B`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable('compression', await run());
}
