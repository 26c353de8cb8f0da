// The client's options: their types, their defaults, and the check that runs when a client is
// created (an unknown or malformed option is an error naming it, never silently ignored). The API
// key is checked but never echoed. In: what the caller passed. Out: a complete, frozen settings object.
import { FloKitError } from './errors.js';
import { fetchTransport, type FetchLike, type Transport } from './transport.js';
import { isObject, type Violation } from './validation.js';

export type ValidationMode = 'throw' | 'warn' | 'off';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Anything console-shaped. Messages never contain the API key; payloads appear only at `debug`. */
export interface FloKitLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RetryOptions {
  /** Retries after the first attempt for network errors, timeouts, 408 and 5xx. Default 5. */
  readonly maxRetries?: number;
  /** Backoff `min(maxDelayMs, initialDelayMs × 2^(n−1))`, jittered into [50 %, 100 %]. Default 500. */
  readonly initialDelayMs?: number;
  /** Default 30,000. */
  readonly maxDelayMs?: number;
  /** Total time one request may take, waits included; far inside the 24 h idempotency window. Default 600,000. */
  readonly budgetMs?: number;
  /** Retry-After is clamped into [min, max]. Defaults 1,000 and 120,000. */
  readonly retryAfterMinMs?: number;
  readonly retryAfterMaxMs?: number;
}

export interface BatchingOptions {
  /** Send when this many events are queued; also the largest batch. 1 to 1,000, default 100. */
  readonly maxEvents?: number;
  /** Send at most this long after the first queued event. Default 1,000. */
  readonly maxWaitMs?: number;
  /** Largest request body in bytes. Default 524,288 (512 KiB). */
  readonly maxBytes?: number;
  /** Events waiting beyond this are refused (the track call rejects). Default 10,000. */
  readonly maxQueueSize?: number;
}

export interface RateLimitOptions {
  /** Requests allowed per interval. Default 100 (FloKit's documented limit). */
  readonly requests?: number;
  /** Default 60,000. */
  readonly intervalMs?: number;
}

export interface RequestInfo {
  readonly path: string;
  readonly attempt: number;
  readonly idempotencyKey: string;
  readonly events: number;
  readonly bytes: number;
  /** The request headers, with Authorization redacted. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface ResponseInfo {
  readonly path: string;
  readonly attempt: number;
  readonly idempotencyKey: string;
  /** The HTTP status, or undefined when no answer came (network error, timeout). */
  readonly status: number | undefined;
  readonly durationMs: number;
}

export interface RetryInfo {
  readonly path: string;
  readonly attempt: number;
  readonly idempotencyKey: string;
  readonly delayMs: number;
  /** `HTTP 503`, `rate limited`, `timeout`, `network error`, ... */
  readonly reason: string;
}

export interface ViolationInfo {
  readonly event: string;
  readonly violations: readonly Violation[];
}

/** Observability hooks; a hook that throws is logged and otherwise ignored. */
export interface FloKitHooks {
  readonly onRequest?: (info: RequestInfo) => void;
  readonly onResponse?: (info: ResponseInfo) => void;
  readonly onRetry?: (info: RetryInfo) => void;
  /** Invalid events under `validation: 'warn'` (they are sent anyway). */
  readonly onViolation?: (info: ViolationInfo) => void;
  /** Buffered events that end in an error, for callers that do not await each track call. */
  readonly onError?: (error: Error) => void;
}

export interface FloKitClientOptions {
  /** A FloKit read-write API key. */
  readonly apiKey: string;
  /** Default `https://api.flokit.ai`. */
  readonly baseUrl?: string;
  /** Default `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /** Replaces fetch entirely (e.g. `createCaptureTransport()` in tests). */
  readonly transport?: Transport;
  /** `throw` (default): invalid events never leave. `warn`: report and send. `off`. */
  readonly validation?: ValidationMode;
  /** Retry settings, or just `maxRetries`. */
  readonly retries?: RetryOptions | number;
  /** Per attempt. Default 10,000. */
  readonly timeoutMs?: number;
  /** `true` or settings for buffered mode; default direct (one request per event). */
  readonly batching?: BatchingOptions | boolean;
  /** A client-side limiter; `true` is 100 requests per minute. Default off. */
  readonly rateLimit?: RateLimitOptions | boolean;
  /** Default `console`; `false` for none. */
  readonly logger?: FloKitLogger | false;
  /** Default `warn`. */
  readonly logLevel?: LogLevel;
  readonly hooks?: FloKitHooks;
  /** Random UUIDs for idempotency keys; default `crypto.randomUUID` (pass one on runtimes without it). */
  readonly randomUUID?: () => string;
}

