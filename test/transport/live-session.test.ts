/**
 * Live sessions over the wire: onMount hooks on the dead render (302) and on the join
 * (LiveView's redirect), the session read asynchronously and merged with the live session's,
 * its layout, and live navigation that stays live inside one live session and is refused
 * (`unauthorized`: a full page load) across two.
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { liveSession } from '../../transport/live-session.js';
import type { LayoutProps, LiveRoute } from '../../transport/options.js';
import { createLiveServer } from '../../transport/server.js';
import type { OnMount } from '../../views/lifecycle.js';
import { defineLiveView } from '../../views/live-view.js';
import { html } from '../../views/render/html.js';
import {
  getPage,
  LiveClient,
  type Page,
  startLiveServer,
  TEST_SECRET,
} from '../support/live-client.js';
import { listenHttp, serverSigner } from './server-fixtures.js';

/** Who may be signed in: a hook checks every mount against it, as a session store would. */
function members(...names: string[]) {
  const valid = new Set(names);
  const requireUser: OnMount<{ user: string }> = async (_params, session, socket) => {
    const user = typeof session.user === 'string' ? session.user : undefined;
    // Asynchronous, as a session store's lookup is.
    if (user === undefined || !(await Promise.resolve(valid.has(user)))) {
      socket.putFlash('error', 'Sign in first').redirect('/login');
      return 'halt';
    }
    socket.assign({ user });
    return 'cont';
  };
  return { valid, requireUser };
}

const Member = defineLiveView<{ user: string; role?: unknown }, { go: { to: string } }>({
  mount(_params, session, socket) {
    socket.assign({ role: session.role });
  },
  handleEvent(_event, { to }, socket) {
    socket.pushNavigate(to);
  },
  render: (a) => html`<p id="who">${a.user} ${String(a.role ?? '')}</p>`,
});

const Public = defineLiveView<Record<string, never>, { go: { to: string } }>({
  handleEvent(_event, { to }, socket) {
    socket.pushNavigate(to);
  },
  render: () => html`<p>public</p>`,
});

/** `user=<name>` in the Cookie header, read asynchronously as a sealed cookie would be. */
async function cookieSession(req: IncomingMessage): Promise<Record<string, unknown>> {
  await Promise.resolve();
  const user = /(?:^|;\s*)user=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  return user === undefined ? {} : { user };
}

const adminLayout = (page: LayoutProps) =>
  html`<!DOCTYPE html><html><head><meta name="csrf-token" content=${page.csrfToken}><title>Admin</title></head><body class="admin">${page.content}</body></html>`;

function routes(requireUser: OnMount): LiveRoute[] {
  return [
    { path: '/login', view: Public },
    { path: '/public', view: Public },
    ...liveSession('members', { onMount: [requireUser] }, [
      { path: '/a', view: Member },
      { path: '/b', view: Member },
    ]),
    ...liveSession(
      'admin',
      {
        onMount: [requireUser],
        session: (req) => ({ role: req.headers['x-role'] ?? 'none' }),
        layout: adminLayout,
      },
      [{ path: '/admin', view: Member }],
    ),
  ];
}

async function server(...names: string[]) {
  const { valid, requireUser } = members(...names);
  const started = await startLiveServer({ routes: routes(requireUser), session: cookieSession });
  return { ...started, valid };
}

const asUser = (user: string) => ({ headers: { cookie: `user=${user}` } });

describe('a live session on the dead render', () => {
  it('runs its onMount hooks with the session read asynchronously from the request', async () => {
    const { url } = await server('ann');
    const page = await getPage(url, '/a', asUser('ann'));
    expect(page.status).toBe(200);
    expect(page.html).toContain('<p id="who">ann </p>');
  });

  it('answers 302 to where a halting hook redirects, with its flash in the flash cookie', async () => {
    const { url } = await server('ann');
    for (const init of [undefined, asUser('bob')]) {
      const page = await getPage(url, '/a', init);
      expect(page.status).toBe(302);
      expect(page.headers.get('location')).toBe('/login');
      const cookie = /__phoenix_flash__=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1];
      expect(serverSigner('flash').verify(decodeURIComponent(cookie ?? ''))).toEqual({
        error: 'Sign in first',
      });
    }
  });

  it("merges the live session's session over the server's, and renders in its layout", async () => {
    const { url } = await server('ann');
    const page = await getPage(url, '/admin', {
      headers: { cookie: 'user=ann', 'x-role': 'owner' },
    });
    expect(page.html).toContain('<body class="admin">');
    expect(page.html).toContain('<p id="who">ann owner</p>');
    // The merged session travels in the page's signed token, so the join mounts with it too.
    const claims = serverSigner('session').verify(page.session) as Record<string, unknown>;
    expect(claims).toMatchObject({ session: { user: 'ann', role: 'owner' }, liveSession: 'admin' });
    const client = await LiveClient.connect(url);
    const view = await client.join(page);
    expect(view.rendered).toMatchObject({ '0': 'ann', '1': 'owner' });
  });

  it('keeps cookies the application set on the response before the page', async () => {
    const live = createLiveServer({
      routes: [{ path: '/public', view: Public }],
      secret: TEST_SECRET,
    });
    try {
      const base = await listenHttp((req, response) => {
        response.setHeader('set-cookie', 'app=renewed; Path=/; HttpOnly');
        live.handler(req, response);
      }, live.upgrade);
      const reply = await fetch(`${base}/public`, {
        headers: { cookie: `__phoenix_flash__=${encodeURIComponent('x')}` },
      });
      expect(reply.headers.getSetCookie()).toEqual([
        'app=renewed; Path=/; HttpOnly',
        expect.stringMatching(/^__phoenix_flash__=; Path=\/; Max-Age=0/),
      ]);
    } finally {
      await live.close();
    }
  });
});

