// Tests of the fake FloKit server (test/support/flokit-server.ts) that the generated client's tests
// run against. In: HTTP requests made with plain fetch (and node:net where a raw socket shows more).
// Out: checks that it speaks the API of shared/flokit-api.md (auth, routing, validation, batch
// partial rejection, idempotent replay, rate limit) and that every injected fault behaves as named.
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFloKitServer } from './support/flokit-server.js';
import type { Fault, FloKitServer, FloKitServerOptions } from './support/flokit-server.js';

const SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    event: { const: 'paywall_viewed' },
    user_id: { type: 'string' },
    timestamp: { type: 'string', format: 'date-time' },
    properties: {
      type: 'object',
      properties: { paywall_id: { type: 'string' } },
      required: ['paywall_id'],
      additionalProperties: false,
    },
  },
  required: ['event', 'user_id', 'timestamp', 'properties'],
  additionalProperties: false,
};

const EVENT = { event: 'paywall_viewed', user_id: 'usr_1', timestamp: '2024-03-15T14:22:00Z', properties: { paywall_id: 'pw_1' } };
const T0 = 1_700_000_000_000;

interface Sent {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

interface SendOptions {
  readonly path?: string;
  readonly method?: string;
  /** null: no Authorization header. */
  readonly key?: string | null;
  readonly idempotencyKey?: string;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

async function send(server: FloKitServer, body: unknown, opts: SendOptions = {}): Promise<Sent> {
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
  const key = opts.key === undefined ? 'test_key' : opts.key;
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  if (opts.idempotencyKey !== undefined) headers['idempotency-key'] = opts.idempotencyKey;
  const method = opts.method ?? 'POST';
  const init: RequestInit = { method, headers };
  if (method !== 'GET') init.body = typeof body === 'string' ? body : JSON.stringify(body);
  if (opts.signal !== undefined) init.signal = opts.signal;
  const res = await fetch(`${server.url}${opts.path ?? '/v1/events'}`, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

function batch(server: FloKitServer, events: unknown[], opts: SendOptions = {}): Promise<Sent> {
  return send(server, { events }, { path: '/v1/batch/events', ...opts });
}

/** Polls a condition (the server records requests asynchronously to the client). */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const id = (n: number): string => `evt_${String(n).padStart(12, '0')}`;

let server: FloKitServer;
let clock = T0;

async function restart(options: FloKitServerOptions = {}): Promise<void> {
  await server.close();
  clock = T0;
  server = await startFloKitServer({ schema: SCHEMA, now: () => clock, ...options });
}

beforeEach(async () => {
  clock = T0;
  server = await startFloKitServer({ schema: SCHEMA, now: () => clock });
});

afterEach(async () => {
  await server.close();
});

describe('routing, auth and request checks', () => {
  it('listens on 127.0.0.1 at a random port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers 401 without an Authorization header', async () => {
    const res = await send(server, EVENT, { key: null });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'unauthorized', message: expect.any(String) });
    expect(server.events).toHaveLength(0);
  });

  it('answers 401 for an unknown key without echoing it, and accepts the configured keys', async () => {
    const res = await send(server, EVENT, { key: 'sk_live_secret_123' });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('sk_live_secret_123');
    expect((await send(server, EVENT, { key: null, contentType: 'application/json' })).status).toBe(401);
    await restart({ apiKeys: ['k1', 'k2'] });
    expect((await send(server, EVENT, { key: 'k2' })).status).toBe(200);
    expect((await send(server, EVENT, { key: 'test_key' })).status).toBe(401);
  });

  it('answers 404 for other paths and 405 for other methods, in JSON', async () => {
    const missing = await send(server, EVENT, { path: '/v1/event' });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: 'not_found' });
    const wrongMethod = await send(server, undefined, { method: 'GET' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.json).toMatchObject({ error: 'method_not_allowed' });
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await send(server, EVENT, { method: 'PUT', path: '/v1/batch/events' })).status).toBe(405);
  });

