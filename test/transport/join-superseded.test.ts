/**
 * A join that ends before its view mounted (left, or replaced by a second join of its topic)
 * still gets its one reply. Cases the property in fuzz.test.ts found; the describe keeps its name.
 */
import { describe, expect, it } from 'vitest';
import { getPage, LiveClient, type RawFrame, startLiveServer } from '../support/live-client.js';
import { counterView, journal } from './fixtures.js';
import { fuzzedJoin, repliesTo } from './fuzz-run.js';

describe('fuzzed frames on a joined socket', () => {
  // Found by the property (shrunk by hand to two frames): a join whose topic is left, or joined
  // again, before its view mounted got a `phx_close` but no reply. Corking sends both frames in
  // one TCP write, so the server handles the second before the view can mount.
  it('answers a join that is left before its view mounted', async () => {
    const { client, page, idle } = await freshSocket();
    const [join, leave] = [client.nextRef(), client.nextRef()];
    sendTogether(client, [
      [join, join, page.topic, 'phx_join', fuzzedJoin(page, {})],
      [join, leave, page.topic, 'phx_leave', {}],
    ]);
    expect(await client.replyTo(leave)).toEqual({ status: 'ok', response: {} });
    await idle();
    expect(repliesTo(client, join).map((f) => f[4])).toEqual([
      { status: 'error', response: { reason: 'join superseded' } },
    ]);
  });

  it('answers a join that a second join of its topic replaces before it mounted', async () => {
    const { client, page, idle } = await freshSocket();
    const [first, second] = [client.nextRef(), client.nextRef()];
    sendTogether(client, [
      [first, first, page.topic, 'phx_join', fuzzedJoin(page, {})],
      [second, second, page.topic, 'phx_join', fuzzedJoin(page, {})],
    ]);
    expect((await client.replyTo(second)).status).toBe('ok');
    await idle();
    expect(repliesTo(client, first).map((f) => f[4])).toEqual([
      { status: 'error', response: { reason: 'join superseded' } },
    ]);
  });
});

/** A socket of its own on a counter server, and a way to let the server finish its work. */
async function freshSocket() {
  const { url, live } = await startLiveServer({
    routes: [{ path: '/counter', view: counterView(journal()) }],
  });
  const page = await getPage(url, '/counter');
  const client = await LiveClient.connect(url);
  const idle = async () => {
    await live.system.idle();
    expect(await client.heartbeat()).toEqual({ status: 'ok', response: {} });
  };
  return { client, page, idle };
}

/** Sends `frames` in one TCP write, so the server reads them in one go. */
function sendTogether(client: LiveClient, frames: readonly RawFrame[]): void {
  client.socket.cork();
  for (const frame of frames) client.send(frame);
  client.socket.uncork();
}
