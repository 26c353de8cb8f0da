// Emitted pieces kept between runs of a long-lived process (`watch`): each event's schema text, type
// declarations, checker and client statements, keyed by what they are made from (the event's
// content hash and the names around it), and the pieces made from every event's name. After a
// one-event edit a run emits that event again and joins the rest from here; the bench's watch
// figure in bench/README.md is what this buys.
// A run keeps only the pieces it used, so the memo holds one taxonomy's worth and never grows.
// In: keys and a function that computes a piece. Out: the piece, computed once per key.

export class EmitMemo {
  private previous = new Map<string, unknown>();
  private current = new Map<string, unknown>();
  /** Each event's content as hashes.ts serialises it, by IR object (a build reuses unchanged events' objects: IrMemo). */
  readonly contents = new WeakMap<object, string>();

  /**
   * The piece stored under `key` by this run or the last, if `usable` accepts it; else `compute()`,
   * stored. Keys are namespaced by stage, so a key always holds one emitter's kind of piece.
   */
  get<T>(key: string, compute: () => T, usable: (stored: T) => boolean = () => true): T {
    const stored = (this.current.has(key) ? this.current.get(key) : this.previous.get(key)) as T | undefined;
    const value = stored !== undefined && usable(stored) ? stored : flattened(compute());
    this.current.set(key, value);
    return value;
  }

  /** Ends a run: pieces it did not use are dropped. */
  endRun(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}

/**
 * `value` with every string in it flattened. V8 keeps a string built by concatenation (`+`,
 * template literals, `replaceAll`) as a tree of its pieces and walks that tree again each time the
 * string is copied: a piece kept for many runs is joined into a file on every run, so it is made
 * flat once, when stored (converting a string to a number flattens it in place). At 1,000 events a
 * watch re-run's generate went from ~245 to ~180 ms (bench/README.md).
 */
function flattened<T>(value: T): T {
  if (typeof value === 'string') Number(value);
  else if (Array.isArray(value)) for (const item of value as unknown[]) flattened(item);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) flattened(item);
  return value;
}

/** A memo and each event's content hash (ContentHashes.eventFiles), which keys the event's pieces. */
export interface EventMemo {
  readonly memo: EmitMemo;
  readonly eventHashes: readonly string[];
}

/**
 * Event `index`'s piece of `stage`, from the memo when there is one; `names` adds what the piece is
 * made from beyond the event's content (names given by position in the module), and `usable` may
 * still refuse a stored piece. Without a memo (a one-shot run), computes: the work it did before.
 */
export function eventPiece<T>(pieces: EventMemo | undefined, stage: string, index: number, compute: () => T, names = '', usable?: (stored: T) => boolean): T {
  const hash = pieces?.eventHashes[index];
  return pieces === undefined || hash === undefined ? compute() : pieces.memo.get(`${stage}\0${hash}\0${names}`, compute, usable);
}

/**
 * A piece of `stage` made from the whole taxonomy (a union of every event's type, the client's
 * catalog), kept while `key`, everything it is made from, is the same: event names, not their
 * contents, so an edit inside an event leaves it as it was. Without a memo, computes.
 */
export function modulePiece<T>(pieces: EventMemo | undefined, stage: string, key: string, compute: () => T): T {
  return pieces === undefined ? compute() : pieces.memo.get(`${stage}\0module\0${key}`, compute);
}
