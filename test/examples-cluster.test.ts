/**
 * The examples app as two machines: two `npm run start:cluster` instances (examples/cluster.ts,
 * one worker each, on ports A and B) and one private Redis per test, driven by real WebSocket
 * clients: the node that owns the reservations stock SIGKILLed in the middle of the sale, and
 * the chat's online list across both, the box office and the activity log shared by both.
 */
import { createClient } from '@redis/client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { clusterInstance, privateRedis } from './support/cluster-instance.js';
import { freshPage } from './support/fresh-page.js';
import { LiveTab, textOf } from './support/live-tab.js';
import type { RedisServer } from './support/redis-server.js';

const TICKETS = 300;
const BUYERS = 50;

/** One instance selling `TICKETS`. */
const instance = (redis: RedisServer) => clusterInstance(redis, { TICKETS: String(TICKETS) });

/** Tickets left as a tab shows them (0 once sold out), and what it holds. */
const left = (tab: LiveTab) => {
  const text = textOf(tab.html(), 'left') ?? '';
  return text === 'Sold out' ? 0 : Number(/\d+/.exec(text)?.[0] ?? Number.NaN);
};
const held = (tab: LiveTab) => {
  const text = textOf(tab.html(), 'held') ?? '';
  return /no ticket/.test(text) ? 0 : Number(/\d+/.exec(text)?.[0] ?? Number.NaN);
};
const online = (tab: LiveTab) => Number(textOf(tab.html(), 'online'));

/** Who holds the stock's lease now: the OS pid in its node's name, and the fencing token. */
async function stockLease(redis: RedisServer): Promise<{ pid: number; token: number }> {
  const client = createClient({ url: redis.url });
  onTestFinished(() => client.destroy());
  await client.connect();
  const lease = (await client.get('{liveactor}:lease:reservations')) ?? '';
  const [holder = '', token = ''] = lease.split(' ');
  return { pid: Number(/-(\d+)@/.exec(holder)?.[1]), token: Number(token) };
}

