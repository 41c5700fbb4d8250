/**
 * The sticky basket example in-process, on a clock the test moves: the page renders the basket
 * as a sticky nested view, which holds items, refuses a double hold and a fifth one, counts
 * each hold down in its own process, lets it run out, and releases on demand.
 */
import { expect, it, onTestFinished } from 'vitest';
import { ActorSystem, PubSub } from '../actors/index.js';
import { HOLD_MS, MAX_HOLDS, stickyBasket } from '../examples/sticky-basket.js';
import { mountLive } from '../views/testing/index.js';
import { ManualClock } from './support/manual-clock.js';

const text = (page: string, id: string) =>
  new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(page)?.[1] ?? `no #${id}`;

it('holds, refuses what it cannot hold, counts down in its own process and lets holds run out', async () => {
  const clock = new ManualClock(1_000_000);
  const system = new ActorSystem({ clock });
  onTestFinished(() => system.shutdown());
  const pubsub = new PubSub(system);
  const [concerts] = stickyBasket.routes;
  const page = await mountLive(concerts!.view, { system, pubsub });
  expect(page.deadHtml).toContain('data-phx-sticky');
  expect(page.deadHtml).toContain('Nothing held yet.');
  const basket = page.liveChild('basket');
  expect(basket.html()).toContain('id="basket-empty"');

  await basket.event('hold', { id: 'c1' });
  expect(text(basket.html(), 'basket-note')).toBe('Holding Night Lights Quartet for 5 minutes.');
  expect(basket.html()).toContain('<span class="hold-time">5:00 left</span>');
  expect(text(basket.html(), 'basket-total')).toBe('€35');

  await basket.event('hold', { id: 'c1' });
  expect(text(basket.html(), 'basket-note')).toBe('Night Lights Quartet is held already.');
  for (const id of ['c2', 'w1', 'w2']) await basket.event('hold', { id });
  await basket.event('hold', { id: 'w3' });
  expect(text(basket.html(), 'basket-note')).toBe(
    `You can hold ${MAX_HOLDS} at most: release one first.`,
  );
  await basket.event('release', { id: 'c2' });
  expect(text(basket.html(), 'basket-note')).toBe('Released Harbour Brass Band.');
  expect(text(basket.html(), 'basket-total')).toBe('€105');

  // The first tick falls due during the advance; the basket reads the clock when it runs.
  clock.advance(HOLD_MS - 1000);
  expect(await basket.render()).toContain('<span class="hold-time">0:01 left</span>');
  clock.advance(1000);
  const expired = await basket.render();
  expect(text(expired, 'basket-note')).toBe(
    'Your hold on Night Lights Quartet, Screen printing, and Sourdough basics ran out.',
  );
  expect(expired).toContain('id="basket-empty"');
  // An empty basket stops ticking.
  expect(clock.pending).toBe(0);
  // The page itself is the same process throughout.
  expect(page.html()).toContain('<h1>Sticky basket</h1>');
});
