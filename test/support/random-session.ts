import { expect } from 'vitest';
import { DiffEngine, renderToString, type WireDiff } from '../../views/render/index.js';
import {
  changedKeys,
  countFeatures,
  type Page,
  page,
  type Step,
  states,
  wire,
} from './random-page.js';

/**
 * A client under test, as the session driver sees it: it takes diffs, shows a page, and plays
 * its side of the `cids_will_destroy` / `cids_destroyed` exchange.
 */
export interface SessionClient {
  /** Applies one diff exactly as it came over the wire. */
  receive(diff: WireDiff): void;
  /** The whole page, without attributes the client adds of its own accord. */
  html(): string;
  /** Component cids rendered on the page now. */
  componentsOnPage(): ReadonlySet<number>;
  willDestroy(cids: readonly number[]): void;
  destroyed(cids: readonly number[]): void;
}

/**
 * Plays one random session: every state of `steps` is rendered by a fresh DiffEngine, sent to
 * `client` through JSON, and after each diff the page must equal `renderToString` of that
 * state. Components that left the page are announced and destroyed one render later, unless
 * that render brought them back (counted as 'revived' in `seen`, beside countFeatures' names).
 *
 * @example
 * fc.assert(fc.property(fc.array(step), (steps) => playSession(steps, makeClient(), seen)));
 */
export function playSession(
  steps: readonly Step[],
  client: SessionClient,
  seen: Map<string, number>,
): void {
  const engine = new DiffEngine();
  let previous: Page | undefined;
  // Components the client has cached, and those it announced it will destroy.
  const cached = new Set<number>();
  let leaving: number[] = [];
  for (const state of states(steps)) {
    const diff = wire(engine.renderView(page, state, { changed: changedKeys(previous, state) }));
    countFeatures(diff, seen);
    if (diff.s !== undefined) {
      // A new root: client and server both dropped every component.
      expect(engine.destroy(leaving)).toEqual([]);
      cached.clear();
      leaving = [];
    }
    for (const cid of Object.keys(diff.c ?? {})) cached.add(Number(cid));
    client.receive(diff);
    expect(client.html()).toBe(renderToString(page(state)));
    const onPage = client.componentsOnPage();
    const destroyed = leaving.filter((cid) => !onPage.has(cid));
    expect(engine.destroy(destroyed)).toEqual(destroyed);
    if (destroyed.length < leaving.length) seen.set('revived', (seen.get('revived') ?? 0) + 1);
    client.destroyed(destroyed);
    for (const cid of destroyed) cached.delete(cid);
    leaving = [...cached].filter((cid) => !onPage.has(cid));
    client.willDestroy(leaving);
    engine.markForDestroy(leaving);
    previous = state;
  }
}

/** The protocol features a run of sessions must have exercised, for a test that can fail. */
export const SESSION_FEATURES = [
  'km',
  'move',
  '[old, diff] move',
  'emptied',
  'component s: -cid',
  'component s: +cid',
  'p in an update',
  'revived',
] as const;
