/**
 * Supervision: a button makes the view's event handler throw. The view process dies, its
 * supervisor starts a fresh one under the same page, and the browser rejoins it without a
 * reload. What the view held in its own assigns starts over; a count held by another process,
 * started once under a supervisor of its own, is still there; other tabs never notice. Past the
 * supervisor's restart intensity the client's failure notice shows above the view until the
 * page reloads.
 *
 * Run on many processes (`npm run start:cluster`), the counter is a cluster singleton with its
 * count in Redis, so every tab on every node shares it, and it survives its node too.
 */
import type { Behaviour, PubSub, SingletonLease } from '../actors/index.js';
import { defineLiveView, html } from '../views/index.js';
import type { Example } from './example.js';
import { createGettext } from './gettext.js';
import { callShared, startShared } from './stores/shared-process.js';
import { type StateStore, stateStore } from './stores/state-store.js';

const NAME = 'supervision-counter';
const TOPIC = 'supervision-counter';

/** What every view hears after the counter process counted one more. */
type Kept = { readonly kept: number };
/** The count lives in the process and is saved on each change, so it may change in place. */
type Counter = { readonly pubsub: PubSub; readonly store: StateStore<number>; count: number };
type CounterArg = { readonly pubsub: PubSub; readonly lease: SingletonLease };

// Calls: 'get' answers the count, 'inc' counts one more and answers the new count. An 'inc' is
// not retried by its caller (a repeat would count twice), so it goes by a plain call.
const counter: Behaviour<Counter, CounterArg, 'get' | 'inc', number> = {
  async init({ pubsub, lease }, ctx) {
    const store = stateStore<number>(ctx.system, lease);
    return { pubsub, store, count: (await store.load()) ?? 0 };
  },
  async handleCall(msg, _from, state) {
    if (msg === 'inc') {
      // Saved before anyone hears of it, so a counter that takes over knows every count shown.
      await state.store.save(state.count + 1);
      state.count += 1;
      state.pubsub.broadcast(TOPIC, { kept: state.count } satisfies Kept);
    }
    return { reply: state.count, state };
  },
};

type Assigns = { restarts: number; mine: number; kept: number };
type Events = { readonly mine: unknown; readonly kept: unknown; readonly crash: unknown };

const { ngettext } = createGettext({});
const times = (n: number) => ngettext('en', '%{count} time', '%{count} times', n);

const Supervised = defineLiveView<Assigns, Events, Kept>({
  async mount(_params, _session, socket) {
    socket.pageTitle = 'Supervision';
    // Subscribed before reading, so no count falls between the read and the news.
    socket.subscribe(TOPIC);
    const kept = await callShared<number>(socket.system, NAME, 'get');
    // A restarted view mounts again from scratch: only `restarts` tells it that it crashed.
    socket.assign({ restarts: socket.restarts, mine: 0, kept });
  },
  async handleEvent(event, _value, socket) {
    if (event === 'crash') throw new Error('the Crash button was pressed (this is on purpose)');
    if (event === 'mine') socket.update('mine', (n) => n + 1);
    if (event === 'kept') socket.assign({ kept: await socket.system.call<number>(NAME, 'inc') });
  },
  handleInfo({ kept }, socket) {
    socket.assign({ kept });
  },
  // The two "Add 1" buttons say whose count they change in their accessible names; the visible
  // words come first in each, so a voice command "click Add 1" still finds them.
  render: (a) => html`<h1>Supervision</h1>
<p class="lead">This page is a process on the server, started by a supervisor. Crash it and the
supervisor starts a fresh one in its place; the browser joins the new one and the page stays
where it is. What the view kept in its own state starts over, what another process keeps
survives, and your other tabs never notice.</p>
<p class="badge" id="restarts">This view has restarted ${times(a.restarts)}.</p>
<div class="grid-2">
<section class="card stat" aria-labelledby="mine-title">
<h2 id="mine-title">Kept by this view</h2>
<p class="stat-value" id="mine">${a.mine}</p>
<p class="muted">In the view's own assigns: starts over when the view restarts.</p>
<button id="inc-mine" phx-click="mine" aria-label="Add 1 to this view's count">Add 1</button>
</section>
<section class="card stat" aria-labelledby="kept-title">
<h2 id="kept-title">Kept by a counter process</h2>
<p class="stat-value" id="kept">${a.kept}</p>
<p class="muted">In another supervised process, shared by every tab: survives the crash.</p>
<button id="inc-kept" phx-click="kept" aria-label="Add 1 to the shared count">Add 1</button>
</section>
</div>
<section class="card danger-zone" aria-labelledby="crash-title">
<h2 id="crash-title">Crash it</h2>
<p>The button makes the view's event handler throw.</p>
<p><button id="crash" class="button-danger" phx-click="crash">Crash this view</button></p>
<p class="muted">More than three crashes within five seconds and the supervisor gives up on this
view (its restart intensity): the page says so above the view, dims it, refuses its buttons, and
reloads a few seconds later with a new view.</p>
</section>`,
});

export const supervision: Example = {
  path: '/supervision',
  title: 'Supervision',
  source: 'supervision.ts',
  tryThis: 'Raise both counts, then press Crash this view; keep a second tab open beside it.',
  shows:
    'A crashed view is restarted in place by its supervisor and the page rejoins without a reload; state in another process survives.',
  routes: [{ path: '/supervision', view: Supervised }],
  async start({ system, pubsub }) {
    await startShared(system, NAME, (lease) => [counter, { pubsub, lease } satisfies CounterArg]);
  },
};
