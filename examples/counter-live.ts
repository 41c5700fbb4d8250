import { randomBytes } from 'node:crypto';
import { createLiveServer } from '../transport/index.js';
import { defineLiveView, html } from '../views/index.js';

const Counter = defineLiveView<{ count: number }, { inc: unknown; dec: unknown }>({
  mount(_params, _session, socket) {
    socket.assign({ count: 0 });
  },
  handleEvent(event, _value, socket) {
    socket.update('count', (n) => (event === 'inc' ? n + 1 : n - 1));
  },
  render: (a) =>
    html`<button phx-click="dec">-</button><span>${a.count}</span><button phx-click="inc">+</button>`,
});

const app = createLiveServer({
  routes: [{ path: '/', view: Counter }],
  secret: process.env.SECRET ?? randomBytes(32).toString('base64'), // set SECRET in production
});
const { url } = await app.listen({ port: Number(process.env.PORT ?? 4000), host: '127.0.0.1' });
console.log(`live counter on ${url}`);
// Ctrl-C or a process manager: every socket gets 1001, every view's terminate runs, exit 0.
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void app.close());
