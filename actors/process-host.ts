/**
 * The contract between a process and the system that hosts it, in both directions: what the
 * process may ask of its system, and the kinds of message the system (and links.ts, timers.ts)
 * put in its mailbox. Each mailbox entry is two slots, the kind and then the payload, so a
 * message costs no wrapper object.
 */
import type { ExitReason } from './exit-reason.js';
import type { Process } from './process.js';
import type { Scheduler } from './scheduler.js';
import type { ActorSystem } from './system.js';

/** Mailbox message kind: a `send`, timer or system message, for `handleInfo`. @internal */
export const INFO = 0;
/** Mailbox message kind: a `cast`, for `handleCast`. @internal */
export const CAST = 1;
/** Mailbox message kind: a `call`; the payload is its PendingCall. @internal */
export const CALL = 2;
/** An exit signal from the system or the parent, for a trapping process: payload is the reason. @internal */
export const STOP = 3;

/**
 * What a process needs from its system.
 * @internal
 */
export interface ProcessHost {
  readonly system: ActorSystem;
  readonly scheduler: Scheduler;
  /** Called once, at death, after the process has settled its own affairs. */
  processExited(process: Process, reason: ExitReason): void;
}
