/**
 * A pino-shaped logger that keeps its records, for tests that assert what the runtime logs.
 * Records arrive asynchronously (a supervisor decides after the crash): await them with
 * `next(match)` rather than sleeping.
 */
import type { Logger } from '../../actors/logger.js';

/** One record: its level, its fields and its message. */
export interface LogRecord {
  readonly level: 'error' | 'warn' | 'info' | 'debug';
  readonly fields: Record<string, unknown>;
  readonly msg: string;
}

/** A logger that records, and lets a test wait for the record it expects. */
export interface CapturedLog extends Logger {
  readonly records: LogRecord[];
  /** The first record (already written or still to come) that `match` accepts. */
  next(match: (record: LogRecord) => boolean): Promise<LogRecord>;
}

/**
 * A logger that captures every record.
 *
 * @example
 * const log = captureLog();
 * const system = new ActorSystem({ logger: log });
 * const record = await log.next((r) => r.msg.includes('crashed'));
 */
export function captureLog(): CapturedLog {
  const records: LogRecord[] = [];
  const waiters: { match: (r: LogRecord) => boolean; resolve: (r: LogRecord) => void }[] = [];
  const method =
    (level: LogRecord['level']) =>
    (fields: object, msg?: string): void => {
      const record: LogRecord = { level, fields: { ...fields }, msg: msg ?? '' };
      records.push(record);
      for (const waiter of [...waiters]) {
        if (!waiter.match(record)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(record);
      }
    };
  return {
    records,
    error: method('error'),
    warn: method('warn'),
    info: method('info'),
    debug: method('debug'),
    next(match) {
      const found = records.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}
