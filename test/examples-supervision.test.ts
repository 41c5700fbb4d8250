/**
 * The supervision example in-process: the Crash button kills the view, its supervisor restarts
 * it under the same page, the count in its assigns starts over while the counter process's
 * survives, and a second view alongside keeps its state.
 */
import { expect, it, onTestFinished } from 'vitest';
import { ActorSystem, PubSub } from '../actors/index.js';
import { supervision } from '../examples/supervision.js';
import { mountLive } from '../views/testing/index.js';

const text = (page: string, id: string) =>
  new RegExp(`id="${id}">([^<]*)<`).exec(page)?.[1] ?? `no #${id}`;

it('restarts a crashed view in place: its own count resets, the process count and a neighbour survive', async () => {
  const system = new ActorSystem();
  onTestFinished(() => system.shutdown());
  const pubsub = new PubSub(system);
  await supervision.start?.({ system, pubsub });
  const view = supervision.routes[0]!.view;
  const page = await mountLive(view, { system, pubsub });
  const neighbour = await mountLive(view, { system, pubsub });
  expect(text(page.html(), 'restarts')).toBe('This view has restarted 0 times.');

  await page.event('mine');
  await page.event('mine');
  await page.event('kept');
  await page.event('kept');
  await page.event('kept');
  await neighbour.event('mine');
  expect([text(page.html(), 'mine'), text(page.html(), 'kept')]).toEqual(['2', '3']);

  const before = page.pid;
  await expect(page.event('crash')).rejects.toMatchObject({ code: 'ERR_VIEW_CRASHED' });

  const after = await page.render();
  expect(page.pid).not.toBe(before);
  expect(text(after, 'restarts')).toBe('This view has restarted 1 time.');
  expect(text(after, 'mine')).toBe('0');
  expect(text(after, 'kept')).toBe('3');
  // The restarted view works as before, and still hears the counter process.
  await page.event('mine');
  await neighbour.event('kept');
  expect(text(await page.render(), 'mine')).toBe('1');
  expect(text(page.html(), 'kept')).toBe('4');

  const other = await neighbour.render();
  expect(text(other, 'restarts')).toBe('This view has restarted 0 times.');
  expect([text(other, 'mine'), text(other, 'kept')]).toEqual(['1', '4']);
});
