/**
 * The actor system's telemetry on `node:diagnostics_channel`: the Node-native way to instrument
 * a library (undici, node:http and Fastify publish there; OpenTelemetry instrumentations and APM
 * agents subscribe). Nothing is built or sent while a channel has no subscriber: each publisher
 * checks `hasSubscribers` before it makes the message.
 *
 *   liveactor:process:exit        every process exit, normal or not
 *   liveactor:supervisor:restart  a supervisor restarted a child
 *   liveactor:pubsub:broadcast    a PubSub broadcast in this thread
 *
 * The live view and socket channels are in views/telemetry.ts and transport/telemetry.ts.
 */
import { channel } from 'node:diagnostics_channel';
import type { ExitReason } from './exit-reason.js';
import type { Pid } from './pid.js';

/**
 * The names of the actor system's channels.
 *
 * @example
 * import { subscribe } from 'node:diagnostics_channel';
 * subscribe(ACTOR_CHANNELS.processExit, (msg) => metrics.count('exit', (msg as ProcessExitMessage).reason));
 */
export const ACTOR_CHANNELS = {
  processExit: 'liveactor:process:exit',
  supervisorRestart: 'liveactor:supervisor:restart',
  pubsubBroadcast: 'liveactor:pubsub:broadcast',
} as const;

/**
 * Published on `liveactor:process:exit` after a process's links and monitors were told.
 *
 * @example
 * subscribe(ACTOR_CHANNELS.processExit, (m) => { const { pid, reason } = m as ProcessExitMessage; });
 */
export interface ProcessExitMessage {
  readonly pid: Pid;
  readonly reason: ExitReason;
  /** Its registered name, if it had one. */
  readonly name: string | undefined;
  /** Its behaviour's `name`, if the behaviour has one (`Supervisor`, `LiveView`, ...). */
  readonly behaviour: string | undefined;
  /** The thrown value when the reason is `{ error }`. */
  readonly error?: unknown;
}

/**
 * Published on `liveactor:supervisor:restart` once a crashed child runs again.
 *
 * @example
 * subscribe(ACTOR_CHANNELS.supervisorRestart, (m) => alertIf((m as SupervisorRestartMessage).restarts > 2));
 */
export interface SupervisorRestartMessage {
  readonly supervisor: Pid;
  readonly childId: string;
  readonly oldPid: Pid | undefined;
  readonly pid: Pid;
  /** Why the old child ended. */
  readonly reason: ExitReason;
  /** Restarts inside the current window, this one included. */
  readonly restarts: number;
  /** Restarts tolerated in `period` ms before the supervisor gives up. */
  readonly intensity: number;
  readonly period: number;
}

/**
 * Published on `liveactor:pubsub:broadcast` for each `broadcast` / `broadcastFrom` /
 * `localBroadcast` in this thread, before delivery.
 *
 * @example
 * subscribe(ACTOR_CHANNELS.pubsubBroadcast, (m) => counter.add(1, { topic: (m as PubSubBroadcastMessage).topic }));
 */
export interface PubSubBroadcastMessage {
  readonly topic: string;
  /** The sender left out of the delivery (`broadcastFrom`), if any. */
  readonly from: Pid | undefined;
  /** Subscribers of the topic in this thread, the sender included. */
  readonly subscribers: number;
  /** False for `localBroadcast`, which skips the adapter. */
  readonly crossesThreads: boolean;
  readonly message: unknown;
}

/** @internal */
export const processExitChannel = channel(ACTOR_CHANNELS.processExit);
/** @internal */
export const supervisorRestartChannel = channel(ACTOR_CHANNELS.supervisorRestart);
/** @internal */
export const pubsubBroadcastChannel = channel(ACTOR_CHANNELS.pubsubBroadcast);
