// The generated client (generated/index.ts) in direct mode against the fake FloKit server
// (test/support/flokit-server.ts): exact requests (headers, Idempotency-Key, body bytes), every
// retry and non-retry class, Retry-After and the client-wide 429 pause, the caller's AbortSignal,
// idempotency keys, validation modes, the module-level helpers, the client-side limiter, secrets
// kept out of every error, log line and hook payload, and option checking. In: tracked events.
// Out: what the server received and stored, and what the calls resolved or rejected with.
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createFloKitClient,
  FloKitApiError,
  FloKitAuthError,
  FloKitError,
  FloKitNetworkError,
  FloKitRateLimitError,
  FloKitValidationError,
  type FloKitClientOptions,
  type TransportRequest,
} from '../generated/index.js';
import type { Fault, FloKitServer, LoggedRequest } from './support/flokit-server.js';
import {
  API_KEY,
  captureLogger,
  closeServersAfterEach,
  eventRequests,
  expectRequest,
  expectSameKeyAndBody,
  FAST_RETRIES,
  paywall,
  paywallJson,
  rejection,
  sleep,
  startServer,
  UUID,
  waitFor,
} from './support/client-helpers.js';

type Generated = typeof import('../generated/index.js');

closeServersAfterEach();

const DOC_INPUT = {
  user_id: 'usr_abc123',
  anonymous_id: 'anon_xyz789',
  timestamp: '2024-03-15T14:22:00Z',
  properties: { paywall_id: 'pw_annual_v3', offer_id: 'offer_intro_50pct', context: 'onboarding_step_3' },
};
const DOC_BODY = '{"event":"paywall_viewed","user_id":"usr_abc123","anonymous_id":"anon_xyz789","timestamp":"2024-03-15T14:22:00Z","properties":{"paywall_id":"pw_annual_v3","offer_id":"offer_intro_50pct","context":"onboarding_step_3"}}';

function clientFor(server: FloKitServer, options: Partial<FloKitClientOptions> = {}) {
  return createFloKitClient({ apiKey: API_KEY, baseUrl: server.url, logger: false, retries: FAST_RETRIES, ...options });
}

function subscription(transaction: string) {
  return { user_id: 'usr_abc123', timestamp: '2024-03-15T14:25:00Z', properties: { plan_id: 'plan_annual_usd', revenue: 49.99, currency: 'USD', transaction_id: transaction } };
}

function subscriptionJson(transaction: string): string {
  return `{"event":"subscription_started","user_id":"usr_abc123","timestamp":"2024-03-15T14:25:00Z","properties":{"plan_id":"plan_annual_usd","revenue":49.99,"currency":"USD","transaction_id":${JSON.stringify(transaction)}}}`;
}

