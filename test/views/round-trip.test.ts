import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rendered } from '../../client/rendered.js';
import { DiffEngine, renderToString } from '../../views/index.js';
import type { Doc, Page } from '../support/random-page.js';
import {
  changedKeys,
  countFeatures,
  lazyTitleRuns,
  page,
  states,
  step,
  wire,
} from '../support/random-page.js';

describe('round trip: server diffs merged by the client Rendered', () => {
  it('reproduce renderToString of the last state after every diff, needing nothing unsent', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const engine = new DiffEngine();
        let client: Rendered | undefined;
        let previous: Page | undefined;
        // Components the client has in its cache, and those it announced it will destroy.
        const cached = new Set<number>();
        let leaving: number[] = [];
        for (const state of states(steps)) {
          const diff = wire(
            engine.renderView(page, state, { changed: changedKeys(previous, state) }),
          );
          countFeatures(diff, seen);
          if (diff.s !== undefined) {
            // A new root: client and server both dropped every component.
            expect(engine.destroy(leaving)).toEqual([]);
            cached.clear();
            leaving = [];
          }
          for (const cid of Object.keys(diff.c ?? {})) cached.add(Number(cid));
          if (client === undefined)
            client = new Rendered('phx-test', diff, { tagComponents: true });
          else client.mergeDiff(diff);
          const tagged = client.toString();
          expect(tagged.replace(/ data-phx-component="\d+"/g, '')).toBe(
            renderToString(page(state)),
          );
          // The client's side of cids_will_destroy / cids_destroyed: components missing from the
          // page are announced, and destroyed one render later unless that render brought them back.
          const onPage = new Set(
            [...tagged.matchAll(/data-phx-component="(\d+)"/g)].map((m) => Number(m[1])),
          );
          const destroyed = leaving.filter((cid) => !onPage.has(cid));
          expect(engine.destroy(destroyed)).toEqual(destroyed);
          if (destroyed.length < leaving.length)
            seen.set('revived', (seen.get('revived') ?? 0) + 1);
          client.pruneCIDs(destroyed);
          for (const cid of destroyed) cached.delete(cid);
          leaving = [...cached].filter((cid) => !onPage.has(cid) && !destroyed.includes(cid));
          engine.markForDestroy(leaving);
          previous = state;
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
    const features = [
      'km',
      'move',
      '[old, diff] move',
      'emptied',
      'component s: -cid',
      'component s: +cid',
      'p in an update',
      'revived',
    ];
    for (const feature of features) expect(seen.get(feature) ?? 0, feature).toBeGreaterThan(0);
  });

  it('keeps lazy slots skipped when their assigns did not change', () => {
    const engine = new DiffEngine();
    const base: Page = {
      alt: false,
      title: 'T',
      items: [],
      rows: [],
      region: { t: 'str', v: 'x' },
    };
    engine.renderView(page, base);
    const runs = lazyTitleRuns;
    const next = { ...base, rows: ['r'] };
    const diff = engine.renderView(page, next, { changed: changedKeys(base, next) });
    expect(lazyTitleRuns).toBe(runs);
    expect(diff).toEqual({
      '3': { s: 0, k: { '0': { '0': 'r' }, kc: 1 } },
      p: { '0': ['<li>', '</li>'] },
    });
  });

  it('lets a client that lost a component copy be told the component is gone', () => {
    // Client and server agree on destruction: the server only deletes what the client destroyed.
    const engine = new DiffEngine();
    const region = (on: boolean): Doc =>
      on ? { t: 'comp', id: 1, v: 'v', child: { t: 'str', v: 'c' } } : { t: 'str', v: 'none' };
    const base: Page = { alt: true, title: 'T', items: [], rows: [], region: region(true) };
    const client = new Rendered('phx-test', wire(engine.renderView(page, base)));
    const without = { ...base, region: region(false) };
    client.mergeDiff(wire(engine.renderView(page, without)));
    engine.markForDestroy([1]);
    expect(engine.destroy([1])).toEqual([1]);
    client.pruneCIDs([1]);
    const back = { ...base, region: region(true) };
    client.mergeDiff(wire(engine.renderView(page, back)));
    expect(client.toString()).toBe(renderToString(page(back)));
  });
});
