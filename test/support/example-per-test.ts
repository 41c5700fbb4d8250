/**
 * An example of the examples app run in-process for every test of a `describe`: a fresh system
 * with what the example's `start` sets up, and its views mounted there with `mountLive`; the
 * views closed and the system shut down after each test.
 */
import { afterEach, beforeEach } from 'vitest';
import { ActorSystem, PubSub } from '../../actors/index.js';
import type { Example } from '../../examples/example.js';
import type { UrlResolver } from '../../views/host/index.js';
import { type LiveViewTest, mountLive } from '../../views/testing/index.js';

/** Mounts the example's view at `path` (default: the example's own), in the test's system. */
export type OpenView = (path?: string) => Promise<LiveViewTest>;

/**
 * Registers the hooks and returns `open`. Navigation resolves the example's routes that have
 * no path params.
 *
 * @example
 * const open = examplePerTest(chat);
 * it('joins', async () => { const lv = await open(); expect(await lv.hasElement('form')).toBe(true); });
 */
export function examplePerTest(example: Example): OpenView {
  const current: { system?: ActorSystem; pubsub?: PubSub } = {};
  const views: LiveViewTest[] = [];
  beforeEach(async () => {
    const system = new ActorSystem();
    const pubsub = new PubSub(system);
    Object.assign(current, { system, pubsub });
    await example.start?.({ system, pubsub });
  });
  afterEach(async () => {
    await Promise.all(views.splice(0).map((lv) => lv.close()));
    await current.system?.shutdown();
  });
  const resolve: UrlResolver = (url) => {
    const route = example.routes.find((r) => r.path === url.pathname);
    return route === undefined ? undefined : { view: route.view, params: {} };
  };
  return async (path = example.path) => {
    const route = example.routes.find((r) => r.path === path);
    if (route === undefined) throw new Error(`${example.title} has no route ${path}`);
    const { system, pubsub } = current as { system: ActorSystem; pubsub: PubSub };
    const url = `http://localhost${path}`;
    const lv = await mountLive(route.view, { system, pubsub, url, resolve });
    views.push(lv);
    return lv;
  };
}