describe('sending one event', () => {
  it('sends the documentation example byte for byte and resolves with the stored id', async () => {
    const server = await startServer();
    const result = await clientFor(server).trackPaywallViewed(DOC_INPUT);
    expect(server.requests).toHaveLength(1);
    expectRequest(server.requests[0], { path: '/v1/events', body: DOC_BODY });
    expect(server.requests[0]?.headers['idempotency-key']).toMatch(UUID);
    expect(server.events).toHaveLength(1);
    expect(server.events[0]?.raw).toBe(DOC_BODY);
    expect(result).toEqual({ status: 'ok', event_id: server.events[0]?.event_id });
    expect(result.event_id).toMatch(/^evt_/);
  });

  it('sends a Date timestamp as toISOString(), and "now" when none is given', async () => {
    const server = await startServer();
    const client = clientFor(server);
    const at = new Date('2024-03-15T14:22:00.123Z');
    await client.trackPaywallViewed({ ...paywall(1), timestamp: at });
    expect(server.requests[0]?.body).toBe(paywallJson(1, '2024-03-15T14:22:00.123Z'));

    const before = Date.now();
    await client.trackPaywallViewed({ user_id: 'usr_2', properties: { paywall_id: 'pw_2' } });
    const after = Date.now();
    const sent = JSON.parse(server.requests[1]?.body ?? '') as { timestamp: string };
    expect(sent.timestamp).toBe(new Date(sent.timestamp).toISOString());
    expect(Date.parse(sent.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(sent.timestamp)).toBeLessThanOrEqual(after);
    expect(server.requests[1]?.body).toBe(paywallJson(2, sent.timestamp));
  });

  it('sends what the caller passed, frozen when the call is made', async () => {
    const server = await startServer();
    const input = paywall(1);
    const pending = clientFor(server).trackPaywallViewed(input);
    input.properties.paywall_id = 'changed';
    await pending;
    expect(server.requests[0]?.body).toBe(paywallJson(1));
  });

  it('client.track() sends a complete wire event', async () => {
    const server = await startServer();
    const event = JSON.parse(DOC_BODY) as Parameters<ReturnType<typeof clientFor>['track']>[0];
    const result = await clientFor(server).track(event);
    expectRequest(server.requests[0], { path: '/v1/events', body: DOC_BODY });
    expect(result.event_id).toBe(server.events[0]?.event_id);
  });
});

// ---- retries ----

interface RetryCase {
  readonly name: string;
  readonly fault: Fault;
  /** The server stores the event on the faulty attempt, so later attempts are replays. */
  readonly stores: boolean;
  readonly reason: string;
}

const RETRIED: readonly RetryCase[] = [
  ...([500, 502, 503, 504, 408] as const).map((status) => ({ name: String(status), fault: { kind: 'status', status } as Fault, stores: false, reason: `HTTP ${status}` })),
  { name: 'reset', fault: { kind: 'reset' }, stores: false, reason: 'network error' },
  { name: 'reset-after-store', fault: { kind: 'reset-after-store' }, stores: true, reason: 'network error' },
  { name: 'truncate', fault: { kind: 'truncate' }, stores: true, reason: 'network error' },
  { name: 'hang', fault: { kind: 'hang' }, stores: false, reason: 'timeout' },
  { name: 'hang-after-store', fault: { kind: 'hang-after-store' }, stores: true, reason: 'timeout' },
];

describe('retries', () => {
  it.each(RETRIED)('$name: retried with the same Idempotency-Key and body bytes, stored once', async ({ fault, stores, reason }) => {
    const server = await startServer();
    server.enqueueFaults(fault, fault);
    const reasons: string[] = [];
    // A short per-attempt timeout only where the fault needs one: on a loaded machine a loopback
    // request now and then takes longer than 200 ms, which would add an attempt.
    const hangs = fault.kind === 'hang' || fault.kind === 'hang-after-store';
    const result = await clientFor(server, { timeoutMs: hangs ? 200 : 10_000, hooks: { onRetry: (info) => reasons.push(info.reason) } }).trackPaywallViewed(paywall(1));

    const requests = eventRequests(server);
    if (hangs) expect(requests.length).toBeGreaterThanOrEqual(3);
    else expect(requests).toHaveLength(3);
    const key = expectSameKeyAndBody(requests);
    expect(key).toMatch(UUID);
    for (const r of requests) expectRequest(r, { path: '/v1/events', body: paywallJson(1), idempotencyKey: key });
    expect(requests.slice(0, 3).map((r) => r.fault)).toEqual([fault.kind, fault.kind, undefined]);
    expect(reasons.slice(0, 2)).toEqual([reason, reason]);

    expect(server.events).toHaveLength(1);
    expect(server.events[0]?.raw).toBe(paywallJson(1));
    expect(result).toEqual({ status: 'ok', event_id: server.events[0]?.event_id });
    // Stored by the first (faulty) attempt: the later attempts are answered with its id by replay.
    expect(requests.slice(0, 3).map((r) => r.replayed === true)).toEqual(stores ? [false, true, true] : [false, false, false]);
    expect(server.stats.keyReusedWithDifferentBody).toBe(0);
  });

  it('reset-after-store: stored exactly once, and the replay returns the original event_id', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'reset-after-store' });
    const result = await clientFor(server).trackPaywallViewed(DOC_INPUT);
    expect(server.stats.stored).toBe(1);
    expect(server.stats.replays).toBe(1);
    expect(server.requests[1]?.replayed).toBe(true);
    expect(result.event_id).toBe(server.events[0]?.event_id);
  });

  const NOT_RETRIED = [
    { status: 400, error: 'bad_request', text: 'Bad Request' },
    { status: 403, error: 'forbidden', text: 'Forbidden' },
    { status: 404, error: 'not_found', text: 'Not Found' },
    { status: 409, error: 'conflict', text: 'Conflict' },
    { status: 422, error: 'unprocessable_entity', text: 'Unprocessable Entity' },
    { status: 501, error: 'not_implemented', text: 'Not Implemented' },
    { status: 505, error: 'http_version_not_supported', text: 'HTTP Version Not Supported' },
  ] as const;

  it.each(NOT_RETRIED)('$status: one request, FloKitApiError with the body’s error and message', async ({ status, error, text }) => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'status', status }, { kind: 'status', status });
    const failure = await rejection(clientFor(server).trackPaywallViewed(paywall(1)));
    expect(failure).toBeInstanceOf(FloKitApiError);
    expect(failure).toMatchObject({ name: 'FloKitApiError', code: 'api', status, error, detail: `Injected ${status} ${text}`, attempts: 1 });
    await sleep(30);
    expect(eventRequests(server)).toHaveLength(1);
    expectRequest(server.requests[0], { path: '/v1/events', body: paywallJson(1) });
    expect(server.events).toHaveLength(0);
  });

  it('401: one request, FloKitAuthError; a wrong key gets the same', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'status', status: 401 });
    const failure = await rejection(clientFor(server).trackPaywallViewed(paywall(1)));
    expect(failure).toBeInstanceOf(FloKitAuthError);
    expect(failure).toMatchObject({ code: 'auth', status: 401 });
    await sleep(30);
    expect(eventRequests(server)).toHaveLength(1);

    const wrong = await rejection(clientFor(server, { apiKey: 'not_a_key' }).trackPaywallViewed(paywall(2)));
    expect(wrong).toBeInstanceOf(FloKitAuthError);
    expect((wrong as Error).message).toContain('Invalid API key');
    expect(eventRequests(server)).toHaveLength(2);
    expect(server.requests[1]?.headers['authorization']).toBe('Bearer not_a_key');
  });

  it('a 400 from validation surfaces the server’s error and message', async () => {
    const server = await startServer();
    const failure = await rejection(clientFor(server, { validation: 'off' }).trackPaywallViewed({ user_id: 'usr_1', properties: {} } as never));
    expect(failure).toBeInstanceOf(FloKitApiError);
    expect(failure).toMatchObject({ status: 400, error: 'validation_error', attempts: 1 });
    expect((failure as FloKitApiError).detail).toContain('paywall_id');
    expect(eventRequests(server)).toHaveLength(1);
  });

  it('a non-JSON error body (502 HTML) after retries run out: FloKitApiError with the status text and the body as detail', async () => {
    const server = await startServer();
    const html: Fault = { kind: 'status', status: 502, body: '<html>bad gateway</html>' };
    server.enqueueFaults(html, html, html);
    const failure = await rejection(clientFor(server, { retries: { ...FAST_RETRIES, maxRetries: 2 } }).trackPaywallViewed(paywall(1)));
    expect(failure).toBeInstanceOf(FloKitApiError);
    expect(failure).toMatchObject({ status: 502, error: 'Bad Gateway', detail: '<html>bad gateway</html>', attempts: 3 });
    expect((failure as Error).message).toBe('FloKit answered HTTP 502 Bad Gateway: <html>bad gateway</html>');
    expectSameKeyAndBody(eventRequests(server));
    expect(eventRequests(server)).toHaveLength(3);
  });

  it('an empty non-JSON error body: the status text', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'status', status: 404, body: '' });
    const failure = await rejection(clientFor(server).trackPaywallViewed(paywall(1)));
    expect(failure).toMatchObject({ status: 404, error: 'Not Found', detail: 'Not Found' });
  });

  it('counts every attempt when a retried failure ends in a final answer (503 then 400)', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'status', status: 503 }, { kind: 'status', status: 400 });
    const failure = await rejection(clientFor(server).trackPaywallViewed(paywall(1)));
    expect(failure).toMatchObject({ status: 400, attempts: 2 });
  });

  it('connection failures until retries run out: FloKitNetworkError, attempts = maxRetries + 1, not timed out', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'reset' }, { kind: 'reset' }, { kind: 'reset' }, { kind: 'reset' });
    const failure = await rejection(clientFor(server, { retries: { ...FAST_RETRIES, maxRetries: 3 } }).trackPaywallViewed(paywall(1)));
    expect(failure).toBeInstanceOf(FloKitNetworkError);
    expect(failure).toMatchObject({ code: 'network', attempts: 4, timedOut: false });
    expect((failure as Error).cause).toBeInstanceOf(Error);
    expect(eventRequests(server)).toHaveLength(4);
    expectSameKeyAndBody(eventRequests(server));
  });

  it('timeouts until retries run out: FloKitNetworkError with timedOut', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
    const started = Date.now();
    const failure = await rejection(clientFor(server, { timeoutMs: 150, retries: { ...FAST_RETRIES, maxRetries: 2 } }).trackPaywallViewed(paywall(1)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150 - 30);
    expect(failure).toBeInstanceOf(FloKitNetworkError);
    expect(failure).toMatchObject({ attempts: 3, timedOut: true });
    expect((failure as Error).message).toContain('150 ms');
    expect(eventRequests(server)).toHaveLength(3);
  });

  it('retries stop when the budget would be exceeded, whatever maxRetries', async () => {
    const server = await startServer();
    server.enqueueFaults(...Array.from({ length: 50 }, (): Fault => ({ kind: 'status', status: 503 })));
    const failure = await rejection(clientFor(server, { retries: { maxRetries: 100, initialDelayMs: 40, maxDelayMs: 40, budgetMs: 200 } }).trackPaywallViewed(paywall(1)));
    expect(failure).toBeInstanceOf(FloKitApiError);
    expect(failure).toMatchObject({ status: 503 });
    // Waits of 20-40 ms within 200 ms: at least 2 attempts, far fewer than 101.
    expect((failure as FloKitApiError).attempts).toBeGreaterThanOrEqual(2);
    expect((failure as FloKitApiError).attempts).toBeLessThanOrEqual(11);
    expect(eventRequests(server)).toHaveLength((failure as FloKitApiError).attempts);
  });

  it('an unreadable 2xx body is retried under the same key', async () => {
    let calls = 0;
    const bodies: string[] = [];
    const client = createFloKitClient({
      apiKey: API_KEY,
      logger: false,
      retries: FAST_RETRIES,
      transport: (request: TransportRequest) => {
        calls++;
        bodies.push(`${request.headers['Idempotency-Key']}|${request.body}`);
        const text = calls === 1 ? 'not json' : '{"status":"ok","event_id":"evt_x"}';
        return Promise.resolve({ status: 200, headers: { get: () => null }, text: () => Promise.resolve(text) });
      },
    });
    expect(await client.trackPaywallViewed(paywall(1))).toEqual({ status: 'ok', event_id: 'evt_x' });
    expect(calls).toBe(2);
    expect(bodies[0]).toBe(bodies[1]);
  });
});

