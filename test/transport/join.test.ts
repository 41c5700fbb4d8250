import { describe, expect, it } from 'vitest';
import { createTokenSigner } from '../../transport/token.js';
import { getPage, LiveClient, startLiveServer } from '../support/live-client.js';
import { counterView, journal, redirectingView } from './fixtures.js';
import { expiredSession, serverSigner } from './server-fixtures.js';

async function counterServer(log = journal()) {
  const view = counterView(log);
  return startLiveServer({
    routes: [
      { path: '/counter', view },
      { path: '/other', view },
      { path: '/redirecting', view: redirectingView },
    ],
  });
}

describe('joining a live view', () => {
  it('replies to a join with the full render, the version, and the join ref echoed', async () => {
    const { url } = await counterServer();
    const page = await getPage(url, '/counter?start=5');
    const client = await LiveClient.connect(url);
    const ref = client.nextRef();
    client.send([
      ref,
      ref,
      page.topic,
      'phx_join',
      {
        url: page.url,
        params: { _csrf_token: page.csrfToken },
        session: page.session,
        static: page.static,
      },
    ]);
    const frame = await client.take((f) => f[1] === ref);
    expect(frame.slice(0, 4)).toEqual([ref, ref, page.topic, 'phx_reply']);
    const { status, response } = frame[4] as { status: string; response: Record<string, unknown> };
    expect(status).toBe('ok');
    expect(response.liveview_version).toBe('1.2.12');
    expect(response.rendered).toMatchObject({ '0': '5', s: 0, p: { '0': ['<p>', '</p>'] } });
  });

  it('answers a heartbeat with an ok reply on the phoenix topic', async () => {
    const { url } = await counterServer();
    const client = await LiveClient.connect(url);
    client.send([null, '7', 'phoenix', 'heartbeat', {}]);
    expect(await client.take((f) => f[1] === '7')).toEqual([
      null,
      '7',
      'phoenix',
      'phx_reply',
      { status: 'ok', response: {} },
    ]);
  });

  it('refuses a tampered session token as stale', async () => {
    const { url } = await counterServer();
    const page = await getPage(url, '/counter');
    const client = await LiveClient.connect(url);
    const tampered = `${page.session.slice(0, -2)}${page.session.endsWith('A') ? 'BB' : 'AA'}`;
    const view = await client.join(page, { session: tampered });
    expect(view.reply).toEqual({ status: 'error', response: { reason: 'stale' } });
  });

  it('refuses an expired session token as stale', async () => {
    const { url } = await counterServer();
    const page = await getPage(url, '/counter');
    const session = expiredSession(page, '/counter');
    const client = await LiveClient.connect(url);
    const view = await client.join(page, { session });
    expect(view.reply).toEqual({ status: 'error', response: { reason: 'stale' } });
  });

  it("refuses another container's session token as stale", async () => {
    const { url } = await counterServer();
    const [page, other] = [await getPage(url, '/counter'), await getPage(url, '/counter')];
    const client = await LiveClient.connect(url);
    const view = await client.join(page, { session: other.session });
    expect(view.reply).toEqual({ status: 'error', response: { reason: 'stale' } });
  });

  it('refuses a token signed with another secret as stale', async () => {
    const { url } = await counterServer();
    const page = await getPage(url, '/counter');
    const foreign = createTokenSigner('another-secret-0123456789-abcdefghijklmn', 'session');
    const client = await LiveClient.connect(url);
    const view = await client.join(page, {
      session: foreign.sign({ id: page.id, route: '/counter', session: {} }),
    });
    expect(view.reply).toEqual({ status: 'error', response: { reason: 'stale' } });
  });

  it('refuses a plain join whose url routes elsewhere than the token as unauthorized', async () => {
    const { url } = await counterServer();
    const page = await getPage(url, '/counter');
    const client = await LiveClient.connect(url);
    const view = await client.join(page, { url: `${url}/other` });
    expect(view.reply).toEqual({ status: 'error', response: { reason: 'unauthorized' } });
    const none = await client.join(page, { url: `${url}/nowhere` });
    expect(none.reply).toEqual({ status: 'error', response: { reason: 'unauthorized' } });
  });

  it('mounts the target route with the old session on a live navigation join', async () => {
    const { url } = await counterServer();
    const page = await getPage(url, '/counter');
    const client = await LiveClient.connect(url);
    const view = await client.join(page, { url: undefined, redirect: `${url}/other?start=9` });
    expect(view.reply.status).toBe('ok');
    expect(view.rendered).toMatchObject({ '0': '9' });
  });

  it('answers a join whose mount redirects with the redirect and a signed flash', async () => {
    const { url } = await counterServer();
    const page = await getPage(url, '/counter');
    const client = await LiveClient.connect(url);
    const view = await client.join(page, { url: undefined, redirect: `${url}/redirecting` });
    expect(view.reply.status).toBe('error');
    const redirect = view.reply.response.redirect as { to: string; flash: string };
    expect(redirect.to).toBe('/login');
    const flash = serverSigner('flash').verify(redirect.flash);
    expect(flash).toEqual({ error: 'nope' });
  });

  it('serves several views on one socket, each with its own state', async () => {
    const { url } = await counterServer();
    const client = await LiveClient.connect(url);
    const a = await client.join(await getPage(url, '/counter?start=1'));
    const b = await client.join(await getPage(url, '/counter?start=10'));
    expect(await a.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '2' } } });
    expect(await b.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '11' } } });
    expect(await a.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '3' } } });
  });

  it('leaves with phx_close then the ok reply, and runs the view terminate', async () => {
    const log = journal();
    const { url } = await counterServer(log);
    const page = await getPage(url, '/counter');
    const client = await LiveClient.connect(url);
    const view = await client.join(page);
    const ref = client.nextRef();
    client.send([view.joinRef, ref, page.topic, 'phx_leave', {}]);
    const close = await client.take((f) => f[3] === 'phx_close' || f[1] === ref);
    expect(close).toEqual([view.joinRef, view.joinRef, page.topic, 'phx_close', {}]);
    expect(await client.replyTo(ref)).toEqual({ status: 'ok', response: {} });
    await log.terminations(1);
    expect(log.terminated).toEqual([{ id: page.id, reason: 'shutdown' }]);
    expect(await view.push('inc')).toEqual({
      status: 'error',
      response: { reason: 'unmatched topic' },
    });
  });

  it('stops every view of a socket when the socket closes', async () => {
    const log = journal();
    const { url } = await counterServer(log);
    const client = await LiveClient.connect(url);
    await client.join(await getPage(url, '/counter'));
    await client.join(await getPage(url, '/counter'));
    client.ws.close();
    await client.closed;
    await log.terminations(2);
    expect(log.terminated.map((t) => t.reason)).toEqual(['shutdown', 'shutdown']);
  });

  it('closes the old instance of a topic joined again, then joins the new one', async () => {
    const { url } = await counterServer();
    const page = await getPage(url, '/counter');
    const client = await LiveClient.connect(url);
    const first = await client.join(page);
    const second = await client.join(page);
    expect(await first.nextPush('phx_close')).toEqual([
      first.joinRef,
      first.joinRef,
      page.topic,
      'phx_close',
      {},
    ]);
    expect(second.reply.status).toBe('ok');
    expect(await second.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '1' } } });
  });
});