  it('answers 415 unless the body is declared application/json (parameters allowed)', async () => {
    const res = await send(server, JSON.stringify(EVENT), { contentType: 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.json).toMatchObject({ error: 'unsupported_media_type' });
    expect((await send(server, EVENT, { contentType: 'application/json; charset=utf-8' })).status).toBe(200);
  });

  it('answers 413 for a body over maxBodyBytes and accepts one at the limit', async () => {
    await restart({ maxBodyBytes: 200 });
    const atLimit = JSON.stringify({ ...EVENT, user_id: '' });
    const padded = JSON.stringify({ ...EVENT, user_id: 'u'.repeat(200 - atLimit.length) });
    expect(Buffer.byteLength(padded)).toBe(200);
    expect((await send(server, padded)).status).toBe(200);
    const over = await send(server, JSON.stringify({ ...EVENT, user_id: 'u'.repeat(201 - atLimit.length) }));
    expect(over.status).toBe(413);
    expect(over.json).toMatchObject({ error: 'payload_too_large' });
    expect(server.events).toHaveLength(1);
  });

  it('answers 413 for a body over the default 5 MiB', { timeout: 30_000 }, async () => {
    const res = await send(server, 'x'.repeat(5 * 1024 * 1024 + 1));
    expect(res.status).toBe(413);
  });

  it('answers 400 invalid_json for unparseable JSON', async () => {
    const res = await send(server, '{"event":');
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'invalid_json', message: expect.any(String) });
    expect(server.events).toHaveLength(0);
  });
});

describe('POST /v1/events', () => {
  it('stores a valid event and answers its id', async () => {
    const res = await send(server, EVENT);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok', event_id: id(1) });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await send(server, EVENT)).json).toEqual({ status: 'ok', event_id: id(2) });
    expect(server.events).toEqual([
      { event_id: id(1), body: EVENT, raw: JSON.stringify(EVENT) },
      { event_id: id(2), body: EVENT, raw: JSON.stringify(EVENT) },
    ]);
    expect(server.stats).toMatchObject({ requests: 2, stored: 2 });
  });

  it('rejects an invalid event with a readable message naming the path, storing nothing', async () => {
    const res = await send(server, { ...EVENT, timestamp: 'yesterday', properties: {} });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'validation_error', message: expect.any(String) });
    const { message } = res.json as { message: string };
    expect(message).toContain('/timestamp must match format "date-time"');
    expect(message).toContain("/properties must have required property 'paywall_id'");
    const extra = await send(server, { ...EVENT, color: 'red' });
    expect((extra.json as { message: string }).message).toBe("(root) must NOT have additional properties 'color'");
    expect(server.events).toHaveLength(0);
  });

  it('logs each request with lower-cased header names and the exact body', async () => {
    const body = `{ "event": "paywall_viewed", "user_id": "usr_é✓", "timestamp": "2024-03-15T14:22:00Z", "properties": {"paywall_id": "pw"} }`;
    await send(server, body, { idempotencyKey: 'Key-1' });
    expect(server.requests).toHaveLength(1);
    const [logged] = server.requests;
    expect(logged).toMatchObject({ method: 'POST', path: '/v1/events', body, receivedAt: T0, status: 200 });
    expect(logged?.headers).toMatchObject({ authorization: 'Bearer test_key', 'idempotency-key': 'Key-1', 'content-type': 'application/json' });
    expect(logged?.fault).toBeUndefined();
    expect(server.events[0]?.raw).toBe(JSON.stringify(JSON.parse(body)));
  });
});

