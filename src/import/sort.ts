// External merge sort of events by instant, ties in input order, in bounded memory. In: events as
// (instant, bytes, where found), in input order. Out: the same records sorted, one at a time. Events
// are copied into one arena buffer with their keys in typed arrays (no object per event); a full
// arena is sorted and written to a run file in a scratch directory as binary records, and the runs
// are merged with a heap. Everything that fits in one arena never touches the disk.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { radixOrder } from './radix-order.js';

/** One sorted record; the object and its `bytes` are reused: read them before asking for the next. */
export interface SortedRecord {
  instant: number;
  bytes: Buffer;
  start: number;
  end: number;
  source: number;
  line: number;
  index: number;
}

// A run record: instant (f64), source (u32), line (u32), index (i32), length (u32), then the bytes.
const HEADER = 24;
const WRITE_BUFFER = 4 * 1024 * 1024;
const MIN_READ_BUFFER = 64 * 1024;
const MAX_READ_BUFFER = 1024 * 1024;
/** Events are at least this long (`{"event":"a","user_id":"u","timestamp":"..."}` is longer). */
const MIN_EVENT_BYTES = 48;

export class ExternalSorter {
  private readonly arena: Buffer;
  private used = 0;
  private count = 0;
  private instants: Float64Array;
  private offsets: Uint32Array;
  private lengths: Uint32Array;
  private sources: Uint32Array;
  private lines: Uint32Array;
  private indexes: Int32Array;
  private readonly runs: string[] = [];

  /** `memory` bytes in all, while adding and while merging. */
  constructor(
    private readonly dir: string,
    private readonly memory: number,
  ) {
    // Two thirds for event bytes, the rest for keys (24 bytes an event), the sort and the I/O buffers.
    this.arena = Buffer.allocUnsafe(Math.max(1024 * 1024, Math.floor((memory * 2) / 3)));
    const capacity = Math.min(1 << 16, Math.ceil(this.arena.length / MIN_EVENT_BYTES));
    this.instants = new Float64Array(capacity);
    this.offsets = new Uint32Array(capacity);
    this.lengths = new Uint32Array(capacity);
    this.sources = new Uint32Array(capacity);
    this.lines = new Uint32Array(capacity);
    this.indexes = new Int32Array(capacity);
  }

  /** Run files written so far (0 while everything fits in memory). */
  get runCount(): number {
    return this.runs.length;
  }

  add(instant: number, bytes: Buffer, start: number, end: number, source: number, line: number, index: number): void {
    const length = end - start;
    if (this.used + length > this.arena.length) this.flush();
    if (length > this.arena.length) throw new Error(`an event of ${length} bytes does not fit in the sort memory; raise --memory`);
    if (this.count === this.instants.length) this.grow();
    const i = this.count++;
    this.instants[i] = instant;
    this.offsets[i] = this.used;
    this.lengths[i] = length;
    this.sources[i] = source;
    this.lines[i] = line;
    this.indexes[i] = index;
    // A view and TypedArray#set: Buffer#copy costs several times more for lines this short.
    this.arena.set(new Uint8Array(bytes.buffer, bytes.byteOffset + start, length), this.used);
    this.used += length;
  }

  private grow(): void {
    const size = this.instants.length * 2;
    const widen = <T extends Float64Array | Uint32Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.instants = widen(this.instants, (n) => new Float64Array(n));
    this.offsets = widen(this.offsets, (n) => new Uint32Array(n));
    this.lengths = widen(this.lengths, (n) => new Uint32Array(n));
    this.sources = widen(this.sources, (n) => new Uint32Array(n));
    this.lines = widen(this.lines, (n) => new Uint32Array(n));
    this.indexes = widen(this.indexes, (n) => new Int32Array(n));
  }

  /** Positions of the arena's events in sorted order (stable: ties keep the order they came in). */
  private order(): Uint32Array {
    return radixOrder(this.instants, this.count);
  }

  /** Sorts the arena into a new run file and empties it. */
  private flush(): void {
    if (this.count === 0) return;
    const path = join(this.dir, `run-${this.runs.length}.bin`);
    const fd = openSync(path, 'w');
    const out = Buffer.allocUnsafe(WRITE_BUFFER);
    const view = new DataView(out.buffer, out.byteOffset, out.length);
    let at = 0;
    const drain = (): void => {
      let written = 0;
      while (written < at) written += writeSync(fd, out, written, at - written);
      at = 0;
    };
    try {
      for (const i of this.order()) {
        const length = this.lengths[i] as number;
        if (at + HEADER + length > out.length) drain();
        view.setFloat64(at, this.instants[i] as number, true);
        view.setUint32(at + 8, this.sources[i] as number, true);
        view.setUint32(at + 12, this.lines[i] as number, true);
        view.setInt32(at + 16, this.indexes[i] as number, true);
        view.setUint32(at + 20, length, true);
        at += HEADER;
        const offset = this.offsets[i] as number;
        if (length > out.length) {
          drain();
          writeSync(fd, this.arena, offset, length);
        } else {
          out.set(new Uint8Array(this.arena.buffer, this.arena.byteOffset + offset, length), at);
          at += length;
        }
      }
      drain();
    } finally {
      closeSync(fd);
    }
    this.runs.push(path);
    this.count = 0;
    this.used = 0;
  }

