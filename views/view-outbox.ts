/**
 * What a view process sends its port, tagged with the start's `topic` and `joinRef`. Each output
 * is built in one object, never tagged afterwards: a reply or a push leaves on every event.
 */
import type { Context } from '../actors/index.js';
import type { Flash } from './live-view.js';
import { type Departure, departurePush } from './navigation.js';
import type {
  LivePatchPayload,
  PreflightResponse,
  ReplyResponse,
  ViewOutput,
  ViewPush,
  ViewStart,
} from './port.js';
import type { WireDiff, WireEvent } from './wire.js';

/**
 * One view process's way to its port.
 * @internal
 */
export class ViewOutbox {
  readonly #start: ViewStart;
  readonly #ctx: Context;
  readonly #lineage: { nextCid: number };
  readonly #engine: { readonly nextCid: number };

  constructor(
    start: ViewStart,
    ctx: Context,
    lineage: { nextCid: number },
    engine: { readonly nextCid: number },
  ) {
    this.#start = start;
    this.#ctx = ctx;
    this.#lineage = lineage;
    this.#engine = engine;
  }

  reply(ref: string, response: ReplyResponse): void {
    const { topic, joinRef } = this.#start;
    this.out({ type: 'lv:reply', topic, joinRef, ref, response });
  }

  push(push: ViewPush): void {
    const { topic, joinRef } = this.#start;
    this.out({ type: 'lv:push', topic, joinRef, ...push });
  }

  /**
   * A diff: the reply to `ref` (with a preflight's answer), or with no ref a push, left out
   * when the diff is `{}`.
   */
  diff(ref: string | undefined, diff: WireDiff, preflight?: PreflightResponse): void {
    if (ref !== undefined) {
      this.reply(ref, isEmpty(diff) ? (preflight ?? {}) : { ...preflight, diff });
    } else if (!isEmpty(diff)) this.push({ event: 'diff', payload: diff });
  }

  /** The complete first render, with the URL patch mount or handleParams made, if any. */
  mounted(rendered: WireDiff, patch: LivePatchPayload | undefined): void {
    const { topic, joinRef } = this.#start;
    const pid = this.#ctx.self;
    this.out(
      patch === undefined
        ? { type: 'lv:mounted', topic, joinRef, pid, rendered }
        : { type: 'lv:mounted', topic, joinRef, pid, rendered, livePatch: patch },
    );
  }

  /** The join is answered with the redirect mount asked for, and the events pushed before it. */
  joinRedirect(departure: Departure, events: readonly WireEvent[], flash: Flash | undefined): void {
    const push = departurePush(departure, flash);
    const pushed = events.map(([name, value]) => [name, value] as const);
    const extra = pushed.length > 0 ? { events: pushed } : {};
    const response =
      push.event === 'redirect'
        ? { redirect: push.payload, ...extra }
        : { live_redirect: push.payload, ...extra };
    const { topic, joinRef } = this.#start;
    this.out({ type: 'lv:join_error', topic, joinRef, response });
  }

  /**
   * Leaving a mounted view: its pending events as a diff, then the navigation as the reply to
   * `ref` or a push, then `lv:close`.
   */
  leave(
    ref: string | undefined,
    departure: Departure,
    events: WireEvent[],
    flash: Flash | undefined,
  ): void {
    if (events.length > 0) this.push({ event: 'diff', payload: { e: events } });
    const push = departurePush(departure, flash);
    if (ref === undefined) this.push(push);
    else if (push.event === 'redirect') this.reply(ref, { redirect: push.payload });
    else this.reply(ref, { live_redirect: push.payload });
    const { topic, joinRef } = this.#start;
    this.out({ type: 'lv:close', topic, joinRef });
  }

  out(output: ViewOutput): void {
    // Every diff leaves through here: keep the lineage's cid floor at what the client has seen.
    this.#lineage.nextCid = this.#engine.nextCid;
    this.#ctx.system.send(this.#start.port, output);
  }
}

/** `{}`? Without `Object.keys`, which would allocate an array for every event. */
function isEmpty(diff: WireDiff): boolean {
  for (const _key in diff) return false;
  return true;
}
