import { decodeParams } from './event-params.js';

/**
 * Maps request paths to views. A pattern is a list of segments: literal text (`events`), a
 * named parameter (`:id`, one segment) or, last only, a glob (`*rest`, zero or more segments,
 * given as an array as Phoenix does). Routes are tried in the order given; the first match
 * wins, so list `/events/new` before `/events/:id`.
 *
 * Matching percent-decodes each path segment (a malformed escape means no match) and
 * tolerates one trailing slash on both sides (`/events/1/` matches `/events/:id`).
 * Params are the query string decoded like a form ({@link decodeParams}) with the path
 * params assigned over them, so `/events/7?id=1` gives `id: '7'`.
 */

/**
 * One entry of the route table.
 */
export interface Route<V> {
  readonly path: string;
  readonly view: V;
}

/**
 * A successful {@link Router.match}: the route as it was given, and the params.
 */
export interface RouteMatch<R extends Route<unknown>> {
  readonly route: R;
  readonly params: Record<string, unknown>;
}

type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'glob'; readonly name: string };

interface Compiled<R extends Route<unknown>> {
  readonly route: R;
  readonly segments: readonly Segment[];
}

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// '/' -> [], '/a/b/' -> ['a', 'b']; undefined for an empty segment in the middle ('/a//b').
function splitPath(path: string): string[] | undefined {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (trimmed === '/') return [];
  const parts = trimmed.slice(1).split('/');
  return parts.includes('') ? undefined : parts;
}

function compileSegment(part: string, index: number, count: number, path: string): Segment {
  const sigil = part[0];
  if (sigil === ':' || sigil === '*') {
    const name = part.slice(1);
    if (!PARAM_NAME.test(name) || FORBIDDEN_NAMES.has(name)) {
      throw new TypeError(
        `Router: bad parameter name "${part}" in "${path}"; use letters, digits, _`,
      );
    }
    if (sigil === '*' && index !== count - 1) {
      throw new TypeError(`Router: glob "${part}" must be the last segment of "${path}"`);
    }
    return sigil === ':' ? { kind: 'param', name } : { kind: 'glob', name };
  }
  if (/[%?#:*\s]/.test(part)) {
    throw new TypeError(
      `Router: literal segment "${part}" of "${path}" may not contain % ? # : * or spaces; write it decoded`,
    );
  }
  return { kind: 'literal', text: part };
}

function compile<R extends Route<unknown>>(route: R): Compiled<R> {
  const { path } = route;
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError(`Router: a route path must start with "/"; got ${JSON.stringify(path)}`);
  }
  const parts = splitPath(path);
  if (parts === undefined) throw new TypeError(`Router: empty segment ("//") in "${path}"`);
  const segments = parts.map((part, i) => compileSegment(part, i, parts.length, path));
  const names = segments.flatMap((s) => (s.kind === 'literal' ? [] : [s.name]));
  if (new Set(names).size !== names.length) {
    throw new TypeError(`Router: "${path}" uses a parameter name twice`);
  }
  return { route, segments };
}

// Two patterns with the same shape match the same paths; the second could never win.
function shapeOf(segments: readonly Segment[]): string {
  return segments.map((s) => (s.kind === 'literal' ? `/=${s.text}` : `/${s.kind}`)).join('');
}

function decodeSegments(pathname: string): string[] | undefined {
  const parts = splitPath(pathname);
  if (parts === undefined) return undefined;
  try {
    return parts.map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}

function matchSegments(
  segments: readonly Segment[],
  parts: readonly string[],
): Record<string, string | string[]> | undefined {
  const params: Record<string, string | string[]> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.kind === 'glob') {
      params[segment.name] = parts.slice(i);
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.kind === 'param') params[segment.name] = part;
    else if (part !== segment.text) return undefined;
  }
  return parts.length === segments.length ? params : undefined;
}

/**
 * The route table of a server. Throws `TypeError` at construction for a malformed pattern, a
 * repeated parameter name, or two patterns that match the same paths.
 */
export class Router<R extends Route<unknown>> {
  readonly #routes: readonly Compiled<R>[];

  constructor(routes: readonly R[]) {
    if (!Array.isArray(routes)) throw new TypeError('Router: routes must be an array');
    const compiled = routes.map((r) => compile(r));
    const seen = new Map<string, string>();
    for (const { route, segments } of compiled) {
      const shape = shapeOf(segments);
      const earlier = seen.get(shape);
      if (earlier !== undefined) {
        throw new TypeError(`Router: "${route.path}" matches the same paths as "${earlier}"`);
      }
      seen.set(shape, route.path);
    }
    this.#routes = compiled;
  }

  /** The first route matching `url`'s path, with its params; `undefined` when none does. */
  match(url: URL): RouteMatch<R> | undefined {
    const parts = decodeSegments(url.pathname);
    if (parts === undefined) return undefined;
    for (const { route, segments } of this.#routes) {
      const pathParams = matchSegments(segments, parts);
      if (pathParams === undefined) continue;
      const params = decodeParams(url.search.slice(1));
      Object.assign(params, pathParams);
      return { route, params };
    }
    return undefined;
  }
}
