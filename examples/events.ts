/**
 * Events list: four concerts and their tickets, owned by one box-office process. Every tab
 * follows the box office through PubSub, so a reservation anywhere moves the count everywhere.
 * The same rows render two ways: a keyed list of function components at `/events` (the view
 * owns the list; a change re-sends one row's text), and live components at
 * `/events/components` (each row keeps its own state and handles its own clicks).
 */
import { type Behaviour, type PubSub, Supervisor } from '../actors/index.js';
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

type Concert = Readonly<{ id: number; name: string; date: string; remaining: number }>;
/** Carries the whole new concert, not a difference, so applying it twice or late is harmless. */
type Changed = { readonly type: 'changed'; readonly concert: Concert };
type Office = { readonly pubsub: PubSub; concerts: readonly Concert[] };
type OfficeCast = { readonly reserve: number } | 'restock';

const BOX_OFFICE = 'box-office';
const TOPIC = 'box-office';
// One name has markup characters on purpose: it shows up escaped, never as markup.
const CONCERTS: readonly Concert[] = [
  { id: 1, name: 'Strings & Brass', date: '2027-03-14', remaining: 40 },
  { id: 2, name: 'Nina\'s "Late" <Set>', date: '2027-03-21', remaining: 3 },
  { id: 3, name: 'Organ at Noon', date: '2027-04-02', remaining: 1 },
  { id: 4, name: 'Choir by Candlelight', date: '2027-04-18', remaining: 12 },
];

const boxOffice: Behaviour<Office, PubSub, 'list', readonly Concert[], OfficeCast> = {
  init: (pubsub) => ({ pubsub, concerts: CONCERTS }),
  handleCall: (_list, _from, state) => ({ reply: state.concerts, state }),
  handleCast(msg, state) {
    if (msg === 'restock') {
      // Each concert that sold anything gets its first stock back; every view hears of each.
      for (const first of CONCERTS) change(state, first.id, () => first);
      return state;
    }
    // Two tabs may race for the last ticket; whoever comes second finds none left.
    change(state, msg.reserve, (c) =>
      c.remaining === 0 ? c : { ...c, remaining: c.remaining - 1 },
    );
    return state;
  },
};

/** Replaces concert `id` by `next(it)` and tells every view, unless nothing changed. */
function change(state: Office, id: number, next: (concert: Concert) => Concert): void {
  const concert = state.concerts.find((c) => c.id === id);
  if (concert === undefined) return;
  const changed = next(concert);
  if (changed.remaining === concert.remaining) return;
  state.concerts = state.concerts.map((c) => (c === concert ? changed : c));
  state.pubsub.broadcast(TOPIC, { type: 'changed', concert: changed } satisfies Changed);
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
const withConcert = (list: readonly Concert[], concert: Concert) =>
  list.map((c) => (c.id === concert.id ? concert : c));

type ListAssigns = { concerts: readonly Concert[] };
type PageEvents = { reserve: { id: number }; restock: unknown };

/** What both pages do on mount and on restock. */
const boxOfficeView = {
  async mount(socket: LiveViewSocket<ListAssigns, Changed>, title: string): Promise<void> {
    socket.pageTitle = title;
    // Subscribe before asking for the list: a sale in between then arrives after it, not lost.
    if (socket.connected) socket.subscribe(TOPIC);
    socket.assign({ concerts: await socket.system.call<readonly Concert[]>(BOX_OFFICE, 'list') });
  },
  restock(socket: LiveViewSocket<ListAssigns, Changed>): void {
    socket.system.cast(BOX_OFFICE, 'restock');
    socket.clearFlash().putFlash('info', 'Every concert is back to its first stock.');
  },
};

const EventList = defineLiveView<ListAssigns, PageEvents, Changed>({
  mount: (_params, _session, socket) => boxOfficeView.mount(socket, 'Concerts'),
  handleEvent(event, value, socket) {
    if (event === 'restock') boxOfficeView.restock(socket);
    if (event !== 'reserve') return;
    // The row's JS.push sends its concert's id; anything else names no concert.
    const id = integerField(value, 'id');
    const concert = socket.assigns.concerts.find((c) => c.id === id);
    if (concert !== undefined) {
      // The clicking tab hears the new count by broadcast, the same way every other tab does.
      socket.system.cast(BOX_OFFICE, { reserve: concert.id });
    } else {
      socket.clearFlash().putFlash('error', 'There is no such concert.');
    }
  },
  handleInfo({ concert }, socket) {
    socket.update('concerts', (list) => withConcert(list, concert));
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
  mount: (socket) => socket.assign({ busy: false }),
  update(props, socket) {
    if (props.concert !== socket.assigns.concert) socket.assign({ ...props, busy: false });
  },
  handleEvent(event, _value, socket) {
    const { concert } = socket.assigns;
    // The row knows its own concert: the value of its click carries nothing it needs.
    if (event !== 'reserve' || concert.remaining === 0) return undefined;
    // A component runs in its view's process, so it reaches the box office the same way.
    socket.system.cast(BOX_OFFICE, { reserve: concert.id });
    socket.assign({ busy: true });
    return undefined;
  },
  render: (a) => reserveItem({ concert: a.concert, target: a.myself, busy: a.busy }),
});

const EventRows = defineLiveView<ListAssigns, Pick<PageEvents, 'restock'>, Changed>({
  mount: (_params, _session, socket) => boxOfficeView.mount(socket, 'Concerts, as live components'),
  // The rows' own clicks go to their components; the page's restock comes here.
  handleEvent(event, _value, socket) {
    if (event === 'restock') boxOfficeView.restock(socket);
  },
  handleInfo({ concert }, socket) {
    // Every row is placed again, but only the one whose concert changed renders and is sent.
    socket.update('concerts', (list) => withConcert(list, concert));
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
    await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [{ id: BOX_OFFICE, name: BOX_OFFICE, start: [boxOffice, pubsub] }],
    });
  },
};
