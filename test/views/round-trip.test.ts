import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rendered } from '../../client/rendered.js';
import { DiffEngine, renderToString } from '../../views/render/index.js';
import type { Doc, Page } from '../support/random-page.js';
import { changedKeys, lazyTitleRuns, page, step, wire } from '../support/random-page.js';
import { playSession, SESSION_FEATURES, type SessionClient } from '../support/random-session.js';

/** Our Rendered, tagging components so the page tells which cids it shows. */
function ourClient(): SessionClient {
  let rendered: Rendered | undefined;
  let tagged = '';
  return {
    receive(diff) {
      if (rendered === undefined)
        rendered = new Rendered('phx-test', diff, { tagComponents: true });
      else rendered.mergeDiff(diff);
      tagged = rendered.toString();
    },
    html: () => tagged.replace(/ data-phx-component="\d+"/g, ''),
    componentsOnPage: () =>
      new Set([...tagged.matchAll(/data-phx-component="(\d+)"/g)].map((m) => Number(m[1]))),
    willDestroy: (cids) => {
      for (const cid of cids) rendered?.resetRender(cid);
    },
    destroyed: (cids) => rendered?.pruneCIDs(cids),
  };
}

describe('round trip: server diffs merged by the client Rendered', () => {
  it('reproduce renderToString of the last state after every diff, needing nothing unsent', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) =>
        playSession(steps, ourClient(), seen),
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
    for (const feature of SESSION_FEATURES) {
      expect(seen.get(feature) ?? 0, feature).toBeGreaterThan(0);
    }
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
