// The main thread's side of the parse worker: a few read buffers that circulate (read into, sent
// to the worker, judged, handed back, applied, reused), so reading, judging and sorting overlap on
// two cores and no buffer is allocated per block. In: blocks of lines. Out: their results, in the
// order the blocks were given.
import { Worker } from 'node:worker_threads';
import type { BlockResult } from './judge.js';
import type { BlockReply, BlockRequest, WorkerSettings } from './parse-worker.js';

/** Buffers in circulation: one being filled, the rest queued at or returning from the worker. */
const BUFFERS = 4;

export class ParsePool {
  private readonly worker: Worker;
  private readonly free: ArrayBuffer[] = [];
  /** Takers waiting for a block-sized buffer. */
  private readonly waiting: ((buffer: Buffer) => void)[] = [];
  /** Blocks sent, oldest first; the worker answers in order. */
  private readonly inFlight: { resolve: (reply: BlockReply) => void; reject: (error: unknown) => void }[] = [];
  private failure: unknown;

  constructor(
    settings: WorkerSettings,
    readonly blockSize: number,
  ) {
    this.worker = new Worker(new URL('./parse-worker.js', import.meta.url), { workerData: settings });
    this.worker.on('message', (reply: BlockReply) => this.inFlight.shift()?.resolve(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the parse worker stopped (exit code ${code})`)));
    for (let i = 0; i < BUFFERS; i++) this.free.push(new ArrayBuffer(blockSize));
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    for (const pending of this.inFlight.splice(0)) pending.reject(this.failure);
  }

  /** A buffer of at least `size` bytes: a free one of the pool, or (bigger than a block) a new one. */
  take(size: number): Promise<Buffer> {
    if (size > this.blockSize) return Promise.resolve(Buffer.from(new ArrayBuffer(size)));
    const buffer = this.free.pop();
    if (buffer !== undefined) return Promise.resolve(Buffer.from(buffer));
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Gives a buffer back to the pool (one of a block size; bigger ones are left to the GC). */
  release(buffer: Buffer): void {
    if (buffer.buffer.byteLength !== this.blockSize || buffer.byteOffset !== 0) return;
    const waiter = this.waiting.shift();
    if (waiter !== undefined) waiter(Buffer.from(buffer.buffer));
    else this.free.push(buffer.buffer as ArrayBuffer);
  }

  /** Sends `buffer[0..length)` to be judged; resolves with the buffer (to apply, then release) and the result. */
  judge(buffer: Buffer, length: number): Promise<{ buffer: Buffer; result: BlockResult }> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const request: BlockRequest = { buffer: buffer.buffer as ArrayBuffer, length };
    const reply = new Promise<BlockReply>((resolve, reject) => this.inFlight.push({ resolve, reject }));
    this.worker.postMessage(request, [request.buffer]);
    return reply.then((r) => ({ buffer: Buffer.from(r.buffer), result: r.result }));
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