describe('the examples on two instances and one Redis', { timeout: 240_000 }, () => {
  it('sells the stock exactly once while the node that owns it is SIGKILLed and restarted', async () => {
    const redis = await privateRedis();
    const a = await instance(redis);
    // A page of A has asked the stock for its count: A runs it, as the only node so far.
    await freshPage(a.url, '/reservations');
    const b = await instance(redis);
    const before = await stockLease(redis);
    expect(before.pid).toBe(a.pid);

    const buyers: LiveTab[] = [];
    for (let i = 0; i < BUYERS; i += 10) {
      const batch = Array.from({ length: 10 }, (_, j) =>
        LiveTab.open((i + j) % 2 ? b.url : a.url, '/reservations'),
      );
      buyers.push(...(await Promise.all(batch)));
    }

    // Everyone reserves as fast as the replies come until the tab shows the stock sold out; a
    // tab that lost its connection rejoins on B, as a load balancer would send it. A click sold
    // when its reply raised what the tab holds (by one: more would be a double sale).
    let kill: Promise<void> | undefined;
    const sold = new Map<LiveTab, number>(buyers.map((buyer) => [buyer, 0]));
    const raises: number[] = [];
    const total = () => [...sold.values()].reduce((a, b) => a + b, 0);
    const shop = async (buyer: LiveTab): Promise<void> => {
      while (left(buyer) !== 0) {
        if (!buyer.connected) {
          await buyer.join(b.url);
          continue;
        }
        const before = held(buyer);
        const outcome = await buyer.click('reserve').catch(() => 'closed meanwhile');
        if (outcome === 'replied' && held(buyer) !== before) {
          raises.push(held(buyer) - before);
          sold.set(buyer, sold.get(buyer)! + 1);
        }
        if (kill === undefined && total() >= 40) {
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
    const after = await stockLease(redis);
    expect(after.pid).not.toBe(a.pid);
    expect(after.token).toBeGreaterThan(before.token);

    expect(raises.every((raise) => raise === 1)).toBe(true);
    for (const buyer of buyers) {
      expect(buyer.anomalies).toEqual([]);
      // "Too late" is a fine answer; "did not answer in time" would be a failover too slow.
      expect(textOf(buyer.html(), 'flash-error') ?? '').not.toMatch(/did not answer/);
      // Every click got exactly one reply, except one whose connection died with its server.
      for (const ref of buyer.clicks) {
        expect(buyer.replies.get(ref) ?? 0).toBe(buyer.lost.includes(ref) ? 0 : 1);
      }
      expect(buyer.lost.length).toBeLessThanOrEqual(1);
      // What the stock recorded for this tab: every answered sale, plus the unanswered one if
      // it went through before its server died.
      expect(held(buyer) - sold.get(buyer)!).toBeGreaterThanOrEqual(0);
      expect(held(buyer) - sold.get(buyer)!).toBeLessThanOrEqual(buyer.lost.length);
      expect(left(buyer)).toBe(0);
    }
    // No sale lost, none doubled: the tickets the tabs hold are the stock, exactly.
    expect(buyers.reduce((n, buyer) => n + held(buyer), 0)).toBe(TICKETS);
    expect(buyers.filter((buyer) => buyer.joins > 1).length).toBeGreaterThan(0);

    // Every view, new ones on either port included (A's served by its new worker), says so.
    expect(restarted.pid).not.toBe(a.pid);
    for (const url of [a.url, b.url]) {
      const late = await LiveTab.open(url, '/reservations');
      expect(left(late)).toBe(0);
      late.close();
    }
  });

  it('shares the chat across both: messages and history, and a tab on B in the online list until it or B goes', async () => {
    const redis = await privateRedis();
    const [a, b] = await Promise.all([instance(redis), instance(redis)]);
    const mine = await LiveTab.open(a.url, '/chat');
    expect(online(mine)).toBe(1);

    const theirs = await LiveTab.open(b.url, '/chat');
    await mine.until((tab) => online(tab) === 2);
    expect(online(theirs)).toBe(2);
    // What is said on A reaches B, and stays in the history a tab opened later on B reads.
    expect(await mine.submit('send', { name: 'Ann', text: 'hello from A' })).toBe('replied');
    await theirs.until((tab) => tab.html().includes('hello from A'));
    const later = await LiveTab.open(b.url, '/chat');
    expect(later.html()).toContain('hello from A');
    await mine.until((tab) => online(tab) === 3);
    theirs.close();
    await mine.until((tab) => online(tab) === 2);

    // Two tabs on B again, then B dies without a word: A drops both once B is declared down.
    await LiveTab.open(b.url, '/chat');
    await mine.until((tab) => online(tab) === 3);
    process.kill(b.pid, 'SIGKILL');
    await mine.until((tab) => online(tab) === 1);
    expect(mine.anomalies).toEqual([]);
  });

  it('shares the box office and the activity log: a sale or a post on A shows on B', async () => {
    const redis = await privateRedis();
    const [a, b] = await Promise.all([instance(redis), instance(redis)]);
    // Concert 3 has one ticket: whichever node runs the box office, A's click sells it to B too.
    const row = (tab: LiveTab) => /id="concert-3"[\s\S]*?<\/li>/.exec(tab.html())?.[0] ?? '';
    const [buyer, watcher] = await Promise.all([
      LiveTab.open(a.url, '/events'),
      LiveTab.open(b.url, '/events'),
    ]);
    expect(row(watcher)).toContain('1 ticket left');
    expect(await buyer.click('reserve', { id: 3 })).toBe('replied');
    await Promise.all(
      [buyer, watcher].map((tab) => tab.until(() => row(tab).includes('Sold out'))),
    );
    // A tab opened on B now reads the sale from the one box office, not from a copy of B's own.
    expect(row(await LiveTab.open(b.url, '/events'))).toContain('Sold out');

    // One log for both: a post on A is an entry of the same id on B (the simulated team may
    // add entries meanwhile: their ids come from the same log too).
    const [poster, reader] = await Promise.all([
      LiveTab.open(a.url, '/activity'),
      LiveTab.open(b.url, '/activity'),
    ]);
    const posted = (tab: LiveTab) =>
      /<li id="entries-(\d+)"(?:(?!<\/li>)[\s\S])*posted “Shipped from A”/.exec(tab.html())?.[1];
    // Read as it arrives: the page keeps a stream's entries, the tab's rendered tree only the
    // last diff's.
    const arrived = async (tab: LiveTab) => {
      let id: string | undefined;
      await tab.until(() => {
        id = posted(tab);
        return id !== undefined;
      });
      return id;
    };
    const ids = Promise.all([arrived(poster), arrived(reader)]);
    expect(await poster.submit('post', { text: 'Shipped from A' })).toBe('replied');
    const [onA, onB] = await ids;
    expect(onB).toBe(onA);
    expect((await LiveTab.open(b.url, '/activity')).html()).toContain('posted “Shipped from A”');
    for (const tab of [buyer, watcher, poster, reader]) expect(tab.anomalies).toEqual([]);
  });
});
