/**
 * Long job: counting primes is CPU work, so it runs on a worker thread of the actor system's task
 * pool, never in the thread that serves every page. The task broadcasts its progress from its
 * thread, a relay process (task-progress.ts) passes each report to the view it is for, and the
 * view moves a <progress> bar, then shows the result. Cancel stops the thread itself.
 */
import { AsyncCancelledError, defineLiveView, html } from '../views/index.js';
import { integerField } from './event-values.js';
import type { Example } from './example.js';
import type { Job, Progress } from './long-job-task.js';
import { startProgressRelay } from './task-progress.js';

const TASK = { filename: new URL('./long-job-task.ts', import.meta.url), name: 'countPrimes' };
const SIZES = [1_000_000, 5_000_000, 20_000_000] as const;

/** Whole percent done; 100 only when all is. */
const percent = (done: number, of: number) => `${Math.floor((done / of) * 100)}%`;

/** One topic per page, so every tab follows its own job only. */
const topicOf = (viewId: string) => `long-job:${viewId}`;

type Status = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

const LongJob = defineLiveView<
  { run: number; below: number; done: number; status: Status; text: string },
  { start: { below: string }; cancel: unknown },
  Progress
>({
  mount(_params, _session, socket) {
    socket.pageTitle = 'Long job';
    if (socket.connected) socket.subscribe(topicOf(socket.id));
    const text = 'Pick a size and press Count.';
    socket.assign({ run: 0, below: SIZES[1], done: 0, status: 'idle', text });
  },
  handleEvent(event, value, socket) {
    if (event === 'cancel') {
      socket.cancelAsync('primes'); // handleAsync then gets an AsyncCancelledError
      return;
    }
    // One job at a time per page: the Count button is disabled while one runs, and a start
    // sent anyway would leave the running one to finish on the pool for nobody.
    if (event !== 'start' || socket.assigns.status === 'running') return;
    const below = SIZES.find((n) => n === integerField(value, 'below'));
    if (below === undefined) {
      socket.assign({ status: 'failed', text: 'Pick one of the sizes in the list.' });
      return;
    }
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
  // The percentage is text beside the bar, so it is read and seen the same; the status line is
  // a live region, so the result is announced when it comes.
  render: (a) => html`<h1>Long job</h1>
<p class="lead">Counting primes is CPU work: it runs on a worker thread of the task pool, never in
the thread that serves the pages. Open a second tab: each runs its own job, and both stay
responsive.</p>
<form id="job" class="card job-form" phx-submit="start">
<div class="field"><label for="below">Count the primes below</label>
<select id="below" name="below">${SIZES.map(
    (n) => html`<option value=${n} selected=${n === a.below}>${n.toLocaleString('en')}</option>`,
  )}</select></div>
<div class="cluster">
<button id="start" class="button-primary" disabled=${a.status === 'running'}>Count</button>
<button id="cancel" type="button" phx-click="cancel" disabled=${a.status !== 'running'}>Cancel</button>
</div>
</form>
<section class="card">
<div class="progress-head"><label for="progress">Progress</label><span class="percent" id="percent">${percent(a.done, a.below)}</span></div>
<progress id="progress" max=${a.below} value=${a.done}>${percent(a.done, a.below)}</progress>
<p id="status" role="status">${a.text}</p>
</section>`,
});

export const longJob: Example = {
  path: '/long-job',
  title: 'Long job',
  source: 'long-job.ts',
  tryThis:
    'Count the primes below 20 million, then press Cancel halfway; run one in each of two tabs.',
  shows:
    'CPU work on the piscina task pool, its progress relayed from the worker thread by PubSub, and a cancel that stops the thread.',
  routes: [{ path: '/long-job', view: LongJob }],
  start: startProgressRelay,
};