describe('POST /v1/batch/events', () => {
  it('accepts the valid events and reports the rejected ones by index', async () => {
    const second = { ...EVENT, user_id: 42 };
    const res = await batch(server, [EVENT, second, { ...EVENT, user_id: 'usr_3' }, { event: 'trial_started' }]);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      status: 'ok',
      accepted: 2,
      rejected: 2,
      event_ids: [id(1), id(2)],
      errors: [
        { index: 1, reason: '/user_id must be string' },
        {
          index: 3,
          reason:
            "(root) must have required property 'user_id'; (root) must have required property 'timestamp'; (root) must have required property 'properties'; /event must be equal to constant",
        },
      ],
    });
    expect(server.events.map((e) => e.body)).toEqual([EVENT, { ...EVENT, user_id: 'usr_3' }]);
  });

  it('answers 200 with accepted 0 when every event is rejected', async () => {
    const res = await batch(server, [{}, { ...EVENT, properties: {} }]);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', accepted: 0, rejected: 2, event_ids: [] });
    expect(server.events).toHaveLength(0);
  });

  it('accepts 1,000 events and rejects 0 or 1,001 with 400', { timeout: 30_000 }, async () => {
    const ok = await batch(server, Array.from({ length: 1000 }, () => EVENT));
    expect(ok.json).toMatchObject({ accepted: 1000, rejected: 0, errors: [] });
    expect(server.events).toHaveLength(1000);
    for (const size of [0, 1001]) {
      const res = await batch(server, Array.from({ length: size }, () => EVENT));
      expect(res.status, String(size)).toBe(400);
      expect(res.json).toEqual({ error: 'validation_error', message: `/events must contain 1 to 1000 events, got ${size}` });
    }
    expect(server.events).toHaveLength(1000);
  });

  it('answers 400 for a body that is not an events envelope', async () => {
    for (const body of [[EVENT], { events: EVENT }, { events: [EVENT], sent_at: 'now' }, EVENT]) {
      const res = await send(server, body, { path: '/v1/batch/events' });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json).toMatchObject({ error: 'validation_error' });
    }
    expect(server.events).toHaveLength(0);
  });
});

describe('idempotency', () => {
  it('replays the original answer for a repeated key and stores once', async () => {
    const first = await send(server, EVENT, { idempotencyKey: 'k1' });
    const second = await send(server, EVENT, { idempotencyKey: 'k1' });
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.json).toEqual({ status: 'ok', event_id: id(1) });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(server.events).toHaveLength(1);
    expect(server.stats).toMatchObject({ replays: 1, stored: 1, keyReusedWithDifferentBody: 0 });
    expect(server.requests.map((r) => r.replayed)).toEqual([undefined, true]);
  });

  it('does not deduplicate requests without a key, nor different keys', async () => {
    await send(server, EVENT);
    await send(server, EVENT);
    await send(server, EVENT, { idempotencyKey: 'a' });
    await send(server, EVENT, { idempotencyKey: 'b' });
    expect(server.events).toHaveLength(4);
    expect(server.stats.replays).toBe(0);
  });

  it('replays a batch answer, partial rejection included', async () => {
    const events = [EVENT, { nope: true }, EVENT];
    const first = await batch(server, events, { idempotencyKey: 'b1' });
    const second = await batch(server, events, { idempotencyKey: 'b1' });
    expect(second.text).toBe(first.text);
    expect(second.json).toMatchObject({ accepted: 2, rejected: 1, event_ids: [id(1), id(2)] });
    expect(server.events).toHaveLength(2);
    expect(server.stats.replays).toBe(1);
  });

  it('remembers a key for idempotencyWindowMs of the injected clock', async () => {
    await restart({ idempotencyWindowMs: 1000 });
    await send(server, EVENT, { idempotencyKey: 'k' });
    clock += 999;
    expect((await send(server, EVENT, { idempotencyKey: 'k' })).json).toEqual({ status: 'ok', event_id: id(1) });
    clock += 1;
    expect((await send(server, EVENT, { idempotencyKey: 'k' })).json).toEqual({ status: 'ok', event_id: id(2) });
    // The fresh answer starts a new window.
    expect((await send(server, EVENT, { idempotencyKey: 'k' })).json).toEqual({ status: 'ok', event_id: id(2) });
    expect(server.events).toHaveLength(2);
    expect(server.stats.replays).toBe(2);
  });

  it('defaults to a 24 h window', async () => {
    await send(server, EVENT, { idempotencyKey: 'k' });
    clock += 24 * 3600 * 1000 - 1;
    expect((await send(server, EVENT, { idempotencyKey: 'k' })).json).toEqual({ status: 'ok', event_id: id(1) });
    clock += 1;
    expect((await send(server, EVENT, { idempotencyKey: 'k' })).json).toEqual({ status: 'ok', event_id: id(2) });
  });

  it('still replays a key reused with a different body, but counts and records the reuse', async () => {
    const changed = { ...EVENT, user_id: 'usr_2' };
    await send(server, EVENT, { idempotencyKey: 'k' });
    const res = await send(server, changed, { idempotencyKey: 'k' });
    expect(res.json).toEqual({ status: 'ok', event_id: id(1) });
    expect(server.events).toHaveLength(1);
    expect(server.stats).toMatchObject({ replays: 1, keyReusedWithDifferentBody: 1 });
    expect(server.keyReuses).toEqual([
      { key: 'k', originalPath: '/v1/events', originalBody: JSON.stringify(EVENT), path: '/v1/events', body: JSON.stringify(changed) },
    ]);
    // Same JSON value, different bytes: a reuse too, because keys bind bytes.
    await send(server, JSON.stringify(EVENT, null, 2), { idempotencyKey: 'k' });
    expect(server.stats.keyReusedWithDifferentBody).toBe(2);
  });

  it('records 400 answers from processing too, and replays them', async () => {
    const bad = await send(server, { ...EVENT, properties: {} }, { idempotencyKey: 'k' });
    expect(bad.status).toBe(400);
    const again = await send(server, { ...EVENT, properties: {} }, { idempotencyKey: 'k' });
    expect(again.status).toBe(400);
    expect(again.text).toBe(bad.text);
    expect(server.stats.replays).toBe(1);
    const json = await send(server, '{', { idempotencyKey: 'j' });
    expect((await send(server, '{', { idempotencyKey: 'j' })).text).toBe(json.text);
  });

  it('records nothing for answers given before processing (401, 415)', async () => {
    await send(server, EVENT, { idempotencyKey: 'k', key: 'wrong' });
    await send(server, EVENT, { idempotencyKey: 'k', contentType: 'text/plain' });
    expect((await send(server, EVENT, { idempotencyKey: 'k' })).json).toEqual({ status: 'ok', event_id: id(1) });
    expect(server.stats.replays).toBe(0);
  });
});

