/**
 * The live views the benchmark servers serve, built with the library they were given (the
 * compiled one, see dist.ts):
 *
 * - `Counter` (`/counter`): an idle counter; the click `inc` adds one and re-renders one number.
 * - `Board` (`/board`): every view subscribes to one topic; the click `bump` broadcasts, and
 *   each view re-renders one number.
 *
 * `benchServer` is what every benchmark server passes to `createLiveServer` for them.
 *
 * @example
 * const { Counter, Board } = benchViews(views);
 */
type Views = typeof import('../views/index.js');

export const BOARD_TOPIC = 'board';

export function benchViews({ defineLiveView, html }: Views) {
  const Counter = defineLiveView<{ count: number }, { inc: unknown }>({
    mount(_params, _session, socket) {
      socket.assign({ count: 0 });
    },
    handleEvent(_event, _value, socket) {
      socket.update('count', (n) => n + 1);
    },
    render: (a) => html`<span>${a.count}</span><button phx-click="inc">+</button>`,
  });

  const Board = defineLiveView<
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
    render: (a) => html`<p>Board <b>${a.count}</b></p><button phx-click="bump">bump</button>`,
  });

  return { Counter, Board };
}

/** The routes of both views, and no limits on what the drivers send: the servers' common options. */
export function benchServer({ Counter, Board }: ReturnType<typeof benchViews>) {
  return {
    routes: [
      { path: '/counter', view: Counter },
      { path: '/board', view: Board },
    ],
    secret: 'bench-secret-bench-secret-bench-secret-0123456789',
    eventRate: false,
    origins: false,
  } as const;
}
