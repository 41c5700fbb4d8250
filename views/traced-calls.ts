/**
 * The callbacks a dead render and a connected view both run, traced on their channels when
 * anyone listens (telemetry.ts) and called straight otherwise.
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
 * `mount`, if the view has one.
 * @internal
 */
export async function runMount(
  identity: ViewIdentity,
  def: AnyDefinition,
  params: Params,
  session: Session,
  socket: AnySocket,
): Promise<void> {
  const { mount } = def;
  if (mount === undefined) return;
  if (!isTraced(mountTrace)) await mount(params, session, socket);
  else
    await tracePromise(mountTrace, identity.trace({ params }), () =>
      mount(params, session, socket),
    );
}

/**
 * `handleParams`, if the view has one.
 * @internal
 */
export async function runHandleParams(
  identity: ViewIdentity,
  def: AnyDefinition,
  params: Params,
  url: URL,
  socket: AnySocket,
): Promise<void> {
  const { handleParams } = def;
  if (handleParams === undefined) return;
  if (!isTraced(handleParamsTrace)) await handleParams(params, url, socket);
  else {
    const context = identity.trace({ params, url: url.href });
    await tracePromise(handleParamsTrace, context, () => handleParams(params, url, socket));
  }
}
