/**
 * The e2e harness: a live server on 127.0.0.1 for one client (restartable on the same port),
 * pages in fresh browser contexts, a window marker to tell a live update from a page load, and
 * one cleanup for everything a test opened.
 *
 * `describeClients` is the frame of every scenario file: one Chromium for the file, each
 * scenario once per client, and after each test its pages closed before its servers (so no
 * page sees its server go away and reconnects into the next test).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import {
  createLiveServer,
  type LiveServer,
  type LiveServerOptions,
} from '../../transport/index.js';
import { TEST_SECRET } from '../support/live-client.js';
import { canRunE2e, launchChromium } from './chromium.js';
import { type ClientKind, layoutFor, OFFICIAL_SCRIPTS } from './layouts.js';

export type { ClientKind } from './layouts.js';

const NODE_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));
const CLIENTS: readonly ClientKind[] = ['liveactor', 'official'];
/** Playwright's timeout for one wait: well below vitest's 30 s per test. */
const WAIT_MS = 10_000;

let browser: Browser | undefined;
const contexts = new Set<BrowserContext>();
const servers = new Set<E2eServer>();
const errors = new WeakMap<Page, string[]>();
const failedResponses = new WeakMap<Page, string[]>();
const violations = new WeakMap<Page, string[]>();

/**
 * Declares a scenario file: `body` runs once per client inside `describe(title)`, skipped
 * (with global-setup's warning) where there is no Chromium.
 *
 * @example
 * describeClients('click', (client) => {
 *   it('increments', async () => { const server = await startServer(client, { routes }); });
 * });
 */
export function describeClients(title: string, body: (client: ClientKind) => void): void {
  describeWithBrowser(title, () => describe.each(CLIENTS)('%s', body));
}

/**
 * Declares a scenario file with one Chromium for all its tests and {@link closeAll} after
 * each; skipped (with global-setup's warning) where there is no Chromium.
 *
 * @example
 * describeWithBrowser('the examples app', () => { it('serves the index', async () => {}); });
 */
export function describeWithBrowser(title: string, body: () => void): void {
  describe.skipIf(!canRunE2e())(title, () => {
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      browser = undefined;
    });
    afterEach(closeAll);
    body();
  });
}

/**
 * A live server for one client's pages, with its own `node:http` server (which also serves
 * the official builds) on 127.0.0.1.
 *
 * @example
 * const server = await startServer('official', { routes });
 * await server.stop();
 * await server.start(); // a new live server, same port and secret
 */
export interface E2eServer {
  /** `http://127.0.0.1:<port>`, the same across restarts. */
  readonly url: string;
  /** The live server of the current run. */
  readonly live: LiveServer;
  /**
   * Every request it got so far, across restarts, as `<METHOD> <path>`; an upgrade as
   * `UPGRADE <path>`, refused or not. Shows which transport a page's traffic took.
   */
  readonly requests: readonly string[];
  /** Closes the live server (its clients get 1001) and the HTTP server. */
  stop(): Promise<void>;
  /** Starts a new live server with the same options on the same port. */
  start(): Promise<void>;
}

/**
 * What {@link startServer} passes to `createLiveServer` (the harness sets secret and layout),
 * and `start`, which runs on each new live server before it takes requests (an example's
 * `start`, which the processes its views call need), at every restart again.
 *
 * @example
 * const options: E2eServerOptions = { routes: chat.routes, start: (live) => chat.start?.(live) };
 */
export type E2eServerOptions = Omit<LiveServerOptions, 'secret' | 'layout'> & {
  readonly start?: ((live: LiveServer) => void | Promise<void>) | undefined;
};

/**
 * What the network between page and server lets through: `webSocket: false` refuses every
 * WebSocket upgrade with 403, as a proxy that blocks WebSockets does (long polling still works).
 *
 * @example
 * await startServer('official', { routes }, { webSocket: false });
 */
export interface E2eNetwork {
  readonly webSocket?: boolean;
}

/**
 * Starts a server for `client` on a free port of 127.0.0.1; {@link closeAll} stops it.
 *
 * @example
 * const server = await startServer('liveactor', { routes: [{ path: '/', view: Counter }] });
 * const page = await openPage(server, '/');
 */
export async function startServer(
  client: ClientKind,
  options: E2eServerOptions,
  network: E2eNetwork = {},
): Promise<E2eServer> {
  const server = new RestartableServer(client, options, network);
  servers.add(server);
  await server.start();
  return server;
}

