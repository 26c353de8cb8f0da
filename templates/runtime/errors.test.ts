// The error classes: names, codes, typed fields, `instanceof FloKitError`, exact messages
// (pluralisation, attempts) and no secret in anything a log could print.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  FloKitApiError,
  FloKitAuthError,
  FloKitError,
  FloKitNetworkError,
  FloKitRateLimitError,
  FloKitValidationError,
  type FloKitErrorCode,
} from './errors.js';
import type { Violation } from './validation.js';

const SECRET = 'sk_live_SECRET123';

const missing: Violation = {
  code: 'missing-required',
  path: '/properties/paywall_id',
  message: 'is required',
};
const pattern: Violation = {
  code: 'constraint-failed',
  path: '/properties/country',
  message: 'must match pattern ^[A-Z]{2}$',
};

/** Everything a logger, a test runner or an error tracker might print for `error`. */
function printed(error: Error): string[] {
  return [
    error.message,
    String(error),
    error.stack ?? '',
    inspect(error, { depth: 5 }),
    JSON.stringify(error),
    JSON.stringify(Object.entries(error)),
  ];
}

describe('FloKitError', () => {
  it.each<FloKitErrorCode>([
    'validation',
    'auth',
    'rate_limit',
    'api',
    'network',
    'rejected',
    'queue_full',
    'shutdown',
    'config',
  ])('carries code %j', (code) => {
    const error = new FloKitError(code, 'something happened');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(FloKitError);
    expect(error.name).toBe('FloKitError');
    expect(error.code).toBe(code);
    expect(error.message).toBe('something happened');
    expect(String(error)).toBe('FloKitError: something happened');
    expect(error.cause).toBeUndefined();
  });

  it('keeps a cause', () => {
    const cause = new Error('root');
    expect(new FloKitError('network', 'x', { cause }).cause).toBe(cause);
  });
});

describe('FloKitValidationError', () => {
  it('lists every violation, one per indented line, with "problems" for several', () => {
    const error = new FloKitValidationError('The paywall_viewed event', [missing, pattern]);
    expect(error).toBeInstanceOf(FloKitError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FloKitValidationError');
    expect(error.code).toBe('validation');
    expect(error.violations).toEqual([missing, pattern]);
    expect(error.message).toBe(
      'The paywall_viewed event is invalid (2 problems):\n  /properties/paywall_id is required\n  /properties/country must match pattern ^[A-Z]{2}$',
    );
    expect(String(error).split('\n')[0]).toBe(
      'FloKitValidationError: The paywall_viewed event is invalid (2 problems):',
    );
  });

  it('says "1 problem" for one', () => {
    const violations = [missing];
    const error = new FloKitValidationError('The batch', violations);
    expect(error.violations).toBe(violations);
    expect(error.message).toBe(
      'The batch is invalid (1 problem):\n  /properties/paywall_id is required',
    );
  });
});

describe('FloKitAuthError', () => {
  it('names the status and the detail, and says what to check', () => {
    const error = new FloKitAuthError(401, 'invalid API key');
    expect(error).toBeInstanceOf(FloKitError);
    expect(error.name).toBe('FloKitAuthError');
    expect(error.code).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.message).toBe(
      'FloKit refused the API key (HTTP 401): invalid API key. Check FLOKIT_API_KEY; sending needs a read-write key.',
    );
  });
});

describe('FloKitRateLimitError', () => {
  it.each<readonly [number | undefined, number, string]>([
    [
      120_000,
      1,
      'FloKit kept answering 429 (rate limited) for 1 attempt until the retry budget ran out',
    ],
    [
      1_000,
      2,
      'FloKit kept answering 429 (rate limited) for 2 attempts until the retry budget ran out',
    ],
    [
      undefined,
      37,
      'FloKit kept answering 429 (rate limited) for 37 attempts until the retry budget ran out',
    ],
  ])('retryAfterMs %j after %i attempt(s)', (retryAfterMs, attempts, message) => {
    const error = new FloKitRateLimitError(retryAfterMs, attempts);
    expect(error).toBeInstanceOf(FloKitError);
    expect(error.name).toBe('FloKitRateLimitError');
    expect(error.code).toBe('rate_limit');
    expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(error.attempts).toBe(attempts);
    expect(error.message).toBe(message);
  });
});