// ---- rate limits ----

describe('429 and Retry-After', () => {
  function retryDelays(): { delays: number[]; onRetry: (info: { delayMs: number; reason: string }) => void } {
    const delays: number[] = [];
    return { delays, onRetry: (info) => delays.push(info.delayMs) };
  }

  it('waits Retry-After seconds (clamped to retryAfterMaxMs) before the retry', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: '429', retryAfter: '1' });
    const { delays, onRetry } = retryDelays();
    const result = await clientFor(server, { retries: { ...FAST_RETRIES, retryAfterMaxMs: 200 }, hooks: { onRetry } }).trackPaywallViewed(paywall(1));
    const [first, second] = eventRequests(server) as [LoggedRequest, LoggedRequest];
    expect(delays).toEqual([200]);
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(150);
    expectSameKeyAndBody([first, second]);
    expect(result.event_id).toBe(server.events[0]?.event_id);
  });

  it('reads Retry-After as an HTTP-date', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: '429', retryAfter: new Date(Date.now() + 5000).toUTCString() });
    const { delays, onRetry } = retryDelays();
    await clientFor(server, { retries: { ...FAST_RETRIES, retryAfterMaxMs: 200 }, hooks: { onRetry } }).trackPaywallViewed(paywall(1));
    const [first, second] = eventRequests(server) as [LoggedRequest, LoggedRequest];
    expect(delays).toEqual([200]);
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(150);
  });

  it.each(['0', 'Sun, 06 Nov 1994 08:49:37 GMT'])('clamps a short Retry-After (%s) up to retryAfterMinMs', async (retryAfter) => {
    const server = await startServer();
    server.enqueueFaults({ kind: '429', retryAfter });
    const { delays, onRetry } = retryDelays();
    await clientFor(server, { retries: { ...FAST_RETRIES, retryAfterMinMs: 150, retryAfterMaxMs: 1000 }, hooks: { onRetry } }).trackPaywallViewed(paywall(1));
    const [first, second] = eventRequests(server) as [LoggedRequest, LoggedRequest];
    expect(delays).toEqual([150]);
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(120);
  });

  it.each([
    ['absent', null],
    ['a fraction', '1.5'],
    ['a word', 'soon'],
    ['a non-IMF date', 'Fri, 15 Mar 2099 14:22:00 UTC'],
  ] as const)('falls back to backoff when Retry-After is %s', async (_name, retryAfter) => {
    const server = await startServer();
    server.enqueueFaults({ kind: '429', retryAfter });
    const { delays, onRetry } = retryDelays();
    // A parsed Retry-After would be clamped to at least 500 ms; backoff here is at most 5 ms.
    await clientFor(server, { retries: { ...FAST_RETRIES, retryAfterMinMs: 500, retryAfterMaxMs: 1000 }, hooks: { onRetry } }).trackPaywallViewed(paywall(1));
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeLessThanOrEqual(FAST_RETRIES.maxDelayMs);
    expect(eventRequests(server)).toHaveLength(2);
  });

  it('rate-limit waits do not consume maxRetries', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: '429', retryAfter: '0' }, { kind: '429', retryAfter: '0' });
    const result = await clientFor(server, { retries: { ...FAST_RETRIES, maxRetries: 0 } }).trackPaywallViewed(paywall(1));
    expect(result.event_id).toBe(server.events[0]?.event_id);
    expect(eventRequests(server)).toHaveLength(3);
    expectSameKeyAndBody(eventRequests(server));
  });

  it('a 429 pauses the whole client: another call made during the pause waits for it', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: '429', retryAfter: '1' });
    let second: Promise<unknown> | undefined;
    const client = clientFor(server, {
      retries: { ...FAST_RETRIES, retryAfterMaxMs: 300 },
      hooks: {
        onRetry: (info) => {
          if (info.reason === 'rate limited') second ??= client.trackPaywallViewed(paywall(2));
        },
      },
    });
    await client.trackPaywallViewed(paywall(1));
    await second;
    const requests = eventRequests(server);
    expect(requests).toHaveLength(3);
    const limited = requests[0] as LoggedRequest;
    expect(limited.status).toBe(429);
    // Neither the retry nor the other call reached the server during the 300 ms pause.
    for (const r of requests.slice(1)) expect(r.receivedAt - limited.receivedAt).toBeGreaterThanOrEqual(250);
    expect(requests.slice(1).map((r) => r.body).sort()).toEqual([paywallJson(1), paywallJson(2)]);
  });

  it('follows the server’s own rate limit: every event arrives once', async () => {
    const server = await startServer({ rateLimit: { requests: 2, windowMs: 400 } });
    const client = clientFor(server, { retries: { ...FAST_RETRIES, retryAfterMaxMs: 500 } });
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => client.trackPaywallViewed(paywall(n))));
    expect(server.stats.rateLimited).toBeGreaterThanOrEqual(1);
    expect(server.events.map((e) => e.raw).sort()).toEqual([1, 2, 3, 4, 5].map((n) => paywallJson(n)).sort());
    expect(new Set(results.map((r) => r.event_id)).size).toBe(5);
  });

  it('429s beyond the budget: FloKitRateLimitError with the wait', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: '429', retryAfter: '1' });
    const failure = await rejection(clientFor(server, { retries: { ...FAST_RETRIES, budgetMs: 100, retryAfterMaxMs: 1000 } }).trackPaywallViewed(paywall(1)));
    expect(failure).toBeInstanceOf(FloKitRateLimitError);
    expect(failure).toMatchObject({ code: 'rate_limit', retryAfterMs: 1000, attempts: 1 });
    expect(eventRequests(server)).toHaveLength(1);
  });
});

