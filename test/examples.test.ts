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
// /tickets sends the anonymous to /login (examples-my-tickets.test.ts signs in first).
const paths = [
  '/',
  ...EXAMPLES.flatMap((e) => e.routes.map((r) => r.path)).filter(
    (p) => !p.includes(':') && p !== '/tickets',
  ),
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
    expect(await first.stop('SIGTERM')).toEqual([0, null]);

    // A tab open across the restart: its page's tokens still verify, so it rejoins.
    const second = await npmStart({ ...env, TMPDIR: tmp });
    onTestFinished(async () => {
      await second.stop('SIGTERM');
    });
    const client = await LiveClient.connect(second.base);
    const view = await client.join({ ...page, url: new URL('/reservations', second.base).href });
    expect(view.rendered).toHaveProperty('s');
  });

  // A process manager signals npm alone; Ctrl-C in a terminal signals the whole group, so node
  // hears it twice (from the terminal, and forwarded by npm).
  it.each([
    ['SIGTERM', 'npm alone'],
    ['SIGINT', 'the process group'],
  ] as const)(
    'npm start stops on %s sent to %s: 1001 to every socket, every view terminated, exit 0',
    async (signal, to) => {
      const app = await npmStart({ ...process.env, SECRET: TEST_SECRET });
      const client = await LiveClient.connect(app.base);
      await client.join(await getPage(app.base, '/chat'));
      expect(await app.stop(signal, to === 'the process group')).toEqual([0, null]);
      // The server is gone, not orphaned by a shell: its port refuses, its output closed.
      await expect(fetch(`${app.base}/`)).rejects.toThrow();
      expect(await client.closed).toMatchObject({ code: 1001 });
      expect(await app.output()).toContain(
        `stopped on ${signal}: every socket closed, every view terminated`,
      );
    },
  );
});

/** A running `npm start`, in its own process group. */
interface NpmStart {
  readonly base: string;
  /** What it printed, once its output closed. */
  output(): Promise<string>;
  /** Sends `signal` to npm (or its whole group) and resolves with npm's exit code and signal. */
  stop(signal: NodeJS.Signals, group?: boolean): Promise<[number | null, NodeJS.Signals | null]>;
}

/** `npm start` in its own process group, once it printed where it listens. */
async function npmStart(env: NodeJS.ProcessEnv): Promise<NpmStart> {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const pid = child.pid!;
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  // Whatever a test leaves running (npm runs node as a child): the whole group goes.
  onTestFinished(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
  });
  const printed: string[] = [];
  const lines = createInterface({ input: child.stdout! });
  const allPrinted = once(lines, 'close');
  const base = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      printed.push(line);
      const match = /liveactor examples on (http:\/\/\S+)/.exec(line);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before listening`)));
  });
  return {
    base,
    output: () => allPrinted.then(() => printed.join('\n')),
    stop(signal, group = false) {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(group ? -pid : pid, signal);
      }
      return exited;
    },
  };
}
