/**
 * The name a live view goes by in logs and telemetry. Phoenix names a crashed view by its module;
 * a `defineLiveView` value has no name of its own, so it is the definition's `name` when given,
 * else the place `defineLiveView` was called (`examples/counter.ts:12`), which is what finds the
 * code in an editor. The place is captured once per definition, as a stack frame, and only
 * formatted when a name is first asked for.
 */
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const sites = new WeakMap<object, { stack?: string }>();
const names = new WeakMap<object, string>();

/**
 * Remembers where `view` was defined: the caller of `definer`.
 * @internal
 */
export function rememberDefinitionSite(view: object, definer: (...args: never[]) => unknown): void {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, definer);
  sites.set(view, holder);
}

/**
 * `definition.name`, else `file:line` of its `defineLiveView` call, else `LiveView`.
 * @internal
 */
export function viewName(view: object, given: string | undefined): string {
  if (given !== undefined) return given;
  let name = names.get(view);
  if (name === undefined) {
    name = siteOf(sites.get(view)?.stack) ?? 'LiveView';
    names.set(view, name);
  }
  return name;
}

/** `relative/path.ts:12` from the first frame of a captured stack. */
function siteOf(stack: string | undefined): string | undefined {
  const frame = stack?.split('\n')[1];
  const match = frame?.match(/\(?([^\s()]+):(\d+):\d+\)?\s*$/);
  if (match === null || match === undefined) return undefined;
  let file = match[1]!;
  try {
    if (file.startsWith('file:')) file = fileURLToPath(file);
  } catch {
    return undefined;
  }
  if (isAbsolute(file)) {
    const inside = relative(process.cwd(), file);
    if (!inside.startsWith('..')) file = inside;
  }
  return `${file}:${match[2]}`;
}
