// `flokit-gen serve` as a library (startCollector) over real HTTP on 127.0.0.1: FloKit's endpoints
// as documented (shapes, 400/401/429 bodies, Retry-After, batch limits, Idempotency-Key replay),
// verdicts from the generated validators, the JSON API (filters, paging, one event, summary, reset,
// the SSE stream), waitFor, the generated client sending through it (direct, batch, a retry after a
// lost response answered with the original event_id), a taxonomy edit applied to the next event,
// and the store: a restart keeps events, a locked or corrupt file is a clear error and left as it was.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFloKitClient, type FloKitEvent } from '../generated/index.js';
import { startCollector, type Collector } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'flokit-serve-test-'));
const AUTH = { authorization: 'Bearer any_key', 'content-type': 'application/json' };
const PAYWALL = { event: 'paywall_viewed', user_id: 'usr_abc123', timestamp: '2024-03-15T14:22:00Z', properties: { paywall_id: 'pw_annual_v3' } };

let collector: Collector<FloKitEvent>;
beforeAll(async () => {
  collector = await startCollector<FloKitEvent>({ taxonomy: 'taxonomy', store: join(dir, 'main.db'), watch: false });
}, 30_000);
afterAll(async () => {
  await collector.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, body: unknown, headers: Record<string, string> = AUTH): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${collector.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}
async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${collector.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('FloKit endpoints', () => {
  it('accepts a valid event with {status, event_id} and stores it', async () => {
    const { status, body } = await post('/v1/events', PAYWALL);
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', event_id: expect.stringMatching(/^evt_[0-9a-z]{20}$/) });
    const stored = (await get(`/api/events/${body['event_id'] as string}`)).body;
    expect(stored).toMatchObject({ event: 'paywall_viewed', user_id: 'usr_abc123', valid: true, accepted: true, payload: PAYWALL, endpoint: 'single' });
  });

  it('answers an invalid event 400 with every violation (code, path, message), and keeps it flagged', async () => {
    const bad = { ...PAYWALL, user_id: 'usr_bad', properties: { paywall_id: 5, extra: true } };
    const { status, body } = await post('/v1/events', bad);
    expect(status).toBe(400);
    expect(body['error']).toBe('validation_error');
    expect(body['message']).toBe('2 violations: /properties/paywall_id must be a string (got integer); /properties/extra is not a property of paywall_viewed');
    expect(body['violations']).toEqual([
      { code: 'wrong-type', path: '/properties/paywall_id', message: 'must be a string (got integer)' },
      { code: 'unexpected-property', path: '/properties/extra', message: expect.any(String) },
    ]);
    const page = collector.events({ user: 'usr_bad' });
    expect(page.events.map((e) => [e.valid, e.accepted])).toEqual([[false, false]]);
  });

  it('adds the hint the CLI would print: a misspelled property or event name', async () => {
    const misspelled = await post('/v1/events', { ...PAYWALL, properties: { paywall_id: 'pw_1', ofer_id: 'o' } });
    expect(misspelled.body['violations']).toEqual([{ code: 'unexpected-property', path: '/properties/ofer_id', message: 'is not a property of paywall_viewed', hint: 'did you mean "offer_id"?' }]);
    expect(misspelled.body['message']).toBe('1 violation: /properties/ofer_id is not a property of paywall_viewed (did you mean "offer_id"?)');
    const unknown = await post('/v1/events', { ...PAYWALL, event: 'paywall_viewd' });
    expect(unknown.body['violations']).toEqual([{ code: 'unknown-event', path: '/event', message: '"paywall_viewd" is not an event of flokit', hint: 'did you mean "paywall_viewed"?' }]);
  });

  it('401 without a Bearer key; 400 for a body that is not JSON, 413 for one over 10 MiB; 404 and 405 for other routes', async () => {
    expect(await post('/v1/events', PAYWALL, { 'content-type': 'application/json' })).toMatchObject({ status: 401, body: { error: 'unauthorized', message: expect.stringContaining('Authorization: Bearer') } });
    expect(await post('/v1/events', '{"event":', AUTH)).toMatchObject({ status: 400, body: { error: 'invalid_json' } });
    expect(await post('/v1/batch/events', `{"events":["${'x'.repeat(10 * 1024 * 1024)}"]}`)).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
    // The web view: one small self-contained page that loads nothing from elsewhere.
    const page = await fetch(`${collector.url}/`);
    const html = await page.text();
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.length).toBeLessThan(32 * 1024);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect((await get('/v2/events')).status).toBe(404);
    expect((await get('/v1/events')).status).toBe(405);
  });

  it('replays an Idempotency-Key with the original event_id and stores nothing new', async () => {
    const headers = { ...AUTH, 'idempotency-key': 'usr_abc123-subscription_started-2024-03-15' };
    const first = await post('/v1/events', { ...PAYWALL, user_id: 'usr_idem' }, headers);
    const again = await post('/v1/events', { ...PAYWALL, user_id: 'usr_idem' }, headers);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(collector.events({ user: 'usr_idem' }).events).toHaveLength(1);
  });

  it('batch: accepted/rejected counts, event_ids of accepted events only, errors by request index; at most 1,000 events', async () => {
    const events = [{ ...PAYWALL, user_id: 'usr_b' }, { event: 'trial_started', user_id: 'usr_b', timestamp: '2024-03-15T14:23:00Z', properties: { plan_id: 'p', trial_length_days: 7 } }, { ...PAYWALL, user_id: 'usr_b', properties: {} }];
    const { status, body } = await post('/v1/batch/events', { events });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', accepted: 2, rejected: 1, errors: [{ index: 2, reason: '1 violation: /properties/paywall_id is required', violations: [{ code: 'missing-required', path: '/properties/paywall_id' }] }] });
    expect(body['event_ids']).toHaveLength(2);
    // The same Idempotency-Key again: the original answer, nothing stored twice.
    const keyed = { ...AUTH, 'idempotency-key': 'batch-1' };
    const once = await post('/v1/batch/events', { events: events.slice(0, 1) }, keyed);
    expect(await post('/v1/batch/events', { events: events.slice(0, 1) }, keyed)).toMatchObject({ status: 200, body: once.body });
    expect(collector.events({ user: 'usr_b' }).events).toHaveLength(4);
    const tooMany = await post('/v1/batch/events', { events: Array.from({ length: 1001 }, () => PAYWALL) });
    expect(tooMany).toMatchObject({ status: 400, body: { error: 'batch_too_large' } });
    expect(await post('/v1/batch/events', [PAYWALL])).toMatchObject({ status: 400, body: { error: 'validation_error', message: expect.stringContaining('{"events": [...]}') } });
  });
});

describe('the JSON API', () => {
  it('filters by event, user, validity, text and time, newest first, with paging', async () => {
    const since = new Date().toISOString();
    for (const n of [1, 2, 3]) await post('/v1/events', { ...PAYWALL, user_id: 'usr_page', properties: { paywall_id: `pw_page_${n}` } });
    const first = (await get('/api/events?user=usr_page&limit=2')).body as { events: { payload: { properties: { paywall_id: string } } }[]; next: number };
    expect(first.events.map((e) => e.payload.properties.paywall_id)).toEqual(['pw_page_3', 'pw_page_2']);
    const second = (await get(`/api/events?user=usr_page&limit=2&before=${first.next}`)).body;
    expect(second).toMatchObject({ events: [{ payload: { properties: { paywall_id: 'pw_page_1' } } }] });
    expect(second['next']).toBeUndefined();
    expect(((await get('/api/events?q=PW_PAGE_2')).body['events'] as unknown[]).length).toBe(1);
    expect(((await get(`/api/events?since=${since}&event=paywall_viewed&valid=true`)).body['events'] as unknown[]).length).toBe(3);
    expect(((await get('/api/events?valid=false')).body['events'] as unknown[]).length).toBeGreaterThan(0);
    expect(await get('/api/events?vaild=true')).toMatchObject({ status: 400, body: { error: 'invalid_query', message: expect.stringContaining('"vaild"') } });
    expect(await get('/api/events/evt_missing')).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });

  it('summarises counts per event, valid and invalid, and the planned events not seen yet', async () => {
    const { body } = await get('/api/summary');
    expect(body['total']).toBe(Number(body['valid']) + Number(body['invalid']));
    expect(body['notSeen']).toContain('refund_issued');
    expect(body['notSeen']).not.toContain('paywall_viewed');
    expect((body['events'] as { name: string; planned: boolean; count: number }[]).find((e) => e.name === 'trial_started')).toMatchObject({ planned: true, count: 1 });
  });

  it('streams stored events as server-sent events, and waitFor resolves on arrival without polling', async () => {
    const controller = new AbortController();
    const res = await fetch(`${collector.url}/api/stream`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const waiting = collector.waitFor('onboarding_started', { user_id: 'usr_stream' }, { timeoutMs: 2000 });
    await post('/v1/events', { event: 'onboarding_started', user_id: 'usr_stream', timestamp: '2024-03-15T14:22:00Z' });
    const seen = await waiting;
    expect(seen).toMatchObject({ event: 'onboarding_started', valid: true, payload: { user_id: 'usr_stream' } });
    let text = '';
    while (!text.includes('usr_stream')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/event: stored\ndata: \{.*"event_id":"evt_/);
    controller.abort();
    // Already stored: resolves at once. Never arriving: rejects, saying what did arrive.
    await expect(collector.waitFor('onboarding_started', (e) => e.user_id === 'usr_stream')).resolves.toMatchObject({ event_id: seen.event_id });
    await expect(collector.waitFor('refund_issued', { user_id: 'nobody' }, { timeoutMs: 50 })).rejects.toThrow('waitFor timed out after 50 ms: no refund_issued matching {"user_id":"nobody"} arrived (0 refund_issued events in the store)');
  });
});

describe('the generated client through the collector', () => {
  it('direct, batch, and a retry after a lost response (same Idempotency-Key, original event_id, one stored event)', async () => {
    let lose = 1;
    const client = createFloKitClient({
      apiKey: 'dev',
      baseUrl: collector.url,
      logger: false,
      retries: { initialDelayMs: 1, maxDelayMs: 5 },
      // The collector stores the first attempt, then its response is lost: the client retries.
      fetch: async (url, init) => {
        const res = await fetch(url, init);
        if (lose-- > 0) throw new TypeError('fetch failed: socket hang up');
        return res;
      },
    });
    const result = await client.trackSubscriptionStarted({ user_id: 'usr_client', timestamp: '2024-03-15T14:25:00Z', properties: { plan_id: 'plan_annual_usd', revenue: 49.99, currency: 'USD', transaction_id: 'txn_3OZ' } });
    const stored = await collector.waitFor('subscription_started', { properties: { transaction_id: 'txn_3OZ' } });
    expect(result.event_id).toBe(stored.event_id);
    expect(collector.events({ event: 'subscription_started', user: 'usr_client' }).events).toHaveLength(1);
    const report = await client.sendBatch([
      { event: 'paywall_viewed', user_id: 'usr_client', timestamp: '2024-03-15T14:22:00Z', properties: { paywall_id: 'pw_1' } },
      { event: 'onboarding_started', user_id: 'usr_client', timestamp: '2024-03-15T14:21:00Z' },
    ]);
    expect(report).toMatchObject({ accepted: 2, rejected: 0, failed: 0, requests: 1 });
    expect(collector.events({ user: 'usr_client' }).events.map((e) => e.endpoint)).toEqual(['batch', 'batch', 'single']);
  });
});

describe('options', () => {
  it('--api-key requires that key; --accept-invalid stores invalid events flagged and answers 200; --rate-limit answers 429 with Retry-After', async () => {
    const strict = await startCollector({ taxonomy: 'taxonomy', apiKey: 'sekret', acceptInvalid: true, rateLimit: 1, watch: false });
    try {
      const send = (key: string, body: unknown): Promise<Response> => fetch(`${strict.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
      const wrong = await send('other', PAYWALL);
      expect([wrong.status, await wrong.json()]).toEqual([401, { error: 'unauthorized', message: 'invalid API key' }]);
      const invalid = await send('sekret', { ...PAYWALL, properties: {} });
      expect(invalid.status).toBe(200);
      expect(strict.events().events[0]).toMatchObject({ valid: false, accepted: true, violations: [{ path: '/properties/paywall_id' }] });
      const limited = await send('sekret', PAYWALL);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await limited.json()).toMatchObject({ error: 'rate_limited' });
    } finally {
      await strict.close();
    }
  });

  it('applies an edit of the taxonomy to the next event', async () => {
    const project = join(dir, 'watched');
    cpSync('taxonomy', join(project, 'taxonomy'), { recursive: true });
    const file = join(project, 'taxonomy', 'flokit.yaml');
    const reloaded: string[] = [];
    const watched = await startCollector({ cwd: project, onReload: (r) => reloaded.push('taxonomy' in r ? 'ok' : 'invalid') });
    try {
      const send = async (): Promise<number> => (await fetch(`${watched.url}/v1/events`, { method: 'POST', headers: AUTH, body: JSON.stringify({ ...PAYWALL, properties: { paywall_id: 'pw', brand_new: 1 } }) })).status;
      expect(await send()).toBe(400);
      const yaml = readFileSync(file, 'utf8').replace(/(\n  paywall_viewed:\n(?:.*\n)*?    properties:\n)/, '$1      brand_new: { type: integer }\n');
      writeFileSync(file, yaml);
      await expect.poll(() => reloaded, { timeout: 5000 }).toEqual(['ok']);
      expect(await send()).toBe(200);
      expect(watched.plan().events.find((e) => e.name === 'paywall_viewed')?.properties.map((p) => p.name)).toContain('brand_new');
    } finally {
      await watched.close();
    }
  });
});

describe('the store', () => {
  it('keeps events across a restart; reset empties it', async () => {
    const file = join(dir, 'restart', 'events.db');
    const first = await startCollector({ taxonomy: 'taxonomy', store: file, watch: false });
    await fetch(`${first.url}/v1/events`, { method: 'POST', headers: AUTH, body: JSON.stringify(PAYWALL) });
    const id = first.events().events[0]?.event_id as string;
    await first.close();
    const second = await startCollector({ taxonomy: 'taxonomy', store: file, watch: false });
    try {
      expect(second.event(id)).toMatchObject({ payload: PAYWALL });
      expect(second.reset()).toBe(1);
      expect(second.summary().total).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('a store in use, a stale lock, and a corrupt file: clear errors, nothing lost', async () => {
    await expect(startCollector({ taxonomy: 'taxonomy', store: join(dir, 'main.db'), watch: false })).rejects.toThrow(
      `the event store ${join(dir, 'main.db')} is in use by process ${process.pid} (another flokit-gen serve?): stop it, or choose another file with --store`,
    );
    expect(collector.summary().total).toBeGreaterThan(0);
    // A lock left by a process that no longer exists is taken over.
    const stale = join(dir, 'stale.db');
    copyFileSync(join(dir, 'restart', 'events.db'), stale);
    mkdirSync(`${stale}.lock`);
    writeFileSync(join(`${stale}.lock`, 'owner'), '999999999');
    const recovered = await startCollector({ taxonomy: 'taxonomy', store: stale, watch: false });
    await recovered.close();
    expect(existsSync(`${stale}.lock`)).toBe(false);
    const corrupt = join(dir, 'corrupt.db');
    const garbage = 'this is not a database, but somebody\'s notes\n'.repeat(200);
    writeFileSync(corrupt, garbage);
    await expect(startCollector({ taxonomy: 'taxonomy', store: corrupt, watch: false })).rejects.toThrow(`the event store ${corrupt} is damaged or not a database`);
    expect(readFileSync(corrupt, 'utf8')).toBe(garbage);
    expect(existsSync(`${corrupt}.lock`)).toBe(false);
  });
});