describe('rate limit', () => {
  it('answers 429 over the limit with Retry-After in seconds left in the window', async () => {
    await restart({ rateLimit: { requests: 2, windowMs: 10_000 } });
    expect((await send(server, EVENT)).status).toBe(200);
    clock += 1500;
    expect((await send(server, EVENT)).status).toBe(200);
    clock += 1000;
    const res = await send(server, EVENT);
    expect(res.status).toBe(429);
    expect(res.json).toEqual({ error: 'rate_limited', message: expect.any(String) });
    expect(res.headers.get('retry-after')).toBe('8'); // ceil(7.5 s)
    expect(server.events).toHaveLength(2);
    expect(server.stats.rateLimited).toBe(1);
  });

  it('opens a new window once the injected clock passes it', async () => {
    await restart({ rateLimit: { requests: 1, windowMs: 60_000 } });
    expect((await send(server, EVENT)).status).toBe(200);
    clock += 59_999;
    expect((await send(server, EVENT)).status).toBe(429);
    clock += 1;
    expect((await send(server, EVENT)).status).toBe(200);
    expect((await send(server, EVENT)).status).toBe(429);
  });

  it('defaults to 100 requests per minute and counts only authenticated requests', { timeout: 30_000 }, async () => {
    for (let i = 0; i < 5; i++) expect((await send(server, EVENT, { key: 'wrong' })).status).toBe(401);
    for (let i = 0; i < 100; i++) expect((await send(server, EVENT)).status).toBe(200);
    expect((await send(server, EVENT)).status).toBe(429);
    expect((await send(server, EVENT, { key: null })).status).toBe(401);
  });

  it('does not process a rate-limited request, so its key is free afterwards', async () => {
    await restart({ rateLimit: { requests: 1, windowMs: 1000 } });
    await send(server, EVENT);
    expect((await send(server, EVENT, { idempotencyKey: 'k' })).status).toBe(429);
    clock += 1000;
    expect((await send(server, EVENT, { idempotencyKey: 'k' })).json).toEqual({ status: 'ok', event_id: id(2) });
    expect(server.stats.replays).toBe(0);
  });

  it('sends Retry-After as an IMF-fixdate when asked, rounded up to the second', async () => {
    await restart({ rateLimit: { requests: 1, windowMs: 10_000 }, retryAfterFormat: 'http-date' });
    clock = Date.UTC(2024, 2, 15, 14, 22, 0, 500);
    await send(server, EVENT);
    const res = await send(server, EVENT);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('Fri, 15 Mar 2024 14:22:11 GMT');
  });

  it('sends an overriding Retry-After verbatim, or none when it is null', async () => {
    await restart({ rateLimit: { requests: 1, windowMs: 10_000 }, retryAfter: 'soon' });
    await send(server, EVENT);
    expect((await send(server, EVENT)).headers.get('retry-after')).toBe('soon');
    await restart({ rateLimit: { requests: 1, windowMs: 10_000 }, retryAfter: null });
    await send(server, EVENT);
    const res = await send(server, EVENT);
    expect(res.status).toBe(429);
    expect(res.headers.has('retry-after')).toBe(false);
  });

  it('can be switched off or replaced at run time', { timeout: 30_000 }, async () => {
    await restart({ rateLimit: false });
    for (let i = 0; i < 150; i++) expect((await send(server, EVENT)).status).toBe(200);
    server.setRateLimit({ requests: 1, windowMs: 1000 });
    expect((await send(server, EVENT)).status).toBe(200);
    expect((await send(server, EVENT)).status).toBe(429);
    server.setRateLimit(false);
    expect((await send(server, EVENT)).status).toBe(200);
  });
});

