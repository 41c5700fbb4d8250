/**
 * Crash reports: every abnormal exit is logged once, with the stack, what crashed, its pid, what
 * it was doing, and what happened next. The last part is often not known when the process dies:
 * a supervised child's fate is its supervisor's decision, taken when the supervisor handles the
 * `EXIT` message. So a report is drafted at death and, for a child of a live supervisor, kept
 * until the supervisor settles it:
 *
 *   child dies ──died()──> pending ──supervisor: settle(pid, outcome)──> written
 *                                  └──the supervisor dies first (ended)──> written
 *   a process with no supervisor ──died()──> written at once
 *
 * "What it was doing" comes from the process at the moment it crashed: the callback that threw,
 * refined by the behaviour's optional `describeCrash(state, site)` (a live view says
 * `handleEvent "inc"`, its route and its name). The records go through crash-log.ts, which
 * folds a crash loop into one summary line.
 *
 * Failures that end no process (a task that threw, a transport bug, a dead render) are written
 * through `failure()` with the same shape.
 */
import type { AnyBehaviour } from './behaviour.js';
import type { CrashLog } from './crash-log.js';
import type { CrashSite } from './events.js';
import { type ExitReason, isErrorReason } from './exit-reason.js';
import type { Pid } from './pid.js';
import type { Process } from './process.js';
import type { RestartLimits } from './restart-intensity.js';
import { RestartIntensityError } from './supervisor-errors.js';

/**
 * What a process was doing when it crashed, as its behaviour's `describeCrash` tells it. Every
 * field is optional; the defaults come from the process (behaviour name, registered name, the
 * callback that threw).
 *
 * @example
 * describeCrash: (state, site) => ({ subject: `cache '${state.table}'`, during: `${site} (refresh)` })
 */
export interface CrashDescription {
  /** What crashed, in words (`live view Counter at /counter`). */
  readonly subject?: string | undefined;
  /** What it was doing (`handleEvent "inc"`); default: the callback. */
  readonly during?: string | undefined;
  /** More fields for the record (a view adds `view`, `route`, `topic`). */
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
  /** The message being handled; written only when the system's `logPayloads` is on. */
  readonly payload?: unknown;
  /** What follows when its supervisor gives up, beyond that (a view: `join refused`). */
  readonly onGiveUp?: string | undefined;
}

/**
 * What a process noted as it crashed (kept on its extras until its report is drafted).
 * @internal
 */
export interface CrashNote {
  readonly site: CrashSite;
  readonly error: unknown;
  readonly description: CrashDescription | undefined;
  /** The crash before this one, when `terminate` threw while cleaning up after it. */
  readonly earlier: CrashNote | undefined;
}

/**
 * What a supervisor did about a crashed child.
 * @internal
 */
export type CrashOutcome =
  | { readonly kind: 'restarted'; readonly restarts: number; readonly limits: RestartLimits }
  | { readonly kind: 'gave_up'; readonly limits: RestartLimits }
  | { readonly kind: 'not_restarted'; readonly why: string };

/**
 * A failure that ends no process, for {@link CrashReports.failure}.
 * @internal
 */
export interface FailureReport {
  readonly level?: 'error' | 'warn' | undefined;
  /** What failed (`task resize.ts`, `dead render of live view Counter at /counter`). */
  readonly subject: string;
  readonly during?: string | undefined;
  readonly error: unknown;
  /** What happened next (`TASK_FAILED sent to <pid>`, `answered 500`). */
  readonly next: string;
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
  readonly payload?: unknown;
}

const SUPERVISORS = new WeakSet<object>();

/**
 * Marks a behaviour as a supervisor's: the crash reports of its children wait for its decision.
 * @internal
 */
export function markSupervisor(behaviour: object): void {
  SUPERVISORS.add(behaviour);
}

/**
 * The note a crashing process keeps; `describeCrash` runs here, and may not throw.
 * @internal
 */
export function noteCrash(
  behaviour: AnyBehaviour<unknown, unknown>,
  state: unknown,
  site: CrashSite,
  error: unknown,
  earlier: CrashNote | undefined,
): CrashNote {
  let description: CrashDescription | undefined;
  try {
    description = behaviour.describeCrash?.(state, site);
  } catch {
    // A description is a nicety; the crash is reported without one.
  }
  return { site, error, description, earlier };
}

/** Reasons that are an orderly end, not worth a record. */
const ORDERLY: ReadonlySet<unknown> = new Set(['normal', 'shutdown', 'killed', 'noproc', 'kill']);

interface Draft {
  readonly level: 'error' | 'warn';
  readonly subject: string;
  /** The verb and its detail: "crashed in handleInfo", "gave up (...)". */
  readonly what: string;
  readonly key: string;
  readonly fields: Record<string, unknown>;
  readonly onGiveUp: string | undefined;
}

/**
 * The crash reports of one system.
 * @internal
 */
export class CrashReports {
  readonly #log: CrashLog;
  readonly #lookup: (pid: Pid) => Process | undefined;
  readonly #logPayloads: boolean;
  readonly #pending = new Map<Pid, { readonly parent: Pid; readonly draft: Draft }>();
  /** Errors already written, so a process that died of a linked one's error says so briefly. */
  readonly #written = new WeakSet<object>();

  constructor(log: CrashLog, lookup: (pid: Pid) => Process | undefined, logPayloads: boolean) {
    this.#log = log;
    this.#lookup = lookup;
    this.#logPayloads = logPayloads;
  }

