// Reading an export. In: a byte stream (a file, gunzipped or not, or stdin) holding NDJSON (one
// event, or one batch body, per line), a JSON array of events, or a batch body `{ "events": [...] }`
// (one event alone is taken too). Out: each event, parsed, with its bytes and where it was found,
// or a problem (not JSON, not an event), handed to a sink in input order. NDJSON is split into lines
// on the bytes and each line's bytes are passed on as they are (no re-serialisation); events out of
// a JSON document are serialised with JSON.stringify. Prints nothing.
import { constants as bufferConstants } from 'node:buffer';

export interface EventSink {
  /**
   * One event: its parsed value and its bytes, `bytes[start..end)`, valid only during the call.
   * `line` is 1-based (0 when unknown: inside a multi-line document); `index` is the position in a
   * JSON array or batch body (-1 for an NDJSON line that is one event).
   */
  event(value: unknown, bytes: Buffer, start: number, end: number, line: number, index: number): void;
  /** Something that is not an event: reported as invalid, never sent. `text` is what was read, if anything. */
  problem(line: number, index: number, message: string, text: string | undefined): void;
}

const NEWLINE = 10;
/** The mode of a source, from its first lines: `ndjson` is also a file with one single-line document. */
type Mode = 'ndjson' | 'document';

function isSpace(byte: number): boolean {
  return byte === 32 || byte === 9 || byte === 13 || byte === NEWLINE;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A JSON object that is a batch body rather than an event: it has `events` (an array) and no `event`. */
function batchEvents(value: unknown): readonly unknown[] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Readonly<Record<string, unknown>>;
  if (record['event'] !== undefined || !Object.hasOwn(record, 'events')) return undefined;
  const events = record['events'];
  return Array.isArray(events) ? events : undefined;
}

/**
 * Reads one source to its end. `ndjson` forces line mode (`.ndjson`, `.jsonl`); otherwise the
 * first lines decide: a first line that is JSON on its own means NDJSON (as does a broken first
 * line followed by one), anything else is one JSON document.
 */
export async function readSource(chunks: AsyncIterable<Buffer | string>, ndjson: boolean, maxLine: number, sink: EventSink): Promise<void> {
  const reader = new SourceReader(sink, maxLine, ndjson ? 'ndjson' : undefined);
  for await (const chunk of chunks) reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  reader.end();
}

class SourceReader {
  /** NDJSON: the unfinished last line. Detection and document mode: everything so far. */
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** NDJSON: lines completed so far. */
  private line = 0;
  /** NDJSON: inside a line longer than the limit, which is skipped to its end. */
  private skipping = false;
  private started = false;

  constructor(
    private readonly sink: EventSink,
    private readonly maxLine: number,
    private mode: Mode | undefined,
  ) {}

  push(input: Buffer): void {
    let chunk = input;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      // A UTF-8 byte order mark is not part of the JSON.
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    if (this.mode === undefined) {
      this.hold(chunk);
      this.mode = this.detect(false);
      if (this.mode === undefined) return;
      chunk = this.release();
    }
    if (this.mode === 'ndjson') this.lines(chunk);
    else this.hold(chunk);
  }

  end(): void {
    if (this.mode === undefined) {
      this.mode = this.detect(true) ?? 'document';
      const all = this.release();
      if (this.mode === 'ndjson') this.lines(all);
      else this.hold(all);
    }
    if (this.mode === 'ndjson') {
      const rest = this.release();
      if (!this.skipping && rest.length > 0) {
        this.line++;
        this.oneLine(rest, 0, rest.length);
      }
      return;
    }
    this.document();
  }

  private hold(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.held.push(chunk);
    this.heldBytes += chunk.length;
  }

