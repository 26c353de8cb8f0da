// FloKit's two write endpoints, as FloKit documents them: `POST /v1/events` (one event object →
// `{status, event_id}`) and `POST /v1/batch/events` (`{events: [...]}`, at most 1,000 → `{status,
// accepted, rejected, event_ids, errors}`), Bearer auth (401), an optional requests-per-minute
// limit (429 with Retry-After), and Idempotency-Key replay (200 with the original reply, nothing
// stored again, for 24 hours). Every event is checked by the generated validators; an invalid one
// is stored flagged and answered 400 (single) or listed in `errors` (batch) with its violations,
// unless `acceptInvalid`. In: a request and the collector's state. Out: the answer, stored events.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BATCH_EVENTS } from '../emit/json-schema.js';
import type { PayloadChecker, PayloadVerdict } from '../payloads/check.js';
import { HttpError, readJson, sendJson } from './http.js';
import type { NewEvent, StoredEvent } from './record.js';
import type { EventStore } from './store.js';

export interface IngestState {
  readonly store: EventStore;
  readonly validate: () => PayloadChecker;
  readonly apiKey?: string;
  readonly acceptInvalid: boolean;
  readonly limiter?: RateLimiter;
  /** Told about every event once it is committed. */
  readonly onStored: (events: readonly StoredEvent[]) => void;
}

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** `evt_` + 10 characters of time (so ids sort by arrival) + 10 random ones, like FloKit's ids. */
export function newEventId(now = Date.now()): string {
  let time = '';
  for (let n = now, i = 0; i < 10; i++, n = Math.floor(n / 32)) time = (CROCKFORD[n % 32] as string) + time;
  const random = [...randomBytes(10)].map((b) => CROCKFORD[b % 32]).join('');
  return `evt_${time}${random}`;
}

/** A fixed one-minute window, as FloKit's documented 100 requests per minute. */
export class RateLimiter {
  private windowStart = 0;
  private used = 0;
  constructor(readonly perMinute: number) {}

  /** Seconds to wait when over the limit, else undefined (and the request is counted). */
  take(now = Date.now()): number | undefined {
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.used = 0;
    }
    if (this.used < this.perMinute) {
      this.used++;
      return undefined;
    }
    return Math.max(1, Math.ceil((this.windowStart + 60_000 - now) / 1000));
  }
}

export async function ingest(req: IncomingMessage, res: ServerResponse, state: IngestState, endpoint: 'single' | 'batch'): Promise<void> {
  authorize(req, state.apiKey);
  const wait = state.limiter?.take();
  if (wait !== undefined) throw new HttpError(429, 'rate_limited', `more than ${state.limiter?.perMinute} requests per minute; retry after ${wait} s`, {}, { 'retry-after': String(wait) });
  const body = await readJson(req);
  const key = header(req, 'idempotency-key');
  const replyKey = key === undefined ? undefined : `${endpoint} ${key}`;
  const replayed = replyKey === undefined ? undefined : state.store.reply(replyKey);
  if (replayed !== undefined) return sendJson(res, 200, replayed, { 'idempotent-replayed': 'true' });
  const validate = state.validate();
  if (endpoint === 'single') return single(res, state, validate(body), body, key, replyKey);
  return batch(res, state, validate, body, key, replyKey);
}

async function single(res: ServerResponse, state: IngestState, verdict: PayloadVerdict, payload: unknown, key: string | undefined, replyKey: string | undefined): Promise<void> {
  const accepted = verdict.valid || state.acceptInvalid;
  const record = newRecord(payload, verdict, accepted, 'single', key);
  const reply = { status: 'ok', event_id: record.event_id };
  const { stored, committed } = state.store.add([record], accepted && replyKey !== undefined ? { key: replyKey, body: JSON.stringify(reply) } : undefined);
  await committed;
  state.onStored(stored);
  if (accepted) return sendJson(res, 200, reply);
  const violations = record.violations;
  throw new HttpError(400, 'validation_error', describe(violations), { violations });
}

async function batch(res: ServerResponse, state: IngestState, validate: PayloadChecker, body: unknown, key: string | undefined, replyKey: string | undefined): Promise<void> {
  const events = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { events?: unknown }).events : undefined;
  if (!Array.isArray(events)) throw new HttpError(400, 'validation_error', 'the body must be an object {"events": [...]}');
  if (events.length > MAX_BATCH_EVENTS) throw new HttpError(400, 'batch_too_large', `a batch holds at most ${MAX_BATCH_EVENTS} events; this one has ${events.length}`);
  const records: NewEvent[] = [];
  const errors: { index: number; reason: string; violations: NewEvent['violations'] }[] = [];
  events.forEach((payload: unknown, index) => {
    const verdict = validate(payload);
    const accepted = verdict.valid || state.acceptInvalid;
    const record = newRecord(payload, verdict, accepted, 'batch', key);
    records.push(record);
    if (!accepted) errors.push({ index, reason: describe(record.violations), violations: record.violations });
  });
  const eventIds = records.filter((r) => r.accepted).map((r) => r.event_id);
  const reply = { status: 'ok', accepted: eventIds.length, rejected: errors.length, event_ids: eventIds, errors };
  const { stored, committed } = state.store.add(records, replyKey === undefined ? undefined : { key: replyKey, body: JSON.stringify(reply) });
  await committed;
  state.onStored(stored);
  sendJson(res, 200, reply);
}

function authorize(req: IncomingMessage, apiKey: string | undefined): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '');
  if (match === null) throw new HttpError(401, 'unauthorized', 'missing API key: send the header Authorization: Bearer <API key>');
  if (apiKey !== undefined && match[1] !== apiKey) throw new HttpError(401, 'unauthorized', 'invalid API key');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function newRecord(payload: unknown, verdict: PayloadVerdict, accepted: boolean, endpoint: 'single' | 'batch', key: string | undefined): NewEvent {
  const fields = typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Readonly<Record<string, unknown>>) : {};
  const text = (name: string): string | null => (Object.hasOwn(fields, name) && typeof fields[name] === 'string' ? (fields[name] as string) : null);
  return {
    event_id: newEventId(),
    received_at: new Date().toISOString(),
    event: text('event'),
    user_id: text('user_id'),
    anonymous_id: text('anonymous_id'),
    timestamp: text('timestamp'),
    valid: verdict.valid,
    accepted,
    violations: verdict.valid ? [] : verdict.violations.map(({ code, path, message, hint }) => ({ code, path, message, ...(hint === undefined ? {} : { hint }) })),
    payload,
    idempotency_key: key ?? null,
    endpoint,
  };
}

/** FloKit's `message`: every violation, path first. */
function describe(violations: NewEvent['violations']): string {
  const n = violations.length;
  return `${n} violation${n === 1 ? '' : 's'}: ${violations.map((v) => `${v.path === '' ? '(the event)' : v.path} ${v.message}${v.hint === undefined ? '' : ` (${v.hint})`}`).join('; ')}`;
}
