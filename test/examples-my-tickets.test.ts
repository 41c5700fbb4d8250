/**
 * The "My tickets" example, driven two ways. Its pages in-process with `views/testing`, their
 * live sessions' onMount hooks included: the login form as a user fills it, the tickets page's
 * buttons. And the whole sign-in flow over HTTP and the socket, against the examples app: the
 * anonymous redirect, the CSRF-guarded POST /login that sets the cookie, the signed-in page
 * and its live connection, and "Log out everywhere" closing that connection.
 */
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { ActorSystem, PubSub } from '../actors/index.js';
import { signIn, userOf } from '../examples/accounts.js';
import { createExamplesApp } from '../examples/app.js';
import { myTickets } from '../examples/my-tickets.js';
import { reservations } from '../examples/reservations.js';
import type { LiveRoute } from '../transport/index.js';
import type { Session } from '../views/index.js';
import { type LiveViewTest, mountLive } from '../views/testing/index.js';
import { getPage, LiveClient, TEST_SECRET } from './support/live-client.js';

describe('the My tickets pages', () => {
  let system: ActorSystem;
  let pubsub: PubSub;
  const open: LiveViewTest[] = [];
  beforeEach(async () => {
    system = new ActorSystem();
    pubsub = new PubSub(system);
    await reservations.start?.({ system, pubsub });
    await myTickets.start?.({ system, pubsub });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((lv) => lv.close()));
    await system.shutdown();
  });

  const route = (path: string): LiveRoute => myTickets.routes.find((r) => r.path === path)!;

  /** Mounts `path` as its live session mounts it, for a browser with `session`. */
  async function mount(path: string, session: Session = {}, query = ''): Promise<LiveViewTest> {
    const { view, liveSession } = route(path);
    const url = `http://localhost${path}${query}`;
    const lv = await mountLive(view, {
      system,
      pubsub,
      url,
      session,
      onMount: liveSession?.onMount,
    });
    open.push(lv);
    return lv;
  }

  async function signedIn(email = 'ann@example.com'): Promise<Session> {
    const id = email.startsWith('ann') ? 'u1' : 'u2';
    const token = await signIn(system, { id, name: '', email });
    return { token, csrf_token: 'page-csrf' };
  }

  it('sends an anonymous visitor of /tickets to /login, with a flash saying why', async () => {
    await expect(mount('/tickets')).rejects.toMatchObject({
      code: 'ERR_MOUNT_REDIRECT',
      navigation: { to: '/login', flash: { error: 'Please sign in to see your tickets.' } },
    });
    // A token that was revoked (or made up) counts as anonymous.
    await expect(mount('/tickets', { token: 'made-up' })).rejects.toMatchObject({
      navigation: { to: '/login' },
    });
  });

  it('sends a signed-in visitor of /login on to /tickets', async () => {
    await expect(mount('/login', await signedIn())).rejects.toMatchObject({
      navigation: { to: '/tickets' },
    });
  });

  it('validates the login form as it is filled, and only fields the user has reached', async () => {
    const lv = await mount('/login', { csrf_token: 'page-csrf' });
    expect(await lv.hasElement('#login input[name="_csrf_token"][value="page-csrf"]')).toBe(true);
    await lv.form('#login', { email: 'ann@' }).change();
    expect(await lv.element('#email-error').text()).toBe(
      'Enter an email address, like ann@example.com.',
    );
    expect(await lv.element('#password-error').text()).toBe('');
    await lv.form('#login', { email: 'ann@example.com', password: '' }).submit();
    expect(await lv.element('#email-error').text()).toBe('');
    expect(await lv.element('#password-error').text()).toBe('Enter your password.');
    expect(await lv.hasElement('#password[aria-invalid="true"]')).toBe(true);
    expect(await lv.hasElement('#login[phx-trigger-action]')).toBe(false);
  });

  it('says so when the password is wrong, and posts the form once it is right', async () => {
    const lv = await mount('/login', { csrf_token: 'page-csrf' });
    await lv.form('#login', { email: 'ann@example.com', password: 'guess' }).submit();
    expect(await lv.element('#login-failure').text()).toBe(
      'That email address and password do not match an account.',
    );
    expect(await lv.hasElement('#login[phx-trigger-action]')).toBe(false);
    await lv.form('#login', { email: ' Ann@Example.com ', password: 'tickets-please' }).submit();
    expect(await lv.hasElement('#login[phx-trigger-action][action="/login"][method="post"]')).toBe(
      true,
    );
    expect(await lv.element('#login-failure').text()).toBe('');
    // What the browser will post: the fields as typed (the password rendered back for it).
    expect(await lv.hasElement('#password[value="tickets-please"]')).toBe(true);
  });

  it('stops guessing: five wrong passwords in a minute, and the address must wait', async () => {
    const lv = await mount('/login');
    for (let i = 0; i < 5; i++) {
      await lv.form('#login', { email: 'bob@example.com', password: `guess ${i}` }).submit();
    }
    await lv.form('#login', { email: 'bob@example.com', password: 'tickets-please' }).submit();
    expect(await lv.element('#login-failure').text()).toMatch(/^Too many attempts/);
    expect(await lv.hasElement('#login[phx-trigger-action]')).toBe(false);
  });

  it("lists the user's tickets: reserve, release, and the reservations page's count moves with them", async () => {
    const session = await signedIn();
    const lv = await mount('/tickets', session);
    const stock = await mountLive(reservations.routes[0]!.view, { system, pubsub });
    open.push(stock);
    expect(await lv.element('h1 + .lead').text()).toBe('Signed in as Ann (ann@example.com).');
    expect(await lv.hasElement('#no-tickets')).toBe(true);

    await lv.element('#reserve').click();
    await lv.element('#reserve').click();
    expect(await lv.element('#flash-info').text()).toBe('The ticket is yours.');
    expect(await lv.element('#tickets').text()).toMatch(/Ticket 1.*Ticket 2/s);
    expect(await lv.element('#left').text()).toBe('8 tickets left');
    expect(await stock.element('#left').text()).toBe('8 tickets left');

    await lv.element('button[aria-label="Release ticket 2"]').click();
    expect(await lv.hasElement('#ticket-2')).toBe(false);
    expect(await lv.element('#flash-info').text()).toBe('One ticket went back on sale.');
    expect(await stock.element('#left').text()).toBe('9 tickets left');

    // The tickets are the user's, not the tab's: another tab of theirs shows them too.
    const other = await mount('/tickets', session);
    expect(await other.hasElement('#ticket-1')).toBe(true);

    // A ticket sold elsewhere is news here too.
    await stock.element('#reserve').click();
    expect(await lv.element('#left').text()).toBe('8 tickets left');
  });

  it('puts each sign-out form next to its CSRF token', async () => {
    const lv = await mount('/tickets', await signedIn());
    for (const action of ['/logout', '/logout/everywhere']) {
      const token = `form[action="${action}"][method="post"] input[name="_csrf_token"]`;
      expect(await lv.hasElement(`${token}[value="page-csrf"]`)).toBe(true);
    }
  });
});

