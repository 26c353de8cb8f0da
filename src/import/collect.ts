// The first pass over an export: read every source, check every event with the generated
// validators, and hand the valid ones to the sorter with their instant; invalid ones go to the
// rejects file. In: source names (paths; `.gz` is gunzipped; `-` is stdin), the taxonomy, the
// sorter, the rejects writer. Out: counts. This is the hot path: NDJSON blocks are judged by the
// parse worker (per event one JSON.parse, one validator call, one timestamp read) while this thread
// reads the next block and copies the valid events' bytes into the sorter, and nothing else.
import { open as openFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Taxonomy } from '../model/ir.js';
import { createPayloadChecker } from '../payloads/check.js';
import { BODY_OVERHEAD } from './batches.js';
import { emptyResult, Judge, type BlockResult } from './judge.js';
import { ParsePool } from './parse-pool.js';
import { readSource, type BlockSink } from './read.js';
import type { RejectsWriter } from './rejects.js';
import type { ExternalSorter } from './sort.js';

export const STDIN_SOURCE = '-';
export const STDIN_NAME = '<stdin>';
/** Read buffers, and the blocks of lines the worker judges. */
const BLOCK = 1024 * 1024;
/** An NDJSON line longer than this is reported, not read (a line may be a whole batch body). */
const MAX_LINE = 64 * 1024 * 1024;

export interface CollectCounts {
  /** Events and problems read (an NDJSON line that is a batch body counts its events). */
  read: number;
  valid: number;
  invalid: number;
  /** Bytes read from the sources (after gunzip). */
  bytes: number;
}

export interface CollectOptions {
  readonly sources: readonly string[];
  readonly stdin: Readable;
  /** Events are judged by its generated checkers (createPayloadChecker), here and in the parse worker. */
  readonly taxonomy: Taxonomy;
  readonly sorter: ExternalSorter;
  readonly rejects: RejectsWriter | undefined;
  /** Largest request body: a bigger event can never be sent. */
  readonly maxBatchBytes: number;
  /** Stop (TooManyInvalidError) when more events than this are invalid. */
  readonly maxInvalid: number;
  readonly signal: AbortSignal;
  /** Called after each chunk read. */
  readonly onProgress: (counts: Readonly<CollectCounts>) => void;
}

export class TooManyInvalidError extends Error {}

/** The name a report uses for a source. */
export function sourceName(source: string): string {
  return source === STDIN_SOURCE ? STDIN_NAME : source;
}

function isNdjsonName(source: string): boolean {
  return /\.(ndjson|jsonl)(\.gz)?$/i.test(source);
}

