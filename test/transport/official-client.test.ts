/**
 * The official Phoenix LiveView 1.2 client (with Phoenix 1.8's `Socket`), unchanged, driving the
 * real liveactor server end to end: each page is a happy-dom window fed by the server's dead
 * render, whose client talks over a real WebSocket to `createLiveServer` on 127.0.0.1.
 *
 * The client's timers are real. Tests shorten the ones they depend on through `liveSocket`
 * options (rejoin after `phx_error`, reload jitter) and await what those timers lead to (a DOM
 * change, a frame, a recorded navigation), never a duration.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveServerOptions } from '../../transport/index.js';
import { startLiveServer, type TestServer } from '../support/live-client.js';
import {
  closeAllOfficialPages,
  type OfficialPage,
  type OfficialPageOptions,
  openOfficialPage,
  type RecordedFrame,
} from '../support/official-browser.js';
import { OFFICIAL_ROUTES, ROOM_TOPIC, type RoomMessage } from './official-views.js';

/** Short client timers: rejoin 5 ms after `phx_error`, reload within 1-5 ms. */
const FAST_CLIENT: OfficialPageOptions = {
  liveSocket: { rejoinAfterMs: () => 5, reloadJitterMin: 1, reloadJitterMax: 5 },
};

// Pages close here; their servers close after it (onTestFinished runs after afterEach).
afterEach(() => closeAllOfficialPages());

/** A live server over the official views. */
function startServer(
  options: Partial<Omit<LiveServerOptions, 'secret' | 'routes'>> = {},
): Promise<TestServer> {
  return startLiveServer({ routes: OFFICIAL_ROUTES, ...options });
}

/** Opens `path` and waits until its main view joined. */
async function openJoined(
  base: string,
  path: string,
  options: OfficialPageOptions = {},
): Promise<OfficialPage> {
  const page = await openOfficialPage(`${base}${path}`, options);
  await page.waitForJoin();
  return page;
}

/** The main view's topic, `lv:<container id>`. */
function topicOf(page: OfficialPage): string {
  return `lv:${page.get('[data-phx-main]').id}`;
}

/** The reply to a frame the client sent. */
function replyTo(page: OfficialPage, sent: RecordedFrame, since: number): Promise<RecordedFrame> {
  return page.waitForFrame(
    (frame) =>
      frame.direction === 'received' &&
      frame.event === 'phx_reply' &&
      frame.ref === sent.ref &&
      frame.topic === sent.topic,
    { since, description: `the reply to ${sent.text}` },
  );
}

/** The first frame the client sent with `event` at `since` or later. */
function sentFrame(page: OfficialPage, event: string, since: number): Promise<RecordedFrame> {
  return page.waitForFrame((frame) => frame.direction === 'sent' && frame.event === event, {
    since,
    description: `a sent ${event} frame`,
  });
}

/** Frames other than heartbeats (a page left alone only exchanges heartbeats). */
function traffic(page: OfficialPage, since: number): RecordedFrame[] {
  return page.frames
    .slice(since)
    .filter((frame) => frame.topic !== 'phoenix' && frame.event !== 'heartbeat');
}

/** The page logged nothing as an error or a warning and threw nothing. */
function expectQuiet(page: OfficialPage): void {
  expect(page.consoleErrors).toEqual([]);
  expect(page.errors).toEqual([]);
}