describe('signing in and out of the examples app', () => {
  async function app() {
    const examples = await createExamplesApp({ secret: TEST_SECRET, background: false });
    onTestFinished(() => examples.close());
    const { url } = await examples.listen({ host: '127.0.0.1', port: 0 });
    return { examples, url };
  }

  /** The `name=value` pairs of a response's Set-Cookie headers, for the next request. */
  function cookiesOf(res: Response, jar = new Map<string, string>()): Map<string, string> {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return jar;
  }
  const header = (jar: Map<string, string>) =>
    [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

  async function loginPage(url: string) {
    const res = await fetch(`${url}/login`, { headers: { accept: 'text/html' } });
    const html = await res.text();
    const csrf = /name="_csrf_token" value="([^"]+)"/.exec(html)?.[1] ?? '';
    return { res, jar: cookiesOf(res), csrf };
  }

  function post(
    url: string,
    path: string,
    jar: Map<string, string>,
    form: Record<string, string>,
    origin = url,
  ) {
    return fetch(`${url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: header(jar), origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  it('turns the anonymous away, signs in through a CSRF-guarded POST, and logs out everywhere', async () => {
    const { url, examples } = await app();
    expect((await getPage(url, '/tickets')).headers.get('location')).toBe('/login');

    const { res, jar, csrf } = await loginPage(url);
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join()).toMatch(/examples_session=.*HttpOnly.*SameSite=Lax/i);
    expect(csrf).not.toBe('');
    const credentials = { email: 'ann@example.com', password: 'tickets-please' };

    // Without the page's token, from another site, or with a token of no session: refused.
    expect((await post(url, '/login', jar, credentials)).status).toBe(403);
    const forged = { ...credentials, _csrf_token: csrf };
    expect((await post(url, '/login', jar, forged, 'https://evil.example')).status).toBe(403);
    expect((await post(url, '/login', new Map(), forged)).status).toBe(403);

    const wrong = await post(url, '/login', jar, { ...forged, password: 'nope' });
    expect([wrong.status, wrong.headers.get('location')]).toEqual([303, '/login?failed=wrong']);
    const signedIn = await post(url, '/login', jar, forged);
    expect([signedIn.status, signedIn.headers.get('location')]).toEqual([303, '/tickets']);
    cookiesOf(signedIn, jar);

    // Two tabs of the signed-in browser, each with its live view joined.
    const tabs = await Promise.all(
      [1, 2].map(async () => {
        const page = await getPage(url, '/tickets', { headers: { cookie: header(jar) } });
        expect(page.html).toContain('Signed in as <strong>Ann</strong>');
        expect(page.html).toMatch(/<title[^>]*>My tickets · liveactor examples<\/title>/);
        expect(page.html).toContain('<h1>My tickets</h1>');
        const client = await LiveClient.connect(url, { headers: { cookie: header(jar) } });
        expect((await client.join(page)).reply.status).toBe('ok');
        return { page, client };
      }),
    );
    // The sign-out forms carry a token of the new session (the old page's one is spent).
    const token =
      /action="\/logout\/everywhere"><input type="hidden" name="_csrf_token" value="([^"]+)"/.exec(
        tabs[0]!.page.html,
      )?.[1];
    expect((await post(url, '/logout/everywhere', jar, { _csrf_token: csrf })).status).toBe(403);
    const out = await post(url, '/logout/everywhere', jar, { _csrf_token: token ?? '' });
    expect([out.status, out.headers.get('location')]).toEqual([
      303,
      '/login?signed-out=everywhere',
    ]);
    for (const { client } of tabs) {
      expect(await client.closed).toEqual({ code: 1000, reason: 'disconnected' });
    }
    // Their reload lands on the login page; and the old cookie is worth nothing now.
    const again = await getPage(url, '/tickets', { headers: { cookie: header(jar) } });
    expect(again.headers.get('location')).toBe('/login');
    const rejoin = await LiveClient.connect(url);
    const refused = await rejoin.join(tabs[0]!.page);
    expect(refused.reply.response).toMatchObject({ redirect: { to: '/login' } });
    expect(await userOf(examples.system, 'anything')).toBeUndefined();
  });
});
