import { describe, expect, it } from 'vitest';
import {
  addToSmallSet,
  deleteFromSmallSet,
  type SmallSet,
  smallSetSize,
} from '../../actors/small-set.js';

describe('small set', () => {
  it('keeps distinct items in insertion order, as an array up to 8 and a Set past that', () => {
    let set: SmallSet<number> | undefined;
    for (const n of [3, 1, 3, 2, 1]) set = addToSmallSet(set, n);
    expect(Array.isArray(set)).toBe(true);
    expect([...set!]).toEqual([3, 1, 2]);
    for (let n = 10; n < 20; n++) set = addToSmallSet(set, n);
    expect(set).toBeInstanceOf(Set);
    expect([...set!].slice(0, 4)).toEqual([3, 1, 2, 10]);
    expect(smallSetSize(set)).toBe(13);
  });

  it('deletes in place from either form, and counts undefined as empty', () => {
    const small = addToSmallSet(addToSmallSet(undefined, 'a'), 'b');
    deleteFromSmallSet(small, 'a');
    deleteFromSmallSet(small, 'missing');
    expect([...small]).toEqual(['b']);
    let big: SmallSet<number> | undefined;
    for (let n = 0; n < 9; n++) big = addToSmallSet(big, n);
    deleteFromSmallSet(big, 4);
    expect(smallSetSize(big)).toBe(8);
    expect([...big!]).not.toContain(4);
    expect(smallSetSize(undefined)).toBe(0);
    deleteFromSmallSet(undefined, 1);
  });
});
