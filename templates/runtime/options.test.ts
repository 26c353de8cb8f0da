// Client options: every default, every shorthand, and every malformed or unknown option as a
// `config` FloKitError that names the option and never shows the API key.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FloKitError } from './errors.js';
import {
  DEFAULT_BASE_URL,
  resolveOptions,
  type FloKitClientOptions,
  type FloKitLogger,
  type Settings,
} from './options.js';
import type { Transport, TransportResponse } from './transport.js';

/** A valid key; no test may ever find it in an error. */
const KEY = 'sk_live_VALID456';
/** Invalid only because of its space; its secret part must not show either. */
const BAD_KEY = 'sk_live_SECRET123 x';

const ok: TransportResponse = {
  status: 200,
  headers: { get: () => null },
  text: () => Promise.resolve('{"status":"ok","event_id":"evt_1"}'),
};
const transport: Transport = () => Promise.resolve(ok);
const silent: FloKitLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** resolveOptions with the valid key plus `extra`, values typed loosely on purpose. */
function resolve(extra: Record<string, unknown> = {}): Settings {
  return resolveOptions({ apiKey: KEY, ...extra } as unknown as FloKitClientOptions);
}

/** The config error `run` throws, checked for its class, code and the absence of any key. */
function configError(run: () => unknown): FloKitError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(FloKitError);
  const error = caught as FloKitError;
  expect(error.name).toBe('FloKitError');
  expect(error.code).toBe('config');
  expect(error.message).toMatch(/^Invalid FloKit client options: /);
  for (const text of [
    error.message,
    String(error),
    error.stack ?? '',
    inspect(error),
    JSON.stringify(error),
  ]) {
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('SECRET123');
  }
  return error;
}

