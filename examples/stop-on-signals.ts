/**
 * How `npm start` stops: on SIGINT (Ctrl-C) or SIGTERM (a process manager, `docker stop`) the
 * app closes (every socket gets 1001, every view's `terminate` runs) and the process exits 0.
 *
 * A signal that arrives while the app is closing changes nothing: Ctrl-C under `npm start`
 * reaches node twice, once from the terminal and once forwarded by npm, and the second must not
 * cut the first close short. A close that is not done by the deadline ends the process with 1
 * and names what was still open, so a stuck shutdown is seen rather than waited for.
 */

/** Options of {@link stopOnSignals}. */
export interface StopOnSignalsOptions {
  /** From the first signal to a forced exit with code 1; default 5000 ms. */
  readonly deadlineMs?: number | undefined;
  /** Told when the app stopped, or why it did not. */
  readonly log?: Pick<Console, 'log' | 'error'> | undefined;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Closes `app` on the first SIGINT or SIGTERM; the process then ends once nothing is left
 * open.
 *
 * @example
 * stopOnSignals(app);
 */
export function stopOnSignals(
  app: { close(): Promise<void> },
  options: StopOnSignalsOptions = {},
): void {
  const { deadlineMs = 5_000, log = console } = options;
  let closing = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    // Unref'd: it must not keep alive a process that has nothing else left to do.
    setTimeout(() => {
      const open = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap');
      log.error(`not stopped ${deadlineMs} ms after ${signal}; still open: ${open.join(', ')}`);
      process.exit(1);
    }, deadlineMs).unref();
    app.close().then(
      () => log.log(`stopped on ${signal}: every socket closed, every view terminated`),
      (error: unknown) => {
        log.error(`stopping on ${signal} failed:`, error);
        process.exitCode = 1;
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, stop);
}
