/**
 * The secret `npm start` signs pages with when `SECRET` is not set. A fresh random secret per
 * start would make every open tab's token fail after a restart, so each tab reloads and loses
 * what was typed; this one is made once and kept in a file of the OS temp directory, readable
 * by its owner only, so a restart keeps the tabs joined. Development only: production sets
 * `SECRET` (README, "Deploying").
 *
 * The temp directory is shared with other users, so the file is trusted only when it is a
 * regular file (not a link), owned by this user and closed to everyone else; it is created
 * under a private name and linked into place, so a reader never sees it half written.
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { link, lstat, readFile, unlink, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Where the secret is and what it is. */
export interface DevelopmentSecret {
  readonly secret: string;
  readonly file: string;
  /** True when this call made the file. */
  readonly created: boolean;
}

/**
 * Reads the development secret from `dir` (default: the OS temp directory), making it first if
 * there is none. Throws when the file there is not one this user alone can read.
 *
 * @example
 * const { secret } = await developmentSecret();
 * createExamplesApp({ secret: process.env.SECRET ?? secret });
 */
export async function developmentSecret(dir: string = tmpdir()): Promise<DevelopmentSecret> {
  // By uid where there is one: a container's user may have no name (userInfo() throws then).
  const owner = process.getuid?.() ?? userInfo().username;
  const file = join(dir, `liveactor-examples-secret-${owner}`);
  const fresh = randomBytes(32).toString('base64');
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(draft, fresh, { flag: 'wx', mode: 0o600 });
  try {
    await link(draft, file);
    return { secret: fresh, file, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  return { secret: await readPrivate(file), file, created: false };
}

async function readPrivate(file: string): Promise<string> {
  const problem = whyNotPrivate(await lstat(file));
  const secret = problem === undefined ? (await readFile(file, 'utf8')).trim() : '';
  if (problem === undefined && secret.length >= 32) return secret;
  throw new Error(
    `examples: not using ${file} as the development secret: ${problem ?? 'it holds fewer than 32 characters'}. ` +
      'Delete it (a new one is made on the next start) or set SECRET.',
  );
}

function whyNotPrivate(info: Stats): string | undefined {
  if (!info.isFile()) return 'it is not a regular file';
  // Windows has no uid and no mode bits to check, and its temp directory is the user's own.
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  if (info.uid !== uid) return 'another user owns it';
  if ((info.mode & 0o077) !== 0) return 'other users may read or change it';
  return undefined;
}
