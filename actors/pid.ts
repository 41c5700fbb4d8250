import { threadId } from 'node:worker_threads';
import { nanoid } from 'nanoid';

/**
 * A process identifier: a plain string, branded so that a name or any other string cannot be
 * passed where a pid is meant. It reads `<system id>.<thread id>.<counter in base 36>`, so a pid
 * says which system and which worker thread it belongs to, and sorts nowhere in particular.
 *
 * @example
 * const pid: Pid = system.spawn(counter, 0); // e.g. "V1StGXR8._.0.1a"
 */
export type Pid = string & { readonly __pid: unique symbol };

/**
 * Mints the pids of one system. Only the system id comes from nanoid; each pid after that is a
 * counter, because spawning must cost next to nothing.
 *
 * @example
 * const pids = new PidSource();
 * pids.next(); // "<id>.0.1"
 * @internal
 */
export class PidSource {
  /** The random part shared by every pid of this source. */
  readonly id: string;
  readonly #prefix: string;
  #counter = 0;

  constructor(id: string = nanoid(10)) {
    this.id = id;
    this.#prefix = `${id}.${threadId}.`;
  }

  /** A pid never handed out before by this source. */
  next(): Pid {
    return (this.#prefix + (++this.#counter).toString(36)) as Pid;
  }
}
