// Buffered mode and batch requests: `track*` calls queue their frozen bodies, which go out through
// `POST /v1/batch/events` in order, one batch at a time, when `maxEvents` are waiting or
// `maxWaitMs` after the first; each call's promise settles with its own event's outcome. Also the
// batch request itself (one key per body, retried as a whole) and the mapping of FloKit's answer
// back to positions, which explicit batches (batch.ts) share. A process about to end with events
// still queued (no flush, no shutdown) sends them and says so; one that exits at once says they are
// lost. In: a sender and frozen event bodies. Out: batch requests, and one result per event.
import {
  abortReason,
  backgroundTimer,
  events,
  utf8Length,
  type BatchItemResult,
  type FloKitCore,
  type Queue,
  type TrackResult,
} from './client.js';
import { FloKitError, FloKitNetworkError } from './errors.js';
import type { BatchingOptions } from './options.js';
import { isObject } from './validation.js';

interface Queued {
  readonly json: string;
  readonly bytes: number;
  readonly resolve: (result: TrackResult) => void;
  readonly reject: (error: unknown) => void;
  /** Settles (never rejects) with the event, for flush. */
  readonly settled: Promise<unknown>;
}

/** The process events a queue listens to, where there is a process (Node, Bun, Deno; not browsers). */
interface ExitEvents {
  on(event: 'beforeExit' | 'exit', listener: () => void): unknown;
}

/** Queues holding events, watched at exit by one pair of listeners however many clients there are. */
const holding = new Set<EventQueue>();
let watchingExit = false;

function watchExit(queue: EventQueue): void {
  holding.add(queue);
  if (watchingExit) return;
  const proc = (globalThis as { process?: Partial<ExitEvents> }).process;
  if (typeof proc?.on !== 'function') return;
  watchingExit = true;
  // beforeExit: the event loop is empty, so work started here still runs (and delays the exit).
  proc.on('beforeExit', () => {
    for (const q of holding) q.atExit(false);
  });
  // exit (process.exit(), or after beforeExit): nothing asynchronous can run any more.
  proc.on('exit', () => {
    for (const q of holding) q.atExit(true);
  });
}

export class EventQueue implements Queue {
  readonly #core: FloKitCore;
  readonly #batching: Required<BatchingOptions>;
  readonly #items: Queued[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #draining: Promise<void> | undefined;

  constructor(core: FloKitCore, batching: Required<BatchingOptions>) {
    this.#core = core;
    this.#batching = batching;
  }

  get size(): number {
    return this.#items.length;
  }

  enqueue(json: string, signal: AbortSignal | undefined): Promise<TrackResult> {
    const batching = this.#batching;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#items.length >= batching.maxQueueSize) {
      return Promise.reject(
        new FloKitError(
          'queue_full',
          `The FloKit queue is full (${events(batching.maxQueueSize)}; raise batching.maxQueueSize or flush more often); the event was dropped`,
        ),
      );
    }
    let resolve: (result: TrackResult) => void = () => undefined;
    let reject: (error: unknown) => void = () => undefined;
    const promise = new Promise<TrackResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    const item: Queued = { json, bytes: utf8Length(json), resolve, reject, settled };
    this.#items.push(item);
    watchExit(this);
    if (signal !== undefined) {
      // The caller's signal withdraws the event while it waits in the queue; once its batch has
      // gone out it cannot be taken back alone, and the call settles with that batch.
      const onAbort = (): void => {
        const index = this.#items.indexOf(item);
        if (index === -1) return;
        this.#items.splice(index, 1);
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      void settled.then(() => signal.removeEventListener('abort', onAbort));
    }
    if (this.#items.length >= batching.maxEvents) void this.#drain();
    else this.#timer ??= backgroundTimer(() => void this.#drain(), batching.maxWaitMs);
    return promise;
  }

  flush(): Promise<unknown>[] {
    // What is queued now, not an empty queue: waiting for the drain to end could last forever
    // while callers keep queueing.
    const pending = this.#items.map((item) => item.settled);
    if (this.#items.length > 0) void this.#drain();
    return pending;
  }

  /** The process is ending with events queued: send them (`final`: too late, say they are lost). */
  atExit(final: boolean): void {
    const count = this.#items.length;
    if (count === 0) return;
    if (final) {
      this.#core.log(
        'warn',
        `${events(count)} queued and never sent: the process exited before flush() or shutdown()`,
      );
      return;
    }
    this.#core.log(
      'warn',
      `${events(count)} still queued as the process is about to end: sending them now (await flush() or shutdown() before the end of your program)`,
    );
    void this.#drain();
  }

  rejectAll(error: Error): void {
    for (const item of this.#items.splice(0)) item.reject(error);
    holding.delete(this);
  }

  /** Sends queued events one batch at a time, in order, until the queue is empty. */
  #drain(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#draining === undefined && this.#items.length > 0) this.#draining = this.#run();
    return this.#draining ?? Promise.resolve();
  }