describe('faults', () => {
  it('answers an injected status with a JSON error body without processing, then resumes', async () => {
    server.enqueueFaults({ kind: 'status', status: 503 }, { kind: 'status', status: 422 });
    expect(server.queuedFaults).toBe(2);
    const res = await send(server, EVENT);
    expect(res.status).toBe(503);
    expect(res.json).toEqual({ error: 'service_unavailable', message: expect.any(String) });
    expect((await batch(server, [EVENT])).status).toBe(422);
    expect((await send(server, EVENT)).status).toBe(200);
    expect(server.events).toHaveLength(1);
    expect(server.requests.map((r) => [r.fault, r.status])).toEqual([
      ['status', 503],
      ['status', 422],
      [undefined, 200],
    ]);
    expect(server.stats.faults).toBe(2);
  });

  it('sends a non-JSON fault body and headers verbatim', async () => {
    server.enqueueFaults({ kind: 'status', status: 502, body: '<html>bad gateway</html>', headers: { 'X-Proxy': 'edge-1' } });
    const res = await send(server, EVENT);
    expect(res.status).toBe(502);
    expect(res.text).toBe('<html>bad gateway</html>');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('x-proxy')).toBe('edge-1');
  });

  it('applies faults only to the event endpoints, in arrival order', async () => {
    server.enqueueFaults({ kind: 'status', status: 500 });
    expect((await send(server, EVENT, { path: '/health' })).status).toBe(404);
    expect((await send(server, undefined, { method: 'GET' })).status).toBe(405);
    expect((await send(server, EVENT)).status).toBe(500);
  });

  it('reset: destroys the socket without answering or storing', async () => {
    server.enqueueFaults({ kind: 'reset' });
    await expect(send(server, EVENT)).rejects.toThrow();
    expect(server.events).toHaveLength(0);
    expect(server.requests[0]).toMatchObject({ fault: 'reset' });
    expect(server.requests[0]?.status).toBeUndefined();
  });

  it('reset: a raw socket sees the connection closed with no bytes', async () => {
    server.enqueueFaults({ kind: 'reset' });
    const body = JSON.stringify(EVENT);
    const { port } = new URL(server.url);
    const received = await new Promise<string>((resolve) => {
      let data = '';
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer test_key\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      });
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (data += chunk));
      socket.on('error', () => undefined); // ECONNRESET is as good as a FIN here
      socket.on('close', () => resolve(data));
    });
    expect(received).toBe('');
    expect(server.events).toHaveLength(0);
  });

  it('reset-after-store: the client sees a failure, the event is stored, and a retry with the key replays it', async () => {
    server.enqueueFaults({ kind: 'reset-after-store' });
    await expect(send(server, EVENT, { idempotencyKey: 'k' })).rejects.toThrow();
    expect(server.events).toHaveLength(1);
    const retry = await send(server, EVENT, { idempotencyKey: 'k' });
    expect(retry.json).toEqual({ status: 'ok', event_id: id(1) });
    expect(server.events).toHaveLength(1);
    expect(server.stats.replays).toBe(1);
  });

  it('reset-after-store without a key: a naive retry duplicates the event', async () => {
    server.enqueueFaults({ kind: 'reset-after-store' });
    await expect(send(server, EVENT)).rejects.toThrow();
    await send(server, EVENT);
    expect(server.events).toHaveLength(2);
  });

  it('delay: processes at once and answers after the delay', async () => {
    server.enqueueFaults({ kind: 'delay', ms: 200 });
    const started = performance.now();
    const pending = send(server, EVENT);
    await until(() => server.events.length === 1);
    const res = await pending;
    expect(performance.now() - started).toBeGreaterThanOrEqual(160);
    expect(res.json).toEqual({ status: 'ok', event_id: id(1) });
    expect(server.requests[0]).toMatchObject({ fault: 'delay', status: 200 });
  });

  it('hang: never answers, stores nothing, and close() does not wait for it', async () => {
    server.enqueueFaults({ kind: 'hang' });
    const abort = new AbortController();
    const safety = setTimeout(() => abort.abort(), 10_000);
    const pending = send(server, EVENT, { signal: abort.signal });
    pending.catch(() => undefined);
    await until(() => server.requests[0]?.fault === 'hang');
    expect(server.events).toHaveLength(0);
    await server.close();
    await expect(pending).rejects.toThrow();
    expect(abort.signal.aborted).toBe(false); // closed by the server, not by the safety net
    clearTimeout(safety);
  });

  it('hang-after-store: stores, never answers; the client gives up with its own abort', async () => {
    server.enqueueFaults({ kind: 'hang-after-store' });
    const abort = new AbortController();
    const pending = send(server, EVENT, { signal: abort.signal });
    pending.catch(() => undefined);
    await until(() => server.events.length === 1);
    abort.abort();
    await expect(pending).rejects.toThrow();
    expect(server.requests[0]?.status).toBeUndefined();
  });

  it('truncate: headers arrive, reading the body fails, the event is stored', async () => {
    server.enqueueFaults({ kind: 'truncate' });
    const res = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: 'Bearer test_key', 'content-type': 'application/json' },
      body: JSON.stringify(EVENT),
    });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(server.events).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ fault: 'truncate', status: 200 });
  });

  it('429 fault: a one-off rate-limit answer, 1 s by default or the given Retry-After', async () => {
    server.enqueueFaults({ kind: '429' }, { kind: '429', retryAfter: '7' }, { kind: '429', retryAfter: null });
    const first = await send(server, EVENT);
    expect(first.status).toBe(429);
    expect(first.json).toMatchObject({ error: 'rate_limited' });
    expect(first.headers.get('retry-after')).toBe('1');
    expect((await send(server, EVENT)).headers.get('retry-after')).toBe('7');
    const third = await send(server, EVENT);
    expect(third.status).toBe(429);
    expect(third.headers.has('retry-after')).toBe(false);
    expect((await send(server, EVENT)).status).toBe(200);
    expect(server.stats).toMatchObject({ faults: 3, rateLimited: 0, stored: 1 });
  });

  it('random faults: the same seed gives the same faults; rate 0 gives none', { timeout: 30_000 }, async () => {
    const run = async (seed: number, rate: number): Promise<unknown[]> => {
      await restart({ randomFaults: { rate, seed }, rateLimit: false });
      for (let i = 0; i < 60; i++) {
        try {
          await send(server, EVENT);
        } catch {
          // reset, reset-after-store and truncate make fetch or the body read fail; that is the point
        }
      }
      return server.requests.map((r) => [r.fault, r.status]);
    };
    const a = await run(7, 0.5);
    const b = await run(7, 0.5);
    expect(a).toEqual(b);
    const kinds = new Set(a.map((r) => (r as unknown[])[0]));
    expect(kinds.size).toBeGreaterThan(3);
    expect(a.filter((r) => (r as unknown[])[0] !== undefined).length).toBeGreaterThan(15);
    expect(await run(8, 0.5)).not.toEqual(a);
    expect((await run(7, 0)).every((r) => (r as unknown[])[0] === undefined)).toBe(true);
  });

  it('random faults: draws from the given kinds, full faults used as given', async () => {
    const custom: Fault = { kind: 'status', status: 409, body: 'conflict' };
    await restart({ randomFaults: { rate: 1, seed: 1, kinds: ['429', custom] }, rateLimit: false });
    const statuses = [];
    for (let i = 0; i < 20; i++) statuses.push((await send(server, EVENT)).status);
    expect(new Set(statuses)).toEqual(new Set([429, 409]));
    expect(server.events).toHaveLength(0);
  });
});

