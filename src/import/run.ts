// `flokit-gen import` as one function: validate and sort the export (collect.ts, sort.ts), cut it
// into batches under content-derived keys (batches.ts), skip what the checkpoint says FloKit already
// answered for, send the rest one batch at a time in timestamp order (send.ts), recording each
// answer before the next batch goes out. In: a taxonomy, sources and settings. Out: a report; the
// rejects file and the checkpoint on disk. Prints nothing: progress and warnings go to callbacks.
import { existsSync, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Taxonomy } from '../model/ir.js';
import { cutBatches, type Batch, type BatchLimits } from './batches.js';
import { CheckpointError, CheckpointWriter, readCheckpoint, type SettledBatch } from './checkpoint.js';
import { collect, sourceName, TooManyInvalidError } from './collect.js';
import { DuplicateFilter } from './duplicates.js';
import { RejectsWriter, type Place } from './rejects.js';
import { BatchSender } from './send.js';
import { scratchDirectory } from './scratch.js';
import { ExternalSorter } from './sort.js';

export interface ImportOptions {
  readonly taxonomy: Taxonomy;
  /** Paths (`.gz` gunzipped) or `-` for `stdin`. */
  readonly sources: readonly string[];
  readonly stdin: Readable;
  /** Needed unless `dryRun`. */
  readonly apiKey: string | undefined;
  readonly baseUrl: string;
  readonly checkpoint: string;
  /** Continue the import the checkpoint records; without it an existing checkpoint is an error. */
  readonly resume: boolean;
  readonly rejects: string;
  /** Validate, sort and cut batches; send nothing, write no checkpoint. */
  readonly dryRun: boolean;
  /** Bytes for sorting (the process needs some more for itself). */
  readonly memory: number;
  readonly maxInvalid: number;
  readonly limits: BatchLimits;
  readonly requestsPerMinute: number;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** Where the scratch directory for sort runs goes. */
  readonly tempDir: string;
  readonly signal: AbortSignal;
  readonly onProgress: (progress: ImportProgress) => void;
  readonly warn: (message: string) => void;
}

export interface ImportProgress {
  readonly phase: 'reading' | 'sending';
  readonly bytesRead: number;
  readonly eventsRead: number;
  readonly invalid: number;
  /** Valid events read: what there is to send, before duplicates are dropped. */
  readonly valid: number;
  readonly duplicates: number;
  /** Events in batches settled so far (this run and, resuming, earlier ones). */
  readonly eventsDone: number;
  readonly batchesSent: number;
  readonly retries: number;
}

export type ImportStatus =
  /** Every batch settled (some events may have been rejected by FloKit, or invalid). */
  | 'complete'
  /** More invalid events than --max-invalid: nothing was sent. */
  | 'too-many-invalid'
  /** A batch could not be delivered after every retry; --resume continues. */
  | 'stopped'
  /** Ctrl-C or SIGTERM; --resume continues. */
  | 'interrupted';

export interface ImportReport {
  readonly status: ImportStatus;
  /** Why the import stopped, for `stopped` and `too-many-invalid`. */
  readonly reason?: string;
  readonly dryRun: boolean;
  readonly resumed: boolean;
  readonly read: number;
  readonly valid: number;
  readonly invalid: number;
  readonly duplicates: number;
  readonly batches: { readonly total: number; readonly sent: number; readonly skipped: number };
  readonly events: {
    /** In batches sent by this run. */
    readonly sent: number;
    /** Settled in earlier runs (from the checkpoint), not sent again. */
    readonly skipped: number;
    /** Over the whole import (this run and earlier ones). */
    readonly accepted: number;
    readonly rejected: number;
  };
  /** FloKit's reasons, most frequent first. */
  readonly rejectReasons: readonly { readonly reason: string; readonly count: number }[];
  readonly retries: number;
  readonly sortRuns: number;
  readonly elapsedMs: number;
  readonly rejectsFile: string;
  readonly checkpointFile: string | undefined;
}

interface Totals {
  batches: number;
  sent: number;
  skipped: number;
  eventsSent: number;
  eventsSkipped: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  retries: number;
  readonly reasons: Map<string, number>;
}

