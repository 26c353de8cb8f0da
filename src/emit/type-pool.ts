// Declares and formats TypeScript declarations (json-schema-to-typescript, then format.ts) on two
// threads when there are many. The work is cut into chunks that this thread and one worker claim
// from a shared counter (Atomics: neither waits for the other to hand out work); this thread emits
// the client meanwhile and then helps. The worker is kept while a process regenerates (watch) and
// stops after 30 s idle; `warmTypeWorker()` starts it early (while the taxonomy loads on this
// thread), so that its libraries are loaded and warm when there is work. Small jobs run here alone.
// In: named schemas. Out: their formatted declarations, in the same order.
import { Worker } from 'node:worker_threads';
import { declareAll, type NamedSchema } from './declare.js';
import { formatChunk } from './format.js';

/** Declarations per chunk: small enough to share the work evenly, large enough to spread each call's cost. */
const CHUNK = 128;
/** Fewer chunks than this are done on this thread: a cold worker's start-up would cost more. */
const WORKER_FROM = 4;

// The worker is this package's compiled module; run from TypeScript sources (tests), work inline.
const WORKER_URL = new URL('./type-worker.js', import.meta.url);
const COMPILED = import.meta.url.endsWith('.js');

export type Chunk = readonly NamedSchema[];

/** One job for the worker: every chunk, and the counter both threads claim chunks from. */
export interface PoolJob {
  readonly job: number;
  readonly chunks: readonly Chunk[];
  readonly claimed: Int32Array;
}

/** A finished chunk, the end of the worker's share of a job, or its failure. */
export type PoolMessage =
  | { readonly job: number; readonly id: number; readonly parts: string[] }
  | { readonly job: number; readonly done: true }
  | { readonly job: number; readonly error: string };

export const declareChunk = async (items: Chunk): Promise<string[]> => formatChunk(await declareAll(items));

/** Claims chunks until none are left, handing each result to `done`. */
export async function drain({ chunks, claimed }: Pick<PoolJob, 'chunks' | 'claimed'>, done: (id: number, parts: string[]) => void): Promise<void> {
  for (let id = Atomics.add(claimed, 0, 1); id < chunks.length; id = Atomics.add(claimed, 0, 1)) done(id, await declareChunk(chunks[id] as Chunk));
}

/** An idle worker stops after this long, so that a one-off generate() does not keep a thread. */
const IDLE_MS = 30_000;

let worker: Worker | undefined;
let idle: ReturnType<typeof setTimeout> | undefined;
let jobs = 0;
const listeners = new Map<number, (message: PoolMessage) => void>();

/** The process's type worker, started on first use; it never keeps the process alive when idle. */
function typeWorker(): Worker {
  if (worker !== undefined) return worker;
  const started = new Worker(WORKER_URL);
  started.on('message', (message: PoolMessage) => listeners.get(message.job)?.(message));
  const fail = (error: Error): void => {
    if (worker !== started) return; // one stopped when idle, with no job
    worker = undefined;
    for (const [job, listener] of listeners) listener({ job, error: error.message });
  };
  started.on('error', fail);
  started.on('exit', () => fail(new Error('the type worker stopped')));
  started.unref();
  worker = started;
  stopWhenIdle();
  return started;
}

function stopWhenIdle(): void {
  clearTimeout(idle);
  idle = setTimeout(stopTypeWorker, IDLE_MS);
  idle.unref();
}

/** Stops the worker between jobs (after IDLE_MS idle); the next job starts a new one. */
export function stopTypeWorker(): void {
  const stopping = worker;
  worker = undefined;
  void stopping?.terminate();
}

/** Starts the worker now, if this process may later have enough declarations for it. */
export function warmTypeWorker(): void {
  if (COMPILED) typeWorker();
}

/** `helpAfter`: this thread's own work to finish before it takes chunks (the worker starts at once). */
export async function declareFormatted(items: readonly NamedSchema[], helpAfter?: Promise<unknown>): Promise<string[]> {
  const chunks: Chunk[] = [];
  for (let i = 0; i < items.length; i += CHUNK) chunks.push(items.slice(i, i + CHUNK));
  if (!COMPILED || chunks.length < WORKER_FROM) return declareChunk(items);
  const results: string[][] = [];
  const job: PoolJob = { job: jobs++, chunks, claimed: new Int32Array(new SharedArrayBuffer(4)) };
  const thread = typeWorker();
  clearTimeout(idle);
  thread.ref(); // a job in flight keeps the process alive
  try {
    const fromWorker = new Promise<void>((resolve, reject) => {
      listeners.set(job.job, (message) => {
        if ('parts' in message) results[message.id] = message.parts;
        else if ('done' in message) resolve();
        else reject(new Error(message.error));
      });
    });
    thread.postMessage(job);
    await (helpAfter?.catch(() => undefined) ?? new Promise((resolve) => setImmediate(resolve)));
    await Promise.all([fromWorker, drain(job, (id, parts) => (results[id] = parts))]);
  } finally {
    listeners.delete(job.job);
    thread.unref();
    stopWhenIdle();
  }
  return results.flat();
}
