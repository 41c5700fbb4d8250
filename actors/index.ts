/**
 * @module
 * liveactor/actors: processes with Erlang semantics (mailboxes, links, monitors, names, timers),
 * supervisors, PubSub, a worker-thread task pool, and clusters of nodes on Redis.
 *
 * @example
 * const system = new ActorSystem();
 * const counter = system.spawn({ init: (n: number) => n, handleCast: (_m: 'inc', n: number) => n + 1,
 *   handleCall: (_m: 'get', _f: From, n: number) => ({ reply: n, state: n }) }, 0);
 * system.cast(counter, 'inc');
 * await system.call(counter, 'get'); // 1
 */

export type {
  AnyBehaviour,
  Behaviour,
  CallResult,
  Context,
  DownMessage,
  ExitMessage,
  From,
  MonitorRef,
  TimerRef,
} from './behaviour.js';
export type { ChildInfo, ChildSpec, ChildType, RestartType, ShutdownSpec } from './child-spec.js';
// Time
export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
// Cluster: many processes and machines on Redis
export type { ClusterEvents } from './cluster/cluster.js';
export { Cluster } from './cluster/cluster.js';
export { ClusterUnreachableError, NotInClusterError, StaleTokenError } from './cluster/errors.js';
export type { SingletonLease } from './cluster/fenced-value.js';
export { FencedValue } from './cluster/fenced-value.js';
export type { GlobalNameConflict } from './cluster/global-names.js';
export type { ClusterOptions } from './cluster/options.js';
export type {
  PresenceDiff,
  PresenceList,
  PresenceMeta,
  PresenceOptions,
} from './cluster/presence.js';
export { Presence } from './cluster/presence.js';
export { RedisPubSubAdapter } from './cluster/redis-pubsub.js';
export type { ClusterSingletonSpec } from './cluster/singleton.js';
export { ClusterSingleton } from './cluster/singleton.js';
// Crash logs
export type { CrashDescription } from './crash-report.js';
export type {
  DynamicChildInfo,
  DynamicChildSpec,
  DynamicSupervisorSpec,
} from './dynamic-supervisor.js';
export { DynamicSupervisor } from './dynamic-supervisor.js';
// Errors
export {
  CallTimeoutError,
  LiveActorError,
  MessageNotCloneableError,
  NameTakenError,
  NoProcessError,
  ProcessExitedError,
  SystemStoppedError,
} from './errors.js';
// Instrumentation events
export type {
  CrashEvent,
  CrashSite,
  ExitEvent,
  RestartEvent,
  SpawnEvent,
  SystemEvents,
} from './events.js';
// Exit reasons
export type { ExitReason } from './exit-reason.js';
export { describeReason, isAbnormal, isErrorReason, isNormalish } from './exit-reason.js';
// Logging
export type { Logger, LoggerOption, StderrLoggerOptions } from './logger.js';
export { createStderrLogger, resolveLogger, silentLogger } from './logger.js';
export type { Pid } from './pid.js';
// PubSub
export type { LocalAdapterOptions, PubSubOptions } from './pubsub.js';
export { LocalAdapter, PubSub } from './pubsub.js';
export type { PubSubAdapter, PubSubDispatch } from './pubsub-adapter.js';
export type { BroadcastChannelOptions } from './pubsub-broadcast-channel.js';
export {
  BroadcastChannelAdapter,
  DEFAULT_PUBSUB_CHANNEL,
  workerBroadcast,
} from './pubsub-broadcast-channel.js';
export type { RestartLimits } from './restart-intensity.js';
// Supervision
export { Supervisor } from './supervisor.js';
export type { AutoShutdown } from './supervisor-auto-shutdown.js';
export {
  ChildExistsError,
  ChildNotFoundError,
  ChildRunningError,
  ChildStartError,
  MaxChildrenError,
  RestartIntensityError,
} from './supervisor-errors.js';
export { isExitMessage } from './supervisor-protocol.js';
export type { ChildCounts, Strategy, SupervisorSpec } from './supervisor-state.js';
// The system and its processes
export { ActorSystem } from './system.js';
export type { ActorSystemOptions, CallOptions, SpawnOptions } from './system-options.js';

// Tasks on worker threads
export type { TaskFailure, TaskMessage, TaskPoolOptions, TaskRef, TaskSpec } from './tasks.js';
export { TaskCancelledError, TaskPool } from './tasks.js';
// Telemetry (node:diagnostics_channel)
export type {
  ProcessExitMessage,
  PubSubBroadcastMessage,
  SupervisorRestartMessage,
} from './telemetry.js';
export { ACTOR_CHANNELS } from './telemetry.js';
