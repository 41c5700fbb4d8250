/**
 * A join that ends before its view mounted (left, or replaced by a second join of its topic)
 * still gets its one reply. Cases the property in fuzz.test.ts found; the describe keeps its name.
 */
import { describe, expect, it } from 'vitest';
import { defineLiveView } from '../../views/live-view.js';
import { html } from '../../views/render/html.js';
import { getPage, LiveClient, startLiveServer } from '../support/live-client.js';
import { fuzzedJoin, repliesTo } from './fuzz-run.js';

describe('fuzzed frames on a joined socket', () => {
  // Found by the property (shrunk by hand to two frames): a join whose topic is left, or joined
  // again, before its view mounted got a `phx_close` but no reply. The view's first connected
  // mount waits for the test, so the second frame surely comes before it.
  it('answers a join that is left before its view mounted', async () => {
    const { client, page, idle } = await freshSocket();
    const [join, leave] = [client.nextRef(), client.nextRef()];
    client.send([join, join, page.topic, 'phx_join', fuzzedJoin(page, {})]);
    client.send([join, leave, page.topic, 'phx_leave', {}]);
    expect(await client.replyTo(leave)).toEqual({ status: 'ok', response: {} });
    await idle();
    expect(repliesTo(client, join).map((f) => f[4])).toEqual([
      { status: 'error', response: { reason: 'join superseded' } },
    ]);
  });

  it('answers a join that a second join of its topic replaces before it mounted', async () => {
    const { client, page, idle } = await freshSocket();
    const [first, second] = [client.nextRef(), client.nextRef()];
    client.send([first, first, page.topic, 'phx_join', fuzzedJoin(page, {})]);
    client.send([second, second, page.topic, 'phx_join', fuzzedJoin(page, {})]);
    await idle();
    expect((await client.replyTo(second)).status).toBe('ok');
    expect(repliesTo(client, first).map((f) => f[4])).toEqual([
      { status: 'error', response: { reason: 'join superseded' } },
    ]);
  });
});

/**
 * A socket of its own on a server whose view's first connected mount waits for `idle()`, and
 * `idle()`: once the server read every frame sent so far, lets the mount go on and waits until
 * the server has finished its work.
 */
async function freshSocket() {
  let handled: () => void = () => {};
  const nextFrameHandled = new Promise<void>((resolve) => {
    handled = resolve;
  });
  let mounts = 0;
  const view = defineLiveView<Record<string, never>>({
    async mount(_params, _session, socket) {
      if (socket.connected && ++mounts === 1) await nextFrameHandled;
    },
    render: () => html`<p>gated</p>`,
  });
  const { url, live } = await startLiveServer({ routes: [{ path: '/counter', view }] });
  const page = await getPage(url, '/counter');
  const client = await LiveClient.connect(url);
  const idle = async () => {
    // The frames before it were read, and handed to the port ahead of anything the view says.
    expect(await client.heartbeat()).toEqual({ status: 'ok', response: {} });
    handled();
    await live.system.idle();
    expect(await client.heartbeat()).toEqual({ status: 'ok', response: {} });
  };
  return { client, page, idle };
}
