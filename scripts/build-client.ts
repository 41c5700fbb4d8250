/**
 * Builds the browser client into one minified file, `dist/liveactor.js` (what the server
 * serves at `/liveactor.js`): `npm run build:client`. The bench imports {@link buildClient}
 * to measure the bundle it ships.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Bundles `client/browser-entry.ts` with morphdom into an IIFE; returns the minified bytes.
 *
 * @example
 * const { bytes } = await buildClient();
 */
export async function buildClient(
  outfile = `${root}dist/liveactor.js`,
): Promise<{ readonly outfile: string; readonly bytes: Uint8Array }> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['client/browser-entry.ts'],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    legalComments: 'none',
    outfile,
    write: false,
    logLevel: 'warning',
  });
  const bytes = result.outputFiles[0]?.contents;
  if (result.errors.length > 0 || bytes === undefined) {
    throw new Error('build-client: esbuild reported errors');
  }
  // Written aside, then renamed: a server (or a test) reading the bundle meanwhile never sees
  // half a file.
  const partial = `${outfile}.${process.pid}.tmp`;
  await mkdir(dirname(outfile), { recursive: true });
  await writeFile(partial, bytes);
  await rename(partial, outfile);
  return { outfile, bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { outfile, bytes } = await buildClient();
  const { gzipSync } = await import('node:zlib');
  console.log(
    `${outfile}: ${bytes.length} B minified, ${gzipSync(bytes, { level: 9 }).length} B gzipped`,
  );
}
