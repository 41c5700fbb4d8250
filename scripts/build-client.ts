/**
 * Builds the browser client into one minified file, `dist/liveactor.js` (what the server
 * serves at `/liveactor.js` and at its hashed URL), with `liveactor.js.br` and
 * `liveactor.js.gz` beside it, compressed at the highest levels once here so the server sends
 * them as they are: `npm run build:client`. The bench imports {@link buildClient} to measure
 * the bundle it ships.
 *
 * esbuild bundles and minifies; terser then compresses and renames the result once more. The
 * second pass is worth about 0.6 KB gzipped (3-4%): terser's renaming and its rewrites of
 * esbuild's output leave text that gzip compresses better. Size is a feature of this client
 * (`npm run bench -- client`), so the build pays the extra second.
 *
 * The gzip sibling comes from zopfli ({@link compressForBuild}): the same deflate format any
 * gzip reader takes, searched far harder than zlib's level 9, for about 0.7 KB (3%) less. It
 * matters where browsers get no brotli (they offer `br` over https only).
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipAsync } from '@gfx/zopfli';
import { build } from 'esbuild';
import { minify } from 'terser';
import type { StoredEncoding } from '../transport/accept-encoding.js';
import { compressBundle, ENCODING_SUFFIX } from '../transport/client-bundle.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Property names that never leave the client, renamed to short ones in the bundle (esbuild's
 * `mangleProps`): members of its internal classes and records (`@internal` in the source)
 * that are long and used often. Worth about 0.2 KB gzipped.
 *
 * A name belongs here only if nothing outside the bundle can see it: not a DOM or JavaScript
 * built-in (`entries`, `start`), not public API (`LiveSocket`'s documented methods and
 * options, `Rendered`, the hook `this`), not a key of a frame or a push payload, and not a
 * key of `history.state` (it outlives the bundle). {@link buildClient} refuses a name that
 * appears in the client's source as a string literal, where renaming could not follow it.
 */
export const INTERNAL_PROPS: readonly string[] = [
  // Rendered's cache (rendered-tree.ts) and render env
  'statics',
  'slots',
  'isStream',
  'rendering',
  // Sticky JS state (js-sticky.ts), rate limits (rate-limit.ts), stream inserts (dom-stream.ts)
  'classes',
  'ignoreAttrs',
  'pending',
  'timer',
  'throttled',
  'lastKey',
  'blurBound',
  'updateOnly',
  'keepRef',
  'finish',
  'onReply',
  // What views and the live socket ask of each other (all @internal)
  'follow',
  'pageLoading',
  'historyPatch',
  'viewJoined',
  'joinFailed',
  'reloadWithJitter',
  'failed',
  'failure',
  'viewNotice',
  'refused',
  'refuse',
  'setTitle',
  'joinParams',
  'livePatch',
  'pushHook',
  'owner',
  'destroyAll',
  'listener',
  'resetForm',
  'onlyNames',
  // Nested and sticky views (nested-views.ts)
  'nestedAdded',
  'nestedRemoved',
  'mountView',
  // Patch options (dom-patch.ts, view.ts) and how a view came to be (ViewOrigin)
  'streams',
  'referer',
  'swap',
  // Push (push.ts)
  'settle',
  'isPending',
];

/** Throws if an {@link INTERNAL_PROPS} name is a string literal somewhere in `client/`. */
async function checkInternalProps(): Promise<void> {
  const dir = `${root}client/`;
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.ts'))) {
    const text = await readFile(dir + file, 'utf8');
    for (const name of INTERNAL_PROPS) {
      if (text.includes(`'${name}'`) || text.includes(`"${name}"`)) {
        throw new Error(
          `build-client: client/${file} quotes "${name}", which the bundle renames; ` +
            'take it out of INTERNAL_PROPS',
        );
      }
    }
  }
}

/**
 * Bundles `client/browser-entry.ts` with morphdom into an IIFE; returns the minified bytes.
 *
 * @example
 * const { bytes } = await buildClient();
 */
export async function buildClient(
  outfile = `${root}dist/liveactor.js`,
): Promise<{ readonly outfile: string; readonly bytes: Uint8Array }> {
  await checkInternalProps();
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['client/browser-entry.ts'],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    legalComments: 'none',
    mangleProps: new RegExp(`^(${INTERNAL_PROPS.join('|')})$`),
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
    // A second pass finds what the first one's rewrites made possible (about 40 B).
    compress: { ecma: 2020, passes: 2 },
    mangle: { toplevel: true },
    format: { ecma: 2020, comments: false },
  });
  if (code === undefined) throw new Error('build-client: terser returned no code');
  const bytes = Buffer.from(code);
  await mkdir(dirname(outfile), { recursive: true });
  // The compressed files first, the bundle last: a server that sees the new bundle finds them
  // ready (and checks that they match it, static.ts).
  for (const encoding of ['br', 'gzip'] as const) {
    await writeWhole(outfile + ENCODING_SUFFIX[encoding], await compressForBuild(bytes, encoding));
  }
  await writeWhole(outfile, bytes);
  return { outfile, bytes };
}

/**
 * `bytes` compressed as the build stores them: brotli as the server would (its best level);
 * gzip by zopfli, which a server compressing on the fly could not afford. The bench compresses
 * the official client with this too, so both are measured alike.
 *
 * @example
 * const gz = await compressForBuild(bytes, 'gzip');
 */
export async function compressForBuild(bytes: Buffer, encoding: StoredEncoding): Promise<Buffer> {
  if (encoding === 'br') return compressBundle(bytes, 'br');
  return Buffer.from(await gzipAsync(bytes, { numiterations: 15 }));
}

/**
 * Writes aside, then renames: a server (or a test) reading the file meanwhile never sees half
 * of it, and two builds at once each leave a whole file.
 */
async function writeWhole(file: string, bytes: Uint8Array): Promise<void> {
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, bytes);
  await rename(partial, file);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { outfile, bytes } = await buildClient();
  const size = async (suffix: string) => (await readFile(outfile + suffix)).length;
  console.log(
    `${outfile}: ${bytes.length} B minified, ${await size('.gz')} B gzip, ${await size('.br')} B brotli`,
  );
}
