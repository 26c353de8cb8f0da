// Reading payload sources. In: source names (file paths, or `-` for a stream such as stdin) holding
// one event, a batch body `{ "events": [...] }`, a JSON array of events, or NDJSON (one event per
// line, streamed), a checker from src/payloads/check.ts, and a handler. Out: one result per event
// (its verdict and where it was found) and one per problem with a source (unreadable, not JSON, not
// events), each handed to the handler in input order, then the summary counts. Prints nothing.
import { constants as bufferConstants } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { MAX_BATCH_EVENTS } from '../emit/json-schema.js';
import { isObject, type PayloadChecker, type PayloadVerdict } from './check.js';

/** The source name that means "read the stream in `options.stdin`". */
export const STDIN_SOURCE = '-';
/** How results name that stream. */
export const STDIN_NAME = '<stdin>';

/** Where a result was found. */
export interface PayloadLocation {
  /** The file path as given, or `<stdin>`. */
  readonly source: string;
  /** 1-based line: of an NDJSON line, or where a JSON document fails to parse. */
  readonly line?: number;
  /** 1-based column (UTF-16 units) on `line`, when known. */
  readonly column?: number;
  /** Position in a JSON array of events, or in a batch body's `events`. */
  readonly index?: number;
}

/** One event found in a source, and its verdict. */
export interface EventResult extends PayloadLocation {
  readonly kind: 'event';
  readonly verdict: PayloadVerdict;
}

/** A source, line or part of a source that holds no event to check; always counts as invalid. */
export interface ProblemResult extends PayloadLocation {
  readonly kind: 'problem';
  /** Reads after the location: `is not valid JSON: ...`, `cannot be read: ENOENT: ...`. */
  readonly message: string;
}

export type PayloadResult = EventResult | ProblemResult;

export interface PayloadSummary {
  readonly valid: number;
  /** Invalid events plus problems. */
  readonly invalid: number;
  readonly sources: number;
}

export interface CheckSourcesOptions {
  /** What `-` reads: process.stdin unless given. */
  readonly stdin?: Readable;
  /** An NDJSON line longer than this (in characters) is reported, not parsed; 64 Mi by default. */
  readonly maxLineLength?: number;
}

/** Called once per result, in input order; reading waits for a returned promise (backpressure). */
export type ResultHandler = (result: PayloadResult) => void | Promise<void>;

/** Sources with these extensions are NDJSON whatever they hold; the rest are recognised by content. */
const NDJSON_EXTENSIONS = new Set(['.ndjson', '.jsonl']);
const MAX_LINE = 64 * 1024 * 1024;
const READ_CHUNK = 1024 * 1024;

/**
 * Reads every source in turn and reports each event in it (valid or not) and each problem to
 * `onResult`; resolves to the counts. NDJSON is streamed a chunk at a time, and nothing is kept
 * per line, so memory stays flat whatever the input size (what `onResult` keeps is the caller's).
 * Never rejects because of a source: unreadable files, bad JSON and the like are problem results.
 *
 * Format: a `.ndjson`/`.jsonl` file is NDJSON. Otherwise, by content: `[` first (after a BOM and
 * whitespace) is a JSON array of events; `{` first is NDJSON when the first line is a JSON value on
 * its own and more follows (or, when it is not, when the next line is a JSON object on its own),
 * else one JSON object: a batch body if it has an `events` array, else one event. Anything else
 * is parsed as JSON and reported as not holding events. A source with nothing but whitespace is a
 * problem ("is empty").
 */
export async function checkPayloadSources(sources: readonly string[], checker: PayloadChecker, onResult: ResultHandler, options: CheckSourcesOptions = {}): Promise<PayloadSummary> {
  let validCount = 0;
  let invalidCount = 0;
  const emit: ResultHandler = (result) => {
    if (result.kind === 'event' && result.verdict.valid) validCount++;
    else invalidCount++;
    return onResult(result);
  };
  for (const source of sources) {
    const stdin = source === STDIN_SOURCE;
    const name = stdin ? STDIN_NAME : source;
    const ndjson = !stdin && NDJSON_EXTENSIONS.has(extname(source).toLowerCase());
    try {
      await new SourceReader(name, ndjson, options.maxLineLength ?? MAX_LINE, checker, emit).read(stdin ? (options.stdin ?? process.stdin) : open(source));
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      await emit({ kind: 'problem', source: name, message: `cannot be read: ${error.message}` });
    }
  }
  return { valid: validCount, invalid: invalidCount, sources: sources.length };
}

function open(path: string): Readable {
  try {
    return createReadStream(path, { highWaterMark: READ_CHUNK });
  } catch (error) {
    // A path Node refuses outright (a NUL byte in it) is unreadable like a missing file.
    throw new SourceError(error);
  }
}

type Format = 'ndjson' | 'document' | 'not-json' | 'empty';

const NON_SPACE = /[^ \t\r\n]/g;

