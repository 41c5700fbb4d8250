/**
 * Small live views for the end-to-end test of the official client against the real server
 * (official-client.test.ts). Each exercises one part of the protocol through the public API
 * only, and renders what it decoded, so the page itself shows what the server understood.
 */
import { defineLiveView, html } from '../../views/index.js';

/**
 * `<h1 id="count">`: starts at `?start=` (default 0), `inc` adds `phx-value-by`, `crash`
 * throws. `#mode` tells the dead (HTTP) render from the connected one.
 */
export const counterView = defineLiveView<
  { count: number; mode: string },
  { inc: { readonly by?: string }; crash: unknown }
>({
  mount(params, _session, socket) {
    socket.assign({
      count: Number(params.start ?? 0),
      mode: socket.connected ? 'live' : 'dead',
    });
  },
  handleEvent(event, value, socket) {
    if (event === 'crash') throw new Error('crash on demand (expected by the test)');
    socket.update('count', (n) => n + Number(value.by ?? 1));
  },
  render: (a) =>
    html`<h1 id="count">${a.count}</h1><p id="mode">${a.mode}</p><button id="inc" phx-click="inc" phx-value-by="2">+2</button><button id="crash" phx-click="crash">crash</button>`,
});

/** What the official client's form serialization decodes to (PROTOCOL.md 3.3). */
interface UserParams {
  readonly user?: { readonly name?: string; readonly email?: string };
  readonly _target?: readonly string[];
}

/**
 * A form with live validation: `validate` checks `user[name]` (at least 3 characters once
 * trimmed) and shows which field changed (`_target` as a key path); `save` shows the name.
 */
export const formView = defineLiveView<
  { name: string; error: string; target: string; saved: string },
  { validate: UserParams; save: UserParams }
>({
  mount(_params, _session, socket) {
    socket.assign({ name: '', error: '', target: '', saved: '' });
  },
  handleEvent(event, value, socket) {
    const name = (value.user?.name ?? '').trim();
    if (event === 'validate') {
      socket.assign({
        name,
        error: name.length < 3 ? 'name is too short' : '',
        target: (value._target ?? []).join('.'),
      });
    } else {
      socket.assign({ name, saved: `saved ${name}` });
    }
  },
  render: (a) =>
    html`<form id="user-form" phx-change="validate" phx-submit="save"><input id="name" name="user[name]" value=${a.name}><input id="email" name="user[email]" value=""><p id="error">${a.error}</p></form><p id="target">${a.target}</p><p id="saved">${a.saved}</p>`,
});

/** The PubSub topic {@link roomView} shares. */
export const ROOM_TOPIC = 'room';

/** A chat line broadcast on {@link ROOM_TOPIC}. */
export interface RoomMessage {
  readonly text: string;
}

/** Subscribes to {@link ROOM_TOPIC} when connected; `say` broadcasts `phx-value-text` to every view on it. */
export const roomView = defineLiveView<
  { lines: readonly string[] },
  { say: { readonly text: string } },
  RoomMessage
>({
  mount(_params, _session, socket) {
    socket.assign({ lines: [] });
    if (socket.connected) socket.subscribe(ROOM_TOPIC);
  },
  handleEvent(_event, value, socket) {
    socket.pubsub.broadcast(ROOM_TOPIC, { text: value.text } satisfies RoomMessage);
  },
  handleInfo(msg, socket) {
    socket.update('lines', (lines) => [...lines, msg.text]);
  },
  render: (a) =>
    html`<p id="lines">${a.lines.join('|')}</p><button id="say" phx-click="say" phx-value-text="hello">say</button>`,
});

/**
 * `?page=` shown by `handleParams`; `next` pushes a patch to the next page and a `paged`
 * event; the link patches from the client side.
 */
export const patchView = defineLiveView<{ page: number; runs: number }, { next: unknown }>({
  mount(_params, _session, socket) {
    socket.assign({ page: 0, runs: 0 });
  },
  handleParams(params, _url, socket) {
    socket.assign({ page: Number(params.page ?? 1) });
    socket.update('runs', (n) => n + 1);
    socket.pageTitle = `Page ${socket.assigns.page}`;
  },
  handleEvent(_event, _value, socket) {
    const next = socket.assigns.page + 1;
    socket.pushEvent('paged', { page: next });
    socket.pushPatch(`/patch?page=${next}`);
  },
  render: (a) =>
    html`<p id="page">${a.page}</p><p id="runs">${a.runs}</p><button id="next" phx-click="next">next</button><a id="five" href="/patch?page=5" data-phx-link="patch" data-phx-link-state="push">five</a>`,
});

/** Leaves from an event: `redirect` (full page load, with a flash) or `navigate` (live). */
export const navView = defineLiveView<
  Record<string, never>,
  { redirect: unknown; navigate: unknown }
>({
  handleEvent(event, _value, socket) {
    if (event === 'redirect') {
      socket.putFlash('info', 'redirected here');
      socket.redirect('/flash');
    } else {
      socket.pushNavigate('/counter?start=5');
    }
  },
  render: () =>
    html`<button id="redirect" phx-click="redirect">redirect</button><button id="navigate" phx-click="navigate">navigate</button>`,
});

/** Shows `flash.info` (click it to clear it, as LiveView's flash component does); `notify` sets it. */
export const flashView = defineLiveView<Record<string, never>, { notify: unknown }>({
  handleEvent(_event, _value, socket) {
    socket.putFlash('info', 'saved!');
  },
  render: (a) =>
    html`<div id="flash">${
      a.flash.info === undefined
        ? ''
        : html`<p id="flash-info" phx-click="lv:clear-flash" phx-value-key="info">${a.flash.info}</p>`
    }</div><button id="notify" phx-click="notify">notify</button>`,
});

/**
 * A `phx-hook` element: the hook's `ping` gets a reply (`{ reply }` from handleEvent, the
 * diff's `r`) and the view pushes `pong` back to the hook's `handleEvent`.
 */
export const hookView = defineLiveView<Record<string, never>, { ping: { readonly n: number } }>({
  handleEvent(_event, value, socket) {
    socket.pushEvent('pong', { n: value.n + 1 });
    return { reply: { n: value.n * 10 } };
  },
  render: () => html`<div id="pinger" phx-hook="Pinger">hook</div>`,
});

/** The routes of the test server. */
export const OFFICIAL_ROUTES = [
  { path: '/counter', view: counterView },
  { path: '/form', view: formView },
  { path: '/room', view: roomView },
  { path: '/patch', view: patchView },
  { path: '/nav', view: navView },
  { path: '/flash', view: flashView },
  { path: '/hook', view: hookView },
] as const;
