/**
 * Progress from tasks on the worker pool to the views that started them. A task reports from
 * its worker thread on a BroadcastChannel (the worker-thread PubSub); one relay process per app
 * passes each report on to the topic it names, a view's own, and the view moves its bar. The
 * long job and the CSV upload both report this way.
 */
import {
  type ActorSystem,
  type Behaviour,
  BroadcastChannelAdapter,
  PubSub,
  Supervisor,
  workerBroadcast,
} from '../actors/index.js';
import type { ExampleContext } from './example.js';

/** The BroadcastChannel that carries progress from the workers to the main thread. */
export const PROGRESS_CHANNEL = 'liveactor:examples:task-progress';
/** The topic every task reports on; each report names the view topic it is for. */
export const PROGRESS_TOPIC = 'task:progress';

/** What a report carries at least: whose it is (a view topic, and which of its runs). */
export interface TaskProgress {
  readonly topic: string;
  readonly run: number;
}

/**
 * Sends a report from a task (in its worker thread). It leaves when the task next yields.
 *
 * @example
 * reportProgress({ topic: job.topic, run: job.run, done: 40 });
 */
export function reportProgress(progress: TaskProgress): void {
  workerBroadcast(PROGRESS_TOPIC, progress, { channel: PROGRESS_CHANNEL });
}

/** The app's PubSub, which the views listen to, and the one that hears the worker threads. */
type Buses = { readonly views: PubSub; readonly workers: PubSub };

// Passes each report from a worker thread on to the topic of the view it names.
const relay: Behaviour<Buses, Buses, never, unknown, never, TaskProgress> = {
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

const started = new WeakMap<ActorSystem, Promise<unknown>>();

/**
 * Starts the relay under a supervisor of its own, once per actor system whichever example asks
 * first. The channel and the PubSub close when the system shuts down.
 *
 * @example
 * export const longJob: Example = { ..., start: startProgressRelay };
 */
export async function startProgressRelay({ system, pubsub }: ExampleContext): Promise<void> {
  let start = started.get(system);
  if (start === undefined) {
    const workers = new PubSub(system, {
      adapter: new BroadcastChannelAdapter({ channel: PROGRESS_CHANNEL }),
    });
    start = Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [{ id: 'task-progress-relay', start: [relay, { views: pubsub, workers }] }],
    });
    started.set(system, start);
  }
  await start;
}
