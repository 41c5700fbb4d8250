/**
 * Both clients under the server's secure defaults: the page's strict Content-Security-Policy
 * (no inline code without the page's nonce, no 'unsafe-inline' or 'unsafe-eval') refuses
 * nothing they do, from the join through a click, a JS command, the offline notice and the
 * rejoin; and their joins pass the CSRF check with the page's meta token.
 */
import { expect, it } from 'vitest';
import { defineLiveView, html, JS } from '../../views/index.js';
import {
  cspViolations,
  describeClients,
  openPage,
  pageErrors,
  startServer,
  waitForJoin,
  waitForText,
} from './harness.js';

const counterView = defineLiveView<{ count: number }, { inc: unknown }>({
  mount(_params, _session, socket) {
    socket.assign({ count: 0 });
  },
  handleEvent(_event, _value, socket) {
    socket.update('count', (n) => n + 1);
  },
  render: (a) =>
    html`<p id="count">${a.count}</p><button id="inc" phx-click="inc">+</button><button id="toggle" phx-click=${JS.toggle({ to: '#panel' })}>panel</button><div id="panel">panel</div>`,
});

describeClients('secure defaults', (client) => {
  it('a page works under the default CSP without one refusal, offline notice included', async () => {
    const server = await startServer(client, { routes: [{ path: '/', view: counterView }] });
    const page = await openPage(server, '/');
    const policy = (await page.request.get(`${server.url}/`)).headers()['content-security-policy'];
    expect(policy).toMatch(/script-src 'self' 'nonce-/);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);

    await page.click('#inc');
    await waitForText(page, '#count', '1');
    await page.click('#toggle');
    await page.locator('#panel').waitFor({ state: 'hidden' });

    await server.stop();
    await page.locator('[data-phx-offline-banner]').waitFor({ state: 'visible' });
    await server.start();
    await waitForJoin(page);
    await page.click('#inc');
    await waitForText(page, '#count', '1');
    expect(cspViolations(page)).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });
});
