/**
 * A benchmark's helper process (a load driver, a server with a heap of its own): forked with
 * tsx, it answers each IPC message with one message, in order (`answerCommands` is that side).
 *
 * @example
 * const driver = new BenchChild('./transport-driver.ts', []);
 * const ms = await driver.ask({ cmd: 'broadcast', kind: 'ws' });
 * await driver.stop();
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';

/** One forked helper process of a benchmark. */
export class BenchChild {
  readonly #process: ChildProcess;

  /** Forks `file` (relative to bench/) with `args`; `nodeFlags` go before tsx's. */
  constructor(file: string, args: string[], nodeFlags: readonly string[] = []) {
    this.#process = fork(new URL(file, import.meta.url).pathname, args, {
      execArgv: ['--expose-gc', ...nodeFlags, '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  /** The next message the process sends (e.g. its `{ port }` once listening). */
  async first<T>(): Promise<T> {
    const [msg] = (await once(this.#process, 'message')) as [T];
    return msg;
  }

  /** Sends `msg` and resolves with the answer's `result` (or `rss`); rejects on its `error`. */
  async ask<T = number>(msg: object): Promise<T> {
    const answer = this.first<{ result?: T; error?: string; rss?: T }>();
    this.#process.send(msg);
    const reply = await answer;
    if (reply.error !== undefined) throw new Error(reply.error);
    return (reply.result ?? reply.rss) as T;
  }

  async stop(): Promise<void> {
    if (this.#process.exitCode !== null) return;
    const exited = once(this.#process, 'exit');
    this.#process.kill();
    await exited;
  }
}

/**
 * The helper's side of {@link BenchChild}: answers each command with `{ result }` (what `handle`
 * resolved with) or `{ error }`, and exits when the benchmark that forked it goes.
 *
 * @example
 * answerCommands((msg: { cmd: 'cpu' }) => Promise.resolve(cpuMicros()));
 */
export function answerCommands<C>(handle: (msg: C) => Promise<unknown>): void {
  process.on('message', (msg: C) => {
    handle(msg).then(
      (result) => process.send?.({ result }),
      (error: unknown) => process.send?.({ error: String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

/** Microseconds of CPU this process has used so far (user + system). */
export function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}
