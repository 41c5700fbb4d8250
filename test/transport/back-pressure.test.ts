import type { Socket } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLiveServer } from '../../transport/server.js';
import { getPage, LiveClient, TEST_SECRET } from '../support/live-client.js';
import { bigView } from './fixtures.js';
import { listenHttp } from './server-fixtures.js';

const HIGH_WATER = 64 * 1024;
const PAGE_BYTES = 32 * 1024;
const UPDATES = 400; // 400 x 32 KiB = 12.5 MiB, far beyond what the kernel's socket buffers hold

/** A live server on an http server of our own, so the test can see the server side's socket. */
async function serverWithSocketProbe() {
  const live = createLiveServer({
    routes: [{ path: '/big', view: bigView(PAGE_BYTES) }],
    secret: TEST_SECRET,
    highWaterBytes: HIGH_WATER,
  });
  onTestFinished(() => live.close());
  const sockets: Socket[] = [];
  const url = await listenHttp(live.handler, (req, socket, head) => {
    sockets.push(socket as Socket);
    live.upgrade(req, socket, head);
  });
  return { live, url, sockets };
}

describe('back-pressure', () => {
  it('keeps the buffer of a client that stops reading bounded, and sends it the latest state once it reads again', async () => {
    const { live, url, sockets } = await serverWithSocketProbe();
    const client = await LiveClient.connect(url);
    const view = await client.join(await getPage(url, '/big'));
    expect(view.reply.status).toBe('ok');
    const serverSocket = sockets[0] as Socket;

    client.socket.pause();
    let peak = 0;
    for (let n = 1; n <= UPDATES; n += 1) {
      live.pubsub.broadcast('big', { n });
      await live.system.idle();
      // A turn of the event loop, as a server gets between messages: writes report progress.
      await new Promise((resolve) => setImmediate(resolve));
      peak = Math.max(peak, serverSocket.writableLength);
    }
    // Everything sent while the client did not read is either in the kernel or in this buffer.
    expect(peak).toBeGreaterThan(HIGH_WATER);
    expect(peak).toBeLessThan(HIGH_WATER + 2 * PAGE_BYTES + 1024);

    client.socket.resume();
    const last = await view.client.take(
      (f) =>
        f[2] === view.topic &&
        f[3] === 'diff' &&
        (f[4] as { '0'?: string })['0'] === String(UPDATES),
    );
    expect(last[4]).toMatchObject({ '0': String(UPDATES) });
    const diffs = client.received.filter((f) => f[3] === 'diff');
    expect(diffs.length).toBeLessThan(UPDATES);
  });

  it('keeps serving the other connections meanwhile, up to their latest state', async () => {
    const { live, url } = await serverWithSocketProbe();
    const slow = await LiveClient.connect(url);
    await slow.join(await getPage(url, '/big'));
    const fast = await LiveClient.connect(url);
    const other = await fast.join(await getPage(url, '/big'));
    slow.socket.pause();
    for (let n = 1; n <= 200; n += 1) {
      live.pubsub.broadcast('big', { n });
      await live.system.idle();
    }
    const last = await other.client.take(
      (f) => f[3] === 'diff' && (f[4] as { '0'?: string })['0'] === '200',
    );
    expect(last[2]).toBe(other.topic);
    slow.socket.resume();
  });
});
