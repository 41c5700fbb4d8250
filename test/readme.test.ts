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

  it.each(['counter-actor.ts', 'counter-diff.ts', 'counter-live.ts'])(
    'shows examples/%s exactly as the file has it',
    async (file) => {
      const readme = await readFile(new URL('README.md', root), 'utf8');
      const example = await readFile(new URL(`examples/${file}`, root), 'utf8');
      expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
    },
  );

  it('npm start runs the example and prints what the comments promise', async () => {
    const { stdout } = await run('npm', ['start', '--silent'], { cwd: root, timeout: 60_000 });
    expect(stdout).toContain('count: 1');
    expect(stdout).toContain('after a crash: 0');
    expect(stdout).toContain('click: {"1":"1"}');
    expect(stdout).toContain('html: <p>Hello &lt;Ada&gt;</p><span>1</span>');
  });

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
