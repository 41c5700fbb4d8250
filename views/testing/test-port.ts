/**
 * The port a `views/testing` view talks to: a process that traps exits (so a crashing view does
 * not take it down) and hands every message to a callback on the test's side.
 */
import type { ActorSystem, Pid } from '../../actors/index.js';

/**
 * Spawns the port; `onMessage` receives every output, EXIT and DOWN it gets.
 * @internal
 */
export function spawnTestPort(system: ActorSystem, onMessage: (msg: unknown) => void): Pid {
  return system.spawn(
    {
      handleInfo(msg: unknown, state: null) {
        onMessage(msg);
        return state;
      },
    },
    null,
    { trapExit: true },
  );
}

/**
 * A promise with its settle functions, for replies the port receives later.
 * @internal
 */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A new {@link Deferred}, whose rejection is not reported as unhandled.
 * @internal
 */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A crash may reject a reply nobody awaits yet; that is not an unhandled rejection.
  promise.catch(() => {});
  return { promise, resolve, reject };
}
