// Shared pieces of the generated client's end-to-end tests (test/client*.test.ts): a fake FloKit
// server per test that is always closed, fast retry settings, a capturing logger, event inputs
// with a unique property per event, and exact-request assertions. In: test options. Out: servers,
// clients' option fragments and expectations.
import { afterEach, expect } from 'vitest';
import { startFloKitServer } from './flokit-server.js';
import type { FloKitServer, FloKitServerOptions, LoggedRequest } from './flokit-server.js';

export const API_KEY = 'test_key';

/** Tiny backoff, Retry-After clamped into [0, 50] ms: retries cost milliseconds, not seconds. */
export const FAST_RETRIES = { initialDelayMs: 1, maxDelayMs: 5, retryAfterMinMs: 0, retryAfterMaxMs: 50 } as const;

const open = new Set<FloKitServer>();

/** Registers an afterEach that closes every server the test started; call once per test file. */
export function closeServersAfterEach(): void {
  afterEach(async () => {
    const servers = [...open];
    open.clear();
    await Promise.all(servers.map((s) => s.close()));
  });
}

/** A fake FloKit server without the default rate limit unless asked; closed after the test. */
export async function startServer(options: FloKitServerOptions = {}): Promise<FloKitServer> {
  const server = await startFloKitServer({ rateLimit: false, ...options });
  open.add(server);
  return server;
}

export interface CapturedLog {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
}

/** A logger that records every line; `lines` is what it was given, in order. */
export function captureLogger(): { readonly logger: Record<CapturedLog['level'], (message: string) => void>; readonly lines: CapturedLog[] } {
  const lines: CapturedLog[] = [];
  const at = (level: CapturedLog['level']) => (message: string): void => {
    lines.push({ level, message });
  };
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

/** A valid paywall_viewed input whose paywall_id (`pw_<n>`) makes the event unique. */
export function paywall(n: number, timestamp = '2024-03-15T14:22:00Z'): { user_id: string; timestamp: string; properties: { paywall_id: string } } {
  return { user_id: `usr_${n}`, timestamp, properties: { paywall_id: `pw_${n}` } };
}

/** The JSON the client sends for {@link paywall}(n). */
export function paywallJson(n: number, timestamp = '2024-03-15T14:22:00Z'): string {
  return `{"event":"paywall_viewed","user_id":"usr_${n}","timestamp":"${timestamp}","properties":{"paywall_id":"pw_${n}"}}`;
}

/** The requests that reached an event endpoint. */
export function eventRequests(server: FloKitServer): LoggedRequest[] {
  return server.requests.filter((r) => r.path === '/v1/events' || r.path === '/v1/batch/events');
}

/** The request as the client must have sent it: method, path, the client's headers and the body byte for byte. */
export function expectRequest(request: LoggedRequest | undefined, expected: { readonly path: string; readonly body: string; readonly idempotencyKey?: string; readonly apiKey?: string }): void {
  expect(request).toBeDefined();
  const r = request as LoggedRequest;
  expect(r.method).toBe('POST');
  expect(r.path).toBe(expected.path);
  expect(r.headers['authorization']).toBe(`Bearer ${expected.apiKey ?? API_KEY}`);
  expect(r.headers['content-type']).toBe('application/json');
  if (expected.idempotencyKey !== undefined) expect(r.headers['idempotency-key']).toBe(expected.idempotencyKey);
  else expect(r.headers['idempotency-key']).toMatch(/\S/);
  expect(r.body).toBe(expected.body);
}

/** Every request carried the same Idempotency-Key and the same body bytes; returns the key. */
export function expectSameKeyAndBody(requests: readonly LoggedRequest[]): string {
  expect(requests.length).toBeGreaterThan(0);
  const first = requests[0] as LoggedRequest;
  const key = first.headers['idempotency-key'] as string;
  expect(key).toMatch(/\S/);
  for (const r of requests) {
    expect(r.headers['idempotency-key']).toBe(key);
    expect(r.body).toBe(first.body);
  }
  return key;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every few ms until it holds (or throws after `timeoutMs`). */
export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('waitFor: condition not met in time');
    await sleep(5);
  }
}

/** Settles a promise into a value or the error, for assertions on rejections with fields. */
export async function outcome<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The rejection of `promise` (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  const result = await outcome(promise);
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  return result.error;
}
