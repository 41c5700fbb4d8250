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
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly app: LiveServer;
}

/** Starts the examples app on a free port; it is closed when the test finishes. */
export async function startExamples(): Promise<ExamplesServer> {
  const app = await createExamplesApp({ secret: TEST_SECRET });
  onTestFinished(() => app.close());
  const { url } = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, app };
}
