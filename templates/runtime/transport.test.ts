// The fetch transport passes a request through untouched; the capture transport answers like the
// FloKit API (single 200/400, batch partial rejection), records requests with Authorization redacted
// and events with their exact JSON text and verdicts, forgets on clear(), and honours an aborted signal.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createCaptureTransport,
  fetchTransport,
  type FetchLike,
  type TransportRequest,
  type TransportResponse,
} from './transport.js';
import type { ValidationResult, Violation } from './validation.js';

const KEY = 'sk_live_VALID456';
const BASE = 'https://api.flokit.ai';

/** Valid when `user_id` is a string and `properties.paywall_id`, if present, is a string. */
function validate(input: unknown): ValidationResult<unknown> {
  const event = input as { user_id?: unknown; properties?: { paywall_id?: unknown } };
  const violations: Violation[] = [];
  if (typeof event.user_id !== 'string')
    violations.push({ code: 'missing-required', path: '/user_id', message: 'is required' });
  if (event.properties !== undefined && typeof event.properties.paywall_id !== 'string')
    violations.push({
      code: 'wrong-type',
      path: '/properties/paywall_id',
      message: 'must be string',
    });
  return violations.length === 0 ? { valid: true, value: input } : { valid: false, violations };
}

const good = (n: number): Record<string, unknown> => ({
  event: 'paywall_viewed',
  user_id: `usr_${n}`,
  timestamp: '2024-03-15T14:22:00Z',
  properties: { paywall_id: `pw_${n}` },
});
const bad = {
  event: 'paywall_viewed',
  timestamp: '2024-03-15T14:22:00Z',
  properties: { paywall_id: 7 },
};

// Each request gets a fresh key unless a test says otherwise: a repeated key is replayed.
let keys = 0;
beforeEach(() => {
  keys = 0;
});

