// A fake FloKit Events API for the generated client's tests. In: options (API keys, an "any event"
// JSON Schema, idempotency window, rate limit, clock, fault plan). Out: a running HTTP server on
// 127.0.0.1 at a random port that answers POST /v1/events and POST /v1/batch/events as
// shared/flokit-api.md describes, and records what it received (requests), what it stored
// (events) and counters (stats), with faults (5xx, resets, hangs, truncation, 429) injected on
// demand or from a seeded PRNG so that retry behaviour can be tested deterministically.
//
// Per request, in this order: fault taken (at arrival) → body read → pre-processing fault applied
// (status, reset, hang, 429: nothing processed) → 404 → 405 → 401 → 429 → 413 → 415 → idempotent
// replay → JSON parse → validation → storage → idempotency record → post-processing fault applied
// (delay, reset-after-store, hang-after-store, truncate) or the answer sent.
import { readFileSync } from 'node:fs';
import { createServer, STATUS_CODES } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
// A seeded PRNG (mulberry32), so random faults replay identically for a seed.
import { prng } from '../../bench/lib/import-export.js';

// ajv-formats is CommonJS; under NodeNext its default import is typed as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020, options: { mode: 'full' }) => Ajv2020;

export const SINGLE_PATH = '/v1/events';
export const BATCH_PATH = '/v1/batch/events';
export const MAX_BATCH_EVENTS = 1000;

export type FaultStatus = 500 | 502 | 503 | 504 | 408 | 400 | 401 | 403 | 404 | 409 | 422 | 501 | 505;

export type Fault =
  /** Answer this status without processing; `body` is sent verbatim (default: a JSON error body). */
  | { readonly kind: 'status'; readonly status: FaultStatus; readonly body?: string; readonly headers?: Readonly<Record<string, string>> }
  /** Destroy the socket without answering; nothing processed. */
  | { readonly kind: 'reset' }
  /** Process and store (and record the idempotent response), then destroy the socket unanswered. */
  | { readonly kind: 'reset-after-store' }
  /** Process normally, answer after `ms`. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Never answer, nothing processed; close() destroys the socket. */
  | { readonly kind: 'hang' }
  /** Process and store, never answer. */
  | { readonly kind: 'hang-after-store' }
  /** Process and store, send headers promising the whole body, write half of it, destroy the socket. */
  | { readonly kind: 'truncate' }
  /** A one-off 429. `retryAfter` is the header verbatim (null: no header); default as for the rate limit, 1 s ahead. */
  | { readonly kind: '429'; readonly retryAfter?: string | null };

export type FaultKind = Fault['kind'];

export interface RateLimit {
  readonly requests: number;
  readonly windowMs: number;
}

export interface RandomFaults {
  /** Probability in [0, 1] that a request on an event endpoint gets a fault. */
  readonly rate: number;
  readonly seed: number;
  /**
   * What to draw from. A bare kind gets drawn parameters (status: 500/502/503/504; delay: 1-25 ms;
   * 429: the default Retry-After). Default: status, reset, reset-after-store, delay, truncate —
   * hang, hang-after-store and 429 are opt-in because they cost the client a timeout or a ≥ 1 s wait.
   */
  readonly kinds?: readonly (FaultKind | Fault)[];
}

export interface FloKitServerOptions {
  /** Valid API keys; default ['test_key']. */
  readonly apiKeys?: readonly string[];
  /** The "any event" JSON Schema (2020-12); default generated/event.schema.json. */
  readonly schema?: object;
  /** How long an Idempotency-Key is remembered; default 24 h. */
  readonly idempotencyWindowMs?: number;
  /** The clock for idempotency expiry, the rate-limit window, Retry-After and receivedAt; default Date.now. */
  readonly now?: () => number;
  /** Fixed-window limit; default 100 requests per 60 s (the documented limit); false: none. */
  readonly rateLimit?: RateLimit | false;
  /** Retry-After as delta-seconds (default) or an IMF-fixdate computed from `now`. */
  readonly retryAfterFormat?: 'seconds' | 'http-date';
  /** Retry-After value sent verbatim on every 429 (null: omit the header). */
  readonly retryAfter?: string | null;
  readonly randomFaults?: RandomFaults;
  /** Bodies larger than this get 413; default 5 MiB. */
  readonly maxBodyBytes?: number;
}