// ---- the caller's signal ----

describe('AbortSignal', () => {
  it('aborting during a backoff rejects with the signal’s reason; no further attempt', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'status', status: 503 });
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const client = clientFor(server, { retries: { ...FAST_RETRIES, initialDelayMs: 5000, maxDelayMs: 5000 }, hooks: { onRetry: () => controller.abort(reason) } });
    const failure = await rejection(client.trackPaywallViewed(paywall(1), { signal: controller.signal }));
    expect(failure).toBe(reason);
    await sleep(50);
    expect(eventRequests(server)).toHaveLength(1);
  });

  it('aborting during a hanging request rejects with the signal’s reason; no further attempt', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'hang' });
    const controller = new AbortController();
    const pending = clientFor(server).trackPaywallViewed(paywall(1), { signal: controller.signal });
    await waitFor(() => eventRequests(server).length === 1);
    controller.abort('stop now');
    expect(await rejection(pending)).toBe('stop now');
    await sleep(50);
    expect(eventRequests(server)).toHaveLength(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const server = await startServer();
    const transported: string[] = [];
    const onRequest = vi.fn();
    const reason = new Error('aborted before');
    const failure = await rejection(clientFor(server, { hooks: { onRequest } }).trackPaywallViewed(paywall(1), { signal: AbortSignal.abort(reason) }));
    expect(failure).toBe(reason);
    expect(server.requests).toHaveLength(0);

    const custom = createFloKitClient({
      apiKey: API_KEY,
      logger: false,
      hooks: { onRequest },
      transport: (request) => {
        transported.push(request.body);
        return Promise.reject(new Error('must not be called'));
      },
    });
    expect(await rejection(custom.trackPaywallViewed(paywall(2), { signal: AbortSignal.abort(reason) }))).toBe(reason);
    expect(transported).toEqual([]);
    expect(onRequest).not.toHaveBeenCalled();
  });

  it('a signal that never aborts changes nothing', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'status', status: 500 });
    const result = await clientFor(server).trackPaywallViewed(paywall(1), { signal: new AbortController().signal });
    expect(result.event_id).toBe(server.events[0]?.event_id);
  });
});

