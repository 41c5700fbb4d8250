/**
 * Reservations: the tickets left live in one process, started once under a supervisor. Each
 * open tab is a view that asks that process to reserve, so two clicks at once can never sell
 * the same ticket; the process tells every view the new count through PubSub, and only the
 * view that acted shows a flash.
 */
import { type Behaviour, type PubSub, Supervisor } from '../actors/index.js';
import { defineLiveView, html } from '../views/index.js';
import type { Example } from './example.js';
import { createGettext } from './gettext.js';

const NAME = 'reservations';
const TOPIC = 'reservations';
const STOCK = 10;

/** What every view hears after the count changed. */
type Left = { readonly left: number };
/** The count lives in the process only, so it may change in place. */
type Stock = { readonly pubsub: PubSub; left: number };

// Calls: 'left' answers the count, 'reserve' whether a ticket was taken. The cast restocks.
const stock: Behaviour<Stock, PubSub, 'left' | 'reserve', number | boolean, 'restock'> = {
  init: (pubsub) => ({ pubsub, left: STOCK }),
  handleCall(msg, _from, state) {
    if (msg === 'left') return { reply: state.left, state };
    if (state.left === 0) return { reply: false, state };
    state.left -= 1;
    state.pubsub.broadcast(TOPIC, { left: state.left } satisfies Left);
    return { reply: true, state };
  },
  handleCast(_restock, state) {
    state.left = STOCK;
    state.pubsub.broadcast(TOPIC, { left: state.left } satisfies Left);
    return state;
  },
};

// The language's plural rules pick the form, not a test on 1 (see the localization example).
const { ngettext } = createGettext({});
const itemsLeft = (n: number) => ngettext('en', 'One item left', '%{count} items left', n);

/** A flash message; clicking it clears it (the runtime knows `lv:clear-flash`). */
const flash = (kind: 'info' | 'error', text: string | undefined) =>
  text === undefined
    ? ''
    : html`<p class="flash ${kind}" id="flash-${kind}" phx-click="lv:clear-flash" phx-value-key=${kind}>${text}</p>`;

type Events = { readonly reserve: unknown; readonly restock: unknown };

const Reservations = defineLiveView<{ left: number }, Events, Left>({
  async mount(_params, _session, socket) {
    // Subscribed before reading, so no reservation falls between the count and the news.
    socket.subscribe(TOPIC);
    socket.assign({ left: await socket.system.call<number>(NAME, 'left') });
  },
  async handleEvent(event, _value, socket) {
    if (event === 'restock') {
      socket.system.cast(NAME, 'restock');
      socket.clearFlash().putFlash('info', 'Back in stock!');
    } else if (await socket.system.call<boolean>(NAME, 'reserve')) {
      socket.clearFlash().putFlash('info', '1 ticket reserved!');
    } else {
      // The button was still enabled here when someone else took the last ticket.
      socket.clearFlash().putFlash('error', 'Too late: the last ticket just went.');
    }
  },
  handleInfo({ left }, socket) {
    socket.assign({ left });
  },
  render: (a) => html`<h1>Reservations</h1>
${flash('info', a.flash.info)}${flash('error', a.flash.error)}
<p id="left">${a.left > 0 ? itemsLeft(a.left) : 'Sorry, sold out!'}</p>
<button id="reserve" phx-click="reserve" disabled=${a.left === 0}>Reserve one</button>
<button id="restock" phx-click="restock">Restock</button>`,
});

export const reservations: Example = {
  path: '/reservations',
  title: 'Reservations',
  summary: `Open it in two tabs and reserve: the count changes in both, the flash shows only where you clicked; once sold out, Restock puts ${STOCK} back.`,
  routes: [{ path: '/reservations', view: Reservations }],
  async start({ system, pubsub }) {
    await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [{ id: NAME, name: NAME, start: [stock, pubsub] }],
    });
  },
};
