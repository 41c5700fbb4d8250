/**
 * The nested live views of one connected view (its `liveRender`s), as its process sees them:
 *
 *   render        each `liveRender` becomes its container (live-render.ts); the view remembers
 *                 the last call per id, and signs each id's session token once
 *   lv:start_child  the client joined a child: start its own supervisor, linked to this view
 *                 (spawned by it), and tell the port (`lv:child_started`); an id this view never
 *                 rendered (or rendered sticky: the host starts those alone) is refused
 *   EXIT          of a child's supervisor: the child ended (left, or failed past its restart
 *                 intensity); this view carries on
 *
 * So the parent's exit ends its children (their supervisors' parent is gone: they stop them),
 * a child's crash is its own supervisor's business, and a parent that renders again never
 * starts a child twice: children start only from joins, and a join of a running id first
 * stops the old one (the port closed its channel already).
 *
 *   view supervisor ── parent view ──(spawnLink)── child supervisor ── child view
 */
import { type AnyBehaviour, type Context, type Pid, Supervisor } from '../actors/index.js';
import type { ChildTokens } from './child-tokens.js';
import { containerMarkup, duplicateChild, LiveRenderCall } from './live-render.js';
import type { Session } from './live-view.js';
import type { ViewInput, ViewOutput, ViewStart } from './port.js';
import { type Embed, unembeddable } from './render/embed.js';
import { type ViewRestartLimits, viewSupervisorSpec } from './view-supervisor-spec.js';

type StartChild = Extract<ViewInput, { type: 'lv:start_child' }>;

/** What the parent tells its children besides each join's own fields. */
interface ParentInfo {
  /** The parent's container id. */
  readonly id: string;
  readonly start: ViewStart & { readonly limits?: ViewRestartLimits };
  readonly ctx: Context;
  /** The view process's behaviour, which each child runs too. */
  readonly behaviour: AnyBehaviour<unknown, ViewStart>;
  /** The parent's current page URL. */
  url(): string;
}

/** A child's container token, signed once and kept while what it says holds. */
interface SignedSession {
  readonly view: unknown;
  readonly session: string;
  readonly sticky: boolean;
  readonly token: string;
}

/**
 * The nested views of one view process (see the module doc).
 * @internal
 */
export class ChildViews {
  readonly #parent: ParentInfo;
  readonly #tokens: ChildTokens | undefined;
  // Created by the first liveRender: most views have no children.
  #rendered: Map<string, LiveRenderCall> | undefined;
  #signed: Map<string, SignedSession> | undefined;
  /** Every child supervisor not yet exited, with its id ('' once replaced by a newer one). */
  #sups: Map<Pid, string> | undefined;
  #thisRender: Set<string> | undefined;

  constructor(parent: ParentInfo) {
    this.#parent = parent;
    this.#tokens = parent.start.nested;
  }

  /** Starts a render (or an HTML rendering): an id may appear once in it. */
  beginRender(): void {
    this.#thisRender?.clear();
  }

  /** What the engine's embedder (the view's runtime) asks: a `liveRender`'s connected container. */
  embed(value: Embed): string {
    if (!(value instanceof LiveRenderCall)) throw unembeddable(value);
    if (this.#tokens === undefined) {
      throw new TypeError(
        `${value.describe()}: this view's host signs no nested views' tokens (ViewStart.nested)`,
      );
    }
    const id = value.id;
    if (id === this.#parent.id) throw duplicateChild(id);
    this.#thisRender ??= new Set();
    if (this.#thisRender.has(id)) throw duplicateChild(id);
    this.#thisRender.add(id);
    this.#rendered ??= new Map();
    this.#rendered.set(id, value);
    const token = this.#token(value, this.#tokens);
    const parentId = value.sticky ? undefined : this.#parent.id;
    return containerMarkup(value, { session: token, static: '', parentId });
  }

  /** The client joined a child: start it, or refuse (see the module doc). */
  start(msg: StartChild): void {
    const { ctx } = this.#parent;
    const { topic, joinRef, port } = msg;
    const call = this.#rendered?.get(msg.id);
    if (call === undefined || call.sticky) {
      this.#out(port, { type: 'lv:child_refused', topic, joinRef, reason: 'unknown child' });
      return;
    }
    for (const [old, id] of this.#sups ?? []) {
      if (id !== msg.id) continue;
      this.#sups?.set(old, '');
      ctx.system.exit(old, 'shutdown');
    }
    const parent = this.#parent.start;
    const start: ViewStart = {
      view: call.view,
      topic,
      joinRef,
      port,
      params: {},
      session: this.#session(call),
      url: this.#parent.url(),
      connectParams: msg.connectParams,
      flash: {},
      pubsub: parent.pubsub,
      resolve: parent.resolve,
      nested: parent.nested,
      parent: ctx.self,
      connectInfo: parent.connectInfo,
      ...(parent.maxChunkBytes !== undefined && { maxChunkBytes: parent.maxChunkBytes }),
      // A child of a view under test records its streams too (views/testing).
      ...(parent.recordStreams === true && { recordStreams: true }),
    };
    const spec = viewSupervisorSpec(this.#parent.behaviour, start, parent.limits);
    const sup = ctx.spawnLink(Supervisor.behaviour, spec, { trapExit: true });
    this.#sups ??= new Map();
    this.#sups.set(sup, msg.id);
    this.#out(port, { type: 'lv:child_started', topic, joinRef, sup });
  }

  /** True if `pid` was a child's supervisor (now ended, and forgotten). */
  exited(pid: Pid): boolean {
    return this.#sups?.delete(pid) ?? false;
  }

  #session(call: LiveRenderCall): Session {
    return { ...this.#parent.start.session, ...call.session };
  }

  #token(call: LiveRenderCall, tokens: ChildTokens): string {
    const session = call.sticky ? JSON.stringify(call.session) : '';
    const kept = this.#signed?.get(call.id);
    if (
      kept !== undefined &&
      kept.view === call.view &&
      kept.sticky === call.sticky &&
      kept.session === session
    ) {
      return kept.token;
    }
    const parent = this.#parent.id;
    const token = call.sticky
      ? tokens.session({
          id: call.id,
          parent,
          sticky: true,
          view: call.view,
          session: this.#session(call),
          url: this.#parent.url(),
        })
      : tokens.session({ id: call.id, parent, sticky: false });
    this.#signed ??= new Map();
    this.#signed.set(call.id, { view: call.view, session, sticky: call.sticky, token });
    return token;
  }

  #out(port: Pid, output: ViewOutput): void {
    this.#parent.ctx.system.send(port, output);
  }
}
