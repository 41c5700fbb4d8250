/**
 * The examples app's development secret: made once, kept in a file only its owner can read,
 * the same on the next start, and refused when the file is not a private one of this user.
 */
import { chmod, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { developmentSecret } from '../examples/dev-secret.js';

let dir = '';
let file = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'liveactor-dev-secret-'));
  file = join(dir, `liveactor-examples-secret-${process.getuid?.() ?? userInfo().username}`);
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
});

const posix = process.platform !== 'win32';

describe('the development secret', () => {
  it('is made once, private to its owner, and the same on the next start', async () => {
    const first = await developmentSecret(dir);
    expect(first).toMatchObject({ file, created: true });
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    if (posix) expect((await stat(file)).mode & 0o777).toBe(0o600);
    const again = await developmentSecret(dir);
    expect(again).toEqual({ secret: first.secret, file, created: false });
    // No draft left behind.
    expect(await readdir(dir)).toEqual([file.slice(dir.length + 1)]);
  });

  it('is the same for starts racing each other', async () => {
    const secrets = await Promise.all(Array.from({ length: 8 }, () => developmentSecret(dir)));
    expect(new Set(secrets.map((s) => s.secret)).size).toBe(1);
    expect(secrets.filter((s) => s.created)).toHaveLength(1);
  });

  it.skipIf(!posix)('refuses a file others may read', async () => {
    await writeFile(file, 'x'.repeat(44), { mode: 0o600 });
    await chmod(file, 0o644);
    await expect(developmentSecret(dir)).rejects.toThrow(
      /other users may read or change it.*SECRET/,
    );
  });

  it.skipIf(!posix)('refuses a link in its place', async () => {
    const elsewhere = join(dir, 'elsewhere');
    await writeFile(elsewhere, 'x'.repeat(44), { mode: 0o600 });
    await symlink(elsewhere, file);
    await expect(developmentSecret(dir)).rejects.toThrow(/not a regular file/);
  });

  it('refuses a file too short to be a secret', async () => {
    await writeFile(file, 'short', { mode: 0o600 });
    await expect(developmentSecret(dir)).rejects.toThrow(/fewer than 32 characters/);
  });
});
