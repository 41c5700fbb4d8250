/**
 * Live navigation and the back button: a `redirect` link swaps the view over the same socket,
 * a `patch` link changes the query through `handleParams`, and going back undoes each step in
 * turn, all within one document (the window marker survives).
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { defineLiveView, html } from '../../views/index.js';
import {
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

const pageA = defineLiveView<Record<string, never>, Record<string, never>>({
  render: () =>
    html`<h1 id="title">page A</h1><a id="to-b" href="/b?tab=one" data-phx-link="redirect" data-phx-link-state="push">to B</a>`,
});

/** Connected mounts of {@link pageB} so far, to tell a patch (same view) from a new view. */
let connectedMounts = 0;

/** Shows `?tab=`, and which connected mount of the view this is (`#instance`). */
const pageB = defineLiveView<{ tab: string; instance: number }, Record<string, never>>({
  mount(_params, _session, socket) {
    if (socket.connected) connectedMounts++;
    socket.assign({ tab: '', instance: connectedMounts });
  },
  handleParams(params, _url, socket) {
    socket.assign({ tab: String(params.tab ?? 'none') });
  },
  render: (a) =>
    html`<h1 id="title">page B</h1><p id="tab">${a.tab}</p><p id="instance">${a.instance}</p><a id="to-two" href="/b?tab=two" data-phx-link="patch" data-phx-link-state="push">tab two</a>`,
});

/** Waits for `path` in the address bar and the view's title, then checks it joined. */
async function expectAt(page: Page, server: E2eServer, path: string, title: string): Promise<void> {
  await page.waitForURL(`${server.url}${path}`);
  await waitForText(page, '#title', title);
  await waitForJoin(page);
}

describeClients('live navigation with the back button', (client) => {
  it('A -> B -> patched B, then back to B and back to A, all without a page load', async () => {
    const server = await startServer(client, {
      routes: [
        { path: '/a', view: pageA },
        { path: '/b', view: pageB },
      ],
    });
    const page = await openPage(server, '/a');
    const marker = await markWindow(page);

    await page.click('#to-b');
    await expectAt(page, server, '/b?tab=one', 'page B');
    await waitForText(page, '#tab', 'one');
    const instance = await page.textContent('#instance');
    expect(instance).toBe(String(connectedMounts));

    await page.click('#to-two');
    await page.waitForURL(`${server.url}/b?tab=two`);
    await waitForText(page, '#tab', 'two');

    await page.goBack();
    await expectAt(page, server, '/b?tab=one', 'page B');
    await waitForText(page, '#tab', 'one');
    // Both the patch and its undoing went through handleParams of the same view.
    expect(await page.textContent('#instance')).toBe(instance);

    await page.goBack();
    await expectAt(page, server, '/a', 'page A');
    expect(await page.locator('#tab').count()).toBe(0);

    expect(await windowMarker(page)).toBe(marker);
    expect(pageErrors(page)).toEqual([]);
  });
});
