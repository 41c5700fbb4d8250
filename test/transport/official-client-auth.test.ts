/**
 * The official LiveView client against live sessions, onMount hooks, `disconnectSockets` and
 * `phx-trigger-action`: it decides from what the server answers (a join's `redirect`, an
 * `unauthorized` refusal, a close 1000), so these show the server answers as LiveView does.
 */
import type { IncomingMessage } from 'node:http';
import { expect, it } from 'vitest';
import { liveSession } from '../../transport/live-session.js';
import type { LiveRoute } from '../../transport/options.js';
import type { OnMount } from '../../views/lifecycle.js';
import { link } from '../../views/link.js';
import { defineLiveView } from '../../views/live-view.js';
import { html } from '../../views/render/html.js';
import { startLiveServer } from '../support/live-client.js';
import { openOfficialPage } from '../support/official-browser.js';
import {
  describeOfficialClient,
  expectQuiet,
  FAST_CLIENT,
  openJoined,
  sentFrame,
} from './official-pages.js';

const valid = new Set<string>();

const requireUser: OnMount<{ user: string }> = (_params, session, socket) => {
  const user = session.user;
  if (typeof user !== 'string' || !valid.has(user)) {
    socket.putFlash('error', 'Sign in first').redirect('/login');
    return 'halt';
  }
  socket.assign({ user });
  return 'cont';
};

const Member = defineLiveView<{ user: string }>({
  render: (a) => html`<h1 id="who">${a.user}</h1>
${link({ navigate: '/b', attrs: { id: 'to-b' } }, 'B')}
${link({ navigate: '/admin', attrs: { id: 'to-admin' } }, 'Admin')}`,
});

type LoginEvents = { login: { email?: string; password?: string } };
type LoginAssigns = { trigger: boolean; error: string; email: string; password: string };

// As phx.gen.auth does, the fields are rendered with what was submitted when the form is to be
// posted: the official client patches a submitted form from the server's render.
const Login = defineLiveView<LoginAssigns, LoginEvents>({
  mount(_p, _s, socket) {
    socket.assign({ trigger: false, error: '', email: '', password: '' });
  },
  handleEvent(_event, { email = '', password = '' }, socket) {
    if (password === 'right') socket.assign({ trigger: true, error: '', email, password });
    else socket.assign({ error: 'Wrong email or password', email });
  },
  render: (
    a,
  ) => html`<form id="login" action="/session" method="post" phx-submit="login" phx-trigger-action=${a.trigger}>
<input id="email" name="email" value=${a.email}><input id="password" type="password" name="password" value=${a.trigger ? a.password : ''}>
<p id="error">${a.error}</p><button id="go">Sign in</button></form>`,
});

function sessionOf(req: IncomingMessage) {
  const user = /(?:^|;\s*)user=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  return user === undefined ? {} : { user, live_socket_id: `user:${user}` };
}

const routes: LiveRoute[] = [
  { path: '/login', view: Login },
  ...liveSession('members', { onMount: [requireUser] }, [
    { path: '/a', view: Member },
    { path: '/b', view: Member },
  ]),
  ...liveSession('admin', { onMount: [requireUser] }, [{ path: '/admin', view: Member }]),
];

describeOfficialClient(() => {
  it('navigates live inside a live session, and loads the page afresh into another', async () => {
    valid.add('ann');
    const { url } = await startLiveServer({ routes, session: sessionOf });
    const page = await openJoined(url, '/a', { cookie: 'user=ann' });
    let mark = page.frames.length;
    page.click('#to-b');
    await page.waitFor((p) => p.url === `${url}/b` && p.isJoined());
    expect((await sentFrame(page, 'phx_join', mark)).payload).toMatchObject({
      redirect: `${url}/b`,
    });
    expect(page.navigations).toEqual([]);

    mark = page.frames.length;
    page.click('#to-admin');
    expect(await page.waitForNavigation()).toEqual({ kind: 'assign', url: `${url}/admin` });
    const refused = await page.waitForFrame(
      (f) => f.direction === 'received' && f.event === 'phx_reply' && f.payload.status === 'error',
      { since: mark },
    );
    expect(refused.payload.response).toEqual({ reason: 'unauthorized' });
    expectQuiet(page);
  });

  it("follows a join's redirect from an onMount hook to the login page, flash included", async () => {
    valid.add('bob');
    const { url } = await startLiveServer({ routes, session: sessionOf });
    const page = await openOfficialPage(`${url}/a`, { cookie: 'user=bob', connect: false });
    expect(page.text('#who')).toBe('bob');
    valid.delete('bob');
    page.liveSocket.connect();
    expect(await page.waitForNavigation()).toEqual({ kind: 'assign', url: `${url}/login` });
    expect(page.cookieHeader()).toMatch(/__phoenix_flash__=/);
  });

  it('reloads a page whose socket disconnectSockets closed', async () => {
    valid.add('cy');
    const { url, live } = await startLiveServer({ routes, session: sessionOf });
    const page = await openJoined(url, '/a', { cookie: 'user=cy', ...FAST_CLIENT });
    live.disconnectSockets('user:cy');
    expect(await page.waitForNavigation()).toEqual({ kind: 'reload', url: `${url}/a` });
  });

  it('posts a form the plain way once the server sets phx-trigger-action', async () => {
    const { url } = await startLiveServer({ routes, session: sessionOf });
    const page = await openJoined(url, '/login');
    const posted: Record<string, string>[] = [];
    const proto = page.window.HTMLFormElement.prototype as unknown as { submit(): void };
    proto.submit = function (this: unknown) {
      const data = new page.window.FormData(this as never) as unknown as Iterable<[string, string]>;
      posted.push(Object.fromEntries(data));
    };
    page.input('#email', 'ann@example.com');
    page.input('#password', 'wrong');
    page.submit('#login');
    await page.waitFor((p) => p.text('#error') === 'Wrong email or password');
    expect(posted).toEqual([]);
    page.input('#password', 'right');
    page.submit('#login');
    await page.waitFor(() => posted.length === 1);
    expect(posted).toEqual([{ email: 'ann@example.com', password: 'right' }]);
  });
});
