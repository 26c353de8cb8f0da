// The sender behind every generated `track<Event>()`: validation by mode, Idempotency-Keys fixed
// before the first attempt, retries with backoff and Retry-After, a client-wide pause on 429,
// per-attempt timeouts, direct or buffered sending, and shutdown with a deadline. batch.ts adds
// any-event sends and explicit batches; the generated client.ts adds one typed method per event.
// Members without `#` are for batch.ts, not for users (the generated module does not export
// this class). In: settings and events. Out: requests through the transport, typed results or errors.
import {
  FloKitApiError,
  FloKitAuthError,
  FloKitError,
  FloKitNetworkError,
  FloKitRateLimitError,
  FloKitValidationError,
} from './errors.js';
import { assemble, type EventSpec } from './events.js';
import type { KeyDeriver } from './keys.js';
import {
  resolveOptions,
  type FloKitClientOptions,
  type LogLevel,
  type Settings,
} from './options.js';
import { backoffDelay, clamp, isRetryableStatus, parseRetryAfter } from './retry.js';
import type { BatchingOptions } from './options.js';
import type { TransportResponse } from './transport.js';
import { formatViolations, isObject, type ValidationResult, type Violation } from './validation.js';

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

/** What a flush saw settle: the events tracked before it, and any that settled alongside them. */
export interface FlushReport {
  readonly accepted: number;
  readonly rejected: number;
  readonly failed: number;
}

/** What every client offers, including the one behind the module-level helpers. */
export interface FloKitSender {
  /**
   * Resolves, when every event tracked before the call has settled (buffered mode; direct sends
   * too), with the outcomes that settled meanwhile.
   */
  flush(): Promise<FlushReport>;
  /** Stops intake, flushes, and resolves by `timeoutMs` (default 10,000) whatever is still pending. */
  shutdown(options?: { readonly timeoutMs?: number }): Promise<ShutdownReport>;
}

/** Buffered mode, as the core uses it (queue.ts implements it). */
export interface Queue {
  enqueue(json: string, signal: AbortSignal | undefined): Promise<TrackResult>;
  /** Starts sending what is queued; the promises settle when each event queued now has settled. */
  flush(): Promise<unknown>[];
  readonly size: number;
  rejectAll(error: Error): void;
}

export type QueueFactory = (core: FloKitCore, batching: Required<BatchingOptions>) => Queue;

const LEVEL_RANK: Readonly<Record<LogLevel, number>> = {
  debug: 0,
  info: 1,
  warn: 2,
  error: 3,
  silent: 4,
};

/** One HTTP answer as read. */
interface Reply {
  readonly status: number;
  /** The transport's status text (empty over HTTP/2); used when the body names no error. */
  readonly statusText: string;
  readonly body: unknown;
}

/** The answer a request ended with, and how many attempts it took (a 400 may follow a retried 503). */
interface Answer extends Reply {
  readonly attempts: number;
}

/** `1 event`, `2 events`. */
export function events(count: number): string {
  return `${count} event${count === 1 ? '' : 's'}`;
}

