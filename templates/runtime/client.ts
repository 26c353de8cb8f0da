// The sender behind every generated `track<Event>()`: validation by mode, Idempotency-Keys fixed
// before the first attempt, retries with backoff and Retry-After, a client-wide pause on 429,
// per-attempt timeouts, direct or buffered sending, explicit batches with results per input index,
// and shutdown with a deadline. The generated client.ts adds one typed method per event on top.
// In: settings and events. Out: requests through the transport, and typed results or errors.
import { FloKitApiError, FloKitAuthError, FloKitError, FloKitNetworkError, FloKitRateLimitError, FloKitValidationError } from './errors.js';
import { assemble, type EventCatalog, type EventSpec } from './events.js';
import { deriveKey, type KeyFields } from './keys.js';
import { resolveOptions, type FloKitClientOptions, type LogLevel, type Settings } from './options.js';
import { backoffDelay, clamp, isRetryableStatus, parseRetryAfter } from './retry.js';
import type { TransportResponse } from './transport.js';
import type { ValidationResult, Violation } from './validation.js';

export interface TrackOptions {
  /** Overrides the derived or random key: the same key makes FloKit count the event once (24 h). */
  readonly idempotencyKey?: string;
  /** Cancels the send (waits and attempts included); the call rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface TrackResult {
  readonly status: 'ok';
  /** FloKit's id; a replayed key answers with the original id. Empty if FloKit's answer had none for it. */
  readonly event_id: string;
}

export interface SendBatchOptions {
  /** Send in `timestamp` order (stable), as FloKit recommends for historical imports. Results keep input order. */
  readonly sortByTimestamp?: boolean;
  readonly signal?: AbortSignal;
}

export type BatchItemResult =
  | { readonly status: 'ok'; readonly event_id: string }
  | { readonly status: 'rejected'; readonly reason: string }
  | { readonly status: 'failed'; readonly error: FloKitError };

export interface BatchReport {
  readonly accepted: number;
  readonly rejected: number;
  readonly failed: number;
  /** One result per input event, at the input's index. */
  readonly results: readonly BatchItemResult[];
  readonly requests: number;
}

export interface ShutdownReport {
  /** Totals over the client's life. */
  readonly accepted: number;
  readonly rejected: number;
  readonly failed: number;
  /** Queued or in flight when the deadline passed; their calls reject with a `shutdown` error. */
  readonly undelivered: number;
}

/** What every client offers, including the one behind the module-level helpers. */
export interface FloKitSender {
  /** Resolves when every event tracked before the call has settled (buffered mode; direct sends too). */
  flush(): Promise<void>;
  /** Stops intake, flushes, and resolves by `timeoutMs` (default 10,000) whatever is still pending. */
  shutdown(options?: { readonly timeoutMs?: number }): Promise<ShutdownReport>;
}

const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

interface Queued {
  readonly json: string;
  readonly bytes: number;
  readonly resolve: (result: TrackResult) => void;
  readonly reject: (error: unknown) => void;
  /** Settles (never rejects) with the event, for flush. */
  readonly settled: Promise<unknown>;
}

/** One HTTP answer as read. */
interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/** The answer a request ended with, and how many attempts it took (a 400 may follow a retried 503). */
interface Answer extends Reply {
  readonly attempts: number;
}