/** A file's bytes through one reused buffer (no allocation per read). */
async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  const handle = await openFile(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(BLOCK);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, BLOCK, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function* streamChunks(stream: Readable): AsyncGenerator<Buffer> {
  for await (const chunk of stream as AsyncIterable<Buffer | string>) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

function chunksOf(source: string, stdin: Readable): AsyncGenerator<Buffer> {
  if (source === STDIN_SOURCE) return streamChunks(stdin);
  if (!/\.gz$/i.test(source)) return fileChunks(source);
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  const file = fileChunks(source);
  void (async () => {
    try {
      for await (const chunk of file) if (!gunzip.write(chunk)) await new Promise((resolve) => gunzip.once('drain', resolve));
      gunzip.end();
    } catch (error) {
      gunzip.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return streamChunks(gunzip);
}

/** Reads all sources in order; source numbers in the sorter are positions in `sources`. */
export async function collect(options: CollectOptions): Promise<CollectCounts> {
  const counts: CollectCounts = { read: 0, valid: 0, invalid: 0, bytes: 0 };
  const { maxBatchBytes } = options;
  const largest = maxBatchBytes - BODY_OVERHEAD;
  const pool = new ParsePool({ taxonomy: options.taxonomy, largest, maxBatchBytes, maxLine: MAX_LINE }, BLOCK);
  const judge = new Judge(createPayloadChecker(options.taxonomy), largest, maxBatchBytes, MAX_LINE);
  try {
    for (let sourceNo = 0; sourceNo < options.sources.length; sourceNo++) {
      await collectSource(options, sourceNo, pool, judge, counts);
    }
  } finally {
    await pool.close();
  }
  return counts;
}

/**
 * One source: NDJSON blocks go to the worker and their results are applied in order as they come
 * back (valid events into the sorter, invalid ones into the rejects file); a JSON document is
 * judged here. Line numbers from the worker are within a block: `lineBase` makes them the file's.
 */
async function collectSource(o: CollectOptions, sourceNo: number, parse: ParsePool, main: Judge, c: CollectCounts): Promise<void> {
  const { sorter, rejects, maxInvalid } = o;
  const source = o.sources[sourceNo] as string;
  const name = sourceName(source);
  let lineBase = 0;
  let applied: Promise<void> = Promise.resolve();
  let failure: unknown;
  const apply = (result: BlockResult, block: Buffer | undefined): void => {
    c.read += result.read;
    c.valid += result.count + result.serialised.length;
    let next = 0;
    for (const extra of result.serialised) {
      for (; next < extra.after; next++) addInBlock(result, block as Buffer, next);
      const bytes = Buffer.from(extra.text);
      sorter.add(extra.instant, bytes, 0, bytes.length, sourceNo, extra.line > 0 ? lineBase + extra.line : 0, extra.index);
    }
    for (; next < result.count; next++) addInBlock(result, block as Buffer, next);
    for (const bad of result.invalid) {
      c.invalid++;
      rejects?.add({ kind: 'invalid', source: name, ...(bad.line > 0 ? { line: lineBase + bad.line } : {}), ...(bad.index >= 0 ? { index: bad.index } : {}), violations: bad.violations, ...(bad.text === undefined ? {} : { text: bad.text }) });
      if (c.invalid > maxInvalid) throw new TooManyInvalidError(`more than ${maxInvalid} invalid events (--max-invalid); nothing was sent`);
    }
    lineBase += result.newlines;
    o.onProgress(c);
  };
  const addInBlock = (result: BlockResult, block: Buffer, k: number): void => {
    sorter.add(result.instants[k] as number, block, result.starts[k] as number, result.ends[k] as number, sourceNo, lineBase + (result.lines[k] as number), -1);
  };
  const sink: BlockSink = {
    take: (size) => {
      if (failure !== undefined) return Promise.reject(failure);
      return parse.take(size);
    },
    release: (buffer) => parse.release(buffer),
    block: (buffer, length) => {
      c.bytes += length;
      const judged = parse.judge(buffer, length);
      applied = applied.then(async () => {
        const { buffer: back, result } = await judged;
        try {
          if (failure === undefined) apply(result, back);
        } finally {
          parse.release(back);
        }
      });
      applied.catch((error: unknown) => {
        failure ??= error;
      });
    },
    document: (events, indexed) => {
      const result = emptyResult();
      main.values(result, events, 0, indexed);
      applied = applied.then(() => apply(result, undefined));
    },
    problem: (line, message) => {
      const result = emptyResult();
      result.read = 1;
      result.invalid.push({ line, index: -1, violations: [{ path: '', message }] });
      applied = applied.then(() => apply(result, undefined));
    },
  };
  const chunks = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of chunksOf(source, o.stdin)) {
      if (o.signal.aborted) throw o.signal.reason;
      if (failure !== undefined) throw failure;
      yield chunk;
    }
  };
  try {
    await readSource(chunks(), isNdjsonName(source), BLOCK, MAX_LINE, sink);
  } finally {
    await applied.catch(() => undefined);
  }
  if (failure !== undefined) throw failure;
  await applied;
  if (o.signal.aborted) throw o.signal.reason;
}