function request(
  path: string,
  body: string,
  extra: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): TransportRequest {
  return {
    method: 'POST',
    url: `${BASE}${path}`,
    headers: extra.headers ?? {
      Authorization: `Bearer ${KEY}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': `key-${++keys}`,
    },
    body,
    signal: extra.signal ?? new AbortController().signal,
  };
}

/** The batch body exactly as the client writes it: the events' JSON texts joined. */
function batchBody(texts: readonly string[]): string {
  return `{"events":[${texts.join(',')}]}`;
}

async function answer(response: TransportResponse): Promise<{ status: number; text: string }> {
  return { status: response.status, text: await response.text() };
}

describe('fetchTransport', () => {
  it('passes method, url, headers, body and signal through to fetch and returns its response', async () => {
    const calls: { url: string; init: Parameters<FetchLike>[1] }[] = [];
    const response: TransportResponse = {
      status: 202,
      statusText: 'Accepted',
      headers: { get: () => null },
      text: () => Promise.resolve(''),
    };
    const fake: FetchLike = (url, init) => {
      calls.push({ url, init });
      return Promise.resolve(response);
    };
    const signal = new AbortController().signal;
    const headers = {
      Authorization: `Bearer ${KEY}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': 'flokit:e:1',
    };
    const body = '{"event":"e","user_id":"u","timestamp":"T"}';
    const result = await fetchTransport(fake)({
      method: 'POST',
      url: `${BASE}/v1/events`,
      headers,
      body,
      signal,
    });
    expect(result).toBe(response);
    expect(calls).toHaveLength(1);
    const call = calls[0];
    expect(call?.url).toBe('https://api.flokit.ai/v1/events');
    expect(call?.init).toEqual({
      method: 'POST',
      headers: {
        Authorization: `Bearer ${KEY}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': 'flokit:e:1',
      },
      body,
      signal,
    });
    expect(call?.init.signal).toBe(signal);
    expect(call?.init.body).toBe(body);
    // A copy, so fetch implementations that mutate their init cannot reach the client's headers.
    expect(call?.init.headers).not.toBe(headers);
    expect(Object.keys(call?.init ?? {})).toEqual(['method', 'headers', 'body', 'signal']);
  });

  it('passes a fetch failure through as a rejection', async () => {
    const failure = new TypeError('fetch failed');
    const transport = fetchTransport(() => Promise.reject(failure));
    await expect(transport(request('/v1/events', '{}'))).rejects.toBe(failure);
  });
});

describe('createCaptureTransport: single events', () => {
  it('answers a valid event with 200 and a deterministic id', async () => {
    const capture = createCaptureTransport(validate);
    const response = await capture(request('/v1/events', JSON.stringify(good(1))));
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('OK');
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.text()).toBe('{"status":"ok","event_id":"evt_capture_1"}');
    expect(await answer(await capture(request('/v1/events', JSON.stringify(good(2)))))).toEqual({
      status: 200,
      text: '{"status":"ok","event_id":"evt_capture_2"}',
    });
  });

  it('answers an invalid event with 400 validation_error and every violation', async () => {
    const capture = createCaptureTransport(validate);
    const response = await capture(request('/v1/events', JSON.stringify(bad)));
    expect(response.status).toBe(400);
    expect(response.statusText).toBe('Bad Request');
    expect(response.headers.get('content-type')).toBe('application/json');
    const text = await response.text();
    expect(text).toBe(
      '{"error":"validation_error","message":"/user_id is required; /properties/paywall_id must be string"}',
    );
    expect(JSON.parse(text)).toEqual({
      error: 'validation_error',
      message: '/user_id is required; /properties/paywall_id must be string',
    });
    // A rejected event takes no id: the next accepted one is still evt_capture_1.
    expect(await answer(await capture(request('/v1/events', JSON.stringify(good(1)))))).toEqual({
      status: 200,
      text: '{"status":"ok","event_id":"evt_capture_1"}',
    });
  });

  it('accepts invalid events with rejectInvalid: false, recording the verdict', async () => {
    const capture = createCaptureTransport(validate, { rejectInvalid: false });
    expect(await answer(await capture(request('/v1/events', JSON.stringify(bad))))).toEqual({
      status: 200,
      text: '{"status":"ok","event_id":"evt_capture_1"}',
    });
    expect(capture.events).toEqual([
      {
        event: bad,
        json: JSON.stringify(bad),
        valid: false,
        violations: [
          { code: 'missing-required', path: '/user_id', message: 'is required' },
          { code: 'wrong-type', path: '/properties/paywall_id', message: 'must be string' },
        ],
        endpoint: '/v1/events',
        idempotencyKey: 'key-1',
        event_id: 'evt_capture_1',
      },
    ]);
  });

  it('rejectInvalid: true is the default', async () => {
    const capture = createCaptureTransport(validate, { rejectInvalid: true });
    expect((await capture(request('/v1/events', JSON.stringify(bad)))).status).toBe(400);
  });
});

describe('createCaptureTransport: like the API', () => {
  it('replays the first answer for a repeated Idempotency-Key, recording nothing new', async () => {
    const capture = createCaptureTransport(validate);
    const headers = { Authorization: `Bearer ${KEY}`, 'Idempotency-Key': 'same' };
    const first = await answer(
      await capture(request('/v1/events', JSON.stringify(good(1)), { headers })),
    );
    const again = await answer(
      await capture(request('/v1/events', JSON.stringify(good(1)), { headers })),
    );
    expect(again).toEqual(first);
    expect(capture.events).toHaveLength(1);
    expect(capture.requests).toHaveLength(2);
    capture.clear();
    expect(
      await answer(await capture(request('/v1/events', JSON.stringify(good(1)), { headers }))),
    ).toEqual({ status: 200, text: '{"status":"ok","event_id":"evt_capture_2"}' });
  });

  it('answers a body that is not JSON, or a batch without 1 to 1,000 events, with 400', async () => {
    const capture = createCaptureTransport(validate);
    expect(await answer(await capture(request('/v1/events', '{"event":')))).toEqual({
      status: 400,
      text: '{"error":"invalid_json","message":"The body is not JSON"}',
    });
    for (const body of [
      '{"events":[]}',
      '{"events":{}}',
      '[]',
      `{"events":[${Array(1001).fill('{}').join(',')}]}`,
    ]) {
      expect((await capture(request('/v1/batch/events', body))).status).toBe(400);
    }
    expect(capture.events).toEqual([]);
  });
});

describe('createCaptureTransport: batches', () => {
  it('accepts a batch of valid events', async () => {
    const capture = createCaptureTransport(validate);
    const texts = [good(1), good(2), good(3)].map((e) => JSON.stringify(e));
    expect(await answer(await capture(request('/v1/batch/events', batchBody(texts))))).toEqual({
      status: 200,
      text: '{"status":"ok","accepted":3,"rejected":0,"event_ids":["evt_capture_1","evt_capture_2","evt_capture_3"],"errors":[]}',
    });
  });

  it('answers a partial rejection as the API documents: 200, counts, ids of accepted events only, errors by index', async () => {
    const capture = createCaptureTransport(validate);
    const texts = [good(1), good(2), bad].map((e) => JSON.stringify(e));
    const response = await capture(request('/v1/batch/events', batchBody(texts)));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(
      '{"status":"ok","accepted":2,"rejected":1,"event_ids":["evt_capture_1","evt_capture_2"],"errors":[{"index":2,"reason":"/user_id is required; /properties/paywall_id must be string"}]}',
    );
  });

  it('reports rejected events at their 0-based request positions, ids not lined up with positions', async () => {
    const capture = createCaptureTransport(validate);
    const texts = [bad, good(1), { ...bad, user_id: 'u' }, good(2)].map((e) => JSON.stringify(e));
    const body: unknown = JSON.parse(
      await (await capture(request('/v1/batch/events', batchBody(texts)))).text(),
    );
    expect(body).toEqual({
      status: 'ok',
      accepted: 2,
      rejected: 2,
      event_ids: ['evt_capture_1', 'evt_capture_2'],
      errors: [
        { index: 0, reason: '/user_id is required; /properties/paywall_id must be string' },
        { index: 2, reason: '/properties/paywall_id must be string' },
      ],
    });
    expect(capture.events.map((e) => [e.valid, e.event_id])).toEqual([
      [false, undefined],
      [true, 'evt_capture_1'],
      [false, undefined],
      [true, 'evt_capture_2'],
    ]);
  });

  it('accepts every event of a batch with rejectInvalid: false', async () => {
    const capture = createCaptureTransport(validate, { rejectInvalid: false });
    const texts = [good(1), bad].map((e) => JSON.stringify(e));
    expect(await (await capture(request('/v1/batch/events', batchBody(texts)))).text()).toBe(
      '{"status":"ok","accepted":2,"rejected":0,"event_ids":["evt_capture_1","evt_capture_2"],"errors":[]}',
    );
    expect(capture.events.map((e) => e.valid)).toEqual([true, false]);
  });

  it('recognises the batch endpoint under a base path', async () => {
    const capture = createCaptureTransport(validate);
    const response = await capture({
      ...request('', batchBody([JSON.stringify(good(1))])),
      url: 'http://localhost:8787/flokit/v1/batch/events',
    });
    expect(await response.text()).toBe(
      '{"status":"ok","accepted":1,"rejected":0,"event_ids":["evt_capture_1"],"errors":[]}',
    );
    expect(capture.requests[0]?.path).toBe('/flokit/v1/batch/events');
    expect(capture.events[0]?.endpoint).toBe('/v1/batch/events');
  });
});

describe('createCaptureTransport: the record', () => {
  it('records each request with Authorization redacted and the caller headers untouched', async () => {
    const capture = createCaptureTransport(validate);
    const headers = {
      Authorization: `Bearer ${KEY}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': 'flokit:subscription_started:txn_42',
    };
    const body = JSON.stringify(good(1));
    await capture(request('/v1/events', body, { headers }));
    expect(capture.requests).toEqual([
      {
        url: 'https://api.flokit.ai/v1/events',
        path: '/v1/events',
        headers: {
          Authorization: 'Bearer [redacted]',
          'Content-Type': 'application/json',
          'Idempotency-Key': 'flokit:subscription_started:txn_42',
        },
        body,
      },
    ]);
    expect(headers.Authorization).toBe(`Bearer ${KEY}`);
    expect(capture.events[0]?.idempotencyKey).toBe('flokit:subscription_started:txn_42');
  });

  it.each(['authorization', 'AUTHORIZATION', 'Authorization'])(
    'redacts an %s header whatever its scheme',
    async (name) => {
      const capture = createCaptureTransport(validate);
      await capture(
        request('/v1/events', JSON.stringify(good(1)), { headers: { [name]: `Basic ${KEY}` } }),
      );
      expect(capture.requests[0]?.headers).toEqual({ [name]: 'Bearer [redacted]' });
      expect(JSON.stringify([capture.requests, capture.events])).not.toContain(KEY);
    },
  );

  it('records a request without an Idempotency-Key as undefined', async () => {
    const capture = createCaptureTransport(validate);
    await capture(
      request('/v1/events', JSON.stringify(good(1)), {
        headers: { Authorization: `Bearer ${KEY}` },
      }),
    );
    expect(capture.events[0]?.idempotencyKey).toBeUndefined();
  });

  it('reads the Idempotency-Key header whatever its case', async () => {
    const capture = createCaptureTransport(validate);
    await capture(
      request('/v1/events', JSON.stringify(good(1)), {
        headers: { 'idempotency-key': 'key-lower' },
      }),
    );
    expect(capture.events[0]?.idempotencyKey).toBe('key-lower');
  });

  it('records every event of a batch with its exact JSON text, verdict, endpoint, key and id', async () => {
    const capture = createCaptureTransport(validate);
    const tricky = [
      good(1),
      {
        ...good(2),
        properties: {
          paywall_id: 'pw_é_🎉_\uD800',
          revenue: 49.99,
          big: 1e21,
          tiny: 5e-324,
          neg: -0,
          quote: '"\\/\n\u2028',
        },
      },
      JSON.parse(
        '{"event":"paywall_viewed","user_id":"u","timestamp":"T","__proto__":{"x":1},"properties":{"paywall_id":"p"}}',
      ) as Record<string, unknown>,
      bad,
    ];
    const texts = tricky.map((e) => JSON.stringify(e));
    await capture(
      request('/v1/batch/events', batchBody(texts), {
        headers: { Authorization: `Bearer ${KEY}`, 'Idempotency-Key': 'batch-key' },
      }),
    );
    expect(capture.events.map((e) => e.json)).toEqual(texts);
    expect(capture.events.map((e) => JSON.stringify(e.event))).toEqual(texts);
    expect(
      capture.events.map((e) => [
        e.endpoint,
        e.idempotencyKey,
        e.valid,
        e.event_id,
        e.violations.length,
      ]),
    ).toEqual([
      ['/v1/batch/events', 'batch-key', true, 'evt_capture_1', 0],
      ['/v1/batch/events', 'batch-key', true, 'evt_capture_2', 0],
      ['/v1/batch/events', 'batch-key', true, 'evt_capture_3', 0],
      ['/v1/batch/events', 'batch-key', false, undefined, 2],
    ]);
    expect(Object.hasOwn(capture.events[2]?.event as object, '__proto__')).toBe(true);
    expect(capture.requests).toHaveLength(1);
    expect(capture.requests[0]?.body).toBe(batchBody(texts));
  });

  it('records the exact JSON text of a single event', async () => {
    const capture = createCaptureTransport(validate);
    const body = JSON.stringify({ ...good(1), properties: { paywall_id: 'p', n: 0.1 + 0.2 } });
    await capture(request('/v1/events', body));
    expect(capture.events[0]?.json).toBe(body);
    expect(capture.events[0]?.event).toEqual(JSON.parse(body));
    expect(capture.events[0]?.violations).toEqual([]);
  });

  it('clear() forgets requests and events, and the same arrays keep recording', async () => {
    const capture = createCaptureTransport(validate);
    const { requests, events } = capture;
    await capture(request('/v1/events', JSON.stringify(good(1))));
    await capture(
      request('/v1/batch/events', batchBody([JSON.stringify(good(2)), JSON.stringify(bad)])),
    );
    expect(requests).toHaveLength(2);
    expect(events).toHaveLength(3);
    capture.clear();
    expect(capture.requests).toEqual([]);
    expect(capture.events).toEqual([]);
    await capture(request('/v1/events', JSON.stringify(good(3))));
    expect(capture.requests).toBe(requests);
    expect(capture.events).toBe(events);
    expect(requests.map((r) => r.body)).toEqual([JSON.stringify(good(3))]);
    expect(events.map((e) => e.event)).toEqual([good(3)]);
  });

  it('rejects with the reason of an already-aborted signal and records nothing', async () => {
    const capture = createCaptureTransport(validate);
    const reason = new Error('caller gave up');
    const controller = new AbortController();
    controller.abort(reason);
    await expect(
      capture(request('/v1/events', JSON.stringify(good(1)), { signal: controller.signal })),
    ).rejects.toBe(reason);
    await expect(
      capture(request('/v1/events', JSON.stringify(good(1)), { signal: AbortSignal.abort() })),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(capture.requests).toEqual([]);
    expect(capture.events).toEqual([]);
    // Nothing was accepted, so the first id is still unused.
    expect(await (await capture(request('/v1/events', JSON.stringify(good(1))))).text()).toBe(
      '{"status":"ok","event_id":"evt_capture_1"}',
    );
  });

  it('is a Transport the client can call: a function with the record attached', () => {
    const capture = createCaptureTransport(validate);
    expect(typeof capture).toBe('function');
    expect(capture.requests).toEqual([]);
    expect(capture.events).toEqual([]);
    expect(typeof capture.clear).toBe('function');
  });
});
