/**
 * createLiveServer({ cluster }): two servers of this process, each its own node on one private
 * Redis, as two machines behind a load balancer would be.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ActorSystem } from '../../actors/index.js';
import { createLiveServer, type LiveServer } from '../../transport/index.js';
import { defineLiveView, html } from '../../views/index.js';
import { FAST } from '../support/cluster-node.js';
import { getPage, LiveClient, TEST_SECRET } from '../support/live-client.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';

type Said = { readonly text: string };

/** Shows which node rendered it, and the last thing said in the room. */
const Room = defineLiveView<{ node: string; said: string }, Record<string, never>, Said>({
  mount(_params, _session, socket) {
    if (socket.connected) socket.subscribe('room');
    socket.assign({ node: socket.system.id, said: '' });
  },
  handleInfo({ text }, socket) {
    socket.assign({ said: text });
  },
  render: (a) => html`<p id="node">${a.node}</p><p id="said">${a.said}</p>`,
});

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(() => redis?.stop());

async function node(name: string): Promise<{ live: LiveServer; url: string }> {
  const live = createLiveServer({
    routes: [{ path: '/room', view: Room }],
    secret: TEST_SECRET,
    cluster: { redis: redis.url, name, ...FAST },
  });
  onTestFinished(() => live.close());
  const { url } = await live.listen();
  return { live, url };
}

describe('createLiveServer({ cluster })', () => {
  it('joins the cluster in listen, so a page rendered by one node joins on another', async () => {
    const a = await node('web-a');
    const b = await node('web-b');
    expect(a.live.system.cluster?.isJoined).toBe(true);
    // b read the live nodes from Redis as it joined.
    expect(b.live.system.cluster?.nodes()).toContain(a.live.system.id);

    const page = await getPage(a.url, '/room');
    expect(page.html).toContain(`<p id="node">${a.live.system.id}</p>`);
    // The session token is signed, not stored: node b verifies it with the shared secret alone.
    const view = await (await LiveClient.connect(b.url)).join(page);
    expect(view.reply.status).toBe('ok');
    expect(view.rendered['0']).toBe(b.live.system.id);
  });

  it("broadcasts through Redis: one broadcast reaches every node's views once", async () => {
    const a = await node('web-a');
    const b = await node('web-b');
    const onA = await (await LiveClient.connect(a.url)).join(await getPage(a.url, '/room'));
    const onB = await (await LiveClient.connect(b.url)).join(await getPage(b.url, '/room'));
    await b.live.pubsub.whenSubscribed('room');

    a.live.pubsub.broadcast('room', { text: 'hello' } satisfies Said);
    for (const view of [onA, onB]) {
      const [, , , , diff] = await view.nextPush('diff');
      expect(diff).toEqual({ '1': 'hello' });
    }
    b.live.pubsub.broadcast('room', { text: 'back' } satisfies Said);
    for (const view of [onA, onB])
      expect((await view.nextPush('diff'))[4]).toEqual({ '1': 'back' });
    // Exactly once each: nothing else arrived on either view.
    expect(onA.client.received.filter((f) => f[3] === 'diff')).toHaveLength(2);
    expect(onB.client.received.filter((f) => f[3] === 'diff')).toHaveLength(2);
  });

  it('rejects listen with the Redis URL when Redis is unreachable, and listens on nothing', async () => {
    const live = createLiveServer({
      routes: [{ path: '/room', view: Room }],
      secret: TEST_SECRET,
      cluster: { redis: 'redis://127.0.0.1:1', ...FAST },
    });
    onTestFinished(() => live.close());
    await expect(live.listen()).rejects.toMatchObject({
      code: 'ERR_CLUSTER_UNREACHABLE',
      message: expect.stringContaining('redis://127.0.0.1:1'),
    });
    // A later listen may try again (Redis may have come up meanwhile).
    await expect(live.listen()).rejects.toMatchObject({ code: 'ERR_CLUSTER_UNREACHABLE' });
  });

  it('refuses cluster beside a system of its own: the system is where the option goes', () => {
    const system = new ActorSystem();
    onTestFinished(() => system.shutdown());
    expect(() =>
      createLiveServer({
        routes: [],
        secret: TEST_SECRET,
        system,
        cluster: { redis: redis.url },
      }),
    ).toThrow(/with your own `system`, pass `cluster` to it/);
  });
});