// ---- idempotency ----

describe('Idempotency-Key', () => {
  it('derives flokit:subscription_started:<transaction_id> for revenue events', async () => {
    const server = await startServer();
    const result = await clientFor(server).trackSubscriptionStarted(subscription('txn_3OZ42'));
    expectRequest(server.requests[0], { path: '/v1/events', body: subscriptionJson('txn_3OZ42'), idempotencyKey: 'flokit:subscription_started:txn_3OZ42' });
    expect(result.event_id).toBe(server.events[0]?.event_id);
  });

  it('the same transaction sent twice: the same key, stored once, the same event_id for both', async () => {
    const server = await startServer();
    const client = clientFor(server);
    const first = await client.trackSubscriptionStarted(subscription('txn_1'));
    const second = await clientFor(server).trackSubscriptionStarted(subscription('txn_1'));
    const requests = eventRequests(server);
    expect(requests).toHaveLength(2);
    expect(expectSameKeyAndBody(requests)).toBe('flokit:subscription_started:txn_1');
    expect(server.stats.stored).toBe(1);
    expect(requests[1]?.replayed).toBe(true);
    expect(second).toEqual(first);
    expect(server.stats.keyReusedWithDifferentBody).toBe(0);
  });

  it('concurrent sends of one transaction are counted once too', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'delay', ms: 50 });
    const client = clientFor(server);
    const [a, b] = await Promise.all([client.trackSubscriptionStarted(subscription('txn_2')), client.trackSubscriptionStarted(subscription('txn_2'))]);
    expect(server.stats.stored).toBe(1);
    expect(a).toEqual(b);
  });

  it('the caller’s key wins over the derived one', async () => {
    const server = await startServer();
    await clientFor(server).trackSubscriptionStarted(subscription('txn_1'), { idempotencyKey: 'usr_abc123-subscription_started-2024-03-15' });
    expectRequest(server.requests[0], { path: '/v1/events', body: subscriptionJson('txn_1'), idempotencyKey: 'usr_abc123-subscription_started-2024-03-15' });
  });

  it('events without key fields get a random UUID per call', async () => {
    const server = await startServer();
    const client = clientFor(server);
    await client.trackPaywallViewed(paywall(1));
    await client.trackPaywallViewed(paywall(1));
    const [a, b] = eventRequests(server).map((r) => r.headers['idempotency-key']);
    expect(a).toMatch(UUID);
    expect(b).toMatch(UUID);
    expect(a).not.toBe(b);
    expect(server.stats.stored).toBe(2);
  });

  it('a non-ASCII transaction id becomes a flokit-sha256: key, the same from any client', async () => {
    const server = await startServer();
    await clientFor(server).trackSubscriptionStarted(subscription('txn_ü/42'));
    await clientFor(server).trackSubscriptionStarted(subscription('txn_ü/42'));
    const key = expectSameKeyAndBody(eventRequests(server));
    expect(key).toMatch(/^flokit-sha256:[0-9a-f]{64}$/);
    expect(key).toBe(`flokit-sha256:${createHash('sha256').update(JSON.stringify(['subscription_started', 'txn_ü/42'])).digest('hex')}`);
    expect(server.requests[0]?.body).toBe(subscriptionJson('txn_ü/42'));
    expect(server.stats.stored).toBe(1);
  });

  it('a refund and a purchase with one transaction id get different keys', async () => {
    const server = await startServer();
    const client = clientFor(server);
    await client.trackSubscriptionStarted(subscription('txn_9'));
    await client.trackRefundIssued({ user_id: 'usr_abc123', properties: { transaction_id: 'txn_9', revenue: 49.99, currency: 'USD' } });
    expect(eventRequests(server).map((r) => r.headers['idempotency-key'])).toEqual(['flokit:subscription_started:txn_9', 'flokit:refund_issued:txn_9']);
  });
});

// ---- validation modes ----

