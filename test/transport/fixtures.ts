import type { ExitReason } from '../../actors/exit-reason.js';
import { defineLiveView, type LiveView } from '../../views/live-view.js';
import { html } from '../../views/render/html.js';

/**
 * What the fixture views record, so tests can assert terminate ran.
 *
 * @example
 * const log = journal();
 * await log.terminations(1);
 */
export interface Journal {
  readonly mounts: string[];
  readonly terminated: { readonly id: string; readonly reason: ExitReason }[];
  /** Resolves once `count` terminates ran in all. */
  terminations(count: number): Promise<void>;
  /** Resolves once `count` connected mounts ran in all. */
  mounted(count: number): Promise<void>;
  /** Wakes waiters; the views call it after recording. */
  notify(): void;
}

/**
 * A fresh, empty {@link Journal}.
 *
 * @example
 * const log = journal();
 * await startLiveServer({ routes: [{ path: '/counter', view: counterView(log) }] });
 */
export function journal(): Journal {
  const waiters: { ready: () => boolean; resolve: () => void }[] = [];
  const log: Journal = {
    mounts: [],
    terminated: [],
    terminations: (count) => until(() => log.terminated.length >= count),
    mounted: (count) => until(() => log.mounts.length >= count),
    notify() {
      for (const waiter of waiters.splice(0)) {
        if (waiter.ready()) waiter.resolve();
        else waiters.push(waiter);
      }
    },
  };
  function until(ready: () => boolean): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve) => waiters.push({ ready, resolve }));
  }
  return log;
}

type CounterInfo = { readonly type: 'set'; readonly count: number };
type CounterEvents = {
  inc: unknown;
  crash: unknown;
  patch: { to: string };
  navigate: { to: string };
  leave: unknown;
  reply: unknown;
};

/**
 * `<p>{count}</p>`: `inc` adds one, `crash` throws, any other event throws too (no clause);
 * subscribes to PubSub `counter` ({ type: 'set', count }) when connected; `?start=n` starts at n;
 * `?crashMount=1` throws in every connected mount.
 */
export function counterView(
  log: Journal = journal(),
): LiveView<{ count: number }, CounterEvents, CounterInfo> {
  return defineLiveView<{ count: number }, CounterEvents, CounterInfo>({
    mount(params, _session, socket) {
      if (socket.connected && params.crashMount === '1') throw new Error('mount crashed');
      socket.assign({ count: Number(params.start ?? 0) });
      if (socket.connected) {
        log.mounts.push(socket.id);
        log.notify();
        socket.subscribe('counter');
      }
    },
    handleEvent(event, value, socket) {
      switch (event) {
        case 'inc':
          socket.update('count', (n) => n + 1);
          return;
        // A view checks what the client sends before it acts on it.
        case 'patch':
          if (isUrl(value)) socket.pushPatch(value.to);
          return;
        case 'navigate':
          if (!isUrl(value)) return;
          socket.putFlash('info', 'bye');
          socket.pushNavigate(value.to);
          return;
        case 'leave':
          socket.putFlash('info', 'left');
          socket.redirect('/elsewhere');
          return;
        case 'reply':
          return { reply: { count: socket.assigns.count } };
        default:
          throw new Error(`no handleEvent clause for ${event}`);
      }
    },
    handleInfo(msg, socket) {
      if (msg.type === 'set') socket.assign({ count: msg.count });
    },
    terminate(reason, socket) {
      log.terminated.push({ id: socket.id, reason });
      log.notify();
    },
    render: (a) => html`<p>${a.count}</p>`,
  });
}

/** `{ to }` with a URL that resolves against the page's. */
function isUrl(value: unknown): value is { to: string } {
  const to = (value as { to?: unknown } | null)?.to;
  return typeof to === 'string' && URL.canParse(to, 'http://localhost/');
}

/** A page of `size` bytes that changes with every `set` broadcast on `big`. */
export function bigView(
  size: number,
): LiveView<{ n: number }, Record<string, never>, { n: number }> {
  return defineLiveView<{ n: number }, Record<string, never>, { n: number }>({
    mount(_params, _session, socket) {
      socket.assign({ n: 0 });
      if (socket.connected) socket.subscribe('big');
    },
    handleInfo(msg, socket) {
      socket.assign({ n: msg.n });
    },
    render: (a) => html`<p>${a.n}</p><pre>${`${a.n}:`.padEnd(size, 'x')}</pre>`,
  });
}

/** Redirects from mount (dead render: 302 with flash; join: error reply with redirect). */
export const redirectingView = defineLiveView<Record<string, never>>({
  mount(_params, _session, socket) {
    socket.putFlash('error', 'nope');
    socket.redirect('/login');
  },
  render: () => html`<p>never</p>`,
});

/** Shows the flash it got. */
export const flashView = defineLiveView<Record<string, never>>({
  render: (a) => html`<p>${a.flash.info ?? 'none'}</p>`,
});

/** Replies with what each event carried, in the diff's `r` (a hook reply). */
export const echoView = defineLiveView<Record<string, never>>({
  handleEvent(event, value) {
    return { reply: { event, value } };
  },
  render: () => html`<p>echo</p>`,
});

/** A counter whose mounts after the first wait for `gate` (a slow restart); `crash` throws. */
export function slowRestartView(gate: Promise<void>) {
  let mounts = 0;
  return defineLiveView<{ count: number }, { inc: unknown; crash: unknown }>({
    async mount(_params, _session, socket) {
      socket.assign({ count: 0 });
      if (!socket.connected) return;
      mounts += 1;
      if (mounts > 1) await gate;
    },
    handleEvent(event, _value, socket) {
      if (event === 'crash') throw new Error('crash on demand');
      socket.update('count', (n) => n + 1);
    },
    render: (a) => html`<p>${a.count}</p>`,
  });
}

/** `/events/:id`: shows the id and the session's user, sets the page title. */
export const eventView = defineLiveView<{ id: string; user: string }>({
  mount(params, session, socket) {
    socket.assign({ id: String(params.id), user: String(session.user ?? 'anonymous') });
    socket.pageTitle = `Event ${String(params.id)}`;
  },
  render: (a) => html`<h1>${a.id}</h1><p>${a.user}</p>`,
});
