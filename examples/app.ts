/**
 * The examples app: every example on one live server, with an index page linking each, and the
 * app's own files (stylesheet, icon, the examples' sources) served beside the live pages. Used
 * by `npm start` (examples/server.ts), by `npm run start:cluster` (examples/cluster.ts, one app
 * per worker, each a node of the cluster on Redis) and by the tests, which start it on a free
 * port.
 *
 * Requests go, in order, to: the static files; the sign-in routes (auth-routes.ts, POST only);
 * the live server, after a page request was given its session cookie (app-session.ts), whose
 * `session(req)` the live server reads for every page and live connection.
 *
 * @example
 * const app = await createExamplesApp({ secret });
 * const { url } = await app.listen({ port: 4000 });
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActorSystem, type ClusterOptions, PubSub, RedisPubSubAdapter } from '../actors/index.js';
import { createLiveServer, type LiveServer } from '../transport/index.js';
import { defineLiveView, html } from '../views/index.js';
import { activity } from './activity.js';
import { AppSessions } from './app-session.js';
import { authRoutes } from './auth-routes.js';
import { chat } from './chat.js';
import { events } from './events.js';
import type { Example } from './example.js';
import { APP_NAME, examplesLayout } from './layout.js';
import { localization } from './localization.js';
import { longJob } from './long-job.js';
import { myTickets } from './my-tickets.js';
import { reservations } from './reservations.js';
import { loadStaticFiles } from './static-files.js';
import { stickyBasket } from './sticky-basket.js';
import { supervision } from './supervision.js';
import { uploads } from './uploads.js';

/** Every example, in the order the index lists them. */
export const EXAMPLES: readonly Example[] = [
  reservations,
  myTickets,
  events,
  localization,
  chat,
  activity,
  longJob,
  uploads,
  supervision,
  stickyBasket,
];

const Index = defineLiveView<Record<string, never>>({
  render: () => html`<h1>${APP_NAME}</h1>
<p class="lead">Each page below is a live view: a process on the server that owns its state and
sends the browser only what changed. Open any of them in two tabs and act in one.</p>
<div class="grid-2">${EXAMPLES.map(
    (e) => html`<article class="card example-card">
<h2><a href=${e.path}>${e.title}</a></h2>
<dl><dt>Try</dt><dd>${e.tryThis}</dd><dt>Shows</dt><dd>${e.shows}</dd></dl>
<p class="source">Source: <a href=${`/source/${e.source}`}><code>examples/${e.source}</code></a></p>
</article>`,
  )}</div>`,
});

/** Options of {@link createExamplesApp}. */
export interface ExamplesAppOptions {
  /** Signs the pages' tokens; at least 32 characters. */
  readonly secret: string;
  /**
   * Makes this app a node of a cluster on Redis: its shared processes become cluster
   * singletons with their state in Redis, and its broadcasts reach every node. Default: one
   * node, no Redis.
   */
  readonly cluster?: ClusterOptions | undefined;
  /** The reservations example's stock; default 10. */
  readonly tickets?: number | undefined;
  /** Let examples act by themselves (the activity log's simulated team); default true. */
  readonly background?: boolean | undefined;
}

/** Starts what the examples need and returns the live server (not listening yet). */
export async function createExamplesApp(options: ExamplesAppOptions): Promise<LiveServer> {
  const files = await loadStaticFiles({
    assets: ['app.css', 'favicon.svg'],
    sources: EXAMPLES.map((e) => e.source),
  });
  const system = new ActorSystem({ cluster: options.cluster });
  // Joined before the examples start: their shared processes compete for leases in Redis.
  if (options.cluster !== undefined) {
    await system.joinCluster().catch(async (error: unknown) => {
      await system.shutdown();
      throw error;
    });
  }
  const pubsub = new PubSub(
    system,
    options.cluster === undefined ? {} : { adapter: new RedisPubSubAdapter(system) },
  );
  const { tickets } = options;
  const background = options.background ?? true;
  for (const example of EXAMPLES) await example.start?.({ system, pubsub, tickets, background });
  const sessions = new AppSessions(options.secret);
  const live = createLiveServer({
    routes: [{ path: '/', view: Index }, ...EXAMPLES.flatMap((e) => e.routes)],
    secret: options.secret,
    layout: examplesLayout(files),
    session: sessions.forLiveServer,
    system,
    pubsub,
  });
  const auth = authRoutes(sessions, { system, pubsub });
  const serveApp = async (...[req, res, next]: Parameters<LiveServer['handler']>) => {
    if (await auth(req, res)) return;
    // A browser's page request: the session starts here, so the page's forms can post.
    if (req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) {
      await sessions.prepare(req, res);
    }
    live.handler(req, res, next);
  };
  const handler: LiveServer['handler'] = (req, res, next) => {
    if (files.serve(req, res)) return;
    serveApp(req, res, next).catch((error: unknown) => {
      system.logger.error({ err: error, url: req.url }, 'the examples app failed a request');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error');
    });
  };
  let http: Server | undefined;
  return {
    async listen(opts = {}) {
      if (http !== undefined) throw new TypeError('listen: the examples app is listening already');
      const server = createServer(handler);
      server.on('upgrade', live.upgrade);
      http = server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
      });
      const { address, port, family } = server.address() as AddressInfo;
      const host = family === 'IPv6' ? `[${address}]` : address;
      return { port, host: address, url: `http://${host}:${port}` };
    },
    handler,
    upgrade: live.upgrade,
    disconnectSockets: (id) => live.disconnectSockets(id),
    system,
    pubsub,
    // The live server closes its sockets; the HTTP server is this app's, and so is the system
    // (a live server does not stop a system it was given).
    async close() {
      const closed = new Promise<void>((resolve) =>
        http ? http.close(() => resolve()) : resolve(),
      );
      await live.close();
      http?.closeAllConnections();
      await closed;
      await system.shutdown();
    },
  };
}
