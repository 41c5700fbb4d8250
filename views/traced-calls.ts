/**
 * The callbacks a dead render and a connected view both run, traced on their channels when
 * anyone listens (telemetry.ts) and called straight otherwise. The view's identity is asked
 * for only when traced: a connected view makes it on first need. Not `async`: untraced, the
 * callback's own result is all there is to await.
 */
import type { LiveViewDefinition, Params, Session } from './live-view.js';
import type { LiveViewSocket } from './socket.js';
import { handleParamsTrace, isTraced, mountTrace, tracePromise } from './telemetry.js';
import type { ViewIdentity } from './view-identity.js';

// biome-ignore lint/suspicious/noExplicitAny: any view
type AnyDefinition = LiveViewDefinition<any, any, any>;
// biome-ignore lint/suspicious/noExplicitAny: any view
type AnySocket = LiveViewSocket<any, any>;

/**
 * Whatever can name the view when a trace needs it.
 * @internal
 */
export interface IdentitySource {
  readonly identity: ViewIdentity;
}

/**
 * `mount`, if the view has one.
 * @internal
 */
export function runMount(
  source: IdentitySource,
  def: AnyDefinition,
  params: Params,
  session: Session,
  socket: AnySocket,
): void | Promise<void> {
  const { mount } = def;
  if (mount === undefined) return;
  if (!isTraced(mountTrace)) return mount(params, session, socket);
  const context = source.identity.trace({ params });
  return tracePromise(mountTrace, context, () => mount(params, session, socket));
}

/**
 * `handleParams`, if the view has one.
 * @internal
 */
export function runHandleParams(
  source: IdentitySource,
  def: AnyDefinition,
  params: Params,
  url: URL,
  socket: AnySocket,
): void | Promise<void> {
  const { handleParams } = def;
  if (handleParams === undefined) return;
  if (!isTraced(handleParamsTrace)) return handleParams(params, url, socket);
  const context = source.identity.trace({ params, url: url.href });
  return tracePromise(handleParamsTrace, context, () => handleParams(params, url, socket));
}
