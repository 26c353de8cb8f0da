// Soak: 20,000 events in direct mode and 20,000 in buffered mode through the generated client
// against a fake FloKit server that injects a fault into 20 % of the requests (5xx, resets before
// and after storing, truncated answers, delays, hangs before and after storing, zero-wait 429s).
// Every event must be stored exactly once (each carries a unique id in its properties), every
// call must resolve with the id FloKit stored for it, and no Idempotency-Key may ever be reused
// with a different body. In: a seeded fault plan. Out: pass/fail, and the figures on stdout.
// Slow tier: `npm run test:slow` (vitest.slow.config.ts).
import { describe, expect, it } from 'vitest';
import { createFloKitClient, type TrackResult } from '../generated/index.js';
import type { Fault, FaultKind, FloKitServer } from './support/flokit-server.js';
import { API_KEY, closeServersAfterEach, paywall, startServer } from './support/client-helpers.js';

closeServersAfterEach();

const EVENTS = 20_000;
const SEED = 20_240_315;
const TIMEOUT_MS = 200;

// Drawn uniformly from this list, so repetition sets the mix: mostly cheap faults, a few that cost
// a timeout (hang, hang-after-store) and a few 429s that pause the client for 0 ms.
const KINDS: readonly (FaultKind | Fault)[] = [
  { kind: 'status', status: 500 },
  { kind: 'status', status: 502 },
  { kind: 'status', status: 503 },
  'status',
  'reset',
  'reset',
  'reset-after-store',
  'reset-after-store',
  'truncate',
  'truncate',
  'delay',
  'delay',
  { kind: '429', retryAfter: '0' },
  'hang-after-store',
  'hang',
];

const RETRIES = { maxRetries: 20, initialDelayMs: 1, maxDelayMs: 5, retryAfterMinMs: 0, retryAfterMaxMs: 10 } as const;

/** The unique tag an event carries: its paywall_id, or for revenue events its transaction_id. */
function tagOf(body: unknown): string {
  const properties = (body as { properties: { paywall_id?: string; transaction_id?: string } }).properties;
  return properties.paywall_id ?? properties.transaction_id ?? '';
}

function subscription(n: number) {
  return { user_id: `usr_${n}`, timestamp: '2024-03-15T14:25:00Z', properties: { plan_id: 'plan_annual_usd', revenue: 49.99, currency: 'USD', transaction_id: `txn_${n}` } };
}

/** Counts the client's retries by reason (`HTTP 503`, `timeout`, `network error`, `rate limited`). */
function retryCounter(): { readonly counts: Record<string, number>; onRetry(info: { reason: string }): void } {
  const counts: Record<string, number> = {};
  return {
    counts,
    onRetry: (info) => {
      counts[info.reason] = (counts[info.reason] ?? 0) + 1;
    },
  };
}

/** Asserts the soak's invariants and prints its figures. */
function check(mode: string, events: number, server: FloKitServer, results: readonly TrackResult[], tags: readonly string[], started: number, retries: Record<string, number>): void {
  const seconds = (Date.now() - started) / 1000;
  const stats = server.stats;
  const faults: Record<string, number> = {};
  for (const r of server.requests) if (r.fault !== undefined) faults[r.fault] = (faults[r.fault] ?? 0) + 1;
  console.log(`[soak] ${mode}: ${events} events, ${stats.requests} requests, ${stats.faults} faults (${Object.entries(faults).map(([k, v]) => `${k} ${v}`).join(', ')}), ${stats.replays} replays, ${stats.stored} stored; client retries: ${Object.entries(retries).map(([k, v]) => `${k} ${v}`).join(', ')}; ${seconds.toFixed(1)} s`);

  expect(results).toHaveLength(events);
  expect(results.every((r) => r.status === 'ok')).toBe(true);
  expect(stats.stored).toBe(events);
  expect(server.events).toHaveLength(events);
  const stored = new Map(server.events.map((e) => [tagOf(e.body), e.event_id]));
  expect(stored.size).toBe(events);
  // Each call resolved with the id of its own event, stored once.
  results.forEach((r, n) => expect(r.event_id, tags[n]).toBe(stored.get(tags[n] as string)));
  expect(new Set(results.map((r) => r.event_id)).size).toBe(events);
  expect(stats.keyReusedWithDifferentBody).toBe(0);
  expect(server.keyReuses).toEqual([]);
  // Roughly a fifth of the requests failed on purpose, and the retries that found their event stored were replays.
  expect(stats.faults / stats.requests).toBeGreaterThan(0.15);
  expect(stats.replays).toBeGreaterThan(0);
  for (const kind of ['status', 'reset', 'reset-after-store', 'truncate', 'delay', '429', 'hang', 'hang-after-store']) expect(faults[kind] ?? 0, kind).toBeGreaterThan(0);
}

describe('soak', () => {
  // 25 in flight, not more: with client and server in one thread, a few loopback requests take over
  // 200 ms at 50 (plain fetch too), and each spurious timeout costs a new connection and more time.
  it(`direct mode: ${EVENTS} events, 25 in flight, 20 % faults`, { timeout: 120_000 }, async () => {
    const server = await startServer({ randomFaults: { rate: 0.2, seed: SEED, kinds: KINDS } });
    const retries = retryCounter();
    const client = createFloKitClient({ apiKey: API_KEY, baseUrl: server.url, logger: false, retries: RETRIES, timeoutMs: TIMEOUT_MS, hooks: { onRetry: retries.onRetry } });
    const started = Date.now();
    const results = new Array<TrackResult>(EVENTS);
    const tags = Array.from({ length: EVENTS }, (_, n) => (n % 100 === 0 ? `txn_${n}` : `pw_${n}`));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < EVENTS) {
        const n = next++;
        results[n] = n % 100 === 0 ? await client.trackSubscriptionStarted(subscription(n)) : await client.trackPaywallViewed(paywall(n));
      }
    };
    await Promise.all(Array.from({ length: 25 }, worker));
    check('direct', EVENTS, server, results, tags, started, retries.counts);
    expect(server.requests.filter((r) => r.path === '/v1/events' && r.headers['idempotency-key'] === 'flokit:subscription_started:txn_100').length).toBeGreaterThanOrEqual(1);
  });

  it(`buffered mode: ${EVENTS} events in batches of 25, 20 % faults`, { timeout: 120_000 }, async () => {
    const server = await startServer({ randomFaults: { rate: 0.2, seed: SEED + 1, kinds: KINDS } });
    const retries = retryCounter();
    const client = createFloKitClient({
      apiKey: API_KEY,
      baseUrl: server.url,
      logger: false,
      retries: RETRIES,
      timeoutMs: TIMEOUT_MS,
      hooks: { onRetry: retries.onRetry },
      batching: { maxEvents: 25, maxWaitMs: 5, maxQueueSize: EVENTS },
    });
    const started = Date.now();
    const tags = Array.from({ length: EVENTS }, (_, n) => `pw_${n}`);
    const pending = Array.from({ length: EVENTS }, (_, n) => client.trackPaywallViewed(paywall(n)));
    await client.flush();
    const results = await Promise.all(pending);
    check('buffered', EVENTS, server, results, tags, started, retries.counts);
    // In order: one batch at a time, and a retried batch is replayed as it was first stored.
    expect(server.events.map((e) => tagOf(e.body))).toEqual(tags);
    expect(await client.shutdown()).toEqual({ accepted: EVENTS, rejected: 0, failed: 0, undelivered: 0 });
  });
});
