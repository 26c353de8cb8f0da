// `flokit-gen serve` and `startCollector()`: a local FloKit-compatible collector. It loads the
// taxonomy, checks every event with the generated validators, keeps events in the store, serves
// FloKit's endpoints, the JSON API, the live stream and the web view, and reloads the plan when the
// taxonomy changes (a broken edit keeps the last good plan). In: options. Out: a running Collector.
import { mkdtempSync, rmSync, statSync, watch, type FSWatcher } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { TaxonomyError, type Diagnostic } from '../diagnostics.js';
import { planPage } from '../docs/page.js';
import { planOf, type Plan } from '../docs/plan.js';
import type { LoadCache } from '../load/index.js';
import type { Taxonomy } from '../model/ir.js';
import { createPayloadChecker, type PayloadChecker } from '../payloads/check.js';
import { loadTaxonomy } from '../pipeline.js';
import { api, EventStream, summarize, type Summary } from './api.js';
import { HttpError, sendError } from './http.js';
import { ingest, RateLimiter } from './ingest.js';
import type { StoredEvent } from './record.js';
import { EventStore, type EventPage, type EventQuery } from './store.js';

export interface CollectorOptions {
  /** Taxonomy file or directory. Default: the project config's, else `taxonomy/` (in `cwd`). */
  readonly taxonomy?: string;
  /** Where relative paths and the config file are looked up. Default: the process's cwd. */
  readonly cwd?: string;
  /** The SQLite file events are kept in. Default: a temporary file, removed by close(). */
  readonly store?: string;
  /** Empty the store first. */
  readonly reset?: boolean;
  /** Default 0: any free port (see Collector.url). */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Require this Bearer key (default: any key is accepted, none is still a 401, as on FloKit). */
  readonly apiKey?: string;
  /** Store invalid events flagged and answer 200, instead of 400 / a batch error. */
  readonly acceptInvalid?: boolean;
  /** Answer 429 with Retry-After beyond this many requests a minute (FloKit's limit is 100). Default: no limit. */
  readonly rateLimit?: number;
  /** Reload the plan when the taxonomy changes. Default true. */
  readonly watch?: boolean;
  /** Told about every event once it is stored (the CLI prints a line for each). */
  readonly onEvent?: (event: StoredEvent) => void;
  /** Told when the plan is reloaded or a taxonomy edit is rejected. */
  readonly onReload?: (result: { readonly taxonomy: Taxonomy } | { readonly diagnostics: readonly Diagnostic[] } | { readonly error: Error }) => void;
}

/** A stored event whose payload has the shape of event type `E`. */
export type CollectedEvent<E> = StoredEvent<E>;

type DeepPartial<T> = T extends readonly (infer I)[] ? readonly DeepPartial<I>[] : T extends object ? { readonly [K in keyof T]?: DeepPartial<T[K]> } : T;

/** What waitFor looks for: fields the payload must have (nested objects match by subset), or a test. */
export type EventMatch<E> = DeepPartial<E> | ((event: CollectedEvent<E>) => boolean);

export interface WaitOptions {
  /** Default 5,000 ms. */
  readonly timeoutMs?: number;
}

/**
 * A running collector. `E` is the union of event types (the generated `FloKitEvent`, say), which
 * types waitFor's match and result.
 */
export interface Collector<E extends { readonly event: string } = { readonly event: string }> {
  /** `http://127.0.0.1:<port>`: the generated client's `baseUrl`. */
  readonly url: string;
  readonly port: number;
  readonly storeFile: string;
  /**
   * Resolves with the first event named `event` that matches, already stored or arriving later;
   * rejects after `timeoutMs` saying what did arrive. No polling loops.
   * @example const seen = await collector.waitFor('paywall_viewed', { user_id: 'usr_1', properties: { paywall_id: 'pw_1' } });
   */
  waitFor<N extends E['event']>(event: N, match?: EventMatch<Extract<E, { readonly event: N }>>, options?: WaitOptions): Promise<CollectedEvent<Extract<E, { readonly event: N }>>>;
  events(query?: EventQuery): EventPage;
  event(eventId: string): StoredEvent | undefined;
  summary(): Summary;
  plan(): Plan;
  /** Removes every stored event; returns how many there were. */
  reset(): number;
  /** Stops serving, closes the store (and removes it when it was the temporary default). */
  close(): Promise<void>;
}

interface Loaded {
  readonly plan: Plan;
  readonly validate: PayloadChecker;
}

