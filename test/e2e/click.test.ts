/**
 * A click is a server round trip: the button's event reaches the view, and its render comes
 * back into the page.
 */
import { expect, it } from 'vitest';
import { defineLiveView, html } from '../../views/index.js';
import { describeClients, openPage, pageErrors, startServer, waitForText } from './harness.js';

/** A counter; `slow` holds its reply until the test lets it go, to see the pending state. */
function counterView(release: () => Promise<void>) {
  return defineLiveView<{ count: number }, { inc: unknown; slow: unknown }>({
    mount(_params, _session, socket) {
      socket.assign({ count: 0 });
    },
    async handleEvent(event, _value, socket) {
      if (event === 'slow') await release();
      socket.update('count', (n) => n + 1);
    },
    render: (a) =>
      html`<p id="count">${a.count}</p><button id="inc" phx-click="inc">+</button><button id="slow" phx-click="slow">slow +</button>`,
  });
}

describeClients('click', (client) => {
  it('a click increments the counter through the server', async () => {
    const server = await startServer(client, {
      routes: [{ path: '/', view: counterView(async () => {}) }],
    });
    const page = await openPage(server, '/');
    expect(await page.textContent('#count')).toBe('0');
    await page.click('#inc');
    await waitForText(page, '#count', '1');
    await page.click('#inc');
    await page.click('#inc');
    await waitForText(page, '#count', '3');
    expect(pageErrors(page)).toEqual([]);
  });

  it('the button has phx-click-loading while its event is pending, and loses it on the reply', async () => {
    let letGo: () => void = () => {};
    let arrived: () => void = () => {};
    const pending = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const held = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    const view = counterView(() => {
      arrived();
      return held;
    });
    const server = await startServer(client, { routes: [{ path: '/', view }] });
    const page = await openPage(server, '/');
    await page.click('#slow');
    await pending;
    // The server holds the reply, so the class cannot have come and gone already.
    await page.locator('#slow.phx-click-loading').waitFor({ state: 'attached' });
    expect(await page.textContent('#count')).toBe('0');
    letGo();
    await waitForText(page, '#count', '1');
    await page.locator('#slow.phx-click-loading').waitFor({ state: 'detached' });
    expect(pageErrors(page)).toEqual([]);
  });
});
