/**
 * The examples app: every example on one live server, with an index page linking each. Used by
 * `npm start` (examples/server.ts) and by the tests, which start it on a free port.
 *
 * @example
 * const app = await createExamplesApp({ secret });
 * const { url } = await app.listen({ port: 4000 });
 */
import { ActorSystem, PubSub } from '../actors/index.js';
import { createLiveServer, type LiveServer } from '../transport/index.js';
import { defineLiveView, html } from '../views/index.js';
import { chat } from './chat.js';
import { events } from './events.js';
import type { Example } from './example.js';
import { examplesLayout } from './layout.js';
import { localization } from './localization.js';
import { longJob } from './long-job.js';
import { reservations } from './reservations.js';
import { supervision } from './supervision.js';

/** Every example, in the order the index lists them. */
export const EXAMPLES: readonly Example[] = [
  reservations,
  events,
  localization,
  chat,
  longJob,
  supervision,
];

const Index = defineLiveView<Record<string, never>>({
  mount(_params, _session, socket) {
    socket.pageTitle = 'liveactor examples';
  },
  render: () => html`<h1>liveactor examples</h1>
<p>Each page below is a live view: a process on the server that owns its state and sends the
browser only what changed. Open any of them in two tabs and act in one.</p>
${EXAMPLES.map(
  (e) =>
    html`<section class="card"><h2><a href=${e.path}>${e.title}</a></h2><p>${e.summary}</p></section>`,
)}`,
});

/** Options of {@link createExamplesApp}. */
export interface ExamplesAppOptions {
  /** Signs the pages' tokens; at least 32 characters. */
  readonly secret: string;
}

/** Starts what the examples need and returns the live server (not listening yet). */
export async function createExamplesApp(options: ExamplesAppOptions): Promise<LiveServer> {
  const system = new ActorSystem();
  const pubsub = new PubSub(system);
  for (const example of EXAMPLES) await example.start?.({ system, pubsub });
  const live = createLiveServer({
    routes: [{ path: '/', view: Index }, ...EXAMPLES.flatMap((e) => e.routes)],
    secret: options.secret,
    layout: examplesLayout,
    system,
    pubsub,
  });
  // The server does not stop a system it was given; the app made this one, so it stops it.
  return {
    listen: (opts) => live.listen(opts),
    handler: live.handler,
    upgrade: live.upgrade,
    system,
    pubsub,
    async close() {
      await live.close();
      await system.shutdown();
    },
  };
}
