/**
 * Two pages of one room: what one page does reaches the other through PubSub, with no action
 * on the second page.
 */
import { expect, it } from 'vitest';
import { defineLiveView, html } from '../../views/index.js';
import { describeClients, openPage, pageErrors, startServer, waitForText } from './harness.js';

const ROOM = 'room:lobby';

interface Said {
  readonly text: string;
}

/** Every connected page subscribes to {@link ROOM}; `say` broadcasts its text to all of them. */
const roomView = defineLiveView<
  { lines: readonly string[] },
  { say: { readonly text: string } },
  Said
>({
  mount(_params, _session, socket) {
    socket.assign({ lines: [] });
    if (socket.connected) socket.subscribe(ROOM);
  },
  handleEvent(_event, value, socket) {
    socket.pubsub.broadcast(ROOM, { text: value.text } satisfies Said);
  },
  handleInfo(msg, socket) {
    socket.update('lines', (lines) => [...lines, msg.text]);
  },
  render: (a) =>
    html`<p id="lines">${a.lines.join('|')}</p><button id="hello" phx-click="say" phx-value-text="hello">hello</button><button id="bye" phx-click="say" phx-value-text="bye">bye</button>`,
});

describeClients('two pages see a PubSub update', (client) => {
  it('a click in one page shows in the other, and a broadcast from the server shows in both', async () => {
    const server = await startServer(client, { routes: [{ path: '/room', view: roomView }] });
    const alice = await openPage(server, '/room');
    const bob = await openPage(server, '/room');

    await alice.click('#hello');
    await waitForText(bob, '#lines', 'hello');
    await waitForText(alice, '#lines', 'hello');

    await bob.click('#bye');
    await waitForText(alice, '#lines', 'hello|bye');
    await waitForText(bob, '#lines', 'hello|bye');

    server.live.pubsub.broadcast(ROOM, { text: 'news' } satisfies Said);
    await waitForText(alice, '#lines', 'hello|bye|news');
    await waitForText(bob, '#lines', 'hello|bye|news');
    expect(pageErrors(alice)).toEqual([]);
    expect(pageErrors(bob)).toEqual([]);
  });
});
