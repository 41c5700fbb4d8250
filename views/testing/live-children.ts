/**
 * The nested live views of a view under test, joined as a client joins them: whenever the
 * parent's HTML is refreshed, each child container it holds that has no test yet is joined (a
 * nested one through its parent, `lv:start_child`; a sticky one on its own, from its token),
 * and each test whose container is gone is left. So `lv.liveChildren()` lists the children the
 * page shows, each one a {@link LiveViewTest} of its own.
 *
 * Tokens here are not signed: the test's {@link TestTokens} remembers what each one says.
 */
import type { Pid } from '../../actors/index.js';
import type { ChildClaims, ChildTokens } from '../child-tokens.js';
import { escapeHtml } from '../render/escape.js';

/**
 * The tokens of one test page: names that point at the claims they stand for.
 * @internal
 */
export class TestTokens implements ChildTokens {
  readonly #claims = new Map<string, ChildClaims>();

  session(claims: ChildClaims): string {
    const token = `test-session-${this.#claims.size + 1}`;
    this.#claims.set(token, claims);
    return token;
  }

  static(id: string): string {
    return `test-static-${id}`;
  }

  /** What `token` says, if this page made it. */
  claims(token: string): ChildClaims | undefined {
    return this.#claims.get(token);
  }
}

/**
 * A child container as its parent's HTML shows it.
 * @internal
 */
export interface ChildContainer {
  readonly id: string;
  readonly session: string;
  readonly sticky: boolean;
}

// The opening tag containerMarkup writes (live-render.ts), then its closing tag right after:
// a connected container is always empty in its parent's HTML.
const CONTAINER =
  /(<([a-z][a-z0-9-]*) id="([^"]+)" data-phx-session="([^"]*)" data-phx-static="[^"]*"(?: data-phx-parent-id="([^"]*)"| (data-phx-sticky))[^>]*>)(<\/\2>)/g;

/**
 * The containers of `parentId`'s children in its HTML: nested ones naming it, and sticky ones.
 * @internal
 */
export function childContainers(html: string, parentId: string): ChildContainer[] {
  const found: ChildContainer[] = [];
  for (const match of html.matchAll(CONTAINER)) {
    const [, , , id, session, parent, sticky] = match;
    if (sticky === undefined && parent !== escapeHtml(parentId)) continue;
    found.push({ id: id as string, session: session as string, sticky: sticky !== undefined });
  }
  return found;
}

/**
 * `html` with each child container holding what `inner` gives for its id (left empty where it
 * gives nothing).
 * @internal
 */
export function fillContainers(html: string, inner: (id: string) => string | undefined): string {
  return html.replace(CONTAINER, (whole, open: string, _tag, id: string, ...rest: unknown[]) => {
    const content = inner(id);
    const close = rest[3] as string;
    return content === undefined ? whole : `${open}${content}${close}`;
  });
}

/**
 * One child's test, as the children's list drives it.
 * @internal
 */
export interface ChildTest {
  html(): string;
  close(): Promise<void>;
}

/**
 * Starts a child's test: nested (joined through `parent`) or sticky (from its claims).
 * @internal
 */
export type ChildJoin<T extends ChildTest> = (
  container: ChildContainer,
  parent: Pid,
) => Promise<T | undefined>;

/**
 * The children of one view under test (see the module doc).
 * @internal
 */
export class LiveChildren<T extends ChildTest> {
  readonly #parentId: string;
  readonly #join: ChildJoin<T>;
  readonly #children = new Map<string, { readonly test: T; readonly sticky: boolean }>();
  #sync: Promise<void> = Promise.resolve();

  constructor(parentId: string, join: ChildJoin<T>) {
    this.#parentId = parentId;
    this.#join = join;
  }

  /** The children's tests, in page order as of the last sync. */
  list(): T[] {
    return [...this.#children.values()].map((child) => child.test);
  }

  get(id: string): T | undefined {
    return this.#children.get(id)?.test;
  }

  /** Joins the containers of `html` not joined yet, and leaves the ones gone; in turn. */
  sync(html: string, parent: Pid): Promise<void> {
    this.#sync = this.#sync.then(() => this.#apply(html, parent));
    return this.#sync;
  }

  /**
   * The parent crashed: its nested children end with it (their tests fail or close on their
   * own); the sync after its restart joins them again. Sticky ones live on.
   */
  forgetNested(): void {
    for (const [id, child] of this.#children) {
      if (child.sticky) continue;
      this.#children.delete(id);
      void child.test.close();
    }
  }

  /** Leaves every child. */
  async closeAll(): Promise<void> {
    await this.#sync;
    const children = [...this.#children.values()];
    this.#children.clear();
    await Promise.all(children.map((child) => child.test.close()));
  }

  /** The page's HTML with the children's in their containers. */
  fill(html: string): string {
    return fillContainers(html, (id) => this.#children.get(id)?.test.html());
  }

  async #apply(html: string, parent: Pid): Promise<void> {
    const containers = childContainers(html, this.#parentId);
    const shown = new Set(containers.map((c) => c.id));
    for (const [id, child] of this.#children) {
      if (shown.has(id)) continue;
      this.#children.delete(id);
      await child.test.close();
    }
    for (const container of containers) {
      if (this.#children.has(container.id)) continue;
      const test = await this.#join(container, parent);
      if (test !== undefined) {
        this.#children.set(container.id, { test, sticky: container.sticky });
      }
    }
  }
}