class RestartableServer implements E2eServer {
  readonly #client: ClientKind;
  readonly #options: E2eServerOptions;
  readonly #network: E2eNetwork;
  #port = 0;
  #run: { readonly live: LiveServer; readonly http: Server } | undefined;
  readonly #requests: string[] = [];

  constructor(client: ClientKind, options: E2eServerOptions, network: E2eNetwork) {
    this.#client = client;
    this.#options = options;
    this.#network = network;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get live(): LiveServer {
    if (this.#run === undefined) throw new Error('e2e: the server is stopped');
    return this.#run.live;
  }

  get requests(): readonly string[] {
    return this.#requests;
  }

  async start(): Promise<void> {
    if (this.#run !== undefined) throw new Error('e2e: the server is running already');
    const { start, ...options } = this.#options;
    const live = createLiveServer({
      ...options,
      secret: TEST_SECRET,
      layout: layoutFor(this.#client),
    });
    try {
      await start?.(live);
    } catch (error) {
      await live.close();
      throw error;
    }
    const log = (req: IncomingMessage, method = req.method) =>
      this.#requests.push(`${method} ${new URL(req.url ?? '/', 'http://e2e').pathname}`);
    const http = createServer((req, res) => {
      log(req);
      const script = OFFICIAL_SCRIPTS[req.url ?? ''];
      if (script === undefined) {
        live.handler(req, res);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(officialScript(script));
    });
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      log(req, 'UPGRADE');
      if (this.#network.webSocket === false) refuseUpgrade(socket);
      else live.upgrade(req, socket, head);
    });
    this.#run = { live, http };
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.#port, '127.0.0.1', () => {
        http.off('error', reject);
        resolve();
      });
    });
    this.#port = (http.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const run = this.#run;
    if (run === undefined) return;
    this.#run = undefined;
    // Stop listening first, so a client reconnecting meanwhile finds nothing rather than a
    // live server on its way out.
    const closed = new Promise<void>((resolve) => run.http.close(() => resolve()));
    await run.live.close();
    run.http.closeAllConnections();
    await closed;
  }
}

function refuseUpgrade(socket: Duplex): void {
  socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}

const scripts = new Map<string, Buffer>();

function officialScript(path: string): Buffer {
  let body = scripts.get(path);
  if (body === undefined) {
    body = readFileSync(`${NODE_MODULES}${path}`);
    scripts.set(path, body);
  }
  return body;
}

/**
 * Opens `path` of `server` in a fresh browser context (of `options.viewport`, default 1280 x
 * 720) and waits until its main view joined (`phx-connected` on the container), unless
 * `options.join` is false. `options.before` runs on the page before it loads (to install a
 * clock or an init script). {@link closeAll} closes the context.
 *
 * @example
 * const page = await openPage(server, '/counter');
 * await page.click('#inc');
 */
export async function openPage(
  server: Pick<E2eServer, 'url'>,
  path: string,
  options: {
    readonly viewport?: { readonly width: number; readonly height: number };
    readonly before?: (page: Page) => Promise<unknown>;
    readonly join?: boolean;
    /** A tab of the same browser as this page (its cookies); default a browser of its own. */
    readonly tabOf?: Page;
  } = {},
): Promise<Page> {
  if (browser === undefined) throw new Error('e2e: openPage outside describeClients');
  const { viewport, tabOf } = options;
  const context = tabOf?.context() ?? (await browser.newContext(viewport ? { viewport } : {}));
  contexts.add(context);
  // Below the test timeout, so a stuck wait fails with what it waited for.
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const thrown: string[] = [];
  errors.set(page, thrown);
  const failed: string[] = [];
  failedResponses.set(page, failed);
  const refused: string[] = [];
  violations.set(page, refused);
  // Chromium reports what the Content-Security-Policy blocked on the console.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/.test(message.text())) {
      refused.push(message.text());
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 400) failed.push(`${res.status()} ${new URL(res.url()).pathname}`);
  });
  const broken = new Promise<never>((_resolve, reject) => {
    page.on('pageerror', (error) => {
      thrown.push(error.message);
      reject(new Error(`e2e: ${path} threw before joining: ${error.message}`));
    });
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script' && !res.ok()) {
        reject(new Error(`e2e: the page's script ${res.url()} answered ${res.status()}`));
      }
    });
  });
  broken.catch(() => {});
  await options.before?.(page);
  await page.goto(`${server.url}${path}`);
  if (options.join === false) return page;
  // A client that failed to load would leave the join wait to time out; say why at once.
  await Promise.race([waitForJoin(page), broken]);
  return page;
}

