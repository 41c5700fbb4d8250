import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { getPage, LiveClient } from './support/live-client.js';
import { publishedImports } from './support/published-imports.js';
import { startServerProcess } from './support/server-process.js';

const run = promisify(execFile);
const root = new URL('../', import.meta.url);

describe('README', () => {
  it('starts with the two commands a newcomer runs', async () => {
    const readme = await readFile(new URL('README.md', root), 'utf8');
    const firstBlock = readme.split('```sh\n')[1]?.split('```')[0] ?? '';
    expect(firstBlock).toMatch(/^npm install && npm start\b/m);
    expect(firstBlock).toMatch(/^npm test\b/m);
  });

  // The README imports the package by its entries, as a user's project does (the package test
  // compiles and runs the counter so); the file in examples/ imports the source folders.
  it.each(['counter-actor.ts', 'counter-diff.ts', 'counter-live.ts', 'mount-http.ts'])(
    'shows examples/%s as the file has it, importing from liveactor/...',
    async (file) => {
      const readme = await readFile(new URL('README.md', root), 'utf8');
      const example = await readFile(new URL(`examples/${file}`, root), 'utf8');
      expect(example).toMatch(/from '\.\.\//);
      expect(readme).toContain(`\`\`\`ts\n${publishedImports(example)}\`\`\``);
    },
  );

  it('says the package is ESM only and imports it by its entries', async () => {
    const readme = await readFile(new URL('README.md', root), 'utf8');
    expect(readme).toMatch(/ESM only\s+\(`"type": "module"`\)/);
    const manifest = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    for (const entry of Object.keys(manifest.exports).filter((e) => e !== './package.json')) {
      expect(readme).toContain(`| \`liveactor${entry.slice(1)}\``);
    }
    expect(readme).not.toMatch(/from '\.\.\//);
  });

  it('the two examples under the hood print what their comments promise', async () => {
    const node = (file: string) =>
      run('node', ['--import', 'tsx', `examples/${file}`], { cwd: root });
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
    });
    expect(stdout).toMatch(
      /client bundle over HTTP, Accept-Encoding: br, gzip \(br; .* KB +official LiveView 1\.2 .* KB \(br\)/,
    );
  });

  it('the node:http example serves its own page beside the live one, and the live one joins', async () => {
    const server = await startServerProcess(['--import', 'tsx', 'examples/mount-http.ts'], root);
    const base = server.firstLine.replace('clock on ', '').replace(/\/clock$/, '');
    expect(await (await fetch(`${base}/`)).text()).toBe('Your own page. Try /clock.');
    const page = await getPage(base, '/clock');
    expect(page.html).toMatch(/It is .+\./);
    const client = await LiveClient.connect(base);
    const view = await client.join(page);
    expect(view.rendered).toHaveProperty('s');
    expect(await server.stop('SIGTERM')).toEqual([0, null]);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'the live counter serves its page, answers a click over the socket, and exits 0 on %s',
    async (signal) => {
      const server = await startServerProcess(
        ['--import', 'tsx', 'examples/counter-live.ts'],
        root,
      );
      const base = server.firstLine.replace('live counter on ', '');
      const page = await getPage(base, '/');
      expect(page.html).toContain('<span>0</span>');
      const client = await LiveClient.connect(base);
      const view = await client.join(page);
      expect((await view.push('inc')).response).toEqual({ diff: { '0': '1' } });
      expect(await server.stop(signal)).toEqual([0, null]);
      expect(await client.closed).toMatchObject({ code: 1001 });
    },
  );
});
