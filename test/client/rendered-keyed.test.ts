import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rendered } from '../../client/rendered.js';
import type { WireDiff } from '../../views/wire.js';
import { frozen } from './rendered-fixtures.js';

/** One list item: its key and its text. */
type Item = readonly [key: number, text: string];

/**
 * Builds the keyed update the official server would send for `before` → `after` (PROTOCOL.md
 * 6.3): an unchanged item at the same index is omitted, a changed one sends its slot, a moved
 * one sends its old index (with the change if any), a new key sends its full entry.
 */
function keyedUpdate(before: readonly Item[], after: readonly Item[]): WireDiff {
  const oldIndex = new Map(before.map(([key], index) => [key, index]));
  const keyed: Record<string, unknown> = { kc: after.length };
  after.forEach(([key, text], i) => {
    const j = oldIndex.get(key);
    if (j === undefined) keyed[i] = { '0': String(key), '1': text };
    else {
      const changed = before[j]![1] !== text;
      if (j === i) {
        if (changed) keyed[i] = { '1': text };
      } else {
        keyed[i] = changed ? [j, { '1': text }] : j;
        keyed.km = true;
      }
    }
  });
  return frozen({ '0': { k: keyed } } as unknown as WireDiff);
}

function join(items: readonly Item[]): WireDiff {
  const k: Record<string, unknown> = { kc: items.length };
  items.forEach(([key, text], i) => {
    k[i] = { '0': String(key), '1': text };
  });
  return frozen({
    s: 1,
    p: { '0': ['<li id="', '">', '</li>'], '1': ['<ul>', '</ul>'] },
    '0': { s: 0, k },
  } as unknown as WireDiff);
}

function html(items: readonly Item[]): string {
  return `<ul>${items.map(([key, text]) => `<li id="${key}">${text}</li>`).join('')}</ul>`;
}

const list = fc.uniqueArray(
  fc.tuple(fc.integer({ min: 0, max: 12 }), fc.constantFrom('a', 'b', 'c')),
  {
    selector: ([key]) => key,
    maxLength: 10,
  },
) as fc.Arbitrary<Item[]>;

describe('Rendered keyed merge, against the server keyed-diff rules', () => {
  it('reproduces any sequence of reorders, inserts, deletes and edits', () => {
    fc.assert(
      fc.property(list, fc.array(list, { minLength: 1, maxLength: 6 }), (first, updates) => {
        const rendered = new Rendered('v', join(first));
        let before = first;
        for (const after of updates) {
          rendered.mergeDiff(keyedUpdate(before, after));
          expect(rendered.toString()).toBe(html(after));
          before = after;
        }
      }),
      { numRuns: 300 },
    );
  });
});
