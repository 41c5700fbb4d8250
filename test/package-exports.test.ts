import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../', import.meta.url);

interface Manifest {
  exports: Record<string, string | { types: string; default: string }>;
}

describe('the package surface', () => {
  it('builds, and every "exports" entry imports from dist with its types beside it', async () => {
    await run('npm', ['run', 'build', '--silent'], { cwd: root, timeout: 120_000 });
    const manifest = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as Manifest;
    const entries = Object.entries(manifest.exports).filter(([, v]) => typeof v !== 'string');
    expect(entries.map(([k]) => k)).toEqual([
      '.',
      './actors',
      './views',
      './views/testing',
      './views/render',
      './views/host',
      './transport',
      './client',
    ]);
    // A child node resolves the package by its own name, as a user's program would.
    const script = entries
      .map(([sub]) => `n.push(Object.keys(await import('liveactor${sub.slice(1)}')).length);`)
      .join('');
    const { stdout } = await run(
      'node',
      ['--input-type=module', '-e', `const n = []; ${script} console.log(JSON.stringify(n));`],
      { cwd: root },
    );
    for (const count of JSON.parse(stdout) as number[]) expect(count).toBeGreaterThan(0);
    for (const [, target] of entries) {
      if (typeof target === 'string') continue;
      await expect(readFile(new URL(target.types, root))).resolves.toBeDefined();
    }
  }, 120_000);
});
