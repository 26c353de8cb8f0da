// When to retry and how long to wait: the status classes of the sender contract, the backoff curve
// and its jitter bounds, the strict Retry-After parser (RFC 9110 delay-seconds and IMF-fixdate only)
// and the clamp the client applies to it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, clamp, isRetryableStatus, parseRetryAfter } from './retry.js';

const SEED = 20261126;
const DEFAULT_BACKOFF = { initialDelayMs: 500, maxDelayMs: 30_000 } as const;
/** Fri, 15 Mar 2024 14:22:00 GMT: the `now` every HTTP-date is measured from. */
const NOW = Date.UTC(2024, 2, 15, 14, 22, 0);

describe('isRetryableStatus', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries HTTP %i', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([
    // Named by the contract as never retried.
    400, 401, 403, 404, 409, 422, 501, 505,
    // Other 4xx.
    402, 405, 406, 407, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 423, 424, 425, 426, 428,
    431, 451, 499,
    // Success and redirects are answers, not failures.
    200, 201, 202, 204, 301, 302, 304,
  ])('never retries HTTP %i', (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });
});

describe('backoffDelay', () => {
  // min(30 s, 500 ms × 2^(n−1)), then × [0.5, 1): random 0 gives exactly half, random 0.999 just under the whole.
  it.each([
    [1, 500, 250, 500],
    [2, 1_000, 500, 1_000],
    [3, 2_000, 1_000, 1_999],
    [4, 4_000, 2_000, 3_998],
    [5, 8_000, 4_000, 7_996],
    [6, 16_000, 8_000, 15_992],
    [7, 30_000, 15_000, 29_985],
    [8, 30_000, 15_000, 29_985],
    [9, 30_000, 15_000, 29_985],
    [10, 30_000, 15_000, 29_985],
  ])(
    'retry %i: base %i ms, %i ms with random 0, %i ms with random 0.999',
    (retry, base, low, high) => {
      expect(backoffDelay(retry, DEFAULT_BACKOFF, 0)).toBe(low);
      expect(backoffDelay(retry, DEFAULT_BACKOFF, 0.999)).toBe(high);
      expect(low).toBe(base / 2);
      expect(high).toBeLessThanOrEqual(base);
      expect(high).toBeGreaterThanOrEqual(Math.floor(base * 0.999));
    },
  );

  it('uses the given initial delay and cap', () => {
    expect(backoffDelay(1, { initialDelayMs: 100, maxDelayMs: 1_000 }, 0)).toBe(50);
    expect(backoffDelay(4, { initialDelayMs: 100, maxDelayMs: 1_000 }, 0)).toBe(400);
    expect(backoffDelay(5, { initialDelayMs: 100, maxDelayMs: 1_000 }, 0)).toBe(500);
    expect(backoffDelay(50, { initialDelayMs: 100, maxDelayMs: 1_000 }, 0.5)).toBe(750);
    expect(backoffDelay(3, { initialDelayMs: 0, maxDelayMs: 1_000 }, 0.5)).toBe(0);
  });

  it('treats retry 0 like retry 1 and stays capped far beyond the retry limit', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, 0)).toBe(250);
    expect(backoffDelay(100, DEFAULT_BACKOFF, 0)).toBe(15_000);
    expect(backoffDelay(101, DEFAULT_BACKOFF, 0.999)).toBe(29_985);
  });

  it('is always a whole number of milliseconds within [50 %, 100 %] of the capped base', () => {
    const options = fc.record({
      initialDelayMs: fc.integer({ min: 0, max: 10_000 }),
      maxDelayMs: fc.integer({ min: 0, max: 600_000 }),
    });
    const random = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 101 }), options, random, (retry, backoff, r) => {
        const base = Math.min(backoff.maxDelayMs, backoff.initialDelayMs * 2 ** (retry - 1));
        const delay = backoffDelay(retry, backoff, r);
        return Number.isInteger(delay) && delay >= Math.floor(base / 2) && delay <= base;
      }),
      { seed: SEED, numRuns: 5_000 },
    );
  });
});

