/**
 * My tickets: signing in and out around live views. Two live sessions split the pages:
 *
 *   guest    /login    its onMount hook sends a signed-in visitor on to /tickets
 *   members  /tickets  its onMount hook sends an anonymous one to /login, with a flash
 *
 * The hooks run on the dead render (a 302) and again when the page's live view joins, so a
 * sign-out elsewhere is noticed by every page that mounts after it. The login form is checked
 * against a zod schema as you type; when the credentials are good the server sets
 * `phx-trigger-action`, and the browser posts the form to POST /login, which sets the session
 * cookie (auth-routes.ts). "Log out everywhere" revokes every sign-in of the user and closes
 * every live page of theirs, in any tab or browser: those reload into the login page.
 *
 * The tickets come from the reservations example's stock, held under the user's name rather
 * than a tab's, so every tab and browser of theirs shows the same tickets, and both pages the
 * same count.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { liveSession } from '../transport/index.js';
import {
  defineLiveView,
  type Form,
  html,
  inputField,
  type LiveViewSocket,
  type OnMount,
  toForm,
} from '../views/index.js';
import { checkCredentials, DEMO_PASSWORD, startAccounts, type User, userOf } from './accounts.js';
import { AUTH_PATHS } from './auth-routes.js';
import type { Example } from './example.js';
import { flashes } from './flash.js';
import {
  type Answer,
  type Ask,
  type Left,
  STOCK_NAME,
  STOCK_TOPIC,
  ticketsLeft,
} from './reservations.js';
import { callShared } from './stores/shared-process.js';

/** What a login must be: checked as you type, and in full on submit. */
const Login = z.object({
  email: z
    .string({ error: 'Enter your email address.' })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: 'Enter an email address, like ann@example.com.' })),
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.'),
});

const FAILURES = {
  wrong: 'That email address and password do not match an account.',
  throttled: 'Too many attempts for this address: wait a minute, then try again.',
} as const;

/** What the redirects to /login say, by their query. */
function noticeOf(params: Readonly<Record<string, unknown>>): [string, string] | undefined {
  if (params['signed-out'] === 'here') return ['info', 'You are signed out.'];
  if (params['signed-out'] === 'everywhere') {
    return ['info', 'You are signed out on every browser: their pages went to this one.'];
  }
  if (params.failed === 'wrong' || params.failed === 'throttled') {
    return ['error', FAILURES[params.failed]];
  }
  return undefined;
}

const csrfOf = (session: Readonly<Record<string, unknown>>) =>
  typeof session.csrf_token === 'string' ? session.csrf_token : '';

/** The guest pages' hook: a signed-in visitor has nothing to do on the login page. */
const redirectIfSignedIn: OnMount = async (_params, session, socket) => {
  if ((await userOf(socket.system, session.token)) === undefined) return 'cont';
  socket.redirect('/tickets');
  return 'halt';
};

/** The members' pages' hook: the current user, or the way to the login page. */
const requireUser: OnMount<{ user: User; csrfToken: string }> = async (_p, session, socket) => {
  const user = await userOf(socket.system, session.token);
  if (user === undefined) {
    socket.putFlash('error', 'Please sign in to see your tickets.').redirect('/login');
    return 'halt';
  }
  socket.assign({ user, csrfToken: csrfOf(session) });
  return 'cont';
};

type LoginAssigns = {
  form: Form<typeof Login>;
  csrfToken: string;
  /** Set once the credentials are good: the browser then posts the form. */
  trigger: boolean;
  failure: string;
};

const LoginPage = defineLiveView<
  LoginAssigns,
  { validate: Readonly<Record<string, unknown>>; login: Readonly<Record<string, unknown>> }
>({
  async mount(params, session, socket) {
    socket.pageTitle = 'Sign in';
    const notice = noticeOf(params);
    if (notice !== undefined) socket.putFlash(notice[0], notice[1]);
    socket.assign({
      form: await toForm(Login, {}, { id: 'login', usedInputs: 'none' }),
      csrfToken: csrfOf(session),
      trigger: false,
      failure: '',
    });
  },
  async handleEvent(event, params, socket) {
    const submit = event === 'login';
    const form = await toForm(Login, params, {
      id: 'login',
      usedInputs: submit ? 'all' : 'params',
    });
    socket.assign({ form, failure: '' });
    if (!submit || !form.valid) return;
    const result = await checkCredentials(socket.system, form.value.email, form.value.password);
    if (typeof result === 'string') socket.assign({ failure: FAILURES[result] });
    else socket.clearFlash().assign({ trigger: true });
  },
  render: (a) => html`<div class="auth">
<h1>Sign in</h1>
<p class="lead">Sign in to see the tickets you reserved. Try <code>ann@example.com</code> or
<code>bob@example.com</code>, password <code>${DEMO_PASSWORD}</code>.</p>
${flashes(a.flash)}
<form id="login" class="card auth-form" action=${AUTH_PATHS.login} method="post" phx-change="validate" phx-submit="login" phx-trigger-action=${a.trigger}>
<input type="hidden" name="_csrf_token" value=${a.csrfToken}>
${inputField(a.form.field('email'), {
  label: 'Email',
  type: 'email',
  attrs: { autocomplete: 'username', 'phx-debounce': 'blur' },
})}
${inputField(a.form.field('password'), {
  label: 'Password',
  type: 'password',
  // Once the form is to be posted, what was typed is rendered back, as phx.gen.auth does:
  // the official client patches a submitted form from the server's render.
  attrs: {
    autocomplete: 'current-password',
    value: a.trigger ? String(a.form.values.password ?? '') : undefined,
  },
})}
<p class="field-error auth-failure" id="login-failure" role="alert">${a.failure}</p>
<button class="button-primary" phx-disable-with="Signing in…">Sign in</button>
</form>
</div>`,
});