describe('validation modes', () => {
  it("'throw' (default): rejects with every violation and sends nothing", async () => {
    const server = await startServer();
    const failure = await rejection(clientFor(server).trackPaywallViewed({ user_id: 'usr_1', timestamp: 'yesterday', properties: { paywall_id: '', extra: 1 } } as never));
    expect(failure).toBeInstanceOf(FloKitValidationError);
    expect(failure).toMatchObject({ code: 'validation' });
    expect((failure as FloKitValidationError).violations).toEqual([
      { code: 'constraint-failed', path: '/timestamp', message: expect.any(String) },
      { code: 'constraint-failed', path: '/properties/paywall_id', message: expect.any(String) },
      { code: 'unexpected-property', path: '/properties/extra', message: expect.any(String) },
    ]);
    expect((failure as Error).message).toContain('3 problems');
    await sleep(20);
    expect(server.requests).toHaveLength(0);
  });

  it("'warn': calls onViolation and the logger, sends anyway, and the server’s 400 surfaces", async () => {
    const server = await startServer();
    const onViolation = vi.fn();
    const { logger, lines } = captureLogger();
    const failure = await rejection(clientFor(server, { validation: 'warn', logger, hooks: { onViolation } }).trackPaywallViewed({ user_id: 'usr_1', properties: {} } as never));
    expect(onViolation).toHaveBeenCalledTimes(1);
    expect(onViolation).toHaveBeenCalledWith({ event: 'The paywall_viewed event', violations: [{ code: 'missing-required', path: '/properties/paywall_id', message: 'is required' }] });
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([expect.stringContaining('/properties/paywall_id is required')]);
    expect(eventRequests(server)).toHaveLength(1);
    expect(failure).toBeInstanceOf(FloKitApiError);
    expect(failure).toMatchObject({ status: 400, error: 'validation_error' });
  });

  it("'off': sends without calling the validator", async () => {
    const server = await startServer();
    const onViolation = vi.fn();
    function counted(): { reads: () => number; properties: { readonly paywall_id: string } } {
      let reads = 0;
      return {
        reads: () => reads,
        properties: {
          get paywall_id() {
            reads++;
            return 'pw_1';
          },
        },
      };
    }
    // JSON.stringify reads the property once; the validator would read it again.
    const checked = counted();
    await clientFor(server).trackPaywallViewed({ user_id: 'usr_1', timestamp: '2024-03-15T14:22:00Z', properties: checked.properties });
    expect(checked.reads()).toBeGreaterThanOrEqual(2);

    const unchecked = counted();
    await clientFor(server, { validation: 'off', hooks: { onViolation } }).trackPaywallViewed({ user_id: 'usr_1', timestamp: '2024-03-15T14:22:00Z', properties: unchecked.properties });
    expect(unchecked.reads()).toBe(1);
    expect(server.requests[1]?.body).toBe(paywallJson(1));

    const failure = await rejection(clientFor(server, { validation: 'off', hooks: { onViolation } }).trackPaywallViewed({ user_id: 'usr_1', properties: {} } as never));
    expect(failure).toMatchObject({ status: 400 });
    expect(onViolation).not.toHaveBeenCalled();
    expect(eventRequests(server)).toHaveLength(3);
  });
});

// ---- the module-level helpers ----

describe('module-level helpers (fresh module state per test)', () => {
  const saved = { key: process.env['FLOKIT_API_KEY'], url: process.env['FLOKIT_BASE_URL'] };

  function restore(name: string, value: string | undefined): void {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }

  beforeEach(() => {
    delete process.env['FLOKIT_API_KEY'];
    delete process.env['FLOKIT_BASE_URL'];
    vi.resetModules();
  });

  afterEach(() => {
    restore('FLOKIT_API_KEY', saved.key);
    restore('FLOKIT_BASE_URL', saved.url);
  });

  async function fresh(): Promise<Generated> {
    return import('../generated/index.js');
  }

  it('without configuration or FLOKIT_API_KEY: a rejected promise with a config error saying how to configure', async () => {
    const g = await fresh();
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = g.trackPaywallViewed(paywall(1));
    }).not.toThrow();
    const failure = await rejection(pending as Promise<unknown>);
    expect(failure).toBeInstanceOf(g.FloKitError);
    expect(failure).toMatchObject({ code: 'config' });
    expect((failure as Error).message).toContain('configureFloKit');
    expect((failure as Error).message).toContain('FLOKIT_API_KEY');
  });

  it('configureFloKit(options): the helpers send through a client with those options', async () => {
    const server = await startServer();
    const g = await fresh();
    const sender = g.configureFloKit({ apiKey: API_KEY, baseUrl: server.url, logger: false, retries: FAST_RETRIES });
    server.enqueueFaults({ kind: 'status', status: 503 });
    const result = await g.trackPaywallViewed(DOC_INPUT);
    const requests = eventRequests(server);
    expect(requests).toHaveLength(2);
    for (const r of requests) expectRequest(r, { path: '/v1/events', body: DOC_BODY });
    expectSameKeyAndBody(requests);
    expect(result.event_id).toBe(server.events[0]?.event_id);
    await sender.flush();
    expect(await sender.shutdown()).toEqual({ accepted: 1, rejected: 0, failed: 0, undelivered: 0 });
  });

  it('configureFloKit(client) adopts that client', async () => {
    const server = await startServer();
    const g = await fresh();
    const onRequest = vi.fn();
    const client = g.createFloKitClient({ apiKey: API_KEY, baseUrl: server.url, logger: false, hooks: { onRequest } });
    expect(g.configureFloKit(client)).toBe(client);
    await g.trackSubscriptionStarted(subscription('txn_5'));
    expect(onRequest).toHaveBeenCalledTimes(1);
    expectRequest(server.requests[0], { path: '/v1/events', body: subscriptionJson('txn_5'), idempotencyKey: 'flokit:subscription_started:txn_5' });
    await client.shutdown();
    expect(await rejection(g.trackPaywallViewed(paywall(1)))).toMatchObject({ code: 'shutdown' });
  });

  it('FLOKIT_API_KEY and FLOKIT_BASE_URL configure the default client', async () => {
    const server = await startServer({ apiKeys: ['env_key_1'] });
    process.env['FLOKIT_API_KEY'] = 'env_key_1';
    process.env['FLOKIT_BASE_URL'] = server.url;
    const g = await fresh();
    const result = await g.trackPaywallViewed(DOC_INPUT);
    expectRequest(server.requests[0], { path: '/v1/events', body: DOC_BODY, apiKey: 'env_key_1' });
    expect(result.event_id).toBe(server.events[0]?.event_id);
  });

  it('invalid options given to configureFloKit throw a config error at once', async () => {
    const g = await fresh();
    expect(() => g.configureFloKit({ apiKey: API_KEY, retrys: 3 } as never)).toThrow(/retrys/);
  });

  it('configureFloKit(options) sends directly: `batching` there asks for a client, and a batching client works', async () => {
    const server = await startServer();
    const g = await fresh();
    let failure: unknown;
    try {
      g.configureFloKit({ apiKey: API_KEY, baseUrl: server.url, batching: true });
    } catch (error) {
      failure = error;
    }
    expect(failure).toMatchObject({ code: 'config' });
    expect((failure as Error).message).toContain('configureFloKit(client)');
    const client = g.createFloKitClient({ apiKey: API_KEY, baseUrl: server.url, logger: false, batching: { maxEvents: 2, maxWaitMs: 60_000 } });
    g.configureFloKit(client);
    const results = await Promise.all([g.trackPaywallViewed(paywall(1)), g.trackPaywallViewed(paywall(2))]);
    expect(eventRequests(server).map((r) => r.path)).toEqual(['/v1/batch/events']);
    expect(results.map((r) => r.event_id)).toEqual(server.events.map((e) => e.event_id));
    await client.shutdown();
  });
});