/** Runs an import; throws CheckpointError for a checkpoint that does not fit (a usage error). */
export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const settled = prepareCheckpoint(options);
  const scratch = scratchDirectory(options.tempDir);
  const rejects = new RejectsWriter(options.rejects);
  const totals: Totals = { batches: 0, sent: 0, skipped: 0, eventsSent: 0, eventsSkipped: 0, accepted: 0, rejected: 0, duplicates: 0, retries: 0, reasons: new Map() };
  let counts = { read: 0, valid: 0, invalid: 0, bytes: 0 };
  let status: ImportStatus = 'complete';
  let reason: string | undefined;
  let sortRuns = 0;
  try {
    const sorter = new ExternalSorter(scratch, options.memory);
    const progress = (phase: ImportProgress['phase']): ImportProgress => ({
      phase,
      bytesRead: counts.bytes,
      eventsRead: counts.read,
      invalid: counts.invalid,
      valid: counts.valid,
      duplicates: totals.duplicates,
      eventsDone: totals.eventsSent + totals.eventsSkipped,
      batchesSent: totals.sent,
      retries: totals.retries,
    });
    try {
      counts = await collect({ ...options, sorter, rejects, maxBatchBytes: options.limits.maxBytes, onProgress: (c) => {
        counts = c;
        options.onProgress(progress('reading'));
      } });
    } catch (error) {
      if (error instanceof TooManyInvalidError) return finish('too-many-invalid', error.message);
      throw error;
    }
    sortRuns = sorter.runCount;
    const tick = options.dryRun ? () => undefined : () => options.onProgress(progress('sending'));
    tick();
    const outcome = await sendAll(options, sorter, settled, rejects, totals, tick);
    status = outcome.status;
    reason = outcome.reason;
  } catch (error) {
    if (!options.signal.aborted) throw error;
    status = 'interrupted';
  } finally {
    rejects.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return finish(status, reason);

  function finish(end: ImportStatus, why: string | undefined): ImportReport {
    return {
      status: end,
      ...(why === undefined ? {} : { reason: why }),
      dryRun: options.dryRun,
      resumed: settled.length > 0,
      read: counts.read,
      valid: counts.valid,
      invalid: counts.invalid,
      duplicates: totals.duplicates,
      batches: { total: totals.batches, sent: totals.sent, skipped: totals.skipped },
      events: { sent: totals.eventsSent, skipped: totals.eventsSkipped, accepted: totals.accepted, rejected: totals.rejected },
      rejectReasons: [...totals.reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([text, count]) => ({ reason: text, count })),
      retries: totals.retries,
      sortRuns,
      elapsedMs: Date.now() - started,
      rejectsFile: options.rejects,
      checkpointFile: options.dryRun ? undefined : options.checkpoint,
    };
  }
}

/** What the checkpoint already records; refuses to start over an existing one without --resume. */
function prepareCheckpoint(options: ImportOptions): SettledBatch[] {
  if (options.dryRun) return [];
  const exists = existsSync(options.checkpoint);
  if (exists && !options.resume) {
    throw new CheckpointError(`${options.checkpoint} exists: an import was started with it. Pass --resume to continue that import (nothing is sent twice), or remove the file (or name another with --checkpoint) to start a new one`);
  }
  return exists ? readCheckpoint(options.checkpoint, options.limits).settled : [];
}

/** The sending pass: every batch, skipped (already settled), counted (dry run) or sent. */
async function sendAll(options: ImportOptions, sorter: ExternalSorter, settled: readonly SettledBatch[], rejects: RejectsWriter, totals: Totals, tick: () => void): Promise<{ status: ImportStatus; reason?: string }> {
  const place = (origin: { source: number; line: number; index: number }): Place => ({
    source: sourceName(options.sources[origin.source] ?? '?'),
    ...(origin.line > 0 ? { line: origin.line } : {}),
    ...(origin.index >= 0 ? { index: origin.index } : {}),
  });
  const batches = cutBatches(sorter.sorted(), options.limits, new DuplicateFilter(), (record, first) => {
    totals.duplicates++;
    rejects.add({ kind: 'duplicate', ...place(record), first: place(first) });
  });
  const settle = (batch: Batch, accepted: number, rejected: SettledBatch['rejected']): void => {
    totals.accepted += accepted;
    totals.rejected += rejected.length;
    for (const r of rejected) {
      totals.reasons.set(r.reason, (totals.reasons.get(r.reason) ?? 0) + 1);
      if (r.i >= 0 && r.i < batch.count) rejects.add({ kind: 'rejected', ...place(batch.origin(r.i)), reason: r.reason, batch: batch.number });
    }
  };
  let writer: CheckpointWriter | undefined;
  let sender: BatchSender | undefined;
  try {
    for (const batch of batches) {
      totals.batches++;
      const done = settled[batch.number];
      if (done !== undefined) {
        if (done.key !== batch.key || done.events !== batch.count) {
          throw new CheckpointError(`${options.checkpoint} does not match this export: its batch ${batch.number} had other events. Resume with the same files in the same order (and the same taxonomy), or start a new import`);
        }
        totals.skipped++;
        totals.eventsSkipped += batch.count;
        settle(batch, done.accepted, done.rejected);
        continue;
      }
      if (options.dryRun) continue;
      writer ??= new CheckpointWriter(options.checkpoint, options.limits, existsSync(options.checkpoint) ? checkpointEnd(options) : undefined);
      sender ??= new BatchSender({ ...options, apiKey: options.apiKey ?? '', onRetry: () => void totals.retries++ });
      const outcome = await sender.send(batch, options.signal);
      if (outcome.kind === 'failed') return { status: 'stopped', reason: outcome.error.message };
      writer.record({ batch: batch.number, key: batch.key, events: batch.count, accepted: outcome.accepted, rejected: outcome.rejected });
      totals.sent++;
      totals.eventsSent += batch.count;
      settle(batch, outcome.accepted, outcome.rejected);
      tick();
    }
  } finally {
    writer?.close();
  }
  if (totals.batches < settled.length) {
    throw new CheckpointError(`${options.checkpoint} records ${settled.length} batches but this export makes ${totals.batches}: it is not the same export`);
  }
  return { status: 'complete' };
}

/** Where a resumed checkpoint's whole lines end. */
function checkpointEnd(options: ImportOptions): number {
  return readCheckpoint(options.checkpoint, options.limits).validBytes;
}
