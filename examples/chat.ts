/**
 * Chat room: every open tab is a view process, and the room is one more process, the only one
 * of the app. The room keeps the last messages; views tell it what was said and hear from it
 * through PubSub. Who is online is Presence: each tab tracks itself, and every tab follows the
 * list. The form is checked against a zod schema (any Standard Schema validator works) as you
 * type (`phx-change`) and posted on Enter (`phx-submit`).
 *
 * Run on many processes (`npm run start:cluster`), the room is a cluster singleton that saves
 * its history in Redis (stores/), and Presence spans every node: a tab on one machine sees a tab
 * on another come and go, and a machine that dies takes its tabs off every list within the down
 * timeout.
 */

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  type ActorSystem,
  type Behaviour,
  Presence,
  type PresenceDiff,
  type PubSub,
  type SingletonLease,
} from '../actors/index.js';
import { defineLiveView, type Form, html, inputField, keyed, toForm } from '../views/index.js';
import type { Example } from './example.js';
import { callShared, startShared } from './stores/shared-process.js';
import { type StateStore, stateStore } from './stores/state-store.js';

type Message = { readonly id: number; readonly name: string; readonly text: string };
type Say = { readonly say: Omit<Message, 'id'>; readonly request: string };
type Said = { readonly type: 'said'; readonly message: Message };
/** What the room saves: the last messages, and the request that posted each. */
type Saved = { readonly messages: readonly Message[]; readonly requests: readonly string[] };
type Room = { readonly pubsub: PubSub; readonly store: StateStore<Saved>; saved: Saved };

const ROOM = 'chat-room';
const TOPIC = 'chat';

/** What the form accepts, checked on the server whatever the page sent. */
export const CHAT_LIMITS = {
  name: { min: 2, max: 40 },
  text: { max: 500 },
  /** The room keeps the newest messages that fit both: every new page carries them all. */
  history: { messages: 50, bytes: 16 * 1024 },
} as const;
const { name: NAME, text: TEXT, history: HISTORY } = CHAT_LIMITS;
const NAME_RULE = `Your name takes ${NAME.min} to ${NAME.max} characters.`;

const bytesOf = (m: Message) => Buffer.byteLength(m.name) + Buffer.byteLength(m.text);

/** The newest messages of `list` within both history limits. */
function newest(list: readonly Message[]): Message[] {
  let from = list.length;
  let total = 0;
  while (from > 0 && list.length - from < HISTORY.messages) {
    total += bytesOf(list[from - 1]!);
    if (total > HISTORY.bytes) break;
    from -= 1;
  }
  return list.slice(from);
}

const room: Behaviour<
  Room,
  { readonly pubsub: PubSub; readonly lease: SingletonLease },
  'history' | Say,
  readonly Message[] | boolean
> = {
  async init({ pubsub, lease }, ctx) {
    const store = stateStore<Saved>(ctx.system, lease);
    const saved = (await store.load()) ?? { messages: [], requests: [] };
    // Taking over: the last message may have been saved by a room that died before telling.
    const last = saved.messages.at(-1);
    if (last !== undefined) pubsub.broadcast(TOPIC, { type: 'said', message: last } satisfies Said);
    return { pubsub, store, saved };
  },
  async handleCall(ask, _from, state) {
    const { messages, requests } = state.saved;
    if (ask === 'history') return { reply: messages, state };
    // The same message, sent again after its answer was lost: it is in the history already.
    if (requests.includes(ask.request)) return { reply: true, state };
    const message = { id: (messages.at(-1)?.id ?? 0) + 1, ...ask.say };
    const next = {
      messages: newest([...messages, message]),
      requests: [...requests, ask.request].slice(-HISTORY.messages),
    };
    // Saved before anyone sees it, so a room that takes over knows every message shown.
    await state.store.save(next);
    state.saved = next;
    state.pubsub.broadcast(TOPIC, { type: 'said', message } satisfies Said);
    return { reply: true, state };
  },
};

// The app's Presence, per actor system (tests run several apps in one process).
const presences = new WeakMap<ActorSystem, Presence>();

/** Tabs in the room, on every node. */
function online(system: ActorSystem): number {
  const list = presences.get(system)?.list(TOPIC) ?? {};
  return Object.values(list).reduce((n, { metas }) => n + metas.length, 0);
}

/**
 * What a message must be. The schema is the only place that says it: the form shows its
 * errors while typing, and a send goes to the room only once it passes. Anything that is not
 * text (a hand-made frame with `name[x]=1`) is refused with the same messages.
 */
const ChatMessage = z.object({
  name: z.string({ error: NAME_RULE }).trim().min(NAME.min, NAME_RULE).max(NAME.max, NAME_RULE),
  text: z
    .string({ error: 'Write something first.' })
    .trim()
    .min(1, 'Write something first.')
    .max(TEXT.max, {
      error: (issue) => `${TEXT.max} characters at most (this is ${String(issue.input).length}).`,
    }),
});
type ChatForm = Form<typeof ChatMessage>;

