/**
 * The examples app as a newcomer meets it: every example page answers over HTTP and joins over
 * the protocol, and `npm start` serves the index page, and keeps open pages valid across a
 * restart without SECRET.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createExamplesApp, EXAMPLES } from '../examples/app.js';
import { getPage, LiveClient, TEST_SECRET } from './support/live-client.js';

const root = new URL('../', import.meta.url);
const paths = [
  '/',
  ...EXAMPLES.flatMap((e) => e.routes.map((r) => r.path)).filter((p) => !p.includes(':')),
];

describe('the examples app', () => {
  it.each(paths)('serves %s and joins it over the socket', async (path) => {
    const app = await createExamplesApp({ secret: TEST_SECRET });
    onTestFinished(() => app.close());
    const { url } = await app.listen({ host: '127.0.0.1', port: 0 });
    const page = await getPage(url, path);
    expect(page.status).toBe(200);
    const client = await LiveClient.connect(url);
    const view = await client.join(page);
    expect(view.rendered).toHaveProperty('s');
  });

  it('links every example from the index page', async () => {
    const app = await createExamplesApp({ secret: TEST_SECRET });
    onTestFinished(() => app.close());
    const { url } = await app.listen({ host: '127.0.0.1', port: 0 });
    const { html } = await getPage(url, '/');
    for (const example of EXAMPLES) expect(html).toContain(`href="${example.path}"`);
  });

  it('npm start builds the client, serves the index page on PORT and stops on SIGTERM; without SECRET a restart keeps the pages valid', async () => {
    // Its own temp directory, so the development secret is made here and read back here.
    const tmp = await mkdtemp(join(tmpdir(), 'liveactor-npm-start-'));
    onTestFinished(() => rm(tmp, { recursive: true, force: true }));
    const { SECRET: _unset, ...env } = process.env;
    const first = await npmStart({ ...env, TMPDIR: tmp });
    const index = await fetch(`${first.base}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('liveactor examples');
    const bundle = await fetch(`${first.base}/liveactor.js`);
    expect(bundle.status).toBe(200);
    const page = await getPage(first.base, '/reservations');
    await first.stop();

    // A tab open across the restart: its page's tokens still verify, so it rejoins.
    const second = await npmStart({ ...env, TMPDIR: tmp });
    onTestFinished(() => second.stop());
    const client = await LiveClient.connect(second.base);
    const view = await client.join({ ...page, url: new URL('/reservations', second.base).href });
    expect(view.rendered).toHaveProperty('s');
  }, 90_000);
});

/** `npm start` in its own process group, once it printed where it listens. */
async function npmStart(env: NodeJS.ProcessEnv): Promise<{ base: string; stop(): Promise<void> }> {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  // npm runs node in a child of its own: signal the whole group.
  const running = () => child.exitCode === null && child.signalCode === null;
  onTestFinished(() => {
    if (running()) process.kill(-child.pid!, 'SIGKILL');
  });
  const lines = createInterface({ input: child.stdout! });
  let base = '';
  for await (const line of lines) {
    const match = /liveactor examples on (http:\/\/\S+)/.exec(line);
    if (match) {
      base = match[1]!;
      break;
    }
  }
  return {
    base,
    async stop() {
      if (!running()) return;
      const exited = once(child, 'exit');
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}
