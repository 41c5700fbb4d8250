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
import type { Example } from './example.js';

type Message = { readonly id: number; readonly name: string; readonly text: string };
type Join = { readonly view: Pid | undefined };
type Joined = { readonly messages: readonly Message[]; readonly online: number };
type News = { type: 'said'; message: Message } | { type: 'online'; count: number };
/** The room's state lives in its process only, so it may change in place. */
type Room = { readonly pubsub: PubSub; readonly online: Set<Pid>; messages: Message[] };

const ROOM = 'chat-room';
const TOPIC = 'chat';
const HISTORY = 50;

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
    state.messages = [...state.messages, message].slice(-HISTORY);
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

type Form = { readonly name: string; readonly text: string };
/** A form event's params; the client adds `_unused_<field>` for each field not touched yet. */
type FormParams = Partial<Record<keyof Form | `_unused_${keyof Form}`, string>>;

/** The problems of the fields the user has touched (on submit, every field counts as touched). */
function check(form: Form, params: FormParams): Partial<Form> {
  const errors: { name?: string; text?: string } = {};
  const name = form.name.trim();
  if (params._unused_name === undefined && (name.length < 2 || name.length > 20))
    errors.name = 'Your name takes 2 to 20 characters.';
  const text = form.text.trim();
  if (params._unused_text === undefined && text === '') errors.text = 'Write something first.';
  if (text.length > 200) errors.text = `200 characters at most (this is ${text.length}).`;
  return errors;
}

const Chat = defineLiveView<
  { messages: readonly Message[]; online: number; form: Form; errors: Partial<Form> },
  { validate: FormParams; send: FormParams },
  News
>({
  async mount(_params, _session, socket) {
    const { messages, online } = await socket.system.call<Joined>(ROOM, { view: socket.self });
    socket.assign({ messages, online, form: { name: '', text: '' }, errors: {} });
  },
  handleEvent(event, params, socket) {
    const form = { name: params.name ?? '', text: params.text ?? '' };
    const errors = check(form, params);
    const sent = event === 'send' && Object.keys(errors).length === 0;
    if (sent) socket.system.cast(ROOM, { name: form.name.trim(), text: form.text.trim() });
    // After a send the message field starts empty again; the name stays for the next one.
    socket.assign({ form: sent ? { ...form, text: '' } : form, errors });
  },
  handleInfo(news, socket) {
    if (news.type === 'online') socket.assign({ online: news.count });
    else socket.update('messages', (list) => [...list, news.message].slice(-HISTORY));
  },
  render: (a) => html`<h1>Chat room</h1>
<p class="muted"><span id="online">${a.online}</span> online. Open this page in a second tab and talk to yourself.</p>
<section class="card" id="messages">${
    a.messages.length === 0
      ? html`<p class="muted">No messages yet.</p>`
      : keyed(
          a.messages,
          (m) => m.id,
          (m) => html`<p><b>${m.name}</b>: ${m.text}</p>`,
        )
  }</section>
<form phx-change="validate" phx-submit="send">
  <input id="name" name="name" placeholder="Your name" value=${a.form.name} autocomplete="off">
  <p class="error-text" id="name-error">${a.errors.name ?? ''}</p>
  <input id="text" name="text" placeholder="Say something" value=${a.form.text} autocomplete="off">
  <button>Send</button>
  <p class="error-text" id="text-error">${a.errors.text ?? ''}</p>
</form>`,
});

export const chat: Example = {
  path: '/chat',
  title: 'Chat room',
  summary:
    'Open it in two tabs, pick a name and talk: errors appear as you type, only under the fields you touched; each message reaches every tab, and a new tab gets the last 50 from the room process.',
  routes: [{ path: '/chat', view: Chat }],
  async start({ system, pubsub }) {
    await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [{ id: ROOM, name: ROOM, start: [room, pubsub] }],
    });
  },
};
