import type { ActorSystem, PubSub } from '../actors/index.js';
import type { ChildTokens } from './child-tokens.js';
import type { ConnectInfo } from './connect-info.js';
import { renderDeadPage } from './dead-children.js';
import { runParamsStage } from './hook-stages.js';
import { type OnMount, runOnMount } from './lifecycle.js';
import type { Flash, LiveView, Params, Session } from './live-view.js';
import { followNavigation } from './navigation.js';
import type { UrlResolver } from './port.js';
import { LiveViewSocket } from './socket.js';
import { SocketState } from './socket-state.js';
import { isTraced, renderTrace } from './telemetry.js';
import { runMount } from './traced-calls.js';
import { traceRender, ViewIdentity } from './view-identity.js';

/**
 * The step of a dead render under way, for the error page and log of one that throws.
 *
 * @example
 * renderDead(view, { ...input, onPhase: (p) => { phase = p; } });
 */
export type DeadRenderPhase = 'onMount' | 'mount' | 'handleParams' | 'render';

/**
 * The outcome of a dead render: the view's HTML, or a redirect when an onMount hook or its
 * mount navigated away (`redirect` or `pushNavigate`; the HTTP response is then a 302 to `to`).
 *
 * @example
 * const page = await renderDead(view, input);
 * if (page.type === 'redirect') res.writeHead(302, { location: page.to }).end();
 */
export type DeadRender =
  | {
      readonly type: 'html';
      readonly html: string;
      readonly title: string | undefined;
      readonly flash: Flash;
    }
  | { readonly type: 'redirect'; readonly to: string; readonly flash: Flash };

/**
 * What {@link renderDead} needs to know about the request.
 *
 * @example
 * const input: DeadRenderInput = { id: 'phx-1', params: {}, session: {}, url, flash: {}, system, pubsub, resolve };
 */
export interface DeadRenderInput {
  /** The container id the page will carry. */
  readonly id: string;
  readonly params: Params;
  readonly session: Session;
  /** The absolute page URL. */
  readonly url: URL;
  /** Flash read from the request (the flash cookie). */
  readonly flash: Flash;
  readonly system: ActorSystem;
  readonly pubsub: PubSub;
  /** Resolves a `pushPatch` target (same view: handleParams; else a redirect). */
  readonly resolve: UrlResolver;
  /** The route pattern that matched, for telemetry; default: the URL's path. */
  readonly route?: string | undefined;
  /** Told as each step begins, so a caller knows which one threw. */
  readonly onPhase?: ((phase: DeadRenderPhase) => void) | undefined;
  /** Signs the containers of nested views (`liveRender`); without it they are an error. */
  readonly nested?: ChildTokens | undefined;
  /** Hooks that run before `mount` (a live session's); one may redirect and halt. */
  readonly onMount?: readonly OnMount[] | undefined;
  /** The page request's connection (`getConnectInfo`); nested views share it. */
  readonly connectInfo?: ConnectInfo | undefined;
}

/**
 * Renders a view for the first HTTP response: its onMount hooks, `mount` and `handleParams` with
 * `socket.connected` false (no process, no subscriptions, no async work), then the HTML, its
 * nested views' dead renders inside (dead-children.ts).
 *
 * @example
 * const page = await renderDead(Counter, { id, params, session, url, flash: {}, system, pubsub, resolve });
 * if (page.type === 'html') send(layout({ title: page.title, content: raw(page.html) }));
 */
export function renderDead(
  // biome-ignore lint/suspicious/noExplicitAny: any view
  view: LiveView<any, any, any>,
  input: DeadRenderInput,
): Promise<DeadRender> {
  return renderDeadAt(view, input, 0);
}

async function renderDeadAt(
  // biome-ignore lint/suspicious/noExplicitAny: any view
  view: LiveView<any, any, any>,
  input: DeadRenderInput,
  depth: number,
): Promise<DeadRender> {
  const state = new SocketState({ flash: input.flash }, input.url, undefined);
  // biome-ignore lint/suspicious/noExplicitAny: any view
  const socket = new LiveViewSocket<any, any>(state, {
    id: input.id,
    connected: false,
    self: undefined,
    system: input.system,
    pubsub: input.pubsub,
    connectParams: {},
    restarts: 0,
    parentPid: undefined,
    connectInfo: input.connectInfo,
  });
  const def = view.definition;
  const { params, session, onPhase } = input;
  const identity = new ViewIdentity(input, view, undefined);
  const source = { identity };
  // Nested views run no onMount hooks: those belong to the page's route.
  const hooks = depth === 0 ? input.onMount : undefined;
  onPhase?.('onMount');
  if ((await runOnMount(hooks, [params, session, socket], () => state.departing)) === 'cont') {
    onPhase?.('mount');
    await runMount(source, def, params, session, socket);
    onPhase?.('handleParams');
    await runParamsStage(source, def, state, params, socket);
  }
  const handleParams = (p: Params) => runParamsStage(source, def, state, p, socket);
  const { departure } = await followNavigation(view, handleParams, state, input.resolve);
  const flash = state.assigns.flash as Flash;
  if (departure !== undefined) return { type: 'redirect', to: departure.to, flash };
  onPhase?.('render');
  const parent = {
    id: input.id,
    session: input.session,
    url: input.url.href,
    tokens: input.nested,
    depth,
  };
  const page = await renderDeadPage(
    () => def.render(state.assigns),
    parent,
    (call, session) =>
      renderDeadAt(
        call.view,
        { ...input, id: call.id, params: {}, session, flash: {}, onMount: undefined },
        depth + 1,
      ),
    (toHtml) => (isTraced(renderTrace) ? traceRender(identity, toHtml) : toHtml()),
  );
  if (page.type === 'redirect') return page;
  return { type: 'html', html: page.html, title: state.title, flash };
}
