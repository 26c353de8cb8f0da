// The format worker: formats the chunks it is sent, one at a time, with formatChunk. In: messages
// `{ id, sources }`. Out: `{ id, parts }`, or `{ id, error }`.
import { parentPort } from 'node:worker_threads';
import { formatChunk } from './format.js';

parentPort?.on('message', (message: { id: number; sources: string[] }) => {
  formatChunk(message.sources).then(
    (parts) => parentPort?.postMessage({ id: message.id, parts }),
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: String(error) }),
  );
});