/**
 * An `openPage` `before` that gives the page's LiveSocket, whichever client, the options
 * `options()` returns in the page (`window.liveactorOptions`, which our bundle reads and the
 * official layout spreads). `options` runs in the browser: it may use nothing from its scope.
 *
 * @example
 * await openPage(server, '/', { before: socketOptions(() => ({ longPollFallbackMs: 500 })) });
 */
export function socketOptions(options: () => object): (page: Page) => Promise<void> {
  return async (page) => {
    await page.addInitScript(`globalThis.liveactorOptions = (${options.toString()})();`);
  };
}

/**
 * Waits until the page's main view is joined: its container has `phx-connected`.
 *
 * @example
 * await waitForJoin(page);
 */
export async function waitForJoin(page: Page): Promise<void> {
  await page.locator('[data-phx-main].phx-connected').waitFor({ state: 'attached' });
}

/**
 * The uncaught errors the page threw so far (its `pageerror` events).
 *
 * @example
 * expect(pageErrors(page)).toEqual([]);
 */
export function pageErrors(page: Page): readonly string[] {
  return errors.get(page) ?? [];
}

/**
 * The responses of 400 and above the page got so far, as `<status> <path>` (a missing icon or
 * stylesheet shows here).
 *
 * @example
 * expect(failedRequests(page)).toEqual([]);
 */
export function failedRequests(page: Page): readonly string[] {
  return failedResponses.get(page) ?? [];
}

/**
 * What the page's Content-Security-Policy refused so far (inline code, styles, connections).
 *
 * @example
 * expect(cspViolations(page)).toEqual([]);
 */
export function cspViolations(page: Page): readonly string[] {
  return violations.get(page) ?? [];
}

/** Just enough of the browser's globals for the page functions here (the project has no DOM lib). */
interface BrowserGlobals {
  readonly document: {
    querySelector(selector: string): { readonly textContent: string | null } | null;
  };
  e2eMarker?: string;
}

/**
 * Waits until the element at `selector` has exactly `text` as its text content.
 *
 * @example
 * await page.click('#inc');
 * await waitForText(page, '#count', '1');
 */
export async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  try {
    await page.waitForFunction(
      ([s, t]) =>
        (globalThis as unknown as BrowserGlobals).document.querySelector(s)?.textContent === t,
      [selector, text] as const,
    );
  } catch (error) {
    const actual = await page
      .evaluate(
        (s) => (globalThis as unknown as BrowserGlobals).document.querySelector(s)?.textContent,
        selector,
      )
      .catch(() => 'nothing: the page is gone');
    throw new Error(
      `e2e: ${selector} never read ${JSON.stringify(text)}; it reads ${JSON.stringify(actual ?? 'nothing: no such element')}`,
      { cause: error },
    );
  }
}

/**
 * Puts a marker on the page's window: it survives live updates and history changes, and is
 * gone after a page load. Returns it, for {@link windowMarker}.
 *
 * @example
 * const marker = await markWindow(page);
 * expect(await windowMarker(page)).toBe(marker); // no page load since
 */
export async function markWindow(page: Page): Promise<string> {
  const marker = `marker-${Math.random().toString(36).slice(2)}`;
  await page.evaluate((m) => {
    (globalThis as unknown as BrowserGlobals).e2eMarker = m;
  }, marker);
  return marker;
}

/**
 * The marker {@link markWindow} left on the page's window; undefined after a page load.
 *
 * @example
 * expect(await windowMarker(page)).toBe(marker);
 */
export function windowMarker(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (globalThis as unknown as BrowserGlobals).e2eMarker);
}

/**
 * Closes every browser context, then every server, the current test opened.
 *
 * @example
 * afterEach(closeAll); // describeClients does this
 */
export async function closeAll(): Promise<void> {
  const open = [...contexts];
  contexts.clear();
  await Promise.all(open.map((context) => context.close()));
  const running = [...servers];
  servers.clear();
  await Promise.all(running.map((server) => server.stop()));
}
