/**
 * A fresh ActorSystem, with a PubSub on it, for every test of a `describe`; shut down after each.
 */
import { afterEach, beforeEach } from 'vitest';
import { PubSub } from '../../actors/pubsub.js';
import { ActorSystem } from '../../actors/system.js';
import type { ActorSystemOptions } from '../../actors/system-options.js';

/** The current test's system and PubSub (new objects for each test: read them inside it). */
export interface TestSystem {
  readonly system: ActorSystem;
  readonly pubsub: PubSub;
}

/**
 * Registers the `beforeEach` that starts them and the `afterEach` that shuts the system down.
 *
 * @example
 * const env = systemPerTest(() => ({ clock: new ManualClock() }));
 * it('broadcasts', () => { env.pubsub.broadcast('room', 'hi'); });
 */
export function systemPerTest(options: () => ActorSystemOptions = () => ({})): TestSystem {
  const current: { system?: ActorSystem; pubsub?: PubSub } = {};
  beforeEach(() => {
    current.system = new ActorSystem(options());
    current.pubsub = new PubSub(current.system);
  });
  afterEach(() => current.system?.shutdown());
  return current as TestSystem;
}
