/**
 * Chat room: every open tab is a view process, and the room is one more process, started once
 * under a supervisor. The room keeps the last messages and knows who is online; views tell it
 * things by message and hear from it through PubSub. The form is checked against a zod schema
 * (any Standard Schema validator works) as you type (`phx-change`) and posted on Enter
 * (`phx-submit`).
 */

import { z } from 'zod';
import {
  type Behaviour,
  type DownMessage,
  type Pid,
  type PubSub,
  Supervisor,
} from '../actors/index.js';
import { defineLiveView, type Form, html, inputField, keyed, toForm } from '../views/index.js';
import type { Example } from './example.js';

type Message = { readonly id: number; readonly name: string; readonly text: string };
type Join = { readonly view: Pid | undefined };
type Joined = { readonly messages: readonly Message[]; readonly online: number };
type News = { type: 'said'; message: Message } | { type: 'online'; count: number };
/** The room's state lives in its process only, so it may change in place. */
type Room = { readonly pubsub: PubSub; readonly online: Set<Pid>; messages: Message[] };

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

const room: Behaviour<Room, PubSub, Join, Joined, Omit<Message, 'id'>, DownMessage> = {
  init: (pubsub) => ({ pubsub, online: new Set(), messages: [] }),
  handleCall({ view }, _from, state, ctx) {
    // The dead render has no process yet: it only reads the history, so the first page shows it.
    if (view !== undefined) {
      // The room subscribes the view itself while it answers: the history it sends and the
      // broadcasts that follow then fit together, with nothing missed and nothing twice.
      state.pubsub.subscribe(view, TOPIC);
      // A closed tab, a dropped connection or a crashed view ends its process, and the monitor
      // tells the room: nobody has to remember to say goodbye.
      ctx.system.monitor(ctx.self, view);
      state.online.add(view);
      announce(state);
    }
    return { reply: { messages: state.messages, online: state.online.size }, state };
  },
  handleCast({ name, text }, state) {
    const message = { id: (state.messages.at(-1)?.id ?? 0) + 1, name, text };
    state.messages = newest([...state.messages, message]);
    state.pubsub.broadcast(TOPIC, { type: 'said', message } satisfies News);
    return state;
  },
  handleInfo(down, state) {
    state.online.delete(down.pid);
    announce(state);
    return state;
  },
};

function announce(state: Room): void {
  state.pubsub.broadcast(TOPIC, { type: 'online', count: state.online.size } satisfies News);
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
  },
  { validate: FormParams; send: FormParams },
  News
>({
  async mount(_params, _session, socket) {
    socket.pageTitle = 'Chat room';
    const { messages, online } = await socket.system.call<Joined>(ROOM, { view: socket.self });
    const { connected } = socket;
    socket.assign({ messages, online, connected, form: await freshForm() });
  },
  async handleEvent(event, params, socket) {
    // While typing, only the fields the user has reached show errors; a send checks them all.
    const form = await toForm(ChatMessage, params, {
      usedInputs: event === 'send' ? 'all' : 'params',
    });
    if (event !== 'send' || !form.valid) {
      socket.assign({ form });
      return;
    }
    socket.system.cast(ROOM, form.value);
    // After a send the message field starts empty again; the name stays for the next one.
    socket.assign({ form: await freshForm(form.values.name) });
  },
  handleInfo(news, socket) {
    if (news.type === 'online') socket.assign({ online: news.count });
    else socket.update('messages', (list) => newest([...list, news.message]));
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
<button class="button-primary">Send</button>
</form>`,
});

export const chat: Example = {
  path: '/chat',
  title: 'Chat room',
  source: 'chat.ts',
  tryThis:
    'Open it in two tabs, pick a name and talk; stop the server mid-sentence and start it again.',
  shows: `Validation as you type, messages to every tab from a room process that keeps the last ${HISTORY.messages}, and form recovery after a reconnect.`,
  routes: [{ path: '/chat', view: Chat }],
  async start({ system, pubsub }) {
    await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [{ id: ROOM, name: ROOM, start: [room, pubsub] }],
    });
  },
};
