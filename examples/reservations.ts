/**
 * Reservations: the tickets left live in one process, started once under a supervisor. Each
 * open tab is a view that asks that process to reserve, so two clicks at once can never sell
 * the same ticket; the process tells every view the new count through PubSub, and only the
 * view that acted shows a flash. A signed-in user's tickets are kept by name, numbered, for
 * the "My tickets" page (my-tickets.ts); this page sells without a name.
 */
import { type Behaviour, type Pid, type PubSub, Supervisor } from '../actors/index.js';
import { defineLiveView, html } from '../views/index.js';
import type { Example } from './example.js';
import { flashes } from './flash.js';
import { createGettext } from './gettext.js';

/** The stock process's registered name, and the topic it tells every change on. */
export const STOCK_NAME = 'reservations';
export const STOCK_TOPIC = 'reservations';
const NAME = STOCK_NAME;
const TOPIC = STOCK_TOPIC;
const STOCK = 10;

/** What every view hears after the count changed; a restock names the view that asked. */
export type Left = { readonly left: number; readonly restockedBy?: Pid | undefined };
/** A ticket reserved by name: its number (counted from 1 since the server started). */
export type Ticket = { readonly number: number; readonly reservedAt: number };
/** The stock lives in the process only, so it may change in place. */
type Stock = {
  readonly pubsub: PubSub;
  left: number;
  sold: number;
  readonly held: Map<string, Ticket[]>;
};
type Restock = { readonly restock: Pid | undefined };

/**
 * What the stock answers: 'left' the count; 'reserve' whether a ticket was taken; `reserveFor`
 * the ticket reserved for that holder (undefined when sold out); `ticketsOf` a holder's tickets;
 * `release` whether the holder had that ticket (it goes back on sale). The cast restocks.
 */
export type StockCall =
  | 'left'
  | 'reserve'
  | { readonly reserveFor: string }
  | { readonly ticketsOf: string }
  | { readonly release: { readonly holder: string; readonly number: number } };

const stock: Behaviour<Stock, PubSub, StockCall, unknown, Restock> = {
  init: (pubsub) => ({ pubsub, left: STOCK, sold: 0, held: new Map() }),
  handleCall(msg, _from, state, ctx) {
    if (msg === 'left') return { reply: state.left, state };
    if (typeof msg === 'object' && 'ticketsOf' in msg) {
      return { reply: state.held.get(msg.ticketsOf) ?? [], state };
    }
    if (typeof msg === 'object' && 'release' in msg) {
      return { reply: release(state, msg.release.holder, msg.release.number), state };
    }
    if (state.left === 0) return { reply: msg === 'reserve' ? false : undefined, state };
    state.left -= 1;
    state.sold += 1;
    state.pubsub.broadcast(TOPIC, { left: state.left } satisfies Left);
    if (msg === 'reserve') return { reply: true, state };
    const ticket: Ticket = { number: state.sold, reservedAt: ctx.system.clock.now() };
    state.held.set(msg.reserveFor, [...(state.held.get(msg.reserveFor) ?? []), ticket]);
    return { reply: ticket, state };
  },
  handleCast({ restock }, state) {
    state.left = STOCK;
    state.pubsub.broadcast(TOPIC, { left: state.left, restockedBy: restock } satisfies Left);
    return state;
  },
};

function release(state: Stock, holder: string, number: number): boolean {
  const tickets = state.held.get(holder) ?? [];
  const kept = tickets.filter((t) => t.number !== number);
  if (kept.length === tickets.length) return false;
  if (kept.length === 0) state.held.delete(holder);
  else state.held.set(holder, kept);
  state.left = Math.min(STOCK, state.left + 1);
  state.pubsub.broadcast(TOPIC, { left: state.left } satisfies Left);
  return true;
}

// The language's plural rules pick the form, not a test on 1 (see the localization example).
const { ngettext } = createGettext({});
export const ticketsLeft = (n: number) =>
  n === 0 ? 'Sold out' : ngettext('en', '%{count} ticket left', '%{count} tickets left', n);

type Events = { readonly reserve: unknown; readonly restock: unknown };

const Reservations = defineLiveView<{ left: number }, Events, Left>({
  async mount(_params, _session, socket) {
    socket.pageTitle = 'Reservations';
    // Subscribed before reading, so no reservation falls between the count and the news.
    socket.subscribe(TOPIC);
    socket.assign({ left: await socket.system.call<number>(NAME, 'left') });
  },
  async handleEvent(event, _value, socket) {
    if (event === 'restock') {
      socket.system.cast(NAME, { restock: socket.self } satisfies Restock);
      socket.clearFlash().putFlash('info', `Restocked: ${ticketsLeft(STOCK)}.`);
      return;
    }
    if (event !== 'reserve') return; // no button of this page sends it
    if (await socket.system.call<boolean>(NAME, 'reserve')) {
      socket.clearFlash().putFlash('info', 'You reserved a ticket.');
    } else {
      // The button was still enabled here when someone else took the last ticket.
      socket.clearFlash().putFlash('error', 'Too late: the last ticket just went.');
    }
  },
  handleInfo({ left, restockedBy }, socket) {
    socket.assign({ left });
    // After another tab's restock, "You reserved a ticket" or "Too late" describe a stock
    // that is gone: they would sit above a full count and contradict it.
    if (restockedBy !== undefined && restockedBy !== socket.self) socket.clearFlash();
  },
  render: (a) => html`<h1>Reservations</h1>
<p class="lead">A stock of ${STOCK} tickets, held by one process on the server. Open this page in a second
tab: a reservation in either moves the count in both, and only the tab that reserved hears
about it.</p>
${flashes(a.flash)}
<section class="card">
<p class="big" id="left" aria-live="polite">${ticketsLeft(a.left)}</p>
<p class="muted">Every tab asks the same process, so two clicks at once never get the same ticket.</p>
<div class="cluster">
<button id="reserve" class="button-primary" phx-click="reserve" disabled=${a.left === 0}>Reserve a ticket</button>
<button id="restock" phx-click="restock" disabled=${a.left === STOCK}>Restock to ${STOCK}</button>
</div>
</section>`,
});

export const reservations: Example = {
  path: '/reservations',
  title: 'Reservations',
  source: 'reservations.ts',
  tryThis: 'Open it in two tabs and reserve until it sells out, then restock from either tab.',
  shows:
    'One supervised process owns the stock and tells every view through PubSub; a flash reaches only the view that acted.',
  routes: [{ path: '/reservations', view: Reservations }],
  async start({ system, pubsub }) {
    await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [{ id: NAME, name: NAME, start: [stock, pubsub] }],
    });
  },
};
