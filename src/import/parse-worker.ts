// The parse worker: judges blocks of NDJSON lines (judge.ts) on a second core while the main
// thread sorts. In (workerData): the taxonomy (its events' generated checkers are compiled here)
// and the limits; then messages of a block (its buffer, transferred) and its length. Out: the
// buffer back and the block's result, transferred, in the order the blocks came.
import { parentPort, workerData } from 'node:worker_threads';
import type { Taxonomy } from '../model/ir.js';
import { createPayloadChecker } from '../payloads/check.js';
import { Judge, type BlockResult } from './judge.js';

export interface WorkerSettings {
  readonly taxonomy: Taxonomy;
  readonly largest: number;
  readonly maxBatchBytes: number;
  readonly maxLine: number;
}

export interface BlockRequest {
  readonly buffer: ArrayBuffer;
  readonly length: number;
}

export interface BlockReply {
  readonly buffer: ArrayBuffer;
  readonly result: BlockResult;
}

const settings = workerData as WorkerSettings;
const judge = new Judge(createPayloadChecker(settings.taxonomy), settings.largest, settings.maxBatchBytes, settings.maxLine);
const port = parentPort;
port?.on('message', (request: BlockRequest) => {
  const result = judge.block(Buffer.from(request.buffer, 0, request.length), request.length);
  const reply: BlockReply = { buffer: request.buffer, result };
  port.postMessage(reply, [request.buffer, result.starts.buffer, result.ends.buffer, result.lines.buffer, result.instants.buffer]);
});