export interface Settings {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly transport: Transport;
  readonly validation: ValidationMode;
  readonly retry: Required<RetryOptions>;
  readonly timeoutMs: number;
  readonly batching: Required<BatchingOptions> | undefined;
  readonly rateLimit: Required<RateLimitOptions> | undefined;
  readonly logger: FloKitLogger | undefined;
  readonly logLevel: LogLevel;
  readonly hooks: FloKitHooks;
  readonly randomUUID: () => string;
}

export const DEFAULT_BASE_URL = 'https://api.flokit.ai';
const RETRY_DEFAULTS: Required<RetryOptions> = Object.freeze({
  maxRetries: 5,
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  budgetMs: 600_000,
  retryAfterMinMs: 1_000,
  retryAfterMaxMs: 120_000,
});
const BATCHING_DEFAULTS: Required<BatchingOptions> = Object.freeze({
  maxEvents: 100,
  maxWaitMs: 1_000,
  maxBytes: 524_288,
  maxQueueSize: 10_000,
});
const RATE_LIMIT_DEFAULTS: Required<RateLimitOptions> = Object.freeze({
  requests: 100,
  intervalMs: 60_000,
});
const TOP_LEVEL = [
  'apiKey',
  'baseUrl',
  'fetch',
  'transport',
  'validation',
  'retries',
  'timeoutMs',
  'batching',
  'rateLimit',
  'logger',
  'logLevel',
  'hooks',
  'randomUUID',
];
const HOOKS = ['onRequest', 'onResponse', 'onRetry', 'onViolation', 'onError'];
const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

function fail(message: string): never {
  throw new FloKitError('config', `Invalid FloKit client options: ${message}`);
}

/** An http(s) URL without credentials (fetch refuses them, and they would show up in errors), query or fragment. */
function checkBaseUrl(value: unknown): string {
  const problem =
    '`baseUrl` must be an http(s) URL without credentials, query or fragment, such as https://api.flokit.ai';
  // The literal check first: WHATWG URL would read `https:///v1` as host `v1`.
  if (typeof value !== 'string' || /[\s?#]/.test(value) || !/^https?:\/\/[^/]/i.test(value)) {
    fail(problem);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(problem);
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username !== '' ||
    url.password !== '' ||
    url.hostname === ''
  ) {
    fail(problem);
  }
  return value.replace(/\/+$/, '');
}

function checkKeys(
  where: string,
  value: Record<string, unknown>,
  allowed: readonly string[],
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      fail(`unknown option \`${where}${key}\` (known: ${allowed.join(', ')})`);
    }
  }
}

/** The longest delay setTimeout honours (about 24.8 days); beyond it, timers fire at once. */
const MAX_DELAY = 2_147_483_647;

function number(
  where: string,
  value: unknown,
  fallback: number,
  min: number,
  max = MAX_DELAY,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`\`${where}\` must be an integer from ${min} to ${max}`);
  }
  return value;
}

function group<T extends object>(
  where: string,
  value: unknown,
  defaults: Required<T>,
  limits: Readonly<Record<keyof T, readonly [number, number?]>>,
): Required<T> {
  if (!isObject(value)) fail(`\`${where}\` must be an object or a boolean`);
  checkKeys(`${where}.`, value, Object.keys(defaults));
  const result: Record<string, number> = {};
  for (const [key, fallback] of Object.entries(defaults) as [string, number][]) {
    const [min, max] = limits[key as keyof T];
    result[key] = number(`${where}.${key}`, value[key], fallback, min, max);
  }
  return Object.freeze(result) as Required<T>;
}

function toggled<T extends object>(
  where: string,
  value: unknown,
  defaults: Required<T>,
  limits: Readonly<Record<keyof T, readonly [number, number?]>>,
): Required<T> | undefined {
  if (value === undefined || value === false) return undefined;
  return value === true ? defaults : group(where, value, defaults, limits);
}