describe('a live session on the live join', () => {
  it('runs the hooks again: a session revoked since the page was rendered gets the redirect', async () => {
    const { url, valid } = await server('ann');
    const page = await getPage(url, '/a', asUser('ann'));
    valid.delete('ann');
    const client = await LiveClient.connect(url);
    const view = await client.join(page);
    expect(view.reply.status).toBe('error');
    const { redirect } = view.reply.response as { redirect: { to: string; flash: string } };
    expect(redirect.to).toBe('/login');
    expect(serverSigner('flash').verify(redirect.flash)).toEqual({ error: 'Sign in first' });
  });
});

describe('live navigation and live sessions', () => {
  async function navigate(url: string, page: Page, to: string) {
    const client = await LiveClient.connect(url);
    await client.join(page);
    return (await client.join(page, { url: undefined, redirect: new URL(to, url).href })).reply;
  }

  it('stays live between routes of one live session', async () => {
    const { url } = await server('ann');
    const reply = await navigate(url, await getPage(url, '/a', asUser('ann')), '/b');
    expect(reply.status).toBe('ok');
    expect(JSON.stringify(reply.response.rendered)).toContain('ann');
  });

  it('stays live between routes outside any live session', async () => {
    const { url } = await server();
    const reply = await navigate(url, await getPage(url, '/public'), '/login');
    expect(reply.status).toBe('ok');
  });

  it('is refused (unauthorized: a full page load) into another live session, or out of one', async () => {
    const { url } = await server('ann');
    const member = await getPage(url, '/a', asUser('ann'));
    expect(await navigate(url, member, '/admin')).toEqual({
      status: 'error',
      response: { reason: 'unauthorized' },
    });
    expect(await navigate(url, member, '/public')).toEqual({
      status: 'error',
      response: { reason: 'unauthorized' },
    });
    const visitor = await getPage(url, '/public');
    expect(await navigate(url, visitor, '/a')).toEqual({
      status: 'error',
      response: { reason: 'unauthorized' },
    });
  });

  it('a pushNavigate across live sessions leads the client to the same refusal', async () => {
    const { url } = await server('ann');
    const page = await getPage(url, '/a', asUser('ann'));
    const client = await LiveClient.connect(url);
    const view = await client.join(page);
    const reply = await view.push('go', { to: '/admin' });
    expect(reply.response).toEqual({ live_redirect: { to: '/admin', kind: 'push' } });
    const next = await client.join(page, { url: undefined, redirect: `${url}/admin` });
    expect(next.reply.response).toEqual({ reason: 'unauthorized' });
  });
});

describe('liveSession', () => {
  const hook: OnMount = () => 'cont';

  it('marks each route with its live session, and refuses nesting', () => {
    const [a] = liveSession('one', { onMount: [hook] }, [{ path: '/a', view: Public }]);
    expect(a?.liveSession).toMatchObject({ name: 'one', onMount: [hook] });
    expect(() => liveSession('two', {}, [a!])).toThrow(
      /the route "\/a" is in the live session "one" already; live sessions do not nest/,
    );
  });

  it('refuses a bad name, a hook that is no function, and two live sessions of one name', () => {
    expect(() => liveSession('', {}, [])).toThrow(TypeError);
    expect(() => liveSession('x', { onMount: ['auth' as unknown as OnMount] }, [])).toThrow(
      /each onMount hook must be a function/,
    );
    const routes = [
      ...liveSession('same', {}, [{ path: '/a', view: Public }]),
      ...liveSession('same', {}, [{ path: '/b', view: Public }]),
    ];
    expect(() => createLiveServer({ routes, secret: TEST_SECRET })).toThrow(
      /two live sessions are named "same"/,
    );
  });

  it('a layout given as a plain string function works as the server-wide one does', async () => {
    const layout = (page: LayoutProps) =>
      `<!DOCTYPE html><meta name="csrf-token" content="${page.csrfToken}">${page.content}`;
    const { url } = await startLiveServer({
      routes: liveSession('plain', { layout }, [{ path: '/p', view: Public }]),
    });
    const page = await getPage(url, '/p');
    expect(page.html.startsWith('<!DOCTYPE html><meta name="csrf-token"')).toBe(true);
  });
});