export interface StoredEvent {
  readonly event_id: string;
  readonly body: unknown;
  /** The event re-serialised with JSON.stringify (for a batch: this event alone). */
  readonly raw: string;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-cased names, raw values (repeated headers joined with ', '). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body bytes as UTF-8 ('' while still arriving, and for a 413). */
  readonly body: string;
  readonly receivedAt: number;
  readonly fault?: FaultKind;
  /** The status sent (absent when nothing was sent: reset, hang, or not yet answered). */
  readonly status?: number;
  /** True when the answer was an idempotent replay. */
  readonly replayed?: boolean;
}

export interface FloKitStats {
  /** Every request received, on any path. */
  readonly requests: number;
  /** Events stored. */
  readonly stored: number;
  readonly replays: number;
  /** 429s from the rate limit (one-off 429 faults count under `faults`). */
  readonly rateLimited: number;
  readonly faults: number;
  readonly keyReusedWithDifferentBody: number;
}

export interface KeyReuse {
  readonly key: string;
  readonly originalPath: string;
  readonly originalBody: string;
  readonly path: string;
  readonly body: string;
}

export interface FloKitServer {
  /** e.g. http://127.0.0.1:53211 (no trailing slash). */
  readonly url: string;
  readonly events: ReadonlyArray<StoredEvent>;
  readonly requests: ReadonlyArray<LoggedRequest>;
  /** A snapshot of the counters. */
  readonly stats: FloKitStats;
  /** Every replay whose body (or endpoint) differed from the original request's. */
  readonly keyReuses: ReadonlyArray<KeyReuse>;
  /** Faults still queued. */
  readonly queuedFaults: number;
  /** The next requests on the event endpoints take these faults, one each, in arrival order. */
  enqueueFaults(...faults: Fault[]): void;
  /** Replace the rate limit; the window starts afresh. */
  setRateLimit(limit: RateLimit | false): void;
  /** Clear store, log, stats, key reuses, idempotency records, rate window, fault queue; reseed the PRNG; restart ids at 1. */
  reset(): void;
  /** Destroy every socket (hanging ones too) and resolve once the server is closed. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Validation

const compiled = new WeakMap<object, ValidateFunction>();
let defaultSchema: object | undefined;

function validatorFor(schema: object): ValidateFunction {
  // Compiling the generated schema takes tens of ms; a suite starts many servers with the same object.
  let validate = compiled.get(schema);
  if (validate === undefined) {
    const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }), { mode: 'full' });
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function loadDefaultSchema(): object {
  defaultSchema ??= JSON.parse(readFileSync(new URL('../../generated/event.schema.json', import.meta.url), 'utf8')) as object;
  return defaultSchema;
}

function describeError(e: ErrorObject): string {
  const at = e.instancePath === '' ? '(root)' : e.instancePath;
  const extra = e.keyword === 'additionalProperties' ? ` '${String((e.params as { additionalProperty?: unknown }).additionalProperty)}'` : '';
  return `${at} ${e.message ?? 'is invalid'}${extra}`;
}

/** A readable message: every violation with its instancePath, minus the if/then noise of the dispatch. */
function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  const all = errors ?? [];
  const useful = all.filter((e) => e.keyword !== 'if');
  const messages = (useful.length > 0 ? useful : all).map(describeError);
  return messages.length > 0 ? [...new Set(messages)].join('; ') : 'invalid event';
}

// ---------------------------------------------------------------------------------------------
// Helpers

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

function jsonReply(status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): Reply {
  return { status, body: JSON.stringify(value), headers: { 'content-type': 'application/json; charset=utf-8', ...headers } };
}

function errorReply(status: number, error: string, message: string, headers: Readonly<Record<string, string>> = {}): Reply {
  return jsonReply(status, { error, message }, headers);
}

