// The first pass over an export: read every source, check every event with the generated
// validators, and hand the valid ones to the sorter with their instant; invalid ones go to the
// rejects file. In: source names (paths; `.gz` is gunzipped; `-` is stdin), the validator, the
// sorter, the rejects writer. Out: counts. This is the hot path: per event one JSON.parse, one
// validator call, one timestamp read and one copy of the line's bytes, and nothing else.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BODY_OVERHEAD } from './batches.js';
import { instantOf } from './instant.js';
import { readSource, type EventSink } from './read.js';
import type { RejectsWriter } from './rejects.js';
import type { ExternalSorter } from './sort.js';
import type { EventValidator } from './validators.js';

export const STDIN_SOURCE = '-';
export const STDIN_NAME = '<stdin>';
const READ_CHUNK = 1024 * 1024;

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
  readonly validate: EventValidator;
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

function open(source: string, stdin: Readable): Readable {
  if (source === STDIN_SOURCE) return stdin;
  const file = createReadStream(source, { highWaterMark: READ_CHUNK });
  if (!/\.gz$/i.test(source)) return file;
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  file.on('error', (error) => gunzip.destroy(error));
  return file.pipe(gunzip);
}

/** Reads all sources in order; source numbers in the sorter are positions in `sources`. */
export async function collect(options: CollectOptions): Promise<CollectCounts> {
  const counts: CollectCounts = { read: 0, valid: 0, invalid: 0, bytes: 0 };
  const { validate, sorter, rejects, maxBatchBytes, maxInvalid } = options;
  const largest = maxBatchBytes - BODY_OVERHEAD;
  for (let sourceNo = 0; sourceNo < options.sources.length; sourceNo++) {
    const source = options.sources[sourceNo] as string;
    const name = sourceName(source);
    const place = (line: number, index: number): { source: string; line?: number; index?: number } => ({ source: name, ...(line > 0 ? { line } : {}), ...(index >= 0 ? { index } : {}) });
    const invalid = (line: number, index: number, violations: readonly { path: string; message: string }[], text: string | undefined): void => {
      counts.invalid++;
      rejects?.add({ kind: 'invalid', ...place(line, index), violations: violations.map((v) => ({ path: v.path, message: v.message })), ...(text === undefined ? {} : { text }) });
      if (counts.invalid > maxInvalid) throw new TooManyInvalidError(`more than ${maxInvalid} invalid events (--max-invalid); nothing was sent`);
    };
    const sink: EventSink = {
      event(value, bytes, start, end, line, index) {
        counts.read++;
        const verdict = validate(value);
        if (!verdict.valid) {
          invalid(line, index, verdict.violations, bytes.toString('utf8', start, end));
          return;
        }
        if (end - start > largest) {
          invalid(line, index, [{ path: '', message: `is ${end - start} bytes: a batch request takes at most ${maxBatchBytes} bytes (--max-batch-bytes)` }], undefined);
          return;
        }
        counts.valid++;
        // Valid means `timestamp` is an RFC 3339 date-time string.
        sorter.add(instantOf((value as { timestamp: string }).timestamp), bytes, start, end, sourceNo, line, index);
      },
      problem(line, index, message, text) {
        counts.read++;
        invalid(line, index, [{ path: '', message }], text);
      },
    };
    const stream = open(source, options.stdin);
    const chunks = async function* (): AsyncGenerator<Buffer | string> {
      for await (const chunk of stream as AsyncIterable<Buffer | string>) {
        if (options.signal.aborted) throw options.signal.reason;
        counts.bytes += chunk.length;
        yield chunk;
        options.onProgress(counts);
      }
    };
    try {
      await readSource(chunks(), isNdjsonName(source), maxBatchBytes, sink);
    } finally {
      if (source !== STDIN_SOURCE) stream.destroy();
    }
  }
  return counts;
}
