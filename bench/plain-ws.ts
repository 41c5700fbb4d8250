/**
 * The benchmarks' baseline server: plain `ws` with no protocol on top. It echoes every message,
 * and the message `bump` sends `frame` on to every connected socket, one send each.
 *
 * @example
 * const ws = await startPlainWs(JSON.stringify([null, null, 'lv:phx-x', 'diff', { 0: '1' }]));
 * // ... connect clients to ws.port, time a bump ...
 * await ws.close();
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/** A listening baseline server. */
export interface PlainWs {
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the baseline on 127.0.0.1 and a free port. */
export async function startPlainWs(frame: string): Promise<PlainWs> {
  const server = createServer((_req, res) => res.end('ok'));
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      if (String(data) === 'bump') for (const client of wss.clients) client.send(frame);
      else socket.send(data);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