/** A form event's params, decoded; the schema decides what is in them. */
type FormParams = Readonly<Record<string, unknown>>;

/** The empty form of a new tab, or the one after a send with the name kept. */
const freshForm = (name?: unknown) =>
  toForm(ChatMessage, name === undefined ? {} : { name }, { usedInputs: 'none' });

const Chat = defineLiveView<
  {
    messages: readonly Message[];
    online: number;
    connected: boolean;
    form: ChatForm;
    /** Set when a valid message could not reach the room. */
    unsent: boolean;
  },
  { validate: FormParams; send: FormParams },
  Said | PresenceDiff
>({
  async mount(_params, _session, socket) {
    socket.pageTitle = 'Chat room';
    const { connected, self, system } = socket;
    if (connected && self !== undefined) {
      // Subscribed before the history is read, so nothing said in between is missed (a message
      // in both is shown once: handleInfo skips what the list has).
      socket.subscribe(TOPIC);
      // Tracked by this process: when it ends (a closed tab, a crash, its machine gone), so
      // does its entry, on every node.
      presences.get(system)?.track(self, TOPIC, socket.id);
    }
    const messages = await callShared<readonly Message[]>(system, ROOM, 'history');
    const form = await freshForm();
    socket.assign({ messages, online: online(system), connected, form, unsent: false });
  },
  async handleEvent(event, params, socket) {
    // While typing, only the fields the user has reached show errors; a send checks them all.
    const form = await toForm(ChatMessage, params, {
      usedInputs: event === 'send' ? 'all' : 'params',
    });
    if (event !== 'send' || !form.valid) {
      socket.assign({ form, unsent: false });
      return;
    }
    const ask: Say = { say: form.value, request: randomUUID() };
    const sent = await callShared(socket.system, ROOM, ask).then(
      () => true,
      () => false,
    );
    // After a send the message field starts empty again; the name stays for the next one.
    if (sent) socket.assign({ form: await freshForm(form.values.name), unsent: false });
    else socket.assign({ form, unsent: true });
  },
  handleInfo(news, socket) {
    if (news.type === 'presence_diff') {
      socket.assign({ online: online(socket.system) });
      return;
    }
    const { message } = news;
    socket.update('messages', (list) =>
      list.some((m) => m.id === message.id) ? list : newest([...list, message]),
    );
  },
  // The log is a column-reverse box (app.css): it stays at the newest message by itself, and
  // `role="log"` has a screen reader read each new one. The form's id lets the client replay
  // what was typed into it after a reconnect (form recovery).
  render: (a) => html`<div class="chat-head"><h1>Chat room</h1>${
    // The dead render has no process in the room yet: a count then would be one short.
    a.connected
      ? html`<p class="presence"><span id="online">${a.online}</span> online</p>`
      : html`<p class="presence connecting">Joining…</p>`
  }</div>
<p class="lead">Open this page in a second tab and talk to yourself.</p>
<div class="chat-log" id="messages" role="log" aria-label="Messages" tabindex="0">${
    a.messages.length === 0
      ? html`<p class="muted chat-empty">No messages yet.</p>`
      : html`<ol class="messages">${keyed(
          a.messages,
          (m) => m.id,
          (m) =>
            html`<li class="message"><span class="message-name">${m.name}</span>: ${m.text}</li>`,
        )}</ol>`
  }</div>
<form id="chat-form" class="chat-form" phx-change="validate" phx-submit="send">
${inputField(a.form.field('name'), {
  label: 'Your name',
  classes: { field: 'field field-name' },
  attrs: { autocomplete: 'off', maxlength: NAME.max },
})}
${inputField(a.form.field('text'), {
  label: 'Message',
  classes: { field: 'field field-text' },
  attrs: { autocomplete: 'off', maxlength: TEXT.max },
})}
${a.unsent ? html`<p class="field-error" role="alert">The room did not answer. Send it again.</p>` : ''}
<button class="button-primary">Send</button>
</form>`,
});

export const chat: Example = {
  path: '/chat',
  title: 'Chat room',
  source: 'chat.ts',
  tryThis:
    'Open it in two tabs, pick a name and talk; stop the server mid-sentence and start it again.',
  shows: `Validation as you type, messages to every tab from a room process that keeps the last ${HISTORY.messages}, who is online by Presence, and form recovery after a reconnect.`,
  routes: [{ path: '/chat', view: Chat }],
  async start({ system, pubsub }) {
    const presence = new Presence(system, { pubsub });
    presences.set(system, presence);
    await presence.ready();
    await startShared(system, ROOM, (lease) => [room, { pubsub, lease }]);
  },
};
