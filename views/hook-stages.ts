/**
 * The stages of a view's life that hooks attach to (lifecycle.ts): the socket's hooks of the
 * stage in order, then, unless one halted, the view's own callback, traced on its channel when
 * anyone listens (telemetry.ts). A stage whose view has no hook is not `async`: the callback's
 * own result is all there is to await, so an event or a message costs no promise more.
 */
import { type AsyncFinished, assignOutcome } from './async.js';
import type { AttachedHooks } from './lifecycle.js';
import type { EventResult, LiveViewDefinition, Params } from './live-view.js';
import type { ViewInput } from './port.js';
import type { LiveViewSocket } from './socket.js';
import type { SocketState } from './socket-state.js';
import { asyncTrace, eventTrace, infoTrace, isTraced, tracePromise } from './telemetry.js';
import { type IdentitySource, runHandleParams } from './traced-calls.js';

// biome-ignore lint/suspicious/noExplicitAny: any view
type AnyDefinition = LiveViewDefinition<any, any, any>;
// biome-ignore lint/suspicious/noExplicitAny: any view
type AnySocket = LiveViewSocket<any, any>;
type EventInput = Extract<ViewInput, { type: 'lv:event' }>;

/**
 * The handleParams stage, with the state's URL (made only when a hook or the view's own runs).
 * @internal
 */
export async function runParamsStage(
  source: IdentitySource,
  def: AnyDefinition,
  state: SocketState,
  params: Params,
  socket: AnySocket,
): Promise<void> {
  const hooks = state.attached;
  if (def.handleParams === undefined && !hooks?.has('handleParams')) return;
  const url = state.url;
  if (
    hooks?.has('handleParams') &&
    (await hooks.run('handleParams', [params, url, socket])) !== 'cont'
  ) {
    return;
  }
  await runHandleParams(source, def, params, url, socket);
}

/**
 * The handleEvent stage: what the view answers (a hook's `{ reply }` or the view's own result);
 * nothing when a hook halted. A view that gets this far without `handleEvent` is an error.
 * @internal
 */
export function runEventStage(
  source: IdentitySource,
  def: AnyDefinition,
  state: SocketState,
  input: EventInput,
  socket: AnySocket,
): EventResult | Promise<EventResult> {
  const hooks = state.attached;
  if (hooks?.has('handleEvent')) return hookedEvent(source, def, hooks, input, socket);
  return runHandleEvent(source, def, input, socket);
}

async function hookedEvent(
  source: IdentitySource,
  def: AnyDefinition,
  hooks: AttachedHooks,
  input: EventInput,
  socket: AnySocket,
): Promise<EventResult> {
  const hooked = await hooks.run('handleEvent', [input.event, input.value, socket]);
  if (hooked === 'halt') return undefined;
  if (hooked !== 'cont') return hooked;
  return runHandleEvent(source, def, input, socket);
}

function runHandleEvent(
  source: IdentitySource,
  def: AnyDefinition,
  input: EventInput,
  socket: AnySocket,
): EventResult | Promise<EventResult> {
  const { event, value, cid } = input;
  const handleEvent = def.handleEvent;
  if (handleEvent === undefined) {
    throw new TypeError(
      `live view received event ${JSON.stringify(event)} but defines no handleEvent`,
    );
  }
  if (!isTraced(eventTrace)) return handleEvent(event, value, socket);
  const context = source.identity.trace({ event, value, cid });
  return tracePromise(eventTrace, context, () => handleEvent(event, value, socket));
}

/**
 * True if a user message has somewhere to go: the view's `handleInfo` or a hook of that stage
 * (without either it is dropped).
 * @internal
 */
export function handlesInfo(def: AnyDefinition, state: SocketState): boolean {
  return def.handleInfo !== undefined || state.attached?.has('handleInfo') === true;
}

/**
 * The handleInfo stage.
 * @internal
 */
export function runInfoStage(
  source: IdentitySource,
  def: AnyDefinition,
  state: SocketState,
  msg: unknown,
  socket: AnySocket,
): Promise<void> {
  if (!isTraced(infoTrace)) return landInfo(def, state, msg, socket);
  const context = source.identity.trace({ message: msg });
  return tracePromise(infoTrace, context, () => landInfo(def, state, msg, socket));
}

async function landInfo(
  def: AnyDefinition,
  state: SocketState,
  msg: unknown,
  socket: AnySocket,
): Promise<void> {
  const hooks = state.attached;
  if (hooks?.has('handleInfo') && (await hooks.run('handleInfo', [msg, socket])) !== 'cont') {
    return;
  }
  await def.handleInfo?.(msg, socket);
}

/**
 * A finished async work: the handleAsync stage for a `startAsync`, or the assigns an
 * `assignAsync` fills (no hook runs for those).
 * @internal
 */
export function runAsyncStage(
  source: IdentitySource,
  def: AnyDefinition,
  state: SocketState,
  done: AsyncFinished,
  socket: AnySocket,
): Promise<void> {
  if (!isTraced(asyncTrace)) return landAsync(def, state, done, socket);
  const context = source.identity.trace({ name: done.name, ok: done.outcome.ok });
  return tracePromise(asyncTrace, context, () => landAsync(def, state, done, socket));
}

async function landAsync(
  def: AnyDefinition,
  state: SocketState,
  done: AsyncFinished,
  socket: AnySocket,
): Promise<void> {
  if (done.keys !== undefined) {
    assignOutcome(state, done.keys, done.outcome);
    return;
  }
  const hooks = state.attached;
  const args = [done.name, done.outcome, socket] as const;
  if (hooks?.has('handleAsync') && (await hooks.run('handleAsync', args)) !== 'cont') return;
  await def.handleAsync?.(...args);
}