describe('parseRetryAfter', () => {
  describe('delta-seconds', () => {
    it.each([
      ['0', 0],
      ['1', 1_000],
      ['120', 120_000],
      ['3600', 3_600_000],
      [' 5 ', 5_000],
      ['\t7\t', 7_000],
      ['007', 7_000],
      ['9999999999', 9_999_999_999_000],
    ])('%j → %i ms', (value, ms) => {
      expect(parseRetryAfter(value, NOW)).toBe(ms);
    });

    it('does not depend on now', () => {
      expect(parseRetryAfter('30', 0)).toBe(30_000);
      expect(parseRetryAfter('30', NOW)).toBe(30_000);
    });

    it('accepts delta-seconds longer than 10 digits (the caller clamps)', () => {
      expect(parseRetryAfter('99999999999', NOW)).toBe(99_999_999_999_000);
      expect(parseRetryAfter('1'.padEnd(400, '0'), NOW)).toBe(Infinity);
    });
  });

  describe('HTTP-date (IMF-fixdate)', () => {
    it.each([
      ['Fri, 15 Mar 2024 14:24:00 GMT', 120_000],
      ['Fri, 15 Mar 2024 14:22:01 GMT', 1_000],
      ['Fri, 15 Mar 2024 15:22:00 GMT', 3_600_000],
      ['Sat, 16 Mar 2024 14:22:00 GMT', 86_400_000],
      ['Mon, 01 Apr 2024 00:00:00 GMT', Date.UTC(2024, 3, 1) - NOW],
      ['Thu, 29 Feb 2024 00:00:00 GMT', 0],
      ['  Fri, 15 Mar 2024 14:22:30 GMT  ', 30_000],
    ])('%j → %i ms after now', (value, ms) => {
      expect(parseRetryAfter(value, NOW)).toBe(ms);
    });

    it.each([
      ['the same second', 'Fri, 15 Mar 2024 14:22:00 GMT'],
      ['one second ago', 'Fri, 15 Mar 2024 14:21:59 GMT'],
      ['the RFC example, 1994', 'Sun, 06 Nov 1994 08:49:37 GMT'],
      ['year 0001', 'Mon, 01 Jan 0001 00:00:00 GMT'],
    ])('a date in the past (%s) is 0', (_, value) => {
      expect(parseRetryAfter(value, NOW)).toBe(0);
    });

    it('is measured from the given now', () => {
      const value = 'Sun, 06 Nov 1994 08:49:37 GMT';
      const then = Date.UTC(1994, 10, 6, 8, 49, 37);
      expect(parseRetryAfter(value, then - 2_500)).toBe(2_500);
      expect(parseRetryAfter(value, then)).toBe(0);
      expect(parseRetryAfter(value, then + 1)).toBe(0);
    });
  });

  it.each([
    ['RFC 850 date', 'Sunday, 06-Nov-94 08:49:37 GMT'],
    ['asctime date', 'Sun Nov  6 08:49:37 1994'],
    ['decimal seconds', '1.5'],
    ['negative seconds', '-1'],
    ['signed seconds', '+5'],
    ['exponent', '1e3'],
    ['hex', '0x10'],
    ['unit suffix', '5s'],
    ['two numbers', '1 2'],
    ['full-width digits', '\uFF15'],
    ['word', 'abc'],
    ['empty', ''],
    ['blank', '   '],
    ['31 Feb', 'Sat, 31 Feb 2024 10:00:00 GMT'],
    ['29 Feb in a common year', 'Wed, 29 Feb 2023 10:00:00 GMT'],
    ['day 00', 'Fri, 00 Mar 2024 10:00:00 GMT'],
    ['day 32', 'Fri, 32 Mar 2024 10:00:00 GMT'],
    ['one-digit day', 'Fri, 5 Apr 2024 10:00:00 GMT'],
    ['hour 24', 'Fri, 15 Mar 2024 24:00:00 GMT'],
    ['minute 60', 'Fri, 15 Mar 2024 14:60:00 GMT'],
    ['second 61', 'Fri, 15 Mar 2024 14:22:61 GMT'],
    ['missing GMT', 'Fri, 15 Mar 2024 14:24:00'],
    ['UTC instead of GMT', 'Fri, 15 Mar 2024 14:24:00 UTC'],
    ['numeric zone', 'Fri, 15 Mar 2024 14:24:00 +0000'],
    ['lowercase gmt', 'Fri, 15 Mar 2024 14:24:00 gmt'],
    ['lowercase month', 'Fri, 15 mar 2024 14:24:00 GMT'],
    ['uppercase month', 'Fri, 15 MAR 2024 14:24:00 GMT'],
    ['full month name', 'Fri, 15 March 2024 14:24:00 GMT'],
    ['unknown day name', 'Fry, 15 Mar 2024 14:24:00 GMT'],
    ['no day name', '15 Mar 2024 14:24:00 GMT'],
    ['no comma', 'Fri 15 Mar 2024 14:24:00 GMT'],
    ['two-digit year', 'Fri, 15 Mar 24 14:24:00 GMT'],
    ['double space', 'Fri,  15 Mar 2024 14:24:00 GMT'],
    ['ISO 8601', '2024-03-15T14:24:00Z'],
  ])('rejects %s: %j', (_, value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  it.each([null, undefined])('an absent header (%s) is undefined', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('clamp', () => {
  it.each([
    [0, 1_000],
    [500, 1_000],
    [1_000, 1_000],
    [5_000, 5_000],
    [120_000, 120_000],
    [120_001, 120_000],
    [9_999_999_999_000, 120_000],
    [Infinity, 120_000],
    [-Infinity, 1_000],
  ])('clamp(%d, 1 s, 120 s) is %d', (value, clamped) => {
    expect(clamp(value, 1_000, 120_000)).toBe(clamped);
  });
});
