/**
 * Reservations: the tickets left live in one process, the stock, the only one of the app. Each
 * open tab is a view that asks the stock to reserve, so two clicks at once can never sell the
 * same ticket; the stock tells every view the new count through PubSub, and only the view that
 * acted shows a flash. The stock also remembers how many tickets each buyer holds: a tab here,
 * a signed-in user on the "My tickets" page (my-tickets.ts), who may also give one back.
 *
 * Run on many processes (`npm run start:cluster`), the stock is a cluster singleton: it runs on
 * one of them and moves to another if that one dies. It saves every sale before it answers
 * (stores/state-store.ts: in Redis, under its fencing token), so the node that takes over knows
 * every sale, and each sale carries a request id, so a click retried across the move
 * (stores/shared-process.ts) is answered from the record instead of selling a second ticket.
 */
import { randomUUID } from 'node:crypto';
import type { Behaviour, Pid, PubSub, SingletonLease } from '../actors/index.js';
import { defineLiveView, html, type LiveViewSocket } from '../views/index.js';
import type { Example } from './example.js';
import { flashes } from './flash.js';
import { createGettext } from './gettext.js';
import { callShared, startShared } from './stores/shared-process.js';
import { type StateStore, stateStore } from './stores/state-store.js';

/** The stock's registered name, and the topic it tells every change on. */
export const STOCK_NAME = 'reservations';
export const STOCK_TOPIC = 'reservations';
const NAME = STOCK_NAME;
const TOPIC = STOCK_TOPIC;
/** The stock when the app does not say (`tickets` of the example context). */
const TICKETS = 10;

/** What every view hears after the count changed; a restock names the view that asked. */
export type Left = { readonly left: number; readonly restockedBy?: Pid | undefined };
/** What the stock saves: the count, and per tab (view id) what it holds and its last sale. */
type Saved = {
  readonly total: number;
  readonly left: number;
  readonly buyers: Readonly<Record<string, { readonly held: number; readonly last: string }>>;
};
type Stock = { readonly pubsub: PubSub; readonly store: StateStore<Saved>; saved: Saved };
type StockArg = { readonly pubsub: PubSub; readonly lease: SingletonLease; readonly total: number };
/** What a view asks the stock; a `release` gives one of the buyer's tickets back. */
export type Ask =
  | { readonly type: 'left'; readonly buyer: string }
  | { readonly type: 'reserve'; readonly buyer: string; readonly request: string }
  | { readonly type: 'release'; readonly buyer: string; readonly request: string }
  | { readonly type: 'restock'; readonly by: Pid | undefined };
/**
 * The count, the stock's size, and what the asking buyer holds; `sold` says whether the ask
 * was done (a ticket sold, or for a release one taken back).
 */
export type Answer = {
  readonly left: number;
  readonly total: number;
  readonly held: number;
  readonly sold: boolean;
};

const answer = (saved: Saved, buyer: string, sold = false): Answer => ({
  left: saved.left,
  total: saved.total,
  held: saved.buyers[buyer]?.held ?? 0,
  sold,
});

const stock: Behaviour<Stock, StockArg, Ask, Answer> = {
  async init({ pubsub, lease, total }, ctx) {
    const store = stateStore<Saved>(ctx.system, lease);
    const saved = (await store.load()) ?? { total, left: total, buyers: {} };
    // Taking over: a broadcast the previous stock sent just before it died may have been lost.
    pubsub.broadcast(TOPIC, { left: saved.left } satisfies Left);
    return { pubsub, store, saved };
  },
  async handleCall(ask, _from, state) {
    const { saved } = state;
    if (ask.type === 'left') return { reply: answer(saved, ask.buyer), state };
    if (ask.type === 'restock') {
      await commit(state, { total: saved.total, left: saved.total, buyers: {} }, ask.by);
      return { reply: answer(state.saved, ''), state };
    }
    const buyer = saved.buyers[ask.buyer];
    // The same click, sent again after its answer was lost: it was done already.
    if (buyer?.last === ask.request) return { reply: answer(saved, ask.buyer, true), state };
    if (ask.type === 'release') {
      if (buyer === undefined || buyer.held === 0)
        return { reply: answer(saved, ask.buyer), state };
      const held = { held: buyer.held - 1, last: ask.request };
      const left = Math.min(saved.total, saved.left + 1);
      await commit(state, { ...saved, left, buyers: { ...saved.buyers, [ask.buyer]: held } });
      return { reply: answer(state.saved, ask.buyer, true), state };
    }
    if (saved.left === 0) return { reply: answer(saved, ask.buyer), state };
    const buyers = {
      ...saved.buyers,
      [ask.buyer]: { held: (buyer?.held ?? 0) + 1, last: ask.request },
    };
    await commit(state, { ...saved, left: saved.left - 1, buyers });
    return { reply: answer(state.saved, ask.buyer, true), state };
  },
};