  /** A process died: draft its report; write it now, or when its supervisor has decided. */
  died(process: Process, reason: ExitReason, told: boolean): void {
    if (this.#pending.size > 0) this.ended(process.pid);
    if (ORDERLY.has(reason)) return;
    const draft = this.#draft(process, reason);
    const parent = process.maybeExtras?.parent;
    const supervisor = parent === undefined ? undefined : this.#lookup(parent);
    if (parent !== undefined && supervisor !== undefined && SUPERVISORS.has(supervisor.behaviour)) {
      this.#pending.set(process.pid, { parent, draft });
      return;
    }
    const links = told
      ? 'its links and monitors were told'
      : 'nothing was linked to it or monitoring it';
    this.#write(draft, `not restarted (no supervisor); ${links}`, 'unsupervised');
  }

  /** A supervisor decided about `pid`; a pid with no pending report is ignored. */
  settle(pid: Pid, outcome: CrashOutcome): void {
    const pending = this.#pending.get(pid);
    if (pending === undefined) return;
    this.#pending.delete(pid);
    this.#write(pending.draft, describeOutcome(outcome, pending.draft.onGiveUp), outcome.kind);
  }

  /** `pid` ended: the reports waiting for its decision are written as they are. */
  ended(pid: Pid): void {
    for (const [child, pending] of this.#pending) {
      if (pending.parent !== pid) continue;
      this.#pending.delete(child);
      this.#write(pending.draft, 'not restarted (its supervisor stopped too)', 'orphaned');
    }
  }

  /** Writes a failure that ended no process. */
  failure(report: FailureReport): void {
    const { subject, during, error, next } = report;
    const fields: Record<string, unknown> = { err: error };
    if (during !== undefined) fields.during = during;
    Object.assign(fields, report.fields);
    if (this.#logPayloads && report.payload !== undefined) fields.payload = report.payload;
    fields.next = next;
    this.#rememberWritten(error);
    const what = during === undefined ? 'failed' : `failed in ${during}`;
    this.#log.write({
      level: report.level ?? 'error',
      key: `${subject}|${what}|${errorKey(error)}|${next}`,
      fields,
      msg: `${subject} ${what}: ${next}`,
      like: `${subject} ${what}`,
    });
  }

  /** Writes every report still waiting (the system is shutting down). */
  flush(): void {
    for (const [pid, pending] of this.#pending) {
      this.#pending.delete(pid);
      this.#write(pending.draft, 'not restarted (the system is shutting down)', 'shutdown');
    }
    this.#log.flush();
  }

  #draft(process: Process, reason: ExitReason): Draft {
    const extras = process.maybeExtras;
    const note = extras?.crashed;
    const behaviour = process.behaviour.name;
    const name = extras?.name;
    const description = note?.description;
    const subject =
      description?.subject ?? `${behaviour ?? 'process'}${name === undefined ? '' : ` '${name}'`}`;
    const fields: Record<string, unknown> = {};
    const error = isErrorReason(reason) ? reason.error : undefined;
    let level: Draft['level'] = 'error';
    let what: string;
    if (error instanceof RestartIntensityError && error.supervisor === process.pid) {
      level = 'warn';
      what = `gave up (more than ${error.intensity} restarts in ${error.period} ms)`;
    } else if (note !== undefined && note.error === error) {
      fields.err = error;
      what = `crashed in ${during(note)}`;
    } else if (isErrorReason(reason)) {
      const seen = typeof error === 'object' && error !== null && this.#written.has(error);
      if (seen) {
        level = 'warn';
        fields.reason = errorKey(error);
        what = 'exited with the error of a linked process';
      } else {
        fields.err = error;
        what = 'exited with an error';
      }
    } else {
      level = 'warn';
      what = `exited with reason '${reason}'`;
    }
    this.#rememberWritten(error);
    fields.pid = process.pid;
    if (name !== undefined) fields.process = name;
    if (behaviour !== undefined) fields.behaviour = behaviour;
    if (note !== undefined && note.error === error) fields.during = during(note);
    if (note?.earlier !== undefined) fields.earlierError = describeError(note.earlier.error);
    Object.assign(fields, description?.fields);
    if (this.#logPayloads && description?.payload !== undefined) {
      fields.payload = description.payload;
    }
    const key = `${subject}|${what}|${errorKey(error ?? reason)}`;
    return { level, subject, what, key, fields, onGiveUp: description?.onGiveUp };
  }

  #write(draft: Draft, next: string, nextKind: string): void {
    const { level, subject, what, key } = draft;
    this.#log.write({
      level,
      key: `${key}|${nextKind}`,
      fields: { ...draft.fields, next },
      msg: `${subject} ${what}: ${next}`,
      like: `${subject} ${what}`,
    });
  }

  #rememberWritten(error: unknown): void {
    if (typeof error === 'object' && error !== null) this.#written.add(error);
  }
}

function during(note: CrashNote): string {
  const doing = (n: CrashNote) => n.description?.during ?? n.site;
  return note.earlier === undefined ? doing(note) : `${doing(note.earlier)}, then in terminate`;
}

function describeOutcome(outcome: CrashOutcome, onGiveUp: string | undefined): string {
  switch (outcome.kind) {
    case 'restarted': {
      const { intensity, period } = outcome.limits;
      return `restarted (restart ${outcome.restarts} of ${intensity} in ${period} ms)`;
    }
    case 'gave_up': {
      const { intensity, period } = outcome.limits;
      const gaveUp = `not restarted: its supervisor gave up (more than ${intensity} restarts in ${period} ms)`;
      return onGiveUp === undefined ? gaveUp : `${gaveUp}; ${onGiveUp}`;
    }
    case 'not_restarted':
      return `not restarted (${outcome.why})`;
  }
}

/** The part of an error that tells one crash from another (not its stack). */
function errorKey(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : safeString(error);
  return text.length > 200 ? text.slice(0, 200) : text;
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? errorKey(error)) : safeString(error);
}

/** `String(value)`, for values whose conversion throws too (`Object.create(null)`). */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