  /** Every event added, sorted. Call once, after the last add. */
  *sorted(): Generator<SortedRecord> {
    const record: SortedRecord = { instant: 0, bytes: this.arena, start: 0, end: 0, source: 0, line: 0, index: 0 };
    // The arena's events come last in input order: they are the last run, merged from memory.
    const memoryRun = new MemoryRun(this.arena, this.order(), this.instants, this.offsets, this.lengths, this.sources, this.lines, this.indexes);
    // The arena has two thirds of the memory; the files' read buffers share the rest.
    const size = Math.min(MAX_READ_BUFFER, Math.max(MIN_READ_BUFFER, Math.floor(this.memory / 3 / Math.max(1, this.runs.length))));
    const readers: Run[] = this.runs.map((path) => new RunReader(path, size));
    readers.push(memoryRun);
    try {
      yield* merge(readers, record);
    } finally {
      for (const reader of readers) reader.close();
    }
  }
}

/** A sorted run, read one record at a time: `next()` moves to the next record, false at the end. */
interface Run {
  readonly instant: number;
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
  readonly source: number;
  readonly line: number;
  readonly index: number;
  next(): boolean;
  close(): void;
}

/** The events still in the arena, in sorted order. */
class MemoryRun implements Run {
  private at = -1;
  instant = 0;
  start = 0;
  end = 0;
  source = 0;
  line = 0;
  index = 0;

  constructor(
    readonly bytes: Buffer,
    private readonly order: Uint32Array,
    private readonly instants: Float64Array,
    private readonly offsets: Uint32Array,
    private readonly lengths: Uint32Array,
    private readonly sources: Uint32Array,
    private readonly lines: Uint32Array,
    private readonly indexes: Int32Array,
  ) {}

  next(): boolean {
    if (++this.at >= this.order.length) return false;
    const i = this.order[this.at] as number;
    this.instant = this.instants[i] as number;
    this.start = this.offsets[i] as number;
    this.end = this.start + (this.lengths[i] as number);
    this.source = this.sources[i] as number;
    this.line = this.lines[i] as number;
    this.index = this.indexes[i] as number;
    return true;
  }

  close(): void {
    // Nothing to release: the arena belongs to the sorter.
  }
}

/** Reads one run file's records in order, through a buffer. */
class RunReader implements Run {
  private readonly fd: number;
  private buffer: Buffer;
  private view: DataView;
  private pos = 0;
  private filled = 0;
  private ended = false;
  instant = 0;
  start = 0;
  end = 0;
  source = 0;
  line = 0;
  index = 0;

  constructor(path: string, size: number) {
    this.fd = openSync(path, 'r');
    this.buffer = Buffer.allocUnsafe(size);
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length);
  }

  get bytes(): Buffer {
    return this.buffer;
  }

  /** Moves to the next record; false at the end of the run. */
  next(): boolean {
    if (!this.available(HEADER)) return false;
    const length = this.view.getUint32(this.pos + 20, true);
    if (!this.available(HEADER + length)) throw new Error('a sort run file ends inside a record (was the scratch directory changed?)');
    const at = this.pos;
    const view = this.view;
    this.instant = view.getFloat64(at, true);
    this.source = view.getUint32(at + 8, true);
    this.line = view.getUint32(at + 12, true);
    this.index = view.getInt32(at + 16, true);
    this.start = at + HEADER;
    this.end = this.start + length;
    this.pos = this.end;
    return true;
  }

  /** Whether `count` bytes from `pos` are in the buffer, reading more (and growing it) if needed. */
  private available(count: number): boolean {
    if (this.filled - this.pos >= count) return true;
    if (count > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(count);
      this.buffer.copy(bigger, 0, this.pos, this.filled);
      this.buffer = bigger;
      this.view = new DataView(bigger.buffer, bigger.byteOffset, bigger.length);
    } else {
      this.buffer.copy(this.buffer, 0, this.pos, this.filled);
    }
    this.filled -= this.pos;
    this.pos = 0;
    while (!this.ended && this.filled < count) {
      const read = readSync(this.fd, this.buffer, this.filled, this.buffer.length - this.filled, null);
      if (read === 0) this.ended = true;
      this.filled += read;
    }
    return this.filled - this.pos >= count;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** K-way merge by (instant, run): runs hold consecutive stretches of the input, so ties keep input order. */
function* merge(readers: readonly Run[], record: SortedRecord): Generator<SortedRecord> {
  // A binary heap of run numbers.
  const heap: number[] = [];
  const less = (a: number, b: number): boolean => {
    const x = readers[a] as Run;
    const y = readers[b] as Run;
    return x.instant < y.instant || (x.instant === y.instant && a < b);
  };
  const down = (from: number): void => {
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) return;
      const right = left + 1;
      const child = right < heap.length && less(heap[right] as number, heap[left] as number) ? right : left;
      if (!less(heap[child] as number, heap[i] as number)) return;
      [heap[i], heap[child]] = [heap[child] as number, heap[i] as number];
      i = child;
    }
  };
  readers.forEach((reader, run) => {
    if (reader.next()) heap.push(run);
  });
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  while (heap.length > 0) {
    const reader = readers[heap[0] as number] as Run;
    record.instant = reader.instant;
    record.bytes = reader.bytes;
    record.start = reader.start;
    record.end = reader.end;
    record.source = reader.source;
    record.line = reader.line;
    record.index = reader.index;
    yield record;
    if (!reader.next()) {
      const last = heap.pop() as number;
      if (heap.length === 0) return;
      heap[0] = last;
    }
    down(0);
  }
}
