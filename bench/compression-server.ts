/**
 * The server side of the compression benchmark, in a child process of its own so its CPU time
 * is its own: `node --import tsx bench/compression-server.ts <on|off>` starts createLiveServer
 * with `compress` on or off and two views:
 *
 * - `/rows`: a table of 1,000 rows (id, name, email, a status), the join of a large page;
 * - `/counter`: a count and a button, whose click diff is a few bytes.
 *
 * It reports `{ port }` over IPC once listening and answers `{ cmd: 'cpu' }` with the process's
 * CPU time so far (user + system, µs) and `{ cmd: 'rss' }` with its RSS after two full GCs.
 *
 * @example
 * const server = new BenchChild('./compression-server.ts', ['on']);
 */
import { createLiveServer } from '../transport/index.js';
import { defineLiveView, html } from '../views/index.js';
import { BENCH_SERVER_OPTIONS, counterView } from './bench-views.js';

const ROWS = Array.from({ length: 1_000 }, (_, i) => ({
  id: i + 1,
  name: `Customer ${(i * 7919) % 10_007}`,
  email: `customer${(i * 104_729) % 99_991}@example.com`,
  active: i % 3 !== 0,
}));

const Rows = defineLiveView<{ rows: typeof ROWS }>({
  mount(_params, _session, socket) {
    socket.assign({ rows: ROWS });
  },
  render: (
    a,
  ) => html`<table><thead><tr><th>#</th><th>Name</th><th>Email</th><th>Status</th></tr></thead>
<tbody>${a.rows.map(
    (r) =>
      html`<tr id=${`row-${r.id}`}><td>${r.id}</td><td>${r.name}</td><td><a href=${`mailto:${r.email}`}>${r.email}</a></td><td class=${r.active ? 'on' : 'off'}>${r.active ? 'active' : 'paused'}</td></tr>`,
  )}</tbody></table>`,
});

const Counter = counterView({ defineLiveView, html });

const app = createLiveServer({
  routes: [
    { path: '/rows', view: Rows },
    { path: '/counter', view: Counter },
  ],
  ...BENCH_SERVER_OPTIONS,
  compress: process.argv[2] === 'on',
});
const { port } = await app.listen({ port: 0, host: '127.0.0.1' });

process.on('message', (msg: { cmd: string }) => {
  if (msg.cmd === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ result: user + system });
  } else if (msg.cmd === 'rss') {
    globalThis.gc?.();
    globalThis.gc?.();
    process.send?.({ result: process.memoryUsage().rss });
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ port });
