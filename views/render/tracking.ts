/**
 * Change tracking for lazy slots. A lazy slot is a function in a slot, `() => html\`...\``,
 * that the engine runs only when one of the assigns it read the last time it ran has changed.
 * "Read" is observed, not declared: the engine hands the render function a read-only proxy
 * over the assigns, and while a lazy slot runs, every property read through that proxy is
 * recorded for that slot.
 *
 * Recording is a stack because lazy slots nest: a read inside an inner lazy slot also counts
 * for every enclosing one (if the outer slot were skipped, the inner one would never be looked
 * at), so when a recording ends its keys are added to the one below it. A skipped slot passes
 * its remembered keys up the same way, so the outer slot keeps depending on them.
 *
 * Worked example: `html\`<p>${() => a.user.name}</p>${a.count}\`` first renders everything and
 * records `{user}` for slot 0; a later render with `changed = {count}` skips slot 0 (the
 * function is not called and nothing is sent for it) and re-renders slot 1.
 */

/**
 * Records which assign keys are read through its proxies, per running lazy slot.
 *
 * @example
 * const tracker = new ReadTracker();
 * const a = tracker.track({ x: 1, y: 2 });
 * tracker.begin();
 * a.x;
 * tracker.end(); // Set { 'x' }
 *
 * @internal
 */
export class ReadTracker {
  readonly #stack: Set<string>[] = [];
  // The traps are shared functions, not closures over the stack, which would cost every
  // tracker (every connected view) four functions and their contexts. They are own properties
  // of the handler: a proxy finds those faster than traps on a prototype.
  readonly #handler: TrackingHandler = {
    stack: this.#stack,
    get: trackedGet,
    has: trackedHas,
    set: readOnlySet,
    deleteProperty: readOnlyDelete,
  };
  // The last object tracked and its proxy: a view re-rendering the same assigns gets the same
  // proxy. (A WeakMap costs more than a new Proxy when, as usual, every render brings a new
  // assigns object; live components keep their own proxy.)
  #lastTarget: object | undefined;
  #lastProxy: object | undefined;

  /** A read-only proxy over `assigns` whose reads are recorded (the same proxy for the same object). */
  track<Assigns extends object>(assigns: Assigns): Assigns {
    if (assigns !== this.#lastTarget) {
      this.#lastTarget = assigns;
      this.#lastProxy = new Proxy(assigns, this.#handler);
    }
    return this.#lastProxy as Assigns;
  }

  /** Starts recording reads for a lazy slot that is about to run. */
  begin(): void {
    this.#stack.push(new Set());
  }

  /**
   * Stops the innermost recording and returns its keys, also crediting them to the enclosing
   * recording unless `credit` is false (a live component's reads are its own, not its parent's).
   */
  end(credit = true): Set<string> {
    const keys = this.#stack.pop() ?? new Set<string>();
    if (credit) this.addReads(keys);
    return keys;
  }

  /** Credits `keys` to the running recording, if any (a skipped nested slot's dependencies). */
  addReads(keys: ReadonlySet<string>): void {
    const top = this.#stack[this.#stack.length - 1];
    if (top !== undefined) for (const key of keys) top.add(key);
  }

  /** Drops every open recording (after a render threw half-way). */
  reset(): void {
    this.#stack.length = 0;
  }
}

/** A tracker's proxy handler: its recording stack, and the traps every tracker shares. */
interface TrackingHandler extends ProxyHandler<object> {
  readonly stack: Set<string>[];
}

function trackedGet(
  this: TrackingHandler,
  target: object,
  key: string | symbol,
  receiver: unknown,
): unknown {
  const stack = this.stack;
  if (typeof key === 'string' && stack.length > 0) stack[stack.length - 1]?.add(key);
  return Reflect.get(target, key, receiver);
}

function trackedHas(this: TrackingHandler, target: object, key: string | symbol): boolean {
  const stack = this.stack;
  if (typeof key === 'string' && stack.length > 0) stack[stack.length - 1]?.add(key);
  return Reflect.has(target, key);
}

function readOnlySet(_target: object, key: string | symbol): boolean {
  throw new TypeError(
    `assigns are read-only here; use socket.assign(${JSON.stringify(String(key))}, value)`,
  );
}

function readOnlyDelete(_target: object, key: string | symbol): boolean {
  throw new TypeError(`assigns are read-only here; cannot delete ${JSON.stringify(String(key))}`);
}

/**
 * True when a lazy slot must run again: its reads intersect `changed`, or `changed` is
 * `undefined` (meaning "everything may have changed").
 * @internal
 */
export function readsChanged(
  reads: ReadonlySet<string>,
  changed: ReadonlySet<string> | undefined,
): boolean {
  if (changed === undefined) return true;
  if (reads.size <= changed.size) {
    for (const key of reads) if (changed.has(key)) return true;
  } else {
    for (const key of changed) if (reads.has(key)) return true;
  }
  return false;
}
