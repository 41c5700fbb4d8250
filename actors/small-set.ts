/**
 * A set that nearly always holds one or two items: a process's links, the monitors on it, the
 * monitors it holds. An empty `Set` already costs ~150 B (more than the process itself), a
 * one-item array ~56 B, so such a set is an exact-size array up to SMALL_SET_MAX items and a
 * `Set` past that (a supervisor of thousands of children must not scan them on every link).
 * Either way it keeps insertion order, as a `Set` does, and iterates with `for...of`.
 */

/** Up to this many items the set is an array: a scan this short is as quick as a hash. */
const SMALL_SET_MAX = 8;

/**
 * An array of distinct items (at most SMALL_SET_MAX) or a Set; only the functions below write it.
 * @internal
 */
export type SmallSet<T> = T[] | Set<T>;

/**
 * Adds `item` unless it is there already; returns the set to store, which is a new object when
 * the set was undefined or an array (so the caller reassigns it).
 * @internal
 */
export function addToSmallSet<T>(set: SmallSet<T> | undefined, item: T): SmallSet<T> {
  if (set === undefined) return [item];
  if (!Array.isArray(set)) return set.add(item);
  if (set.includes(item)) return set;
  // A copy of the exact size: a push would grow the array to 17 slots.
  return set.length < SMALL_SET_MAX ? set.concat([item]) : new Set([...set, item]);
}

/**
 * Removes `item` if present, in place.
 * @internal
 */
export function deleteFromSmallSet<T>(set: SmallSet<T> | undefined, item: T): void {
  if (set === undefined) return;
  if (!Array.isArray(set)) {
    set.delete(item);
    return;
  }
  const index = set.indexOf(item);
  if (index >= 0) set.splice(index, 1);
}

/**
 * How many items the set holds (0 for undefined).
 * @internal
 */
export function smallSetSize<T>(set: SmallSet<T> | undefined): number {
  if (set === undefined) return 0;
  return Array.isArray(set) ? set.length : set.size;
}
