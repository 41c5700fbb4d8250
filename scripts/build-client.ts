/**
 * Builds the browser client into one minified file, `dist/liveactor.js` (what the server
 * serves at `/liveactor.js`): `npm run build:client`. The bench imports {@link buildClient}
 * to measure the bundle it ships.
 *
 * esbuild bundles and minifies; terser then compresses and renames the result once more. The
 * second pass is worth about 0.6 KB gzipped (3-4%): terser's renaming and its rewrites of
 * esbuild's output leave text that gzip compresses better. Size is a feature of this client
 * (`npm run bench -- client`), so the build pays the extra second.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { minify } from 'terser';

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
  const bundled = result.outputFiles[0]?.text;
  if (result.errors.length > 0 || bundled === undefined) {
    throw new Error('build-client: esbuild reported errors');
  }
  // Safe transforms only (no `unsafe*` options): the bundle must behave exactly as esbuild's.
  const { code } = await minify(bundled, {
    module: false,
    toplevel: true,
    compress: { ecma: 2020 },
    mangle: { toplevel: true },
    format: { ecma: 2020, comments: false },
  });
  if (code === undefined) throw new Error('build-client: terser returned no code');
  const bytes = new TextEncoder().encode(code);
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
