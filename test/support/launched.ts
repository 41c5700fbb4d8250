/**
 * A script run as its own process group (`node --import tsx <script>`), the way an operator
 * starts it, with its output read as log records: the JSON lines of the stderr logger
 * (`NODE_ENV=production`), and plain text lines as `{ msg: line }`. `await next(filter)` awaits
 * a record by what it says, never by time; cleanup SIGKILLs the whole group (the primary and
 * its workers), so nothing outlives the test.
 *
 * @example
 * const app = Launched.start('examples/cluster.ts', { PORT: '0', WORKERS: '2' });
 * const { url } = await app.next((r) => r.msg === 'serving');
 * await app.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

/** One line of output: a JSON log record's fields, or `{ msg: line }` for plain text. */
export interface LogRecord {
  readonly msg?: string;
  readonly stream: 'stdout' | 'stderr';
  readonly [field: string]: unknown;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

export class Launched {
  readonly child: ChildProcess;
  /** Every record so far, in arrival order. */
  readonly records: LogRecord[] = [];
  /** Settles once the process exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #kept: LogRecord[] = [];
  readonly #waiters: {
    filter(r: LogRecord): boolean;
    resolve(r: LogRecord): void;
    reject(e: Error): void;
  }[] = [];

  private constructor(child: ChildProcess) {
    this.child = child;
    for (const stream of ['stdout', 'stderr'] as const) {
      createInterface({ input: child[stream]! }).on('line', (line) => this.#line(stream, line));
    }
    this.exited = once(child, 'exit').then(([code, signal]) => {
      const tail = this.records
        .slice(-15)
        .map((r) => JSON.stringify(r))
        .join('\n');
      for (const waiter of this.#waiters.splice(0)) {
        waiter.reject(
          new Error(`process exited (${signal ?? code}) while awaited; last output:\n${tail}`),
        );
      }
      return { code: code as number | null, signal: signal as NodeJS.Signals | null };
    });
  }

  /** Starts `script` (relative to the repository root) with `env` added to this one's. */
  static start(script: string, env: Record<string, string>): Launched {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so cleanup reaches the workers it forks.
      detached: true,
    });
    const launched = new Launched(child);
    onTestFinished(async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
      await launched.exited;
    });
    return launched;
  }

  /** The first record (kept or coming) that `filter` accepts. */
  next(filter: (r: LogRecord) => boolean): Promise<LogRecord> {
    const at = this.#kept.findIndex(filter);
    if (at >= 0) return Promise.resolve(this.#kept.splice(at, 1)[0]!);
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return Promise.reject(new Error('process exited'));
    }
    return new Promise((resolve, reject) => this.#waiters.push({ filter, resolve, reject }));
  }

  /** Sends `signal` to the process (not its group). */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** SIGTERM, then awaits the exit. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  #line(stream: 'stdout' | 'stderr', line: string): void {
    let record: LogRecord;
    try {
      const parsed: unknown = JSON.parse(line);
      record =
        typeof parsed === 'object' && parsed !== null
          ? { ...(parsed as object), stream }
          : { msg: line, stream };
    } catch {
      record = { msg: line, stream };
    }
    this.records.push(record);
    const at = this.#waiters.findIndex((w) => w.filter(record));
    if (at >= 0) this.#waiters.splice(at, 1)[0]!.resolve(record);
    else this.#kept.push(record);
  }
}
