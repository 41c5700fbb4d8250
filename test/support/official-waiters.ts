/**
 * The pending waits of a page. A wait is never polled: the page calls {@link PageWaiters.settle}
 * after each thing that may satisfy it (a DOM mutation, a frame, a socket event...), and its one
 * timer is its deadline.
 */
import { OfficialPageError } from './official-page-error.js';
import { show } from './official-page-text.js';

/** One check of a wait's condition: done with a value, or not yet. */
export type Poll<T> = { done: true; value: T } | { done: false };

interface Waiter {
  readonly check: () => boolean;
  readonly fail: (error: Error) => void;
}

export class PageWaiters {
  readonly #waiters = new Set<Waiter>();

  /**
   * Resolves with the value of the first `poll` that is done, checked now and on each settle
   * (a throw counts as not done). After `timeoutMs` rejects with `ERR_PAGE_TIMEOUT`, naming
   * `label`, the last throw and `snapshot()`.
   */
  wait<T>(
    label: string,
    timeoutMs: number,
    poll: () => Poll<T>,
    snapshot: () => string,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let lastError: unknown;
      const finish = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
      };
      const waiter: Waiter = {
        check: () => {
          let result: Poll<T>;
          try {
            result = poll();
          } catch (error) {
            lastError = error;
            return false;
          }
          if (!result.done) return false;
          finish();
          resolve(result.value);
          return true;
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        const cause = lastError === undefined ? '' : `\nlast check threw: ${show(lastError)}`;
        waiter.fail(
          new OfficialPageError(
            'ERR_PAGE_TIMEOUT',
            `timed out after ${timeoutMs} ms waiting for ${label}${cause}\n${snapshot()}`,
          ),
        );
      }, timeoutMs);
      this.#waiters.add(waiter);
      waiter.check();
    });
  }

  /** Re-checks every waiter; a waiter that resolves removes itself. */
  settle(): void {
    for (const waiter of [...this.#waiters]) waiter.check();
  }

  /** Rejects every pending wait, each with its own error from `error()`. */
  failAll(error: () => Error): void {
    for (const waiter of this.#waiters) waiter.fail(error());
    this.#waiters.clear();
  }
}