  async #run(): Promise<void> {
    try {
      do {
        const chunk = this.#takeChunk();
        await this.#core.track(this.#sendChunk(chunk), chunk.length).catch(() => undefined);
      } while (this.#items.length > 0);
    } finally {
      if (this.#items.length === 0) holding.delete(this);
      // Cleared in the same turn the loop saw an empty queue (not in a later `.finally` callback):
      // an event queued in between would otherwise join a drain that has already ended, and stay
      // queued with its timer cleared, unsent until the next track or flush.
      this.#draining = undefined;
    }
  }

  #takeChunk(): Queued[] {
    const { maxEvents, maxBytes } = this.#batching;
    let bytes = 12; // {"events":[]}
    let count = 0;
    for (const item of this.#items) {
      if (count === maxEvents || (count > 0 && bytes + item.bytes + 1 > maxBytes)) break;
      bytes += item.bytes + 1;
      count++;
    }
    return this.#items.splice(0, count);
  }

  async #sendChunk(chunk: readonly Queued[]): Promise<void> {
    const texts = chunk.map((q) => q.json);
    const results = await postBatch(this.#core, texts, undefined);
    chunk.forEach((item, i) => {
      const result = results[i] as BatchItemResult;
      if (result.status === 'ok') {
        item.resolve(result);
      } else {
        item.reject(
          result.status === 'rejected'
            ? new FloKitError('rejected', `FloKit rejected the event: ${result.reason}`)
            : result.error,
        );
      }
    });
  }
}

/**
 * One batch request (retried as a whole under one key); never throws, every event gets a result.
 * `idempotencyKey` is for callers that can send the same body again after a restart (an import
 * derives it from the body); without it the key is random, which protects this call's retries only.
 */
export async function postBatch(
  core: FloKitCore,
  texts: readonly string[],
  signal: AbortSignal | undefined,
  idempotencyKey: string = core.settings.randomUUID(),
): Promise<BatchItemResult[]> {
  const body = `{"events":[${texts.join(',')}]}`;
  let answer;
  try {
    answer = await core.request('/v1/batch/events', body, idempotencyKey, texts.length, signal);
  } catch (error) {
    if (signal?.aborted && error === signal.reason) throw error;
    core.totals.failed += texts.length;
    const failure =
      error instanceof FloKitError
        ? error
        : new FloKitNetworkError(
            `FloKit batch failed: ${core.describe(error)}`,
            1,
            false,
            undefined,
          );
    return texts.map(() => ({ status: 'failed', error: failure }));
  }
  if (answer.status < 200 || answer.status >= 300) {
    const error = core.httpError(answer, answer.attempts);
    // A 400 judges the request's content: the events were refused, not lost in transit.
    if (answer.status === 400) {
      core.totals.rejected += texts.length;
      return texts.map(() => ({ status: 'rejected', reason: error.message }));
    }
    core.totals.failed += texts.length;
    return texts.map(() => ({ status: 'failed', error }));
  }
  return mapBatchAnswer(core, answer.body, texts.length);
}

/** Maps `errors[].index` and `event_ids` back to positions, tolerating answers that do not add up. */
function mapBatchAnswer(core: FloKitCore, body: unknown, size: number): BatchItemResult[] {
  const fields = isObject(body) ? body : {};
  const reasons = new Map<number, string>();
  for (const entry of Array.isArray(fields['errors']) ? fields['errors'] : []) {
    const index = isObject(entry) ? entry['index'] : undefined;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= size) {
      core.log(
        'warn',
        `FloKit's batch answer has an error entry with index ${JSON.stringify(index)} outside 0..${size - 1}; ignored`,
      );
      continue;
    }
    if (reasons.has(index)) core.log('warn', `FloKit's batch answer reports index ${index} twice`);
    const reason =
      isObject(entry) && typeof entry['reason'] === 'string'
        ? entry['reason']
        : 'rejected (FloKit gave no reason)';
    reasons.set(index, reason);
  }
  const ids = Array.isArray(fields['event_ids']) ? fields['event_ids'] : [];
  const accepted = size - reasons.size;
  if (
    ids.length !== accepted ||
    (typeof fields['accepted'] === 'number' && fields['accepted'] !== accepted) ||
    (typeof fields['rejected'] === 'number' && fields['rejected'] !== reasons.size)
  ) {
    core.log(
      'warn',
      `FloKit's batch answer does not add up: ${events(size)}, ${reasons.size} error ${reasons.size === 1 ? 'entry' : 'entries'}, ${ids.length} event_ids, accepted=${String(fields['accepted'])}, rejected=${String(fields['rejected'])}`,
    );
  }
  let next = 0;
  const results: BatchItemResult[] = [];
  for (let i = 0; i < size; i++) {
    const reason = reasons.get(i);
    if (reason !== undefined) results.push({ status: 'rejected', reason });
    else {
      const id = ids[next++];
      results.push({ status: 'ok', event_id: typeof id === 'string' ? id : '' });
    }
  }
  core.totals.accepted += accepted;
  core.totals.rejected += reasons.size;
  return results;
}
