/**
 * Where WebSockets are blocked: the server refuses every upgrade with 403, as a proxy that blocks
 * them does, and both clients, given `longPollFallbackMs`, fall back to `/live/longpoll`. The
 * examples' supervision counter and chat, served to each client, then work as over a WebSocket:
 * clicks, a message reaching another tab, who is online, a crashed view restarted in place, and a
 * server restart that the page rejoins with what was typed. The server's request log shows the
 * way the traffic took: the upgrade tried and refused, then every action a long-poll POST.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { chat } from '../../examples/chat.js';
import { supervision } from '../../examples/supervision.js';
import {
  type ClientKind,
  describeClients,
  type E2eServer,
  markWindow,
  openPage,
  pageErrors,
  socketOptions,
  startServer,
  waitForJoin,
  waitForText,
  windowMarker,
} from './harness.js';

const EXAMPLES = [supervision, chat];
const UPGRADE = 'UPGRADE /live/websocket';
const POST = 'POST /live/longpoll';

/** The examples on a server that refuses WebSockets; their processes start with each run. */
function startBlocked(client: ClientKind): Promise<E2eServer> {
  return startServer(
    client,
    {
      routes: EXAMPLES.flatMap((example) => example.routes),
      async start(live) {
        for (const example of EXAMPLES) await example.start?.(live);
      },
    },
    { webSocket: false },
  );
}

/** Opens `path` with the fallback on, and checks the page got there by long polling. */
async function openPolling(server: E2eServer, path: string): Promise<Page> {
  const before = server.requests.length;
  const page = await openPage(server, path, {
    before: socketOptions(() => ({ longPollFallbackMs: 2500 })),
  });
  const since = server.requests.slice(before);
  expect(since).toContain(UPGRADE);
  expect(since).toContain(POST);
  return page;
}

const posts = (server: E2eServer) => server.requests.filter((r) => r === POST).length;

/** Runs `act` (an action and the wait for its result) and checks it went by long-poll POSTs. */
async function overLongPoll(server: E2eServer, act: () => Promise<void>): Promise<void> {
  const before = posts(server);
  await act();
  expect(posts(server)).toBeGreaterThan(before);
}

describeClients('long polling where WebSockets are blocked', (client) => {
  it('runs the supervision counter, and recovers a crashed view in place', async () => {
    const server = await startBlocked(client);
    const page = await openPolling(server, '/supervision');
    const marker = await markWindow(page);
    await overLongPoll(server, async () => {
      await page.click('#inc-mine');
      await waitForText(page, '#mine', '1');
    });
    await page.click('#inc-mine');
    await waitForText(page, '#mine', '2');
    await page.click('#inc-kept');
    await waitForText(page, '#kept', '1');

    await overLongPoll(server, async () => {
      await page.click('#crash');
      await waitForText(page, '#restarts', 'This view has restarted 1 time.');
    });
    await waitForJoin(page);
    expect(await page.textContent('#mine')).toBe('0');
    expect(await page.textContent('#kept')).toBe('1');
    expect(await windowMarker(page)).toBe(marker);
    await page.click('#inc-mine');
    await waitForText(page, '#mine', '1');
    expect(await page.locator('[data-phx-main].phx-error').count()).toBe(0);
    expect(server.requests.filter((r) => r === UPGRADE)).toHaveLength(1);
    expect(pageErrors(page)).toEqual([]);
  });

  it('runs the chat: a message reaches the other tab, and both see who is online', async () => {
    const server = await startBlocked(client);
    const ann = await openPolling(server, '/chat');
    const bob = await openPolling(server, '/chat');
    await waitForText(ann, '#online', '2');
    await waitForText(bob, '#online', '2');

    await ann.fill('#name', 'Ann');
    await ann.fill('#text', 'Hello over long polling');
    await overLongPoll(server, async () => {
      await ann.press('#text', 'Enter');
      await waitForText(bob, '#messages li:last-child', 'Ann: Hello over long polling');
    });
    await waitForText(ann, '#messages li:last-child', 'Ann: Hello over long polling');
    await bob.fill('#name', 'Bob');
    await bob.fill('#text', 'Loud and clear');
    await bob.press('#text', 'Enter');
    await waitForText(ann, '#messages li:last-child', 'Bob: Loud and clear');
    expect(pageErrors(ann)).toEqual([]);
    expect(pageErrors(bob)).toEqual([]);
  });

  it('rejoins after a server restart, still polling, with what was typed', async () => {
    const server = await startBlocked(client);
    const page = await openPolling(server, '/chat');
    const marker = await markWindow(page);
    const banner = page.locator('[data-phx-offline-banner]');
    await page.fill('#name', 'Ann');
    await page.fill('#text', 'half a thought');

    await server.stop();
    await page.locator('[data-phx-main].phx-error').waitFor({ state: 'attached' });
    await banner.waitFor({ state: 'visible' });
    const before = server.requests.length;
    await server.start();
    await waitForJoin(page);
    await banner.waitFor({ state: 'hidden' });
    expect(await page.inputValue('#name')).toBe('Ann');
    expect(await page.inputValue('#text')).toBe('half a thought');
    expect(await windowMarker(page)).toBe(marker);

    // The new server's room took the recovered form: sending needs nothing retyped.
    await page.press('#text', 'Enter');
    await waitForText(page, '#messages li:last-child', 'Ann: half a thought');
    const since = server.requests.slice(before);
    // A tab that fell back stays on long polling: the reconnect tried no WebSocket.
    expect(since).toContain(POST);
    expect(since).not.toContain(UPGRADE);
    expect(pageErrors(page)).toEqual([]);
  });
});
