/**
 * Once per test run, before any e2e file: checks that Chromium is there and builds the client
 * bundle (`dist/liveactor.js`) the `liveactor` variant of every scenario loads.
 *
 * Environment:
 * - `CHROMIUM_PATH`: the browser to drive; default `/usr/bin/chromium`.
 * - `LIVEACTOR_E2E=required` (set by `.ci/run`): a missing Chromium fails the run. Without it
 *   the e2e files are skipped with a warning, so `npm test` runs everything else on a machine
 *   without Chromium.
 * - `LIVEACTOR_E2E_SKIP_BUILD=1`: do not build the bundle (use the one in `dist/`, or none:
 *   then only the `official` variant can pass, so run `npx vitest run --project e2e -t official`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromiumPath, e2eRequired } from './chromium.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Vitest's global setup of the `e2e` project.
 *
 * @example
 * // vitest.config.ts: { name: 'e2e', globalSetup: ['test/e2e/global-setup.ts'] }
 * setup();
 */
export function setup(): void {
  const browser = chromiumPath();
  if (!existsSync(browser)) {
    if (e2eRequired()) {
      throw new Error(
        `e2e: Chromium not found at ${browser} and LIVEACTOR_E2E=required; install the Debian ` +
          'package `chromium` or set CHROMIUM_PATH',
      );
    }
    console.warn(
      `\n!!! e2e: Chromium not found at ${browser}: SKIPPING every browser test (test/e2e).\n` +
        '!!! Install the Debian package `chromium` or set CHROMIUM_PATH to run them.\n',
    );
    return;
  }
  if (process.env.LIVEACTOR_E2E_SKIP_BUILD === '1') return;
  buildClient();
}

/** `npm run build:client`, once; its output only shows when it fails. */
function buildClient(): void {
  const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (pkg.scripts?.['build:client'] === undefined) {
    throw new Error(
      'e2e: package.json has no `build:client` script, so dist/liveactor.js cannot be built. ' +
        'Set LIVEACTOR_E2E_SKIP_BUILD=1 and filter with `-t official` to run the official variant only.',
    );
  }
  try {
    execFileSync('npm', ['run', '--silent', 'build:client'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(
      `e2e: \`npm run build:client\` failed:\n${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`,
    );
  }
}
