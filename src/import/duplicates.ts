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
  /** The current instant's distinct events, copied end to end. */
  private bytes = Buffer.allocUnsafe(64 * 1024);
  private used = 0;
  private readonly members: { start: number; end: number; copy: FirstCopy }[] = [];
  private byHash: Map<number, number[]> | undefined;

  /** The first copy when `record` repeats an earlier event of the same instant; undefined otherwise. */
  check(record: SortedRecord): FirstCopy | undefined {
    if (record.instant !== this.instant) {
      this.instant = record.instant;
      this.used = 0;
      this.members.length = 0;
      this.byHash = undefined;
    } else {
      const found = this.find(record);
      if (found !== undefined) return found;
    }
    this.remember(record);
    return undefined;
  }

  private same(member: { start: number; end: number }, record: SortedRecord): boolean {
    return member.end - member.start === record.end - record.start && this.bytes.compare(record.bytes, record.start, record.end, member.start, member.end) === 0;
  }

  private find(record: SortedRecord): FirstCopy | undefined {
    if (this.byHash === undefined) {
      for (const member of this.members) if (this.same(member, record)) return member.copy;
      return undefined;
    }
    for (const i of this.byHash.get(hash(record.bytes, record.start, record.end)) ?? []) {
      const member = this.members[i] as (typeof this.members)[number];
      if (this.same(member, record)) return member.copy;
    }
    return undefined;
  }

  private remember(record: SortedRecord): void {
    const length = record.end - record.start;
    if (this.used + length > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + length));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    record.bytes.copy(this.bytes, this.used, record.start, record.end);
    const member = { start: this.used, end: this.used + length, copy: { source: record.source, line: record.line, index: record.index } };
    this.used += length;
    this.members.push(member);
    if (this.byHash === undefined && this.members.length > LINEAR) {
      this.byHash = new Map();
      this.members.forEach((m, i) => this.index(m.start, m.end, i));
    } else if (this.byHash !== undefined) {
      this.index(member.start, member.end, this.members.length - 1);
    }
  }

  private index(start: number, end: number, i: number): void {
    const key = hash(this.bytes, start, end);
    const list = this.byHash?.get(key);
    if (list === undefined) this.byHash?.set(key, [i]);
    else list.push(i);
  }
}

/** FNV-1a over bytes: only to spread the members of one instant over buckets. */
function hash(bytes: Buffer, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return h >>> 0;
}
