/**
 * Temporary directories for upload tests: one per test, removed when it finishes, and a way to
 * await the fact that an upload's file is gone (its writer cleans up after the reply, in the
 * upload process's terminate).
 */
import { watch } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A fresh directory, removed with its contents when the test finishes.
 *
 * @example
 * const dir = await tempDir();
 */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'liveactor-upload-test-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Resolves once `dir` holds no file (at once if it holds none now).
 *
 * @example
 * await view.push('cancel', { ref: '0' });
 * await waitForEmpty(dir);
 */
export function waitForEmpty(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(dir);
    const check = () =>
      readdir(dir).then((files) => {
        if (files.length > 0) return;
        watcher.close();
        resolve();
      }, reject);
    watcher.on('change', () => void check());
    watcher.on('error', reject);
    // The file may be gone already, or go between this look and the watch's first event.
    void check();
  });
}
