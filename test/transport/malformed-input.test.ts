/**
 * A malformed but well-typed input never reaches a view: the transport checks each field it
 * hands on and answers an error, and the view keeps its state (no crash, no restart).
 */
import { describe, expect, it } from 'vitest';
import { isErrorReason } from '../../actors/exit-reason.js';
import { getPage, LiveClient, startLiveServer } from '../support/live-client.js';
import { counterView, journal } from './fixtures.js';

async function joinedCounter() {
  const log = journal();
  const { url, live } = await startLiveServer({
    routes: [{ path: '/counter', view: counterView(log) }],
  });
  const crashes: unknown[] = [];
  live.system.on('exit', ({ reason }) => {
    if (isErrorReason(reason)) crashes.push(reason.error);
  });
  const view = await (await LiveClient.connect(url)).join(await getPage(url, '/counter'));
  expect(await view.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '1' } } });
  let count = 1;
  /** The view answers as before: same process (one mount), state kept, nothing crashed. */
  async function intact(): Promise<void> {
    count += 1;
    expect(await view.push('inc')).toEqual({
      status: 'ok',
      response: { diff: { '0': String(count) } },
    });
    expect(log.mounts).toHaveLength(1);
    expect(crashes).toEqual([]);
  }
  return { view, intact };
}

const BAD_URL = { status: 'error', response: { reason: 'bad url' } };
const BAD_EVENT = { status: 'error', response: { reason: 'bad event' } };

describe('malformed but well-typed input', () => {
  it('answers a live_patch to a URL that does not parse with "bad url"', async () => {
    const { view, intact } = await joinedCounter();
    for (const url of ['http://[', 'http://[::1', 'http://a b/', 'https://x:99999/', '//[']) {
      expect(await view.request('live_patch', { url }), url).toEqual(BAD_URL);
    }
    await intact();
  });

  it('answers a live_patch that is no http(s) URL, or longer than 16 KiB, with "bad url"', async () => {
    const { view, intact } = await joinedCounter();
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'mailto:a@b', 'ws://x/']) {
      expect(await view.request('live_patch', { url }), url).toEqual(BAD_URL);
    }
    expect(
      await view.request('live_patch', { url: `/counter?q=${'x'.repeat(16 * 1024)}` }),
    ).toEqual(BAD_URL);
    // A good one still patches: relative or absolute.
    expect((await view.request('live_patch', { url: '/counter?start=3' })).status).toBe('ok');
    await intact();
  });

  it('answers an event whose target is no component id with "bad event", not the view', async () => {
    const { view, intact } = await joinedCounter();
    for (const cid of [-1, 1.5, 'abc', '1e3', true, {}, []]) {
      expect(await view.push('inc', {}, { cid }), JSON.stringify(cid)).toEqual(BAD_EVENT);
    }
    // No target at all (null, as the official client sends it) is the view itself.
    expect((await view.push('reply', {}, { cid: null })).status).toBe('ok');
    await intact();
  });

  it('answers an event with an overlong name or a type that is no string with "bad event"', async () => {
    const { view, intact } = await joinedCounter();
    expect(await view.push('i'.repeat(257))).toEqual(BAD_EVENT);
    expect(await view.request('event', { type: 7, event: 'inc', value: {} })).toEqual(BAD_EVENT);
    expect(await view.request('event', { type: 'form', event: 'inc', value: 5 })).toEqual(
      BAD_EVENT,
    );
    await intact();
  });
});
