// Judging events: the per-event work of the hot path, for one block of NDJSON lines (in the parse
// worker) or for the events of a JSON document (on the main thread). In: the block's bytes or
// parsed values, the generated validator, the largest event a batch can carry. Out: a BlockResult:
// for valid events their instant and where their bytes are (no copy, no re-serialisation), events
// that had to be serialised (items of a batch body on one line), and the invalid ones with their
// violations. Plain data and typed arrays, so a worker can transfer it without copying.
import type { PayloadChecker } from '../payloads/check.js';
import { instantOf } from './instant.js';

export interface Invalid {
  /** 1-based line within the block (0: inside a multi-line document). */
  readonly line: number;
  /** Position in a JSON array or batch body, or -1. */
  readonly index: number;
  readonly violations: readonly { readonly path: string; readonly message: string }[];
  readonly text?: string;
}

/** A valid event whose bytes are not in the block: it came out of a batch body or a document. */
export interface Serialised {
  /** How many in-block valid events come before it. */
  readonly after: number;
  readonly text: string;
  readonly line: number;
  readonly index: number;
  readonly instant: number;
}

export interface BlockResult {
  /** Events and problems read. */
  read: number;
  /** Valid events whose bytes are in the block: `block[starts[k]..ends[k])`, in input order. */
  count: number;
  starts: Uint32Array<ArrayBuffer>;
  ends: Uint32Array<ArrayBuffer>;
  /** 1-based, within the block. */
  lines: Uint32Array<ArrayBuffer>;
  instants: Float64Array<ArrayBuffer>;
  readonly serialised: Serialised[];
  readonly invalid: Invalid[];
  /** Newlines in the block, so the next block's lines can be numbered. */
  newlines: number;
}

const NEWLINE = 10;
const INITIAL = 4096;
/** The line a reader puts in place of one longer than the limit, so that line numbers stay right. */
export const TOO_LONG = 0;

function isSpace(byte: number): boolean {
  return byte === 32 || byte === 9 || byte === 13 || byte === NEWLINE;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A JSON object that is a batch body rather than an event: it has `events` (an array) and no `event`. */
export function batchEvents(value: unknown): readonly unknown[] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Readonly<Record<string, unknown>>;
  if (record['event'] !== undefined || !Object.hasOwn(record, 'events')) return undefined;
  const events = record['events'];
  return Array.isArray(events) ? events : undefined;
}

export function emptyResult(capacity = INITIAL): BlockResult {
  return { read: 0, count: 0, starts: new Uint32Array(capacity), ends: new Uint32Array(capacity), lines: new Uint32Array(capacity), instants: new Float64Array(capacity), serialised: [], invalid: [], newlines: 0 };
}

export class Judge {
  constructor(
    private readonly validate: PayloadChecker,
    /** The largest event a batch request can carry, in bytes. */
    private readonly largest: number,
    /** The batch limit's flag, for the message about a too-large event. */
    private readonly maxBatchBytes: number,
    /** NDJSON lines longer than this are reported, not parsed. */
    private readonly maxLine: number,
  ) {}

  /** Every line of `block[0..length)` (complete lines; the last may lack its newline). */
  block(block: Buffer, length: number): BlockResult {
    const out = emptyResult(Math.max(INITIAL, length >> 7));
    let line = 0;
    let start = 0;
    while (start < length) {
      let end = block.indexOf(NEWLINE, start);
      if (end === -1 || end >= length) end = length;
      else out.newlines++;
      line++;
      this.line(out, block, start, end, line);
      start = end + 1;
    }
    return out;
  }

  /** One NDJSON line, `block[from..to)`: blank ones are skipped. */
  private line(out: BlockResult, block: Buffer, from: number, to: number, line: number): void {
    let start = from;
    let end = to;
    while (start < end && isSpace(block[start] as number)) start++;
    while (end > start && isSpace(block[end - 1] as number)) end--;
    if (start === end) return;
    out.read++;
    if (end - start > this.maxLine || (end - start === 1 && block[start] === TOO_LONG)) {
      out.invalid.push({ line, index: -1, violations: [{ path: '', message: `is longer than ${this.maxLine} bytes: not read` }] });
      return;
    }
    const text = block.toString('utf8', start, end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      out.invalid.push({ line, index: -1, violations: [{ path: '', message: `is not valid JSON: ${messageOf(error)}` }], text });
      return;
    }
    const events = batchEvents(value);
    if (events !== undefined) {
      out.read--;
      this.values(out, events, line, true);
      return;
    }
    const verdict = this.validate(value);
    if (!verdict.valid) {
      out.invalid.push({ line, index: -1, violations: verdict.violations.map((v) => ({ path: v.path, message: v.message })), text });
      return;
    }
    if (end - start > this.largest) {
      out.invalid.push({ line, index: -1, violations: [this.tooLarge(end - start)] });
      return;
    }
    const k = out.count++;
    if (k === out.starts.length) grow(out);
    out.starts[k] = start;
    out.ends[k] = end;
    out.lines[k] = line;
    // Valid means `timestamp` is an RFC 3339 date-time string.
    out.instants[k] = instantOf((value as { timestamp: string }).timestamp);
  }

  /** Events of a JSON array or batch body (indexed), or one event on its own, serialised for sending. */
  values(out: BlockResult, events: readonly unknown[], line: number, indexed: boolean): void {
    for (let i = 0; i < events.length; i++) {
      const value = events[i];
      const index = indexed ? i : -1;
      out.read++;
      const text = JSON.stringify(value) ?? 'null';
      const verdict = this.validate(value);
      if (!verdict.valid) {
        out.invalid.push({ line, index, violations: verdict.violations.map((v) => ({ path: v.path, message: v.message })), text });
        continue;
      }
      const bytes = Buffer.byteLength(text);
      if (bytes > this.largest) {
        out.invalid.push({ line, index, violations: [this.tooLarge(bytes)] });
        continue;
      }
      out.serialised.push({ after: out.count, text, line, index, instant: instantOf((value as { timestamp: string }).timestamp) });
    }
  }

  private tooLarge(bytes: number): { path: string; message: string } {
    return { path: '', message: `is ${bytes} bytes: a batch request takes at most ${this.maxBatchBytes} bytes (--max-batch-bytes)` };
  }
}

function grow(out: BlockResult): void {
  const size = out.starts.length * 2;
  const starts = new Uint32Array(size);
  starts.set(out.starts);
  const ends = new Uint32Array(size);
  ends.set(out.ends);
  const lines = new Uint32Array(size);
  lines.set(out.lines);
  const instants = new Float64Array(size);
  instants.set(out.instants);
  out.starts = starts;
  out.ends = ends;
  out.lines = lines;
  out.instants = instants;
}
