// The rejects file: every event that was not sent, or that FloKit refused, one JSON object a line,
// with where it was found. In: entries as the import meets them (invalid ones while reading, in input
// order; duplicates and FloKit's refusals while sending, in timestamp order). Out: an NDJSON file,
// written through a buffer. Kinds: `invalid` (with the violations, and the text as read),
// `duplicate` (with where its first copy is), `rejected` (with FloKit's reason).
import { closeSync, openSync, writeSync } from 'node:fs';

export interface Violation {
  readonly path: string;
  readonly message: string;
}

/** Where an entry was found, as the report names it. */
export interface Place {
  readonly source: string;
  /** 1-based; absent inside a multi-line JSON document. */
  readonly line?: number;
  /** Position in a JSON array or batch body. */
  readonly index?: number;
}

export type RejectEntry =
  | (Place & { readonly kind: 'invalid'; readonly violations: readonly Violation[]; readonly text?: string })
  | (Place & { readonly kind: 'duplicate'; readonly first: Place })
  | (Place & { readonly kind: 'rejected'; readonly reason: string; readonly batch: number });

const FLUSH_AT = 256 * 1024;

export class RejectsWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private size = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  add(entry: RejectEntry): void {
    const line = `${JSON.stringify(entry)}\n`;
    this.pending.push(line);
    this.size += line.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  /** Writes what is buffered; the file is then complete up to the last entry added. */
  flush(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''));
    this.pending = [];
    this.size = 0;
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
