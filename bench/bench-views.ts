/**
 * What the benchmark servers share: the counter view whose click is the smallest round trip,
 * and the options that turn off the limits a load driver would trip. Built from the `views` it
 * is given: transport-server.ts passes the compiled ones from dist/, others the source.
 *
 * @example
 * const app = createLiveServer({ ...BENCH_SERVER_OPTIONS, routes: [{ path: '/counter', view: counterView(views) }] });
 */
import type { defineLiveView, html } from '../views/index.js';

/** Signs the bench pages; never a secret of anything real. */
export const BENCH_SERVER_OPTIONS = {
  secret: 'bench-secret-bench-secret-bench-secret-0123456789',
  eventRate: false,
  origins: false,
} as const;

/** A count and a `+` button: each `inc` click re-renders one number. */
export function counterView(views: {
  readonly defineLiveView: typeof defineLiveView;
  readonly html: typeof html;
}) {
  const { html: tag } = views;
  return views.defineLiveView<{ count: number }, { inc: unknown }>({
    mount(_params, _session, socket) {
      socket.assign({ count: 0 });
    },
    handleEvent(_event, _value, socket) {
      socket.update('count', (n) => n + 1);
    },
    render: (a) => tag`<span>${a.count}</span><button phx-click="inc">+</button>`,
  });
}