/**
 * Saves, then tells: a sale nobody heard of may be lost with this process, never one a view
 * was told about. A failed save (another node took over) crashes the stock, and the caller
 * tries again with the stock that took over.
 */
async function commit(state: Stock, next: Saved, restockedBy?: Pid): Promise<void> {
  await state.store.save(next);
  state.saved = next;
  state.pubsub.broadcast(TOPIC, { left: next.left, restockedBy } satisfies Left);
}

// The language's plural rules pick the form, not a test on 1 (see the localization example).
const { ngettext } = createGettext({});
export const ticketsLeft = (n: number) =>
  n === 0 ? 'Sold out' : ngettext('en', '%{count} ticket left', '%{count} tickets left', n);
const youHold = (n: number) =>
  n === 0
    ? 'This tab holds no ticket yet.'
    : ngettext('en', 'This tab holds %{count} ticket.', 'This tab holds %{count} tickets.', n);

type Assigns = { left: number; total: number; held: number };
type Events = { readonly reserve: unknown; readonly restock: unknown };

/** Asks the stock, wherever it runs; the view's id names the tab. */
function ask(socket: LiveViewSocket<Assigns, Left>, msg: Ask): Promise<Answer> {
  return callShared<Answer>(socket.system, NAME, msg);
}

const Reservations = defineLiveView<Assigns, Events, Left>({
  async mount(_params, _session, socket) {
    socket.pageTitle = 'Reservations';
    // Subscribed before reading, so no reservation falls between the count and the news.
    if (socket.connected) socket.subscribe(TOPIC);
    const { left, total, held } = await ask(socket, { type: 'left', buyer: socket.id });
    socket.assign({ left, total, held });
  },
  async handleEvent(event, _value, socket) {
    if (event !== 'reserve' && event !== 'restock') return; // no button of this page sends it
    let reply: Answer;
    try {
      reply =
        event === 'restock'
          ? await ask(socket, { type: 'restock', by: socket.self })
          : await ask(socket, { type: 'reserve', buyer: socket.id, request: randomUUID() });
    } catch {
      socket
        .clearFlash()
        .putFlash('error', 'The stock did not answer in time. Reload to see what you hold.');
      return;
    }
    socket.assign({
      left: reply.left,
      total: reply.total,
      held: event === 'restock' ? 0 : reply.held,
    });
    if (event === 'restock') {
      socket.clearFlash().putFlash('info', `Restocked: ${ticketsLeft(reply.total)}.`);
    } else if (reply.sold) {
      socket.clearFlash().putFlash('info', 'You reserved a ticket.');
    } else {
      // The button was still enabled here when someone else took the last ticket.
      socket.clearFlash().putFlash('error', 'Too late: the last ticket just went.');
    }
  },
  handleInfo({ left, restockedBy }, socket) {
    socket.assign({ left });
    // After a restock, "You reserved a ticket" or "Too late" describe a stock that is gone:
    // they would sit above a full count and contradict it; and the tickets held went with it.
    if (restockedBy !== undefined) socket.assign({ held: 0 });
    if (restockedBy !== undefined && restockedBy !== socket.self) socket.clearFlash();
  },
  render: (a) => html`<h1>Reservations</h1>
<p class="lead">A stock of ${a.total} tickets, held by one process on the server. Open this page in a second
tab: a reservation in either moves the count in both, and only the tab that reserved hears
about it.</p>
${flashes(a.flash)}
<section class="card">
<p class="big" id="left" aria-live="polite">${ticketsLeft(a.left)}</p>
<p id="held">${youHold(a.held)}</p>
<p class="muted">Every tab asks the same process, so two clicks at once never get the same ticket.</p>
<div class="cluster">
<button id="reserve" class="button-primary" phx-click="reserve" disabled=${a.left === 0}>Reserve a ticket</button>
<button id="restock" phx-click="restock" disabled=${a.left === a.total}>Restock to ${a.total}</button>
</div>
</section>`,
});

export const reservations: Example = {
  path: '/reservations',
  title: 'Reservations',
  source: 'reservations.ts',
  tryThis: 'Open it in two tabs and reserve until it sells out, then restock from either tab.',
  shows:
    'One process owns the stock and tells every view through PubSub; a flash reaches only the view that acted.',
  routes: [{ path: '/reservations', view: Reservations }],
  async start({ system, pubsub, tickets }) {
    const total = tickets ?? TICKETS;
    await startShared(system, NAME, (lease) => [
      stock,
      { pubsub, lease, total } satisfies StockArg,
    ]);
  },
};
