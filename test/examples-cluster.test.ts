/**
 * The examples app as two machines: two `npm run start:cluster` instances (examples/cluster.ts,
 * one worker each, on ports A and B) and one private Redis, driven by real WebSocket clients,
 * with the node that owns the reservations stock SIGKILLed in the middle of the sale.
 */
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { freshPage } from './support/fresh-page.js';
import { Launched } from './support/launched.js';
import { TEST_SECRET } from './support/live-client.js';
import { type RedisServer, startRedis } from './support/redis-server.js';
import { TicketBuyer } from './support/ticket-buyer.js';

const TICKETS = 300;
const BUYERS = 50;

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(() => redis?.stop());

/** One `npm run start:cluster` with one worker; its URL and its worker's OS pid. */
async function instance(): Promise<{ app: Launched; url: string; pid: number }> {
  const app = Launched.start('examples/cluster.ts', {
    REDIS_URL: redis.url,
    WORKERS: '1',
    PORT: '0',
    HOST: '127.0.0.1',
    SECRET: TEST_SECRET,
    TICKETS: String(TICKETS),
  });
  const serving = await app.next((r) => String(r.msg).startsWith('liveactor examples on '));
  const { pid } = await app.next((r) => r.msg === 'worker listening');
  return { app, url: /on (http:\S+)/.exec(String(serving.msg))![1]!, pid: pid as number };
}

/** Who holds the stock's lease now: the OS pid in its node's name, and the fencing token. */
async function stockLease(): Promise<{ pid: number; token: number }> {
  const client = createClient({ url: redis.url });
  onTestFinished(() => client.destroy());
  await client.connect();
  const lease = (await client.get('{liveactor}:lease:reservations')) ?? '';
  const [holder = '', token = ''] = lease.split(' ');
  return { pid: Number(/-(\d+)@/.exec(holder)?.[1]), token: Number(token) };
}

describe('the examples on two instances and one Redis', { timeout: 240_000 }, () => {
  it('sells the stock exactly once while the node that owns it is SIGKILLed and restarted', async () => {
    const a = await instance();
    // A page of A has asked the stock for its count: A runs it, as the only node so far.
    await freshPage(a.url, '/reservations');
    const b = await instance();
    const before = await stockLease();
    expect(before.pid).toBe(a.pid);

    const buyers: TicketBuyer[] = [];
    for (let i = 0; i < BUYERS; i += 10) {
      const batch = Array.from({ length: 10 }, (_, j) =>
        TicketBuyer.open((i + j) % 2 ? b.url : a.url),
      );
      buyers.push(...(await Promise.all(batch)));
    }

    // Everyone reserves as fast as the replies come until the tab shows the stock sold out; a
    // tab that lost its connection rejoins on B, as a load balancer would send it.
    let kill: Promise<void> | undefined;
    const sold = () => buyers.reduce((n, buyer) => n + buyer.sold, 0);
    const shop = async (buyer: TicketBuyer): Promise<void> => {
      while (buyer.left() !== 0) {
        if (!buyer.connected) {
          await buyer.join(b.url);
          continue;
        }
        await buyer.click().catch(() => 'closed meanwhile');
        if (kill === undefined && sold() >= 40) {
          kill = Promise.resolve().then(() => {
            process.kill(a.pid, 'SIGKILL');
          });
        }
      }
    };
    await Promise.all(buyers.map(shop));
    expect(kill).toBeDefined();

    // A's primary started its worker again; it joins the cluster and serves A's port.
    const restarted = await a.app.next((r) => r.msg === 'worker listening' && r.pid !== a.pid);
    const after = await stockLease();
    expect(after.pid).not.toBe(a.pid);
    expect(after.token).toBeGreaterThan(before.token);

    for (const buyer of buyers) {
      expect(buyer.anomalies).toEqual([]);
      // "Too late" is a fine answer; "did not answer in time" would be a failover too slow.
      expect(buyer.error() ?? '').not.toMatch(/did not answer/);
      // Every click got exactly one reply, except one whose connection died with its server.
      for (const ref of buyer.clicks) {
        expect(buyer.replies.get(ref) ?? 0).toBe(buyer.lost.includes(ref) ? 0 : 1);
      }
      expect(buyer.lost.length).toBeLessThanOrEqual(1);
      // What the stock recorded for this tab: every answered sale, plus the unanswered one if
      // it went through before its server died.
      expect(buyer.held() - buyer.sold).toBeGreaterThanOrEqual(0);
      expect(buyer.held() - buyer.sold).toBeLessThanOrEqual(buyer.lost.length);
      expect(buyer.left()).toBe(0);
    }
    // No sale lost, none doubled: the tickets the tabs hold are the stock, exactly.
    expect(buyers.reduce((n, buyer) => n + buyer.held(), 0)).toBe(TICKETS);
    expect(buyers.filter((buyer) => buyer.joins > 1).length).toBeGreaterThan(0);

    // Every view, new ones on either port included (A's served by its new worker), says so.
    expect(restarted.pid).not.toBe(a.pid);
    for (const url of [a.url, b.url]) {
      const late = await TicketBuyer.open(url);
      expect(late.left()).toBe(0);
      late.close();
    }
  });
});
