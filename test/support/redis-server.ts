/**
 * A private `redis-server` for one test file or benchmark: a free port on 127.0.0.1, no
 * persistence (`--save '' --appendonly no`), never a server the machine already runs. `restart`
 * brings it back on the same port (empty, as a restart without persistence is), for outage tests.
 *
 * @example
 * const redis = await startRedis();
 * onTestFinished(() => redis.stop());
 * new ActorSystem({ cluster: { redis: redis.url } });
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A running private Redis. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops it (SIGKILL with `hard`, as a crash) and waits for the process to exit. */
  stop(opts?: { hard?: boolean }): Promise<void>;
  /** Starts it again on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited (${code}) on port ${port}:\n${output}`)),
    );
  });
  child.removeAllListeners('exit');
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

/** Starts a private redis-server; retries on another port if the one found got taken meanwhile. */
export async function startRedis(): Promise<RedisServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    let child: ChildProcess;
    try {
      child = await launch(port);
    } catch (error) {
      if (attempt < 3) continue;
      throw error;
    }
    let current: ChildProcess | undefined = child;
    return {
      port,
      url: `redis://127.0.0.1:${port}`,
      async stop(opts = {}) {
        const proc = current;
        current = undefined;
        if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
        const exited = once(proc, 'exit');
        proc.kill(opts.hard === true ? 'SIGKILL' : 'SIGTERM');
        await exited;
      },
      async start() {
        if (current !== undefined) return;
        current = await launch(port);
      },
    };
  }
}
