/**
 * The activity log example in-process: pages load by id, the page keeps at most 60 entries
 * (views/testing applies each render's stream limits as the browser does), live entries go on
 * top only while the page shows the top, and a post is checked before it reaches the log.
 */
import { expect, it, onTestFinished } from 'vitest';
import { ActorSystem, PubSub } from '../actors/index.js';
import { activity } from '../examples/activity.js';
import { mountLive } from '../views/testing/index.js';

/** The entry numbers the page shows, top to bottom. */
const shown = (page: string) => [...page.matchAll(/id="entries-(\d+)"/g)].map((m) => Number(m[1]));
const text = (page: string, id: string) =>
  new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(page)?.[1]?.trim() ?? `no #${id}`;
const range = (from: number, to: number) =>
  Array.from({ length: from - to + 1 }, (_, i) => from - i);

async function start() {
  const system = new ActorSystem();
  onTestFinished(() => system.shutdown());
  const pubsub = new PubSub(system);
  await activity.start?.({ system, pubsub, background: false });
  const view = activity.routes[0]!.view;
  return { open: () => mountLive(view, { system, pubsub }) };
}

it('pages down and back up by id, keeping at most 60 entries on the page', async () => {
  const log = await start();
  const page = await log.open();
  expect(shown(page.deadHtml)).toEqual(range(5000, 4981));
  expect(shown(page.html())).toEqual(range(5000, 4981));
  await page.event('older', { id: 'entries-4981' });
  expect(shown(page.html())).toEqual(range(5000, 4961));
  await page.event('older', { id: 'entries-4961' });
  await page.event('older', { id: 'entries-4941' });
  expect(shown(page.html())).toEqual(range(4980, 4921));
  expect(text(page.html(), 'showing')).toBe('Showing #4921 to #4980');
  await page.event('newer', { id: 'entries-4980' });
  expect(shown(page.html())).toEqual(range(5000, 4941));
  // An overrun (scrolled past what is loaded, upwards) goes back to the newest page.
  await page.event('older', { id: 'entries-4941' });
  await page.event('newer', { id: 'entries-4980', _overran: true });
  expect(shown(page.html())).toEqual(range(5000, 4981));
});

it('puts new entries on top of pages at the top, and counts them on the others', async () => {
  const log = await start();
  const top = await log.open();
  const below = await log.open();
  await below.event('older', {});
  await below.event('older', {});
  await below.event('older', {});
  await top.event('post', { text: '  Shipped it  ' });
  expect(shown(await top.render())[0]).toBe(5001);
  expect(top.html()).toContain('You</span>\n<span class="feed-what">posted “Shipped it”');
  expect(shown(top.html())).toHaveLength(21);
  const page = await below.render();
  expect(shown(page)).toEqual(range(4980, 4921));
  expect(text(page, 'latest')).toBe('1 new entry: show it');
  await below.event('latest', {});
  expect(shown(below.html())).toEqual(range(5001, 4982));
  expect(below.html()).not.toContain('id="latest"');
});

it('checks a post as it is typed and when sent, and empties the field after it', async () => {
  const log = await start();
  const page = await log.open();
  await page.event('post', { text: '   ' });
  expect(text(page.html(), 'post-error')).toBe('Write something first.');
  expect(page.html()).toContain('aria-invalid="true"');
  await page.event('draft', { text: 'x'.repeat(81) });
  expect(text(page.html(), 'post-error')).toBe('80 characters at most.');
  await page.event('post', { text: 'x'.repeat(81) });
  expect(shown(page.html())[0]).toBe(5000);
  await page.event('draft', { text: 'fine' });
  expect(text(page.html(), 'post-error')).toBe('');
  expect(page.html()).toContain('value="fine"');
  await page.event('post', { text: 'fine' });
  expect(page.html()).not.toContain('value="fine"');
  expect(shown(await page.render())[0]).toBe(5001);
});

it('drives the page as a user would: the buttons and the form, with the stream on the page', async () => {
  const log = await start();
  const page = await log.open();
  await page.element('#older').click();
  expect(await page.hasElement('#entries-4961')).toBe(true);
  await page.form('#post-form', { text: 'From a test' }).submit();
  expect(await page.hasElement('#entries > li:first-child', 'posted “From a test”')).toBe(true);
});
