/**
 * Events list: four concerts and their tickets, owned by one box-office process. Every tab
 * follows the box office through PubSub, so a reservation anywhere moves the count everywhere.
 * The same rows render two ways: a keyed list of function components at `/events` (the view
 * owns the list; a change re-sends one row's text), and live components at
 * `/events/components` (each row keeps its own state and handles its own clicks).
 *
 * Like the reservations stock, the box office is the app's one shared process wherever it runs
 * (stores/shared-process.ts): it saves each sale before it answers, and records the request id
 * of each tab's last sale, so a click tried again while it moves to another node sells once.
 */
import { randomUUID } from 'node:crypto';
import type { Behaviour, PubSub, SingletonLease } from '../actors/index.js';
import {
  defineComponent,
  defineLiveView,
  type Flash,
  type FunctionComponent,
  html,
  JS,
  keyed,
  type LiveViewSocket,
  link,
  liveComponent,
  type Template,
} from '../views/index.js';
import { integerField } from './event-values.js';
import type { Example } from './example.js';
import { flashes } from './flash.js';
import { createGettext } from './gettext.js';
import { callShared, startShared } from './stores/shared-process.js';
import { type StateStore, stateStore } from './stores/state-store.js';

type Concert = Readonly<{ id: number; name: string; date: string; remaining: number }>;
/** Carries the whole new concert, not a difference, so applying it twice or late is harmless. */
type Changed = { readonly type: 'changed'; readonly concert: Concert };
/** What the box office saves: the concerts, and each tab's (view id's) last sale. */
type Saved = {
  readonly concerts: readonly Concert[];
  readonly sales: Readonly<Record<string, string>>;
};
type Office = { readonly pubsub: PubSub; readonly store: StateStore<Saved>; saved: Saved };
type Ask =
  | 'list'
  | 'restock'
  | { readonly reserve: number; readonly buyer: string; readonly request: string };
/** A reserve's answer: whether it sold, and the concert as it is now. */
type Sale = { readonly sold: boolean; readonly concert: Concert | undefined };

const BOX_OFFICE = 'box-office';
const TOPIC = 'box-office';
// One name has markup characters on purpose: it shows up escaped, never as markup.
const CONCERTS: readonly Concert[] = [
  { id: 1, name: 'Strings & Brass', date: '2027-03-14', remaining: 40 },
  { id: 2, name: 'Nina\'s "Late" <Set>', date: '2027-03-21', remaining: 3 },
  { id: 3, name: 'Organ at Noon', date: '2027-04-02', remaining: 1 },
  { id: 4, name: 'Choir by Candlelight', date: '2027-04-18', remaining: 12 },
];

const boxOffice: Behaviour<
  Office,
  { readonly pubsub: PubSub; readonly lease: SingletonLease },
  Ask,
  readonly Concert[] | Sale
> = {
  async init({ pubsub, lease }, ctx) {
    const store = stateStore<Saved>(ctx.system, lease);
    const saved = (await store.load()) ?? { concerts: CONCERTS, sales: {} };
    // Taking over: what the previous box office broadcast just before it died may be lost.
    for (const concert of saved.concerts) pubsub.broadcast(TOPIC, { type: 'changed', concert });
    return { pubsub, store, saved };
  },
  async handleCall(ask, _from, state) {
    const { concerts, sales } = state.saved;
    if (ask === 'list') return { reply: concerts, state };
    if (ask === 'restock') {
      // Each concert gets its first stock back; every view hears of each that changed.
      await commit(state, { concerts: CONCERTS, sales: {} });
      return { reply: CONCERTS, state };
    }
    const concert = concerts.find((c) => c.id === ask.reserve);
    // The same click, sent again after its answer was lost: it bought this ticket already.
    if (sales[ask.buyer] === ask.request) return { reply: { sold: true, concert }, state };
    // Two tabs may race for the last ticket; whoever comes second finds none left.
    if (concert === undefined || concert.remaining === 0) {
      return { reply: { sold: false, concert }, state };
    }
    const sold = { ...concert, remaining: concert.remaining - 1 };
    await commit(state, {
      concerts: concerts.map((c) => (c === concert ? sold : c)),
      sales: { ...sales, [ask.buyer]: ask.request },
    });
    return { reply: { sold: true, concert: sold }, state };
  },
};

