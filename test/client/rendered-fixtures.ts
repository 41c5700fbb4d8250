import type { WireDiff } from '../../views/wire.js';

/**
 * Deep-freezes a value. Rendered promises never to mutate the diffs it is given (a server may
 * keep the objects it sends), and in ESM code a write to a frozen object throws, so every test
 * diff goes through this.
 */
export function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

/** Parses a literal diff, exactly as it would arrive on the wire, and freezes it. */
export function diff(json: string): WireDiff {
  return frozen(JSON.parse(json) as WireDiff);
}
