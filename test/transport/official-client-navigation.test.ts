/**
 * The official LiveView client against the real server (see official-client.test.ts) moving
 * between pages: live patches, redirects with a flash, and live navigation.
 */
import { expect, it } from 'vitest';
import {
  describeOfficialClient,
  expectQuiet,
  openJoined,
  replyTo,
  sentFrame,
  startServer,
  topicOf,
} from './official-pages.js';

describeOfficialClient(() => {
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
});