/** UTF-8 length without encoding: batches are cut by bytes. */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) bytes += 1;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** Resolves after `ms`, or rejects when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A timer that never keeps a process alive on its own (Node, Bun, Deno); plain elsewhere. */
function backgroundTimer(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(fn, ms);
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

export class FloKitCore implements FloKitSender {
  private readonly settings: Settings;
  /** No request starts before this time: a 429 pauses the whole client. */
  private pausedUntil = 0;
  /** Start times granted by the client-side limiter, oldest first. */
  private readonly slots: number[] = [];
  private readonly queue: Queued[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private draining: Promise<void> | undefined;
  /** Every send in progress (direct requests and batch drains), for flush and shutdown. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private inFlightEvents = 0;
  private closed = false;
  /** Aborts every request when a shutdown deadline passes. */
  private readonly stop = new AbortController();
  private readonly totals = { accepted: 0, rejected: 0, failed: 0 };

  constructor(options: FloKitClientOptions) {
    this.settings = resolveOptions(options);
  }

  /** Sends one event of a known kind from the caller's input (the generated track<Event>()). */
  send<E>(spec: EventSpec<E>, input: object, options?: TrackOptions): Promise<TrackResult> {
    return this.accept(spec.name, () => assemble(spec.name, input), spec.validate, spec.key, options);
  }

  /** Sends a complete wire event of any kind of the catalog (the generated client.track()). */
  trackEvent<E>(catalog: EventCatalog<E>, event: E, options?: TrackOptions): Promise<TrackResult> {
    const name = isRecord(event) && typeof event['event'] === 'string' ? event['event'] : '';
    return this.accept(name, () => event, catalog.validate, catalog.keys[name], options);
  }

  private accept(name: string, wire: () => unknown, validate: (input: unknown) => ValidationResult<unknown>, key: KeyFields | undefined, options: TrackOptions = {}): Promise<TrackResult> {
    const buffered = this.settings.batching !== undefined && options.idempotencyKey === undefined && key === undefined;
    let promise: Promise<TrackResult>;
    try {
      if (this.closed) throw new FloKitError('shutdown', `The FloKit client is shut down; ${name} was not sent`);
      const event = wire();
      this.check(name === '' ? 'The event' : `The ${name} event`, validate, event);
      // The body is frozen here: later changes to the caller's objects cannot reach it.
      const json = JSON.stringify(event);
      if (this.settings.logLevel === 'debug') this.log('debug', `queueing ${json}`);
      // Events with a caller's or derived key go out alone even when buffering: only the single-event
      // endpoint's key semantics are documented, and a batch key cannot protect one event across restarts.
      promise = buffered ? this.enqueue(json, options.signal) : this.direct(event, json, key, options);
    } catch (error) {
      promise = Promise.reject(error);
    }
    if (this.settings.batching === undefined) return promise;
    // Buffered callers often do not await: failures are reported (logger, onError), and the handler
    // attached here keeps an ignored rejection from crashing the process as unhandled.
    promise.catch((error: unknown) => this.report(error));
    return promise;
  }

  private check(what: string, validate: (input: unknown) => ValidationResult<unknown>, event: unknown): void {
    if (this.settings.validation === 'off') return;
    const verdict = validate(event);
    if (verdict.valid) return;
    if (this.settings.validation === 'throw') throw new FloKitValidationError(what, verdict.violations);
    this.violation(what, verdict.violations);
  }

  private violation(what: string, violations: readonly Violation[]): void {
    this.log('warn', `${what} is invalid and is sent anyway (validation: 'warn'): ${violations.map((v) => `${v.path === '' ? '(payload)' : v.path} ${v.message}`).join('; ')}`);
    this.hook('onViolation', { event: what, violations });
  }

  private async direct(event: unknown, json: string, key: KeyFields | undefined, options: TrackOptions): Promise<TrackResult> {
    const name = isRecord(event) ? String(event['event']) : '';
    const task = (async (): Promise<TrackResult> => {
      const idempotencyKey = options.idempotencyKey ?? (key === undefined ? undefined : await deriveKey(name, event, key)) ?? this.settings.randomUUID();
      let answer: Answer;
      try {
        answer = await this.request('/v1/events', json, idempotencyKey, 1, options.signal);
      } catch (error) {
        this.totals.failed++;
        throw error;
      }
      if (answer.status >= 200 && answer.status < 300) {
        this.totals.accepted++;
        const id = isRecord(answer.body) && typeof answer.body['event_id'] === 'string' ? answer.body['event_id'] : '';
        if (id === '') this.log('warn', `FloKit accepted ${name} but its answer had no event_id`);
        return { status: 'ok', event_id: id };
      }
      // A 400 judges the event (rejected); anything else left it undelivered (failed).
      if (answer.status === 400) this.totals.rejected++;
      else this.totals.failed++;
      throw this.httpError(answer, answer.attempts);
    })();
    return this.track(task, 1);
  }

  /** Counts a send as in flight until it settles, for flush and shutdown. */
  private track<T>(task: Promise<T>, events: number): Promise<T> {
    this.inFlightEvents += events;
    const done = task.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(done);
    void done.then(() => {
      this.inFlight.delete(done);
      this.inFlightEvents -= events;
    });
    return task;
  }

  // ---- buffered mode ----

  private enqueue(json: string, signal: AbortSignal | undefined): Promise<TrackResult> {
    const batching = this.settings.batching as NonNullable<Settings['batching']>;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.queue.length >= batching.maxQueueSize) {
      return Promise.reject(new FloKitError('queue_full', `The FloKit queue is full (${batching.maxQueueSize} events; raise batching.maxQueueSize or flush more often); the event was dropped`));
    }
    let resolve: (result: TrackResult) => void = () => undefined;
    let reject: (error: unknown) => void = () => undefined;
    const promise = new Promise<TrackResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    const item: Queued = { json, bytes: utf8Length(json), resolve, reject, settled };
    this.queue.push(item);
    if (signal !== undefined) {
      // The caller's signal withdraws the event while it waits in the queue; once its batch has
      // gone out it cannot be taken back alone, and the call settles with that batch.
      const onAbort = (): void => {
        const index = this.queue.indexOf(item);
        if (index === -1) return;
        this.queue.splice(index, 1);
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      void settled.then(() => signal.removeEventListener('abort', onAbort));
    }
    if (this.queue.length >= batching.maxEvents) void this.drain();
    else this.timer ??= backgroundTimer(() => void this.drain(), batching.maxWaitMs);
    return promise;
  }

  /** Sends queued events one batch at a time, in order, until the queue is empty. */
  private drain(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.draining === undefined && this.queue.length > 0) this.draining = this.run();
    return this.draining ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    try {
      do {
        const chunk = this.takeChunk();
        await this.track(this.sendChunk(chunk), chunk.length).catch(() => undefined);
      } while (this.queue.length > 0);
    } finally {
      // Cleared in the same turn the loop saw an empty queue (not in a later `.finally` callback):
      // an event queued in between would otherwise join a drain that has already ended, and stay
      // queued with its timer cleared, unsent until the next track or flush.
      this.draining = undefined;
    }
  }

  private takeChunk(): Queued[] {
    const { maxEvents, maxBytes } = this.settings.batching as NonNullable<Settings['batching']>;
    let bytes = 12; // {"events":[]}
    let count = 0;
    for (const item of this.queue) {
      if (count === maxEvents || (count > 0 && bytes + item.bytes + 1 > maxBytes)) break;
      bytes += item.bytes + 1;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private async sendChunk(chunk: readonly Queued[]): Promise<void> {
    const results = await this.postBatch(chunk.map((q) => q.json), undefined);
    chunk.forEach((item, i) => {
      const result = results[i] as BatchItemResult;
      if (result.status === 'ok') item.resolve(result);
      else item.reject(result.status === 'rejected' ? new FloKitError('rejected', `FloKit rejected the event: ${result.reason}`) : result.error);
    });
  }

  async flush(): Promise<void> {
    // What is queued now, not an empty queue: waiting for the drain to end could last forever
    // while callers keep queueing.
    const pending: Promise<unknown>[] = [...this.inFlight, ...this.queue.map((item) => item.settled)];
    if (this.queue.length > 0) void this.drain();
    await Promise.all(pending);
  }

  async shutdown(options: { readonly timeoutMs?: number } = {}): Promise<ShutdownReport> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new FloKitError('config', '`shutdown({ timeoutMs })` must be a number ≥ 0');
    this.closed = true;
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      deadline = backgroundTimer(() => resolve('expired'), timeoutMs);
    });
    const outcome = await Promise.race([this.flushAll().then(() => 'flushed' as const), expired]);
    clearTimeout(deadline);
    const undelivered = outcome === 'flushed' ? 0 : this.queue.length + this.inFlightEvents;
    const report = { ...this.totals, undelivered };
    if (outcome === 'expired') {
      const error = new FloKitError('shutdown', `Not delivered: the FloKit client shut down after ${timeoutMs} ms`);
      for (const item of this.queue.splice(0)) item.reject(error);
      this.stop.abort(error);
      if (undelivered > 0) this.log('warn', `FloKit shutdown deadline passed with ${undelivered} events undelivered`);
    }
    return report;
  }

  /** Flushes until nothing is queued or in flight (sends started by a flush included). */
  private async flushAll(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight.size > 0) await this.flush();
  }

  // ---- explicit batches ----

  /** Validates, then sends `events` in chunks of ≤ 1,000 and ≤ maxBytes; results by input index. */
  async sendBatch<E>(catalog: EventCatalog<E>, events: readonly E[], options: SendBatchOptions = {}): Promise<BatchReport> {
    if (this.closed) throw new FloKitError('shutdown', 'The FloKit client is shut down; the batch was not sent');
    if (!Array.isArray(events)) throw new FloKitError('config', '`sendBatch` takes an array of events');
    if (this.settings.validation !== 'off') {
      const violations: Violation[] = [];
      events.forEach((event, index) => {
        const verdict = catalog.validate(event);
        // A message reads after its path (`/3/properties/revenue` `must be >= 0`): only the path changes.
        if (!verdict.valid) for (const v of verdict.violations) violations.push({ ...v, path: `/${index}${v.path}` });
      });
      if (violations.length > 0 && this.settings.validation === 'throw') throw new FloKitValidationError('The batch', violations);
      if (violations.length > 0) this.violation('The batch', violations);
    }
    const order = events.map((_, i) => i);
    if (options.sortByTimestamp === true) {
      const times = events.map((e) => (isRecord(e) && typeof e['timestamp'] === 'string' ? Date.parse(e['timestamp']) : Number.NaN));
      // Unparseable timestamps go last, in input order (the sort is stable).
      order.sort((a, b) => (Number.isNaN(times[a] as number) ? Infinity : (times[a] as number)) - (Number.isNaN(times[b] as number) ? Infinity : (times[b] as number)) || a - b);
    }
    const texts = order.map((i) => JSON.stringify(events[i]));
    const results: BatchItemResult[] = new Array<BatchItemResult>(events.length);
    const maxBytes = this.settings.batching?.maxBytes ?? 524_288;
    let requests = 0;
    for (let start = 0; start < texts.length; ) {
      let end = start;
      let bytes = 12;
      while (end < texts.length && end - start < 1000) {
        const size = utf8Length(texts[end] as string) + 1;
        if (end > start && bytes + size > maxBytes) break;
        bytes += size;
        end++;
      }
      const chunk = texts.slice(start, end);
      requests++;
      const chunkResults = await this.track(this.postBatch(chunk, options.signal), 0);
      chunkResults.forEach((result, i) => {
        results[order[start + i] as number] = result;
      });
      start = end;
    }
    const count = (status: BatchItemResult['status']): number => results.filter((r) => r.status === status).length;
    return { accepted: count('ok'), rejected: count('rejected'), failed: count('failed'), results, requests };
  }

  /** One batch request (retried as a whole under one key); never throws, every event gets a result. */
  private async postBatch(texts: readonly string[], signal: AbortSignal | undefined): Promise<BatchItemResult[]> {
    const body = `{"events":[${texts.join(',')}]}`;
    let answer: Answer;
    try {
      answer = await this.request('/v1/batch/events', body, this.settings.randomUUID(), texts.length, signal);
    } catch (error) {
      if (signal?.aborted && error === signal.reason) throw error;
      this.totals.failed += texts.length;
      const failure = error instanceof FloKitError ? error : new FloKitNetworkError(`FloKit batch failed: ${this.describe(error)}`, 1, false, undefined);
      return texts.map(() => ({ status: 'failed', error: failure }));
    }
    if (answer.status < 200 || answer.status >= 300) {
      const error = this.httpError(answer, answer.attempts);
      // A 400 judges the request's content: the events were refused, not lost in transit.
      if (answer.status === 400) {
        this.totals.rejected += texts.length;
        return texts.map(() => ({ status: 'rejected', reason: error.message }));
      }
      this.totals.failed += texts.length;
      return texts.map(() => ({ status: 'failed', error }));
    }
    return this.mapBatchAnswer(answer.body, texts.length);
  }

  /** Maps `errors[].index` and `event_ids` back to positions, tolerating answers that do not add up. */
  private mapBatchAnswer(body: unknown, size: number): BatchItemResult[] {
    const fields = isRecord(body) ? body : {};
    const reasons = new Map<number, string>();
    for (const entry of Array.isArray(fields['errors']) ? fields['errors'] : []) {
      const index = isRecord(entry) ? entry['index'] : undefined;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= size) {
        this.log('warn', `FloKit's batch answer has an error entry with index ${JSON.stringify(index)} outside 0..${size - 1}; ignored`);
        continue;
      }
      if (reasons.has(index)) this.log('warn', `FloKit's batch answer reports index ${index} twice`);
      const reason = isRecord(entry) && typeof entry['reason'] === 'string' ? entry['reason'] : 'rejected (FloKit gave no reason)';
      reasons.set(index, reason);
    }
    const ids = Array.isArray(fields['event_ids']) ? fields['event_ids'] : [];
    const accepted = size - reasons.size;
    if (ids.length !== accepted || (typeof fields['accepted'] === 'number' && fields['accepted'] !== accepted) || (typeof fields['rejected'] === 'number' && fields['rejected'] !== reasons.size)) {
      this.log('warn', `FloKit's batch answer does not add up: ${size} events, ${reasons.size} error entries, ${ids.length} event_ids, accepted=${String(fields['accepted'])}, rejected=${String(fields['rejected'])}`);
    }
    let next = 0;
    const results: BatchItemResult[] = [];
    for (let i = 0; i < size; i++) {
      const reason = reasons.get(i);
      if (reason !== undefined) results.push({ status: 'rejected', reason });
      else {
        const id = ids[next++];
        results.push({ status: 'ok', event_id: typeof id === 'string' ? id : '' });
      }
    }
    this.totals.accepted += accepted;
    this.totals.rejected += reasons.size;
    return results;
  }

  // ---- one request, with retries ----

  private async request(path: string, body: string, idempotencyKey: string, events: number, signal: AbortSignal | undefined): Promise<Answer> {
    const headers = { Authorization: `Bearer ${this.settings.apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey };
    const combined = signal === undefined ? { signal: this.stop.signal, dispose: (): void => undefined } : anySignal([signal, this.stop.signal]);
    try {
      return await this.attempts(path, body, headers, idempotencyKey, events, combined.signal);
    } finally {
      combined.dispose();
    }
  }

  private async attempts(path: string, body: string, headers: Record<string, string>, idempotencyKey: string, events: number, combined: AbortSignal): Promise<Answer> {
    const { retry } = this.settings;
    const budgetEnd = Date.now() + retry.budgetMs;
    const bytes = utf8Length(body);
    let attempt = 0;
    let retries = 0;
    let lastRetryAfter: number | undefined;
    for (;;) {
      // An already-aborted signal sends nothing: the transport is not even called.
      if (combined.aborted) throw abortReason(combined);
      await this.waitForTurn(combined, budgetEnd, attempt, lastRetryAfter);
      attempt++;
      this.hook('onRequest', { path, attempt, idempotencyKey, events, bytes, headers: { ...headers, Authorization: 'Bearer [redacted]' } });
      if (this.settings.logLevel === 'debug') this.log('debug', `POST ${path} attempt ${attempt} key ${idempotencyKey}: ${body}`);
      const sentAt = Date.now();
      const outcome = await this.attempt(path, body, headers, combined);
      this.hook('onResponse', { path, attempt, idempotencyKey, status: outcome.answer?.status, durationMs: Date.now() - sentAt });
      if (outcome.answer !== undefined && !isRetryableStatus(outcome.answer.status)) return { ...outcome.answer, attempts: attempt };
      if (combined.aborted) throw abortReason(combined);
      let delay: number;
      let reason: string;
      if (outcome.answer?.status === 429) {
        // Rate-limit waits pause the whole client and do not use up maxRetries; the budget bounds them.
        const after = parseRetryAfter(outcome.retryAfter, Date.now());
        delay = after === undefined ? backoffDelay(retries + 1, retry, Math.random()) : clamp(after, retry.retryAfterMinMs, retry.retryAfterMaxMs);
        lastRetryAfter = delay;
        reason = 'rate limited';
        this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delay);
        if (this.pausedUntil > budgetEnd) throw new FloKitRateLimitError(delay, attempt);
      } else {
        retries++;
        reason = outcome.answer !== undefined ? `HTTP ${outcome.answer.status}` : outcome.timedOut ? 'timeout' : 'network error';
        delay = backoffDelay(retries, retry, Math.random());
        if (retries > retry.maxRetries || Date.now() + delay > budgetEnd) throw this.finalError(outcome, attempt);
      }
      this.hook('onRetry', { path, attempt, idempotencyKey, delayMs: delay, reason });
      this.log('info', `FloKit ${path} attempt ${attempt} failed (${reason}); retrying in ${delay} ms with the same Idempotency-Key`);
      if (outcome.answer?.status !== 429) await sleep(delay, combined);
    }
  }

  /** Waits out a 429 pause and the client-side limiter. */
  private async waitForTurn(signal: AbortSignal, budgetEnd: number, attempt: number, retryAfter: number | undefined): Promise<void> {
    for (;;) {
      for (;;) {
        const wait = this.pausedUntil - Date.now();
        if (wait <= 0) break;
        if (Date.now() + wait > budgetEnd) throw new FloKitRateLimitError(retryAfter, attempt);
        await sleep(wait, signal);
      }
      const limit = this.settings.rateLimit;
      if (limit === undefined) return;
      const now = Date.now();
      while (this.slots.length > 0 && (this.slots[0] as number) <= now - limit.intervalMs) this.slots.shift();
      // The n-th request of a full window may start one interval after the (n − requests)-th.
      const start = this.slots.length < limit.requests ? now : (this.slots[this.slots.length - limit.requests] as number) + limit.intervalMs;
      this.slots.push(start);
      if (start <= now) return;
      await sleep(start - now, signal);
      // A 429 answered while this request waited for its slot pauses it too; it then takes a new
      // slot (the spent one only makes the limiter stricter), so the limit holds at the real start.
      if (this.pausedUntil <= Date.now()) return;
    }
  }

  private async attempt(path: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<{ answer?: Reply; retryAfter?: string | null; timedOut: boolean; error?: unknown }> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException('timeout', 'TimeoutError')), this.settings.timeoutMs);
    const attemptSignal = anySignal([signal, timeout.signal]);
    try {
      const response: TransportResponse = await this.settings.transport({ method: 'POST', url: `${this.settings.baseUrl}${path}`, headers, body, signal: attemptSignal.signal });
      const text = await response.text();
      return { answer: { status: response.status, body: parseBody(text, response) }, retryAfter: response.headers.get('retry-after'), timedOut: false };
    } catch (error) {
      return { timedOut: timeout.signal.aborted && !signal.aborted, error };
    } finally {
      clearTimeout(timer);
      attemptSignal.dispose();
    }
  }

  private finalError(outcome: { answer?: Reply; timedOut: boolean; error?: unknown }, attempts: number): FloKitError {
    if (outcome.answer !== undefined) return this.httpError(outcome.answer, attempts);
    const what = outcome.timedOut ? `FloKit did not answer within ${this.settings.timeoutMs} ms` : `FloKit could not be reached: ${this.describe(outcome.error)}`;
    return new FloKitNetworkError(what, attempts, outcome.timedOut, outcome.error instanceof Error ? new Error(this.redact(outcome.error.message)) : undefined);
  }

  private httpError(answer: Reply, attempts: number): FloKitError {
    const body = answer.body;
    const detail = isRecord(body) && typeof body['message'] === 'string' ? body['message'] : typeof body === 'string' ? body.slice(0, 200) : '';
    if (answer.status === 401) return new FloKitAuthError(answer.status, this.redact(detail === '' ? 'unauthorized' : detail));
    const error = isRecord(body) && typeof body['error'] === 'string' ? body['error'] : (STATUS_TEXT[answer.status] ?? 'error');
    return new FloKitApiError(answer.status, this.redact(error), this.redact(detail), attempts);
  }

  /** An error's message and code (ECONNRESET, ...), with the API key taken out. */
  private describe(error: unknown): string {
    if (!(error instanceof Error)) return this.redact(String(error));
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return this.redact(`${error.message}${cause}`);
  }

  private redact(text: string): string {
    return text.split(this.settings.apiKey).join('[redacted]');
  }

  private log(level: Exclude<LogLevel, 'silent'>, message: string): void {
    const logger = this.settings.logger;
    if (logger === undefined || LEVEL_RANK[level] < LEVEL_RANK[this.settings.logLevel]) return;
    try {
      logger[level](this.redact(`[flokit] ${message}`));
    } catch {
      // A logger that throws must not fail a send, nor turn a reported buffered failure into an
      // unhandled rejection; there is nowhere left to report it.
    }
  }

  private report(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.log(error instanceof FloKitError && error.code === 'rejected' ? 'warn' : 'error', message);
    if (error instanceof Error) this.hook('onError', error);
  }

  private hook<K extends keyof Settings['hooks']>(name: K, info: Parameters<NonNullable<Settings['hooks'][K]>>[0]): void {
    const hook = this.settings.hooks[name] as ((info: unknown) => void) | undefined;
    if (hook === undefined) return;
    try {
      hook(info);
    } catch (error) {
      this.log('error', `hooks.${name} threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

const STATUS_TEXT: Readonly<Record<number, string>> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 408: 'Request Timeout', 409: 'Conflict', 413: 'Payload Too Large', 422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported' };

/** JSON when it parses; otherwise the text, which errors quote (an HTML error page from a proxy). */
function parseBody(text: string, response: TransportResponse): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A 2xx we cannot read may have been stored: treat it as a lost answer, so the same key is retried.
    if (response.status >= 200 && response.status < 300) throw new Error(`unreadable ${response.status} answer`);
    return text === '' ? (response.statusText ?? '') : text;
  }
}

