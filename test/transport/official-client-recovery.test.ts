/**
 * The official LiveView client against the real server (see official-client.test.ts) when
 * things break: a view crashes, crashes past its restart intensity, or the socket reconnects.
 * `FAST_CLIENT` shortens the client's rejoin and reload timers; tests await what they lead to.
 */
import { expect, it } from 'vitest';
import {
  describeOfficialClient,
  expectQuiet,
  FAST_CLIENT,
  openJoined,
  replyTo,
  sentFrame,
  startServer,
  topicOf,
  traffic,
} from './official-pages.js';

describeOfficialClient(() => {
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
});
