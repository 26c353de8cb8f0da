// The generated client's buffered mode and explicit batches against the fake FloKit server:
// batches in track order with each promise settled by its own result, maxWaitMs and flush (and a
// timer that never keeps a process alive), partial rejection mapped to input indices and answers
// that do not add up, sendBatch chunking by count and bytes, sorting and validation, keyed events
// sent alone, shutdown with a deadline and its report, failures reported without unhandled
// rejections, and a full queue. In: tracked events and batches. Out: what the server received and
// stored, and how each call settled.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import {
  buildPaywallViewed,
  createCaptureTransport,
  createFloKitClient,
  FloKitApiError,
  FloKitError,
  FloKitValidationError,
  type FloKitClientOptions,
  type FloKitEvent,
  type TrackResult,
  type TransportRequest,
  type TransportResponse,
} from '../generated/index.js';
import type { FloKitServer, LoggedRequest } from './support/flokit-server.js';
import {
  API_KEY,
  captureLogger,
  closeServersAfterEach,
  eventRequests,
  expectRequest,
  expectSameKeyAndBody,
  FAST_RETRIES,
  outcome,
  paywall,
  paywallJson,
  rejection,
  sleep,
  startServer,
  UUID,
  waitFor,
} from './support/client-helpers.js';

closeServersAfterEach();

function bufferedClient(server: FloKitServer, options: Partial<FloKitClientOptions> = {}) {
  return createFloKitClient({ apiKey: API_KEY, baseUrl: server.url, logger: false, retries: FAST_RETRIES, batching: { maxEvents: 100, maxWaitMs: 50 }, ...options });
}

/** A complete wire event (for sendBatch), `pw_<n>`. */
function wire(n: number, timestamp = '2024-03-15T14:22:00Z'): FloKitEvent {
  return JSON.parse(paywallJson(n, timestamp)) as FloKitEvent;
}

function batchEvents(request: LoggedRequest | undefined): string[] {
  return (JSON.parse(request?.body ?? '{"events":[]}') as { events: unknown[] }).events.map((e) => JSON.stringify(e));
}

function jsonAnswer(body: unknown, status = 200): TransportResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers: { get: () => null }, text: () => Promise.resolve(text) };
}

/** A transport answering from a list, recording what it was sent. */
function scripted(answers: readonly unknown[]): { transport: (request: TransportRequest) => Promise<TransportResponse>; requests: TransportRequest[] } {
  const requests: TransportRequest[] = [];
  let next = 0;
  return {
    requests,
    transport: (request) => {
      requests.push(request);
      return Promise.resolve(jsonAnswer(answers[next++]));
    },
  };
}