/**
 * A signal that aborts when any of `signals` does, with its reason. Not AbortSignal.any: that is
 * missing before Node 20.3, and the client's long-lived shutdown signal must not collect a listener
 * per request, so every link is removed by `dispose`.
 */
function anySignal(signals: readonly AbortSignal[]): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const links: [AbortSignal, () => void][] = [];
  const dispose = (): void => {
    for (const [signal, listener] of links) signal.removeEventListener('abort', listener);
    links.length = 0;
  };
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    const listener = (): void => {
      controller.abort(signal.reason);
      dispose();
    };
    signal.addEventListener('abort', listener, { once: true });
    links.push([signal, listener]);
  }
  return { signal: controller.signal, dispose };
}

// ---- the client behind the module-level helpers ----

const cores = new WeakMap<object, FloKitCore>();
let configured: FloKitCore | undefined;

/** Links a generated client object to its core, so `configureFloKit(client)` can adopt it. */
export function register<T extends object>(client: T, core: FloKitCore): T {
  cores.set(client, core);
  return client;
}

/** Sets the client the module-level helpers use: from options, or an existing client. */
export function configure(options: FloKitClientOptions | FloKitSender): FloKitSender {
  const existing = typeof options === 'object' && options !== null ? cores.get(options) : undefined;
  configured = existing ?? new FloKitCore(options as FloKitClientOptions);
  return existing === undefined ? configured : (options as FloKitSender);
}

/** `defaultCore().send(...)`, with a missing configuration as a rejected promise rather than a throw. */
export function sendWithDefault<E>(spec: EventSpec<E>, input: object, options?: TrackOptions): Promise<TrackResult> {
  try {
    return defaultCore().send(spec, input, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The configured client, or one from FLOKIT_API_KEY (and FLOKIT_BASE_URL) where `process.env` exists. */
export function defaultCore(): FloKitCore {
  if (configured !== undefined) return configured;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const apiKey = env?.['FLOKIT_API_KEY'];
  if (apiKey === undefined || apiKey === '') {
    throw new FloKitError('config', 'No FloKit client is configured: call configureFloKit({ apiKey }) before the first track call, or set the FLOKIT_API_KEY environment variable');
  }
  const baseUrl = env?.['FLOKIT_BASE_URL'];
  configured = new FloKitCore(baseUrl === undefined || baseUrl === '' ? { apiKey } : { apiKey, baseUrl });
  return configured;
}
