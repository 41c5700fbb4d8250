import { NameTakenError } from './errors.js';
import type { Process } from './process.js';

/**
 * Names for processes, as Erlang's `register/2`: one name per process, one process per name,
 * and the name is freed when the process exits.
 * @internal
 */
export class Registry {
  readonly #byName = new Map<string, Process>();

  /** Throws NameTakenError if `name` is taken, TypeError if `process` already has a name. */
  register(name: string, process: Process): void {
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(`register: a name must be a non-empty string, got ${String(name)}`);
    }
    if (this.#byName.has(name)) throw new NameTakenError(name);
    const current = process.maybeExtras?.name;
    if (current !== undefined) {
      throw new TypeError(
        `register: ${process.pid} is registered as '${current}'; unregister it first`,
      );
    }
    this.#byName.set(name, process);
    process.extras.name = name;
  }

  /** Removes `name`; false if it was not registered. */
  unregister(name: string): boolean {
    const process = this.#byName.get(name);
    if (process === undefined) return false;
    this.#byName.delete(name);
    process.extras.name = undefined;
    return true;
  }

  whereis(name: string): Process | undefined {
    return this.#byName.get(name);
  }

  /** Frees the name of a process that exited. */
  release(process: Process): void {
    const name = process.maybeExtras?.name;
    if (name !== undefined) this.#byName.delete(name);
  }
}
