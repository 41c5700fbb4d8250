import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../', import.meta.url);

describe('README', () => {
  it('starts with the two commands a newcomer runs', async () => {
    const readme = await readFile(new URL('README.md', root), 'utf8');
    const firstBlock = readme.split('```sh\n')[1]?.split('```')[0] ?? '';
    expect(firstBlock).toMatch(/^npm install && npm start\b/m);
    expect(firstBlock).toMatch(/^npm test\b/m);
  });

  it.each(['counter-actor.ts', 'counter-diff.ts'])(
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
});
