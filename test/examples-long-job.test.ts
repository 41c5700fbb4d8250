/**
 * The long job example in-process, with its real task pool: a job moves the progress bar while
 * its worker thread counts and ends with the right count; a cancelled job says so, frees the
 * Count button, and its thread stops reporting.
 */
import { setTimeout as pause } from 'node:timers/promises';
import { expect, it, onTestFinished } from 'vitest';
import { ActorSystem, BroadcastChannelAdapter, PubSub } from '../actors/index.js';
import { longJob } from '../examples/long-job.js';
import { PROGRESS_CHANNEL, PROGRESS_TOPIC, type Progress } from '../examples/long-job-task.js';
import { type LiveViewTest, mountLive } from '../views/testing/index.js';

/** The example's view on its own system, with what its `start` sets up. */
async function mountLongJob(): Promise<{ lv: LiveViewTest; system: ActorSystem }> {
  const system = new ActorSystem();
  onTestFinished(() => system.shutdown());
  const pubsub = new PubSub(system);
  await longJob.start?.({ system, pubsub });
  const lv = await mountLive(longJob.routes[0]!.view, { system, pubsub });
  return { lv, system };
}

const bar = (page: string) => Number(/<progress [^>]*value="(\d+)"/.exec(page)?.[1]);
const status = (page: string) => /<p id="status"[^>]*>([^<]*)<\/p>/.exec(page)?.[1];
const disabled = (page: string, id: string) =>
  new RegExp(`<button id="${id}"[^>]* disabled[ >]`).test(page);

/** Renders the page every few ms until it no longer reads 'Counting…'; returns the bar's values. */
async function followBar(lv: LiveViewTest): Promise<number[]> {
  const seen: number[] = [];
  for (;;) {
    const page = await lv.render();
    if (status(page) !== 'Counting…') return seen;
    if (seen.at(-1) !== bar(page)) seen.push(bar(page));
    await pause(2);
  }
}

/** Every report the worker threads broadcast from now on, as the example's relay hears them. */
function listenToWorkers(system: ActorSystem): Progress[] {
  const reports: Progress[] = [];
  const workers = new PubSub(system, {
    adapter: new BroadcastChannelAdapter({ channel: PROGRESS_CHANNEL }),
  });
  const listener = system.spawn(
    {
      handleInfo(report: Progress, state: null) {
        reports.push(report);
        return state;
      },
    },
    null,
  );
  workers.subscribe(listener, PROGRESS_TOPIC);
  return reports;
}

it('counts the primes below 1,000,000 on a worker thread, the bar moving on the way', async () => {
  const { lv } = await mountLongJob();
  await lv.event('start', { below: '1000000' });
  expect(disabled(lv.html(), 'start')).toBe(true);
  expect(disabled(lv.html(), 'cancel')).toBe(false);

  const seen = await followBar(lv);
  expect(seen.some((value) => value > 0 && value < 1_000_000)).toBe(true);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  const page = lv.html();
  expect(status(page)).toBe('78,498 primes below 1,000,000.');
  expect(bar(page)).toBe(1_000_000);
  expect(disabled(page, 'start')).toBe(false);
});

it('cancels a big job: the page says so, Count is enabled again, the thread stops', async () => {
  const { lv, system } = await mountLongJob();
  const reports = listenToWorkers(system);
  await lv.event('start', { below: '20000000' });
  // Cancel only once the thread is really counting, not while it is still starting.
  while (bar(await lv.render()) === 0) await pause(5);

  await lv.event('cancel');
  const page = lv.html();
  expect(status(page)).toBe('Cancelled.');
  expect(disabled(page, 'start')).toBe(false);
  expect(disabled(page, 'cancel')).toBe(true);
  expect(bar(page)).toBeLessThan(20_000_000);

  // A thread still counting would keep reporting while the next job runs to its end.
  await lv.event('start', { below: '5000000' });
  await followBar(lv);
  expect(status(lv.html())).toBe('348,513 primes below 5,000,000.');
  const next = reports.findIndex((report) => report.run === 2);
  expect(next).toBeGreaterThan(0);
  expect(reports.slice(next).filter((report) => report.run === 1)).toEqual([]);
});
