/**
 * The long job example over the socket, with its real task pool: a job moves the progress bar
 * while its worker thread counts and ends with the right count; a cancelled job says so, frees
 * the Count button, and its thread stops reporting.
 *
 * No wait here has a deadline of its own: each step awaits the next frame the server pushes (a
 * progress report, the result), so a slow machine takes longer and still passes. The test
 * timeouts are a safety net against a job that stops reporting, not a speed target.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BroadcastChannelAdapter, PubSub } from '../actors/index.js';
import { Rendered } from '../client/rendered.js';
import { createExamplesApp } from '../examples/app.js';
import { PROGRESS_CHANNEL, PROGRESS_TOPIC, type Progress } from '../examples/long-job-task.js';
import type { LiveServer } from '../transport/index.js';
import type { WireDiff } from '../views/render/index.js';
import { getPage, type JoinedView, LiveClient, TEST_SECRET } from './support/live-client.js';

const SAFETY_NET_MS = 600_000;

let app: LiveServer;
let base: string;

beforeEach(async () => {
  app = await createExamplesApp({ secret: TEST_SECRET });
  base = (await app.listen({ host: '127.0.0.1', port: 0 })).url;
});
afterEach(() => app.close());

/**
 * The page as the client holds it: the join's render with every reply and diff merged in the
 * order they arrived.
 */
class LongJobPage {
  readonly #view: JoinedView;
  readonly #rendered: Rendered;
  html: string;

  constructor(view: JoinedView) {
    this.#view = view;
    this.#rendered = new Rendered(view.topic.slice(3), view.rendered as WireDiff);
    this.html = this.#rendered.toString();
  }

  static async open(): Promise<LongJobPage> {
    const client = await LiveClient.connect(base);
    return new LongJobPage(await client.join(await getPage(base, '/long-job')));
  }

  get bar(): number {
    return Number(/<progress [^>]*value="(\d+)"/.exec(this.html)?.[1]);
  }

  get status(): string | undefined {
    return /<p id="status"[^>]*>([^<]*)<\/p>/.exec(this.html)?.[1];
  }

  disabled(id: string): boolean {
    return new RegExp(`<button id="${id}"[^>]* disabled[ >]`).test(this.html);
  }

  /** Sends an event and merges its reply. */
  async send(event: 'start' | 'cancel', below?: number): Promise<void> {
    const payload =
      below === undefined
        ? { type: 'click', event, value: {} }
        : { type: 'form', event, value: `below=${below}` };
    const reply = await this.#view.request('event', payload);
    const diff = reply.response.diff as WireDiff | undefined;
    if (diff !== undefined) this.#merge(diff);
  }

  /** Merges the server's pushed diffs until `done` holds; returns each bar value on the way. */
  async until(done: (page: LongJobPage) => boolean): Promise<number[]> {
    const bars: number[] = [];
    while (!done(this)) {
      const [, , , , diff] = await this.#view.nextPush('diff');
      this.#merge(diff as WireDiff);
      if (bars.at(-1) !== this.bar) bars.push(this.bar);
    }
    return bars;
  }

  #merge(diff: WireDiff): void {
    this.#rendered.mergeDiff(diff);
    this.html = this.#rendered.toString();
  }
}

const counting = (page: LongJobPage) => page.status === 'Counting…';

/** Every report the worker threads broadcast from now on, as the example's relay hears them. */
function listenToWorkers(): Progress[] {
  const reports: Progress[] = [];
  const workers = new PubSub(app.system, {
    adapter: new BroadcastChannelAdapter({ channel: PROGRESS_CHANNEL }),
  });
  const listener = app.system.spawn(
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

it(
  'counts the primes below 1,000,000 on a worker thread, the bar moving on the way',
  async () => {
    const page = await LongJobPage.open();
    await page.send('start', 1_000_000);
    expect(page.status).toBe('Counting…');
    expect(page.disabled('start')).toBe(true);
    expect(page.disabled('cancel')).toBe(false);

    const bars = await page.until((p) => !counting(p));
    expect(bars.some((value) => value > 0 && value < 1_000_000)).toBe(true);
    expect(bars).toEqual([...bars].sort((a, b) => a - b));
    expect(page.status).toBe('78,498 primes below 1,000,000.');
    expect(page.bar).toBe(1_000_000);
    expect(page.disabled('start')).toBe(false);
  },
  SAFETY_NET_MS,
);

it(
  'cancels a big job: the page says so, Count is enabled again, the thread stops',
  async () => {
    const reports = listenToWorkers();
    const page = await LongJobPage.open();
    await page.send('start', 20_000_000);
    // Cancel only once the thread is really counting, not while it is still starting.
    await page.until((p) => p.bar > 0);

    await page.send('cancel');
    await page.until((p) => !counting(p));
    expect(page.status).toBe('Cancelled.');
    expect(page.disabled('start')).toBe(false);
    expect(page.disabled('cancel')).toBe(true);
    expect(page.bar).toBeLessThan(20_000_000);

    // A thread still counting would keep reporting while the next job runs to its end.
    await page.send('start', 1_000_000);
    await page.until((p) => !counting(p));
    expect(page.status).toBe('78,498 primes below 1,000,000.');
    const next = reports.findIndex((report) => report.run === 2);
    expect(next).toBeGreaterThan(0);
    expect(reports.slice(next).filter((report) => report.run === 1)).toEqual([]);
  },
  SAFETY_NET_MS,
);