function errorCode(status: number): string {
  return (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

function contentTypeOf(body: string): string {
  try {
    JSON.parse(body);
    return 'application/json; charset=utf-8';
  } catch {
    return body.trimStart().startsWith('<') ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8';
  }
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

function headerRecord(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    const seen = out[name];
    out[name] = seen === undefined ? value : `${seen}, ${value}`;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DEFAULT_RANDOM_KINDS: readonly FaultKind[] = ['status', 'reset', 'reset-after-store', 'delay', 'truncate'];
const RANDOM_STATUSES: readonly FaultStatus[] = [500, 502, 503, 504];
const PRE_PROCESSING: ReadonlySet<FaultKind> = new Set<FaultKind>(['status', 'reset', 'hang', '429']);

type MutableRequest = { -readonly [K in keyof LoggedRequest]: LoggedRequest[K] };
type MutableStats = { -readonly [K in keyof FloKitStats]: FloKitStats[K] };

interface IdempotencyRecord {
  readonly at: number;
  readonly path: string;
  readonly requestBody: string;
  readonly reply: Reply;
}

function zeroStats(): MutableStats {
  return { requests: 0, stored: 0, replays: 0, rateLimited: 0, faults: 0, keyReusedWithDifferentBody: 0 };
}

// ---------------------------------------------------------------------------------------------
// The server

export async function startFloKitServer(options: FloKitServerOptions = {}): Promise<FloKitServer> {
  const apiKeys = new Set(options.apiKeys ?? ['test_key']);
  const validate = validatorFor(options.schema ?? loadDefaultSchema());
  const now = options.now ?? Date.now;
  const idempotencyWindowMs = options.idempotencyWindowMs ?? 24 * 60 * 60 * 1000;
  const maxBodyBytes = options.maxBodyBytes ?? 5 * 1024 * 1024;
  const random = options.randomFaults;
  if (random !== undefined && !(random.rate >= 0 && random.rate <= 1)) throw new Error(`randomFaults.rate must be in [0, 1], got ${random.rate}`);
  const randomKinds = random?.kinds ?? DEFAULT_RANDOM_KINDS;
  if (randomKinds.length === 0) throw new Error('randomFaults.kinds must not be empty');

  let rateLimit: RateLimit | false = options.rateLimit ?? { requests: 100, windowMs: 60_000 };
  let windowStart: number | undefined;
  let windowCount = 0;
  let nextId = 1;
  let rand = prng(random?.seed ?? 0);
  let events: StoredEvent[] = [];
  let requests: MutableRequest[] = [];
  let keyReuses: KeyReuse[] = [];
  let faultQueue: Fault[] = [];
  let stats = zeroStats();
  const idempotency = new Map<string, IdempotencyRecord>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  function newEventId(): string {
    return `evt_${String(nextId++).padStart(12, '0')}`;
  }

  function retryAfterHeader(until: number, override: string | null | undefined): Record<string, string> {
    const value =
      override !== undefined
        ? override
        : options.retryAfterFormat === 'http-date'
          ? new Date(Math.ceil(until / 1000) * 1000).toUTCString() // rounded up: a client waiting until then is never early
          : String(Math.max(1, Math.ceil((until - now()) / 1000)));
    return value === null ? {} : { 'retry-after': value };
  }

  function takeFault(): Fault | undefined {
    const queued = faultQueue.shift();
    if (queued !== undefined) return queued;
    if (random === undefined) return undefined;
    // Always three draws per request, so request n's fault depends only on the seed and n.
    const hit = rand();
    const pick = rand();
    const param = rand();
    if (hit >= random.rate) return undefined;
    const chosen = randomKinds[Math.floor(pick * randomKinds.length)] as FaultKind | Fault;
    if (typeof chosen !== 'string') return chosen;
    switch (chosen) {
      case 'status':
        return { kind: 'status', status: RANDOM_STATUSES[Math.floor(param * RANDOM_STATUSES.length)] as FaultStatus };
      case 'delay':
        return { kind: 'delay', ms: 1 + Math.floor(param * 25) };
      default:
        return { kind: chosen };
    }
  }

  /** Fixed window that opens at the first counted request; returns the window's end when over the limit. */
  function overLimit(): number | undefined {
    if (rateLimit === false) return undefined;
    const t = now();
    if (windowStart === undefined || t >= windowStart + rateLimit.windowMs) {
      windowStart = t;
      windowCount = 0;
    }
    if (windowCount >= rateLimit.requests) return windowStart + rateLimit.windowMs;
    windowCount++;
    return undefined;
  }

  function processSingle(value: unknown): Reply {
    if (!validate(value)) return errorReply(400, 'validation_error', describeErrors(validate.errors));
    const event_id = newEventId();
    events.push({ event_id, body: value, raw: JSON.stringify(value) });
    stats.stored++;
    return jsonReply(200, { status: 'ok', event_id });
  }

  function processBatch(value: unknown): Reply {
    if (!isRecord(value) || !Array.isArray(value['events'])) return errorReply(400, 'validation_error', '(root) must be an object with an "events" array');
    const extra = Object.keys(value).filter((k) => k !== 'events');
    if (extra.length > 0) return errorReply(400, 'validation_error', `(root) must NOT have additional properties '${extra.join("', '")}'`);
    const list: readonly unknown[] = value['events'];
    if (list.length < 1 || list.length > MAX_BATCH_EVENTS) {
      return errorReply(400, 'validation_error', `/events must contain 1 to ${MAX_BATCH_EVENTS} events, got ${list.length}`);
    }
    // Validate everything first, then store: the stored order is the request order.
    const errors: { index: number; reason: string }[] = [];
    const accepted: unknown[] = [];
    list.forEach((event, index) => {
      if (validate(event)) accepted.push(event);
      else errors.push({ index, reason: describeErrors(validate.errors) });
    });
    const event_ids = accepted.map((event) => {
      const event_id = newEventId();
      events.push({ event_id, body: event, raw: JSON.stringify(event) });
      return event_id;
    });
    stats.stored += accepted.length;
    return jsonReply(200, { status: 'ok', accepted: accepted.length, rejected: errors.length, event_ids, errors });
  }

  function parseAndStore(entry: MutableRequest): Reply {
    let value: unknown;
    try {
      value = JSON.parse(entry.body);
    } catch (error) {
      return errorReply(400, 'invalid_json', `Body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    return entry.path === SINGLE_PATH ? processSingle(value) : processBatch(value);
  }

  /** Everything but faults; marks `entry.replayed` when the answer is a replay. */
  function handle(entry: MutableRequest, tooLarge: boolean): Reply {
    if (entry.path !== SINGLE_PATH && entry.path !== BATCH_PATH) return errorReply(404, 'not_found', `No route for ${entry.method} ${entry.path}`);
    if (entry.method !== 'POST') return errorReply(405, 'method_not_allowed', `${entry.path} accepts POST only`, { allow: 'POST' });

    const auth = entry.headers['authorization'];
    if (auth === undefined) return errorReply(401, 'unauthorized', 'Missing Authorization header; send Authorization: Bearer <API key>', { 'www-authenticate': 'Bearer' });
    const match = /^Bearer +(\S+) *$/i.exec(auth);
    // Never echo the key: a test server's messages end up in logs too.
    if (match === null || !apiKeys.has(match[1] as string)) return errorReply(401, 'unauthorized', 'Invalid API key', { 'www-authenticate': 'Bearer' });

    // Only authenticated requests count: the limit is per workspace, and only a key names one.
    const until = overLimit();
    if (until !== undefined) {
      stats.rateLimited++;
      return errorReply(429, 'rate_limited', 'Rate limit exceeded; retry later', retryAfterHeader(until, options.retryAfter));
    }

    if (tooLarge) return errorReply(413, 'payload_too_large', `Body exceeds ${maxBodyBytes} bytes`);
    const mediaType = (entry.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') return errorReply(415, 'unsupported_media_type', 'Content-Type must be application/json');

    // Honoured on both endpoints: the API doc leaves the batch endpoint open, and honouring it is
    // what lets a client retry a batch safely. Scope: one workspace, both endpoints share keys.
    const key = entry.headers['idempotency-key'];
    if (key !== undefined) {
      const record = idempotency.get(key);
      if (record !== undefined && now() - record.at < idempotencyWindowMs) {
        stats.replays++;
        entry.replayed = true;
        if (record.requestBody !== entry.body || record.path !== entry.path) {
          stats.keyReusedWithDifferentBody++;
          keyReuses.push({ key, originalPath: record.path, originalBody: record.requestBody, path: entry.path, body: entry.body });
        }
        return { ...record.reply, headers: { ...record.reply.headers, 'idempotent-replayed': 'true' } };
      }
    }

    const reply = parseAndStore(entry);

    // Recorded: every answer that processing produced (200, and 400 for invalid JSON or events), as
    // the final result for that key. Not recorded: 401/413/415/429 and faults, which come before.
    if (key !== undefined) idempotency.set(key, { at: now(), path: entry.path, requestBody: entry.body, reply });
    return reply;
  }

  function send(res: ServerResponse, entry: MutableRequest, reply: Reply): void {
    if (res.destroyed || res.headersSent) return;
    entry.status = reply.status;
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)) });
    res.end(reply.body);
  }

  function later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  }

  function respond(req: IncomingMessage, res: ServerResponse, entry: MutableRequest, fault: Fault | undefined, tooLarge: boolean): void {
    if (fault !== undefined) {
      entry.fault = fault.kind;
      stats.faults++;
    }
    if (fault !== undefined && PRE_PROCESSING.has(fault.kind)) {
      switch (fault.kind) {
        case 'status': {
          const headers = lowerCaseKeys(fault.headers ?? {});
          const body = fault.body ?? JSON.stringify({ error: errorCode(fault.status), message: `Injected ${fault.status} ${STATUS_CODES[fault.status] ?? ''}`.trim() });
          send(res, entry, { status: fault.status, body, headers: { 'content-type': contentTypeOf(body), ...headers } });
          return;
        }
        case '429':
          send(res, entry, errorReply(429, 'rate_limited', 'Rate limit exceeded; retry later', retryAfterHeader(now() + 1000, fault.retryAfter !== undefined ? fault.retryAfter : options.retryAfter)));
          return;
        case 'reset':
          req.socket.destroy();
          return;
        default: // hang: keep the socket open until the client gives up or close() runs
          return;
      }
    }

    const reply = handle(entry, tooLarge);
    switch (fault?.kind) {
      case 'delay':
        later(fault.ms, () => send(res, entry, reply));
        return;
      case 'reset-after-store':
        req.socket.destroy();
        return;
      case 'hang-after-store':
        return;
      case 'truncate': {
        const bytes = Buffer.from(reply.body);
        entry.status = reply.status;
        res.writeHead(reply.status, { ...reply.headers, 'content-length': String(bytes.length) });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => req.socket.destroy());
        return;
      }
      default:
        send(res, entry, reply);
    }
  }

  const server = createServer((req, res) => {
    stats.requests++;
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const entry: MutableRequest = { method, path, headers: headerRecord(req.rawHeaders), body: '', receivedAt: now() };
    requests.push(entry);
    // The fault is taken on arrival (headers), so concurrent requests take them in arrival order.
    const fault = method === 'POST' && (path === SINGLE_PATH || path === BATCH_PATH) ? takeFault() : undefined;

    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
      else chunks.length = 0; // keep draining so the client can read the 413
    });
    req.on('error', () => undefined); // the client went away; nothing to answer
    req.on('end', () => {
      const tooLarge = size > maxBodyBytes;
      entry.body = tooLarge ? '' : Buffer.concat(chunks).toString('utf8');
      try {
        respond(req, res, entry, fault, tooLarge);
      } catch (error) {
        send(res, entry, errorReply(500, 'internal_error', `fake server bug: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  });
  // Longer than any client's idle timeout, so the server never closes a socket the client is reusing.
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    get events() {
      return events;
    },
    get requests() {
      return requests;
    },
    get stats() {
      return { ...stats };
    },
    get keyReuses() {
      return keyReuses;
    },
    get queuedFaults() {
      return faultQueue.length;
    },
    enqueueFaults(...faults) {
      faultQueue.push(...faults);
    },
    setRateLimit(limit) {
      rateLimit = limit;
      windowStart = undefined;
      windowCount = 0;
    },
    reset() {
      events = [];
      requests = [];
      keyReuses = [];
      faultQueue = [];
      stats = zeroStats();
      idempotency.clear();
      windowStart = undefined;
      windowCount = 0;
      nextId = 1;
      rand = prng(random?.seed ?? 0);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