  private release(): Buffer {
    const all = this.held.length === 1 ? (this.held[0] as Buffer) : Buffer.concat(this.held, this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
    return all;
  }

  /** The mode, once the first two non-blank lines (or the end) are in. */
  private detect(ended: boolean): Mode | undefined {
    const head = this.held.length === 1 ? (this.held[0] as Buffer) : Buffer.concat(this.held, this.heldBytes);
    this.held = [head];
    let start = 0;
    while (start < head.length && isSpace(head[start] as number)) start++;
    if (start === head.length) return ended ? 'document' : undefined;
    if (head[start] !== 0x7b) return 'document'; // not `{`: an array, or not events at all
    const end = head.indexOf(NEWLINE, start);
    if (end === -1) return ended ? 'ndjson' : undefined;
    if (parses(head.toString('utf8', start, end))) return 'ndjson';
    let next = end;
    while (next < head.length && isSpace(head[next] as number)) next++;
    if (next === head.length) return ended ? 'document' : undefined;
    // Pretty-printed JSON never has a line that is a whole object on its own.
    if (head[next] !== 0x7b) return 'document';
    const nextEnd = head.indexOf(NEWLINE, next);
    if (nextEnd === -1 && !ended) return undefined;
    return parses(head.toString('utf8', next, nextEnd === -1 ? head.length : nextEnd)) ? 'ndjson' : 'document';
  }

  /** Every complete line of `chunk`; the unfinished tail is held for the next chunk. */
  private lines(chunk: Buffer): void {
    let start = 0;
    let end = chunk.indexOf(NEWLINE);
    if (end === -1) {
      this.extend(chunk);
      return;
    }
    if (this.heldBytes > 0 || this.skipping) {
      // The first line continues the previous chunk's tail.
      this.hold(chunk.subarray(0, end));
      const whole = this.release();
      this.line++;
      if (this.skipping) this.skipping = false;
      else this.oneLine(whole, 0, whole.length);
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    while (end !== -1) {
      this.line++;
      this.oneLine(chunk, start, end);
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) this.extend(chunk.subarray(start));
  }

  /** Adds to the unfinished line, or reports it once it grows beyond the limit and skips the rest. */
  private extend(part: Buffer): void {
    if (this.skipping) return;
    if (this.heldBytes + part.length <= this.maxLine) {
      // Copied: the stream may reuse its chunk's memory.
      this.hold(Buffer.from(part));
      return;
    }
    this.release();
    this.skipping = true;
    this.sink.problem(this.line + 1, -1, `is longer than ${this.maxLine} bytes: not read`, undefined);
  }

  /** One NDJSON line, `bytes[from..to)`: blank ones are skipped. */
  private oneLine(bytes: Buffer, from: number, to: number): void {
    let start = from;
    let end = to;
    while (start < end && isSpace(bytes[start] as number)) start++;
    while (end > start && isSpace(bytes[end - 1] as number)) end--;
    if (start === end) return;
    if (end - start > this.maxLine) {
      this.sink.problem(this.line, -1, `is longer than ${this.maxLine} bytes: not read`, undefined);
      return;
    }
    const text = bytes.toString('utf8', start, end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.sink.problem(this.line, -1, `is not valid JSON: ${messageOf(error)}`, text);
      return;
    }
    const events = batchEvents(value);
    if (events === undefined) this.sink.event(value, bytes, start, end, this.line, -1);
    else this.each(events, this.line);
  }

  /** A whole JSON document: an array of events, a batch body or one event. */
  private document(): void {
    if (this.heldBytes > bufferConstants.MAX_STRING_LENGTH) {
      this.sink.problem(0, -1, `is too large to read as one JSON document (over ${bufferConstants.MAX_STRING_LENGTH} bytes): write it as NDJSON, one event per line`, undefined);
      return;
    }
    const text = this.release().toString('utf8');
    if (text.trim() === '') {
      this.sink.problem(0, -1, 'is empty', undefined);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const message = messageOf(error);
      const at = /at position (\d+)/.exec(message);
      const line = at === null ? 0 : text.slice(0, Number(at[1])).split('\n').length;
      this.sink.problem(line, -1, `is not valid JSON: ${message}`, undefined);
      return;
    }
    const events = Array.isArray(value) ? (value as readonly unknown[]) : batchEvents(value);
    if (events !== undefined) this.each(events, 0);
    else this.each([value], 0, false);
  }

  private each(events: readonly unknown[], line: number, indexed = true): void {
    for (let index = 0; index < events.length; index++) {
      const value = events[index];
      const bytes = Buffer.from(JSON.stringify(value) ?? 'null');
      this.sink.event(value, bytes, 0, bytes.length, line, indexed ? index : -1);
    }
  }
}
