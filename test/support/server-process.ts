/**
 * A server started as a child process the way a user starts it (`node ...` on PORT=0): its
 * first line of output (where it listens), and a stop by signal that resolves with how it
 * exited. Killed when the test finishes, if it is still running.
 *
 * @example
 * const server = await startServerProcess(['--import', 'tsx', 'examples/counter-live.ts'], root);
 * expect(await server.stop('SIGTERM')).toEqual([0, null]);
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { onTestFinished } from 'vitest';

/** A running server process. */
export interface ServerProcess {
  /** The first line it printed. */
  readonly firstLine: string;
  /** Sends `signal`; resolves with its exit code and signal. */
  stop(signal: NodeJS.Signals): Promise<[number | null, NodeJS.Signals | null]>;
}

/** Runs `node <args>` in `cwd` with PORT=0 and waits for its first line of output. */
export async function startServerProcess(
  args: readonly string[],
  cwd: string | URL,
): Promise<ServerProcess> {
  const child = spawn('node', args, {
    cwd,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const [firstLine] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return {
    firstLine,
    stop(signal) {
      child.kill(signal);
      return exited;
    },
  };
}
