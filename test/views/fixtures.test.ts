import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiffEngine, renderToString } from '../../views/render/index.js';
import type { DiffFixture } from '../fixtures/diff/fixture.js';

const root = join(import.meta.dirname, '../fixtures/diff');
const cases = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe('diff fixtures (test/fixtures/diff/<case>)', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });

  for (const name of cases) {
    it(`${name}: every step's diff is exactly expected.json`, async () => {
      const { fixture } = (await import(join(root, name, 'view.ts'))) as {
        fixture: DiffFixture<object>;
      };
      const expected = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as {
        diffs: unknown[];
      };
      const engine = new DiffEngine();
      const diffs = fixture.steps.map((step) =>
        engine.renderView(fixture.render, step.assigns, {
          changed: step.changed === undefined ? undefined : new Set(step.changed),
        }),
      );
      expect(diffs).toEqual(expected.diffs);
    });

    const deadRender = join(root, name, 'dead-render.txt');
    if (existsSync(deadRender)) {
      it(`${name}: renderToString of the first step is dead-render.txt`, async () => {
        const { fixture } = (await import(join(root, name, 'view.ts'))) as {
          fixture: DiffFixture<object>;
        };
        const first = fixture.steps[0];
        expect(first).toBeDefined();
        expect(renderToString(fixture.render(first!.assigns))).toBe(
          readFileSync(deadRender, 'utf8'),
        );
      });
    }
  }
});
