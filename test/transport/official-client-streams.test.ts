/**
 * Streams through the official LiveView 1.2 client: a real server renders a view whose every
 * step is one stream operation (sent to it over PubSub), and the unchanged official client
 * applies the diffs in happy-dom. After every step its list equals a list kept in full
 * (test/support/stream-model.ts), as our client's does (test/client/stream-property.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ActorSystem, PubSub } from '../../actors/index.js';
import { defineLiveView, type LiveStream } from '../../views/index.js';
import { startLiveServer } from '../support/live-client.js';
import { closeAllOfficialPages, type OfficialPage } from '../support/official-browser.js';
import { streamPage } from '../support/stream-driver.js';
import {
  applyOp,
  type Item,
  mountOp,
  StreamModel,
  type StreamOp,
  streamOp,
} from '../support/stream-model.js';
import { openJoined } from './official-pages.js';

type Assigns = { step: number; streams: { items: LiveStream<Item> } };

/** The first operation of each run, by run id (the route's `:run`). */
const RUNS = new Map<string, StreamOp>();

const StreamView = defineLiveView<Assigns, Record<string, never>, StreamOp>({
  mount(params, _session, socket) {
    const run = String(params.run);
    const first = RUNS.get(run);
    if (first === undefined) throw new Error(`no run ${run}`);
    socket.assign({ step: 0 });
    applyOp(socket, first);
    if (socket.connected) socket.subscribe(`streams:${run}`);
  },
  handleInfo(op, socket) {
    socket.update('step', (n) => n + 1);
    applyOp(socket, op);
  },
  render: streamPage,
});

function shown(page: OfficialPage): Array<readonly [string, string]> {
  return [...page.get('#list').children].map((el) => [el.id, el.textContent ?? '']);
}

describe('streams through the official LiveView 1.2 client', { timeout: 120_000 }, () => {
  it('show, after every step, the list a view would show if it kept it in full', async () => {
    const system = new ActorSystem();
    const pubsub = new PubSub(system);
    onTestFinished(() => system.shutdown());
    const { url } = await startLiveServer({
      routes: [{ path: '/streams/:run', view: StreamView }],
      system,
      pubsub,
    });
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(mountOp, fc.array(streamOp, { maxLength: 12 }), async (first, steps) => {
        const run = String(++runs);
        RUNS.set(run, first);
        const model = new StreamModel();
        model.apply(first);
        const page = await openJoined(url, `/streams/${run}`);
        try {
          expect(shown(page)).toEqual(model.items);
          for (const [i, generated] of steps.entries()) {
            const op = model.normalize(generated);
            model.apply(op);
            pubsub.broadcast(`streams:${run}`, op);
            await page.waitFor((p) => p.text('#step') === String(i + 1));
            expect(shown(page), JSON.stringify(op)).toEqual(model.items);
          }
          expect(page.consoleErrors).toEqual([]);
          expect(page.errors).toEqual([]);
        } finally {
          RUNS.delete(run);
          await closeAllOfficialPages();
        }
      }),
      { numRuns: 40 },
    );
  });
});
