/**
 * Who a live connection is: what `getConnectInfo` tells its views (peer address, trusting
 * `X-Forwarded-For` only as far as `trustProxy` says, user agent, `x-` headers), over the
 * WebSocket, over long polling and in the dead render; and its socket id (`live_socket_id`),
 * which `disconnectSockets` closes, on this server and on another node of the same PubSub.
 */
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PubSub, RedisPubSubAdapter } from '../../actors/index.js';
import { createLiveServer } from '../../transport/server.js';
import { disconnectSockets, socketTopic } from '../../transport/socket-id.js';
import { getConnectInfo } from '../../views/connect-info.js';
import { defineLiveView } from '../../views/live-view.js';
import { escapeHtml } from '../../views/render/escape.js';
import { html } from '../../views/render/html.js';
import { localNode } from '../support/cluster-node.js';
import { getPage, LiveClient, startLiveServer, TEST_SECRET } from '../support/live-client.js';
import { LongPollClient } from '../support/long-poll-client.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';

const Whoami = defineLiveView<{ info: string }>({
  mount(_params, _session, socket) {
    const { peerAddress, peerPort, userAgent, xHeaders } = getConnectInfo(socket);
    const port = peerPort === undefined ? 'none' : 'some';
    socket.assign({ info: `${peerAddress}|${port}|${userAgent}|${JSON.stringify(xHeaders)}` });
  },
  render: (a) => html`<p id="info">${a.info}</p>`,
});

/** `sid=<id>` in the Cookie header names the connection `user-session:<id>`. */
function sessionOf(req: IncomingMessage): Record<string, unknown> {
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  return sid === undefined ? {} : { live_socket_id: `user-session:${sid}` };
}

const routes = [{ path: '/whoami', view: Whoami }];
const headers = {
  'user-agent': 'Probe/2.0',
  'x-forwarded-for': '198.51.100.1, 203.0.113.5',
  'x-request-id': 'abc',
};

/** The `info` a view joined with these request headers rendered. */
async function joinedInfo(url: string, transport: 'websocket' | 'longpoll'): Promise<string> {
  const page = await getPage(url, '/whoami');
  if (transport === 'websocket') {
    const client = await LiveClient.connect(url, { headers });
    return String((await client.join(page)).rendered['0']);
  }
  const client = await LongPollClient.open(url, { headers });
  const { reply } = await client.join(page);
  return String((reply.response.rendered as Record<string, unknown>)['0']);
}

// As rendered: escaped.
const xHeaders = escapeHtml(
  JSON.stringify({ 'x-forwarded-for': '198.51.100.1, 203.0.113.5', 'x-request-id': 'abc' }),
);

describe('getConnectInfo', () => {
  for (const transport of ['websocket', 'longpoll'] as const) {
    it(`over ${transport}: the socket's peer, whatever X-Forwarded-For says, unless told`, async () => {
      const { url } = await startLiveServer({ routes });
      expect(await joinedInfo(url, transport)).toBe(`127.0.0.1|some|Probe/2.0|${xHeaders}`);
    });

    it(`over ${transport}: behind one trusted proxy, the address it appended`, async () => {
      const { url } = await startLiveServer({ routes, trustProxy: true });
      expect(await joinedInfo(url, transport)).toBe(`203.0.113.5|none|Probe/2.0|${xHeaders}`);
    });
  }

  it('behind a chain of two proxies, the address the outer one saw', async () => {
    const { url } = await startLiveServer({ routes, trustProxy: 2 });
    expect(await joinedInfo(url, 'websocket')).toMatch(/^198\.51\.100\.1\|none\|/);
  });

  it('an entry that is no IP address leaves the peer in place', async () => {
    const { url } = await startLiveServer({ routes, trustProxy: true });
    const page = await getPage(url, '/whoami', { headers: { 'x-forwarded-for': 'evil<script>' } });
    expect(page.html).toContain('127.0.0.1|some|');
  });

  it('the dead render sees the page request the same way', async () => {
    const { url } = await startLiveServer({ routes, trustProxy: true });
    const page = await getPage(url, '/whoami', { headers });
    expect(page.html).toContain('203.0.113.5|none|Probe/2.0|');
  });

  it('refuses a trustProxy that is no count of proxies', () => {
    expect(() => createLiveServer({ routes, secret: TEST_SECRET, trustProxy: -1 })).toThrow(
      /trustProxy/,
    );
  });
});

describe('disconnectSockets', () => {
  it("closes (1000) every WebSocket of the session's live_socket_id, and no other", async () => {
    const { url, live } = await startLiveServer({ routes, session: sessionOf });
    const mine = await Promise.all(
      [1, 2].map(() => LiveClient.connect(url, { headers: { cookie: 'sid=a' } })),
    );
    const theirs = await LiveClient.connect(url, { headers: { cookie: 'sid=b' } });
    const anonymous = await LiveClient.connect(url);
    for (const client of [...mine, theirs, anonymous])
      await client.join(await getPage(url, '/whoami'));

    disconnectSockets(live.pubsub, 'user-session:a');
    for (const client of mine)
      expect(await client.closed).toEqual({ code: 1000, reason: 'disconnected' });
    expect((await theirs.heartbeat()).status).toBe('ok');
    expect((await anonymous.heartbeat()).status).toBe('ok');

    live.disconnectSockets('user-session:b');
    expect((await theirs.closed).code).toBe(1000);
  });

  it('ends a long-poll session of that id: its next poll gets 410', async () => {
    const { url, live } = await startLiveServer({ routes, session: sessionOf });
    const client = await LongPollClient.open(url, { headers: { cookie: 'sid=a' } });
    await client.join(await getPage(url, '/whoami'));
    live.disconnectSockets('user-session:a');
    expect(await client.ended).toBe(410);
  });

  it('refuses the upgrade (500, reported) when session(req) fails or names a bad id', async () => {
    const crashes: unknown[] = [];
    const failing = async () => {
      throw new Error('session store down');
    };
    const { url, live } = await startLiveServer({ routes, session: failing, logger: false });
    live.system.on('crash', (event) => crashes.push(event.error));
    await expect(LiveClient.connect(url)).rejects.toThrow(/500/);
    expect(crashes).toEqual([expect.objectContaining({ message: 'session store down' })]);
    const bad = await startLiveServer({
      routes,
      session: () => ({ live_socket_id: 42 }),
      logger: false,
    });
    await expect(LiveClient.connect(bad.url)).rejects.toThrow(/500/);
  });

  it('needs an id', () => {
    const pubsub = { broadcast: () => {} } as unknown as PubSub;
    expect(() => disconnectSockets(pubsub, '')).toThrow(TypeError);
  });
});

describe('disconnectSockets across nodes', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(() => redis.stop());

  async function node(name: string) {
    const system = await localNode(redis.url, name);
    const adapter = new RedisPubSubAdapter(system);
    const pubsub = new PubSub(system, { adapter });
    return { adapter, ...(await startLiveServer({ routes, session: sessionOf, system, pubsub })) };
  }

  it('a disconnect broadcast on one node closes the socket held by another', async () => {
    const [a, b] = [await node('a'), await node('b')];
    const client = await LiveClient.connect(b.url, { headers: { cookie: 'sid=x' } });
    await client.join(await getPage(b.url, '/whoami'));
    // The port subscribes as it starts; its node then subscribes on Redis.
    await client.heartbeat();
    await b.adapter.whenSubscribed(socketTopic('user-session:x'));
    a.live.disconnectSockets('user-session:x');
    expect(await client.closed).toEqual({ code: 1000, reason: 'disconnected' });
  });
});