/** Saves, then tells every view of each concert that changed: never the other way round. */
async function commit(state: Office, next: Saved): Promise<void> {
  const before = state.saved.concerts;
  await state.store.save(next);
  state.saved = next;
  for (const concert of next.concerts) {
    const old = before.find((c) => c.id === concert.id);
    if (old?.remaining === concert.remaining) continue;
    state.pubsub.broadcast(TOPIC, { type: 'changed', concert } satisfies Changed);
  }
}

/** Whether every concert has its first stock, so a restock would change nothing. */
const full = (concerts: readonly Concert[]) =>
  concerts.every((c) => c.remaining === CONCERTS.find((first) => first.id === c.id)?.remaining);

const { ngettext } = createGettext({});
const DAY = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

function ticketsLeft(n: number): string {
  if (n === 0) return 'Sold out';
  return ngettext('en', '%{count} ticket left', '%{count} tickets left', n);
}

type ItemProps = { concert: Concert; target?: number | undefined; busy?: boolean };

/**
 * A function component: every row is this one template, so a row's change sends its slots only.
 * The button's hidden text names the concert: four buttons all called "Reserve" would be one
 * name four times to a screen reader.
 */
const reserveItem: FunctionComponent<ItemProps> = ({ concert, target, busy = false }) => {
  const { id, name, date, remaining } = concert;
  return html`<li class="row" id=${`concert-${id}`}><span class="row-name">${name}</span>
<time class="row-date" datetime=${date}>${DAY.format(new Date(date))}</time>
<span class="row-remaining">${ticketsLeft(remaining)}</span>
<span class="row-action"><button phx-click=${JS.push('reserve', { value: { id }, target })} disabled=${remaining === 0 || busy}>${busy ? 'Reserving…' : 'Reserve'}<span class="visually-hidden">: ${name}</span></button></span></li>`;
};

/** The heading, the restock button and the flash, the same on both pages. */
const pageHead = (title: string, intro: Template, concerts: readonly Concert[], flash: Flash) =>
  html`<div class="page-head"><div><h1>${title}</h1>
<p class="lead">${intro}</p></div>
<button id="restock" phx-click="restock" disabled=${full(concerts)}>Restock every concert</button></div>
${flashes(flash)}`;

const idOf = (concert: Concert) => concert.id;
/** The list with `concert` in its place; the same list when nothing changed (a late broadcast). */
const withConcert = (list: readonly Concert[], concert: Concert) =>
  list.some((c) => c.id === concert.id && c.remaining !== concert.remaining)
    ? list.map((c) => (c.id === concert.id ? concert : c))
    : list;

type ListAssigns = { concerts: readonly Concert[] };
type PageEvents = { reserve: { id?: unknown }; restock: unknown };
/** A row component asks its view to reserve: the view waits for the box office, the row does not. */
type RowClicked = { readonly type: 'reserve'; readonly id: number };
type PageSocket = LiveViewSocket<ListAssigns, Changed | RowClicked>;

const NOT_ANSWERING = 'The box office did not answer in time. Reload to see the tickets left.';

/** What both pages do on mount, reserve and restock. */
const boxOfficeView = {
  async mount(socket: PageSocket, title: string): Promise<void> {
    socket.pageTitle = title;
    // Subscribe before asking for the list: a sale in between then arrives after it, not lost.
    if (socket.connected) socket.subscribe(TOPIC);
    socket.assign({
      concerts: await callShared<readonly Concert[]>(socket.system, BOX_OFFICE, 'list'),
    });
  },
  /** Reserves one ticket of concert `id`; true once the box office answered. */
  async reserve(socket: PageSocket, id: number): Promise<boolean> {
    const ask = { reserve: id, buyer: socket.id, request: randomUUID() } satisfies Ask;
    try {
      const { concert } = await callShared<Sale>(socket.system, BOX_OFFICE, ask);
      // The answer carries the concert: this tab shows its sale now, with its reply.
      if (concert !== undefined) socket.update('concerts', (list) => withConcert(list, concert));
      return true;
    } catch {
      socket.clearFlash().putFlash('error', NOT_ANSWERING);
      return false;
    }
  },
  async restock(socket: PageSocket): Promise<void> {
    try {
      socket.assign({
        concerts: await callShared<readonly Concert[]>(socket.system, BOX_OFFICE, 'restock'),
      });
      socket.clearFlash().putFlash('info', 'Every concert is back to its first stock.');
    } catch {
      socket.clearFlash().putFlash('error', NOT_ANSWERING);
    }
  },
};

