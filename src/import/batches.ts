// Cutting the sorted events into batch requests. In: sorted records, the API's limits, a duplicate
// filter. Out: batches of at most `maxEvents` events and `maxBytes` bytes of body, in order, each
// body assembled from the events' bytes as read (no re-serialisation) and each with its
// Idempotency-Key: a hash of the body, so the same export with the same limits always gives the
// same batches under the same keys (which is what makes a rerun or --resume safe).
import { createHash } from 'node:crypto';
import type { DuplicateFilter, FirstCopy } from './duplicates.js';
import type { SortedRecord } from './sort.js';

export interface BatchLimits {
  /** At most 1,000 (the API's limit). */
  readonly maxEvents: number;
  /** Of the whole request body. */
  readonly maxBytes: number;
}

/** Where an event of a batch was found (source number, line, index), for reports. */
export interface EventOrigin {
  readonly source: number;
  readonly line: number;
  readonly index: number;
}

/** One batch request's body and what is needed to report on its events. */
export class Batch {
  /** A hash of the body: the same export with the same limits gives the same keys. */
  readonly key: string;

  constructor(
    /** 0-based position in the import. */
    readonly number: number,
    /** Exactly the request body: `{"events":[` + the events' bytes joined by `,` + `]}`. */
    readonly body: Buffer,
    /** Where each event's bytes are in the body. */
    private readonly starts: Uint32Array,
    private readonly ends: Uint32Array,
    private readonly sources: Uint32Array,
    private readonly lines: Uint32Array,
    private readonly indexes: Int32Array,
  ) {
    this.key = `flokit-import-${createHash('sha256').update(body).digest('hex').slice(0, 40)}`;
  }

  get count(): number {
    return this.starts.length;
  }

  /** Each event's JSON, as the sender takes them (decoded when needed: a dry run never is). */
  texts(): string[] {
    const texts: string[] = [];
    for (let i = 0; i < this.starts.length; i++) texts.push(this.body.toString('utf8', this.starts[i], this.ends[i]));
    return texts;
  }

  origin(i: number): EventOrigin {
    return { source: this.sources[i] as number, line: this.lines[i] as number, index: this.indexes[i] as number };
  }
}

/** FloKit's limit of events per batch request. */
export const MAX_EVENTS_PER_BATCH = 1000;

const OPEN = Buffer.from('{"events":[');
const CLOSE = Buffer.from(']}');
/** `{"events":[` and `]}`. */
export const BODY_OVERHEAD = OPEN.length + CLOSE.length;

/**
 * Batches of the sorted records; `onDuplicate` hears of each record dropped as a repeat. A batch
 * is valid until the next one is asked for: they share one body buffer (a fresh half megabyte per
 * batch would be most of the memory a large import touches).
 */
export function* cutBatches(records: Iterable<SortedRecord>, limits: BatchLimits, duplicates: DuplicateFilter, onDuplicate: (record: SortedRecord, first: FirstCopy) => void): Generator<Batch> {
  const { maxEvents, maxBytes } = limits;
  const body = Buffer.allocUnsafe(maxBytes);
  const starts = new Uint32Array(maxEvents);
  const ends = new Uint32Array(maxEvents);
  const sources = new Uint32Array(maxEvents);
  const lines = new Uint32Array(maxEvents);
  const indexes = new Int32Array(maxEvents);
  OPEN.copy(body, 0);
  let count = 0;
  let used = OPEN.length;
  let number = 0;
  const make = (): Batch => {
    CLOSE.copy(body, used);
    return new Batch(number++, body.subarray(0, used + CLOSE.length), starts.subarray(0, count), ends.subarray(0, count), sources.subarray(0, count), lines.subarray(0, count), indexes.subarray(0, count));
  };
  for (const record of records) {
    const copy = duplicates.check(record);
    if (copy !== undefined) {
      onDuplicate(record, copy);
      continue;
    }
    const size = record.end - record.start;
    if (count > 0 && (count === maxEvents || used + 1 + size + CLOSE.length > maxBytes)) {
      yield make();
      count = 0;
      used = OPEN.length;
    }
    if (count > 0) body[used++] = 0x2c;
    starts[count] = used;
    body.set(new Uint8Array(record.bytes.buffer, record.bytes.byteOffset + record.start, size), used);
    used += size;
    ends[count] = used;
    sources[count] = record.source;
    lines[count] = record.line;
    indexes[count] = record.index;
    count++;
  }
  if (count > 0) yield make();
}