// ---- the client-side limiter ----

describe('rateLimit option', () => {
  it('{ requests: 3, intervalMs: 300 }: the 4th request starts at least an interval after the 1st', async () => {
    const server = await startServer();
    const client = clientFor(server, { rateLimit: { requests: 3, intervalMs: 300 } });
    await Promise.all([1, 2, 3, 4].map((n) => client.trackPaywallViewed(paywall(n))));
    const times = eventRequests(server).map((r) => r.receivedAt);
    expect(times).toHaveLength(4);
    expect((times[3] as number) - (times[0] as number)).toBeGreaterThanOrEqual(250);
    expect(server.events.map((e) => e.raw).sort()).toEqual([1, 2, 3, 4].map((n) => paywallJson(n)).sort());
  });

  it('a 429 pause also holds back a request that was waiting for the limiter', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: '429', retryAfter: '1' });
    const client = clientFor(server, { rateLimit: { requests: 1, intervalMs: 200 }, retries: { ...FAST_RETRIES, retryAfterMaxMs: 600 } });
    // The first gets a 429 (a 600 ms pause); the second's limiter slot comes 200 ms after the first.
    await Promise.all([client.trackPaywallViewed(paywall(1)), client.trackPaywallViewed(paywall(2))]);
    const requests = eventRequests(server);
    expect(requests).toHaveLength(3);
    const limited = requests[0] as LoggedRequest;
    expect(limited.status).toBe(429);
    for (const r of requests.slice(1)) expect(r.receivedAt - limited.receivedAt).toBeGreaterThanOrEqual(550);
  });

  it('true: 100 requests per minute, the documented limit (the first 100 go at once)', async () => {
    const server = await startServer();
    const client = clientFor(server, { rateLimit: true });
    const started = Date.now();
    await Promise.all(Array.from({ length: 20 }, (_, n) => client.trackPaywallViewed(paywall(n))));
    expect(server.stats.stored).toBe(20);
    // Nothing to wait for below the limit: well under the 60 s a 101st request would wait.
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

// ---- secrets ----

/** Everything an error, a log line or a hook payload shows: message, stack, fields, causes. */
function exposed(value: unknown): string {
  const seen = new WeakSet<object>();
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[seen]';
      seen.add(v);
    }
    if (v instanceof Error) return { name: v.name, message: v.message, stack: v.stack, cause: v.cause, ...Object.fromEntries(Object.entries(v)) };
    if (typeof v === 'function') return String(v);
    return v;
  });
  return `${json}\n${inspect(value, { depth: 20, showHidden: true })}`;
}

