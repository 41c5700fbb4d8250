/**
 * What the package test needs to meet liveactor as a user does: a copy of the repository as a
 * fresh clone has it (no `dist/`), and a project outside the repository that installs the
 * tarball `npm pack` made.
 *
 * The project installs without the registry when the npm cache holds what the repository's own
 * `npm ci` fetched: its lock file is cut from the repository's, the closure of the package's
 * dependencies at the very versions and integrities the repository uses, so `npm ci
 * --prefer-offline` finds every tarball in the cache (and fetches only what is missing).
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Copies the files git knows of in `root` (tracked, or new and not ignored) to `to`, with
 * `node_modules` linked rather than copied: a fresh clone after `npm ci`.
 *
 * @example
 * await copyRepository(root, join(tmp, 'clone'));
 */
export async function copyRepository(root: string, to: string): Promise<void> {
  const { stdout } = await run(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  for (const file of stdout.split('\0').filter(Boolean)) {
    await mkdir(dirname(join(to, file)), { recursive: true });
    // A file deleted in the work tree but still in the index is not part of the clone.
    await copyFile(join(root, file), join(to, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  await symlink(join(root, 'node_modules'), join(to, 'node_modules'), 'dir');
}

interface LockEntry {
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

interface Lock {
  readonly packages: Readonly<Record<string, LockEntry>>;
}

/** What {@link writeConsumerProject} installs. */
export interface ConsumerProject {
  /** The directory the project is written to. */
  readonly dir: string;
  /** The tarball `npm pack` made, and its `integrity` from `npm pack --json`. */
  readonly tarball: { readonly file: string; readonly integrity: string };
  /** Development packages to take from the repository's lock file, e.g. `@types/node`. */
  readonly devPackages: readonly string[];
}

/**
 * Writes `package.json` and `package-lock.json` of a project that depends on the tarball, and
 * copies the tarball in; then `npm ci --prefer-offline` there installs it.
 *
 * @example
 * await writeConsumerProject(root, { dir, tarball, devPackages: ['@types/node'] });
 */
export async function writeConsumerProject(root: string, project: ConsumerProject): Promise<void> {
  const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as Lock;
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
    engines: Record<string, string>;
  };
  const local = 'file:liveactor.tgz';
  await copyFile(project.tarball.file, join(project.dir, 'liveactor.tgz'));
  const devDependencies = Object.fromEntries(
    project.devPackages.map((name) => [name, String(entryOf(lock, name).version)]),
  );
  const own = { name: 'consumer', private: true, type: 'module' };
  const packages: Record<string, unknown> = {
    '': { name: own.name, dependencies: { liveactor: local }, devDependencies },
    'node_modules/liveactor': {
      version: manifest.version,
      resolved: local,
      integrity: project.tarball.integrity,
      license: 'MIT',
      dependencies: manifest.dependencies,
      engines: manifest.engines,
    },
  };
  const roots: [string, string[]][] = [
    ['', Object.keys(manifest.dependencies)],
    ['', [...project.devPackages]],
  ];
  for (const [path, entry] of closure(lock, roots)) packages[path] = entry;
  await writeFile(
    join(project.dir, 'package.json'),
    JSON.stringify({ ...own, dependencies: { liveactor: local }, devDependencies }, null, 2),
  );
  await writeFile(
    join(project.dir, 'package-lock.json'),
    JSON.stringify({ name: own.name, lockfileVersion: 3, requires: true, packages }, null, 2),
  );
}

function entryOf(lock: Lock, name: string): LockEntry {
  const entry = lock.packages[`node_modules/${name}`];
  if (entry === undefined) throw new Error(`package-lock.json has no node_modules/${name}`);
  return entry;
}

/**
 * Every lock entry the named packages need, found as Node finds them: in the requiring
 * package's own `node_modules` first, then in each folder above it.
 */
function closure(lock: Lock, roots: [string, string[]][]): Map<string, LockEntry> {
  const found = new Map<string, LockEntry>();
  const queue = [...roots];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const [from, names] = next;
    for (const name of names) {
      const path = resolveFrom(lock, from, name);
      if (found.has(path)) continue;
      const entry = lock.packages[path]!;
      found.set(path, entry);
      const needs = { ...entry.dependencies, ...entry.optionalDependencies };
      queue.push([path, Object.keys(needs)]);
    }
  }
  return found;
}

function resolveFrom(lock: Lock, from: string, name: string): string {
  for (let dir = from; ; ) {
    const path = `${dir === '' ? '' : `${dir}/`}node_modules/${name}`;
    if (lock.packages[path] !== undefined) return path;
    if (dir === '') throw new Error(`package-lock.json cannot resolve ${name} from ${from}`);
    const up = dir.lastIndexOf('/node_modules/');
    dir = up < 0 ? '' : dir.slice(0, up);
  }
}