/** Index of the first non-whitespace character (JSON's whitespace) at or after `from`, or -1. */
function firstNonSpace(text: string, from: number): number {
  NON_SPACE.lastIndex = from;
  return NON_SPACE.test(text) ? NON_SPACE.lastIndex - 1 : -1;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Characters a JSON value other than an object or array can start with. */
const SCALAR_START = /^["\-0-9tfn]/;

/**
 * The format of a source from its first characters, or undefined while more text could change
 * the answer. Looks at most at the first two non-blank lines.
 */
function detect(head: string, ended: boolean): Format | undefined {
  const start = firstNonSpace(head, 0);
  if (start === -1) return ended ? 'empty' : undefined;
  const first = head[start] as string;
  if (first === '[') return 'document';
  if (first !== '{') return SCALAR_START.test(first) ? 'document' : 'not-json';
  const end = head.indexOf('\n', start);
  if (end === -1) return ended ? 'document' : undefined;
  const next = firstNonSpace(head, end);
  if (next === -1) return ended ? 'document' : undefined;
  if (parses(head.slice(start, end))) return 'ndjson';
  // The first line is not a value on its own: pretty-printed JSON, or NDJSON whose first line is
  // broken. Pretty-printed JSON never has a line that is a whole object on its own.
  if (head[next] !== '{') return 'document';
  const nextEnd = head.indexOf('\n', next);
  if (nextEnd === -1) return ended ? (parses(head.slice(next)) ? 'ndjson' : 'document') : undefined;
  return parses(head.slice(next, nextEnd)) ? 'ndjson' : 'document';
}

/** 1-based line and column of a UTF-16 offset in `text`. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** The offset V8 names in a JSON.parse error ("... in JSON at position 12"), if any. */
function errorOffset(message: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  return match === null ? undefined : Number(match[1]);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failure to read a source (not one of the result handler's own errors, which propagate). */
class SourceError extends Error {
  constructor(cause: unknown) {
    super(messageOf(cause), { cause });
  }
}

function jsonType(value: unknown): string {
  return value === null ? 'null' : typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'a boolean' : typeof value;
}

/** One source, read once: detects the format from the first text, then streams or buffers. */
class SourceReader {
  private format: Format | undefined;
  private readonly decoder = new StringDecoder('utf8');
  private started = false;
  /** Detection: the text so far. NDJSON: the unfinished last line. */
  private pending = '';
  /** Whole-document mode: the text so far, in pieces. */
  private readonly parts: string[] = [];
  private length = 0;
  private tooLarge = false;
  /** NDJSON: lines completed so far; skipping: inside an over-long line. */
  private line = 0;
  private skipping = false;

  constructor(
    private readonly source: string,
    ndjson: boolean,
    private readonly maxLine: number,
    private readonly checker: PayloadChecker,
    private readonly emit: ResultHandler,
  ) {
    if (ndjson) this.format = 'ndjson';
  }

  async read(stream: Readable): Promise<void> {
    const chunks = (stream as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    let complete = false;
    try {
      for (;;) {
        let next: IteratorResult<unknown>;
        try {
          next = await chunks.next();
        } catch (error) {
          throw new SourceError(error);
        }
        if (next.done === true) break;
        const chunk = next.value;
        const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? this.decoder.write(chunk) : undefined;
        if (text === undefined) throw new SourceError(new Error('the stream yields neither text nor bytes'));
        if (!(await this.push(text))) return;
      }
      await this.push(this.decoder.end(), true);
      complete = true;
    } finally {
      // Stopped early (the rest does not matter, or the handler threw): release the file.
      if (!complete) stream.destroy();
    }
  }

  /** Takes the next text; false once the rest of the source does not matter. */
  private async push(input: string, ended = false): Promise<boolean> {
    let text = input;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.format === undefined) {
      const seen = firstNonSpace(this.pending, 0) !== -1;
      if (!this.hold(text)) return this.report({ message: this.tooLargeMessage() });
      // Once the first character is known, only a newline or the end can settle the format.
      if (!ended && seen && !text.includes('\n')) return true;
      const held = this.pending;
      this.format = detect(held, ended);
      if (this.format === undefined) return true;
      this.pending = '';
      this.length = 0;
      if (this.format === 'empty') return this.report({ message: 'is empty' });
      if (this.format === 'not-json') {
        const at = firstNonSpace(held, 0);
        return this.report({ ...lineAndColumn(held, at), message: `is not JSON: it starts with ${JSON.stringify(held[at])}` });
      }
      text = held;
    }
    if (this.format === 'ndjson') {
      await this.lines(text);
      if (ended) await this.lastLine();
      return true;
    }
    if (this.format === 'document') {
      if (!this.tooLarge && !this.hold(text, true)) this.tooLarge = true;
      if (ended) await this.document();
      return true;
    }
    return false;
  }

  /** Keeps text for later, up to the longest string V8 can make. */
  private hold(text: string, inParts = false): boolean {
    if (this.length + text.length > bufferConstants.MAX_STRING_LENGTH) return false;
    this.length += text.length;
    if (inParts) this.parts.push(text);
    else this.pending += text;
    return true;
  }

  private tooLargeMessage(): string {
    return `is too large to check as one JSON document (over ${bufferConstants.MAX_STRING_LENGTH} characters): write it as NDJSON, one event per line`;
  }

  private async report(problem: Omit<ProblemResult, 'kind' | 'source'>): Promise<false> {
    await this.emit({ kind: 'problem', source: this.source, ...problem });
    return false;
  }

  /** Checks every complete line in `text` and keeps the unfinished tail for the next chunk. */
  private async lines(text: string): Promise<void> {
    let start = 0;
    let end = text.indexOf('\n');
    if (end === -1) {
      await this.extend(text);
      return;
    }
    // The first line continues the previous chunk's tail.
    if (this.pending.length > 0 || this.skipping) {
      const whole = this.skipping ? '' : this.pending + text.slice(0, end);
      this.pending = '';
      const wasSkipping = this.skipping;
      this.skipping = false;
      this.line++;
      if (!wasSkipping) {
        const p = this.checkLine(whole);
        if (p !== undefined) await p;
      }
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    while (end !== -1) {
      this.line++;
      const p = this.checkLine(text.slice(start, end));
      if (p !== undefined) await p;
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    if (start < text.length) await this.extend(text.slice(start));
  }

  /** Adds to the unfinished line, or reports it once it grows beyond the limit and skips the rest. */
  private extend(text: string): void | Promise<void> {
    if (this.skipping) return;
    if (this.pending.length + text.length <= this.maxLine) {
      this.pending += text;
      return;
    }
    this.pending = '';
    this.skipping = true;
    return this.emit({ kind: 'problem', source: this.source, line: this.line + 1, message: this.tooLongMessage() });
  }

  private tooLongMessage(): string {
    return `is longer than ${this.maxLine} characters: not checked`;
  }

  private async lastLine(): Promise<void> {
    if (this.skipping || this.pending.length === 0) return;
    this.line++;
    const text = this.pending;
    this.pending = '';
    await this.checkLine(text);
  }

  /** One NDJSON line: blank ones are skipped; returns the handler's promise, if it gave one. */
  private checkLine(text: string): Promise<void> | undefined {
    // JSON.parse allows the `\r` of a CRLF line ending (JSON whitespace), so it needs no stripping.
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && firstNonSpace(text, 0) === -1)) return undefined;
    if (text.length > this.maxLine) return promiseOf(this.emit({ kind: 'problem', source: this.source, line: this.line, message: this.tooLongMessage() }));
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (error) {
      const message = messageOf(error);
      const offset = errorOffset(message);
      const located = offset === undefined ? { line: this.line } : { line: this.line, column: offset + 1 };
      return promiseOf(this.emit({ kind: 'problem', source: this.source, ...located, message: `is not valid JSON: ${message}` }));
    }
    return promiseOf(this.emit({ kind: 'event', source: this.source, line: this.line, verdict: this.checker(payload) }));
  }

  /** A whole JSON document: an array of events, a batch body or one event. */
  private async document(): Promise<void> {
    if (this.tooLarge) {
      await this.emit({ kind: 'problem', source: this.source, message: this.tooLargeMessage() });
      return;
    }
    const text = this.parts.join('');
    this.parts.length = 0;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const message = messageOf(error);
      const offset = errorOffset(message);
      const located = offset === undefined ? lineAndColumn(text, text.length) : lineAndColumn(text, offset);
      await this.emit({ kind: 'problem', source: this.source, ...located, message: `is not valid JSON: ${message}` });
      return;
    }
    if (Array.isArray(value)) {
      await this.each(value);
      return;
    }
    if (!isObject(value)) {
      await this.emit({ kind: 'problem', source: this.source, ...lineAndColumn(text, firstNonSpace(text, 0)), message: `is ${jsonType(value)}, not an event, a batch body or an array of events` });
      return;
    }
    const events = Object.hasOwn(value, 'events') ? value['events'] : undefined;
    if (!Array.isArray(events)) {
      await this.emit({ kind: 'event', source: this.source, verdict: this.checker(value) });
      return;
    }
    // A batch body: what the API would refuse about the body itself, then each event.
    for (const key of Object.keys(value)) {
      if (key !== 'events') await this.emit({ kind: 'problem', source: this.source, message: `has ${JSON.stringify(key)}, which is not a field of a batch body (only "events")` });
    }
    if (events.length === 0) await this.emit({ kind: 'problem', source: this.source, message: `is a batch body with no events (the API takes 1 to ${MAX_BATCH_EVENTS})` });
    if (events.length > MAX_BATCH_EVENTS) await this.emit({ kind: 'problem', source: this.source, message: `is a batch body with ${events.length} events (the API takes at most ${MAX_BATCH_EVENTS})` });
    await this.each(events);
  }

  private async each(items: readonly unknown[]): Promise<void> {
    for (let index = 0; index < items.length; index++) {
      const p = promiseOf(this.emit({ kind: 'event', source: this.source, index, verdict: this.checker(items[index]) }));
      if (p !== undefined) await p;
    }
  }
}

function promiseOf(value: void | Promise<void>): Promise<void> | undefined {
  return value instanceof Promise ? value : undefined;
}