describe('FloKitApiError', () => {
  it.each<readonly [number, string, string, number, string]>([
    [
      400,
      'validation_error',
      'properties.paywall_id is required',
      1,
      'FloKit answered HTTP 400 validation_error: properties.paywall_id is required',
    ],
    [503, 'Service Unavailable', '', 6, 'FloKit answered HTTP 503 Service Unavailable'],
    [
      502,
      'Bad Gateway',
      '<html>upstream</html>',
      3,
      'FloKit answered HTTP 502 Bad Gateway: <html>upstream</html>',
    ],
  ])('HTTP %i %s', (status, code, detail, attempts, message) => {
    const error = new FloKitApiError(status, code, detail, attempts);
    expect(error).toBeInstanceOf(FloKitError);
    expect(error.name).toBe('FloKitApiError');
    expect(error.code).toBe('api');
    expect(error.status).toBe(status);
    expect(error.error).toBe(code);
    expect(error.detail).toBe(detail);
    expect(error.attempts).toBe(attempts);
    expect(error.message).toBe(message);
  });
});

describe('FloKitNetworkError', () => {
  it.each<readonly [string, number, boolean, string]>([
    [
      'FloKit could not be reached: fetch failed: ECONNRESET',
      1,
      false,
      'FloKit could not be reached: fetch failed: ECONNRESET (after 1 attempt)',
    ],
    [
      'FloKit did not answer within 10000 ms',
      6,
      true,
      'FloKit did not answer within 10000 ms (after 6 attempts)',
    ],
  ])('%s', (what, attempts, timedOut, message) => {
    const cause = new Error('ECONNRESET');
    const error = new FloKitNetworkError(what, attempts, timedOut, cause);
    expect(error).toBeInstanceOf(FloKitError);
    expect(error.name).toBe('FloKitNetworkError');
    expect(error.code).toBe('network');
    expect(error.attempts).toBe(attempts);
    expect(error.timedOut).toBe(timedOut);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(message);
  });

  it('accepts no cause', () => {
    expect(new FloKitNetworkError('x', 2, false, undefined).cause).toBeUndefined();
  });
});

describe('no secret in any error', () => {
  // The classes never take the key: given the facts the client passes (already redacted), nothing
  // printable holds the key, whichever field a logger or error tracker reads.
  const errors: readonly (readonly [string, Error])[] = [
    [
      'FloKitError',
      new FloKitError(
        'config',
        'Invalid FloKit client options: `apiKey` must be a non-empty string of printable ASCII characters (the value is not shown)',
      ),
    ],
    [
      'FloKitValidationError',
      new FloKitValidationError('The paywall_viewed event', [missing, pattern]),
    ],
    ['FloKitAuthError', new FloKitAuthError(401, 'invalid API key [redacted]')],
    ['FloKitRateLimitError', new FloKitRateLimitError(30_000, 4)],
    ['FloKitApiError', new FloKitApiError(403, 'forbidden', 'key [redacted] is read-only', 1)],
    [
      'FloKitNetworkError',
      new FloKitNetworkError(
        'FloKit could not be reached: connect ECONNREFUSED 127.0.0.1:8787',
        6,
        false,
        new Error('connect ECONNREFUSED 127.0.0.1:8787'),
      ),
    ],
  ];

  it.each(errors)('%s holds no API key and no Authorization header', (_, error) => {
    for (const text of printed(error)) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toMatch(/Bearer /);
    }
  });

  it.each(errors)('%s has only its documented own enumerable fields', (name, error) => {
    const fields: Readonly<Record<string, readonly string[]>> = {
      FloKitError: ['name', 'code'],
      FloKitValidationError: ['name', 'code', 'violations'],
      FloKitAuthError: ['name', 'code', 'status'],
      FloKitRateLimitError: ['name', 'code', 'retryAfterMs', 'attempts'],
      FloKitApiError: ['name', 'code', 'status', 'error', 'detail', 'attempts'],
      FloKitNetworkError: ['name', 'code', 'attempts', 'timedOut'],
    };
    expect(Object.keys(error).sort()).toEqual([...(fields[name] ?? [])].sort());
  });
});
