// The collector's own JSON API, for the web view, tests and scripts (no auth: it binds 127.0.0.1):
//   GET    /api/events?event=&user=&valid=&q=&since=&until=&before=&limit=   newest first, paged
//   GET    /api/events/<event_id>                                         one event, or 404
//   GET    /api/summary      counts per event, valid/invalid, planned events not seen yet
//   GET    /api/plan         the plan (as `flokit-gen docs` writes plan.json)
//   GET    /api/stream       server-sent events: `stored` (an event), `reset`, `plan` (taxonomy edited)
//   POST   /api/reset        removes every event (also DELETE /api/events)
// In: a request and the collector's state. Out: JSON answers and the stream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plan } from '../docs/plan.js';
import { HttpError, sendJson } from './http.js';
import type { StoredEvent } from './record.js';
import type { EventQuery, EventStore } from './store.js';

export interface Summary {
  readonly total: number;
  readonly valid: number;
  readonly invalid: number;
  /** Every planned event (count 0 when not seen), then any other name that arrived; `''` for events without a name. */
  readonly events: readonly { readonly name: string; readonly planned: boolean; readonly count: number; readonly valid: number; readonly invalid: number }[];
  /** Planned events that have not arrived yet. */
  readonly notSeen: readonly string[];
}

export interface ApiState {
  readonly store: EventStore;
  readonly plan: () => Plan;
  readonly stream: EventStream;
  readonly reset: () => number;
}

export function summarize(store: EventStore, plan: Plan): Summary {
  const counts = new Map(store.counts().map((c) => [c.name, c]));
  const planned = new Set(plan.events.map((e) => e.name));
  const events = [
    ...plan.events.map((e) => ({ name: e.name, planned: true, count: 0, valid: 0, invalid: 0, ...counts.get(e.name) })),
    ...[...counts.values()].filter((c) => !planned.has(c.name)).map((c) => ({ ...c, planned: false })),
  ];
  const sum = (key: 'count' | 'valid' | 'invalid'): number => events.reduce((n, e) => n + e[key], 0);
  return { total: sum('count'), valid: sum('valid'), invalid: sum('invalid'), events, notSeen: events.filter((e) => e.planned && e.count === 0).map((e) => e.name) };
}

/** Server-sent events to every open page; a client that stops reading is dropped, so memory stays bounded. */
export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private static readonly MAX_BUFFERED = 4 * 1024 * 1024;

  open(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
  }

  send(type: 'stored' | 'reset' | 'plan', data: unknown): void {
    const text = `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of this.clients) {
      if (res.writableLength > EventStream.MAX_BUFFERED) {
        this.clients.delete(res);
        res.destroy();
      } else res.write(text);
    }
  }

  /** A comment line keeps idle connections (and proxies) from timing out. */
  ping(): void {
    for (const res of this.clients) res.write(': ping\n\n');
  }

  close(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}

export function api(req: IncomingMessage, res: ServerResponse, url: URL, state: ApiState): void {
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (path === '/api/events' && method === 'GET') return sendJson(res, 200, state.store.query(eventQuery(url.searchParams)));
  if ((path === '/api/events' && method === 'DELETE') || (path === '/api/reset' && method === 'POST')) return sendJson(res, 200, { status: 'ok', removed: state.reset() });
  if (path.startsWith('/api/events/') && method === 'GET') {
    const id = decodeURIComponent(path.slice('/api/events/'.length));
    const found: StoredEvent | undefined = state.store.get(id);
    if (found === undefined) throw new HttpError(404, 'not_found', `no event with event_id ${JSON.stringify(id)}`);
    return sendJson(res, 200, found);
  }
  if (path === '/api/summary' && method === 'GET') return sendJson(res, 200, summarize(state.store, state.plan()));
  if (path === '/api/plan' && method === 'GET') return sendJson(res, 200, state.plan());
  if (path === '/api/stream' && method === 'GET') return state.stream.open(req, res);
  throw new HttpError(404, 'not_found', `no route ${method} ${path}`);
}

/** The query string of GET /api/events, checked: a typo is a 400, never a silently ignored filter. */
export function eventQuery(params: URLSearchParams): EventQuery {
  const known = ['event', 'user', 'valid', 'q', 'since', 'until', 'before', 'limit'];
  for (const key of params.keys()) if (!known.includes(key)) throw new HttpError(400, 'invalid_query', `unknown parameter ${JSON.stringify(key)} (known: ${known.join(', ')})`);
  const text = (key: string): string | undefined => params.get(key) ?? undefined;
  const int = (key: string): number | undefined => {
    const value = params.get(key);
    if (value === null) return undefined;
    if (!/^\d+$/.test(value)) throw new HttpError(400, 'invalid_query', `${key} must be a whole number`);
    return Number(value);
  };
  const time = (key: string): string | undefined => {
    const value = params.get(key);
    if (value === null) return undefined;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw new HttpError(400, 'invalid_query', `${key} must be an ISO 8601 time`);
    return date.toISOString();
  };
  const valid = params.get('valid');
  if (valid !== null && valid !== 'true' && valid !== 'false') throw new HttpError(400, 'invalid_query', 'valid must be true or false');
  const query: Record<string, string | number | boolean | undefined> = { event: text('event'), user: text('user'), valid: valid === null ? undefined : valid === 'true', q: text('q'), since: time('since'), until: time('until'), before: int('before'), limit: int('limit') };
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as EventQuery;
}
