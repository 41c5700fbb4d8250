import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { getPage, LiveClient } from './support/live-client.js';

const run = promisify(execFile);
const root = new URL('../', import.meta.url);

describe('README', () => {
  it('starts with the two commands a newcomer runs', async () => {
    const readme = await readFile(new URL('README.md', root), 'utf8');
    const firstBlock = readme.split('```sh\n')[1]?.split('```')[0] ?? '';
    expect(firstBlock).toMatch(/^npm install && npm start\b/m);
    expect(firstBlock).toMatch(/^npm test\b/m);
  });

  it.each(['counter-actor.ts', 'counter-diff.ts', 'counter-live.ts', 'mount-http.ts'])(
    'shows examples/%s exactly as the file has it',
    async (file) => {
      const readme = await readFile(new URL('README.md', root), 'utf8');
      const example = await readFile(new URL(`examples/${file}`, root), 'utf8');
      expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
    },
  );

  it('the two examples under the hood print what their comments promise', async () => {
    const node = (file: string) =>
      run('node', ['--import', 'tsx', `examples/${file}`], { cwd: root, timeout: 60_000 });
    const [actor, diff] = await Promise.all([node('counter-actor.ts'), node('counter-diff.ts')]);
    expect(actor.stdout).toContain('count: 1');
    expect(actor.stdout).toContain('after a crash: 0');
    expect(diff.stdout).toContain('click: {"1":"1"}');
    expect(diff.stdout).toContain('html: <p>Hello &lt;Ada&gt;</p><span>1</span>');
  });

  // A child npm that bundles and compresses: bounded by its own 60 s, not vitest's 5 s.
  it('npm run bench -- client measures the client bundle against the official one', {
    timeout: 90_000,
  }, async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'bench', '--', 'client'], {
      cwd: root,
      timeout: 60_000,
    });
    expect(stdout).toMatch(/client bundle, min\+gzip .* KB .*official LiveView 1\.2/);
  });

  it('the node:http example serves its own page beside the live one, and the live one joins', async () => {
    const child = spawn('node', ['--import', 'tsx', 'examples/mount-http.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    const base = line.replace('clock on ', '').replace(/\/clock$/, '');
    expect(await (await fetch(`${base}/`)).text()).toBe('Your own page. Try /clock.');
    const page = await getPage(base, '/clock');
    expect(page.html).toMatch(/It is .+\./);
    const client = await LiveClient.connect(base);
    const view = await client.join(page);
    expect(view.rendered).toHaveProperty('s');
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
  }, 30_000);

  it('the live counter serves its page and answers a click over the socket', async () => {
    const child = spawn('node', ['--import', 'tsx', 'examples/counter-live.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    const base = line.replace('live counter on ', '');
    const page = await getPage(base, '/');
    expect(page.html).toContain('<span>0</span>');
    const client = await LiveClient.connect(base);
    const view = await client.join(page);
    expect((await view.push('inc')).response).toEqual({ diff: { '0': '1' } });
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
  }, 30_000);
});
