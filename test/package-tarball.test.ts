/**
 * The package a library user installs. `npm pack` runs on a copy of the repository as a fresh
 * clone has it (its `prepack` builds `dist/`); the tarball is installed into a project outside
 * the repository, whose strict TypeScript (`skipLibCheck: false`, TypeScript's default) checks
 * a file importing every entry of "exports" and the README's counter; both are compiled there
 * and run with plain `node`, importing the package by its name.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRepository, writeConsumerProject } from './support/consumer-project.js';
import { getPage, LiveClient } from './support/live-client.js';
import { publishedImports } from './support/published-imports.js';
import { startServerProcess } from './support/server-process.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../', import.meta.url));
/** A safety net for a stuck npm or tsc, not a speed target: a build takes seconds. */
const STEP_TIMEOUT_MS = 600_000;

interface PackedFile {
  readonly path: string;
}

interface Manifest {
  readonly exports: Readonly<Record<string, string | { types: string; default: string }>>;
}

let tmp = '';
let app = '';
let packed: readonly string[] = [];
let entries: readonly string[] = [];
/** What the project's `tsc` said (it emits `out/` whatever it finds). */
let typeCheck = '';

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'liveactor-package-'));
  const clone = join(tmp, 'clone');
  app = join(tmp, 'app');
  await copyRepository(root, clone);
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tmp], {
    cwd: clone,
    timeout: STEP_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  // npm prints the JSON last; prepack's build may print before it.
  const [pack] = JSON.parse(stdout.slice(stdout.indexOf('[\n'))) as [
    { filename: string; integrity: string; files: PackedFile[] },
  ];
  packed = pack.files.map((f) => f.path);
  const manifest = JSON.parse(await readFile(join(clone, 'package.json'), 'utf8')) as Manifest;
  entries = Object.keys(manifest.exports).filter((k) => k !== './package.json');

  await mkdir(app);
  await writeConsumerProject(root, {
    dir: app,
    tarball: { file: join(tmp, pack.filename), integrity: pack.integrity },
    devPackages: ['@types/node'],
  });
  await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: app,
    timeout: STEP_TIMEOUT_MS,
  });
  const names = entries.map((e) => `liveactor${e.slice(1)}`);
  await writeFile(
    join(app, 'entries.ts'),
    `${names.map((n, i) => `import * as entry${i} from '${n}';`).join('\n')}
const counts: Record<string, number> = {
${names.map((n, i) => `  '${n}': Object.keys(entry${i}).length,`).join('\n')}
};
console.log(JSON.stringify(counts));
`,
  );
  const counter = await readFile(join(root, 'examples/counter-live.ts'), 'utf8');
  await writeFile(join(app, 'counter.ts'), publishedImports(counter));
  // The upload calls views/ declares on the engine's component socket reach a consumer's types.
  await writeFile(
    join(app, 'component-upload.ts'),
    `import { defineComponent, html, liveFileInput, type Uploads } from 'liveactor/views';
export const Avatar = defineComponent<{ uploads: Uploads<'avatar'>; saved: string[] }>({
  mount(socket) {
    socket.assign({ saved: [] });
    socket.allowUpload('avatar', {
      accept: ['.png'],
      progress: (_name, entry, s) => s.assign({ saved: entry.done ? [entry.clientName] : [] }),
    });
  },
  async handleEvent(_event, _value, socket) {
    const saved = await socket.consumeUploadedEntries('avatar', ({ path }) => path);
    socket.assign({ saved });
    return undefined;
  },
  render: (a) => html\`<form phx-target=\${a.myself}>\${liveFileInput(a.uploads.avatar)}</form>\`,
});
`,
  );
  await writeFile(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'nodenext',
        strict: true,
        skipLibCheck: false,
        types: ['node'],
        outDir: 'out',
      },
      files: ['entries.ts', 'counter.ts', 'component-upload.ts'],
    }),
  );
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  typeCheck = await run('node', [tsc, '-p', app], { cwd: app, timeout: STEP_TIMEOUT_MS }).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string; message: string }) => error.stdout || error.message,
  );
}, STEP_TIMEOUT_MS);

afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('the package tarball', () => {
  it('holds dist/ built by prepack, the LICENSE, and source maps that carry their sources', async () => {
    expect(entries).toEqual([
      '.',
      './actors',
      './views',
      './views/testing',
      './views/render',
      './views/host',
      './transport',
      './client',
    ]);
    for (const file of ['LICENSE', 'README.md', 'package.json', 'dist/index.js']) {
      expect(packed).toContain(file);
    }
    for (const file of ['dist/liveactor.js', 'dist/liveactor.js.br', 'dist/liveactor.js.gz']) {
      expect(packed).toContain(file);
    }
    expect(await readFile(join(app, 'node_modules/liveactor/LICENSE'), 'utf8')).toMatch(
      /^MIT License/,
    );
    expect(packed.filter((f) => f.endsWith('.d.ts.map') || f.endsWith('.tmp'))).toEqual([]);
    const maps = packed.filter((f) => f.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(10);
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(
        await readFile(join(app, 'node_modules/liveactor', map), 'utf8'),
      ) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect(sourcesContent?.length, map).toBe(sources.length);
      expect(
        sourcesContent?.every((s) => typeof s === 'string' && s.length > 0),
        map,
      ).toBe(true);
    }
  });

  it(
    'type-checks in a strict project with skipLibCheck false: every entry, the README counter, a component upload',
    async () => {
      expect(typeCheck).toBe('');
      const { stdout } = await run('node', ['out/entries.js'], { cwd: app });
      const counts = JSON.parse(stdout) as Record<string, number>;
      expect(Object.keys(counts)).toEqual(entries.map((e) => `liveactor${e.slice(1)}`));
      for (const count of Object.values(counts)) expect(count).toBeGreaterThan(0);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'runs the README counter with plain node: its page, the client bundle in brotli, a click, and exit 0 on SIGTERM',
    async () => {
      const server = await startServerProcess(['out/counter.js'], app);
      const base = server.firstLine.replace('live counter on ', '');
      const page = await getPage(base, '/');
      expect(page.html).toContain('<span>0</span>');

      const src = /<script defer type="text\/javascript" src="([^"]+)">/.exec(page.html)?.[1];
      expect(src).toMatch(/^\/liveactor\.[0-9a-f]{16}\.js$/);
      const request = get(`${base}${src}`, { headers: { 'accept-encoding': 'br, gzip' } });
      const [res] = (await once(request, 'response')) as [IncomingMessage];
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      expect(res.headers['content-encoding']).toBe('br');
      const bundle = await readFile(join(app, 'node_modules/liveactor/dist/liveactor.js'));
      expect(brotliDecompressSync(Buffer.concat(chunks)).equals(bundle)).toBe(true);

      const client = await LiveClient.connect(base);
      const view = await client.join(page);
      expect((await view.push('inc')).response).toEqual({ diff: { '0': '1' } });
      expect(await server.stop('SIGTERM')).toEqual([0, null]);
      expect(await client.closed).toMatchObject({ code: 1001 });
    },
    STEP_TIMEOUT_MS,
  );
});