type TicketsAssigns = { user: User; csrfToken: string; held: number; left: number };
type TicketsSocket = LiveViewSocket<TicketsAssigns, Left>;

/** Asks the stock for this user: their tickets are held under their id, not a tab's. */
async function ask(socket: TicketsSocket, type: 'left' | 'reserve' | 'release'): Promise<Answer> {
  const buyer = `user:${socket.assigns.user.id}`;
  const msg: Ask = type === 'left' ? { type, buyer } : { type, buyer, request: randomUUID() };
  const answer = await callShared<Answer>(socket.system, STOCK_NAME, msg);
  socket.assign({ held: answer.held, left: answer.left });
  return answer;
}

const TicketsPage = defineLiveView<TicketsAssigns, { reserve: unknown; release: unknown }, Left>({
  async mount(_params, _session, socket) {
    socket.pageTitle = 'My tickets';
    // Subscribed before reading, so no change falls between the reading and the news.
    socket.subscribe(STOCK_TOPIC);
    await ask(socket, 'left');
  },
  async handleEvent(event, _value, socket) {
    const { sold } = await ask(socket, event === 'reserve' ? 'reserve' : 'release');
    socket.clearFlash();
    if (event === 'release') {
      if (sold) socket.putFlash('info', 'One ticket went back on sale.');
    } else if (sold) socket.putFlash('info', 'The ticket is yours.');
    else socket.putFlash('error', 'Sold out: no ticket is left.');
  },
  // Another tab (this user's or anyone's) sold, released or restocked.
  async handleInfo(_news, socket) {
    await ask(socket, 'left');
  },
  render: (a) => html`<div class="page-head"><div><h1>My tickets</h1>
<p class="lead">Signed in as <strong>${a.user.name}</strong> (${a.user.email}).</p></div></div>
${flashes(a.flash)}
<section class="card" aria-labelledby="tickets-heading">
<h2 id="tickets-heading">Your tickets</h2>
${
  a.held === 0
    ? html`<p class="muted" id="no-tickets">You have no tickets yet.</p>`
    : html`<ul class="holds" id="tickets">${Array.from(
        { length: a.held },
        (_, i) =>
          html`<li class="hold" id=${`ticket-${i + 1}`}><span class="hold-name">Ticket ${i + 1}</span>
<span class="hold-time">Admits one</span>
<button phx-click="release" aria-label=${`Release ticket ${i + 1}`}>Release</button></li>`,
      )}</ul>`
}
<div class="cluster"><button id="reserve" class="button-primary" phx-click="reserve" disabled=${a.left === 0}>Reserve a ticket</button>
<span id="left" aria-live="polite">${ticketsLeft(a.left)}</span></div>
<p class="muted">The same stock as the <a href="/reservations">Reservations</a> page: a ticket
reserved here is one fewer there.</p>
</section>
<section class="card danger-zone" aria-labelledby="sign-out-heading">
<h2 id="sign-out-heading">Signing out</h2>
<p>“Log out everywhere” signs you out of every browser and closes each open page of yours:
open this one in a second tab first, and watch that tab land on the sign-in page.</p>
<div class="cluster">
<form method="post" action=${AUTH_PATHS.logout}><input type="hidden" name="_csrf_token" value=${a.csrfToken}><button id="logout">Log out</button></form>
<form method="post" action=${AUTH_PATHS.everywhere}><input type="hidden" name="_csrf_token" value=${a.csrfToken}><button id="logout-everywhere" class="button-danger">Log out everywhere</button></form>
</div>
</section>`,
});

export const myTickets: Example = {
  path: '/tickets',
  title: 'My tickets',
  source: 'my-tickets.ts',
  tryThis: `Sign in as ann@example.com (password ${DEMO_PASSWORD}), reserve a ticket, open the page in a second tab, then press “Log out everywhere”.`,
  shows:
    'Live sessions whose onMount hooks guard pages on the dead render and the join, a login form posted with phx-trigger-action, and a logout that closes every tab.',
  routes: [
    ...liveSession('guest', { onMount: [redirectIfSignedIn] }, [
      { path: '/login', view: LoginPage },
    ]),
    ...liveSession('members', { onMount: [requireUser] }, [
      { path: '/tickets', view: TicketsPage },
    ]),
  ],
  async start({ system }) {
    await startAccounts(system);
  },
};
