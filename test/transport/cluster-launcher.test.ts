/**
 * startCluster with real processes: a primary and its node:cluster workers
 * (test/fixtures/cluster-app.ts), each worker a node of a private Redis.
 */
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { freshPage } from '../support/fresh-page.js';
import { type Launched as App, Launched } from '../support/launched.js';
import { LiveClient } from '../support/live-client.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';

const FIXTURE = 'test/fixtures/cluster-app.ts';
const nodeOfHtml = (html: string) => /<p id="node">([^<]*)<\/p>/.exec(html)?.[1];

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(() => redis?.stop());

async function launch(env: Record<string, string> = {}): Promise<{
  app: App;
  url: string;
  pids: number[];
}> {
  const app = Launched.start(FIXTURE, { REDIS_URL: redis.url, WORKERS: '2', ...env });
  const serving = await app.next((r) => r.msg === 'serving');
  return { app, url: serving.url as string, pids: serving.pids as number[] };
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * How many of the nodes Redis lists run in one of `pids` (a node's name ends in its OS pid).
 * The Redis serves the whole file: a worker SIGKILLed by an earlier test stays listed until
 * some node declares it down.
 */
async function liveNodes(pids: readonly number[]): Promise<number> {
  const client = createClient({ url: redis.url });
  onTestFinished(() => client.destroy());
  await client.connect();
  const nodes = await client.zRange('{liveactor}:nodes', 0, -1);
  return nodes.filter((node) => pids.includes(Number(/-(\d+)@/.exec(node)?.[1]))).length;
}

describe('startCluster', { timeout: 90_000 }, () => {
  it('serves one port from every worker, each a node; a page rendered by one joins on another', async () => {
    const { url, pids } = await launch();
    expect(new Set(pids).size).toBe(2);
    // The primary hands connections out in turn: a page and its socket, each on a connection of
    // its own, meet different workers within a few tries.
    const seen = new Set<string>();
    let crossed = false;
    for (let attempt = 0; attempt < 20 && !crossed; attempt++) {
      const page = await freshPage(url, '/room');
      const rendered = nodeOfHtml(page.html)!;
      const client = await LiveClient.connect(url);
      const view = await client.join(page);
      expect(view.reply.status).toBe('ok');
      const joined = view.rendered['0'] as string;
      seen.add(rendered).add(joined);
      crossed = joined !== rendered;
      client.ws.close();
    }
    expect(crossed).toBe(true);
    expect(seen.size).toBe(2);
    expect([...seen].map((node) => Number(/-(\d+)@/.exec(node)?.[1])).sort()).toEqual(
      [...pids].sort(),
    );
  });

  it('starts a worker again on the same port when one dies', async () => {
    const { app, url, pids } = await launch();
    const [victim, survivor] = pids as [number, number];
    process.kill(victim, 'SIGKILL');
    const died = await app.next((r) => r.msg === 'worker died: starting another');
    expect(died).toMatchObject({ pid: victim, signal: 'SIGKILL' });
    const listening = await app.next(
      (r) => r.msg === 'worker listening' && r.worker === died.worker && r.pid !== victim,
    );
    const replacement = listening.pid as number;
    expect([victim, survivor]).not.toContain(replacement);
    expect(isRunning(survivor)).toBe(true);
    // Served by both again: the replacement is a node too.
    const nodes = new Set<string>();
    for (let i = 0; i < 20 && !nodes.has(`${replacement}`); i++) {
      const node = nodeOfHtml((await freshPage(url, '/room')).html)!;
      nodes.add(/-(\d+)@/.exec(node)![1]!);
    }
    expect(nodes).toContain(`${replacement}`);
  });

  it('on SIGTERM every worker closes its clients with 1001 and leaves the cluster; the primary exits 0', async () => {
    const { app, url, pids } = await launch();
    const clients = await Promise.all([LiveClient.connect(url), LiveClient.connect(url)]);
    for (const client of clients) await client.join(await freshPage(url, '/room'));
    expect(await liveNodes(pids)).toBe(2);

    expect(await app.stop()).toEqual({ code: 0, signal: null });
    for (const client of clients) expect((await client.closed).code).toBe(1001);
    expect(pids.filter(isRunning)).toEqual([]);
    // Left at once, not declared down seconds later.
    expect(await liveNodes(pids)).toBe(0);
  });

  it('gives up when workers die faster than its restart limits allow: stops the rest and exits 1', async () => {
    const { app, pids } = await launch({ RESTART_INTENSITY: '0' });
    process.kill(pids[0]!, 'SIGKILL');
    expect(await app.exited).toEqual({ code: 1, signal: null });
    expect(pids.filter(isRunning)).toEqual([]);
    expect(
      app.records.some((r) => String(r.msg).startsWith('workers died more than 0 times')),
    ).toBe(true);
  });

  it('fails to start, with the URL, when Redis cannot be reached', async () => {
    const app = Launched.start(FIXTURE, { REDIS_URL: 'redis://127.0.0.1:1', WORKERS: '2' });
    const { code } = await app.exited;
    expect(code).toBe(1);
    const output = app.records.map((r) => JSON.stringify(r)).join('\n');
    expect(output).toContain('failed to start');
    expect(output).toContain('cannot reach Redis at redis://127.0.0.1:1');
  });
});