describe('buffered mode: batches', () => {
  it('250 events: batches of 100/100/50 in track order, each promise with its own event_id', { timeout: 30_000 }, async () => {
    const server = await startServer();
    const client = bufferedClient(server);
    const pending = Array.from({ length: 250 }, (_, n) => client.trackPaywallViewed(paywall(n)));
    const results = await Promise.all(pending);

    const requests = eventRequests(server);
    expect(requests.map((r) => r.path)).toEqual(['/v1/batch/events', '/v1/batch/events', '/v1/batch/events']);
    expect(requests.map((r) => batchEvents(r).length)).toEqual([100, 100, 50]);
    const keys = requests.map((r) => r.headers['idempotency-key']);
    for (const key of keys) expect(key).toMatch(UUID);
    expect(new Set(keys).size).toBe(3);
    const sent = requests.flatMap(batchEvents);
    expect(sent).toEqual(Array.from({ length: 250 }, (_, n) => paywallJson(n)));
    expectRequest(requests[0], { path: '/v1/batch/events', body: `{"events":[${Array.from({ length: 100 }, (_, n) => paywallJson(n)).join(',')}]}` });

    expect(server.events.map((e) => e.raw)).toEqual(sent);
    results.forEach((result, n) => expect(result).toEqual({ status: 'ok', event_id: server.events[n]?.event_id }));
  });

  it('maxWaitMs sends a partial batch without flush', async () => {
    const server = await startServer();
    const client = bufferedClient(server, { batching: { maxEvents: 100, maxWaitMs: 80 } });
    const started = Date.now();
    const [a, b] = await Promise.all([client.trackPaywallViewed(paywall(1)), client.trackPaywallViewed(paywall(2))]);
    const [request] = eventRequests(server);
    expect(eventRequests(server)).toHaveLength(1);
    expect((request as LoggedRequest).receivedAt - started).toBeGreaterThanOrEqual(60);
    expect(batchEvents(request)).toEqual([paywallJson(1), paywallJson(2)]);
    expect([a?.event_id, b?.event_id]).toEqual(server.events.map((e) => e.event_id));
  });

  it('flush() settles everything queued before it, at once (maxWaitMs 60 s)', async () => {
    const server = await startServer();
    const client = bufferedClient(server, { batching: { maxEvents: 100, maxWaitMs: 60_000 } });
    const settled: number[] = [];
    const pending = [1, 2, 3, 4, 5].map((n) => client.trackPaywallViewed(paywall(n)).then(() => settled.push(n)));
    await sleep(20);
    expect(server.requests).toHaveLength(0);
    // Regression: flush() resolved to undefined; it reports what it delivered.
    expect(await client.flush()).toEqual({ accepted: 5, rejected: 0, failed: 0 });
    expect(settled).toEqual([1, 2, 3, 4, 5]);
    expect(eventRequests(server)).toHaveLength(1);
    await Promise.all(pending);
    // Nothing queued: flush resolves at once, sends nothing and reports nothing.
    expect(await client.flush()).toEqual({ accepted: 0, rejected: 0, failed: 0 });
    expect(eventRequests(server)).toHaveLength(1);
  });

  it('flush() resolves while callers keep queueing: it waits for what was queued before it, not for an empty queue', { timeout: 30_000 }, async () => {
    // Every batch takes 20 ms; events arrive faster than batches of 10 can carry them, so the queue never empties.
    const capture = createCaptureTransport();
    const slow = (request: TransportRequest): Promise<TransportResponse> => sleep(20).then(() => capture(request));
    const client = createFloKitClient({ apiKey: API_KEY, transport: slow, logger: false, batching: { maxEvents: 10, maxWaitMs: 1, maxQueueSize: 100_000 } });
    let n = 0;
    const producer = setInterval(() => {
      for (let i = 0; i < 10; i++) void client.trackPaywallViewed(paywall(n++));
    }, 5);
    try {
      await sleep(50);
      const before = n;
      const settled = new Set<number>();
      const tracked = Array.from({ length: 5 }, () => {
        const k = n++;
        return client.trackPaywallViewed(paywall(k)).then(() => settled.add(k));
      });
      const flushed = await Promise.race([client.flush().then(() => 'flushed'), sleep(15_000).then(() => 'still waiting')]);
      expect(flushed).toBe('flushed');
      expect(settled.size).toBe(5);
      await Promise.all(tracked);
      expect(before).toBeGreaterThan(0);
    } finally {
      clearInterval(producer);
    }
    await client.shutdown({ timeoutMs: 10_000 });
  });

  it('an event tracked just as a drain ends is still sent (no flush needed)', async () => {
    for (let turns = 0; turns < 12; turns++) {
      const capture = createCaptureTransport();
      const client = createFloKitClient({ apiKey: API_KEY, transport: capture, logger: false, batching: { maxEvents: 1, maxWaitMs: 60_000 } });
      const second = client.trackPaywallViewed(paywall(1)).then(async () => {
        for (let i = 0; i < turns; i++) await null;
        return client.trackPaywallViewed(paywall(2));
      });
      const result = await Promise.race([second, sleep(2000).then(() => 'stuck')]);
      expect(result, `tracked ${turns} microtask turns after the first settled`).toEqual({ status: 'ok', event_id: 'evt_capture_2' });
    }
  });

  it('the maxWaitMs timer does not keep the process alive; events still queued at the end are sent with a warning, or named as lost on process.exit()', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flokit-buffered-'));
    try {
      await build({ entryPoints: [resolve('generated/index.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile: join(dir, 'flokit.mjs'), logLevel: 'silent' });
      const script = (logger: string, end: string): string => `
import { createCaptureTransport, createFloKitClient } from './flokit.mjs';
const capture = createCaptureTransport();
const client = createFloKitClient({ apiKey: 'fk_test_secret', transport: capture, ${logger} batching: { maxEvents: 100, maxWaitMs: 60000 } });
client.trackPaywallViewed({ user_id: 'u', properties: { paywall_id: 'p' } }).catch(() => {});
${end}
process.on('exit', () => console.log('sent ' + capture.requests.length));
`;
      writeFileSync(join(dir, 'idle.mjs'), script('', ''));
      writeFileSync(join(dir, 'flushed.mjs'), script('logger: false,', 'console.log(JSON.stringify(await client.flush()));'));
      writeFileSync(join(dir, 'exiting.mjs'), script('', "setTimeout(() => process.exit(0), 10);"));
      const started = Date.now();
      const [idle, flushed, exiting] = await Promise.all([runNode(join(dir, 'idle.mjs')), runNode(join(dir, 'flushed.mjs')), runNode(join(dir, 'exiting.mjs'))]);
      // Regression: the process ended without a word and the event was lost.
      expect(idle).toEqual({ code: 0, stdout: 'sent 1\n', stderr: '[flokit] 1 event still queued as the process is about to end: sending them now (await flush() or shutdown() before the end of your program)\n' });
      expect(flushed).toEqual({ code: 0, stdout: '{"accepted":1,"rejected":0,"failed":0}\nsent 1\n', stderr: '' });
      expect(exiting).toEqual({ code: 0, stdout: 'sent 0\n', stderr: '[flokit] 1 event queued and never sent: the process exited before flush() or shutdown()\n' });
      // The timer was 60 s: the processes ended without waiting for it.
      expect(Date.now() - started).toBeLessThan(50_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a failed batch is retried as a whole with the same key and body; chunks get different keys', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'status', status: 503 }, { kind: 'reset-after-store' });
    const client = bufferedClient(server, { batching: { maxEvents: 2, maxWaitMs: 10 } });
    const results = await Promise.all([1, 2, 3].map((n) => client.trackPaywallViewed(paywall(n))));
    const requests = eventRequests(server);
    // chunk 1: 503, reset-after-store (stored), replay; chunk 2: one request.
    expect(requests).toHaveLength(4);
    const key = expectSameKeyAndBody(requests.slice(0, 3));
    expect(batchEvents(requests[0])).toEqual([paywallJson(1), paywallJson(2)]);
    expect(requests[2]?.replayed).toBe(true);
    expect(requests[3]?.headers['idempotency-key']).not.toBe(key);
    expect(server.events.map((e) => e.raw)).toEqual([1, 2, 3].map((n) => paywallJson(n)));
    expect(results.map((r) => r.event_id)).toEqual(server.events.map((e) => e.event_id));
    expect(server.stats.keyReusedWithDifferentBody).toBe(0);
  });

  it('events with a derived or caller key go alone to /v1/events, others in batches', async () => {
    const server = await startServer();
    const client = bufferedClient(server, { batching: { maxEvents: 100, maxWaitMs: 60_000 } });
    const subscription = { user_id: 'usr_1', timestamp: '2024-03-15T14:25:00Z', properties: { plan_id: 'plan_annual_usd', transaction_id: 'txn_77' } };
    const viewed = client.trackPaywallViewed(paywall(1));
    const keyed = await client.trackSubscriptionStarted(subscription);
    const own = await client.trackPaywallViewed(paywall(2), { idempotencyKey: 'caller-key-1' });
    expectRequest(server.requests[0], { path: '/v1/events', body: '{"event":"subscription_started","user_id":"usr_1","timestamp":"2024-03-15T14:25:00Z","properties":{"plan_id":"plan_annual_usd","transaction_id":"txn_77"}}', idempotencyKey: 'flokit:subscription_started:txn_77' });
    expectRequest(server.requests[1], { path: '/v1/events', body: paywallJson(2), idempotencyKey: 'caller-key-1' });
    expect(keyed.event_id).toBe(server.events[0]?.event_id);
    expect(own.event_id).toBe(server.events[1]?.event_id);
    await client.flush();
    expectRequest(server.requests[2], { path: '/v1/batch/events', body: `{"events":[${paywallJson(1)}]}` });
    expect((await viewed).event_id).toBe(server.events[2]?.event_id);
  });
});

describe('buffered mode: the caller’s signal', () => {
  it('an already-aborted signal: rejects with its reason, nothing queued or sent', async () => {
    const server = await startServer();
    const client = bufferedClient(server, { batching: { maxEvents: 100, maxWaitMs: 60_000 } });
    const reason = new Error('too late');
    expect(await rejection(client.trackPaywallViewed(paywall(1), { signal: AbortSignal.abort(reason) }))).toBe(reason);
    await client.flush();
    expect(server.requests).toHaveLength(0);
  });

  it('aborting while queued: rejects with the reason and leaves the batch; flush still waits for the rest', async () => {
    const server = await startServer();
    const client = bufferedClient(server, { batching: { maxEvents: 100, maxWaitMs: 60_000 } });
    const controller = new AbortController();
    const settled: string[] = [];
    const first = client.trackPaywallViewed(paywall(1)).then(() => settled.push('pw_1'));
    const aborted = outcome(client.trackPaywallViewed(paywall(2), { signal: controller.signal }));
    controller.abort('changed my mind');
    expect(await aborted).toEqual({ ok: false, error: 'changed my mind' });
    await client.flush();
    expect(settled).toEqual(['pw_1']);
    await first;
    expect(eventRequests(server).map(batchEvents)).toEqual([[paywallJson(1)]]);
  });

  it('aborting once the batch has gone out: the call settles with the batch', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'delay', ms: 100 });
    const client = bufferedClient(server, { batching: { maxEvents: 1, maxWaitMs: 60_000 } });
    const controller = new AbortController();
    const pending = client.trackPaywallViewed(paywall(1), { signal: controller.signal });
    await waitFor(() => eventRequests(server).length === 1);
    controller.abort();
    expect(await pending).toEqual({ status: 'ok', event_id: server.events[0]?.event_id });
  });
});

describe('partial rejection', () => {
  async function serverReason(server: FloKitServer, event: unknown): Promise<string> {
    const response = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(event) });
    return ((await response.json()) as { message: string }).message;
  }

  it('sendBatch: rejected events get the server’s reason at their input index, the others their ids in order; nothing retried', async () => {
    const server = await startServer();
    const onViolation = vi.fn();
    const invalid1 = { event: 'paywall_viewed', user_id: 'usr_x', timestamp: '2024-03-15T14:22:00Z', properties: {} };
    const invalid3 = { event: 'paywall_viewed', user_id: 'usr_y', timestamp: 'yesterday', properties: { paywall_id: 'pw_y' } };
    const events = [wire(0), invalid1, wire(2), invalid3, wire(4)] as FloKitEvent[];
    const client = createFloKitClient({ apiKey: API_KEY, baseUrl: server.url, logger: false, retries: FAST_RETRIES, validation: 'warn', hooks: { onViolation } });
    const report = await client.sendBatch(events);

    expect(eventRequests(server)).toHaveLength(1);
    expectRequest(server.requests[0], { path: '/v1/batch/events', body: `{"events":[${events.map((e) => JSON.stringify(e)).join(',')}]}` });
    expect(server.events.map((e) => e.raw)).toEqual([paywallJson(0), paywallJson(2), paywallJson(4)]);
    const ids = server.events.map((e) => e.event_id);
    const reasons = [await serverReason(server, invalid1), await serverReason(server, invalid3)];
    expect(reasons[0]).toContain('paywall_id');
    expect(report).toEqual({
      accepted: 3,
      rejected: 2,
      failed: 0,
      requests: 1,
      results: [
        { status: 'ok', event_id: ids[0] },
        { status: 'rejected', reason: reasons[0] },
        { status: 'ok', event_id: ids[1] },
        { status: 'rejected', reason: reasons[1] },
        { status: 'ok', event_id: ids[2] },
      ],
    });
    expect(onViolation).toHaveBeenCalledTimes(1);
    expect((onViolation.mock.calls[0]?.[0] as { violations: { path: string }[] }).violations.map((v) => v.path)).toEqual(['/1/properties/paywall_id', '/3/timestamp']);
  });

  it('buffered: a rejected event’s call rejects with code rejected and the reason; the others resolve', async () => {
    const server = await startServer();
    const client = bufferedClient(server, { validation: 'off', batching: { maxEvents: 100, maxWaitMs: 60_000 } });
    const results = [client.trackPaywallViewed(paywall(1)), client.trackPaywallViewed({ user_id: 'usr_2', properties: {} } as never), client.trackPaywallViewed(paywall(3))].map(outcome);
    await client.flush();
    const [a, b, c] = await Promise.all(results);
    expect(eventRequests(server)).toHaveLength(1);
    expect(a).toEqual({ ok: true, value: { status: 'ok', event_id: server.events[0]?.event_id } });
    expect(c).toEqual({ ok: true, value: { status: 'ok', event_id: server.events[1]?.event_id } });
    expect(b?.ok).toBe(false);
    const error = (b as { error: unknown }).error;
    expect(error).toBeInstanceOf(FloKitError);
    expect(error).toMatchObject({ code: 'rejected' });
    expect((error as Error).message).toContain('paywall_id');
  });

  it('tolerates answers that do not add up: warnings, no crash, sensible results', async () => {
    const { transport, requests } = scripted([
      // out-of-range, non-integer and non-number indices; index 1 twice; index 2 without a reason; too few ids; wrong counts
      { status: 'ok', accepted: 5, rejected: 1, event_ids: ['evt_a'], errors: [{ index: 7, reason: 'out' }, { index: -1 }, { index: 1.5 }, { index: '2' }, { reason: 'no index' }, 'junk', { index: 1, reason: 'first' }, { index: 1, reason: 'second' }, { index: 2 }] },
      // no event_ids, no errors
      { status: 'ok' },
      // more ids than events
      { status: 'ok', accepted: 2, rejected: 0, event_ids: ['evt_b', 'evt_c', 'evt_d'], errors: [] },
      // not an object at all
      '[1,2,3]',
      // ids that are not strings
      { status: 'ok', accepted: 2, rejected: 0, event_ids: [42, null], errors: 'none' },
    ]);
    const { logger, lines } = captureLogger();
    const client = createFloKitClient({ apiKey: API_KEY, transport, logger, retries: FAST_RETRIES });
    const reports = [
      await client.sendBatch([wire(0), wire(1), wire(2)]),
      await client.sendBatch([wire(3), wire(4)]),
      await client.sendBatch([wire(5), wire(6)]),
      await client.sendBatch([wire(7)]),
      await client.sendBatch([wire(8), wire(9)]),
    ];
    expect(requests).toHaveLength(5);
    expect(reports.map((r) => r.results)).toEqual([
      [
        { status: 'ok', event_id: 'evt_a' },
        { status: 'rejected', reason: 'second' },
        { status: 'rejected', reason: expect.stringContaining('no reason') },
      ],
      [
        { status: 'ok', event_id: '' },
        { status: 'ok', event_id: '' },
      ],
      [
        { status: 'ok', event_id: 'evt_b' },
        { status: 'ok', event_id: 'evt_c' },
      ],
      [{ status: 'ok', event_id: '' }],
      [
        { status: 'ok', event_id: '' },
        { status: 'ok', event_id: '' },
      ],
    ]);
    expect(reports[0]).toMatchObject({ accepted: 1, rejected: 2, failed: 0 });
    const warnings = lines.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warnings.filter((w) => w.includes('outside'))).toHaveLength(6);
    expect(warnings.filter((w) => w.includes('twice'))).toHaveLength(1);
    expect(warnings.filter((w) => w.includes('does not add up')).length).toBeGreaterThanOrEqual(4);
  });

  it('a 400 for the whole batch rejects every event of it; a 5xx after retries fails every event', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'status', status: 400 }, { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const client = createFloKitClient({ apiKey: API_KEY, baseUrl: server.url, logger: false, retries: { ...FAST_RETRIES, maxRetries: 1 } });
    const rejected = await client.sendBatch([wire(1), wire(2)]);
    expect(rejected).toMatchObject({ accepted: 0, rejected: 2, failed: 0, requests: 1 });
    expect(rejected.results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const failed = await client.sendBatch([wire(3), wire(4)]);
    expect(failed).toMatchObject({ accepted: 0, rejected: 0, failed: 2, requests: 1 });
    const error = failed.results[0]?.status === 'failed' ? failed.results[0].error : undefined;
    expect(error).toBeInstanceOf(FloKitApiError);
    expect(error).toMatchObject({ status: 503, attempts: 2 });
    expect(eventRequests(server)).toHaveLength(3);
  });
});

