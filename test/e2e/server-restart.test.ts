/**
 * The server goes away and comes back: the page shows it is offline, reconnects to the new
 * server on its own, and gets its form back. The new server knows nothing of the old view;
 * the client replays the form as a `phx-change` after the rejoin, and the view rebuilds its
 * assigns from those params.
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

interface GreetParams {
  readonly person?: { readonly name?: string; readonly city?: string };
}

/** Greets whoever the form names; everything it shows comes from the last `phx-change`. */
const greetView = defineLiveView<{ name: string; city: string }, { change: GreetParams }>({
  mount(_params, _session, socket) {
    socket.assign({ name: '', city: '' });
  },
  handleEvent(_event, value, socket) {
    socket.assign({ name: value.person?.name ?? '', city: value.person?.city ?? '' });
  },
  render: (a) =>
    html`<form id="greet" phx-change="change"><input id="name" name="person[name]" value=${a.name}><input id="city" name="person[city]" value=${a.city}></form><p id="hello">${a.name === '' ? '' : `Hello, ${a.name} from ${a.city}`}</p>`,
});

describeClients('server restart', (client) => {
  it('the page shows the offline banner while the server is down, then rejoins and recovers its form', async () => {
    const server = await startServer(client, { routes: [{ path: '/', view: greetView }] });
    const page = await openPage(server, '/');
    const marker = await markWindow(page);
    const banner = page.locator('[data-phx-offline-banner]');
    expect(await banner.isVisible()).toBe(false);
    await page.fill('#city', 'Lyon');
    await page.fill('#name', 'Ada');
    await waitForText(page, '#hello', 'Hello, Ada from Lyon');

    await server.stop();
    await page.locator('[data-phx-main].phx-error').waitFor({ state: 'attached' });
    await banner.waitFor({ state: 'visible' });

    await server.start();
    await waitForJoin(page);
    await waitForText(page, '#hello', 'Hello, Ada from Lyon');
    await banner.waitFor({ state: 'hidden' });
    expect(await page.inputValue('#name')).toBe('Ada');
    expect(await page.inputValue('#city')).toBe('Lyon');
    expect(await windowMarker(page)).toBe(marker);

    // The new server's view works on from the recovered state.
    await page.fill('#name', 'Grace');
    await waitForText(page, '#hello', 'Hello, Grace from Lyon');
    expect(pageErrors(page)).toEqual([]);
  });
});
