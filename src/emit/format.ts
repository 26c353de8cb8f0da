// Formatting generated TypeScript with prettier, one pinned configuration. Declarations are joined
// into chunks (one prettier call per chunk is several times faster than one per declaration) and
// split apart again at a marker line. Large jobs go to a worker thread, so prettier formats one
// chunk while json-schema-to-typescript compiles the next: on two cores that hides most of it.
// In: declaration sources. Out: the same declarations, formatted, in order.
import { Worker } from 'node:worker_threads';

/** Declarations per prettier call: near one-call speed, without one multi-megabyte syntax tree. */
export const FORMAT_CHUNK = 500;

// A marker line no declaration contains.
const SPLIT = '// ---- flokit-gen: declaration boundary ----';

// A file path tells prettier this is not JSX, sparing a whole-text regex scan that grows faster
// than linearly; babel-ts prints the same as the typescript parser, a quarter faster.
const OPTIONS = { parser: 'babel-ts', filepath: 'types.ts', printWidth: 100, singleQuote: true, trailingComma: 'all', semi: true } as const;

export async function formatChunk(sources: readonly string[]): Promise<string[]> {
  if (sources.length === 0) return [];
  const prettier = await import('prettier');
  const joined = await prettier.format(sources.join(`\n${SPLIT}\n`), OPTIONS);
  const parts = joined.split(`${SPLIT}\n`).map((part, i, all) => (i < all.length - 1 ? part.replace(/\n+$/, '\n') : part));
  if (parts.length !== sources.length) throw new Error('prettier changed the declaration boundaries');
  return parts;
}

export interface Formatter {
  /** Starts formatting a chunk; the promise settles with the formatted declarations. */
  format(sources: readonly string[]): Promise<string[]>;
  close(): Promise<void>;
}

// The worker is this package's compiled module; run from TypeScript sources (tests), format inline.
const WORKER_URL = new URL('./format-worker.js', import.meta.url);
const COMPILED = import.meta.url.endsWith('.js');

/** A formatter for `chunks` chunks: a worker thread when there is more than one, else this thread. */
export function createFormatter(chunks: number): Formatter {
  if (!COMPILED || chunks < 2) return { format: formatChunk, close: async () => undefined };
  const worker = new Worker(WORKER_URL);
  const pending = new Map<number, { resolve: (parts: string[]) => void; reject: (error: Error) => void }>();
  let next = 0;
  worker.on('message', (message: { id: number; parts?: string[]; error?: string }) => {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.parts !== undefined) waiting?.resolve(message.parts);
    else waiting?.reject(new Error(message.error ?? 'the format worker failed'));
  });
  worker.on('error', (error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  });
  return {
    format: (sources) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, sources });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
