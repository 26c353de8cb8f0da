// The collector's event store: one SQLite file (node-sqlite3-wasm: SQLite compiled to WebAssembly,
// installed from npm alone, no compiler and no download) holding every event received, its verdict,
// and the Idempotency-Key replies of the last 24 hours. Writes are grouped: the inserts of ~10 ms
// go into one transaction, and each request is answered after the commit that holds its events.
// `synchronous = OFF`: SQLite hands every write to the OS but does not wait for the disk (a commit
// with fsync costs ~7 ms on this VFS, ~1.5 ms without): the store survives the collector being
// killed or restarted, not the machine losing power, which is the right trade for a development tool.
// The file is held exclusively while open; a second collector on it, a stale lock or a file that
// is not a store gives a StoreError that says what to do, and nothing in the file is touched.
// In: a file path. Out: inserts, queries, a summary, reset.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Database as SqliteDatabase, QueryResult, Statement } from 'node-sqlite3-wasm';
import { isRunning } from '../processes.js';
import type { NewEvent, StoredEvent } from './record.js';

export class StoreError extends Error {
  override readonly name = 'StoreError';
}

/** What a query may filter on; every filter is optional. */
export interface EventQuery {
  readonly event?: string;
  /** Matches user_id or anonymous_id. */
  readonly user?: string;
  readonly valid?: boolean;
  /** Case-insensitive text anywhere in the payload. */
  readonly q?: string;
  /** Received at or after this ISO time. */
  readonly since?: string;
  /** Received before this ISO time. */
  readonly until?: string;
  /** Only events older than this `seq` (paging backwards). */
  readonly before?: number;
  /** Default 100, at most 1,000. */
  readonly limit?: number;
}

