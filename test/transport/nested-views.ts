/**
 * Pages with nested live views for the transport, official-client and e2e tests: `/home` holds
 * a counter of its own, a nested `kid` counter and the sticky `basket`; `/other` holds the
 * basket only, and `/third` the basket and a line of text. Links between them are live
 * navigations. `kid` can crash on demand; the parent can too.
 */
import { defineLiveView, html, link, liveRender } from '../../views/index.js';

/** Connected mounts of each view so far, by name: a remount shows as a count above one. */
export const connectedMounts = new Map<string, number>();

function mounted(name: string): number {
  const count = (connectedMounts.get(name) ?? 0) + 1;
  connectedMounts.set(name, count);
  return count;
}

/** A counter nested in `/home`: `#kid-n`, `inc`, and `boom` (throws). */
export const Kid = defineLiveView<{ n: number; mounts: number }, { inc: unknown; boom: unknown }>({
  mount(_params, _session, socket) {
    socket.assign({ n: 0, mounts: socket.connected ? mounted('kid') : 0 });
  },
  handleEvent(event, _value, socket) {
    if (event === 'boom') throw new Error('kid crashes on demand (expected by the test)');
    socket.update('n', (n) => n + 1);
  },
  render: (a) =>
    html`<div class="kid"><span id="kid-n">${a.n}</span> <span id="kid-mounts">${a.mounts}</span><button id="kid-inc" phx-click="inc">kid +1</button><button id="kid-boom" phx-click="boom">kid boom</button></div>`,
});

/** The sticky basket: `#basket-n`, `add`. */
export const Basket = defineLiveView<{ n: number; mounts: number }, { add: unknown }>({
  mount(_params, session, socket) {
    socket.assign({
      n: Number(session.start ?? 0),
      mounts: socket.connected ? mounted('basket') : 0,
    });
  },
  handleEvent(_event, _value, socket) {
    socket.update('n', (n) => n + 1);
  },
  render: (a) =>
    html`<aside class="basket"><span id="basket-n">${a.n}</span> <span id="basket-mounts">${a.mounts}</span><button id="basket-add" phx-click="add">basket +1</button></aside>`,
});

const basket = () => liveRender(Basket, { id: 'basket', sticky: true, session: { start: 0 } });

/** `/home`: `#home-n`, `bump`, `crash` (throws), the kid and the basket, a link to `/other`. */
export const Home = defineLiveView<{ n: number }, { bump: unknown; crash: unknown }>({
  mount(_params, _session, socket) {
    socket.assign({ n: 0 });
  },
  handleEvent(event, _value, socket) {
    if (event === 'crash') throw new Error('home crashes on demand (expected by the test)');
    socket.update('n', (n) => n + 1);
  },
  render: (a) =>
    html`<h1 id="title">home</h1><span id="home-n">${a.n}</span><button id="home-bump" phx-click="bump">home +1</button><button id="home-crash" phx-click="crash">home crash</button>${liveRender(Kid, { id: 'kid', container: ['section', { class: 'kid-box' }] })}${basket()}${link({ navigate: '/other', attrs: { id: 'to-other' } }, 'other')}`,
});

/** `/other`: the basket, and links to `/home` and `/third`. */
export const Other = defineLiveView<Record<string, never>>({
  render: () =>
    html`<h1 id="title">other</h1>${basket()}${link({ navigate: '/home', attrs: { id: 'to-home' } }, 'home')}${link({ navigate: '/third', attrs: { id: 'to-third' } }, 'third')}`,
});

/** `/third`: a line of text and the basket, at another place in the page. */
export const Third = defineLiveView<Record<string, never>>({
  render: () =>
    html`<h1 id="title">third</h1><div class="wrap"><p>third page</p>${basket()}</div>${link({ navigate: '/home', attrs: { id: 'to-home' } }, 'home')}`,
});

/** `/lonely`: no basket; navigating here drops it. */
export const Lonely = defineLiveView<Record<string, never>>({
  render: () => html`<h1 id="title">lonely</h1>`,
});

export const NESTED_ROUTES = [
  { path: '/home', view: Home },
  { path: '/other', view: Other },
  { path: '/third', view: Third },
  { path: '/lonely', view: Lonely },
];
