/**
 * Long job: counting primes is CPU work, so it runs on a worker thread of the actor system's task
 * pool, never in the thread that serves every page. The task broadcasts its progress from its
 * thread, a relay process here passes each report to the view it is for, and the view moves a
 * <progress> bar, then shows the result. Cancel stops the thread itself.
 */
import { type Behaviour, BroadcastChannelAdapter, PubSub, Supervisor } from '../actors/index.js';
import { AsyncCancelledError, defineLiveView, html } from '../views/index.js';
import type { Example } from './example.js';
import { type Job, PROGRESS_CHANNEL, PROGRESS_TOPIC, type Progress } from './long-job-task.js';

const TASK = { filename: new URL('./long-job-task.ts', import.meta.url), name: 'countPrimes' };
const SIZES = [1_000_000, 5_000_000, 20_000_000] as const;

/** One topic per page, so every tab follows its own job only. */
const topicOf = (viewId: string) => `long-job:${viewId}`;

type Status = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** The app's PubSub, which the views listen to, and the one that hears the worker threads. */
type Buses = { readonly views: PubSub; readonly workers: PubSub };

// Passes each report from a worker thread on to the topic of the view it names.
const relay: Behaviour<Buses, Buses, never, unknown, never, Progress> = {
  init(buses, ctx) {
    // Here rather than in `start`, so that a restarted relay subscribes again.
    buses.workers.subscribe(ctx.self, PROGRESS_TOPIC);
    return buses;
  },
  handleInfo(progress, buses) {
    buses.views.localBroadcast(progress.topic, progress);
    return buses;
  },
};

const LongJob = defineLiveView<
  { run: number; below: number; done: number; status: Status; text: string },
  { start: { below?: string }; cancel: unknown },
  Progress
>({
  mount(_params, _session, socket) {
    if (socket.connected) socket.subscribe(topicOf(socket.id));
    socket.assign({ run: 0, below: SIZES[1], done: 0, status: 'idle', text: '' });
  },
  handleEvent(event, value, socket) {
    if (event === 'cancel') {
      socket.cancelAsync('primes'); // handleAsync then gets an AsyncCancelledError
      return;
    }
    const below = SIZES.find((n) => String(n) === value.below) ?? SIZES[0];
    const job: Job = { topic: topicOf(socket.id), run: socket.assigns.run + 1, below };
    socket.assign({ run: job.run, below, done: 0, status: 'running', text: 'Counting…' });
    socket.startAsync('primes', { task: TASK, payload: job });
  },
  handleInfo(progress, socket) {
    // A report of an earlier run may still be on its way: only the current one moves the bar.
    if (progress.run === socket.assigns.run && socket.assigns.status === 'running')
      socket.assign({ done: progress.done });
  },
  handleAsync(_name, result, socket) {
    const below = socket.assigns.below.toLocaleString('en');
    if (result.ok) {
      const text = `${Number(result.value).toLocaleString('en')} primes below ${below}.`;
      socket.assign({ status: 'done', done: socket.assigns.below, text });
    } else if (result.error instanceof AsyncCancelledError) {
      socket.assign({ status: 'cancelled', text: 'Cancelled.' });
    } else {
      socket.assign({ status: 'failed', text: `Failed: ${String(result.error)}` });
    }
  },
  render: (a) => html`<h1>Long job</h1>
<form phx-submit="start">
  <select id="below" name="below">${SIZES.map(
    (n) =>
      html`<option value=${n} selected=${n === a.below}>primes below ${n.toLocaleString('en')}</option>`,
  )}</select>
  <button id="start" disabled=${a.status === 'running'}>Count</button>
  <button id="cancel" type="button" phx-click="cancel" disabled=${a.status !== 'running'}>Cancel</button>
</form>
<p><progress id="progress" max=${a.below} value=${a.done}></progress></p>
<p id="status">${a.text}</p>
<p class="muted">Open a second tab: each runs its own job on its own thread, and this page stays responsive.</p>`,
});

export const longJob: Example = {
  path: '/long-job',
  title: 'Long job',
  summary:
    'Count the primes below 20 million: the work runs on a worker thread and a progress bar follows it live; press Cancel and the thread is stopped at once.',
  routes: [{ path: '/long-job', view: LongJob }],
  async start({ system, pubsub }) {
    // The app's PubSub only reaches this thread; the workers' reports come on a BroadcastChannel.
    // Both close when the system shuts down (the channel never keeps the process alive).
    const workers = new PubSub(system, {
      adapter: new BroadcastChannelAdapter({ channel: PROGRESS_CHANNEL }),
    });
    await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [{ id: 'long-job-relay', start: [relay, { views: pubsub, workers }] }],
    });
  },
};
