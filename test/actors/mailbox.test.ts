import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Mailbox } from '../../actors/mailbox.js';

describe('Mailbox (FIFO ring)', () => {
  it('behaves as a FIFO queue for any interleaving of pushes and shifts', () => {
    const op = fc.oneof(
      fc.integer().map((n) => ({ push: n })),
      fc.constant({ shift: true }),
    );
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 300 }),
        fc.integer({ min: 1, max: 20 }),
        (ops, capacity) => {
          const box = new Mailbox<number>(capacity);
          const model: number[] = [];
          for (const o of ops) {
            if ('push' in o) {
              box.push(o.push);
              model.push(o.push);
            } else {
              expect(box.shift()).toBe(model.shift());
            }
            expect(box.size).toBe(model.length);
            expect(box.isEmpty()).toBe(model.length === 0);
          }
          expect(box.drain()).toEqual(model);
          expect(box.isEmpty()).toBe(true);
        },
      ),
    );
  });

  it('returns undefined when empty', () => {
    expect(new Mailbox<string>().shift()).toBeUndefined();
  });
});
