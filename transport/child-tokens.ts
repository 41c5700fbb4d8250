/**
 * The tokens of nested views' containers (views/child-tokens.ts), signed with a salt of their
 * own ('child'), so that a child's token never passes for a page's and the other way round:
 *
 *   nested  { id, parent }                                  joined through the parent's channel
 *   sticky  { id, parent, sticky: true, view, session, url }  started alone, like a page's view
 *
 * A sticky token names its view by a key of this server's {@link StickyViews}: a live view is
 * a value in memory, not a name. So a sticky token outlives neither a server restart nor a
 * move to another node: its join is then `stale`, and the client loads the page afresh.
 * Static tokens of children are the pages' kind (`{ id, flash }`, salt 'static').
 */
import type { ChildClaims, ChildTokens } from '../views/child-tokens.js';
import type { LiveView, Session } from '../views/live-view.js';
import { isPlainObject } from './event-params.js';
import type { TokenSigner } from './token.js';

// biome-ignore lint/suspicious/noExplicitAny: any view, whatever its type arguments
type AnyView = LiveView<any, any, any>;

/** More distinct sticky views than this means views are being defined per render: a bug. */
const MAX_STICKY_VIEWS = 10_000;

/**
 * The live views this server has rendered sticky, by the key their tokens carry.
 * @internal
 */
export class StickyViews {
  readonly #keys = new WeakMap<AnyView, string>();
  readonly #views = new Map<string, AnyView>();

  keyOf(view: AnyView): string {
    let key = this.#keys.get(view);
    if (key !== undefined) return key;
    if (this.#views.size >= MAX_STICKY_VIEWS) {
      throw new RangeError(
        `liveRender: more than ${MAX_STICKY_VIEWS} distinct sticky views; define each view once, at module level`,
      );
    }
    key = `v${this.#views.size + 1}`;
    this.#keys.set(view, key);
    this.#views.set(key, view);
    return key;
  }

  viewOf(key: string): AnyView | undefined {
    return this.#views.get(key);
  }
}

/**
 * The {@link ChildTokens} of one server.
 * @internal
 */
export function createChildTokens(
  signers: { readonly child: TokenSigner; readonly static: TokenSigner },
  sticky: StickyViews,
): ChildTokens {
  return {
    session(claims: ChildClaims): string {
      const { id, parent } = claims;
      if (!claims.sticky) return signers.child.sign({ id, parent });
      const { session, url } = claims;
      return signers.child.sign({
        id,
        parent,
        sticky: true,
        view: sticky.keyOf(claims.view),
        session,
        url,
      });
    },
    static(id: string): string {
      return signers.static.sign({ id, flash: {} });
    },
  };
}

/**
 * What a verified child token says: a nested child (started by its parent), or a sticky one
 * with its view found.
 * @internal
 */
export type VerifiedChild =
  | { readonly id: string; readonly parent: string; readonly sticky: false }
  | {
      readonly id: string;
      readonly parent: string;
      readonly sticky: true;
      readonly view: AnyView;
      readonly session: Session;
      readonly url: string;
    };

/**
 * The claims of a child session token; undefined when it is not one of ours, too old, or
 * names a sticky view this server does not know.
 * @internal
 */
export function verifyChildToken(
  token: unknown,
  signer: TokenSigner,
  maxAgeMs: number,
  sticky: StickyViews,
): VerifiedChild | undefined {
  let data: unknown;
  try {
    data = signer.verify(token, maxAgeMs);
  } catch {
    return undefined;
  }
  if (!isPlainObject(data)) return undefined;
  const { id, parent } = data;
  if (typeof id !== 'string' || typeof parent !== 'string') return undefined;
  if (data.sticky !== true) return { id, parent, sticky: false };
  const { session, url } = data;
  const view = typeof data.view === 'string' ? sticky.viewOf(data.view) : undefined;
  if (view === undefined || !isPlainObject(session) || typeof url !== 'string') return undefined;
  return { id, parent, sticky: true, view, session, url };
}
