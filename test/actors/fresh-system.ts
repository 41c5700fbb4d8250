/** A fresh system for each test, with its crash events kept, for the process and link tests. */
import { afterEach, beforeEach } from 'vitest';
import type { CrashEvent } from '../../actors/events.js';
import { ActorSystem } from '../../actors/system.js';

// Set by `useFreshSystem`. Live bindings: an importer always reads the current test's system.
/** The current test's system (real clock); shut down after the test. */
export let system: ActorSystem;
/** The `crash` events of the current test's system, in order; emptied before each test. */
export const crashes: CrashEvent[] = [];

/**
 * Gives each test of the calling file (or `describe` block) a new `system` and an empty
 * `crashes`, and shuts the system down after the test.
 *
 * @example
 * describe('links', () => {
 *   useFreshSystem();
 *   it('...', () => { system.spawn(worker, null); expect(crashes).toEqual([]); });
 * });
 */
export function useFreshSystem(): void {
  beforeEach(() => {
    system = new ActorSystem();
    crashes.length = 0;
    system.on('crash', (event) => crashes.push(event));
  });
  afterEach(() => system.shutdown());
}
