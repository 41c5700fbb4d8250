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
  type FunctionComponent,
  html,
  JS,
  keyed,
  link,
  liveComponent,
} from '../views/index.js';
import type { Example } from './example.js';
import { createGettext } from './gettext.js';

type Concert = Readonly<{ id: number; name: string; date: string; remaining: number }>;
/** Carries the whole new concert, not a decrement, so applying it twice or late is harmless. */
type Sold = { readonly type: 'sold'; readonly concert: Concert };
type Office = { readonly pubsub: PubSub; concerts: readonly Concert[] };

const BOX_OFFICE = 'box-office';
const TOPIC = 'box-office';
// One name has markup characters on purpose: it shows up escaped, never as markup.
const CONCERTS: readonly Concert[] = [
  { id: 1, name: 'Strings & Brass', date: '2027-03-14', remaining: 40 },
  { id: 2, name: 'Nina\'s "Late" <Set>', date: '2027-03-21', remaining: 3 },
  { id: 3, name: 'Organ at Noon', date: '2027-04-02', remaining: 1 },
  { id: 4, name: 'Choir by Candlelight', date: '2027-04-18', remaining: 12 },
];

const boxOffice: Behaviour<Office, PubSub, 'list', readonly Concert[], { reserve: number }> = {
  init: (pubsub) => ({ pubsub, concerts: CONCERTS }),
  handleCall: (_list, _from, state) => ({ reply: state.concerts, state }),
  handleCast({ reserve }, state) {
    const concert = state.concerts.find((c) => c.id === reserve);
    // Two tabs may race for the last ticket; whoever comes second finds none left.
    if (concert === undefined || concert.remaining === 0) return state;
    const sold = { ...concert, remaining: concert.remaining - 1 };
    state.concerts = state.concerts.map((c) => (c === concert ? sold : c));
    state.pubsub.broadcast(TOPIC, { type: 'sold', concert: sold } satisfies Sold);
    return state;
  },
};

const { ngettext } = createGettext({});
const DAY = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

function ticketsLeft(n: number): string {
  if (n === 0) return 'Sold out';
  return ngettext('en', '%{count} ticket left', '%{count} tickets left', n);
}

type ItemProps = { concert: Concert; target?: number | undefined; busy?: boolean };

/** A function component: every row is this one template, so a row's change sends its slots only. */
const reserveItem: FunctionComponent<ItemProps> = ({ concert, target, busy = false }) => {
  const { id, name, date, remaining } = concert;
  return html`<li class="card" id=${`concert-${id}`}><b>${name}</b>
<time datetime=${date}>${DAY.format(new Date(date))}</time> <span class="muted">${ticketsLeft(remaining)}</span>
<button phx-click=${JS.push('reserve', { value: { id }, target })} disabled=${remaining === 0 || busy}>${busy ? 'Reserving…' : 'Reserve'}</button></li>`;
};

const idOf = (concert: Concert) => concert.id;
const withConcert = (list: readonly Concert[], concert: Concert) =>
  list.map((c) => (c.id === concert.id ? concert : c));

type ListAssigns = { concerts: readonly Concert[] };

const EventList = defineLiveView<ListAssigns, { reserve: { id?: unknown } }, Sold>({
  async mount(_params, _session, socket) {
    // Subscribe before asking for the list: a sale in between then arrives after it, not lost.
    if (socket.connected) socket.subscribe(TOPIC);
    socket.assign({ concerts: await socket.system.call<readonly Concert[]>(BOX_OFFICE, 'list') });
  },
  handleEvent(_event, value, socket) {
    // The clicking tab hears the new count by broadcast, the same way every other tab does.
    socket.system.cast(BOX_OFFICE, { reserve: Number(value.id) });
  },
  handleInfo({ concert }, socket) {
    socket.update('concerts', (list) => withConcert(list, concert));
  },
  render: (a) => html`<h1>Concerts</h1>
<p class="muted">Open this page in two tabs and reserve in one. Also as
${link({ navigate: '/events/components' }, 'live components')}.</p>
<ul class="cards">${keyed(a.concerts, idOf, (concert) => reserveItem({ concert }))}</ul>`,
});

type RowAssigns = { concert: Concert; busy: boolean };

/** A row with state of its own: "Reserving…" from its click until the box office answers. */
const Row = defineComponent<RowAssigns>({
  mount: (socket) => socket.assign({ busy: false }),
  update(props, socket) {
    if (props.concert !== socket.assigns.concert) socket.assign({ ...props, busy: false });
  },
  handleEvent(_event, _value, socket) {
    const { concert } = socket.assigns;
    if (concert.remaining === 0) return undefined;
    // A component runs in its view's process, so it reaches the box office the same way.
    socket.system.cast(BOX_OFFICE, { reserve: concert.id });
    socket.assign({ busy: true });
    return undefined;
  },
  render: (a) => reserveItem({ concert: a.concert, target: a.myself, busy: a.busy }),
});

const EventRows = defineLiveView<ListAssigns, never, Sold>({
  async mount(_params, _session, socket) {
    if (socket.connected) socket.subscribe(TOPIC);
    socket.assign({ concerts: await socket.system.call<readonly Concert[]>(BOX_OFFICE, 'list') });
  },
  handleInfo({ concert }, socket) {
    // Every row is placed again, but only the one whose concert changed renders and is sent.
    socket.update('concerts', (list) => withConcert(list, concert));
  },
  render: (a) => html`<h1>Concerts, as live components</h1>
<p class="muted">Each row is a component with its own cid; a sale sends that row only. Back to
${link({ navigate: '/events' }, 'the plain list')}.</p>
<ul class="cards">${a.concerts.map((c) => liveComponent(Row, { id: c.id, concert: c }))}</ul>`,
});

export const events: Example = {
  path: '/events',
  title: 'Events list',
  summary:
    'Reserve tickets for four concerts in two tabs: counts change live in both, and each change sends one row. A second page does the same with a live component per row.',
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
