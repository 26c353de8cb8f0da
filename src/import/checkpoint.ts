// The checkpoint: what FloKit has answered for, so a restarted import sends nothing twice. In: a
// file path, the import's batch limits, batch outcomes as they come. Out: an append-only NDJSON
// file, one line per settled batch, each written and fsynced before the next batch goes out; and,
// when resuming, the batches already settled. A kill at any moment leaves at most a torn last line,
// which is ignored. The batch in flight at a crash is not in the file: a resumed import sends it
// again under the same content-derived Idempotency-Key, and FloKit answers it from its record.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import type { BatchLimits } from './batches.js';

const FORMAT = 'flokit-import-checkpoint';
const VERSION = 1;

/** One batch FloKit answered for (accepted, with some events perhaps rejected). */
export interface SettledBatch {
  readonly batch: number;
  readonly key: string;
  readonly events: number;
  readonly accepted: number;
  /** Events FloKit rejected: their position in the batch and its reason. */
  readonly rejected: readonly { readonly i: number; readonly reason: string }[];
}

interface Header {
  readonly format: typeof FORMAT;
  readonly version: number;
  readonly maxEvents: number;
  readonly maxBytes: number;
}

export class CheckpointError extends Error {}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSettled(value: unknown): value is SettledBatch {
  return isRecord(value) && typeof value['batch'] === 'number' && typeof value['key'] === 'string' && typeof value['events'] === 'number' && typeof value['accepted'] === 'number' && Array.isArray(value['rejected']);
}

/** The batches a checkpoint file records, in order, checked against the limits it was made with. */
export function readCheckpoint(path: string, limits: BatchLimits): { settled: SettledBatch[]; validBytes: number } {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  let validBytes = 0;
  const settled: SettledBatch[] = [];
  let header: Header | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    // Only a line ended by its newline is whole: a kill can tear the last one.
    if (i === lines.length - 1) break;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (i === lines.length - 2) break;
      throw new CheckpointError(`${path}:${i + 1} is not a checkpoint line; is this the right file?`);
    }
    if (header === undefined) {
      if (!isRecord(value) || value['format'] !== FORMAT) throw new CheckpointError(`${path} is not a flokit-gen import checkpoint`);
      if (value['version'] !== VERSION) throw new CheckpointError(`${path} is a checkpoint of another version (${String(value['version'])}); this flokit-gen writes version ${VERSION}`);
      header = value as unknown as Header;
      if (header.maxEvents !== limits.maxEvents || header.maxBytes !== limits.maxBytes) {
        throw new CheckpointError(`${path} was made with --batch-size ${header.maxEvents} --max-batch-bytes ${header.maxBytes}; resume with the same settings (the batches, and their keys, depend on them)`);
      }
    } else if (isSettled(value) && value.batch === settled.length) {
      settled.push(value);
    } else {
      throw new CheckpointError(`${path}:${i + 1} is not the record of batch ${settled.length}; the file was changed`);
    }
    validBytes += Buffer.byteLength(line) + 1;
  }
  if (header === undefined) throw new CheckpointError(`${path} is not a flokit-gen import checkpoint (it is empty or torn)`);
  return { settled, validBytes };
}

/** Appends settled batches, each durable (fsync) before the call returns. */
export class CheckpointWriter {
  private readonly fd: number;

  /** A new file, or (resuming) the file cut back to its last whole line. */
  constructor(path: string, limits: BatchLimits, resumeAt?: number) {
    if (resumeAt === undefined) {
      this.fd = openSync(path, 'wx');
      const header: Header = { format: FORMAT, version: VERSION, maxEvents: limits.maxEvents, maxBytes: limits.maxBytes };
      this.append(header);
      return;
    }
    if (existsSync(path)) truncateSync(path, resumeAt);
    this.fd = openSync(path, 'a');
  }

  record(batch: SettledBatch): void {
    this.append(batch);
  }

  private append(value: unknown): void {
    const bytes = Buffer.from(`${JSON.stringify(value)}\n`);
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
