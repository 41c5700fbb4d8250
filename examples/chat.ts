/**
 * Chat room: every open tab is a view process, and the room is one more process, started once
 * under a supervisor. The room keeps the last messages and knows who is online; views tell it
 * things by message and hear from it through PubSub. The form is checked as you type
 * (`phx-change`) and posted on Enter (`phx-submit`).
 */
import {
  type Behaviour,
  type DownMessage,
  type Pid,
  type PubSub,
  Supervisor,
} from '../actors/index.js';
import { defineLiveView, html, keyed } from '../views/index.js';
import { isUntouched, stringField } from './event-values.js';
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
  name: { min: 2, max: 20 },
  text: { max: 200 },
  /** The room keeps the newest messages that fit both: every page carries them all. */
  history: { messages: 50, bytes: 8 * 1024 },
} as const;

type Form = { readonly name: string; readonly text: string };

/** Every problem of a message; one with none may be sent. */
function problems({ name, text }: Form): Partial<Form> {
  const errors: { name?: string; text?: string } = {};
  const { min, max } = CHAT_LIMITS.name;
  if (name.trim().length < min || name.trim().length > max)
    errors.name = `Your name takes ${min} to ${max} characters.`;
  if (text.trim() === '') errors.text = 'Write something first.';
  else if (text.trim().length > CHAT_LIMITS.text.max)
    errors.text = `${CHAT_LIMITS.text.max} characters at most (this is ${text.trim().length}).`;
  return errors;
}

const bytesOf = (m: Message) => Buffer.byteLength(m.name) + Buffer.byteLength(m.text);

/** The newest messages of `list` within both history limits. */
function newest(list: readonly Message[]): Message[] {
  const { messages, bytes } = CHAT_LIMITS.history;
  let from = list.length;
  let total = 0;
  while (from > 0 && list.length - from < messages) {
    total += bytesOf(list[from - 1]!);
    if (total > bytes) break;
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
    // The views check every message already; the room holds the history every page carries,
    // so it keeps its own limits whoever casts to it.
    if (Object.keys(problems({ name, text })).length > 0) return state;
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
 * The errors to show for a form event. While typing (`validate`), only for the fields the user
 * has touched; a `send` is checked whole, whatever the page says was touched.
 */
function errorsFor(event: 'validate' | 'send', form: Form, value: unknown): Partial<Form> {
  const all = problems(form);
  if (event === 'send') return all;
  const shown: { name?: string; text?: string } = {};
  if (all.name !== undefined && !isUntouched(value, 'name')) shown.name = all.name;
  if (all.text !== undefined && !isUntouched(value, 'text')) shown.text = all.text;
  return shown;
}

/** A labelled input with its error below, linked by `aria-describedby` and announced politely. */
function field(id: keyof Form, label: string, value: string, error: string | undefined) {
  return html`<div class="field field-${id}"><label for=${id}>${label}</label>
<input id=${id} name=${id} value=${value} maxlength=${CHAT_LIMITS[id].max} autocomplete="off" aria-describedby=${`${id}-error`} aria-invalid=${error === undefined ? false : 'true'}>
<p class="field-error" id=${`${id}-error`} aria-live="polite">${error ?? ''}</p></div>`;
}

const Chat = defineLiveView<
  {
    messages: readonly Message[];
    online: number;
    connected: boolean;
    form: Form;
    errors: Partial<Form>;
  },
  { validate: unknown; send: unknown },
  News
>({
  async mount(_params, _session, socket) {
    socket.pageTitle = 'Chat room';
    const { messages, online } = await socket.system.call<Joined>(ROOM, { view: socket.self });
    const { connected } = socket;
    socket.assign({ messages, online, connected, form: { name: '', text: '' }, errors: {} });
  },
  handleEvent(event, value, socket) {
    if (event !== 'validate' && event !== 'send') return;
    // A field that is not a string counts as empty: the page says so, nothing crashes.
    const form = { name: stringField(value, 'name') ?? '', text: stringField(value, 'text') ?? '' };
    const errors = errorsFor(event, form, value);
    const sent = event === 'send' && Object.keys(errors).length === 0;
    if (sent) socket.system.cast(ROOM, { name: form.name.trim(), text: form.text.trim() });
    // After a send the message field starts empty again; the name stays for the next one.
    socket.assign({ form: sent ? { ...form, text: '' } : form, errors });
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
${field('name', 'Your name', a.form.name, a.errors.name)}
${field('text', 'Message', a.form.text, a.errors.text)}
<button class="button-primary">Send</button>
</form>`,
});

export const chat: Example = {
  path: '/chat',
  title: 'Chat room',
  source: 'chat.ts',
  tryThis:
    'Open it in two tabs, pick a name and talk; stop the server mid-sentence and start it again.',
  shows: `Validation as you type, messages to every tab from a room process that keeps the last ${CHAT_LIMITS.history.messages}, and form recovery after a reconnect.`,
  routes: [{ path: '/chat', view: Chat }],
  async start({ system, pubsub }) {
    await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [{ id: ROOM, name: ROOM, start: [room, pubsub] }],
    });
  },
};
