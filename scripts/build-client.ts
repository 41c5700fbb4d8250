/**
 * Builds the browser client into one minified file, `dist/liveactor.js` (what the server
 * serves at `/liveactor.js`): `npm run build:client`. The bench imports {@link buildClient}
 * to measure the bundle it ships.
 */
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
    write: true,
    metafile: false,
    logLevel: 'warning',
  });
  if (result.errors.length > 0) throw new Error('build-client: esbuild reported errors');
  const { readFile } = await import('node:fs/promises');
  return { outfile, bytes: await readFile(outfile) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { outfile, bytes } = await buildClient();
  const { gzipSync } = await import('node:zlib');
  console.log(
    `${outfile}: ${bytes.length} B minified, ${gzipSync(bytes, { level: 9 }).length} B gzipped`,
  );
}
