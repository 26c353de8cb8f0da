// Payload checking: the engine behind `flokit-gen validate`. In: a taxonomy (the IR) and payload
// sources (file paths, or `-` for a stream such as stdin) holding one event, a batch body
// `{ "events": [...] }`, a JSON array of events, or NDJSON (one event per line, streamed). Out: one
// result per event (ajv's verdict on the emitted schema of the event it names, and where the event
// was found), one per problem with a source (unreadable, not JSON, not events), a summary, and pure
// formatters for people and for machines. Prints nothing: src/cli.ts does.
import { constants as bufferConstants } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { closestMatch, visible } from './diagnostics.js';
import { eventSchema, MAX_BATCH_EVENTS } from './emit/json-schema.js';
import type { EventDef, Taxonomy } from './model/ir.js';

/** ajv and ajv-formats, loaded when a checker is made: other commands never pay for them. */
function loadAjv(): { Ajv2020: typeof Ajv2020; addFormats: (ajv: Ajv2020, options: { mode: 'full' }) => Ajv2020 } {
  const require = createRequire(import.meta.url);
  return { Ajv2020: (require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')).Ajv2020, addFormats: require('ajv-formats') as (ajv: Ajv2020, options: { mode: 'full' }) => Ajv2020 };
}

// ---------------------------------------------------------------------------------------------
// One payload

export interface PayloadViolation {
  /** RFC 6901 JSON pointer into the payload: `''` for the payload itself, `/properties/paywall_id`. */
  readonly path: string;
  /** Reads after the path: `/properties/paywall_id must be string`. */
  readonly message: string;
}

export interface PayloadVerdict {
  readonly valid: boolean;
  /** The payload's `event`, when it is a string (known to the taxonomy or not). */
  readonly event: string | undefined;
  /** Empty exactly when valid. */
  readonly violations: readonly PayloadViolation[];
}

/** Checks one parsed payload (any value) against the taxonomy; reports, never throws. */
export type PayloadChecker = (payload: unknown) => PayloadVerdict;

// Up to this many events, a payload naming none of them is told all of them.
const FEW_EVENTS = 10;
const ENVELOPE = ['event', 'user_id', 'anonymous_id', 'timestamp', 'properties'] as const;
const MAX_REMEMBERED_UNKNOWN = 1000;
const NO_VIOLATIONS: readonly PayloadViolation[] = Object.freeze([]);

interface Compiled {
  readonly validate: ValidateFunction;
  /** Shared by every valid payload of the event: a valid line allocates no verdict. */
  readonly valid: PayloadVerdict;
}

/**
 * A checker for payloads of `taxonomy`: dispatches on the payload's `event`, then applies ajv
 * (draft 2020-12, strict, allErrors, ajv-formats "full") to that event's emitted schema, exactly
 * the schema in `schemas/<event>.schema.json`. Each event's schema is compiled on first use and
 * kept, so a 5,000-event taxonomy costs only the events the input uses.
 * @example
 * const check = createPayloadChecker(taxonomy);
 * check({ event: 'paywall_viewed', user_id: 'u1', timestamp: '2024-03-15T14:22:00Z', properties: { paywall_id: 5 } });
 * // { valid: false, event: 'paywall_viewed', violations: [{ path: '/properties/paywall_id', message: 'must be string' }] }
 */
export function createPayloadChecker(taxonomy: Taxonomy): PayloadChecker {
  // `ownProperties`: a payload's `toString` or `constructor` is what the JSON says, never the
  // prototype's (as the generated validators read it). `verbose`: errors carry their schema, which
  // names the properties an object allows, for "did you mean". It costs nothing on valid payloads.
  const { Ajv2020, addFormats } = loadAjv();
  const ajv = addFormats(new Ajv2020({ strict: true, strictNumbers: true, allErrors: true, verbose: true, ownProperties: true }), { mode: 'full' });
  const events = new Map<string, EventDef>(taxonomy.events.map((e) => [e.name, e]));
  const compiled = new Map<string, Compiled>();
  const names = taxonomy.events.map((e) => e.name);
  const listed = names.length <= FEW_EVENTS ? names.map((n) => JSON.stringify(n)).join(', ') : undefined;

  const unknownEvent = (name: string): PayloadViolation => {
    const head = `${JSON.stringify(name)} is not an event of ${taxonomy.name}`;
    if (names.length === 0) return { path: '/event', message: `${head}, which defines no events` };
    const near = closestMatch(name, names);
    if (near !== undefined) return { path: '/event', message: `${head}; did you mean ${JSON.stringify(near)}?` };
    return { path: '/event', message: listed === undefined ? head : `${head}; expected one of ${listed}` };
  };
  const missingEvent: PayloadViolation = {
    path: '/event',
    message: listed === undefined ? `is required: it names the ${taxonomy.name} event` : `is required: one of ${listed}`,
  };

  // An export with an unknown event usually has it many times; "did you mean" is worked out once.
  const unknownVerdicts = new Map<string, PayloadVerdict>();
  const unknown = (name: string): PayloadVerdict => {
    let verdict = unknownVerdicts.get(name);
    if (verdict === undefined) {
      verdict = Object.freeze(invalid(name, Object.freeze([unknownEvent(name)])));
      if (unknownVerdicts.size < MAX_REMEMBERED_UNKNOWN) unknownVerdicts.set(name, verdict);
    }
    return verdict;
  };

  return (payload) => {
    if (!isObject(payload)) return invalid(undefined, [{ path: '', message: 'must be object' }]);
    const name = Object.hasOwn(payload, 'event') ? payload['event'] : undefined;
    if (typeof name !== 'string') return invalid(undefined, [name === undefined ? missingEvent : { path: '/event', message: 'must be string' }]);
    let entry = compiled.get(name);
    if (entry === undefined) {
      const event = events.get(name);
      if (event === undefined) return unknown(name);
      entry = { validate: ajv.compile(eventSchema(taxonomy, event)), valid: Object.freeze({ valid: true, event: name, violations: NO_VIOLATIONS }) };
      compiled.set(name, entry);
    }
    return entry.validate(payload) ? entry.valid : invalid(name, violationsOf(entry.validate.errors ?? [], name));
  };
}

function invalid(event: string | undefined, violations: readonly PayloadViolation[]): PayloadVerdict {
  return { valid: false, event, violations };
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One RFC 6901 reference token. */
function pointerSegment(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Whether `path` is `parent` or inside it, as JSON pointers. */
function within(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}/`);
}

interface Mapped {
  readonly error: ErrorObject;
  readonly violation: PayloadViolation;
}

/**
 * ajv's errors in its order, as violations: `required` and `additionalProperties` point at the
 * property itself, enums and consts say their values, and the two `anyOf`s the emitted schemas
 * use (the identity rule of `identity: either`, and a nullable shared type) become one message
 * instead of one per branch plus "must match a schema in anyOf".
 */
function violationsOf(errors: readonly ErrorObject[], event: string): PayloadViolation[] {
  const out: Mapped[] = [];
  for (const error of errors) {
    if (error.keyword !== 'anyOf') {
      out.push({ error, violation: violation(error, event) });
      continue;
    }
    // A failed anyOf's branch errors are the ones just before it: the root's are its own inline
    // branches; a nullable type's lie within its value (the shared type's schema is elsewhere).
    const branch: Mapped[] = [];
    const root = error.instancePath === '';
    while (out.length > 0) {
      const last = out[out.length - 1] as Mapped;
      const mine = root ? last.error.schemaPath.startsWith(`${error.schemaPath}/`) : within(last.error.instancePath, error.instancePath);
      if (!mine) break;
      branch.unshift(last);
      out.pop();
    }
    if (root) {
      out.push({ error, violation: { path: '', message: 'must have user_id or anonymous_id' } });
      continue;
    }
    const isNullBranch = (m: Mapped): boolean => m.error.keyword === 'type' && m.error.params['type'] === 'null' && m.error.schemaPath.startsWith(`${error.schemaPath}/`);
    const kept = branch.filter((m) => !isNullBranch(m));
    if (kept.length === branch.length) {
      out.push(...branch, { error, violation: violation(error, event) });
      continue;
    }
    for (const m of kept) {
      const sameValue = m.error.keyword === 'type' && m.error.instancePath === error.instancePath;
      out.push(sameValue ? { error: m.error, violation: { path: m.violation.path, message: `${m.violation.message} or null` } } : m);
    }
  }
  return out.map((m) => m.violation);
}

function violation(error: ErrorObject, event: string): PayloadViolation {
  const path = error.instancePath;
  const params = error.params as Readonly<Record<string, unknown>>;
  switch (error.keyword) {
    case 'required':
      return { path: `${path}/${pointerSegment(String(params['missingProperty']))}`, message: 'is required' };
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = isObject(error.parentSchema) && isObject(error.parentSchema['properties']) ? Object.keys(error.parentSchema['properties']) : [];
      const near = closestMatch(key, allowed);
      const what = path === '' ? `is not a field of the event envelope (${ENVELOPE.join(', ')})` : path === '/properties' ? `is not a property of ${event}` : 'is not a property of this object';
      return { path: `${path}/${pointerSegment(key)}`, message: near === undefined ? what : `${what}; did you mean ${JSON.stringify(near)}?` };
    }
    case 'enum': {
      const values = Array.isArray(params['allowedValues']) ? (params['allowedValues'] as readonly unknown[]) : [];
      return { path, message: `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}` };
    }
    case 'type':
      // A nullable type is a type list: "must be number,null" reads better as "must be number or null".
      return { path, message: `must be ${String(params['type']).split(',').join(' or ')}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(params['allowedValue'])}` };
    default:
      return { path, message: error.message ?? `fails ${error.keyword}` };
  }
}

// ---------------------------------------------------------------------------------------------
// Sources

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

// ---------------------------------------------------------------------------------------------
// Output: strings only; the CLI prints them.

/** `file:line[:column]`, `file[index]` or `file`. */
function where(result: PayloadResult): string {
  let at = result.source;
  if (result.line !== undefined) at += `:${result.line}`;
  if (result.line !== undefined && result.column !== undefined) at += `:${result.column}`;
  if (result.index !== undefined) at += `[${result.index}]`;
  return at;
}

/**
 * The human report of one result: undefined for a valid event; otherwise a block, the location
 * and event name, then each violation indented. Invisible and control characters from the input
 * are shown as `\u{1B}`, so a payload cannot write escape sequences to the terminal.
 * @example
 * // events.ndjson:3 paywall_viewed
 * //   /properties/paywall_id must be string
 * //   /properties/colour is not a property of paywall_viewed
 */
export function formatPayloadResult(result: PayloadResult): string | undefined {
  if (result.kind === 'problem') return `${visible(where(result))} ${visible(result.message)}`;
  const { verdict } = result;
  if (verdict.valid) return undefined;
  const name = verdict.event === undefined ? '(no event name)' : /^[\w.:-]+$/.test(verdict.event) ? verdict.event : JSON.stringify(verdict.event);
  const lines = verdict.violations.map((v) => `  ${visible(v.path === '' ? '(payload)' : v.path)} ${visible(v.message)}`);
  return [`${visible(where(result))} ${visible(name)}`, ...lines].join('\n');
}

/** `3 sources: 12 valid, 2 invalid.` */
export function formatPayloadSummary(summary: PayloadSummary): string {
  return `${summary.sources} source${summary.sources === 1 ? '' : 's'}: ${summary.valid} valid, ${summary.invalid} invalid.`;
}

/** An invalid event in the JSON report: its location, name and violations. */
export interface JsonReportEvent {
  readonly kind: 'event';
  readonly source: string;
  readonly line?: number;
  readonly index?: number;
  /** null when the payload has no string `event`. */
  readonly event: string | null;
  readonly violations: readonly PayloadViolation[];
}

/** The `--format json` document: every invalid result in input order, then the counts. */
export interface JsonReport {
  readonly invalid: readonly (JsonReportEvent | ProblemResult)[];
  readonly summary: PayloadSummary;
}

/**
 * Writes a {@link JsonReport} in pieces, so a report on a huge input streams too: `add` each result
 * (it returns '' for a valid event), then `end` with the summary. The pieces concatenated are one
 * JSON document ending in a newline.
 */
export interface JsonReportWriter {
  add(result: PayloadResult): string;
  end(summary: PayloadSummary): string;
}

export function createJsonReportWriter(): JsonReportWriter {
  let count = 0;
  return {
    add(result) {
      if (result.kind === 'event' && result.verdict.valid) return '';
      return (count++ === 0 ? '{"invalid":[\n' : ',\n') + JSON.stringify(jsonEntry(result));
    },
    end(summary) {
      const counts: PayloadSummary = { valid: summary.valid, invalid: summary.invalid, sources: summary.sources };
      return `${count === 0 ? '{"invalid":[' : '\n'}],"summary":${JSON.stringify(counts)}}\n`;
    },
  };
}

function jsonEntry(result: PayloadResult): JsonReportEvent | ProblemResult {
  if (result.kind === 'problem') return result;
  const { verdict, ...at } = result;
  return { ...at, event: verdict.event ?? null, violations: verdict.violations };
}
