/**
 * Nested and sticky live views in Chromium, with our client and the official one: a nested
 * child updates on its own, a child's crash leaves its parent's state alone, and a sticky
 * child keeps its state (and its process) across two live navigations, in one document.
 */
import type { Page } from 'playwright-core';
import { beforeEach, expect, it } from 'vitest';
import { connectedMounts, NESTED_ROUTES } from '../transport/nested-views.js';
import {
  type ClientKind,
  describeClients,
  type E2eServer,
  markWindow,
  openPage,
  pageErrors,
  startServer,
  waitForJoin,
  waitForText,
  windowMarker,
} from './harness.js';

/** Waits until the nested view `id` is joined (its container shows it is connected). */
async function waitForChild(page: Page, id: string): Promise<void> {
  await page.locator(`#${id}.phx-connected`).waitFor({ state: 'attached' });
}

/** `/home` for `client`, its view and both children joined. */
async function openHome(client: ClientKind): Promise<{ server: E2eServer; page: Page }> {
  const server = await startServer(client, { routes: NESTED_ROUTES });
  const page = await openPage(server, '/home');
  await waitForJoin(page);
  await waitForChild(page, 'kid');
  await waitForChild(page, 'basket');
  return { server, page };
}

beforeEach(() => connectedMounts.clear());

describeClients('nested and sticky live views', (client) => {
  it('a nested child updates on its own, and the parent on its own', async () => {
    const { page } = await openHome(client);
    await page.click('#kid-inc');
    await waitForText(page, '#kid-n', '1');
    await page.click('#kid-inc');
    await waitForText(page, '#kid-n', '2');
    expect(await page.textContent('#home-n')).toBe('0');
    await page.click('#home-bump');
    await waitForText(page, '#home-n', '1');
    expect(await page.textContent('#kid-n')).toBe('2');
    expect(connectedMounts.get('kid')).toBe(1);
    expect(pageErrors(page)).toEqual([]);
  });

  it("a child's crash restarts the child and leaves the parent's state alone", async () => {
    const { page } = await openHome(client);
    await page.click('#home-bump');
    await waitForText(page, '#home-n', '1');
    await page.click('#kid-inc');
    await waitForText(page, '#kid-n', '1');
    await page.click('#kid-boom');
    await waitForText(page, '#kid-mounts', '2');
    await waitForText(page, '#kid-n', '0');
    expect(await page.textContent('#home-n')).toBe('1');
    await page.click('#home-bump');
    await waitForText(page, '#home-n', '2');
    // The restarted child came back on the same channel: it takes clicks at once.
    await page.click('#kid-inc');
    await waitForText(page, '#kid-n', '1');
    expect(pageErrors(page)).toEqual([]);
  });

  it("the parent's crash ends its child; the child comes back with the parent", async () => {
    const { page } = await openHome(client);
    await page.click('#kid-inc');
    await waitForText(page, '#kid-n', '1');
    await page.click('#home-crash');
    await waitForText(page, '#kid-mounts', '2');
    await waitForChild(page, 'kid');
    expect(await page.textContent('#kid-n')).toBe('0');
    await page.click('#kid-inc');
    await waitForText(page, '#kid-n', '1');
    await page.click('#home-bump');
    await waitForText(page, '#home-n', '1');
    expect(pageErrors(page)).toEqual([]);
  });

  it('a sticky child keeps its state across two live navigations', async () => {
    const { server, page } = await openHome(client);
    const marker = await markWindow(page);
    await page.click('#basket-add');
    await waitForText(page, '#basket-n', '1');

    await page.click('#to-other');
    await page.waitForURL(`${server.url}/other`);
    await waitForText(page, '#title', 'other');
    await waitForJoin(page);
    expect(await page.textContent('#basket-n')).toBe('1');

    await page.click('#to-third');
    await page.waitForURL(`${server.url}/third`);
    await waitForText(page, '#title', 'third');
    await waitForJoin(page);
    expect(await page.locator('.wrap #basket-n').textContent()).toBe('1');
    await page.click('#basket-add');
    await waitForText(page, '#basket-n', '2');

    expect(await page.textContent('#basket-mounts')).toBe('1');
    expect(connectedMounts.get('basket')).toBe(1);
    expect(await windowMarker(page)).toBe(marker);
    expect(pageErrors(page)).toEqual([]);
  });
});