describe('sendBatch', () => {
  it('2,500 events: requests of 1,000/1,000/500, results per input index', { timeout: 60_000 }, async () => {
    const server = await startServer();
    const events = Array.from({ length: 2500 }, (_, n) => wire(n));
    const report = await createFloKitClient({ apiKey: API_KEY, baseUrl: server.url, logger: false }).sendBatch(events);
    const requests = eventRequests(server);
    expect(requests.map((r) => batchEvents(r).length)).toEqual([1000, 1000, 500]);
    expect(requests.flatMap(batchEvents)).toEqual(events.map((e) => JSON.stringify(e)));
    expect(new Set(requests.map((r) => r.headers['idempotency-key'])).size).toBe(3);
    expect(report).toMatchObject({ accepted: 2500, rejected: 0, failed: 0, requests: 3 });
    expect(report.results).toEqual(server.events.map((e) => ({ status: 'ok', event_id: e.event_id })));
    expect(server.events.map((e) => e.raw)).toEqual(events.map((e) => JSON.stringify(e)));
  });

  it('batching.maxBytes: every request within the cap (UTF-8 bytes), each chunk as full as it can be', async () => {
    const server = await startServer();
    const events = Array.from({ length: 100 }, (_, n) => buildPaywallViewed({ user_id: `usr_${n}`, timestamp: '2024-03-15T14:22:00Z', properties: { paywall_id: `pw_ü€😀_${n}`, context: 'x'.repeat(n % 7) } }));
    const report = await bufferedClient(server, { batching: { maxBytes: 4096 } }).sendBatch(events);
    const requests = eventRequests(server);
    expect(requests.length).toBeGreaterThan(2);
    expect(report.requests).toBe(requests.length);
    let next = 0;
    for (const r of requests) {
      const size = Buffer.byteLength(r.body, 'utf8');
      expect(size).toBeLessThanOrEqual(4096);
      next += batchEvents(r).length;
      const following = events[next];
      if (following !== undefined) expect(size + 1 + Buffer.byteLength(JSON.stringify(following), 'utf8')).toBeGreaterThan(4096);
    }
    expect(server.events.map((e) => e.raw)).toEqual(events.map((e) => JSON.stringify(e)));
    expect(report.results.map((r) => (r.status === 'ok' ? r.event_id : r.status))).toEqual(server.events.map((e) => e.event_id));
  });

  it('sortByTimestamp: sent in timestamp order (stable), results in input order', async () => {
    const server = await startServer();
    const times = ['2024-03-15T14:22:03Z', '2024-03-15T14:22:01Z', '2024-03-15T14:22:02Z', '2024-03-15T14:22:01Z', '2024-03-15T14:22:00.500Z'];
    const events = times.map((t, n) => wire(n, t));
    const report = await createFloKitClient({ apiKey: API_KEY, baseUrl: server.url, logger: false }).sendBatch(events, { sortByTimestamp: true });
    expect(batchEvents(server.requests[0])).toEqual([4, 1, 3, 2, 0].map((n) => paywallJson(n, times[n])));
    const idOf = new Map(server.events.map((e) => [(e.body as { properties: { paywall_id: string } }).properties.paywall_id, e.event_id]));
    expect(report.results).toEqual(events.map((_, n) => ({ status: 'ok', event_id: idOf.get(`pw_${n}`) })));
  });

  it('an empty list sends nothing', async () => {
    const server = await startServer();
    expect(await createFloKitClient({ apiKey: API_KEY, baseUrl: server.url, logger: false }).sendBatch([])).toEqual({ accepted: 0, rejected: 0, failed: 0, results: [], requests: 0 });
    expect(server.requests).toHaveLength(0);
  });

  it("validation 'throw': one invalid event rejects the call, violations prefixed with its index, nothing sent", async () => {
    const server = await startServer();
    const events = [wire(0), wire(1), { ...wire(2), properties: {} }, wire(3)] as FloKitEvent[];
    const failure = await rejection(createFloKitClient({ apiKey: API_KEY, baseUrl: server.url, logger: false }).sendBatch(events));
    expect(failure).toBeInstanceOf(FloKitValidationError);
    expect((failure as FloKitValidationError).violations).toEqual([{ code: 'missing-required', path: '/2/properties/paywall_id', message: 'is required' }]);
    await sleep(20);
    expect(server.requests).toHaveLength(0);
  });

  it('a caller’s signal aborting a batch rejects with its reason', async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'hang' });
    const controller = new AbortController();
    const pending = createFloKitClient({ apiKey: API_KEY, baseUrl: server.url, logger: false }).sendBatch([wire(1)], { signal: controller.signal });
    await waitFor(() => eventRequests(server).length === 1);
    controller.abort('enough');
    expect(await rejection(pending)).toBe('enough');
  });
});

