/**
 * What transport tests need around a live server besides its views (fixtures.ts) and the client
 * (test/support/live-client.ts): a hand-moved clock, an http server of the test's own, the
 * status of a refused upgrade, and the server's token signers.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import { ActorSystem } from '../../actors/system.js';
import {
  createTokenSigner,
  type TokenSigner,
  type TokenSignerOptions,
} from '../../transport/token.js';
import { type Page, TEST_SECRET } from '../support/live-client.js';
import { ManualClock } from '../support/manual-clock.js';

/**
 * An actor system on a ManualClock, for a server whose time (rate limits, idle timeouts) the
 * test moves by hand; shut down when the test finishes.
 *
 * @example
 * const { clock, system } = manualSystem();
 * await startLiveServer({ routes, system });
 * clock.advance(60_000);
 */
export function manualSystem(): { readonly clock: ManualClock; readonly system: ActorSystem } {
  const clock = new ManualClock();
  const system = new ActorSystem({ clock });
  onTestFinished(() => system.shutdown());
  return { clock, system };
}

/**
 * A signer with the test server's secret for one salt (`session`, `static`, `flash`), to read
 * the tokens the server sends or forge the ones it must accept or refuse.
 *
 * @example
 * expect(serverSigner('flash').verify(reply.response.redirect.flash)).toEqual({ info: 'bye' });
 */
export function serverSigner(salt: string, opts?: TokenSignerOptions): TokenSigner {
  return createTokenSigner(TEST_SECRET, salt, opts);
}

const FIFTEEN_DAYS_MS = 15 * 24 * 60 * 60 * 1000;

/**
 * A well-signed session token for `page` and `route`, but 15 days old: past the default max age.
 *
 * @example
 * const view = await client.join(page, { session: expiredSession(page, '/counter') }); // stale
 */
export function expiredSession(page: Page, route: string): string {
  const old = serverSigner('session', { now: () => Date.now() - FIFTEEN_DAYS_MS });
  return old.sign({ id: page.id, route, session: {} });
}

/**
 * Listens on 127.0.0.1 (port 0) with an http server of the test's own, for a live server mounted
 * as middleware or behind an upgrade listener that looks at the sockets; closed when the test
 * finishes.
 *
 * @example
 * const url = await listenHttp(live.handler, live.upgrade);
 */
export async function listenHttp(
  handler: RequestListener,
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void,
): Promise<string> {
  const http = createServer(handler);
  http.on('upgrade', upgrade);
  onTestFinished(() => new Promise<void>((resolve) => http.close(() => resolve())));
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

/**
 * The HTTP status of a WebSocket upgrade that the server refuses.
 *
 * @example
 * expect(await upgradeStatus(`${url.replace('http', 'ws')}/elsewhere?vsn=2.0.0`)).toBe(404);
 */
export async function upgradeStatus(
  wsUrl: string,
  opts: { readonly origin?: string; readonly headers?: Record<string, string> } = {},
): Promise<number> {
  const ws = new WebSocket(wsUrl, {
    ...(opts.origin === undefined ? {} : { origin: opts.origin }),
    ...(opts.headers === undefined ? {} : { headers: opts.headers }),
  });
  onTestFinished(() => ws.terminate());
  ws.on('error', () => {});
  const [, res] = (await once(ws, 'unexpected-response')) as [unknown, IncomingMessage];
  return res.statusCode ?? 0;
}
