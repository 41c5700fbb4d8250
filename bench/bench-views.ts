/**
 * What the benchmark servers share: the views they serve, and the options that turn off the
 * limits a load driver would trip. Built from the `views` they are given: the servers whose
 * memory is measured pass the compiled ones from dist/ (dist.ts), others the source.
 *
 * - `/counter` (`counterView`): an idle counter; the click `inc` adds one and re-renders one
 *   number, the smallest round trip.
 * - `/board` (`boardView`): every view subscribes to one topic; the click `bump` broadcasts, and
 *   each view re-renders one number.
 *
 * @example
 * const app = createLiveServer({ ...BENCH_SERVER_OPTIONS, routes: benchRoutes(views) });
 */
import type { defineLiveView, html } from '../views/index.js';

/** Signs the bench pages; never a secret of anything real. */
export const BENCH_SERVER_OPTIONS = {
  secret: 'bench-secret-bench-secret-bench-secret-0123456789',
  eventRate: false,
  origins: false,
} as const;

/** The two functions a view is built with, from the source or from dist/. */
interface ViewKit {
  readonly defineLiveView: typeof defineLiveView;
  readonly html: typeof html;
}

export const BOARD_TOPIC = 'board';

/** A count and a `+` button: each `inc` click re-renders one number. */
export function counterView(views: ViewKit) {
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

/** One number every view of the topic shows: a `bump` click broadcasts the next. */
export function boardView(views: ViewKit) {
  const { html: tag } = views;
  return views.defineLiveView<
    { count: number },
    { bump: unknown },
    { type: 'bumped'; count: number }
  >({
    mount(_params, _session, socket) {
      if (socket.connected) socket.subscribe(BOARD_TOPIC);
      socket.assign({ count: 0 });
    },
    handleEvent(_event, _value, socket) {
      socket.pubsub.broadcast(BOARD_TOPIC, { type: 'bumped', count: socket.assigns.count + 1 });
    },
    handleInfo(msg, socket) {
      socket.assign({ count: msg.count });
    },
    render: (a) => tag`<p>Board <b>${a.count}</b></p><button phx-click="bump">bump</button>`,
  });
}

/** `/counter` and `/board`. */
export function benchRoutes(views: ViewKit) {
  return [
    { path: '/counter', view: counterView(views) },
    { path: '/board', view: boardView(views) },
  ];
}
