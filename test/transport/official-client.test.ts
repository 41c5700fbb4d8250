/**
 * The official Phoenix LiveView 1.2 client (with Phoenix 1.8's `Socket`), unchanged, driving the
 * real liveactor server end to end: each page is a happy-dom window fed by the server's dead
 * render, whose client talks over a real WebSocket to `createLiveServer` on 127.0.0.1.
 *
 * The client's timers are real. Tests shorten the ones they depend on through `liveSocket`
 * options (rejoin after `phx_error`, reload jitter) and await what those timers lead to (a DOM
 * change, a frame, a recorded navigation), never a duration.
 */
import { expect, it } from 'vitest';
import { openOfficialPage } from '../support/official-browser.js';
import {
  describeOfficialClient,
  expectQuiet,
  openJoined,
  replyTo,
  sentFrame,
  startServer,
  topicOf,
  traffic,
} from './official-pages.js';
import { ROOM_TOPIC, type RoomMessage } from './official-views.js';

describeOfficialClient(() => {
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