describe('shutdown', () => {
  it('with the server hanging: resolves at the deadline, undelivered counted, their calls reject with shutdown', { timeout: 30_000 }, async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'hang' });
    const client = bufferedClient(server, { batching: { maxEvents: 3, maxWaitMs: 10 } });
    const inFlight = [1, 2, 3].map((n) => outcome(client.trackPaywallViewed(paywall(n))));
    await waitFor(() => eventRequests(server).length === 1);
    const queued = [4, 5].map((n) => outcome(client.trackPaywallViewed(paywall(n))));
    const started = Date.now();
    const report = await client.shutdown({ timeoutMs: 300 });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(5000);
    expect(report).toEqual({ accepted: 0, rejected: 0, failed: 0, undelivered: 5 });
    for (const result of await Promise.all([...inFlight, ...queued])) {
      expect(result.ok).toBe(false);
      expect((result as { error: unknown }).error).toMatchObject({ code: 'shutdown' });
    }
    expect(eventRequests(server)).toHaveLength(1);
  });

  it('after shutdown, track and sendBatch reject with code shutdown and send nothing', async () => {
    const server = await startServer();
    const client = bufferedClient(server);
    await client.shutdown();
    expect(await rejection(client.trackPaywallViewed(paywall(1)))).toMatchObject({ code: 'shutdown' });
    expect(await rejection(client.sendBatch([wire(1)]))).toMatchObject({ code: 'shutdown' });
    const direct = createFloKitClient({ apiKey: API_KEY, baseUrl: server.url, logger: false });
    await direct.shutdown();
    expect(await rejection(direct.trackPaywallViewed(paywall(2)))).toMatchObject({ code: 'shutdown' });
    expect(server.requests).toHaveLength(0);
  });

  it('flushes at once, whatever maxWaitMs (60 s)', { timeout: 30_000 }, async () => {
    const server = await startServer();
    const client = bufferedClient(server, { batching: { maxEvents: 100, maxWaitMs: 60_000 } });
    const pending = [1, 2].map((n) => client.trackPaywallViewed(paywall(n)));
    const started = Date.now();
    const report = await client.shutdown({ timeoutMs: 30_000 });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(report).toEqual({ accepted: 2, rejected: 0, failed: 0, undelivered: 0 });
    expect((await Promise.all(pending)).map((r) => r.event_id)).toEqual(server.events.map((e) => e.event_id));
    expect(eventRequests(server)).toHaveLength(1);
  });

  it('reports the totals over the client’s life: accepted, rejected, failed', async () => {
    const server = await startServer();
    const client = bufferedClient(server, { validation: 'off', retries: { ...FAST_RETRIES, maxRetries: 1 }, batching: { maxEvents: 100, maxWaitMs: 60_000 } });
    server.enqueueFaults({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const failed = await outcome(client.trackSubscriptionStarted({ user_id: 'usr_1', properties: { plan_id: 'p', transaction_id: 'txn_1' } }));
    expect(failed.ok).toBe(false);
    const events = [paywall(1), { user_id: 'usr_2', properties: {} }, paywall(3), paywall(4)].map((input) => outcome(client.trackPaywallViewed(input as never)));
    const report = await client.shutdown({ timeoutMs: 10_000 });
    expect(report).toEqual({ accepted: 3, rejected: 1, failed: 1, undelivered: 0 });
    expect((await Promise.all(events)).map((r) => r.ok)).toEqual([true, false, true, true]);
  });

  it('direct mode: shutdown waits for requests in flight and cuts off the ones past the deadline', { timeout: 30_000 }, async () => {
    const server = await startServer();
    server.enqueueFaults({ kind: 'delay', ms: 100 }, { kind: 'hang' });
    const warnings: string[] = [];
    const logger = { debug: () => undefined, info: () => undefined, warn: (m: string) => void warnings.push(m), error: () => undefined };
    const client = createFloKitClient({ apiKey: API_KEY, baseUrl: server.url, logger, retries: FAST_RETRIES });
    // Which of the two takes the delay and which the hang depends on arrival order.
    const pending = [1, 2].map((n) => outcome(client.trackPaywallViewed(paywall(n))));
    await waitFor(() => eventRequests(server).length === 2);
    const report = await client.shutdown({ timeoutMs: 2000 });
    expect(report).toEqual({ accepted: 1, rejected: 0, failed: 0, undelivered: 1 });
    // Regression: "1 events".
    expect(warnings).toContain('[flokit] FloKit shutdown deadline passed with 1 event undelivered');
    const results = await Promise.all(pending);
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, value: { status: 'ok', event_id: server.events[0]?.event_id } }]);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: expect.objectContaining({ code: 'shutdown' }) }]);
  });
});

