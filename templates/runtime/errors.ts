// The errors the generated client throws or rejects with, one class per thing a caller handles
// differently: fix the payload (validation), fix the key (auth), wait (rate limit), read the API's
// answer (api), or retry later (network). None of them ever holds the API key or the Authorization
// header. In: facts about a failure. Out: Error subclasses with typed fields.
import { formatViolations, type Violation } from './validation.js';

export type FloKitErrorCode =
  | 'validation'
  | 'auth'
  | 'rate_limit'
  | 'api'
  | 'network'
  | 'rejected'
  | 'queue_full'
  | 'shutdown'
  | 'config';

export class FloKitError extends Error {
  override readonly name: string = 'FloKitError';
  readonly code: FloKitErrorCode;

  constructor(code: FloKitErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message);
    this.code = code;
    // As ES2022's `new Error(message, { cause })` sets it, without needing that lib.
    if (options !== undefined && 'cause' in options) {
      Object.defineProperty(this, 'cause', {
        value: options.cause,
        writable: true,
        configurable: true,
      });
    }
  }
}

/** A payload that does not match its event's schema; nothing was sent. */
export class FloKitValidationError extends FloKitError {
  override readonly name = 'FloKitValidationError';
  /** Every violation, with JSON pointer paths into the event (or into the batch, `/3/properties/...`). */
  readonly violations: readonly Violation[];

  constructor(what: string, violations: readonly Violation[]) {
    const lines = formatViolations(violations).replace(/^/gm, '  ');
    super(
      'validation',
      `${what} is invalid (${violations.length} ${violations.length === 1 ? 'problem' : 'problems'}):\n${lines}`,
    );
    this.violations = violations;
  }
}

/** 401: the API key is missing, wrong or not allowed to send. Never retried. */
export class FloKitAuthError extends FloKitError {
  override readonly name = 'FloKitAuthError';
  readonly status: number;

  constructor(status: number, detail: string) {
    super(
      'auth',
      `FloKit refused the API key (HTTP ${status}): ${detail}. Check FLOKIT_API_KEY; sending needs a read-write key.`,
    );
    this.status = status;
  }
}

/** 429 answers kept coming until the retry budget ran out. */
export class FloKitRateLimitError extends FloKitError {
  override readonly name = 'FloKitRateLimitError';
  /** The wait the last 429 asked for, in milliseconds (after clamping), if it gave one. */
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;

  constructor(retryAfterMs: number | undefined, attempts: number) {
    super(
      'rate_limit',
      `FloKit kept answering 429 (rate limited) for ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'} until the retry budget ran out`,
    );
    this.retryAfterMs = retryAfterMs;
    this.attempts = attempts;
  }
}

/** An HTTP answer that is not success and not retried (or still failing when retries ran out). */
export class FloKitApiError extends FloKitError {
  override readonly name = 'FloKitApiError';
  readonly status: number;
  /** The body's `error` string, or the status text when the body is not FloKit's JSON. */
  readonly error: string;
  /** The body's `message`, or the body's text (shortened) when it is not JSON. */
  readonly detail: string;
  readonly attempts: number;

  constructor(status: number, error: string, detail: string, attempts: number) {
    super('api', `FloKit answered HTTP ${status} ${error}${detail === '' ? '' : `: ${detail}`}`);
    this.status = status;
    this.error = error;
    this.detail = detail;
    this.attempts = attempts;
  }
}

/** No usable answer: connection failures, timeouts, unreadable bodies, after every retry. */
export class FloKitNetworkError extends FloKitError {
  override readonly name = 'FloKitNetworkError';
  readonly attempts: number;
  /** The last attempt ran out of time (`timeoutMs`) rather than failing outright. */
  readonly timedOut: boolean;

  constructor(message: string, attempts: number, timedOut: boolean, cause: unknown) {
    const tries = `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
    super('network', `${message} (after ${tries})`, { cause });
    this.attempts = attempts;
    this.timedOut = timedOut;
  }
}