/** UTF-8 length without encoding: batches are cut by bytes. */
export function utf8Length(text: string): number {
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

export function abortReason(signal: AbortSignal): unknown {
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
export function backgroundTimer(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(fn, ms);
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

export class FloKitCore implements FloKitSender {
  readonly settings: Settings;
  /** No request starts before this time: a 429 pauses the whole client. */
  #pausedUntil = 0;
  /** Start times granted by the client-side limiter, oldest first. */
  readonly #slots: number[] = [];
  /** Buffered mode's queue, when `batching` is set. */
  readonly #queue: Queue | undefined;
  /** Every send in progress (direct requests and batch drains), for flush and shutdown. */
  readonly #inFlight = new Set<Promise<unknown>>();
  #inFlightEvents = 0;
  closed = false;
  /** One controller per request in progress: a passed shutdown deadline aborts them all. */
  readonly #active = new Set<AbortController>();
  /** Set when a shutdown deadline has passed: the reason any later request fails with. */
  #stopped: FloKitError | undefined;
  /** Outcomes over the client's life, for the shutdown report. */
  readonly totals = { accepted: 0, rejected: 0, failed: 0 };

  /**
   * `makeQueue` is buffered mode (queue.ts), passed in by the generated `createFloKitClient`, so
   * that a bundle which only sends directly (the module-level helpers) does not carry it.
   */
  constructor(options: FloKitClientOptions, makeQueue?: QueueFactory) {
    this.settings = resolveOptions(options);
    if (this.settings.batching === undefined) return;
    if (makeQueue === undefined) {
      throw new FloKitError(
        'config',
        'Invalid FloKit client options: `batching` needs a client from createFloKitClient({ ..., batching }); configureFloKit(options) sends directly (or pass it such a client: configureFloKit(client))',
      );
    }
    this.#queue = makeQueue(this, this.settings.batching);
  }

  /** Sends one event of a known kind from the caller's input (the generated track<Event>()). */
  send<E>(spec: EventSpec<E>, input: object, options?: TrackOptions): Promise<TrackResult> {
    return this.accept(
      spec.name,
      () => assemble(spec.name, input),
      spec.validate,
      spec.key,
      options,
    );
  }

  /** Validates by mode, freezes the body, and sends it directly or through the queue. */
  accept(
    name: string,
    wire: () => unknown,
    validate: (input: unknown) => ValidationResult<unknown>,
    key: KeyDeriver | undefined,
    options: TrackOptions = {},
  ): Promise<TrackResult> {
    const buffered =
      this.settings.batching !== undefined &&
      options.idempotencyKey === undefined &&
      key === undefined;
    let promise: Promise<TrackResult>;
    try {
      if (this.closed) {
        throw new FloKitError('shutdown', `The FloKit client is shut down; ${name} was not sent`);
      }
      const event = wire();
      this.#check(name === '' ? 'The event' : `The ${name} event`, validate, event);
      // The body is frozen here: later changes to the caller's objects cannot reach it.
      const json = JSON.stringify(event);
      if (this.settings.logLevel === 'debug') this.log('debug', `queueing ${json}`);
      // Events with a caller's or derived key go out alone even when buffering: only the single-event
      // endpoint's key semantics are documented, and a batch key cannot protect one event across restarts.
      promise =
        buffered && this.#queue !== undefined
          ? this.#queue.enqueue(json, options.signal)
          : this.#direct(event, json, key, options);
    } catch (error) {
      promise = Promise.reject(error);
    }
    if (this.settings.batching === undefined) return promise;
    // Buffered callers often do not await: failures are reported (logger, onError), and the handler
    // attached here keeps an ignored rejection from crashing the process as unhandled.
    promise.catch((error: unknown) => this.#report(error));
    return promise;
  }

  #check(
    what: string,
    validate: (input: unknown) => ValidationResult<unknown>,
    event: unknown,
  ): void {
    if (this.settings.validation === 'off') return;
    const verdict = validate(event);
    if (verdict.valid) return;
    if (this.settings.validation === 'throw') {
      throw new FloKitValidationError(what, verdict.violations);
    }
    this.violation(what, verdict.violations);
  }

  violation(what: string, violations: readonly Violation[]): void {
    this.log(
      'warn',
      `${what} is invalid and is sent anyway (validation: 'warn'): ${formatViolations(violations, '; ')}`,
    );
    this.#hook('onViolation', { event: what, violations });
  }

  async #direct(
    event: unknown,
    json: string,
    key: KeyDeriver | undefined,
    options: TrackOptions,
  ): Promise<TrackResult> {
    const name = isObject(event) ? String(event['event']) : '';
    const task = (async (): Promise<TrackResult> => {
      const idempotencyKey =
        options.idempotencyKey ??
        (key === undefined ? undefined : await key(event)) ??
        this.settings.randomUUID();
      let answer: Answer;
      try {
        answer = await this.request('/v1/events', json, idempotencyKey, 1, options.signal);
      } catch (error) {
        this.totals.failed++;
        throw error;
      }
      if (answer.status >= 200 && answer.status < 300) {
        this.totals.accepted++;
        const id =
          isObject(answer.body) && typeof answer.body['event_id'] === 'string'
            ? answer.body['event_id']
            : '';
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
  track<T>(task: Promise<T>, events: number): Promise<T> {
    this.#inFlightEvents += events;
    const done = task.then(
      () => undefined,
      () => undefined,
    );
    this.#inFlight.add(done);
    void done.then(() => {
      this.#inFlight.delete(done);
      this.#inFlightEvents -= events;
    });
    return task;
  }

  async flush(): Promise<FlushReport> {
    const before = { ...this.totals };
    // What is queued now, not an empty queue: waiting for the drain to end could last forever
    // while callers keep queueing.
    const pending: Promise<unknown>[] = [...this.#inFlight, ...(this.#queue?.flush() ?? [])];
    await Promise.all(pending);
    return {
      accepted: this.totals.accepted - before.accepted,
      rejected: this.totals.rejected - before.rejected,
      failed: this.totals.failed - before.failed,
    };
  }

  async shutdown(options: { readonly timeoutMs?: number } = {}): Promise<ShutdownReport> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
      throw new FloKitError('config', '`shutdown({ timeoutMs })` must be a number ≥ 0');
    }
    this.closed = true;
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      deadline = backgroundTimer(() => resolve('expired'), timeoutMs);
    });
    const outcome = await Promise.race([this.#flushAll().then(() => 'flushed' as const), expired]);
    clearTimeout(deadline);
    const undelivered = outcome === 'flushed' ? 0 : (this.#queue?.size ?? 0) + this.#inFlightEvents;
    const report = { ...this.totals, undelivered };
    if (outcome === 'expired') {
      const error = new FloKitError(
        'shutdown',
        `Not delivered: the FloKit client shut down after ${timeoutMs} ms`,
      );
      this.#queue?.rejectAll(error);
      this.#stopped = error;
      for (const controller of this.#active) controller.abort(error);
      if (undelivered > 0) {
        this.log('warn', `FloKit shutdown deadline passed with ${events(undelivered)} undelivered`);
      }
    }
    return report;
  }

  /** Flushes until nothing is queued or in flight (sends started by a flush included). */
  async #flushAll(): Promise<void> {
    while ((this.#queue?.size ?? 0) > 0 || this.#inFlight.size > 0) await this.flush();
  }

  // ---- one request, with retries ----

  async request(
    path: string,
    body: string,
    idempotencyKey: string,
    events: number,
    signal: AbortSignal | undefined,
  ): Promise<Answer> {
    const headers = {
      Authorization: `Bearer ${this.settings.apiKey}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': idempotencyKey,
    };
    // A controller of its own (not a listener on one client-wide signal, which would collect one
    // per request in flight), linked to the caller's signal and aborted by a passed shutdown deadline.
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal?.reason);
    if (this.#stopped !== undefined) controller.abort(this.#stopped);
    else if (signal?.aborted === true) controller.abort(signal.reason);
    else signal?.addEventListener('abort', onAbort, { once: true });
    this.#active.add(controller);
    try {
      return await this.#attempts(path, body, headers, idempotencyKey, events, controller.signal);
    } finally {
      this.#active.delete(controller);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async #attempts(
    path: string,
    body: string,
    headers: Record<string, string>,
    idempotencyKey: string,
    events: number,
    combined: AbortSignal,
  ): Promise<Answer> {
    const { retry } = this.settings;
    const budgetEnd = Date.now() + retry.budgetMs;
    const bytes = utf8Length(body);
    let attempt = 0;
    let retries = 0;
    let lastRetryAfter: number | undefined;
    for (;;) {
      // An already-aborted signal sends nothing: the transport is not even called.
      if (combined.aborted) throw abortReason(combined);
      await this.#waitForTurn(combined, budgetEnd, attempt, lastRetryAfter);
      attempt++;
      this.#hook('onRequest', {
        path,
        attempt,
        idempotencyKey,
        events,
        bytes,
        headers: { ...headers, Authorization: 'Bearer [redacted]' },
      });
      if (this.settings.logLevel === 'debug') {
        this.log('debug', `POST ${path} attempt ${attempt} key ${idempotencyKey}: ${body}`);
      }
      const sentAt = Date.now();
      const outcome = await this.#attempt(path, body, headers, combined);
      this.#hook('onResponse', {
        path,
        attempt,
        idempotencyKey,
        status: outcome.answer?.status,
        durationMs: Date.now() - sentAt,
      });
      if (outcome.answer !== undefined && !isRetryableStatus(outcome.answer.status)) {
        return { ...outcome.answer, attempts: attempt };
      }
      if (combined.aborted) throw abortReason(combined);
      let delay: number;
      let reason: string;
      if (outcome.answer?.status === 429) {
        // Rate-limit waits pause the whole client and do not use up maxRetries; the budget bounds them.
        const after = parseRetryAfter(outcome.retryAfter, Date.now());
        delay =
          after === undefined
            ? backoffDelay(retries + 1, retry, Math.random())
            : clamp(after, retry.retryAfterMinMs, retry.retryAfterMaxMs);
        lastRetryAfter = delay;
        reason = 'rate limited';
        this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + delay);
        if (this.#pausedUntil > budgetEnd) throw new FloKitRateLimitError(delay, attempt);
      } else {
        retries++;
        reason =
          outcome.answer !== undefined
            ? `HTTP ${outcome.answer.status}`
            : outcome.timedOut
              ? 'timeout'
              : 'network error';
        delay = backoffDelay(retries, retry, Math.random());
        if (retries > retry.maxRetries || Date.now() + delay > budgetEnd) {
          throw this.#finalError(outcome, attempt);
        }
      }
      this.#hook('onRetry', { path, attempt, idempotencyKey, delayMs: delay, reason });
      this.log(
        'info',
        `FloKit ${path} attempt ${attempt} failed (${reason}); retrying in ${delay} ms with the same Idempotency-Key`,
      );
      if (outcome.answer?.status !== 429) await sleep(delay, combined);
    }
  }

  /** Waits out a 429 pause and the client-side limiter. */
  async #waitForTurn(
    signal: AbortSignal,
    budgetEnd: number,
    attempt: number,
    retryAfter: number | undefined,
  ): Promise<void> {
    for (;;) {
      for (;;) {
        const wait = this.#pausedUntil - Date.now();
        if (wait <= 0) break;
        if (Date.now() + wait > budgetEnd) throw new FloKitRateLimitError(retryAfter, attempt);
        await sleep(wait, signal);
      }
      const limit = this.settings.rateLimit;
      if (limit === undefined) return;
      const now = Date.now();
      while (this.#slots.length > 0 && (this.#slots[0] as number) <= now - limit.intervalMs) {
        this.#slots.shift();
      }
      // The n-th request of a full window may start one interval after the (n − requests)-th.
      const start =
        this.#slots.length < limit.requests
          ? now
          : (this.#slots[this.#slots.length - limit.requests] as number) + limit.intervalMs;
      this.#slots.push(start);
      if (start <= now) return;
      await sleep(start - now, signal);
      // A 429 answered while this request waited for its slot pauses it too; it then takes a new
      // slot (the spent one only makes the limiter stricter), so the limit holds at the real start.
      if (this.#pausedUntil <= Date.now()) return;
    }
  }

  async #attempt(
    path: string,
    body: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<{ answer?: Reply; retryAfter?: string | null; timedOut: boolean; error?: unknown }> {
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new DOMException('timeout', 'TimeoutError')),
      this.settings.timeoutMs,
    );
    const attemptSignal = anySignal([signal, timeout.signal]);
    try {
      const response: TransportResponse = await this.settings.transport({
        method: 'POST',
        url: `${this.settings.baseUrl}${path}`,
        headers,
        body,
        signal: attemptSignal.signal,
      });
      const text = await response.text();
      return {
        answer: {
          status: response.status,
          statusText: response.statusText ?? '',
          body: parseBody(text, response),
        },
        retryAfter: response.headers.get('retry-after'),
        timedOut: false,
      };
    } catch (error) {
      return { timedOut: timeout.signal.aborted && !signal.aborted, error };
    } finally {
      clearTimeout(timer);
      attemptSignal.dispose();
    }
  }

  #finalError(
    outcome: { answer?: Reply; timedOut: boolean; error?: unknown },
    attempts: number,
  ): FloKitError {
    if (outcome.answer !== undefined) return this.httpError(outcome.answer, attempts);
    const what = outcome.timedOut
      ? `FloKit did not answer within ${this.settings.timeoutMs} ms`
      : `FloKit could not be reached: ${this.describe(outcome.error)}`;
    return new FloKitNetworkError(
      what,
      attempts,
      outcome.timedOut,
      outcome.error instanceof Error ? new Error(this.#redact(outcome.error.message)) : undefined,
    );
  }

  httpError(answer: Reply, attempts: number): FloKitError {
    const body = answer.body;
    const detail =
      isObject(body) && typeof body['message'] === 'string'
        ? body['message']
        : typeof body === 'string'
          ? body.slice(0, 200)
          : '';
    if (answer.status === 401) {
      return new FloKitAuthError(
        answer.status,
        this.#redact(detail === '' ? 'unauthorized' : detail),
      );
    }
    const error =
      isObject(body) && typeof body['error'] === 'string'
        ? body['error']
        : answer.statusText === ''
          ? 'error'
          : answer.statusText;
    return new FloKitApiError(answer.status, this.#redact(error), this.#redact(detail), attempts);
  }

  /** An error's message and code (ECONNRESET, ...), with the API key taken out. */
  describe(error: unknown): string {
    if (!(error instanceof Error)) return this.#redact(String(error));
    const { cause: reason } = error as { readonly cause?: unknown };
    const cause = reason instanceof Error ? `: ${reason.message}` : '';
    return this.#redact(`${error.message}${cause}`);
  }

  #redact(text: string): string {
    return text.split(this.settings.apiKey).join('[redacted]');
  }

  log(level: Exclude<LogLevel, 'silent'>, message: string): void {
    const logger = this.settings.logger;
    if (logger === undefined || LEVEL_RANK[level] < LEVEL_RANK[this.settings.logLevel]) return;
    try {
      logger[level](this.#redact(`[flokit] ${message}`));
    } catch {
      // A logger that throws must not fail a send, nor turn a reported buffered failure into an
      // unhandled rejection; there is nowhere left to report it.
    }
  }

  #report(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.log(error instanceof FloKitError && error.code === 'rejected' ? 'warn' : 'error', message);
    if (error instanceof Error) this.#hook('onError', error);
  }

  #hook<K extends keyof Settings['hooks']>(
    name: K,
    info: Parameters<NonNullable<Settings['hooks'][K]>>[0],
  ): void {
    const hook = this.settings.hooks[name] as ((info: unknown) => void) | undefined;
    if (hook === undefined) return;
    try {
      hook(info);
    } catch (error) {
      this.log(
        'error',
        `hooks.${name} threw: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/** JSON when it parses; otherwise the text, which errors quote (an HTML error page from a proxy). */
function parseBody(text: string, response: TransportResponse): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A 2xx we cannot read may have been stored: treat it as a lost answer, so the same key is retried.
    if (response.status >= 200 && response.status < 300) {
      throw new Error(`unreadable ${response.status} answer`);
    }
    return text === '' ? (response.statusText ?? '') : text;
  }
}

/**
 * A signal that aborts when any of `signals` does, with its reason. Not AbortSignal.any: that is
 * missing before Node 20.3, and a long-lived signal must not collect a listener per attempt, so
 * every link is removed by `dispose`.
 */
function anySignal(signals: readonly AbortSignal[]): {
  readonly signal: AbortSignal;
  dispose(): void;
} {
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
export function sendWithDefault<E>(
  spec: EventSpec<E>,
  input: object,
  options?: TrackOptions,
): Promise<TrackResult> {
  try {
    return defaultCore().send(spec, input, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The configured client, or one from FLOKIT_API_KEY (and FLOKIT_BASE_URL) where `process.env` exists. */
export function defaultCore(): FloKitCore {
  if (configured !== undefined) return configured;
  const host = globalThis as { process?: { env?: Record<string, string | undefined> } };
  const env = host.process?.env;
  const apiKey = env?.['FLOKIT_API_KEY'];
  if (apiKey === undefined || apiKey === '') {
    throw new FloKitError(
      'config',
      'No FloKit client is configured: call configureFloKit({ apiKey }) before the first track call, or set the FLOKIT_API_KEY environment variable',
    );
  }
  const baseUrl = env?.['FLOKIT_BASE_URL'];
  configured = new FloKitCore(
    baseUrl === undefined || baseUrl === '' ? { apiKey } : { apiKey, baseUrl },
  );
  return configured;
}
