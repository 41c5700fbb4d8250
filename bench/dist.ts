/**
 * The compiled library (`dist/`), as a deployment runs it: servers whose memory a benchmark
 * measures load it from there, since through tsx every named closure carries an extra property
 * block (esbuild's keepNames), ~250 B per closure per view. Built once per `npm run bench`,
 * whichever benchmark asks first.
 *
 * @example
 * await buildDist();                     // in the benchmark
 * const { transport, views } = await loadDist(); // in its server process
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

let built: Promise<unknown> | undefined;

/** Runs `npm run build` (once per process). */
export function buildDist(): Promise<unknown> {
  built ??= promisify(execFile)('npm', ['run', 'build', '--silent'], {
    cwd: new URL('..', import.meta.url).pathname,
  });
  return built;
}

const dist = new URL('../dist/', import.meta.url);

/** The compiled entries a benchmark server needs. */
export async function loadDist(): Promise<{
  actors: typeof import('../actors/index.js');
  transport: typeof import('../transport/index.js');
  views: typeof import('../views/index.js');
}> {
  const [actors, transport, views] = await Promise.all([
    import(new URL('actors/index.js', dist).href),
    import(new URL('transport/index.js', dist).href),
    import(new URL('views/index.js', dist).href),
  ]);
  return { actors, transport, views } as never;
}
