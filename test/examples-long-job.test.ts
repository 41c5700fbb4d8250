/**
 * The long job example in-process, with its real task pool, driven through its page: a job
 * moves the progress bar while its worker thread counts and ends with the right count; a
 * cancelled job says so, frees the Count button, and its thread stops reporting. The test waits
 * on facts (the view's async work done, a worker's first report), never on time.
 */
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

/** What the page shows: the bar's value, the status line, whether a button is disabled. */
const bar = async (lv: LiveViewTest) =>
  Number(/ value="(\d+)"/.exec(await lv.element('#progress').render())?.[1]);
const status = (lv: LiveViewTest) => lv.element('#status').text();
const disabled = (lv: LiveViewTest, id: string) => lv.hasElement(`#${id}[disabled]`);

/** Starts a job of `below` as a user does: picks the size and presses Count. */
const count = (lv: LiveViewTest, below: number) => lv.form('#job', { below }).submit();

/** Every bar value the view sent the page since it mounted, in order. */
const barsSent = (lv: LiveViewTest) =>
  [...JSON.stringify(lv.pushes).matchAll(/ value=\\"(\d+)\\"/g)].map((m) => Number(m[1]));

/** Every report the worker threads broadcast from now on, as the example's relay hears them;
 * `first(run)` resolves at the first report of that run. */
function listenToWorkers(system: ActorSystem) {
  const reports: Progress[] = [];
  const waiting = new Map<number, () => void>();
  const workers = new PubSub(system, {
    adapter: new BroadcastChannelAdapter({ channel: PROGRESS_CHANNEL }),
  });
  const listener = system.spawn(
    {
      handleInfo(report: Progress, state: null) {
        reports.push(report);
        waiting.get(report.run)?.();
        return state;
      },
    },
    null,
  );
  workers.subscribe(listener, PROGRESS_TOPIC);
  const first = (run: number) =>
    reports.some((r) => r.run === run)
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiting.set(run, resolve));
  return { reports, first };
}

// The jobs are real CPU work on a worker thread: on a loaded machine they take what they take,
// so these tests wait for them (on facts) well past vitest's default 5 s.
const CPU_BOUND = { timeout: 120_000 };

it(
  'counts the primes below 1,000,000 on a worker thread, the bar moving on the way',
  CPU_BOUND,
  async () => {
    const { lv } = await mountLongJob();
    await count(lv, 1_000_000);
    expect(await disabled(lv, 'start')).toBe(true);
    expect(await disabled(lv, 'cancel')).toBe(false);

    await lv.renderAsync();
    expect(await status(lv)).toBe('78,498 primes below 1,000,000.');
    expect(await bar(lv)).toBe(1_000_000);
    expect(await disabled(lv, 'start')).toBe(false);
    const sent = barsSent(lv);
    expect(sent.some((value) => value > 0 && value < 1_000_000)).toBe(true);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
  },
);

it(
  'cancels a big job: the page says so, Count is enabled again, the thread stops',
  CPU_BOUND,
  async () => {
    const { lv, system } = await mountLongJob();
    const workers = listenToWorkers(system);
    await count(lv, 20_000_000);
    // Cancel only once the thread is really counting, not while it is still starting.
    await workers.first(1);

    await lv.element('#cancel').click();
    expect(await status(lv)).toBe('Cancelled.');
    expect(await disabled(lv, 'start')).toBe(false);
    expect(await disabled(lv, 'cancel')).toBe(true);
    expect(await bar(lv)).toBeLessThan(20_000_000);

    // A thread still counting would keep reporting while the next job runs to its end.
    await count(lv, 5_000_000);
    await lv.renderAsync();
    expect(await status(lv)).toBe('348,513 primes below 5,000,000.');
    const next = workers.reports.findIndex((report) => report.run === 2);
    expect(next).toBeGreaterThan(0);
    expect(workers.reports.slice(next).filter((report) => report.run === 1)).toEqual([]);
  },
);
