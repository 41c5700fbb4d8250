/**
 * Where the runtime says what went wrong. Any object with pino's method shape plugs in (pino
 * itself, or a child logger), so an app keeps one log pipeline; `false` silences the runtime.
 *
 * The default writes to stderr: a readable line per record while developing, and one JSON
 * object per line when `NODE_ENV=production`, which log shippers read without a parser of ours.
 *
 * @example
 * import pino from 'pino';
 * const system = new ActorSystem({ logger: pino() });
 * const quiet = new ActorSystem({ logger: false });
 */
import { format } from 'node:util';

/** A pino-shaped logger: each method takes the record's fields, then a message. */
export interface Logger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** What `logger` options accept: a logger, `false` for none, or nothing for the default. */
export type LoggerOption = Logger | false | undefined;

type Level = 'error' | 'warn' | 'info' | 'debug';
const LEVELS: readonly Level[] = ['error', 'warn', 'info', 'debug'];
/** pino's numeric levels, so JSON lines read the same as pino's. */
const LEVEL_NUMBERS: Record<Level, number> = { error: 50, warn: 40, info: 30, debug: 20 };

/** Options of {@link createStderrLogger}. */
export interface StderrLoggerOptions {
  /** One JSON object per line; default: `process.env.NODE_ENV === 'production'`. */
  json?: boolean | undefined;
  /** The lowest level written; default `'info'`. */
  level?: Level | undefined;
  /** Where lines go; default `process.stderr`. Tests pass their own. */
  write?: ((line: string) => void) | undefined;
}

/**
 * The default logger: stderr, readable in development, JSON lines in production.
 *
 * @example
 * const logger = createStderrLogger({ level: 'debug' });
 * logger.error({ pid, err }, 'view crashed');
 */
export function createStderrLogger(opts: StderrLoggerOptions = {}): Logger {
  const json = opts.json ?? process.env.NODE_ENV === 'production';
  const threshold = LEVEL_NUMBERS[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stderr.write(line));
  const method =
    (level: Level) =>
    (obj: object, msg?: string): void => {
      if (LEVEL_NUMBERS[level] < threshold) return;
      write(json ? jsonLine(level, obj, msg) : textLine(level, obj, msg));
    };
  return {
    error: method('error'),
    warn: method('warn'),
    info: method('info'),
    debug: method('debug'),
  };
}

/** A logger that drops everything (`logger: false`). */
export const silentLogger: Logger = Object.freeze({
  error() {},
  warn() {},
  info() {},
  debug() {},
});

/**
 * The logger an option stands for: the one given, none for `false`, the stderr default otherwise.
 *
 * @example
 * this.logger = resolveLogger(opts.logger);
 */
export function resolveLogger(option: LoggerOption): Logger {
  if (option === false) return silentLogger;
  if (option === undefined) return createStderrLogger();
  for (const level of LEVELS) {
    if (typeof option[level] !== 'function') {
      throw new TypeError(`logger.${level} must be a function (a pino-shaped logger)`);
    }
  }
  return option;
}

function jsonLine(level: Level, obj: object, msg: string | undefined): string {
  const record: Record<string, unknown> = { level: LEVEL_NUMBERS[level], time: Date.now() };
  for (const [key, value] of Object.entries(obj)) record[key] = serializable(value);
  if (msg !== undefined) record.msg = msg;
  return `${JSON.stringify(record)}\n`;
}

function textLine(level: Level, obj: object, msg: string | undefined): string {
  let err: Error | undefined;
  const fields: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (value instanceof Error && err === undefined) err = value;
    else if (typeof value === 'string') {
      // A field the message already says (a crash's `next`) would only repeat it.
      if (!msg?.includes(value)) fields.push(`${key}=${value}`);
    } else if (value !== undefined) fields.push(`${key}=${format('%o', value)}`);
  }
  const head = `[liveactor] ${level.toUpperCase()} ${msg ?? ''}${fields.length > 0 ? ` (${fields.join(' ')})` : ''}`;
  return err === undefined ? `${head}\n` : `${head}\n${err.stack ?? String(err)}\n`;
}

/** Errors as pino's serializer writes them: type, message, stack (and a code when there is one). */
function serializable(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const code = (value as { code?: unknown }).code;
  return {
    type: value.name,
    message: value.message,
    stack: value.stack,
    ...(code !== undefined && { code }),
  };
}