describe('the official LiveView 1.2 client against createLiveServer', { timeout: 15_000 }, () => {
  it('joins: the dead render shows the first HTML, the join reply is applied, no warnings', async () => {
    const { url } = await startServer();
    const page = await openOfficialPage(`${url}/counter?start=3`, { connect: false });
    const container = page.get('[data-phx-main]');
    expect(container.id).toMatch(/^phx-/);
    expect(container.getAttribute('data-phx-session')).not.toBe('');
    expect(container.hasAttribute('data-phx-static')).toBe(true);
    expect(page.query('meta[name="csrf-token"]')?.getAttribute('content')).toBeTruthy();
    expect(page.text('#count')).toBe('3');
    expect(page.text('#mode')).toBe('dead');
    expect(page.isJoined()).toBe(false);

    page.liveSocket.connect();
    await page.waitForJoin();
    expect(page.text('#mode')).toBe('live');
    expect(page.text('#count')).toBe('3');

    const join = await sentFrame(page, 'phx_join', 0);
    expect(join.topic).toBe(`lv:${container.id}`);
    expect(join.payload).toMatchObject({
      url: `${url}/counter?start=3`,
      session: container.getAttribute('data-phx-session'),
      params: { _mounts: 0 },
    });
    const reply = await replyTo(page, join, 0);
    expect(reply.joinRef).toBe(join.joinRef);
    expect(reply.payload).toMatchObject({
      status: 'ok',
      response: { liveview_version: page.liveSocket.version(), rendered: { s: expect.anything() } },
    });
    expectQuiet(page);
  });

  it('click: phx-value-* reaches the view, the reply diff changes the page', async () => {
    const { url } = await startServer();
    const page = await openJoined(url, '/counter');
    const mark = page.frames.length;
    page.click('#inc');
    await page.waitFor((p) => p.text('#count') === '2');

    const click = await sentFrame(page, 'event', mark);
    expect(click.topic).toBe(topicOf(page));
    expect(click.payload).toEqual({ type: 'click', event: 'inc', value: { by: '2', value: '' } });
    const reply = await replyTo(page, click, mark);
    expect(reply.payload).toEqual({ status: 'ok', response: { diff: { '0': '2' } } });

    page.click('#inc');
    await page.waitFor((p) => p.text('#count') === '4');
    expectQuiet(page);
  });

  it('form: phx-change validates live (nested params, _target) and keeps the typed value; phx-submit saves', async () => {
    const { url } = await startServer();
    const page = await openJoined(url, '/form');
    const input = page.get('#name') as unknown as { value: string };

    let mark = page.frames.length;
    // A trailing space the server trims away: the focused input must keep what the user typed.
    page.input('#name', 'Jo ');
    await page.waitFor((p) => p.text('#error') === 'name is too short');
    const change = await sentFrame(page, 'event', mark);
    expect(change.payload).toMatchObject({
      type: 'form',
      event: 'validate',
      meta: { _target: 'user[name]' },
    });
    // The untouched email field is reported unused (PROTOCOL.md 3.3).
    expect(new URLSearchParams(String(change.payload.value))).toEqual(
      new URLSearchParams('user[name]=Jo+&user[_unused_email]=&user[email]='),
    );
    expect(page.text('#target')).toBe('user.name');
    expect(input.value).toBe('Jo ');
    const reply = await replyTo(page, change, mark);
    expect(reply.payload).toMatchObject({ status: 'ok', response: { diff: expect.any(Object) } });

    page.input('#name', 'Joe');
    await page.waitFor((p) => p.text('#error') === '');
    expect(input.value).toBe('Joe');

    mark = page.frames.length;
    page.submit('#user-form');
    await page.waitFor((p) => p.text('#saved') === 'saved Joe');
    const submit = await sentFrame(page, 'event', mark);
    expect(submit.payload).toMatchObject({ type: 'form', event: 'save' });
    expect(new URLSearchParams(String(submit.payload.value)).get('user[name]')).toBe('Joe');
    expect(input.value).toBe('Joe');
    expectQuiet(page);
  });

  it('a PubSub broadcast from one page reaches another page as a diff push', async () => {
    const { live, url } = await startServer();
    const a = await openJoined(url, '/room');
    const b = await openJoined(url, '/room');
    expect(topicOf(a)).not.toBe(topicOf(b));
    const markB = b.frames.length;

    a.click('#say');
    await b.waitFor((p) => p.text('#lines') === 'hello');
    await a.waitFor((p) => p.text('#lines') === 'hello');

    const pushed = traffic(b, markB);
    expect(pushed.map((frame) => [frame.direction, frame.event])).toEqual([['received', 'diff']]);
    const [diff] = pushed;
    expect(diff?.topic).toBe(topicOf(b));
    expect(diff?.ref).toBeNull();
    expect(diff?.joinRef).toBe((await sentFrame(b, 'phx_join', 0)).joinRef);
    expect(diff?.payload).toEqual({ '0': 'hello' });

    // The sender is a subscriber too: its reply carries nothing, the broadcast comes as a push.
    const say = await sentFrame(a, 'event', 0);
    expect((await replyTo(a, say, 0)).payload).toEqual({ status: 'ok', response: {} });
    expect(a.received.filter((frame) => frame.event === 'diff').map((f) => f.payload)).toEqual([
      { '0': 'hello' },
    ]);

    // A broadcast from outside any view (the application's own code) reaches both pages.
    live.pubsub.broadcast(ROOM_TOPIC, { text: 'news' } satisfies RoomMessage);
    await a.waitFor((p) => p.text('#lines') === 'hello|news');
    await b.waitFor((p) => p.text('#lines') === 'hello|news');
    expectQuiet(a);
    expectQuiet(b);
  });

  it('crash and recovery: the page re-mounts without a reload and keeps working; a neighbour is untouched', async () => {
    const { url } = await startServer();
    const page = await openJoined(url, '/counter', FAST_CLIENT);
    const neighbour = await openJoined(url, '/counter?start=100', FAST_CLIENT);
    page.click('#inc');
    await page.waitFor((p) => p.text('#count') === '2');
    neighbour.click('#inc');
    await neighbour.waitFor((p) => p.text('#count') === '102');
    const neighbourMark = neighbour.frames.length;

    const mark = page.frames.length;
    page.click('#crash');
    const crash = await sentFrame(page, 'event', mark);
    // The restarted view's fresh render (root statics: the client replaces its whole cache).
    const render = await page.waitForFrame(
      (frame) => frame.direction === 'received' && frame.event === 'diff',
      { since: mark, description: 'the restarted view pushing its render' },
    );
    expect(render.topic).toBe(topicOf(page));
    expect(render.payload).toMatchObject({ '0': '0', s: expect.anything() });
    await page.waitFor((p) => p.text('#count') === '0' && p.isJoined());
    expect((await replyTo(page, crash, mark)).payload).toEqual({ status: 'ok', response: {} });

    page.click('#inc');
    await page.waitFor((p) => p.text('#count') === '2');
    expect(page.navigations).toEqual([]);
    expect(page.sent.filter((frame) => frame.event === 'phx_join')).toHaveLength(1);
    expect(page.query('.phx-error')).toBeNull();
    expectQuiet(page);

    expect(traffic(neighbour, neighbourMark)).toEqual([]);
    expect(neighbour.text('#count')).toBe('102');
    neighbour.click('#inc');
    await neighbour.waitFor((p) => p.text('#count') === '104');
    expectQuiet(neighbour);
  });

  it('past the restart intensity: the client is told the view failed and reloads; a neighbour is untouched', async () => {
    const { url } = await startServer({ restart: { intensity: 1, period: 60_000 } });
    const page = await openJoined(url, '/counter', FAST_CLIENT);
    const neighbour = await openJoined(url, '/counter?start=100', FAST_CLIENT);

    // The first crash is within the intensity: recovered in place.
    page.click('#inc');
    await page.waitFor((p) => p.text('#count') === '2');
    page.click('#crash');
    await page.waitFor((p) => p.text('#count') === '0');
    expect(page.navigations).toEqual([]);

    const mark = page.frames.length;
    page.click('#crash');
    const error = await page.waitForFrame(
      (frame) => frame.direction === 'received' && frame.event === 'phx_error',
      { since: mark, description: 'phx_error for the failed view' },
    );
    expect(error.topic).toBe(topicOf(page));
    expect(error.payload).toEqual({ reason: 'view_failed' });
    const navigation = await page.waitForNavigation();
    expect(navigation).toEqual({ kind: 'reload', url: `${url}/counter` });
    // The client tried to rejoin once; the server refused it, so the client stopped retrying.
    const rejoin = await sentFrame(page, 'phx_join', mark);
    expect((await replyTo(page, rejoin, mark)).payload).toEqual({
      status: 'error',
      response: { reason: 'join crashed' },
    });
    expect(page.sent.filter((frame) => frame.event === 'phx_join')).toHaveLength(2);
    expect(page.query('[data-phx-main].phx-error')).not.toBeNull();

    expect(neighbour.navigations).toEqual([]);
    neighbour.click('#inc');
    await neighbour.waitFor((p) => p.text('#count') === '102');
    expectQuiet(neighbour);

    // The reload the client asked for gets a fresh, working view.
    const reloaded = await page.followNavigation();
    await reloaded.waitForJoin();
    reloaded.click('#inc');
    await reloaded.waitFor((p) => p.text('#count') === '2');
    expectQuiet(reloaded);
  });

  it('pushPatch runs handleParams, changes the URL and delivers pushEvent to window; a patch link does too', async () => {
    const { url } = await startServer();
    const page = await openJoined(url, '/patch');
    expect(page.text('#page')).toBe('1');
    expect(page.window.document.title).toBe('Page 1');
    const events: unknown[] = [];
    page.window.addEventListener('phx:paged', (event) => {
      events.push((event as unknown as { detail: unknown }).detail);
    });

    let mark = page.frames.length;
    page.click('#next');
    await page.waitFor((p) => p.text('#page') === '2' && p.url === `${url}/patch?page=2`);
    await page.waitFor(() => events.length === 1);
    expect(events).toEqual([{ page: 2 }]);
    const click = await sentFrame(page, 'event', mark);
    const patch = await page.waitForFrame(
      (frame) => frame.direction === 'received' && frame.event === 'live_patch',
      { since: mark },
    );
    expect(patch.payload).toEqual({ to: '/patch?page=2', kind: 'push' });
    const reply = await replyTo(page, click, mark);
    // PROTOCOL.md 3.7: the live_patch push comes before the reply.
    expect(page.frames.indexOf(patch)).toBeLessThan(page.frames.indexOf(reply));
    expect(page.text('#runs')).toBe('2');
    // The client sets the title in an animation frame, after the patch.
    await page.waitFor((p) => p.window.document.title === 'Page 2');

    mark = page.frames.length;
    page.click('#five');
    await page.waitFor((p) => p.text('#page') === '5' && p.url === `${url}/patch?page=5`);
    const livePatch = await sentFrame(page, 'live_patch', mark);
    expect(livePatch.payload).toEqual({ url: `${url}/patch?page=5` });
    expect((await replyTo(page, livePatch, mark)).payload).toMatchObject({ status: 'ok' });
    expect(page.text('#runs')).toBe('3');
    await page.waitFor((p) => p.window.document.title === 'Page 5');
    expect(page.navigations).toEqual([]);
    expectQuiet(page);
  });

  it('redirect from an event: a full page load carrying the flash', async () => {
    const { url } = await startServer();
    const page = await openJoined(url, '/nav');
    page.click('#redirect');
    const navigation = await page.waitForNavigation();
    expect(navigation).toEqual({ kind: 'assign', url: `${url}/flash` });
    expect(page.cookieHeader()).toMatch(/__phoenix_flash__=/);
    expectQuiet(page);

    const next = await page.followNavigation();
    expect(next.text('#flash-info')).toBe('redirected here');
    await next.waitForJoin();
    expect(next.text('#flash-info')).toBe('redirected here');
    expectQuiet(next);
  });

  it('pushNavigate from an event: live navigation rejoins the same topic with `redirect`', async () => {
    const { url } = await startServer();
    const page = await openJoined(url, '/nav');
    const topic = topicOf(page);
    const mark = page.frames.length;
    page.click('#navigate');
    await page.waitFor(
      (p) =>
        p.query('#count')?.textContent === '5' &&
        p.isJoined() &&
        p.url === `${url}/counter?start=5`,
    );
    const click = await sentFrame(page, 'event', mark);
    expect((await replyTo(page, click, mark)).payload).toEqual({
      status: 'ok',
      response: { live_redirect: { to: '/counter?start=5', kind: 'push' } },
    });
    const join = await sentFrame(page, 'phx_join', mark);
    expect(join.topic).toBe(topic);
    expect(join.payload).toMatchObject({ redirect: `${url}/counter?start=5` });
    expect(join.payload.url).toBeUndefined();
    expect(page.navigations).toEqual([]);

    page.click('#inc');
    await page.waitFor((p) => p.text('#count') === '7');
    expectQuiet(page);
  });

  it("a hook's pushEvent gets the view's reply, and the view's pushEvent reaches the hook", async () => {
    const { url } = await startServer();
    const replies: unknown[] = [];
    const pongs: unknown[] = [];
    // Hooks are plain objects the client calls with `this` bound to the hook instance.
    // Hooks are plain objects the client calls with `this` bound to the hook instance. The
    // reply callback runs in a promise continuation, after the frame was handled: each callback
    // touches the DOM so that the page's waits re-check their condition.
    const Pinger = {
      mounted(this: {
        el: { setAttribute(name: string, value: string): void };
        pushEvent(event: string, payload: unknown, onReply: (reply: unknown) => void): void;
        handleEvent(event: string, callback: (payload: unknown) => void): void;
      }) {
        this.handleEvent('pong', (payload) => {
          pongs.push(payload);
          this.el.setAttribute('data-pongs', String(pongs.length));
        });
        this.pushEvent('ping', { n: 4 }, (reply) => {
          replies.push(reply);
          this.el.setAttribute('data-replies', String(replies.length));
        });
      },
    };
    const page = await openJoined(url, '/hook', { liveSocket: { hooks: { Pinger } } });
    await page.waitFor(() => replies.length === 1 && pongs.length === 1);
    expect(replies).toEqual([{ n: 40 }]);
    expect(pongs).toEqual([{ n: 5 }]);
    const ping = await sentFrame(page, 'event', 0);
    expect(ping.payload).toEqual({ type: 'hook', event: 'ping', value: { n: 4 } });
    expect((await replyTo(page, ping, 0)).payload).toEqual({
      status: 'ok',
      response: { diff: { r: { n: 40 }, e: [['pong', { n: 5 }]] } },
    });
    expectQuiet(page);
  });

  it('reconnect: the client rejoins on a new socket, the view mounts afresh and the form is recovered', async () => {
    const { url } = await startServer();
    const page = await openJoined(url, '/form');
    page.input('#name', 'Jo ');
    await page.waitFor((p) => p.text('#error') === 'name is too short');

    page.liveSocket.disconnect();
    await page.waitFor((p) => !p.isJoined() && !p.liveSocket.isConnected());
    page.liveSocket.connect();
    await page.waitFor(
      (p) =>
        p.isJoined() &&
        p.sent.some((frame) => frame.connection === 2 && frame.event === 'phx_join') &&
        p.text('#error') === 'name is too short',
    );
    const joins = page.sent.filter((frame) => frame.event === 'phx_join');
    expect(joins.map((frame) => frame.connection)).toEqual([1, 2]);
    expect(joins[1]?.topic).toBe(joins[0]?.topic);
    expect(joins[1]?.payload.params).toMatchObject({ _mounts: 1 });
    // Form recovery (PROTOCOL.md 2.7): the old form's values, replayed to the fresh view.
    const recovery = page.sent.filter((f) => f.connection === 2 && f.event === 'event');
    expect(recovery).toHaveLength(1);
    expect(recovery[0]?.payload).toMatchObject({
      type: 'form',
      event: 'validate',
      meta: { _target: 'user[name]' },
    });
    expect(new URLSearchParams(String(recovery[0]?.payload.value)).get('user[name]')).toBe('Jo ');
    expect((page.get('#name') as unknown as { value: string }).value).toBe('Jo ');
    page.input('#name', 'Joe');
    await page.waitFor((p) => p.text('#error') === '');
    expectQuiet(page);
  });

  it('flash: putFlash shows in the page, lv:clear-flash clears it', async () => {
    const { url } = await startServer();
    const page = await openJoined(url, '/flash');
    expect(page.query('#flash-info')).toBeNull();
    page.click('#notify');
    await page.waitFor((p) => p.query('#flash-info')?.textContent === 'saved!');

    const mark = page.frames.length;
    page.click('#flash-info');
    await page.waitFor((p) => p.query('#flash-info') === null);
    const clear = await sentFrame(page, 'event', mark);
    expect(clear.payload).toMatchObject({
      type: 'click',
      event: 'lv:clear-flash',
      value: { key: 'info' },
    });
    expect((await replyTo(page, clear, mark)).payload).toMatchObject({
      status: 'ok',
      response: { diff: expect.any(Object) },
    });
    expectQuiet(page);
  });
});