describe('reset() and close()', () => {
  it('reset() clears store, log, stats, keys, rate window and fault queue', async () => {
    server.setRateLimit({ requests: 2, windowMs: 60_000 });
    await send(server, EVENT, { idempotencyKey: 'k' });
    await send(server, EVENT, { idempotencyKey: 'k' });
    expect((await send(server, EVENT)).status).toBe(429);
    server.enqueueFaults({ kind: 'status', status: 500 });
    server.reset();
    expect(server.events).toEqual([]);
    expect(server.requests).toEqual([]);
    expect(server.keyReuses).toEqual([]);
    expect(server.queuedFaults).toBe(0);
    expect(server.stats).toEqual({ requests: 0, stored: 0, replays: 0, rateLimited: 0, faults: 0, keyReusedWithDifferentBody: 0 });
    expect((await send(server, EVENT, { idempotencyKey: 'k' })).json).toEqual({ status: 'ok', event_id: id(1) });
  });

  it('close() resolves with idle keep-alive connections open, and twice', async () => {
    await send(server, EVENT);
    await send(server, EVENT);
    await server.close();
    await server.close();
    await expect(send(server, EVENT)).rejects.toThrow();
  });

  // A generous timeout: ~0.5 s on an idle machine, several times that on a loaded 2-core one.
  it('handles a thousand concurrent requests with unique ids', { timeout: 60_000 }, async () => {
    await restart({ rateLimit: false });
    const workers = Array.from({ length: 10 }, async () => {
      for (let i = 0; i < 100; i++) expect((await send(server, EVENT)).status).toBe(200);
    });
    await Promise.all(workers);
    expect(server.events).toHaveLength(1000);
    expect(new Set(server.events.map((e) => e.event_id)).size).toBe(1000);
  });
});

