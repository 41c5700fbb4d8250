/**
 * A client that never reads and floods the server: its socket is closed with a documented code,
 * what the server buffered for it stays bounded, and a view on another connection answers
 * throughout. (What that costs in RSS and in the witness's round trips: bench/flood.bench.ts.)
 */
import { describe, expect, it } from 'vitest';
import {
  getPage,
  type JoinedView,
  LiveClient,
  type RawFrame,
  startLiveServer,
} from '../support/live-client.js';
import { counterView, echoView } from './fixtures.js';

const routes = [
  { path: '/counter', view: counterView() },
  { path: '/echo', view: echoView },
];
/** Frames sent between two clicks of the witness. */
const CHUNK = 50_000;
/** A ref as long as a frame may carry, so each reply is as large as a client can make it. */
const REF = '7'.repeat(32);

/** The witness: a counter on its own connection, clicked between chunks of the flood. */
async function witnessOn(url: string): Promise<{ click(): Promise<void> }> {
  const view = await (await LiveClient.connect(url)).join(await getPage(url, '/counter'));
  let count = 0;
  return {
    async click() {
      count += 1;
      expect(await view.push('inc')).toEqual({
        status: 'ok',
        response: { diff: { '0': String(count) } },
      });
    },
  };
}

/**
 * Sends `frame` `count` times in chunks, calling `between` after each chunk was handed to the
 * kernel. A chunk goes straight to the TCP socket, built in one buffer: a million `ws.send`
 * calls would cost the test more than the server costs.
 */
async function flood(
  client: LiveClient,
  count: number,
  frame: RawFrame,
  between: () => Promise<void>,
): Promise<void> {
  const encoded = clientFrame(JSON.stringify(frame));
  for (let start = 0; start < count; start += CHUNK) {
    const chunk = Buffer.concat(Array(Math.min(CHUNK, count - start)).fill(encoded));
    await new Promise<void>((resolve, reject) =>
      client.socket.write(chunk, (error) => (error ? reject(error) : resolve())),
    );
    await between();
  }
}

/** One WebSocket text frame as a client sends it: FIN, masked, key 0 (so the payload is as is). */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const length = payload.length;
  const head =
    length < 126
      ? Buffer.from([0x81, 0x80 | length, 0, 0, 0, 0])
      : Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff, 0, 0, 0, 0]);
  if (length > 0xffff) throw new Error('clientFrame: frames over 64 KiB are not needed here');
  return Buffer.concat([head, payload]);
}

/** Opens a socket whose client never reads (until the test looks at what it got). */
async function silentClient(url: string): Promise<LiveClient> {
  const client = await LiveClient.connect(url);
  client.socket.pause();
  return client;
}

/** Joins `path` on a socket whose client then stops reading. */
async function silentView(url: string, path: string): Promise<JoinedView> {
  const view = await (await LiveClient.connect(url)).join(await getPage(url, path));
  view.client.socket.pause();
  return view;
}

/** A server where only the output bound stops a flood: no rate limit, small buffers. */
function unlimitedServer() {
  return startLiveServer({
    routes,
    eventRate: false,
    highWaterBytes: 64 * 1024,
    maxBufferedBytes: 256 * 1024,
  });
}

/** An event frame for `view`, with the longest ref. */
function eventFor(view: JoinedView, payload: Record<string, unknown>): RawFrame {
  return [view.joinRef, REF, view.topic, 'event', payload];
}

const HEARTBEAT: RawFrame = [null, REF, 'phoenix', 'heartbeat', {}];

describe('a client that never reads and floods', () => {
  it('without a rate limit: 1,000,000 heartbeats then 1,000,000 events end in 1013, with a fraction of the replies', async () => {
    const { url } = await unlimitedServer();
    const witness = await witnessOn(url);
    const view = await silentView(url, '/counter');
    const { client } = view;
    await flood(client, 1_000_000, HEARTBEAT, witness.click);
    const click = eventFor(view, { type: 'click', event: 'inc', value: {} });
    await flood(client, 1_000_000, click, witness.click);
    client.socket.resume();
    expect((await client.closed).code).toBe(1013);
    // Before the bound every heartbeat was answered into an ever-growing buffer.
    const replies = client.received.filter((f) => f[3] === 'phx_reply').length;
    expect(replies).toBeLessThan(500_000);
    await witness.click();
  }, 120_000);

  it('with the default rate limit: closed 1008 as a flood long before the end', async () => {
    const { url } = await startLiveServer({ routes });
    const witness = await witnessOn(url);
    const client = await silentClient(url);
    await flood(client, 200_000, HEARTBEAT, witness.click);
    client.socket.resume();
    expect((await client.closed).code).toBe(1008);
    const replies = client.received.filter((f) => f[3] === 'phx_reply');
    const limited = replies.filter((f) => JSON.stringify(f[4]).includes('rate_limited'));
    // The bucket (300, and what refilled during the burst), 300 refused, then the close.
    expect(limited).toHaveLength(300);
    expect(replies.length).toBeLessThan(1_000);
    await witness.click();
  }, 60_000);

  it('with events its view answers in large replies: closed 1013 once they pile up unread', async () => {
    const { url } = await unlimitedServer();
    const witness = await witnessOn(url);
    const view = await silentView(url, '/echo');
    const { client } = view;
    const echo = eventFor(view, { type: 'hook', event: 'echo', value: { pad: 'x'.repeat(4096) } });
    await flood(client, 10_000, echo, witness.click);
    client.socket.resume();
    expect((await client.closed).code).toBe(1013);
    const replies = client.received.filter((f) => f[3] === 'phx_reply').length;
    expect(replies).toBeLessThan(10_000);
    await witness.click();
  }, 60_000);
});
