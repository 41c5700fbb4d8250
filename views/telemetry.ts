/**
 * The live views' telemetry on `node:diagnostics_channel` (see actors/telemetry.ts for why that
 * module). The callbacks of a view are traced with `tracingChannel`, so a subscriber gets
 * `start`, `end`, `asyncStart`, `asyncEnd` and `error` events around each one, all carrying the
 * same context object (the duration is `asyncEnd` minus `start`); an OpenTelemetry span or a
 * histogram hangs off that object. The join, leave and crash of a view are plain channels.
 *
 * Nothing is built while nobody listens: each call site asks {@link isTraced} (or
 * `hasSubscribers`) first and makes the context object only then.
 */
import { channel, type TracingChannel, tracingChannel } from 'node:diagnostics_channel';
import type { Pid } from '../actors/index.js';
import type { Params } from './live-view.js';

/**
 * The names of the live view channels: tracing channels for the callbacks (`mount` ... `async`)
 * and plain ones for `join`, `leave` and `crash`.
 *
 * @example
 * import { tracingChannel } from 'node:diagnostics_channel';
 * tracingChannel(VIEW_CHANNELS.event).subscribe({ start(c) { ... }, asyncEnd(c) { ... } });
 */
export const VIEW_CHANNELS = {
  mount: 'liveactor:view:mount',
  handleParams: 'liveactor:view:handle_params',
  event: 'liveactor:view:event',
  info: 'liveactor:view:info',
  render: 'liveactor:view:render',
  async: 'liveactor:view:async',
  join: 'liveactor:view:join',
  leave: 'liveactor:view:leave',
  crash: 'liveactor:view:crash',
} as const;

/**
 * What every view trace carries. `tracingChannel` adds `error` (the thrown value) and `result`.
 *
 * @example
 * tracingChannel(VIEW_CHANNELS.mount).subscribe({ start: (c) => console.log((c as ViewTrace).route) });
 */
export interface ViewTrace {
  /** The route pattern that matched (`/events/:id`). */
  readonly route: string;
  /** The view's `name`, or where `defineLiveView` was called. */
  readonly view: string;
  /** The view process; undefined in a dead render (HTTP GET). */
  readonly pid: Pid | undefined;
  /** The channel topic (`lv:phx-...`); undefined in a dead render. */
  readonly topic: string | undefined;
  readonly connected: boolean;
  /** Set by `tracingChannel` when the callback threw. */
  error?: unknown;
}

/** `liveactor:view:mount` and `liveactor:view:handle_params`: the params it was given. */
export interface ViewParamsTrace extends ViewTrace {
  readonly params: Params;
  /** The URL (handle_params only). */
  readonly url?: string | undefined;
}

/** `liveactor:view:event`: a client event and its value. */
export interface ViewEventTrace extends ViewTrace {
  readonly event: string;
  readonly value: unknown;
  /** The live component it targets, if any. */
  readonly cid: number | undefined;
}

/** `liveactor:view:info`: a message for `handleInfo`. */
export interface ViewInfoTrace extends ViewTrace {
  readonly message: unknown;
}

/** `liveactor:view:async`: `handleAsync` (or an `assignAsync` landing) for one work. */
export interface ViewAsyncTrace extends ViewTrace {
  readonly name: string;
  readonly ok: boolean;
}

/**
 * `liveactor:view:render`: one render. From `end` on, `bytes` is the size of what it produced:
 * the diff's JSON (connected) or the HTML (dead render), worked out when first read.
 */
export interface ViewRenderTrace extends ViewTrace {
  readonly bytes?: number | undefined;
}

/**
 * `liveactor:view:join`: the answer to a client's join of a view.
 *
 * @example
 * subscribe(VIEW_CHANNELS.join, (m) => { const j = m as ViewJoinMessage; if (j.status === 'error') warn(j.reason); });
 */
export interface ViewJoinMessage {
  readonly topic: string;
  readonly joinRef: string;
  /** Unknown when the join was refused before its route was read (a stale token). */
  readonly route: string | undefined;
  readonly view: string | undefined;
  readonly status: 'ok' | 'error';
  /** For an error: `join crashed`, `stale`, `unauthorized`, a redirect... */
  readonly reason: string | undefined;
  /** The transport's process for this socket (unknown if nobody listened when it joined). */
  readonly port: Pid | undefined;
}

/**
 * `liveactor:view:leave`: a joined (or joining) view's channel went away: the client left or
 * joined again, the view navigated away, failed, or its socket closed.
 */
export interface ViewLeaveMessage {
  readonly topic: string;
  readonly joinRef: string;
  readonly route: string | undefined;
  readonly view: string | undefined;
  /** The view process last mounted, if any. */
  readonly pid: Pid | undefined;
  readonly port: Pid;
}

/**
 * `liveactor:view:crash`: a connected view's callback (or render) threw; its supervisor decides
 * what follows (see `liveactor:supervisor:restart`).
 */
export interface ViewCrashMessage {
  readonly route: string;
  readonly view: string;
  readonly pid: Pid;
  readonly topic: string;
  /** What it was doing: `mount`, `handleEvent "inc"`, `render`, ... */
  readonly during: string;
  /** The event being handled, if it was one. */
  readonly event: string | undefined;
  readonly error: unknown;
}

type Traced<T extends object> = TracingChannel<unknown, T>;

/** @internal */
export const mountTrace: Traced<ViewParamsTrace> = tracingChannel(VIEW_CHANNELS.mount);
/** @internal */
export const handleParamsTrace: Traced<ViewParamsTrace> = tracingChannel(
  VIEW_CHANNELS.handleParams,
);
/** @internal */
export const eventTrace: Traced<ViewEventTrace> = tracingChannel(VIEW_CHANNELS.event);
/** @internal */
export const infoTrace: Traced<ViewInfoTrace> = tracingChannel(VIEW_CHANNELS.info);
/** @internal */
export const renderTrace: Traced<ViewRenderTrace> = tracingChannel(VIEW_CHANNELS.render);
/** @internal */
export const asyncTrace: Traced<ViewAsyncTrace> = tracingChannel(VIEW_CHANNELS.async);
/** @internal */
export const viewJoinChannel = channel(VIEW_CHANNELS.join);
/** @internal */
export const viewLeaveChannel = channel(VIEW_CHANNELS.leave);
/** @internal */
export const viewCrashChannel = channel(VIEW_CHANNELS.crash);

/**
 * Whether any of the five channels of a trace has a subscriber (`TracingChannel.hasSubscribers`
 * only exists from Node 20.13).
 * @internal
 */
export function isTraced(trace: Traced<object>): boolean {
  return (
    trace.start.hasSubscribers ||
    trace.end.hasSubscribers ||
    trace.asyncStart.hasSubscribers ||
    trace.asyncEnd.hasSubscribers ||
    trace.error.hasSubscribers
  );
}

/**
 * Runs `fn` (sync or async) under `trace`, as a promise: the duration covers its awaits.
 * @internal
 */
export function tracePromise<C extends object, R>(
  trace: Traced<C>,
  context: C,
  fn: () => R | Promise<R>,
): Promise<R> {
  return trace.tracePromise(async () => fn(), context);
}