const EventList = defineLiveView<ListAssigns, PageEvents, Changed | RowClicked>({
  mount: (_params, _session, socket) => boxOfficeView.mount(socket, 'Concerts'),
  async handleEvent(event, value, socket) {
    if (event === 'restock') return boxOfficeView.restock(socket);
    if (event !== 'reserve') return;
    // The row's JS.push sends its concert's id; anything else names no concert.
    const id = integerField(value, 'id');
    const concert = socket.assigns.concerts.find((c) => c.id === id);
    if (concert !== undefined) await boxOfficeView.reserve(socket, concert.id);
    else socket.clearFlash().putFlash('error', 'There is no such concert.');
  },
  handleInfo(msg, socket) {
    if (msg.type === 'changed') socket.update('concerts', (list) => withConcert(list, msg.concert));
  },
  render: (a) => html`${pageHead(
    'Concerts',
    html`Four concerts, one box-office process. Open this page in two tabs and reserve in one:
the other follows, and each change sends one row. Also as
${link({ navigate: '/events/components' }, 'live components')}.`,
    a.concerts,
    a.flash,
  )}
<ul class="rows">${keyed(a.concerts, idOf, (concert) => reserveItem({ concert }))}</ul>`,
});

type RowAssigns = { concert: Concert; busy: boolean };

/** A row with state of its own: "Reserving…" from its click until the box office answers. */
const Row = defineComponent<RowAssigns>({
  update(props, socket) {
    // A changed concert (a sale, a restock) ends "Reserving…"; so does the view, once the box
    // office answered a click that changed nothing (sold out meanwhile, or no answer).
    if (props.concert !== undefined && props.concert !== socket.assigns.concert) {
      socket.assign({ concert: props.concert, busy: false });
    } else if (props.busy === false) socket.assign({ busy: false });
  },
  handleEvent(event, _value, socket) {
    const { concert } = socket.assigns;
    // The row knows its own concert: the value of its click carries nothing it needs.
    if (event !== 'reserve' || concert.remaining === 0) return undefined;
    socket.assign({ busy: true });
    // A component runs in its view's process: the view waits for the box office, so this row
    // shows "Reserving…" at once.
    socket.sendParent({ type: 'reserve', id: concert.id } satisfies RowClicked);
    return undefined;
  },
  render: (a) => reserveItem({ concert: a.concert, target: a.myself, busy: a.busy }),
});

const EventRows = defineLiveView<ListAssigns, Pick<PageEvents, 'restock'>, Changed | RowClicked>({
  mount: (_params, _session, socket) => boxOfficeView.mount(socket, 'Concerts, as live components'),
  // The rows' own clicks go to their components; the page's restock comes here.
  async handleEvent(event, _value, socket) {
    if (event === 'restock') await boxOfficeView.restock(socket);
  },
  async handleInfo(msg, socket) {
    if (msg.type === 'changed') {
      // Every row is placed again, but only the one whose concert changed renders and is sent.
      socket.update('concerts', (list) => withConcert(list, msg.concert));
      return;
    }
    const before = socket.assigns.concerts;
    await boxOfficeView.reserve(socket, msg.id);
    if (socket.assigns.concerts === before) socket.sendUpdate(Row, { id: msg.id, busy: false });
  },
  render: (a) => html`${pageHead(
    'Concerts, as live components',
    html`Each row is a component with its own cid and its own "Reserving…" state; a sale sends
that row only. Back to ${link({ navigate: '/events' }, 'the plain list')}.`,
    a.concerts,
    a.flash,
  )}
<ul class="rows">${a.concerts.map((c) => liveComponent(Row, { id: c.id, concert: c }))}</ul>`,
});

export const events: Example = {
  path: '/events',
  title: 'Concerts',
  source: 'events.ts',
  tryThis:
    'Reserve for four concerts in two tabs until one sells out, then restock; switch to the live-components page.',
  shows:
    'A keyed list of function components sends one row on a change; live components keep their own state and handle their own clicks.',
  routes: [
    { path: '/events', view: EventList },
    { path: '/events/components', view: EventRows },
  ],
  async start({ system, pubsub }) {
    await startShared(system, BOX_OFFICE, (lease) => [boxOffice, { pubsub, lease }]);
  },
};