describe('with the generated any-event schema (default)', () => {
  const DOC_EVENT = {
    event: 'paywall_viewed',
    user_id: 'usr_abc123',
    anonymous_id: 'anon_xyz789',
    timestamp: '2024-03-15T14:22:00Z',
    properties: { paywall_id: 'pw_annual_v3', offer_id: 'offer_intro_50pct', context: 'onboarding_step_3' },
  };
  const TRIAL = { event: 'trial_started', user_id: 'usr_abc123', timestamp: '2024-03-15T14:23:00Z', properties: { plan_id: 'plan_annual_usd', trial_length_days: 7 } };
  const SUBSCRIPTION = {
    event: 'subscription_started',
    user_id: 'usr_abc123',
    timestamp: '2024-03-15T14:25:00Z',
    properties: { plan_id: 'plan_annual_usd', revenue: 49.99, currency: 'USD', transaction_id: 'txn_3OZ', trial_converted: true, store: 'apple' },
  };

  beforeEach(async () => {
    await server.close();
    server = await startFloKitServer();
  });

  it('accepts the documentation example', async () => {
    const res = await send(server, JSON.stringify(DOC_EVENT));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok', event_id: id(1) });
  });

  it('answers the documented batch of three, and the one with the third rejected', async () => {
    expect((await batch(server, [DOC_EVENT, TRIAL, SUBSCRIPTION])).json).toEqual({
      status: 'ok',
      accepted: 3,
      rejected: 0,
      event_ids: [id(1), id(2), id(3)],
      errors: [],
    });
    const { transaction_id: _dropped, ...withoutTransaction } = SUBSCRIPTION.properties;
    const res = await batch(server, [DOC_EVENT, TRIAL, { ...SUBSCRIPTION, properties: withoutTransaction }]);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', accepted: 2, rejected: 1, event_ids: [id(4), id(5)] });
    const { errors } = res.json as { errors: { index: number; reason: string }[] };
    expect(errors).toHaveLength(1);
    expect(errors[0]?.index).toBe(2);
    expect(errors[0]?.reason).toContain("/properties must have required property 'transaction_id'");
  });

  it('rejects an unknown event name', async () => {
    const res = await send(server, { ...DOC_EVENT, event: 'no_such_event' });
    expect(res.status).toBe(400);
    expect((res.json as { message: string }).message).toContain('/event must be equal to one of the allowed values');
  });
});