export interface EventPage {
  /** Newest first. */
  readonly events: readonly StoredEvent[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  readonly next?: number;
}

export interface EventCount {
  readonly name: string;
  readonly count: number;
  readonly valid: number;
  readonly invalid: number;
}

const SCHEMA_VERSION = '1';
const IDEMPOTENCY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_LIMIT = 100;
const GROUP_COMMIT_MS = 10;
const MAX_LIMIT = 1000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS flokit_store (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  received_at TEXT NOT NULL,
  event TEXT,
  user_id TEXT,
  anonymous_id TEXT,
  timestamp TEXT,
  valid INTEGER NOT NULL,
  accepted INTEGER NOT NULL,
  violations TEXT NOT NULL,
  payload TEXT NOT NULL,
  idempotency_key TEXT,
  endpoint TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_event ON events (event, seq);
CREATE INDEX IF NOT EXISTS events_by_user ON events (user_id, seq);
CREATE INDEX IF NOT EXISTS events_by_anonymous ON events (anonymous_id, seq);
CREATE INDEX IF NOT EXISTS events_by_validity ON events (valid, seq);
CREATE TABLE IF NOT EXISTS replies (key TEXT PRIMARY KEY, created_at INTEGER NOT NULL, reply TEXT NOT NULL);
`;

type Row = Record<string, string | number | bigint | Uint8Array | null>;

function loadSqlite(): typeof import('node-sqlite3-wasm') {
  return createRequire(import.meta.url)('node-sqlite3-wasm') as typeof import('node-sqlite3-wasm');
}

/** Who holds the store open, written inside SQLite's lock directory so a crash's stale lock can be told apart. */
function ownerFile(file: string): string {
  return join(`${file}.lock`, 'owner');
}

export class EventStore {
  private readonly db: SqliteDatabase;
  private insertStatement: Statement | undefined;
  private pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private commitScheduled = false;

  private constructor(
    readonly file: string,
    db: SqliteDatabase,
  ) {
    this.db = db;
  }

  /** Opens (creating it and its directory if needed) and locks the store; `reset` empties it first. */
  static open(file: string, options: { readonly reset?: boolean } = {}): EventStore {
    mkdirSync(dirname(file), { recursive: true });
    try {
      return EventStore.tryOpen(file, options.reset === true);
    } catch (error) {
      if (!(error instanceof StoreError) || !error.message.includes('is in use')) throw error;
      // A lock left by a process that is gone (killed, crashed) is removed once, then we try again.
      const owner = Number.parseInt(readOwner(file) ?? '', 10);
      if (Number.isNaN(owner) || isRunning(owner)) throw error;
      rmSync(`${file}.lock`, { recursive: true, force: true });
      return EventStore.tryOpen(file, options.reset === true);
    }
  }

  private static tryOpen(file: string, reset: boolean): EventStore {
    const { Database } = loadSqlite();
    let db: SqliteDatabase;
    try {
      db = new Database(file);
    } catch (error) {
      throw new StoreError(`cannot open the event store ${file}: ${(error as Error).message}`);
    }
    try {
      // Exclusive: the lock is taken by the first write below and held until close.
      db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA synchronous = OFF');
      const tables = db.all("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => String(r['name']));
      if (tables.length > 0 && !tables.includes('flokit_store')) throw new StoreError(`${file} is a SQLite database but not a flokit-gen event store; it was left untouched: choose another file with --store`);
      db.exec('BEGIN IMMEDIATE');
      db.exec(SCHEMA);
      const version = db.get("SELECT value FROM flokit_store WHERE key = 'version'");
      if (version !== null && version['value'] !== SCHEMA_VERSION) {
        db.exec('ROLLBACK');
        throw new StoreError(`${file} is a flokit-gen event store of another version (${String(version['value'])}); it was left untouched: start with --reset to empty it, or choose another file with --store`);
      }
      db.run("INSERT OR REPLACE INTO flokit_store (key, value) VALUES ('version', ?)", [SCHEMA_VERSION]);
      if (reset) db.exec('DELETE FROM events; DELETE FROM replies;');
      // Replies older than FloKit's 24-hour idempotency window are never answered again.
      db.run('DELETE FROM replies WHERE created_at <= ?', [Date.now() - IDEMPOTENCY_MS]);
      db.exec('COMMIT');
    } catch (error) {
      closeQuietly(db);
      if (error instanceof StoreError) throw error;
      const message = (error as Error).message;
      if (/locked|busy/i.test(message)) {
        const owner = readOwner(file);
        throw new StoreError(`the event store ${file} is in use${owner === undefined ? '' : ` by process ${owner}`} (another flokit-gen serve?): stop it, or choose another file with --store${owner === undefined ? `; if nothing uses it, remove the directory ${file}.lock` : ''}`);
      }
      if (/not a database|malformed|corrupt/i.test(message)) throw new StoreError(`the event store ${file} is damaged or not a database (${message}); it was left untouched: move it away, or choose another file with --store`);
      throw new StoreError(`cannot open the event store ${file}: ${message}`);
    }
    writeFileSync(ownerFile(file), String(process.pid));
    return new EventStore(file, db);
  }

  /**
   * Inserts events now (queries see them at once); `committed` resolves once they are on disk, with
   * the other inserts of this turn of the event loop. A reply to keep for an Idempotency-Key is
   * stored in the same transaction.
   */
  add(events: readonly NewEvent[], reply?: { readonly key: string; readonly body: string }): { stored: StoredEvent[]; committed: Promise<void> } {
    this.begin();
    const insert = (this.insertStatement ??= this.db.prepare(
      'INSERT INTO events (event_id, received_at, event, user_id, anonymous_id, timestamp, valid, accepted, violations, payload, idempotency_key, endpoint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ));
    const stored = events.map((e) => {
      const result = insert.run([e.event_id, e.received_at, e.event, e.user_id, e.anonymous_id, e.timestamp, e.valid ? 1 : 0, e.accepted ? 1 : 0, JSON.stringify(e.violations), JSON.stringify(e.payload), e.idempotency_key, e.endpoint]);
      return { ...e, seq: Number(result.lastInsertRowid) };
    });
    if (reply !== undefined) this.db.run('INSERT OR REPLACE INTO replies (key, created_at, reply) VALUES (?, ?, ?)', [reply.key, Date.now(), reply.body]);
    return { stored, committed: new Promise((resolve, reject) => this.pending.push({ resolve, reject })) };
  }

  /** The reply stored for an Idempotency-Key within the last 24 hours. */
  reply(key: string): string | undefined {
    const row = this.db.get('SELECT reply FROM replies WHERE key = ? AND created_at > ?', [key, Date.now() - IDEMPOTENCY_MS]);
    return row === null ? undefined : String(row['reply']);
  }

  get(eventId: string): StoredEvent | undefined {
    const row = this.db.get('SELECT * FROM events WHERE event_id = ?', [eventId]);
    return row === null ? undefined : toEvent(row);
  }

  query(query: EventQuery): EventPage {
    const { where, values } = conditions(query);
    const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    const rows = this.db.all(`SELECT * FROM events ${where} ORDER BY seq DESC LIMIT ?`, [...values, limit + 1]);
    const events = rows.slice(0, limit).map(toEvent);
    const last = events[events.length - 1];
    return rows.length > limit && last !== undefined ? { events, next: last.seq } : { events };
  }

  /** Every event matching, newest first, one row at a time (for waitFor over a large store). */
  *scan(query: Omit<EventQuery, 'limit' | 'before'>): Generator<StoredEvent> {
    const { where, values } = conditions(query);
    const statement = this.db.prepare(`SELECT * FROM events ${where} ORDER BY seq DESC`);
    try {
      for (const row of statement.iterate(values)) yield toEvent(row);
    } finally {
      statement.finalize();
    }
  }

  counts(): EventCount[] {
    return this.db.all('SELECT event, count(*) AS n, sum(valid) AS ok FROM events GROUP BY event ORDER BY event').map((r) => {
      const count = Number(r['n']);
      const valid = Number(r['ok']);
      return { name: r['event'] === null ? '' : String(r['event']), count, valid, invalid: count - valid };
    });
  }

  /** Removes every event and stored reply; returns how many events there were. */
  reset(): number {
    this.begin();
    const removed = Number(this.db.get('SELECT count(*) AS n FROM events')?.['n'] ?? 0);
    this.db.exec('DELETE FROM events; DELETE FROM replies;');
    this.commit();
    return removed;
  }

  /** Commits what is pending, releases the lock and closes the file. */
  close(): void {
    if (!this.db.isOpen) return;
    this.commit();
    this.insertStatement?.finalize();
    rmSync(ownerFile(this.file), { force: true });
    this.db.close();
  }

  private begin(): void {
    if (this.db.inTransaction) return;
    this.db.exec('BEGIN');
    if (!this.commitScheduled) {
      this.commitScheduled = true;
      setTimeout(() => this.commit(), GROUP_COMMIT_MS);
    }
  }

  private commit(): void {
    this.commitScheduled = false;
    const waiting = this.pending;
    this.pending = [];
    if (!this.db.isOpen || !this.db.inTransaction) return waiting.forEach((w) => w.resolve());
    try {
      this.db.exec('COMMIT');
      for (const w of waiting) w.resolve();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const w of waiting) w.reject(new StoreError(`the event store ${this.file} could not save: ${(error as Error).message}`));
    }
  }
}

function readOwner(file: string): string | undefined {
  try {
    return readFileSync(ownerFile(file), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function closeQuietly(db: SqliteDatabase): void {
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
  } catch {
    // Closing after a failed open: the error that matters is the one being reported.
  }
}

function conditions(query: EventQuery): { where: string; values: (string | number)[] } {
  const parts: string[] = [];
  const values: (string | number)[] = [];
  const add = (sql: string, ...v: (string | number)[]): void => {
    parts.push(sql);
    values.push(...v);
  };
  if (query.event !== undefined) add('event = ?', query.event);
  if (query.user !== undefined) add('(user_id = ? OR anonymous_id = ?)', query.user, query.user);
  if (query.valid !== undefined) add('valid = ?', query.valid ? 1 : 0);
  if (query.q !== undefined && query.q !== '') add("payload LIKE ? ESCAPE '\\'", `%${query.q.replace(/[\\%_]/g, '\\$&')}%`);
  if (query.since !== undefined) add('received_at >= ?', query.since);
  if (query.until !== undefined) add('received_at < ?', query.until);
  if (query.before !== undefined) add('seq < ?', query.before);
  return { where: parts.length === 0 ? '' : `WHERE ${parts.join(' AND ')}`, values };
}

function toEvent(result: QueryResult): StoredEvent {
  // Rows are never queried with { expand: true }: each is one flat record.
  const row = result as Row;
  const text = (key: string): string | null => (row[key] === null ? null : String(row[key]));
  return {
    seq: Number(row['seq']),
    event_id: String(row['event_id']),
    received_at: String(row['received_at']),
    event: text('event'),
    user_id: text('user_id'),
    anonymous_id: text('anonymous_id'),
    timestamp: text('timestamp'),
    valid: row['valid'] === 1,
    accepted: row['accepted'] === 1,
    violations: JSON.parse(String(row['violations'])) as StoredEvent['violations'],
    payload: JSON.parse(String(row['payload'])) as unknown,
    idempotency_key: text('idempotency_key'),
    endpoint: String(row['endpoint']) === 'batch' ? 'batch' : 'single',
  };
}
