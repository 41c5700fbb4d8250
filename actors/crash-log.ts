/**
 * Writes crash records through the system's logger without letting a crash loop flood it. The
 * first record of a kind is written in full; the same kind again within the window is counted,
 * not written, and once the window closes one line says how many were left out:
 *
 *   ERROR live view Feed at /feed crashed in handleInfo: restarted (restart 1 of 3 in 5000 ms)
 *   ERROR … and 37 more like it in the last 10 s
 *
 * "The same kind" is the record's key: what crashed, what it was doing, the error's name and
 * message, and what happened next (restarted, gave up, ...), but not the pid or the restart
 * count, so a thousand views failing on one broadcast make two lines, not a thousand.
 */
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

/** How long repeats of a record are folded into one summary line. */
export const REPEAT_WINDOW_MS = 10_000;
/** Kinds tracked at once; past it, records are written without folding (memory stays bounded). */
const MAX_KINDS = 1_000;
/**
 * Fields that belong to one occurrence, not to the kind: a summary of many occurrences leaves
 * them out (the first record had them).
 */
const OCCURRENCE_FIELDS: ReadonlySet<string> = new Set([
  'err',
  'pid',
  'next',
  'payload',
  'topic',
  'ref',
  'port',
  'path',
  'earlierError',
]);

/**
 * One record for the log.
 * @internal
 */
export interface CrashLogRecord {
  readonly level: 'error' | 'warn';
  /** Records with equal keys are "like" each other. */
  readonly key: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly msg: string;
  /** What the summary of its repeats names (`live view Feed at /feed crashed in handleInfo`). */
  readonly like: string;
}

interface Window {
  readonly record: CrashLogRecord;
  repeats: number;
  timer: unknown;
}

/**
 * The writer of crash records for one system.
 * @internal
 */
export class CrashLog {
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #windows = new Map<string, Window>();

  constructor(logger: Logger, clock: Clock) {
    this.#logger = logger;
    this.#clock = clock;
  }

  write(record: CrashLogRecord): void {
    const open = this.#windows.get(record.key);
    if (open !== undefined) {
      open.repeats++;
      return;
    }
    this.#emit(record.level, record.fields, record.msg);
    if (this.#windows.size >= MAX_KINDS) return;
    const window: Window = { record, repeats: 0, timer: undefined };
    window.timer = this.#clock.setTimeout(() => this.#close(record.key), REPEAT_WINDOW_MS);
    // A pending summary must not keep the program alive.
    (window.timer as { unref?: () => void } | undefined)?.unref?.();
    this.#windows.set(record.key, window);
  }

  /** Writes every pending summary now (the system is shutting down). */
  flush(): void {
    for (const key of [...this.#windows.keys()]) {
      const window = this.#windows.get(key);
      if (window !== undefined) this.#clock.clearTimeout(window.timer);
      this.#close(key);
    }
  }

  #close(key: string): void {
    const window = this.#windows.get(key);
    if (window === undefined) return;
    this.#windows.delete(key);
    if (window.repeats === 0) return;
    const { level, fields, like } = window.record;
    const kind: Record<string, unknown> = {};
    for (const key in fields) if (!OCCURRENCE_FIELDS.has(key)) kind[key] = fields[key];
    kind.repeated = window.repeats;
    const seconds = Math.round(REPEAT_WINDOW_MS / 1000);
    this.#emit(
      level,
      kind,
      `${like} … and ${window.repeats} more like it in the last ${seconds} s`,
    );
  }

  #emit(level: 'error' | 'warn', fields: Readonly<Record<string, unknown>>, msg: string): void {
    try {
      this.#logger[level](fields, msg);
    } catch {
      // A logger that throws must not turn one crash into another.
    }
  }
}
