/**
 * A view that crashes on an event is restarted by its supervisor, and the page recovers in
 * place: the fresh view's render replaces the old one in the same document, the next click
 * works, and another page of the same route keeps its own state.
 */
import { expect, it } from 'vitest';
import { defineLiveView, html } from '../../views/index.js';
import {
  describeClients,
  markWindow,
  openPage,
  pageErrors,
  startServer,
  waitForJoin,
  waitForText,
  windowMarker,
} from './harness.js';

/** Starts at `?start=` (default 0); `crash` throws. */
const counterView = defineLiveView<{ count: number }, { inc: unknown; crash: unknown }>({
  mount(params, _session, socket) {
    socket.assign({ count: Number(params.start ?? 0) });
  },
  handleEvent(event, _value, socket) {
    if (event === 'crash') throw new Error('crash on demand (expected by the e2e test)');
    socket.update('count', (n) => n + 1);
  },
  render: (a) =>
    html`<p id="count">${a.count}</p><button id="inc" phx-click="inc">+</button><button id="crash" phx-click="crash">crash</button>`,
});

describeClients('a view crash and its recovery', (client) => {
  it('the crashed page shows the mount state without a reload, the next click works, a neighbour keeps its state', async () => {
    const server = await startServer(client, { routes: [{ path: '/', view: counterView }] });
    const page = await openPage(server, '/');
    const neighbour = await openPage(server, '/?start=100');
    const marker = await markWindow(page);
    await page.click('#inc');
    await page.click('#inc');
    await waitForText(page, '#count', '2');
    await neighbour.click('#inc');
    await waitForText(neighbour, '#count', '101');

    await page.click('#crash');
    await waitForText(page, '#count', '0');
    await waitForJoin(page);
    await page.click('#inc');
    await waitForText(page, '#count', '1');
    expect(await windowMarker(page)).toBe(marker);
    expect(await page.locator('[data-phx-main].phx-error').count()).toBe(0);

    expect(await neighbour.textContent('#count')).toBe('101');
    await neighbour.click('#inc');
    await waitForText(neighbour, '#count', '102');
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(neighbour)).toEqual([]);
  });
});
