// Reading an export. In: a source's chunks of bytes (a file, gunzipped or not, or stdin) holding
// NDJSON (one event, or one batch body, per line), a JSON array of events, or a batch body
// `{ "events": [...] }` (one event alone is taken too). Out, to a sink: NDJSON as blocks of whole
// lines in buffers the sink hands out (so the bytes are copied once, into buffers that are reused,
// and a worker can judge a block while the next is read); a JSON document as its parsed events;
// problems with the source itself. Prints nothing.
import { constants as bufferConstants } from 'node:buffer';
import { batchEvents, TOO_LONG } from './judge.js';

export interface BlockSink {
  /** A free buffer of at least `size` bytes; waits while every buffer is in use. */
  take(size: number): Promise<Buffer>;
  /** A buffer taken but not passed on in a block (it was outgrown by a long line). */
  release(buffer: Buffer): void;
  /**
   * Whole lines, `buffer[0..length)` (the last may lack its newline only at the end of the source).
   * The buffer is the sink's from now on. A line that is just TOO_LONG stands for one that was
   * longer than the limit and was skipped.
   */
  block(buffer: Buffer, length: number): void;
  /** The events of a JSON document: an array's or a batch body's (indexed), or one event. */
  document(events: readonly unknown[], indexed: boolean): void;
  /** The source is not events at all (not JSON, empty, too large). `line` is 0 when unknown. */
  problem(line: number, message: string): void;
}

const NEWLINE = 10;

function isSpace(byte: number): boolean {
  return byte === 32 || byte === 9 || byte === 13 || byte === NEWLINE;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The format from the first bytes, or undefined while more could change the answer. `[` or
 * anything but `{` first: one JSON document. `{`: NDJSON when the first line is JSON on its own (or
 * a broken first line is followed by one that is); otherwise pretty-printed JSON.
 */
function detect(head: Buffer, ended: boolean): 'ndjson' | 'document' | undefined {
  let start = 0;
  while (start < head.length && isSpace(head[start] as number)) start++;
  if (start === head.length) return ended ? 'document' : undefined;
  if (head[start] !== 0x7b) return 'document';
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

/**
 * Reads one source to its end. `ndjson` forces line mode (`.ndjson`, `.jsonl`); `blockSize` is
 * the size of the sink's buffers; lines longer than `maxLine` bytes are skipped.
 */
export async function readSource(chunks: AsyncIterable<Buffer>, ndjson: boolean, blockSize: number, maxLine: number, sink: BlockSink): Promise<void> {
  const held: Buffer[] = [];
  let heldBytes = 0;
  let mode: 'ndjson' | 'document' | undefined = ndjson ? 'ndjson' : undefined;
  let lines: LineBlocks | undefined;
  let first = true;
  for await (const input of chunks) {
    let chunk = input;
    if (first && chunk.length > 0) {
      first = false;
      // A UTF-8 byte order mark is not part of the JSON.
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    if (mode === undefined) {
      held.push(Buffer.from(chunk));
      heldBytes += chunk.length;
      mode = detect(Buffer.concat(held), false);
      if (mode === undefined) continue;
      chunk = Buffer.concat(held);
      held.length = 0;
      heldBytes = 0;
    }
    if (mode === 'ndjson') {
      lines ??= new LineBlocks(sink, blockSize, maxLine);
      await lines.push(chunk);
    } else if (heldBytes <= bufferConstants.MAX_STRING_LENGTH) {
      // Copied: a stream may reuse its chunk's memory.
      held.push(Buffer.from(chunk));
      heldBytes += chunk.length;
    }
  }
  mode ??= detect(Buffer.concat(held), true) ?? 'document';
  if (mode === 'ndjson') {
    lines ??= new LineBlocks(sink, blockSize, maxLine);
    if (heldBytes > 0) await lines.push(Buffer.concat(held));
    await lines.end();
    return;
  }
  readDocument(Buffer.concat(held), heldBytes > bufferConstants.MAX_STRING_LENGTH, sink);
}

/** A whole JSON document: an array of events, a batch body or one event. */
function readDocument(bytes: Buffer, tooLarge: boolean, sink: BlockSink): void {
  if (tooLarge) {
    sink.problem(0, `is too large to read as one JSON document (over ${bufferConstants.MAX_STRING_LENGTH} bytes): write it as NDJSON, one event per line`);
    return;
  }
  const text = bytes.toString('utf8');
  if (text.trim() === '') {
    sink.problem(0, 'is empty');
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /at position (\d+)/.exec(message);
    sink.problem(at === null ? 0 : text.slice(0, Number(at[1])).split('\n').length, `is not valid JSON: ${message}`);
    return;
  }
  const events = Array.isArray(value) ? (value as readonly unknown[]) : batchEvents(value);
  if (events !== undefined) sink.document(events, true);
  else sink.document([value], false);
}

/** Cuts a stream of bytes into blocks of whole lines, in the sink's buffers. */
class LineBlocks {
  private buffer: Buffer | undefined;
  private fill = 0;
  /** Inside a line longer than the limit: its bytes are dropped up to its newline. */
  private skipping = false;

  constructor(
    private readonly sink: BlockSink,
    private readonly blockSize: number,
    private readonly maxLine: number,
  ) {}

  async push(chunk: Buffer): Promise<void> {
    let from = 0;
    while (from < chunk.length) {
      if (this.skipping) {
        const newline = chunk.indexOf(NEWLINE, from);
        if (newline === -1) return;
        this.skipping = false;
        from = newline; // the newline itself ends the placeholder line
      }
      this.buffer ??= await this.sink.take(this.blockSize);
      const buffer = this.buffer;
      const count = Math.min(buffer.length - this.fill, chunk.length - from);
      buffer.set(new Uint8Array(chunk.buffer, chunk.byteOffset + from, count), this.fill);
      this.fill += count;
      from += count;
      if (this.fill === buffer.length) await this.cut();
    }
  }

  async end(): Promise<void> {
    if (this.buffer !== undefined && this.fill > 0) this.sink.block(this.buffer, this.fill);
    this.buffer = undefined;
    this.fill = 0;
  }

  /** The buffer is full: pass on its whole lines and carry the unfinished one into the next buffer. */
  private async cut(): Promise<void> {
    const buffer = this.buffer as Buffer;
    const last = buffer.lastIndexOf(NEWLINE, this.fill - 1);
    if (last === -1) {
      // One line fills the buffer: a bigger buffer, or the line is too long and is skipped.
      if (this.fill >= this.maxLine) {
        buffer[0] = TOO_LONG;
        this.fill = 1;
        this.skipping = true;
        return;
      }
      const bigger = await this.sink.take(buffer.length * 2);
      bigger.set(buffer.subarray(0, this.fill), 0);
      this.sink.release(buffer);
      this.buffer = bigger;
      return;
    }
    const carry = this.fill - (last + 1);
    const next = await this.sink.take(Math.max(this.blockSize, 2 * carry));
    next.set(new Uint8Array(buffer.buffer, buffer.byteOffset + last + 1, carry), 0);
    this.sink.block(buffer, last + 1);
    this.buffer = next;
    this.fill = carry;
  }
}
