/**
 * Sticky basket: two catalogue pages, concerts and workshops, joined by live navigation, and
 * one basket on both. The basket is a nested live view rendered with `sticky: true`: a process
 * of its own, so moving between the pages swaps the page's view while the basket keeps its
 * holds and their countdowns, ticking in its own process. The pages' "Hold" buttons target the
 * basket's container (`phx-target="#basket"`), so their clicks go straight to its process.
 */
import {
  defineLiveView,
  html,
  keyed,
  type LiveViewSocket,
  link,
  liveRender,
  type Template,
} from '../views/index.js';
import type { Example } from './example.js';

type Kind = 'concerts' | 'workshops';
type Item = {
  readonly id: string;
  readonly name: string;
  readonly when: string;
  readonly price: number;
};

const CATALOGUE: Readonly<Record<Kind, readonly Item[]>> = {
  concerts: [
    { id: 'c1', name: 'Night Lights Quartet', when: 'Fri 12 Sep', price: 35 },
    { id: 'c2', name: 'Harbour Brass Band', when: 'Sat 13 Sep', price: 28 },
    { id: 'c3', name: 'Solo Cello at Dusk', when: 'Sun 14 Sep', price: 22 },
  ],
  workshops: [
    { id: 'w1', name: 'Screen printing', when: 'Mon 15 Sep', price: 40 },
    { id: 'w2', name: 'Sourdough basics', when: 'Tue 16 Sep', price: 30 },
    { id: 'w3', name: 'Night photography', when: 'Wed 17 Sep', price: 45 },
  ],
};
const ITEMS = new Map([...CATALOGUE.concerts, ...CATALOGUE.workshops].map((i) => [i.id, i]));

/** How long a hold lasts, and how many a basket takes. */
export const HOLD_MS = 5 * 60_000;
export const MAX_HOLDS = 4;

type Hold = { readonly id: string; readonly until: number };
type BasketAssigns = { holds: readonly Hold[]; now: number; note: string };
type BasketEvents = { hold: { readonly id?: string }; release: { readonly id?: string } };

const TICK = 'tick';
const AND = new Intl.ListFormat('en', { type: 'conjunction' });

/** Asks for the next second's tick; the clock is the system's, so a test can move it. */
function tick(socket: LiveViewSocket<BasketAssigns>): void {
  if (socket.self !== undefined) socket.system.sendAfter(socket.self, TICK, 1000);
}

function held(socket: LiveViewSocket<BasketAssigns>, id: string): string | undefined {
  const item = ITEMS.get(id);
  const { holds } = socket.assigns;
  if (item === undefined) return undefined;
  if (holds.some((h) => h.id === id)) return `${item.name} is held already.`;
  if (holds.length >= MAX_HOLDS) return `You can hold ${MAX_HOLDS} at most: release one first.`;
  const now = socket.system.clock.now();
  // The first hold starts the ticking; it stops by itself when the basket empties.
  if (holds.length === 0) tick(socket);
  socket.assign({ holds: [...holds, { id, until: now + HOLD_MS }], now });
  return `Holding ${item.name} for 5 minutes.`;
}

