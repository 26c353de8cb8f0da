// The type worker: warms its libraries up on start, then for each job claims chunks from the job's
// shared counter and declares and formats them, like the main thread does (see type-pool.ts).
// In: messages (PoolJob). Out: messages (PoolMessage).
import { parentPort } from 'node:worker_threads';
import { declareChunk, drain, type PoolJob, type PoolMessage } from './type-pool.js';

const post = (message: PoolMessage): void => parentPort?.postMessage(message);

// A small declaration with what real ones have (JSDoc, enums, nesting, arrays, unions), so the
// libraries' lazily loaded parts are loaded and their hot paths compiled before the first job.
const WARM_UP = { type: 'object', description: 'Warm-up.\n@minLength 1', properties: { a: { type: 'string', description: 'A.' }, b: { enum: ['x', 'y'] }, c: { type: 'array', items: { type: 'object', properties: { d: { type: ['number', 'null'] } }, additionalProperties: false } }, e: { anyOf: [{ tsType: 'E' }, { const: 'f' }] } }, required: ['a'], additionalProperties: false };
const warm = declareChunk(Array.from({ length: 16 }, (_, i) => ({ name: `WarmUp${i}`, schema: WARM_UP }))).catch(() => undefined);

parentPort?.on('message', (job: PoolJob) => {
  warm
    .then(() => drain(job, (id, parts) => post({ job: job.job, id, parts })))
    .then(
      () => post({ job: job.job, done: true }),
      (error: unknown) => post({ job: job.job, error: error instanceof Error ? error.message : String(error) }),
    );
});
