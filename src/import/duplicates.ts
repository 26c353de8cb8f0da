// Duplicate events in an export: the same event bytes twice (after trimming the line). In: the
// sorted records, one at a time. Out: for each, whether an earlier record had the same bytes, and
// where that one was found. Equal bytes mean an equal timestamp, so after sorting duplicates sit in
// the same run of equal instants: only that run is remembered, and memory follows the largest
// number of events sharing one instant, not the size of the export.
import type { SortedRecord } from './sort.js';

/** Where the first copy of a duplicate was found. */
export interface FirstCopy {
  readonly source: number;
  readonly line: number;
  readonly index: number;
}

// Above this many events at one instant, members are found through a hash instead of one by one.
const LINEAR = 8;

export class DuplicateFilter {
  private instant = Number.NaN;
  /** The current instant's distinct events, copied end to end; one entry per event in the arrays. */
  private bytes = Buffer.allocUnsafe(64 * 1024);
  private used = 0;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly sources: number[] = [];
  private readonly lines: number[] = [];
  private readonly indexes: number[] = [];
  private byHash: Map<number, number[]> | undefined;

  /** The first copy when `record` repeats an earlier event of the same instant; undefined otherwise. */
  check(record: SortedRecord): FirstCopy | undefined {
    if (record.instant !== this.instant) {
      this.instant = record.instant;
      this.used = 0;
      this.starts.length = 0;
      this.ends.length = 0;
      this.sources.length = 0;
      this.lines.length = 0;
      this.indexes.length = 0;
      this.byHash = undefined;
    } else {
      const found = this.find(record);
      if (found !== -1) return { source: this.sources[found] as number, line: this.lines[found] as number, index: this.indexes[found] as number };
    }
    this.remember(record);
    return undefined;
  }

  private same(member: number, record: SortedRecord): boolean {
    const start = this.starts[member] as number;
    const end = this.ends[member] as number;
    return end - start === record.end - record.start && this.bytes.compare(record.bytes, record.start, record.end, start, end) === 0;
  }

  /** The member with the record's bytes, or -1. */
  private find(record: SortedRecord): number {
    const candidates = this.byHash === undefined ? undefined : (this.byHash.get(hash(record.bytes, record.start, record.end)) ?? []);
    if (candidates !== undefined) return candidates.find((m) => this.same(m, record)) ?? -1;
    for (let m = 0; m < this.starts.length; m++) if (this.same(m, record)) return m;
    return -1;
  }

  private remember(record: SortedRecord): void {
    const length = record.end - record.start;
    if (this.used + length > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + length));
      bigger.set(this.bytes.subarray(0, this.used), 0);
      this.bytes = bigger;
    }
    // A view and TypedArray#set: this runs for every event, and Buffer#copy costs more.
    this.bytes.set(new Uint8Array(record.bytes.buffer, record.bytes.byteOffset + record.start, length), this.used);
    const member = this.starts.length;
    this.starts.push(this.used);
    this.ends.push(this.used + length);
    this.sources.push(record.source);
    this.lines.push(record.line);
    this.indexes.push(record.index);
    this.used += length;
    if (this.byHash === undefined && member + 1 > LINEAR) {
      this.byHash = new Map();
      for (let m = 0; m <= member; m++) this.index(m);
    } else if (this.byHash !== undefined) {
      this.index(member);
    }
  }

  private index(member: number): void {
    const key = hash(this.bytes, this.starts[member] as number, this.ends[member] as number);
    const list = this.byHash?.get(key);
    if (list === undefined) this.byHash?.set(key, [member]);
    else list.push(member);
  }
}

/** FNV-1a over bytes: only to spread the members of one instant over buckets. */
function hash(bytes: Buffer, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return h >>> 0;
}