describe('defaults', () => {
  const settings = resolve();

  it('fills in every default', () => {
    expect(settings.apiKey).toBe(KEY);
    expect(settings.baseUrl).toBe('https://api.flokit.ai');
    expect(DEFAULT_BASE_URL).toBe('https://api.flokit.ai');
    expect(settings.validation).toBe('throw');
    expect(settings.retry).toEqual({
      maxRetries: 5,
      initialDelayMs: 500,
      maxDelayMs: 30_000,
      budgetMs: 600_000,
      retryAfterMinMs: 1_000,
      retryAfterMaxMs: 120_000,
    });
    expect(settings.timeoutMs).toBe(10_000);
    expect(settings.batching).toBeUndefined();
    expect(settings.rateLimit).toBeUndefined();
    expect(settings.logger).toBe(console);
    expect(settings.logLevel).toBe('warn');
    expect(settings.hooks).toEqual({});
    expect(typeof settings.transport).toBe('function');
  });

  it('draws random UUIDs from crypto.randomUUID', () => {
    const a = settings.randomUUID();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(settings.randomUUID()).not.toBe(a);
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it('freezes the nested settings, and `true` does not hand out shared mutable defaults', () => {
    const a = resolve({ batching: true, rateLimit: true });
    expect(Object.isFrozen(a.retry)).toBe(true);
    expect(Object.isFrozen(a.batching)).toBe(true);
    expect(Object.isFrozen(a.rateLimit)).toBe(true);
  });
});

describe('the shorthands', () => {
  it('`retries: 3` is maxRetries 3 with the other defaults', () => {
    expect(resolve({ retries: 3 }).retry).toEqual({
      maxRetries: 3,
      initialDelayMs: 500,
      maxDelayMs: 30_000,
      budgetMs: 600_000,
      retryAfterMinMs: 1_000,
      retryAfterMaxMs: 120_000,
    });
    expect(resolve({ retries: 0 }).retry.maxRetries).toBe(0);
    expect(resolve({ retries: 100 }).retry.maxRetries).toBe(100);
  });

  it('a partial `retries` object keeps the other defaults', () => {
    expect(resolve({ retries: { initialDelayMs: 100, budgetMs: 5_000 } }).retry).toEqual({
      maxRetries: 5,
      initialDelayMs: 100,
      maxDelayMs: 30_000,
      budgetMs: 5_000,
      retryAfterMinMs: 1_000,
      retryAfterMaxMs: 120_000,
    });
    expect(resolve({ retries: {} }).retry).toEqual(resolve().retry);
  });

  it('`batching: true` is 100 events, 1 s, 512 KiB, 10,000 queued', () => {
    expect(resolve({ batching: true }).batching).toEqual({
      maxEvents: 100,
      maxWaitMs: 1_000,
      maxBytes: 524_288,
      maxQueueSize: 10_000,
    });
  });

  it('a partial `batching` object keeps the other defaults', () => {
    expect(resolve({ batching: { maxEvents: 1_000, maxWaitMs: 0 } }).batching).toEqual({
      maxEvents: 1_000,
      maxWaitMs: 0,
      maxBytes: 524_288,
      maxQueueSize: 10_000,
    });
    expect(resolve({ batching: {} }).batching).toEqual({
      maxEvents: 100,
      maxWaitMs: 1_000,
      maxBytes: 524_288,
      maxQueueSize: 10_000,
    });
    expect(resolve({ batching: { maxEvents: 1 } }).batching?.maxEvents).toBe(1);
  });

  it('`batching: false` is direct mode', () => {
    expect(resolve({ batching: false }).batching).toBeUndefined();
  });

  it('`rateLimit: true` is 100 requests per minute', () => {
    expect(resolve({ rateLimit: true }).rateLimit).toEqual({ requests: 100, intervalMs: 60_000 });
    expect(resolve({ rateLimit: { requests: 10 } }).rateLimit).toEqual({
      requests: 10,
      intervalMs: 60_000,
    });
    expect(resolve({ rateLimit: false }).rateLimit).toBeUndefined();
  });

  it('`logger: false` is no logger; a console-shaped object is used as given', () => {
    expect(resolve({ logger: false }).logger).toBeUndefined();
    expect(resolve({ logger: silent }).logger).toBe(silent);
  });

  it.each(['debug', 'info', 'warn', 'error', 'silent'])('accepts logLevel %j', (level) => {
    expect(resolve({ logLevel: level }).logLevel).toBe(level);
  });

  it.each(['throw', 'warn', 'off'])('accepts validation %j', (mode) => {
    expect(resolve({ validation: mode }).validation).toBe(mode);
  });

  it('keeps a given transport as is, and wraps a given fetch', async () => {
    expect(resolve({ transport }).transport).toBe(transport);
    const calls: string[] = [];
    const settings = resolve({ fetch: (url: string) => (calls.push(url), Promise.resolve(ok)) });
    const response = await settings.transport({
      method: 'POST',
      url: 'https://x.test/v1/events',
      headers: {},
      body: '{}',
      signal: new AbortController().signal,
    });
    expect(response).toBe(ok);
    expect(calls).toEqual(['https://x.test/v1/events']);
  });

  it('keeps the hooks and randomUUID given', () => {
    const onRetry = (): void => undefined;
    const randomUUID = (): string => 'fixed-uuid';
    const settings = resolve({ hooks: { onRetry, onError: undefined }, randomUUID });
    expect(settings.hooks.onRetry).toBe(onRetry);
    expect(settings.randomUUID).toBe(randomUUID);
  });

  it('accepts the smallest and largest values of each limit', () => {
    const settings = resolve({
      timeoutMs: 1,
      retries: {
        maxRetries: 100,
        initialDelayMs: 0,
        maxDelayMs: 0,
        budgetMs: 0,
        retryAfterMinMs: 0,
        retryAfterMaxMs: 0,
      },
      batching: { maxEvents: 1_000, maxWaitMs: 0, maxBytes: 1_024, maxQueueSize: 1 },
      rateLimit: { requests: 1, intervalMs: 1 },
    });
    expect(settings.timeoutMs).toBe(1);
    expect(settings.retry.retryAfterMaxMs).toBe(0);
    expect(settings.batching).toEqual({
      maxEvents: 1_000,
      maxWaitMs: 0,
      maxBytes: 1_024,
      maxQueueSize: 1,
    });
    expect(settings.rateLimit).toEqual({ requests: 1, intervalMs: 1 });
  });
});

describe('baseUrl', () => {
  it.each([
    ['https://api.flokit.ai', 'https://api.flokit.ai'],
    ['https://api.flokit.ai/', 'https://api.flokit.ai'],
    ['https://api.flokit.ai///', 'https://api.flokit.ai'],
    ['http://localhost:8787', 'http://localhost:8787'],
    ['http://127.0.0.1:8787/', 'http://127.0.0.1:8787'],
    ['https://staging.example.com/flokit/', 'https://staging.example.com/flokit'],
    ['https://staging.example.com/a/b//', 'https://staging.example.com/a/b'],
  ])('%j → %j', (given, used) => {
    expect(resolve({ baseUrl: given }).baseUrl).toBe(used);
  });

  it.each([
    ['a query', 'https://api.flokit.ai/?region=eu'],
    ['a bare "?"', 'https://api.flokit.ai?'],
    ['a fragment', 'https://api.flokit.ai/#v1'],
    ['an ftp scheme', 'ftp://api.flokit.ai'],
    ['a ws scheme', 'wss://api.flokit.ai'],
    ['no scheme', 'api.flokit.ai'],
    ['a relative path', '/v1'],
    ['no host', 'https://'],
    ['no host but a path', 'https:///v1'],
    ['a space', 'https://api.flo kit.ai'],
    ['a newline', 'https://api.flokit.ai\n'],
    ['the empty string', ''],
    ['a number', 443],
    ['a URL object', new URL('https://api.flokit.ai')],
  ])('rejects a baseUrl with %s', (_, baseUrl) => {
    expect(configError(() => resolve({ baseUrl })).message).toContain(
      '`baseUrl` must be an http(s) URL without credentials, query or fragment',
    );
  });

  it.each([
    ['credentials', 'https://user:pass@api.flokit.ai'],
    ['a user name only', 'https://token@api.flokit.ai'],
    ['an unclosed IPv6 bracket', 'https://[::1'],
    ['an empty host before the port', 'https://:443'],
  ])('rejects a baseUrl that fetch cannot use: %s', (_, baseUrl) => {
    configError(() => resolve({ baseUrl }));
  });
});

describe('unknown options are errors naming them', () => {
  it.each([
    ['apikey', '`apikey`'],
    ['baseURL', '`baseURL`'],
    ['retry', '`retry`'],
    ['timeout', '`timeout`'],
    ['batch', '`batch`'],
    ['onRequest', '`onRequest`'],
    ['debug', '`debug`'],
  ])('top level: %s', (name, shown) => {
    const error = configError(() => resolve({ [name]: 1 }));
    expect(error.message).toContain(`unknown option ${shown}`);
    expect(error.message).toContain(
      'known: apiKey, baseUrl, fetch, transport, validation, retries, timeoutMs, batching, rateLimit, logger, logLevel, hooks, randomUUID',
    );
  });

  it.each<readonly [string, Record<string, unknown>, string]>([
    [
      'batching.maxEvent',
      { batching: { maxEvent: 10 } },
      'known: maxEvents, maxWaitMs, maxBytes, maxQueueSize',
    ],
    [
      'batching.flushIntervalMs',
      { batching: { flushIntervalMs: 10 } },
      'known: maxEvents, maxWaitMs, maxBytes, maxQueueSize',
    ],
    [
      'hooks.onRequst',
      { hooks: { onRequst: () => undefined } },
      'known: onRequest, onResponse, onRetry, onViolation, onError',
    ],
    [
      'retries.max',
      { retries: { max: 3 } },
      'known: maxRetries, initialDelayMs, maxDelayMs, budgetMs, retryAfterMinMs, retryAfterMaxMs',
    ],
    ['rateLimit.perMinute', { rateLimit: { perMinute: 10 } }, 'known: requests, intervalMs'],
  ])('nested: %s', (name, extra, known) => {
    const error = configError(() => resolve(extra));
    expect(error.message).toContain(`unknown option \`${name}\``);
    expect(error.message).toContain(known);
  });

  it('an unknown option is reported even when it is undefined', () => {
    expect(configError(() => resolve({ retry: undefined })).message).toContain(
      'unknown option `retry`',
    );
  });
});

describe('malformed values are errors naming the option', () => {
  it.each<readonly [string, Record<string, unknown>, string]>([
    [
      'batching.maxEvents 0',
      { batching: { maxEvents: 0 } },
      '`batching.maxEvents` must be an integer from 1 to 1000',
    ],
    [
      'batching.maxEvents 1001',
      { batching: { maxEvents: 1001 } },
      '`batching.maxEvents` must be an integer from 1 to 1000',
    ],
    ['batching.maxEvents 1.5', { batching: { maxEvents: 1.5 } }, '`batching.maxEvents`'],
    ['batching.maxEvents "100"', { batching: { maxEvents: '100' } }, '`batching.maxEvents`'],
    ['batching.maxWaitMs -1', { batching: { maxWaitMs: -1 } }, '`batching.maxWaitMs`'],
    [
      'batching.maxBytes 1023',
      { batching: { maxBytes: 1023 } },
      '`batching.maxBytes` must be an integer from 1024',
    ],
    ['batching.maxQueueSize 0', { batching: { maxQueueSize: 0 } }, '`batching.maxQueueSize`'],
    ['batching as a number', { batching: 100 }, '`batching` must be an object or a boolean'],
    ['batching null', { batching: null }, '`batching` must be an object or a boolean'],
    ['batching an array', { batching: [] }, '`batching` must be an object or a boolean'],
    ['timeoutMs 0', { timeoutMs: 0 }, '`timeoutMs` must be an integer from 1'],
    ['timeoutMs -1', { timeoutMs: -1 }, '`timeoutMs`'],
    ['timeoutMs 1.5', { timeoutMs: 1.5 }, '`timeoutMs`'],
    ['timeoutMs NaN', { timeoutMs: NaN }, '`timeoutMs`'],
    ['timeoutMs Infinity', { timeoutMs: Infinity }, '`timeoutMs`'],
    ['timeoutMs "10000"', { timeoutMs: '10000' }, '`timeoutMs`'],
    ['timeoutMs null', { timeoutMs: null }, '`timeoutMs`'],
    ['retries -1', { retries: -1 }, '`retries.maxRetries` must be an integer from 0 to 100'],
    ['retries 101', { retries: 101 }, '`retries.maxRetries` must be an integer from 0 to 100'],
    ['retries 2.5', { retries: 2.5 }, '`retries.maxRetries`'],
    [
      'retries.initialDelayMs -500',
      { retries: { initialDelayMs: -500 } },
      '`retries.initialDelayMs`',
    ],
    ['retries.maxDelayMs -1', { retries: { maxDelayMs: -1 } }, '`retries.maxDelayMs`'],
    ['retries.budgetMs 0.5', { retries: { budgetMs: 0.5 } }, '`retries.budgetMs`'],
    [
      'retries.retryAfterMinMs -1',
      { retries: { retryAfterMinMs: -1 } },
      '`retries.retryAfterMinMs`',
    ],
    [
      'retryAfterMinMs above retryAfterMaxMs',
      { retries: { retryAfterMinMs: 5_000, retryAfterMaxMs: 1_000 } },
      '`retries.retryAfterMinMs` must not exceed `retries.retryAfterMaxMs`',
    ],
    ['retries a string', { retries: 'many' }, '`retries`'],
    ['rateLimit.requests 0', { rateLimit: { requests: 0 } }, '`rateLimit.requests`'],
    ['rateLimit.intervalMs 0', { rateLimit: { intervalMs: 0 } }, '`rateLimit.intervalMs`'],
    ['rateLimit a string', { rateLimit: '100/min' }, '`rateLimit` must be an object or a boolean'],
    [
      'validation strict',
      { validation: 'strict' },
      "`validation` must be 'throw', 'warn' or 'off'",
    ],
    ['validation true', { validation: true }, '`validation`'],
    [
      'logLevel verbose',
      { logLevel: 'verbose' },
      '`logLevel` must be one of debug, info, warn, error, silent',
    ],
    ['logLevel WARN', { logLevel: 'WARN' }, '`logLevel`'],
    [
      'logger without methods',
      { logger: {} },
      '`logger` must have debug, info, warn and error methods, or be false',
    ],
    [
      'logger missing debug',
      { logger: { info: () => undefined, warn: () => undefined, error: () => undefined } },
      '`logger` must have debug, info, warn and error methods',
    ],
    ['logger true', { logger: true }, '`logger`'],
    ['logger a string', { logger: 'console' }, '`logger`'],
    [
      'fetch and transport both',
      { fetch: () => Promise.resolve(ok), transport },
      'give `fetch` or `transport`, not both',
    ],
    ['fetch not a function', { fetch: 'node-fetch' }, '`fetch` must be a function'],
    ['transport not a function', { transport: {} }, '`transport` must be a function'],
    ['hooks an array', { hooks: [] }, '`hooks` must be an object'],
    ['hooks a function', { hooks: () => undefined }, '`hooks` must be an object'],
    [
      'a hook that is not a function',
      { hooks: { onRequest: 'log' } },
      '`hooks.onRequest` must be a function',
    ],
  ])('%s', (_, extra, named) => {
    expect(configError(() => resolve(extra)).message).toContain(named);
  });

  it('`retries: true` is refused with a message that does not offer a boolean', () => {
    expect(configError(() => resolve({ retries: true })).message).not.toContain('boolean');
  });

  it.each([
    ['a string', 'uuid'],
    ['a number', 42],
    ['an object', {}],
  ])('`randomUUID` that is %s is a config error', (_, randomUUID) => {
    expect(configError(() => resolve({ randomUUID })).message).toContain('`randomUUID`');
  });

  it.each<readonly [string, Record<string, unknown>]>([
    ['timeoutMs', { timeoutMs: 2 ** 31 }],
    ['batching.maxWaitMs', { batching: { maxWaitMs: 2 ** 31 } }],
    ['retries.maxDelayMs', { retries: { maxDelayMs: 2 ** 31 } }],
    ['retries.retryAfterMaxMs', { retries: { retryAfterMaxMs: 2 ** 31 } }],
    ['rateLimit.intervalMs', { rateLimit: { intervalMs: 2 ** 31 } }],
  ])('%s beyond the 32-bit timer limit is a config error', (name, extra) => {
    expect(configError(() => resolve(extra)).message).toContain(`\`${name}\``);
  });

  it('accepts timer values up to 2,147,483,647 ms', () => {
    expect(resolve({ timeoutMs: 2_147_483_647 }).timeoutMs).toBe(2_147_483_647);
  });
});

describe('the API key', () => {
  it.each<readonly [string, unknown]>([
    ['with a space', BAD_KEY],
    ['with a newline', 'sk_live_SECRET123\n'],
    ['with a tab', 'sk_live_SECRET123\t'],
    ['with a non-ASCII letter', 'sk_live_SECRET123é'],
    ['with a NUL', 'sk_live_SECRET123\0'],
    ['empty', ''],
    ['a number', 123],
    ['undefined', undefined],
    ['null', null],
    ['an object', { key: 'sk_live_SECRET123' }],
  ])('%s is a config error that does not show the value', (_, apiKey) => {
    const error = configError(() => resolveOptions({ apiKey } as unknown as FloKitClientOptions));
    expect(error.message).toBe(
      'Invalid FloKit client options: `apiKey` must be a non-empty string of printable ASCII characters (the value is not shown)',
    );
  });

  it('missing entirely is a config error', () => {
    configError(() => resolveOptions({} as unknown as FloKitClientOptions));
  });

  it.each<readonly [string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['the key itself', 'sk_live_SECRET123'],
    ['an array', ['sk_live_SECRET123']],
  ])('options that are %s are a config error without the value', (_, options) => {
    expect(
      configError(() => resolveOptions(options as unknown as FloKitClientOptions)).message,
    ).toContain('pass an object such as');
  });

  it('an unknown option named like the key does not echo the key value', () => {
    const error = configError(() =>
      resolveOptions({
        apiKey: KEY,
        apiSecret: 'sk_live_SECRET123',
      } as unknown as FloKitClientOptions),
    );
    expect(error.message).toContain('unknown option `apiSecret`');
  });
});