/** Checks every option and fills in defaults; throws a `config` FloKitError naming the first problem. */
export function resolveOptions(options: FloKitClientOptions): Settings {
  if (!isObject(options)) fail('pass an object such as `{ apiKey: process.env.FLOKIT_API_KEY }`');
  checkKeys('', options, TOP_LEVEL);
  const { apiKey } = options;
  // A key with spaces or control characters would make fetch throw with the header in its message.
  if (typeof apiKey !== 'string' || !/^[\x21-\x7e]+$/.test(apiKey)) {
    fail(
      '`apiKey` must be a non-empty string of printable ASCII characters (the value is not shown)',
    );
  }
  const baseUrl = options.baseUrl === undefined ? DEFAULT_BASE_URL : checkBaseUrl(options.baseUrl);
  const validation = options.validation === undefined ? 'throw' : options.validation;
  if (!['throw', 'warn', 'off'].includes(validation)) {
    fail("`validation` must be 'throw', 'warn' or 'off'");
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    fail('`fetch` must be a function');
  }
  if (options.transport !== undefined && typeof options.transport !== 'function') {
    fail('`transport` must be a function');
  }
  if (options.fetch !== undefined && options.transport !== undefined) {
    fail('give `fetch` or `transport`, not both');
  }
  const fetchImpl = options.fetch ?? (globalThis.fetch as FetchLike | undefined);
  const transport =
    options.transport ?? (fetchImpl === undefined ? undefined : fetchTransport(fetchImpl));
  if (transport === undefined) {
    fail('this runtime has no global `fetch`; pass `fetch` or `transport`');
  }
  if (
    options.retries !== undefined &&
    typeof options.retries !== 'number' &&
    !isObject(options.retries)
  ) {
    fail('`retries` must be a number (maxRetries) or an object');
  }
  const retries =
    typeof options.retries === 'number' ? { maxRetries: options.retries } : (options.retries ?? {});
  const retry = group<RetryOptions>('retries', retries, RETRY_DEFAULTS, {
    maxRetries: [0, 100],
    initialDelayMs: [0],
    maxDelayMs: [0],
    budgetMs: [0, Number.MAX_SAFE_INTEGER],
    retryAfterMinMs: [0],
    retryAfterMaxMs: [0],
  });
  if (retry.retryAfterMinMs > retry.retryAfterMaxMs) {
    fail('`retries.retryAfterMinMs` must not exceed `retries.retryAfterMaxMs`');
  }
  const batching = toggled<BatchingOptions>('batching', options.batching, BATCHING_DEFAULTS, {
    maxEvents: [1, 1000],
    maxWaitMs: [0],
    maxBytes: [1024],
    maxQueueSize: [1],
  });
  const rateLimit = toggled<RateLimitOptions>('rateLimit', options.rateLimit, RATE_LIMIT_DEFAULTS, {
    requests: [1],
    intervalMs: [1],
  });
  const logLevel = options.logLevel === undefined ? 'warn' : options.logLevel;
  if (!LEVELS.includes(logLevel)) fail(`\`logLevel\` must be one of ${LEVELS.join(', ')}`);
  const logger =
    options.logger === false ? undefined : options.logger === undefined ? console : options.logger;
  if (
    logger !== undefined &&
    !['debug', 'info', 'warn', 'error'].every(
      (m) => typeof (logger as unknown as Record<string, unknown>)[m] === 'function',
    )
  ) {
    fail('`logger` must have debug, info, warn and error methods, or be false');
  }
  const hooks = options.hooks === undefined ? {} : options.hooks;
  if (!isObject(hooks)) fail('`hooks` must be an object');
  checkKeys('hooks.', hooks, HOOKS);
  for (const [name, hook] of Object.entries(hooks)) {
    if (hook !== undefined && typeof hook !== 'function') {
      fail(`\`hooks.${name}\` must be a function`);
    }
  }
  if (options.randomUUID !== undefined && typeof options.randomUUID !== 'function') {
    fail('`randomUUID` must be a function');
  }
  const randomUUID =
    options.randomUUID ??
    (typeof globalThis.crypto?.randomUUID === 'function'
      ? () => globalThis.crypto.randomUUID()
      : undefined);
  if (randomUUID === undefined) {
    fail('this runtime has no `crypto.randomUUID`; pass `randomUUID` (e.g. from node:crypto)');
  }
  return Object.freeze({
    apiKey,
    baseUrl,
    transport,
    validation,
    retry,
    timeoutMs: number('timeoutMs', options.timeoutMs, 10_000, 1),
    batching,
    rateLimit,
    logger,
    logLevel,
    hooks,
    randomUUID,
  });
}