/** The basket: the sticky view. Its holds live in its process, one per browser tab. */
const Basket = defineLiveView<BasketAssigns, BasketEvents, typeof TICK>({
  mount(_params, _session, socket) {
    socket.assign({ holds: [], now: socket.system.clock.now(), note: '' });
  },
  handleEvent(event, { id = '' }, socket) {
    const item = ITEMS.get(id);
    if (event === 'hold') {
      socket.assign({ note: held(socket, id) ?? 'That is not in the catalogue.' });
    } else if (item !== undefined) {
      socket.update('holds', (holds) => holds.filter((h) => h.id !== id));
      socket.assign({ note: `Released ${item.name}.` });
    }
  },
  handleInfo(_tick, socket) {
    const now = socket.system.clock.now();
    const { holds } = socket.assigns;
    const kept = holds.filter((h) => h.until > now);
    const gone = holds.filter((h) => h.until <= now).map((h) => ITEMS.get(h.id)?.name ?? h.id);
    socket.assign({ now, holds: kept });
    if (gone.length > 0) socket.assign({ note: `Your hold on ${AND.format(gone)} ran out.` });
    if (kept.length > 0) tick(socket);
  },
  render: (a) => html`<aside class="card basket" aria-labelledby="basket-title">
<h2 id="basket-title">Your holds</h2>
<p class="basket-note" id="basket-note" role="status">${a.note}</p>
${
  a.holds.length === 0
    ? html`<p class="muted" id="basket-empty">Nothing held yet. Hold a seat on either page: this basket stays with you as you move between them.</p>`
    : html`<ul class="holds" id="holds">${keyed(
        a.holds,
        (h) => h.id,
        (h) => holdRow(h, a.now),
      )}</ul>
<p class="basket-total">Total <span id="basket-total">€${total(a.holds)}</span></p>`
}
</aside>`,
});

function holdRow(hold: Hold, now: number): Template {
  const item = ITEMS.get(hold.id) as Item;
  return html`<li class="hold" id=${`hold-${hold.id}`}><span class="hold-name">${item.name}</span>
<span class="hold-time">${countdown(hold.until - now)} left</span>
<button phx-click="release" phx-value-id=${hold.id}>Release<span class="visually-hidden">: ${item.name}</span></button></li>`;
}

function countdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function total(holds: readonly Hold[]): number {
  return holds.reduce((sum, h) => sum + (ITEMS.get(h.id)?.price ?? 0), 0);
}

/** One catalogue page; both render the basket at the same place, under the same id. */
function cataloguePage(kind: Kind) {
  return defineLiveView<Record<string, never>>({
    mount(_params, _session, socket) {
      socket.pageTitle = 'Sticky basket';
    },
    render: () => html`<h1>Sticky basket</h1>
<p class="lead">The basket is a live view of its own, rendered on both pages with
<code>sticky: true</code>. Hold a seat, then switch pages: the page's view is replaced, the
basket's process is not, and its countdowns keep running.</p>
<nav class="segmented" aria-label="Catalogue">${tab('concerts', 'Concerts', kind)}${tab('workshops', 'Workshops', kind)}</nav>
<div class="shop">
<section aria-labelledby="catalogue-title">
<h2 id="catalogue-title" class="visually-hidden">${kind === 'concerts' ? 'Concerts' : 'Workshops'}</h2>
<ul class="rows">${CATALOGUE[kind].map(
      (
        item,
      ) => html`<li class="row" id=${`item-${item.id}`}><span class="row-name">${item.name}</span>
<span class="row-date">${item.when}</span>
<span class="row-remaining">€${item.price}</span>
<span class="row-action"><button phx-click="hold" phx-target="#basket" phx-value-id=${item.id}>Hold<span class="visually-hidden">: ${item.name}</span></button></span></li>`,
    )}</ul>
</section>
${liveRender(Basket, { id: 'basket', sticky: true, container: ['div', { class: 'basket-slot' }] })}
</div>`,
  });
}

function tab(kind: Kind, label: string, current: Kind): Template {
  return kind === current
    ? html`<span aria-current="page">${label}</span>`
    : link({ navigate: `/basket/${kind}` }, label);
}

export const stickyBasket: Example = {
  path: '/basket/concerts',
  title: 'Sticky basket',
  source: 'sticky-basket.ts',
  tryThis:
    'Hold a concert, switch to workshops and hold one there: the basket and its countdowns carry on.',
  shows:
    'A sticky nested live view keeps its own process and state across live navigation; the pages target it with phx-target.',
  routes: [
    { path: '/basket/concerts', view: cataloguePage('concerts') },
    { path: '/basket/workshops', view: cataloguePage('workshops') },
  ],
};
