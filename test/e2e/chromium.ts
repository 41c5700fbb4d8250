/**
 * Which Chromium the e2e tests drive and how it is launched: the system's own (never a
 * downloaded one), headless, with nothing that reaches past 127.0.0.1.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * The browser executable: `CHROMIUM_PATH`, else the Debian package's `/usr/bin/chromium`.
 *
 * @example
 * existsSync(chromiumPath()); // true where `apt-get install chromium` ran
 */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/**
 * Whether a missing Chromium must fail the run (`LIVEACTOR_E2E=required`, as in CI) rather
 * than skip the e2e files.
 *
 * @example
 * if (!existsSync(chromiumPath()) && e2eRequired()) throw new Error('no Chromium');
 */
export function e2eRequired(): boolean {
  return process.env.LIVEACTOR_E2E === 'required';
}

/**
 * Whether the e2e files can run here. When Chromium is missing but required it answers true,
 * so the launch fails loudly instead of the files being skipped.
 *
 * @example
 * describe.skipIf(!canRunE2e())('click', () => {});
 */
export function canRunE2e(): boolean {
  return e2eRequired() || existsSync(chromiumPath());
}

/**
 * Launches the headless system Chromium.
 *
 * @example
 * const browser = await launchChromium();
 * await browser.close();
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
