import { describe, expect, it } from 'vitest';
import { getPage, LiveClient, startLiveServer } from '../support/live-client.js';
import { counterView, echoView } from './fixtures.js';
import { serverSigner } from './server-fixtures.js';

async function setup() {
  const counter = counterView();
  const server = await startLiveServer({
    routes: [
      { path: '/counter', view: counter },
      { path: '/echo', view: echoView },
    ],
  });
  const client = await LiveClient.connect(server.url);
  return { ...server, client };
}

describe('events on a joined view', () => {
  it('replies to a click with the diff it caused', async () => {
    const { url, client } = await setup();
    const view = await client.join(await getPage(url, '/counter'));
    expect(await view.push('inc', { value: '' })).toEqual({
      status: 'ok',
      response: { diff: { '0': '1' } },
    });
  });

  it('decodes a form event: urlencoded value, meta merged, _target as a key path', async () => {
    const { url, client } = await setup();
    const view = await client.join(await getPage(url, '/echo'));
    const reply = await view.request('event', {
      type: 'form',
      event: 'validate',
      value: 'user%5B_unused_name%5D=&user%5Bname%5D=&user%5Bemail%5D=jo%40x.io',
      meta: { _target: 'user[email]' },
      uploads: {},
    });
    expect(reply).toEqual({
      status: 'ok',
      response: {
        diff: {
          r: {
            event: 'validate',
            value: {
              user: { _unused_name: '', name: '', email: 'jo@x.io' },
              _target: ['user', 'email'],
            },
          },
        },
      },
    });
  });

  it('passes key and hook values as sent', async () => {
    const { url, client } = await setup();
    const view = await client.join(await getPage(url, '/echo'));
    const key = await view.request('event', {
      type: 'keydown',
      event: 'k',
      value: { key: 'Enter' },
    });
    expect(key.response).toEqual({ diff: { r: { event: 'k', value: { key: 'Enter' } } } });
    const hook = await view.request('event', { type: 'hook', event: 'h', value: [1, 2] });
    expect(hook.response).toEqual({ diff: { r: { event: 'h', value: [1, 2] } } });
  });

  it('pushes a PubSub broadcast as a diff stamped with the join ref', async () => {
    const { url, client, live } = await setup();
    const view = await client.join(await getPage(url, '/counter'));
    live.pubsub.broadcast('counter', { type: 'set', count: 42 });
    expect(await view.nextPush()).toEqual([view.joinRef, null, view.topic, 'diff', { '0': '42' }]);
  });

  it('sends the live_patch push before the reply of the event that patched', async () => {
    const { url, client } = await setup();
    const view = await client.join(await getPage(url, '/counter'));
    const ref = client.nextRef();
    client.send([
      view.joinRef,
      ref,
      view.topic,
      'event',
      { type: 'click', event: 'patch', value: { to: '/counter?start=3' } },
    ]);
    const first = await client.take((f) => f[2] === view.topic);
    expect(first).toEqual([
      view.joinRef,
      null,
      view.topic,
      'live_patch',
      { to: '/counter?start=3', kind: 'push' },
    ]);
    expect((await client.replyTo(ref)).status).toBe('ok');
  });

  it('answers a pushNavigate with live_redirect (flash signed), then closes the topic', async () => {
    const { url, client } = await setup();
    const view = await client.join(await getPage(url, '/counter'));
    const reply = await view.push('navigate', { to: '/echo' });
    const nav = reply.response.live_redirect as { to: string; kind: string; flash: string };
    expect(nav).toMatchObject({ to: '/echo', kind: 'push' });
    expect(serverSigner('flash').verify(nav.flash)).toEqual({ info: 'bye' });
    expect(await view.nextPush('phx_close')).toEqual([
      view.joinRef,
      view.joinRef,
      view.topic,
      'phx_close',
      {},
    ]);
  });

  it('answers a redirect with redirect (flash signed), then closes the topic', async () => {
    const { url, client } = await setup();
    const view = await client.join(await getPage(url, '/counter'));
    const reply = await view.push('leave');
    const nav = reply.response.redirect as { to: string; flash: string };
    expect(nav.to).toBe('/elsewhere');
    expect(serverSigner('flash').verify(nav.flash)).toEqual({ info: 'left' });
    await view.nextPush('phx_close');
  });

  it('answers a client live_patch: same view {} or diff, another view link_redirect', async () => {
    const { url, client } = await setup();
    const view = await client.join(await getPage(url, '/counter'));
    const same = await view.request('live_patch', { url: `${url}/counter?start=2` });
    expect(same.status).toBe('ok');
    const other = await view.request('live_patch', { url: `${url}/echo` });
    expect(other).toEqual({ status: 'ok', response: { link_redirect: true } });
  });

  it('answers cids_will_destroy with {} and cids_destroyed with the cids deleted', async () => {
    const { url, client } = await setup();
    const view = await client.join(await getPage(url, '/counter'));
    expect(await view.request('cids_will_destroy', { cids: [1] })).toEqual({
      status: 'ok',
      response: {},
    });
    const destroyed = await view.request('cids_destroyed', { cids: [1] });
    expect(destroyed.status).toBe('ok');
    expect(destroyed.response).toHaveProperty('cids');
  });

  it('refuses cids that are not component ids, as an event cid would be', async () => {
    const { url, client } = await setup();
    const view = await client.join(await getPage(url, '/counter'));
    for (const cids of [[-1], [1.5], ['x'], '1']) {
      expect(await view.request('cids_destroyed', { cids })).toEqual({
        status: 'error',
        response: { reason: 'bad event' },
      });
    }
  });

  it('puts a hook reply in the diff r', async () => {
    const { url, client } = await setup();
    const view = await client.join(await getPage(url, '/counter?start=4'));
    expect(await view.push('reply')).toEqual({
      status: 'ok',
      response: { diff: { r: { count: 4 } } },
    });
  });

  it('refuses an event without a name, and events it does not support, with error replies', async () => {
    const { url, client } = await setup();
    const view = await client.join(await getPage(url, '/counter'));
    expect(await view.request('event', { type: 'click', value: {} })).toEqual({
      status: 'error',
      response: { reason: 'bad event' },
    });
    expect(await view.request('teleport', { ref: 'x' })).toEqual({
      status: 'error',
      response: { reason: 'unknown event' },
    });
    // A view that allowed no upload answers a preflight, refusing it.
    expect(await view.request('allow_upload', { ref: 'x', entries: [] })).toEqual({
      status: 'ok',
      response: { ref: 'x', error: [['x', 'disallowed']] },
    });
    expect(await view.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '1' } } });
  });
});
