/**
 * The official LiveView 1.2 client (in happy-dom) driving nested and sticky live views on the
 * real server: the joins it sends for them, a child updating on its own, a child's crash that
 * leaves the parent alone, and a sticky view kept across two live navigations.
 */
import { beforeEach, expect, it } from 'vitest';
import { startLiveServer } from '../support/live-client.js';
import { connectedMounts, NESTED_ROUTES } from './nested-views.js';
import { describeOfficialClient, expectQuiet, FAST_CLIENT, openJoined } from './official-pages.js';

beforeEach(() => connectedMounts.clear());

/** `/home` in the official client, its view joined and its children mounted. */
async function openHome() {
  const { url } = await startLiveServer({ routes: NESTED_ROUTES });
  const page = await openJoined(url, '/home', FAST_CLIENT);
  await page.waitFor((p) => p.text('#kid-mounts') === '1' && p.text('#basket-mounts') === '1');
  return { url, page };
}

describeOfficialClient(() => {
  it('joins the child and the sticky view on their own topics, without a url; the child updates on its own', async () => {
    const { page } = await openHome();
    const joins = page.sent.filter((f) => f.event === 'phx_join');
    const kid = joins.find((f) => f.topic === 'lv:kid');
    const basket = joins.find((f) => f.topic === 'lv:basket');
    // The client carries the dead render's static token over (PROTOCOL.md 2.3).
    expect(kid?.payload).toMatchObject({ static: expect.any(String), sticky: false });
    expect(kid?.payload).not.toHaveProperty('url');
    expect(kid?.payload).not.toHaveProperty('redirect');
    expect(basket?.payload).toMatchObject({ sticky: true });
    expect(basket?.payload).not.toHaveProperty('url');
    expect(page.get('#kid').getAttribute('data-phx-parent-id')).toBe(
      page.get('[data-phx-main]').id,
    );

    const mark = page.frames.length;
    page.click('#kid-inc');
    await page.waitFor((p) => p.text('#kid-n') === '1');
    expect(page.text('#home-n')).toBe('0');
    const topics = new Set(page.frames.slice(mark).map((f) => f.topic));
    expect(topics.has(`lv:${page.get('[data-phx-main]').id}`)).toBe(false);
    page.click('#home-bump');
    await page.waitFor((p) => p.text('#home-n') === '1');
    expect(page.text('#kid-n')).toBe('1');
    expect(connectedMounts.get('kid')).toBe(1);
    expectQuiet(page);
  });

  it("a child's crash restarts the child alone: the parent keeps its state", async () => {
    const { page } = await openHome();
    page.click('#home-bump');
    page.click('#kid-inc');
    await page.waitFor((p) => p.text('#home-n') === '1' && p.text('#kid-n') === '1');
    page.click('#kid-boom');
    await page.waitFor((p) => p.text('#kid-mounts') === '2' && p.text('#kid-n') === '0');
    expect(page.text('#home-n')).toBe('1');
    page.click('#kid-inc');
    page.click('#home-bump');
    await page.waitFor((p) => p.text('#kid-n') === '1' && p.text('#home-n') === '2');
  });

  it("the parent's crash ends its child, which the client joins again once the parent is back", async () => {
    const { page } = await openHome();
    page.click('#kid-inc');
    page.click('#home-bump');
    await page.waitFor((p) => p.text('#kid-n') === '1' && p.text('#home-n') === '1');
    page.click('#home-crash');
    await page.waitFor((p) => p.text('#home-n') === '0' && p.text('#kid-mounts') === '2');
    expect(page.text('#kid-n')).toBe('0');
    expect(page.text('#basket-mounts')).toBe('1');
    page.click('#kid-inc');
    page.click('#home-bump');
    await page.waitFor((p) => p.text('#kid-n') === '1' && p.text('#home-n') === '1');
  });

  it('keeps a sticky view, its process and its state, across two live navigations', async () => {
    const { url, page } = await openHome();
    page.click('#basket-add');
    await page.waitFor((p) => p.text('#basket-n') === '1');
    page.click('#to-other');
    await page.waitFor((p) => p.text('#title') === 'other' && p.url === `${url}/other`);
    expect(page.text('#basket-n')).toBe('1');
    page.click('#to-third');
    await page.waitFor((p) => p.text('#title') === 'third' && p.url === `${url}/third`);
    expect(page.text('#basket-n')).toBe('1');
    // Where the third page renders it.
    expect(page.get('.wrap #basket')).toBeDefined();
    page.click('#basket-add');
    await page.waitFor((p) => p.text('#basket-n') === '2');
    expect(page.text('#basket-mounts')).toBe('1');
    expect(connectedMounts.get('basket')).toBe(1);
    expect(page.navigations).toEqual([]);
    expectQuiet(page);
  });
});
