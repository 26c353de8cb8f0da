// When to retry and how long to wait: the classification of HTTP answers, exponential backoff with
// jitter, and a strict Retry-After parser. Pure functions; the client supplies the clock and the
// random numbers. In: statuses, header values, attempt numbers. Out: decisions and milliseconds.

/**
 * Answers worth another attempt: the server was busy, slow or briefly broken (408, 429 and 5xx, as
 * FloKit's documentation advises), except 501 and 505, which no retry can change.
 */
export function isRetryableStatus(status: number): boolean {
  return (
    status === 408 ||
    status === 429 ||
    (status >= 500 && status <= 599 && status !== 501 && status !== 505)
  );
}

export interface BackoffOptions {
  /** Wait before the first retry (before jitter). */
  readonly initialDelayMs: number;
  /** Upper bound of any one wait (before jitter). */
  readonly maxDelayMs: number;
}

/**
 * The wait before retry `n` (1-based): `min(max, initial × 2^(n−1))`, jittered into [50 %, 100 %]
 * so that many clients failing together do not retry together. `random` is in [0, 1).
 */
export function backoffDelay(retry: number, options: BackoffOptions, random: number): number {
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(base * (0.5 + random / 2));
}

// RFC 9110 §10.2.3: delay-seconds is 1*DIGIT; HTTP-date's preferred form is IMF-fixdate,
// `Sun, 06 Nov 1994 08:49:37 GMT`. The obsolete forms are not accepted: strict, as the contract asks.
const DELTA_SECONDS = /^\d+$/;
const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A Retry-After header value as a wait in milliseconds from `now`, or undefined when it is absent or
 * not one of the two standard forms (the caller then falls back to backoff). A date in the past
 * means zero; the caller clamps.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (DELTA_SECONDS.test(text)) return Number(text) * 1000;
  const match = IMF_FIXDATE.exec(text);
  if (match === null) return undefined;
  const [, , day, , year, hour, minute, second] = match.map(Number);
  const date = Date.UTC(year ?? 0, MONTHS.indexOf(match[3] ?? ''), day ?? 0);
  // Date.UTC rolls 31 Feb over into March: a real date reads back the same day.
  if (
    new Date(date).getUTCDate() !== day ||
    (hour ?? 0) > 23 ||
    (minute ?? 0) > 59 ||
    (second ?? 0) > 60
  ) {
    return undefined;
  }
  const time = date + (((hour ?? 0) * 60 + (minute ?? 0)) * 60 + (second ?? 0)) * 1000;
  return Math.max(0, time - now);
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
