/**
 * The tokens of nested live views' containers, which the host signs (views/ holds no secret):
 * a view's {@link ViewStart} (and its dead render's input) carries the host's
 * {@link ChildTokens}, and every `liveRender` container asks it for its `data-phx-session` and
 * `data-phx-static`.
 *
 * A nested child's session names the child and its parent; the host hands the child's join to
 * that parent, on the same socket, which starts the child from what it rendered. A sticky
 * child lives on without its parent, so its session also names the view, the user session and
 * the page URL: whatever the host needs to start it alone, on any later page.
 *
 * [ViewStart]: port.ts
 */
import type { LiveView, Session } from './live-view.js';

/**
 * What one child container's session token says.
 *
 * @example
 * const claims: ChildClaims = { id: 'basket', parent: 'phx-F1', sticky: false };
 */
export type ChildClaims =
  | {
      readonly id: string;
      /** The parent's container id (its topic without `lv:`). */
      readonly parent: string;
      readonly sticky: false;
    }
  | {
      readonly id: string;
      readonly parent: string;
      readonly sticky: true;
      // biome-ignore lint/suspicious/noExplicitAny: any view, whatever its type arguments
      readonly view: LiveView<any, any, any>;
      /** The child's mount session (the parent's, merged with `liveRender`'s). */
      readonly session: Session;
      /** The page the child was first rendered on: its `socket.url`. */
      readonly url: string;
    };

/**
 * Signs child containers' tokens; given by the host.
 *
 * @example
 * const tokens: ChildTokens = { session: (claims) => signer.sign(claims.id), static: (id) => signer.sign(id) };
 */
export interface ChildTokens {
  /** The `data-phx-session` of a child container. */
  session(claims: ChildClaims): string;
  /** The `data-phx-static` of a child container in the dead render. */
  static(id: string): string;
}
