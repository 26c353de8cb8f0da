// How a request leaves the client: a Transport is one function from a finished request (URL,
// headers, body bytes, abort signal) to a response. The default wraps `fetch`; the capture transport
// answers in memory the way the FloKit API would, and records every request and event for the
// caller's own tests. In: requests. Out: responses, and for capture, the record.
import { formatViolations, type ValidationResult, type Violation } from './validation.js';

export interface TransportRequest {
  readonly method: 'POST';
  readonly url: string;
  /** `Authorization` included: a transport is the one place that may see the key. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact JSON text sent; it never changes between retries. */
  readonly body: string;
  readonly signal: AbortSignal;
}

/** What the client reads from an answer; a `fetch` Response has this shape. */
export interface TransportResponse {
  readonly status: number;
  readonly statusText?: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface Transport {
  (request: TransportRequest): Promise<TransportResponse>;
}

/** The subset of `fetch` the client calls, so any WHATWG-compatible implementation fits. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<TransportResponse>;

export function fetchTransport(fetchImpl: FetchLike): Transport {
  return (request) =>
    fetchImpl(request.url, {
      method: request.method,
      headers: { ...request.headers },
      body: request.body,
      signal: request.signal,
    });
}

/** One event the capture transport received. */
export interface CapturedEvent {
  /** The event as sent (parsed from the body). */
  readonly event: unknown;
  /** The event's JSON text, byte for byte as it went on the wire. */
  readonly json: string;
  /** The verdict of the generated validator, as the FloKit API would judge it. */
  readonly valid: boolean;
  readonly violations: readonly Violation[];
  readonly endpoint: '/v1/events' | '/v1/batch/events';
  /** The Idempotency-Key of the request that carried it. */
  readonly idempotencyKey: string | undefined;
  /** The id the capture transport answered with, for accepted events. */
  readonly event_id: string | undefined;
}

/** One request the capture transport received; the Authorization header is redacted. */
export interface CapturedRequest {
  readonly url: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface CaptureTransport extends Transport {
  readonly requests: readonly CapturedRequest[];
  readonly events: readonly CapturedEvent[];
  /** Forget requests, events and replayable keys (ids keep counting, so they stay unique). */
  clear(): void;
}

export interface CaptureTransportOptions {
  /**
   * `true` (default): answer invalid events as the API does (400 for one event, a partial
   * rejection in a batch). `false`: accept everything, whatever the verdict.
   */
  readonly rejectInvalid?: boolean;
}

function jsonResponse(status: number, body: unknown): TransportResponse {
  const text = JSON.stringify(body);
  return {
    status,
    statusText: status === 200 ? 'OK' : 'Bad Request',
    headers: { get: (name) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) },
    text: () => Promise.resolve(text),
  };
}

function reason(violations: readonly Violation[]): string {
  return formatViolations(violations, '; ');
}

/** An in-memory FloKit API: no network, deterministic ids (`evt_capture_1`, ...). */
export function createCaptureTransport(
  validate: (input: unknown) => ValidationResult<unknown>,
  options: CaptureTransportOptions = {},
): CaptureTransport {
  const rejectInvalid = options.rejectInvalid ?? true;
  const requests: CapturedRequest[] = [];
  const events: CapturedEvent[] = [];
  const answers = new Map<string, { status: number; body: unknown }>();
  let nextId = 1;

  function capture(
    endpoint: CapturedEvent['endpoint'],
    event: unknown,
    key: string | undefined,
  ): CapturedEvent {
    const verdict = validate(event);
    const violations = verdict.valid ? [] : verdict.violations;
    const accepted = verdict.valid || !rejectInvalid;
    const captured: CapturedEvent = {
      event,
      json: JSON.stringify(event),
      valid: verdict.valid,
      violations,
      endpoint,
      idempotencyKey: key,
      event_id: accepted ? `evt_capture_${nextId++}` : undefined,
    };
    events.push(captured);
    return captured;
  }

  const transport = async (request: TransportRequest): Promise<TransportResponse> => {
    request.signal.throwIfAborted();
    const path = new URL(request.url).pathname;
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([k, v]) => [
        k,
        k.toLowerCase() === 'authorization' ? 'Bearer [redacted]' : v,
      ]),
    );
    requests.push({ url: request.url, path, headers, body: request.body });
    const key = Object.entries(request.headers).find(
      ([name]) => name.toLowerCase() === 'idempotency-key',
    )?.[1];
    // A repeated key replays the first answer, as the API does for 24 hours.
    const replay = key === undefined ? undefined : answers.get(key);
    if (replay !== undefined) return jsonResponse(replay.status, replay.body);
    const answer = respond(path, request.body, key);
    if (key !== undefined) answers.set(key, answer);
    return jsonResponse(answer.status, answer.body);
  };

  function respond(
    path: string,
    text: string,
    key: string | undefined,
  ): { status: number; body: unknown } {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { status: 400, body: { error: 'invalid_json', message: 'The body is not JSON' } };
    }
    if (path.endsWith('/v1/batch/events')) {
      const list =
        typeof body === 'object' && body !== null
          ? (body as { events?: unknown }).events
          : undefined;
      if (!Array.isArray(list) || list.length === 0 || list.length > 1000) {
        return {
          status: 400,
          body: {
            error: 'validation_error',
            message: 'events must be an array of 1 to 1000 events',
          },
        };
      }
      const eventIds: string[] = [];
      const errors: { index: number; reason: string }[] = [];
      list.forEach((event, index) => {
        const captured = capture('/v1/batch/events', event, key);
        if (captured.event_id === undefined) {
          errors.push({ index, reason: reason(captured.violations) });
        } else {
          eventIds.push(captured.event_id);
        }
      });
      return {
        status: 200,
        body: {
          status: 'ok',
          accepted: eventIds.length,
          rejected: errors.length,
          event_ids: eventIds,
          errors,
        },
      };
    }
    const captured = capture('/v1/events', body, key);
    if (captured.event_id === undefined) {
      return {
        status: 400,
        body: { error: 'validation_error', message: reason(captured.violations) },
      };
    }
    return { status: 200, body: { status: 'ok', event_id: captured.event_id } };
  }

  return Object.assign(transport, {
    requests,
    events,
    clear(): void {
      requests.length = 0;
      events.length = 0;
      answers.clear();
    },
  });
}
