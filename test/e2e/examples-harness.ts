/**
 * The examples app (examples/app.ts) on 127.0.0.1 for one test, served with our client.
 *
 * @example
 * describeWithBrowser('reservations', () => {
 *   it('...', async () => {
 *     const app = await startExamples();
 *     const page = await openPage(app, '/reservations');
 *   });
 * });
 */
import { onTestFinished } from 'vitest';
import { createExamplesApp } from '../../examples/app.js';
import type { LiveServer } from '../../transport/index.js';
import { TEST_SECRET } from '../support/live-client.js';

/** A running examples app. */
export interface ExamplesServer {
  /** `http://127.0.0.1:<port>`, the same across a restart. */
  readonly url: string;
  /** The app of the current run. */
  readonly app: LiveServer;
  /** Closes the app: its pages lose their sockets. */
  stop(): Promise<void>;
  /** Starts a new app on the same port with the same secret, as a restarted `npm start` does. */
  start(): Promise<void>;
}

/** Starts the examples app on a free port; it is closed when the test finishes. */
export async function startExamples(): Promise<ExamplesServer> {
  let app: LiveServer | undefined;
  let port = 0;
  const server: ExamplesServer = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get app() {
      if (app === undefined) throw new Error('e2e: the examples app is stopped');
      return app;
    },
    async stop() {
      const running = app;
      app = undefined;
      await running?.close();
    },
    async start() {
      if (app !== undefined) throw new Error('e2e: the examples app is running already');
      // No background activity: a page changes only when the test acts.
      const next = await createExamplesApp({ secret: TEST_SECRET, background: false });
      app = next;
      port = (await next.listen({ host: '127.0.0.1', port })).port;
    },
  };
  onTestFinished(() => server.stop());
  await server.start();
  return server;
}
