import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createLiveServer } from '../transport/index.js';
import { defineLiveView, html } from '../views/index.js';

// A timer sent to the view's own process: it dies with the view, so nothing leaks.
const Clock = defineLiveView<{ now: string }, Record<string, never>, 'tick'>({
  mount(_params, _session, socket) {
    if (socket.connected) socket.system.sendAfter(socket.self!, 'tick', 1000);
    socket.assign({ now: new Date().toLocaleTimeString() });
  },
  handleInfo(_msg, socket) {
    socket.system.sendAfter(socket.self!, 'tick', 1000);
    socket.assign({ now: new Date().toLocaleTimeString() });
  },
  render: (a) => html`<p>It is ${a.now}.</p>`,
});

const live = createLiveServer({
  routes: [{ path: '/clock', view: Clock }],
  secret: process.env.SECRET ?? randomBytes(32).toString('base64'),
});
// Your own server: the live server answers its pages, /liveactor.js and the WebSocket;
// everything else is yours (with Express: app.use(live.handler), the same 'upgrade' line).
// The timeouts are the ones `listen()` would set: a half-sent request is not held for minutes.
const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, (req, res) =>
  live.handler(req, res, () => res.writeHead(200).end('Your own page. Try /clock.')),
);
server.on('upgrade', live.upgrade);
server.listen(Number(process.env.PORT ?? 4000), '127.0.0.1', () => {
  console.log(`clock on http://127.0.0.1:${(server.address() as { port: number }).port}/clock`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void live.close().then(() => server.close()));
}