export async function startCollector<E extends { readonly event: string } = { readonly event: string }>(options: CollectorOptions = {}): Promise<Collector<E>> {
  const cwd = resolve(options.cwd ?? '.');
  const taxonomyPath = options.taxonomy === undefined ? loadConfig(cwd).config.taxonomy : resolve(cwd, options.taxonomy);
  const cache: LoadCache = new Map();
  // The taxonomy first, then the store and its lock: a collector that cannot start says so at once.
  // Each event's generated checker is compiled in memory on its first payload (createPayloadChecker).
  const loaded = loadTaxonomy(taxonomyPath, { cache });
  if (loaded.taxonomy === undefined) throw new TaxonomyError(loaded.diagnostics);
  const temporary = options.store === undefined ? mkdtempSync(join(tmpdir(), 'flokit-gen-store-')) : undefined;
  const storeFile = temporary === undefined ? resolve(cwd, options.store as string) : join(temporary, 'events.db');
  const removeTemporary = (): void => {
    if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true });
  };
  let store: EventStore;
  try {
    store = EventStore.open(storeFile, { reset: options.reset === true });
  } catch (error) {
    removeTemporary();
    throw error;
  }
  let current: Loaded = { plan: planOf(loaded.taxonomy), validate: createPayloadChecker(loaded.taxonomy) };

  const stream = new EventStream();
  const waiters = new Set<(event: StoredEvent) => void>();
  const onStored = (events: readonly StoredEvent[]): void => {
    for (const e of events) {
      stream.send('stored', e);
      options.onEvent?.(e);
      for (const waiter of waiters) waiter(e);
    }
  };
  const reset = (): number => {
    const removed = store.reset();
    stream.send('reset', { removed });
    return removed;
  };
  const ingestState = {
    store,
    validate: () => current.validate,
    acceptInvalid: options.acceptInvalid === true,
    onStored,
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    ...(options.rateLimit === undefined ? {} : { limiter: new RateLimiter(options.rateLimit) }),
  };
  const apiState = { store, plan: () => current.plan, stream, reset };
  const page = planPage({ title: 'flokit-gen serve' });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (url.pathname === '/v1/events' || url.pathname === '/v1/batch/events') {
      if (method !== 'POST') throw new HttpError(405, 'method_not_allowed', `${url.pathname} takes POST`);
      return ingest(req, res, ingestState, url.pathname === '/v1/events' ? 'single' : 'batch');
    }
    if (url.pathname.startsWith('/api/')) return api(req, res, url, apiState);
    if (url.pathname === '/' && (method === 'GET' || method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(page);
    }
    throw new HttpError(404, 'not_found', `no route ${method} ${url.pathname}`);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      sendError(res, error instanceof HttpError ? error : new HttpError(500, 'internal_error', error instanceof Error ? error.message : String(error)));
    });
  });
  try {
    await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  } catch (error) {
    store.close();
    removeTemporary();
    throw error;
  }
  const pinger = setInterval(() => stream.ping(), 15_000);
  pinger.unref();
  const watcher = options.watch === false ? undefined : watchTaxonomyFiles(taxonomyPath, () => {
    try {
      const result = loadTaxonomy(taxonomyPath, { cache });
      if (result.taxonomy === undefined) return options.onReload?.({ diagnostics: result.diagnostics });
      current = { plan: planOf(result.taxonomy), validate: createPayloadChecker(result.taxonomy) };
      stream.send('plan', { taxonomy: current.plan.taxonomy, version: current.plan.version });
      options.onReload?.({ taxonomy: result.taxonomy });
    } catch (error) {
      // A taxonomy file unreadable mid-save: the last good plan stays.
      options.onReload?.({ error: error instanceof Error ? error : new Error(String(error)) });
    }
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const host = options.host ?? '127.0.0.1';

  const waitFor = (event: string, match: EventMatch<unknown> | undefined, waitOptions: WaitOptions = {}): Promise<StoredEvent> => {
    const test = (e: StoredEvent): boolean => e.event === event && (match === undefined || (typeof match === 'function' ? (match as (e: StoredEvent) => boolean)(e) : isSubset(match, e.payload)));
    for (const e of store.scan({ event })) if (test(e)) return Promise.resolve(e);
    const timeoutMs = waitOptions.timeoutMs ?? 5000;
    return new Promise((resolveWait, reject) => {
      const waiter = (e: StoredEvent): void => {
        if (!test(e)) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolveWait(e);
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        const arrived = store.counts().find((c) => c.name === event)?.count ?? 0;
        const wanted = match === undefined ? '' : typeof match === 'function' ? ' matching the given test' : ` matching ${JSON.stringify(match)}`;
        reject(new Error(`waitFor timed out after ${timeoutMs} ms: no ${event}${wanted} arrived (${arrived} ${event} event${arrived === 1 ? '' : 's'} in the store)`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  };

  const collector: Collector = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    storeFile,
    waitFor: waitFor as Collector['waitFor'],
    events: (query = {}) => store.query(query),
    event: (id) => store.get(id),
    summary: () => summarize(store, current.plan),
    plan: () => current.plan,
    reset,
    close: async () => {
      clearInterval(pinger);
      watcher?.close();
      stream.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      store.close();
      removeTemporary();
    },
  };
  return collector as unknown as Collector<E>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      done();
    });
  });
}

/** Every key of `want` is in `have` with an equal value; objects compare by subset, arrays item by item. */
export function isSubset(want: unknown, have: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(have) && want.length === have.length && want.every((w, i) => isSubset(w, have[i]));
  if (typeof want === 'object' && want !== null) {
    if (typeof have !== 'object' || have === null || Array.isArray(have)) return false;
    return Object.entries(want).every(([k, v]) => Object.hasOwn(have, k) && isSubset(v, (have as Record<string, unknown>)[k]));
  }
  return Object.is(want, have);
}

/** Watches the taxonomy's directory (editors replace files on save); bursts of events run `reload` once. */
function watchTaxonomyFiles(path: string, reload: () => void): FSWatcher {
  const isDir = statSync(path).isDirectory();
  const dir = isDir ? path : dirname(path);
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dir, { recursive: false }, (_, file) => {
    if (!isDir && file !== null && file !== basename(path)) return;
    clearTimeout(timer);
    timer = setTimeout(reload, 100);
  });
  watcher.on('close', () => clearTimeout(timer));
  return watcher;
}
