/**
 * Activity log: thousands of entries in one log process, shown as an infinite-scroll stream. The
 * page holds at most {@link LIMIT} entries: scrolling down loads older ones
 * (`phx-viewport-bottom`) and drops the newest from the top, scrolling back up loads them again
 * (`phx-viewport-top`). New entries arrive at the top while you are there, from the log process
 * (a simulated team at work, and what you post). The view keeps only which ids the page shows,
 * never the entries: the list lives in the page.
 *
 * Run on many processes (`npm run start:cluster`), the log is a cluster singleton, so every tab
 * on every node reads and extends the same log. It is a demonstration log, not a ledger: it is
 * not saved, so the node that takes it over after a failover starts it again from its seed, as
 * the supervisor does after a crash on one node.
 */
import type { Behaviour, PubSub } from '../actors/index.js';
import { defineLiveView, html, type LiveStream, type LiveViewSocket } from '../views/index.js';
import type { Example } from './example.js';
import { createGettext } from './gettext.js';
import { callShared, startShared } from './stores/shared-process.js';

type Entry = {
  readonly id: number;
  readonly at: number;
  readonly who: string;
  readonly what: string;
};
type Log = { readonly pubsub: PubSub; readonly entries: Entry[] };
type LogCall = { readonly from: number; readonly to: number } | { readonly post: string } | 'ends';
type Ends = { readonly first: number; readonly last: number };
type News = { readonly type: 'entry'; readonly entry: Entry };

const LOG = 'activity-log';
const TOPIC = 'activity';
/** Entries the log starts with, and keeps at most. */
const SEEDED = 5_000;
const KEPT = 20_000;
/** Entries per page loaded, and on the page at most. */
const PAGE = 20;
const LIMIT = 3 * PAGE;
const EVERY_MS = 4_000;

const PEOPLE = ['Ana', 'Bo', 'Chen', 'Dara', 'Eli', 'Femi', 'Greta'];
const DEEDS = ['merged pull request', 'opened issue', 'deployed build', 'reviewed pull request'];
const START = Date.UTC(2027, 2, 1, 8, 0, 0);

/** The simulated team's entry number `id` (the same for the same id, so pages look stable). */
function simulated(id: number, at: number): Entry {
  const who = PEOPLE[(id * 5) % PEOPLE.length] as string;
  const deed = DEEDS[(id * 3) % DEEDS.length] as string;
  return { id, at, who, what: `${deed} #${1000 + ((id * 37) % 9000)}` };
}

function append(log: Log, make: (id: number, at: number) => Entry): void {
  const last = log.entries.at(-1);
  const id = (last?.id ?? 0) + 1;
  const entry = make(id, Math.max(Date.now(), (last?.at ?? START) + 1000));
  log.entries.push(entry);
  if (log.entries.length > KEPT) log.entries.splice(0, log.entries.length - KEPT);
  log.pubsub.broadcast(TOPIC, { type: 'entry', entry } satisfies News);
}

type Init = { readonly pubsub: PubSub; readonly background: boolean };

// Calls: a range of ids (what of it the log still has, oldest first), the first and last id, or
// a text someone posted (answered once it is in). Info: the simulated team's next entry, every
// few seconds.
const activityLog: Behaviour<Log, Init, LogCall, readonly Entry[] | Ends | true, never, 'tick'> = {
  init({ pubsub, background }, ctx) {
    const entries = Array.from({ length: SEEDED }, (_, i) => simulated(i + 1, START + i * 41_000));
    if (background) ctx.system.sendAfter(ctx.self, 'tick', EVERY_MS);
    return { pubsub, entries };
  },
  handleCall(call, _from, log) {
    const first = log.entries[0]?.id ?? 1;
    const last = log.entries.at(-1)?.id ?? 0;
    if (call === 'ends') return { reply: { first, last }, state: log };
    if ('post' in call) {
      append(log, (id, at) => ({ id, at, who: 'You', what: `posted “${call.post}”` }));
      return { reply: true, state: log };
    }
    const from = Math.max(call.from, first) - first;
    return { reply: log.entries.slice(from, Math.max(from, call.to - first + 1)), state: log };
  },
  handleInfo(_tick, log, ctx) {
    append(log, simulated);
    ctx.system.sendAfter(ctx.self, 'tick', EVERY_MS);
    return log;
  },
};

type Assigns = {
  /** The ids of the newest and oldest entry on the page (0, 0 for none). */
  newest: number;
  oldest: number;
  /** The log's first and last id, as last heard. */
  ends: Ends;
  /** Entries that arrived while the page was not at the top of the log. */
  unseen: number;
  /** The post form: its text as typed, and what is wrong with it. */
  text: string;
  error: string;
  streams: { entries: LiveStream<Entry> };
};
type Events = {
  older: { id?: string };
  newer: { id?: string; _overran?: boolean };
  latest: Record<string, never>;
  draft: { text?: string };
  post: { text?: string };
};
type Socket = LiveViewSocket<Assigns, News>;

const range = (socket: Socket, from: number, to: number) =>
  callShared<readonly Entry[]>(socket.system, LOG, { from, to } satisfies LogCall);

/** Shows the newest page of the log in place of whatever the page shows. */
async function latest(socket: Socket): Promise<void> {
  const ends = await callShared<Ends>(socket.system, LOG, 'ends' satisfies LogCall);
  const page = await range(socket, ends.last - PAGE + 1, ends.last);
  socket
    .assign({ ends, newest: ends.last, oldest: page[0]?.id ?? 0, unseen: 0 })
    .stream('entries', page.toReversed(), { reset: true });
}

