/**
 * A server of the cluster benchmark (bench/cluster-server.ts) in a process of its own, or a
 * primary with its workers: started, asked for its memory, stopped (SIGTERM, which a primary
 * passes on to its workers).
 *
 * @example
 * const server = await ServerProcess.start({ REDIS_URL: url, WORKERS: '2' });
 * const [rssOfWorker1, rssOfWorker2] = await server.rss();
 * const [cpuOfWorker1, cpuOfWorker2] = await server.cpu(); // microseconds so far
 * await server.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface, type Interface } from 'node:readline';

export class ServerProcess {
  readonly port: number;
  readonly pids: readonly number[];
  readonly #child: ChildProcess;
  readonly #lines: Interface;

  private constructor(child: ChildProcess, lines: Interface, port: number, pids: number[]) {
    this.#child = child;
    this.#lines = lines;
    this.port = port;
    this.pids = pids;
  }

  /** Starts bench/cluster-server.ts with `env`; resolves once it listens. */
  static async start(env: Record<string, string>): Promise<ServerProcess> {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', new URL('./cluster-server.ts', import.meta.url).pathname],
      { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: child.stdout! });
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`bench server exited (${code}) before it listened`);
    });
    const [line] = (await Promise.race([once(lines, 'line'), exited])) as [string];
    const { port, pids } = JSON.parse(line) as { port: number; pids: number[] };
    return new ServerProcess(child, lines, port, pids);
  }

  /** RSS of each serving process, in bytes, after two full garbage collections. */
  rss(): Promise<number[]> {
    return this.#probe('rss');
  }

  /** CPU time each serving process has used so far, in microseconds (user + system). */
  cpu(): Promise<number[]> {
    return this.#probe('cpu');
  }

  async #probe(probe: 'rss' | 'cpu'): Promise<number[]> {
    const answer = once(this.#lines, 'line');
    this.#child.stdin!.write(`${probe}\n`);
    const [line] = (await answer) as [string];
    return (JSON.parse(line) as Record<typeof probe, number[]>)[probe];
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = once(this.#child, 'exit');
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
  }
}
