/**
 * The supervision example in-process, driven through its page: the Crash button kills the view,
 * its supervisor restarts it under the same page, the count in its assigns starts over while
 * the counter process's survives, and a second view alongside keeps its state.
 */
import { expect, it, onTestFinished } from 'vitest';
import { ActorSystem, PubSub } from '../actors/index.js';
import { supervision } from '../examples/supervision.js';
import { type LiveViewTest, mountLive } from '../views/testing/index.js';

const text = (lv: LiveViewTest, id: string) => lv.element(`#${id}`).text();
const counts = async (lv: LiveViewTest) => [await text(lv, 'mine'), await text(lv, 'kept')];
/** Presses one of the page's "Add 1" buttons `times` times. */
async function add(lv: LiveViewTest, which: 'mine' | 'kept', times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await lv.element(`#inc-${which}`).click();
}

it('restarts a crashed view in place: its own count resets, the process count and a neighbour survive', async () => {
  const system = new ActorSystem();
  onTestFinished(() => system.shutdown());
  const pubsub = new PubSub(system);
  await supervision.start?.({ system, pubsub });
  const view = supervision.routes[0]!.view;
  const page = await mountLive(view, { system, pubsub });
  const neighbour = await mountLive(view, { system, pubsub });
  expect(await text(page, 'restarts')).toBe('This view has restarted 0 times.');

  await add(page, 'mine', 2);
  await add(page, 'kept', 3);
  await add(neighbour, 'mine');
  expect(await counts(page)).toEqual(['2', '3']);

  const before = page.pid;
  await expect(page.element('#crash').click()).rejects.toMatchObject({ code: 'ERR_VIEW_CRASHED' });

  expect(await text(page, 'restarts')).toBe('This view has restarted 1 time.');
  expect(page.pid).not.toBe(before);
  expect(await counts(page)).toEqual(['0', '3']);
  // The restarted view works as before, and still hears the counter process.
  await add(page, 'mine');
  await add(neighbour, 'kept');
  expect(await counts(page)).toEqual(['1', '4']);

  expect(await text(neighbour, 'restarts')).toBe('This view has restarted 0 times.');
  expect(await counts(neighbour)).toEqual(['1', '4']);
});
