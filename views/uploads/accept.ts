/**
 * Which files an upload accepts, as `allowUpload`'s `accept` option says it and as LiveView
 * checks it: a list of file extensions (`.jpg`) and MIME types (`image/png`, or the wildcards
 * `image/*`, `audio/*`, `video/*`), or `'any'`.
 *
 * An extension brings its MIME type along (`.jpg` accepts `image/jpeg`), so an entry is accepted
 * when its declared type matches, or when its file name's extension does. Both are the client's
 * word: this is the browser's `accept` filter repeated on the server, not a content check (a
 * writer or the consumer inspects the bytes when that matters).
 *
 * @example
 * const rule = parseAccept(['.jpg', 'image/png']);
 * isAccepted(rule, 'me.JPG', '');            // true (extension)
 * isAccepted(rule, 'scan', 'image/png');     // true (type)
 * isAccepted(rule, 'notes.txt', 'text/plain'); // false
 */
import mime from 'mime';

/**
 * A parsed `accept` option.
 * @internal
 */
export interface AcceptRule {
  /** True for `'any'`. */
  readonly any: boolean;
  readonly types: ReadonlySet<string>;
  /** Lower-case extensions with their dot (`.jpg`). */
  readonly exts: ReadonlySet<string>;
}

const WILDCARDS: ReadonlySet<string> = new Set(['image/*', 'audio/*', 'video/*']);

/**
 * Checks and parses `accept`; throws a TypeError naming the first specifier that is not a known
 * extension or MIME type, as `allow_upload` raises.
 * @internal
 */
export function parseAccept(accept: readonly string[] | 'any'): AcceptRule {
  if (accept === 'any') return { any: true, types: new Set(), exts: new Set() };
  if (!Array.isArray(accept) || accept.length === 0) {
    throw new TypeError(
      "allowUpload: `accept` must be a non-empty list of extensions and MIME types, or 'any'",
    );
  }
  const types = new Set<string>();
  const exts = new Set<string>();
  for (const spec of accept) {
    if (typeof spec !== 'string') throw new TypeError('allowUpload: `accept` holds a non-string');
    if (WILDCARDS.has(spec)) {
      types.add(spec);
    } else if (spec.startsWith('.')) {
      const type = mime.getType(spec);
      if (type === null) {
        throw new TypeError(
          `allowUpload: accept "${spec}" is not an extension with a known MIME type`,
        );
      }
      types.add(type);
      exts.add(spec.toLowerCase());
    } else if (mime.getAllExtensions(spec) !== null) {
      types.add(spec);
    } else {
      throw new TypeError(
        `allowUpload: accept "${spec}" is neither an extension (".pdf") nor a known MIME type`,
      );
    }
  }
  return { any: false, types, exts };
}

/**
 * Whether an entry of this client name and type passes the rule.
 * @internal
 */
export function isAccepted(rule: AcceptRule, name: string, type: string): boolean {
  if (rule.any) return true;
  const slash = type.indexOf('/');
  if (slash > 0 && rule.types.has(`${type.slice(0, slash)}/*`)) return true;
  if (rule.types.has(type)) return true;
  const dot = name.lastIndexOf('.');
  return dot > 0 && rule.exts.has(name.slice(dot).toLowerCase());
}
