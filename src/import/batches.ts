// Cutting the sorted events into batch requests. In: sorted records, the API's limits, a duplicate
// filter. Out: batches of at most `maxEvents` events and `maxBytes` bytes of body, in order, each
// with its Idempotency-Key: a hash of the exact body, so the same export with the same limits
// always gives the same batches under the same keys (which is what makes a rerun or --resume safe).
import { createHash } from 'node:crypto';
import type { DuplicateFilter, FirstCopy } from './duplicates.js';
import type { SortedRecord } from './sort.js';

export interface BatchLimits {
  /** At most 1,000 (the API's limit). */
  readonly maxEvents: number;
  /** Of the whole request body. */
  readonly maxBytes: number;
}

/** Where an event of a batch was found (source number, line, index), for reports. */
export interface EventOrigin {
  readonly source: number;
  readonly line: number;
  readonly index: number;
}

export interface Batch {
  /** 0-based position in the import. */
  readonly number: number;
  /** Each event's JSON, in order; the body is `{"events":[` + texts joined by `,` + `]}`. */
  readonly texts: string[];
  readonly origins: EventOrigin[];
  readonly bytes: number;
  readonly key: string;
  /** The instants of the first and last event. */
  readonly first: number;
  readonly last: number;
}

/** FloKit's limit of events per batch request. */
export const MAX_EVENTS_PER_BATCH = 1000;
/** The generated client's default cap on a request body (512 KiB). */
export const DEFAULT_MAX_BATCH_BYTES = 524_288;

/** `{"events":[` and `]}`. */
export const BODY_OVERHEAD = 13;

/** The request body of a batch: what postBatch sends, byte for byte. */
export function batchBody(texts: readonly string[]): string {
  return `{"events":[${texts.join(',')}]}`;
}

export function batchKey(texts: readonly string[]): string {
  return `flokit-import-${createHash('sha256').update(batchBody(texts)).digest('hex').slice(0, 40)}`;
}

/** Batches of the sorted records; `onDuplicate` hears of each record dropped as a repeat. */
export function* cutBatches(records: Iterable<SortedRecord>, limits: BatchLimits, duplicates: DuplicateFilter, onDuplicate: (record: SortedRecord, first: FirstCopy) => void): Generator<Batch> {
  let texts: string[] = [];
  let origins: EventOrigin[] = [];
  let bytes = BODY_OVERHEAD;
  let first = 0;
  let last = 0;
  let number = 0;
  const make = (): Batch => ({ number: number++, texts, origins, bytes, key: batchKey(texts), first, last });
  for (const record of records) {
    const copy = duplicates.check(record);
    if (copy !== undefined) {
      onDuplicate(record, copy);
      continue;
    }
    const size = record.end - record.start;
    const added = texts.length === 0 ? size : size + 1;
    if (texts.length > 0 && (texts.length === limits.maxEvents || bytes + added > limits.maxBytes)) {
      yield make();
      texts = [];
      origins = [];
      bytes = BODY_OVERHEAD;
    }
    if (texts.length === 0) first = record.instant;
    texts.push(record.bytes.toString('utf8', record.start, record.end));
    origins.push({ source: record.source, line: record.line, index: record.index });
    bytes += texts.length === 1 ? size : size + 1;
    last = record.instant;
  }
  if (texts.length > 0) yield make();
}