describe('failures of buffered calls nobody awaits', () => {
  it('go to hooks.onError and the logger, and never become unhandled rejections', async () => {
    const server = await startServer();
    const unhandled: unknown[] = [];
    const listener = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', listener);
    try {
      const onError = vi.fn();
      const { logger, lines } = captureLogger();
      const client = bufferedClient(server, { validation: 'off', logger, retries: { ...FAST_RETRIES, maxRetries: 0 }, hooks: { onError }, batching: { maxEvents: 100, maxWaitMs: 10 } });
      server.enqueueFaults({ kind: 'status', status: 500 });
      void client.trackPaywallViewed(paywall(1));
      void client.trackPaywallViewed(paywall(2));
      await waitFor(() => onError.mock.calls.length === 2);
      void client.trackPaywallViewed({ user_id: 'usr_3', properties: {} } as never);
      void client.trackPaywallViewed(paywall(4));
      await waitFor(() => onError.mock.calls.length === 3);
      await client.flush();
      // Unhandled rejections are reported after the microtask queue drains; give them a few turns.
      await sleep(50);
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
      const errors = onError.mock.calls.map((call) => call[0] as FloKitError);
      expect(errors.map((e) => e.code)).toEqual(['api', 'api', 'rejected']);
      expect(errors[0]).toMatchObject({ status: 500 });
      expect(lines.filter((l) => l.level === 'error')).toHaveLength(2);
      expect(lines.filter((l) => l.level === 'warn' && l.message.includes('rejected'))).toHaveLength(1);
      expect(server.events.map((e) => e.raw)).toEqual([paywallJson(4)]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('a logger or an onError hook that throws changes nothing: still no unhandled rejection, sending goes on', async () => {
    const server = await startServer();
    const unhandled: unknown[] = [];
    const listener = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', listener);
    try {
      const boom = (): never => {
        throw new Error('logger broke');
      };
      const client = bufferedClient(server, {
        validation: 'off',
        logLevel: 'debug',
        logger: { debug: boom, info: boom, warn: boom, error: boom },
        hooks: { onError: boom, onRequest: boom },
        batching: { maxEvents: 100, maxWaitMs: 10 },
      });
      const rejected = outcome(client.trackPaywallViewed({ user_id: 'usr_1', properties: {} } as never));
      const accepted = outcome(client.trackPaywallViewed(paywall(2)));
      await client.flush();
      await sleep(50);
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
      expect(await rejected).toMatchObject({ ok: false, error: { code: 'rejected' } });
      expect(await accepted).toEqual({ ok: true, value: { status: 'ok', event_id: server.events[0]?.event_id } });
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('a full queue refuses the extra event with code queue_full', async () => {
    const server = await startServer();
    const onError = vi.fn();
    const client = bufferedClient(server, { hooks: { onError }, batching: { maxEvents: 100, maxWaitMs: 60_000, maxQueueSize: 2 } });
    const kept = [client.trackPaywallViewed(paywall(1)), client.trackPaywallViewed(paywall(2))];
    const refused = await rejection(client.trackPaywallViewed(paywall(3)));
    expect(refused).toBeInstanceOf(FloKitError);
    expect(refused).toMatchObject({ code: 'queue_full' });
    expect(onError).toHaveBeenCalledWith(refused);
    await client.flush();
    const results: TrackResult[] = await Promise.all(kept);
    expect(results.map((r) => r.event_id)).toEqual(server.events.map((e) => e.event_id));
    expect(server.events.map((e) => e.raw)).toEqual([paywallJson(1), paywallJson(2)]);
    // Room again once sent.
    const again = client.trackPaywallViewed(paywall(3));
    await client.flush();
    await expect(again).resolves.toMatchObject({ status: 'ok' });
  });
});

function runNode(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