describe('secrets', () => {
  const SECRET = 'sk_live_SECRET_42';
  const WRONG = 'sk_live_WRONG_SECRET_43';

  it('the API key appears in no error, log line or hook payload, whatever happens', { timeout: 30_000 }, async () => {
    const server = await startServer({ apiKeys: [SECRET] });
    const { logger, lines } = captureLogger();
    const seen: unknown[] = [];
    const record = (name: string) => (info: unknown) => seen.push({ hook: name, info });
    const hooks = { onRequest: record('onRequest'), onResponse: record('onResponse'), onRetry: record('onRetry'), onViolation: record('onViolation'), onError: record('onError') };
    const base = { apiKey: SECRET, baseUrl: server.url, logger, logLevel: 'debug', hooks, retries: { ...FAST_RETRIES, maxRetries: 1 }, timeoutMs: 300 } as const;
    const errors: unknown[] = [];
    const collect = async (promise: Promise<unknown>): Promise<void> => {
      errors.push(await rejection(promise));
    };

    const direct = createFloKitClient(base);
    // validation
    await collect(direct.trackPaywallViewed({ user_id: 'usr_1', properties: {} } as never));
    // auth (an injected 401, and the server's own 401 for a wrong key)
    server.enqueueFaults({ kind: 'status', status: 401 });
    await collect(direct.trackPaywallViewed(paywall(1)));
    await collect(createFloKitClient({ ...base, apiKey: WRONG }).trackPaywallViewed(paywall(1)));
    // rate limit
    server.enqueueFaults({ kind: '429', retryAfter: '1' });
    await collect(createFloKitClient({ ...base, retries: { ...FAST_RETRIES, budgetMs: 100, retryAfterMaxMs: 1000 } }).trackPaywallViewed(paywall(1)));
    // api: 400 from the server's validation (warn mode), 5xx with an HTML body after retries
    await collect(createFloKitClient({ ...base, validation: 'warn' }).trackPaywallViewed({ user_id: 'usr_1', properties: {} } as never));
    server.enqueueFaults({ kind: 'status', status: 502, body: '<html>bad gateway</html>' }, { kind: 'status', status: 502, body: '<html>bad gateway</html>' });
    await collect(direct.trackPaywallViewed(paywall(2)));
    // network: resets and timeouts after retries
    server.enqueueFaults({ kind: 'reset' }, { kind: 'reset' });
    await collect(direct.trackPaywallViewed(paywall(3)));
    server.enqueueFaults({ kind: 'hang' }, { kind: 'hang' });
    await collect(direct.trackPaywallViewed(paywall(4)));
    // a transport that fails with the key in its message (the client must redact what it repeats)
    await collect(createFloKitClient({ ...base, transport: () => Promise.reject(new Error(`proxy refused Bearer ${SECRET}`)) }).trackPaywallViewed(paywall(5)));
    // buffered: rejected, queue_full, shutdown
    const buffered = createFloKitClient({ ...base, validation: 'off', batching: { maxEvents: 10, maxWaitMs: 60_000, maxQueueSize: 2 } });
    const rejected = buffered.trackPaywallViewed({ user_id: 'usr_1', properties: {} } as never);
    const accepted = buffered.trackPaywallViewed(paywall(6));
    await collect(buffered.trackPaywallViewed(paywall(7)));
    await buffered.flush();
    await collect(rejected);
    await accepted;
    server.enqueueFaults({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
    const stuck = buffered.trackPaywallViewed(paywall(8));
    const report = await buffered.shutdown({ timeoutMs: 100 });
    await collect(stuck);
    await collect(buffered.trackPaywallViewed(paywall(9)));
    // config: an unknown option, and a malformed key that contains the secret
    errors.push(rejectionSync(() => createFloKitClient({ ...base, bogus: 1 } as never)));
    errors.push(rejectionSync(() => createFloKitClient({ ...base, apiKey: `${SECRET} x` })));
    errors.push(rejectionSync(() => createFloKitClient({ ...base, retries: { maxRetries: -1 } })));

    const codes = errors.map((e) => (e as FloKitError).code);
    for (const code of ['validation', 'auth', 'rate_limit', 'api', 'network', 'rejected', 'queue_full', 'shutdown', 'config']) expect(codes).toContain(code);
    expect(errors.every((e) => e instanceof FloKitError)).toBe(true);
    const timedOut = errors.filter((e) => e instanceof FloKitNetworkError).map((e) => (e as FloKitNetworkError).timedOut);
    expect(timedOut).toHaveLength(3);
    expect(timedOut).toContain(true);
    expect(timedOut).toContain(false);
    expect(report.undelivered).toBe(1);
    expect(lines.some((l) => l.level === 'debug')).toBe(true);
    expect(seen.length).toBeGreaterThan(10);
    const onRequest = seen.find((s) => (s as { hook: string }).hook === 'onRequest') as { info: { headers: Record<string, string> } };
    expect(onRequest.info.headers['Authorization']).toBe('Bearer [redacted]');

    for (const error of errors) {
      expect(exposed(error)).not.toContain(SECRET);
      expect(exposed(error)).not.toContain(WRONG);
    }
    for (const line of lines) expect(line.message).not.toContain('SECRET');
    for (const payload of seen) expect(exposed(payload)).not.toContain('SECRET');
    // The key did go out, where it belongs: in the Authorization header.
    expect(server.requests.some((r) => r.headers['authorization'] === `Bearer ${SECRET}`)).toBe(true);
  });
});

function rejectionSync(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

// ---- options ----

describe('options', () => {
  it.each([
    [{ retrys: 3 }, 'retrys'],
    [{ batching: { maxEvent: 10 } }, 'batching.maxEvent'],
    [{ hooks: { onSend: () => undefined } }, 'hooks.onSend'],
    [{ retries: { maxRetry: 1 } }, 'retries.maxRetry'],
    [{ rateLimit: { perMinute: 10 } }, 'rateLimit.perMinute'],
  ])('an unknown option throws a config FloKitError naming it (%j)', (extra, name) => {
    const error = rejectionSync(() => createFloKitClient({ apiKey: API_KEY, ...extra } as never));
    expect(error).toBeInstanceOf(FloKitError);
    expect(error).toMatchObject({ code: 'config' });
    expect((error as Error).message).toContain(`\`${name}\``);
  });

  it.each([
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ validation: 'strict' }, 'validation'],
    [{ baseUrl: 'ftp://x' }, 'baseUrl'],
    [{ retries: { maxRetries: 1.5 } }, 'retries.maxRetries'],
    [{ batching: { maxEvents: 1001 } }, 'batching.maxEvents'],
    [{ logger: {} }, 'logger'],
    [{ apiKey: '' }, 'apiKey'],
  ])('a malformed option throws a config FloKitError naming it (%j)', (extra, name) => {
    const error = rejectionSync(() => createFloKitClient({ apiKey: API_KEY, ...extra } as never));
    expect(error).toMatchObject({ code: 'config' });
    expect((error as Error).message).toContain(name);
  });
});
