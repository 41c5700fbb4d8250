/**
 * A first-in first-out queue on a growable ring buffer: push at the tail, shift at the head, both
 * O(1) without `Array#shift`'s copying, and no allocation per item once the ring has grown to fit.
 * A process's mailbox stores two slots per message (its kind, then its payload) so that a send
 * allocates nothing; the scheduler's run queue stores processes.
 * @internal
 */
export class Mailbox<T> {
  #slots: (T | undefined)[];
  #mask: number;
  #head = 0;
  #tail = 0;

  constructor(capacity = 8) {
    // A power of two, so that wrapping is a mask instead of a division.
    let size = 4;
    while (size < capacity) size *= 2;
    this.#slots = new Array<T | undefined>(size);
    this.#mask = size - 1;
  }

  /** How many items wait. */
  get size(): number {
    return (this.#tail - this.#head) & this.#mask;
  }

  /** Whether nothing waits. */
  isEmpty(): boolean {
    return this.#head === this.#tail;
  }

  /** Appends `item` at the tail. */
  push(item: T): void {
    this.#slots[this.#tail] = item;
    this.#tail = (this.#tail + 1) & this.#mask;
    if (this.#tail === this.#head) Mailbox.#grow(this);
  }

  /** Removes and returns the head; undefined when empty. */
  shift(): T | undefined {
    if (this.#head === this.#tail) return undefined;
    const item = this.#slots[this.#head];
    // Clear the slot so that a handled message can be garbage-collected.
    this.#slots[this.#head] = undefined;
    this.#head = (this.#head + 1) & this.#mask;
    return item;
  }

  /** Removes every item, returning them in order. */
  drain(): T[] {
    const items: T[] = [];
    while (this.#head !== this.#tail) items.push(this.shift() as T);
    return items;
  }

  // Static: an instance method with a #name would give every mailbox a hidden private-brand slot.
  static #grow<T>(box: Mailbox<T>): void {
    // The ring is full (tail caught up with head): unroll it into an array twice as long.
    const old = box.#slots;
    const length = old.length;
    const slots = new Array<T | undefined>(length * 2);
    for (let i = 0; i < length; i++) slots[i] = old[(box.#head + i) & box.#mask];
    box.#slots = slots;
    box.#head = 0;
    box.#tail = length;
    box.#mask = length * 2 - 1;
  }
}
