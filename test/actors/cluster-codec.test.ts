/**
 * The cluster codec: whatever encoding it picks (JSON for plain data, v8 for the rest), what
 * arrives is what a structured clone would give, and what cannot be cloned fails at the sender.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../actors/cluster/codec.js';

const roundTrip = (value: unknown) => decode(encode('test', value));
const isV8 = (value: unknown) => encode('test', value)[0] === 0xff;

describe('the cluster codec', () => {
  it('carries plain data as JSON and arrives as a structured clone would', () => {
    const value = { text: 'hi', n: 1.5, list: [1, 'two', null, true], nested: { deep: [{}] } };
    expect(isV8(value)).toBe(false);
    expect(roundTrip(value)).toStrictEqual(structuredClone(value));
  });

  it.each([
    ['-0', -0],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['undefined', undefined],
    ['an undefined property', { a: undefined }],
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    ['a hole', [1, , 3]],
    ['an array with a named property', Object.assign([1, 2], { extra: 'x' })],
    ['a Map', new Map([[1, { a: 1 }]])],
    ['a Date', new Date(0)],
    ['a bigint', 10n],
    ['a Uint8Array', new Uint8Array([1, 2])],
    ['an Error', new Error('boom')],
  ])('keeps %s exact, through v8', (_name, value) => {
    expect(isV8(value)).toBe(true);
    expect(roundTrip(value)).toStrictEqual(structuredClone(value));
  });

  it('keeps an object reached twice as one object', () => {
    const shared = { n: 1 };
    const back = roundTrip({ a: shared, b: shared }) as { a: object; b: object };
    expect(back.a).toBe(back.b);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const again = roundTrip(cyclic) as Record<string, unknown>;
    expect(again.self).toBe(again);
  });

  it('refuses at the sender what cannot be cloned', () => {
    expect(() => encode('room:1', { f: () => 1 })).toThrow(
      expect.objectContaining({ code: 'ERR_NOT_CLONEABLE' }),
    );
    expect(() => encode('room:1', new Proxy({}, {}))).toThrow(
      expect.objectContaining({ code: 'ERR_NOT_CLONEABLE' }),
    );
  });

  it('agrees with structuredClone on any value', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withMap: true,
          withSet: true,
          withDate: true,
          withNullPrototype: true,
          withSparseArray: true,
        }),
        (value) => {
          expect(roundTrip(value)).toStrictEqual(structuredClone(value));
        },
      ),
      { numRuns: 500 },
    );
  });
});
