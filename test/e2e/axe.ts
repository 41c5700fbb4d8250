/**
 * axe-core, the accessibility engine most audits run, on a page in Chromium. It is injected
 * through the DevTools protocol (`page.evaluate`), not a <script> tag, so it runs whatever the
 * page's Content-Security-Policy allows.
 *
 * @example
 * await page.click('#reserve');
 * expect(await seriousViolations(page)).toEqual([]);
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** One rule axe found broken, with the elements that break it. */
export interface Violation {
  readonly rule: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
}

interface AxeGlobals {
  axe?: {
    run(
      context: unknown,
      options: object,
    ): Promise<{
      violations: {
        id: string;
        impact?: string | null;
        help: string;
        nodes: { target: unknown[] }[];
      }[];
    }>;
  };
  readonly document: unknown;
}

/**
 * Runs every axe rule (WCAG 2.2 A and AA and best practices) on the page as it is now, outside
 * the elements `exclude` selects, and answers the violations of impact serious or critical.
 *
 * @example
 * expect(await seriousViolations(page)).toEqual([]);
 */
export async function seriousViolations(
  page: Page,
  exclude: readonly string[] = [],
): Promise<Violation[]> {
  const present = await page.evaluate(
    () => (globalThis as unknown as AxeGlobals).axe !== undefined,
  );
  if (!present) await page.evaluate(axe.source);
  const found = await page.evaluate(async (skip) => {
    const g = globalThis as unknown as AxeGlobals;
    const context = skip.length === 0 ? g.document : { exclude: skip.map((s) => [s]) };
    const { violations } = await g.axe!.run(context, { resultTypes: ['violations'] });
    return violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, exclude);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
