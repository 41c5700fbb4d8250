/**
 * Who a view is, for the records that describe it: its route and name in crash logs, and the
 * common fields of its telemetry (telemetry.ts). Built once per view process (and per dead
 * render); the name and route are only worked out when a record needs them.
 */
import type { ActorSystem, CrashDescription, Pid } from '../actors/index.js';
import { TaskCancelledError } from '../actors/index.js';
import { AsyncCancelledError, type AsyncFinished } from './async.js';
import type { LiveView } from './live-view.js';
import {
  renderTrace,
  type ViewRenderTrace,
  type ViewTrace,
  viewCrashChannel,
} from './telemetry.js';

/** Where a view runs: its route (or URL) and, once connected, its topic. */
export interface ViewPlace {
  readonly route?: string | undefined;
  readonly url: string | URL;
  readonly topic?: string | undefined;
}

/**
 * A view's name, route, pid and topic, as records need them.
 * @internal
 */
export class ViewIdentity {
  // biome-ignore lint/suspicious/noExplicitAny: any view
  readonly #view: LiveView<any, any, any>;
  readonly #place: ViewPlace;
  readonly #pid: Pid | undefined;
  /** Worked out on first use: most views never need it. */
  #route: string | undefined;

  // biome-ignore lint/suspicious/noExplicitAny: any view
  constructor(place: ViewPlace, view: LiveView<any, any, any>, pid: Pid | undefined) {
    this.#place = place;
    this.#view = view;
    this.#pid = pid;
  }

  /** The route pattern, or the URL's path when the transport gave none. */
  get route(): string {
    if (this.#route === undefined) {
      const { route, url } = this.#place;
      this.#route = route ?? (typeof url === 'string' ? new URL(url).pathname : url.pathname);
    }
    return this.#route;
  }

  get name(): string {
    return this.#view.name;
  }

  /** The view process; undefined in a dead render. */
  get pid(): Pid | undefined {
    return this.#pid;
  }

  get topic(): string | undefined {
    return this.#place.topic;
  }

  /** A trace context: the view's fields and `fields`. */
  trace<F extends object>(fields: F): ViewTrace & F {
    const pid = this.#pid;
    return {
      route: this.route,
      view: this.name,
      pid,
      topic: this.#place.topic,
      connected: pid !== undefined,
      ...fields,
    };
  }

  /** The view process's crash description. */
  crash(during: string, payload: unknown, mounted: boolean): CrashDescription {
    const { route, name } = this;
    return {
      subject: `live view ${name} at ${route}`,
      during,
      fields: { view: name, route, topic: this.#place.topic },
      payload,
      onGiveUp: mounted ? 'the client is told the view failed' : 'join refused',
    };
  }

  /** Publishes on `liveactor:view:crash`, if anyone listens. */
  publishCrash(during: string, event: string | undefined, error: unknown): void {
    if (!viewCrashChannel.hasSubscribers || this.#pid === undefined) return;
    viewCrashChannel.publish({
      route: this.route,
      view: this.name,
      pid: this.#pid,
      topic: this.#place.topic ?? '',
      during,
      event,
      error,
    });
  }

  /** Logs an async work that threw in this thread (a task's failure is logged by the pool). */
  logAsyncFailure(system: ActorSystem, done: AsyncFinished, error: unknown): void {
    const next =
      done.keys === undefined
        ? 'handleAsync receives { ok: false }'
        : `the assigns ${done.keys.join(', ')} are marked failed`;
    system.crashReports.failure({
      subject: `live view ${this.name} at ${this.route}`,
      during: `async ${JSON.stringify(done.name)}`,
      error,
      next,
      fields: { pid: this.#pid, view: this.name, route: this.route, topic: this.#place.topic },
    });
  }
}

/**
 * The error of an async work that failed in this thread; undefined when it succeeded, was
 * cancelled, or ran as a task.
 * @internal
 */
export function asyncFailure(done: AsyncFinished): unknown {
  const { outcome } = done;
  if (outcome.ok || done.task) return undefined;
  const { error } = outcome;
  if (error instanceof AsyncCancelledError || error instanceof TaskCancelledError) return undefined;
  return error ?? new Error('async work failed with no error');
}

/**
 * Runs a render under `liveactor:view:render`.
 * @internal
 */
export function traceRender<R>(identity: ViewIdentity, render: () => R): R {
  return renderTrace.traceSync(render, new RenderTrace(identity));
}

/**
 * The context of a render trace. `bytes` is the size of what the render produced (the diff's
 * JSON when connected, the HTML in a dead render), worked out from `result` (which
 * `traceSync` sets) when a subscriber first reads it: one that does not read it pays no
 * second serialization.
 */
class RenderTrace implements ViewRenderTrace {
  readonly route: string;
  readonly view: string;
  readonly pid: Pid | undefined;
  readonly topic: string | undefined;
  readonly connected: boolean;
  error?: unknown;
  result?: unknown;
  #bytes: number | undefined;

  constructor(identity: ViewIdentity) {
    this.route = identity.route;
    this.view = identity.name;
    this.pid = identity.pid;
    this.topic = identity.topic;
    this.connected = identity.pid !== undefined;
  }

  get bytes(): number | undefined {
    const { result } = this;
    if (this.#bytes === undefined && result !== undefined) {
      this.#bytes = Buffer.byteLength(typeof result === 'string' ? result : JSON.stringify(result));
    }
    return this.#bytes;
  }
}