/** The next page down (older entries), appended; the page then drops its newest past LIMIT. */
async function older(socket: Socket): Promise<void> {
  const { newest, oldest, ends } = socket.assigns;
  if (oldest <= ends.first) return;
  const page = await range(socket, oldest - PAGE, oldest - 1);
  const first = page[0]?.id ?? oldest;
  socket
    .assign({ oldest: first, newest: Math.min(newest, first + LIMIT - 1) })
    .stream('entries', page.toReversed(), { limit: -LIMIT });
}

/** The next page up (newer entries), prepended one by one; the page drops its oldest past LIMIT. */
async function newer(socket: Socket): Promise<void> {
  const { newest, oldest, ends } = socket.assigns;
  if (newest >= ends.last) return;
  const page = await range(socket, newest + 1, newest + PAGE);
  const last = page.at(-1)?.id ?? newest;
  const unseen = last >= ends.last ? 0 : socket.assigns.unseen;
  socket
    .assign({ newest: last, oldest: Math.max(oldest, last - LIMIT + 1), unseen })
    .stream('entries', page, { at: 0, limit: LIMIT });
}

const MAX_POST = 80;
const TOO_LONG = `${MAX_POST} characters at most.`;

const TIME = new Intl.DateTimeFormat('en', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});
const { ngettext } = createGettext({});
const count = (n: number) => new Intl.NumberFormat('en').format(n);

const Activity = defineLiveView<Assigns, Events, News>({
  async mount(_params, _session, socket) {
    socket.pageTitle = 'Activity log';
    if (socket.connected) socket.subscribe(TOPIC);
    socket.assign({ text: '', error: '' });
    await latest(socket);
  },
  async handleEvent(event, value, socket) {
    if (event === 'older') return older(socket);
    if (event === 'latest' || (event === 'newer' && value._overran === true)) {
      return latest(socket);
    }
    if (event === 'newer') return newer(socket);
    const text = value.text ?? '';
    const post = text.trim();
    const tooLong = post.length > MAX_POST;
    if (event === 'draft') {
      socket.assign({ text, error: tooLong ? TOO_LONG : '' });
    } else if (post === '' || tooLong) {
      socket.assign({ text, error: post === '' ? 'Write something first.' : TOO_LONG });
    } else {
      const ask: LogCall = { post };
      const posted = await callShared(socket.system, LOG, ask).then(
        () => true,
        () => false,
      );
      // Once posted, the field empties for the next post (the reply resets the form it
      // answers); a post the log did not take stays in the field to send again.
      if (posted) socket.assign({ text: '', error: '' });
      else socket.assign({ text, error: 'The log did not answer. Post it again.' });
    }
  },
  handleInfo({ entry }, socket) {
    const { newest, oldest, ends, unseen } = socket.assigns;
    const atTop = newest === ends.last;
    socket.assign({ ends: { first: ends.first, last: entry.id } });
    if (!atTop) {
      socket.assign({ unseen: unseen + 1 });
      return;
    }
    socket
      .assign({ newest: entry.id, oldest: Math.max(oldest, entry.id - LIMIT + 1) })
      .streamInsert('entries', entry, { at: 0, limit: LIMIT });
  },
  render: (a) => {
    const atTop = a.newest >= a.ends.last;
    const atEnd = a.oldest <= a.ends.first;
    return html`<h1>Activity log</h1>
<p class="lead">${count(a.ends.last - a.ends.first + 1)} entries in one log process. This page
holds at most ${LIMIT} of them: scroll down for older ones, back up for newer ones. New entries
appear at the top while you are there.</p>
<form id="post-form" class="post-form" phx-change="draft" phx-submit="post">
<div class="field"><label for="post-text">Post an update</label>
<input id="post-text" name="text" value=${a.text} autocomplete="off" aria-describedby="post-error" aria-invalid=${a.error === '' ? false : 'true'}>
<p class="field-error" id="post-error" aria-live="polite">${a.error}</p></div>
<button class="button-primary">Post</button>
</form>
<div class="feed-head">
<p class="muted" id="showing">Showing #${a.oldest} to #${a.newest}</p>
<p role="status" id="unseen">${
      atTop
        ? ''
        : html`<button id="latest" phx-click="latest">${
            a.unseen === 0
              ? 'Back to the newest'
              : ngettext(
                  'en',
                  '%{count} new entry: show it',
                  '%{count} new entries: show them',
                  a.unseen,
                )
          }</button>`
    }</p>
</div>
${atTop ? '' : html`<p class="feed-more"><button id="newer" phx-click="newer">Load newer entries</button></p>`}
<ol id="entries" class="rows" aria-label="Activity, newest first" phx-update="stream"
  phx-viewport-top=${atTop ? false : 'newer'} phx-viewport-bottom=${atEnd ? false : 'older'}>${a.streams.entries.map(
    ([id, e]) => html`<li id=${id} class="feed-entry"><span class="feed-who">${e.who}</span>
<span class="feed-what">${e.what}</span>
<time class="feed-when" datetime=${new Date(e.at).toISOString()}>#${e.id} · ${TIME.format(e.at)}</time></li>`,
  )}</ol>
${atEnd ? html`<p class="muted">The log starts here.</p>` : html`<p class="feed-more"><button id="older" phx-click="older">Load older entries</button></p>`}`;
  },
});

export const activity: Example = {
  path: '/activity',
  title: 'Activity log',
  source: 'activity.ts',
  tryThis: 'Scroll down a few pages and back up; post an update from a second tab.',
  shows: `Infinite scroll over a stream: ${count(SEEDED)} entries in a process, at most ${LIMIT} on the page, live ones at the top; the view keeps none of them.`,
  routes: [{ path: '/activity', view: Activity }],
  async start({ system, pubsub, background }) {
    const init: Init = { pubsub, background: background ?? true };
    await startShared(system, LOG, () => [activityLog, init]);
  },
};
