/**
 * The few cookie rules a harness page needs: what the dead render set (`Set-Cookie`), what the
 * test passed in, and what the client wrote to `document.cookie` (the `__phoenix_flash__`
 * cookie before a redirect), merged into the `Cookie` header of the next request. No domain,
 * path or expiry bookkeeping beyond deletion: every page talks to one origin.
 */

/** Cookies by name. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  /** Starts from a `Cookie` header such as `'a=1; b=2'` (absent: empty). */
  constructor(header?: string) {
    this.merge(header);
  }

  /**
   * Applies `Set-Cookie` values: sets `name=value`, deletes on `Max-Age<=0` or a past `Expires`.
   *
   * @example
   * jar.applySetCookies(response.headers.getSetCookie());
   */
  applySetCookies(headers: readonly string[], now = Date.now()): void {
    for (const header of headers) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((attribute) => {
        const eqAt = attribute.indexOf('=');
        const key = attribute
          .slice(0, eqAt < 0 ? undefined : eqAt)
          .trim()
          .toLowerCase();
        const raw = eqAt < 0 ? '' : attribute.slice(eqAt + 1).trim();
        if (key === 'max-age') return Number(raw) <= 0;
        if (key === 'expires') return Date.parse(raw) <= now;
        return false;
      });
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, pair.slice(eq + 1).trim());
    }
  }

  /**
   * Adds (or overwrites) the pairs of a `Cookie` header or a `document.cookie` string.
   *
   * @example
   * jar.merge(window.document.cookie);
   */
  merge(header: string | undefined): this {
    for (const part of (header ?? '').split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) this.#cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    return this;
  }

  /** A copy, so a page can merge its `document.cookie` without changing what it was given. */
  clone(): CookieJar {
    return new CookieJar(this.header());
  }

  /**
   * The `Cookie` request header value (`''` when empty).
   *
   * @example
   * new CookieJar('a=1').merge('b=2').header(); // 'a=1; b=2'
   */
  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
