// Texts of megabytes to bytes, hashed or written, through one small reused buffer. Node encodes a
// whole string into a fresh buffer of its size for `hash.update(text)` and `writeFileSync(path,
// text)`, and on this kind of VM touching that much new memory costs more than the work itself: a
// 26 MB text took 210–290 ms to write and 125 ms to hash, 35 ms each in chunks (bench/README.md,
// "Writing and hashing large texts"). Files are compared with texts and hashed the same way, a chunk
// of bytes at a time, never decoded whole. In: texts or bytes, paths. Out: SHA-256 digests, files,
// whether a file holds a text.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';

/** UTF-16 code units per chunk; UTF-8 needs at most 3 bytes for each. */
const CHUNK = 1 << 16;
const BYTES = CHUNK * 3;
let scratch: Buffer | undefined;
let fileScratch: Buffer | undefined;

/**
 * A text, or a text in parts (joined, they are the text; no part ends inside a surrogate pair).
 * Files that gather every event are kept in parts: joining megabytes costs more than the work done
 * on them (bench/README.md).
 */
export type Text = string | readonly string[];

/** The UTF-8 bytes of `text`, in order, a chunk at a time (each chunk's memory is reused for the next). */
function* utf8Chunks(text: Text): Generator<Buffer> {
  scratch ??= Buffer.allocUnsafeSlow(BYTES);
  let used = 0;
  for (const part of typeof text === 'string' ? [text] : text) {
    for (let from = 0; from < part.length; ) {
      let to = Math.min(part.length, from + Math.floor((BYTES - used) / 3));
      // A surrogate pair cut in two would encode as two replacement characters.
      if (to < part.length && (part.charCodeAt(to - 1) & 0xfc00) === 0xd800) to--;
      if (to <= from) {
        yield scratch.subarray(0, used);
        used = 0;
        continue;
      }
      used += scratch.write(part.slice(from, to), used);
      from = to;
    }
  }
  if (used > 0) yield scratch.subarray(0, used);
}

/** SHA-256 of bytes, or of a text's UTF-8 bytes, hex. */
export function sha256(data: Uint8Array | Text): string {
  const hash: Hash = createHash('sha256');
  if (typeof data === 'string' && data.length <= CHUNK) hash.update(data);
  else if (data instanceof Uint8Array) hash.update(data);
  else for (const bytes of utf8Chunks(data)) hash.update(bytes);
  return hash.digest('hex');
}

/** Writes `text` as UTF-8 to `path`; `flag` as for fs.openSync (`wx`: fail if something is there). */
export function writeText(path: string, text: Text, flag: 'w' | 'wx' = 'w'): void {
  withFile(path, flag, (fd) => {
    for (const bytes of utf8Chunks(text)) for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
  });
}

function byteLength(text: Text): number {
  if (typeof text === 'string') return Buffer.byteLength(text);
  let n = 0;
  for (const part of text) n += Buffer.byteLength(part);
  return n;
}

/** Reads into `into` until it is full or the file ends; returns the bytes read. */
function readFull(fd: number, into: Buffer): number {
  let done = 0;
  for (let n = -1; done < into.length && n !== 0; done += n) n = readSync(fd, into, done, into.length - done, null);
  return done;
}

function withFile<T>(path: string, flag: 'r' | 'w' | 'wx', use: (fd: number) => T): T {
  const fd = openSync(path, flag);
  try {
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

/** SHA-256 of the bytes of the file at `path`, hex (as `sha256` of its text when it is UTF-8). */
export function sha256File(path: string): string {
  const bytes = (fileScratch ??= Buffer.allocUnsafeSlow(BYTES));
  const hash: Hash = createHash('sha256');
  withFile(path, 'r', (fd) => {
    for (let n = readFull(fd, bytes); n > 0; n = readFull(fd, bytes)) hash.update(bytes.subarray(0, n));
  });
  return hash.digest('hex');
}

/** Whether the file at `path` holds exactly the UTF-8 bytes of `text`: sizes first, then chunk by chunk. */
export function holdsText(path: string, text: Text): boolean {
  const actual = (fileScratch ??= Buffer.allocUnsafeSlow(BYTES));
  return withFile(path, 'r', (fd) => {
    if (fstatSync(fd).size !== byteLength(text)) return false;
    for (const expected of utf8Chunks(text)) {
      const part = actual.subarray(0, expected.length);
      if (readFull(fd, part) !== expected.length || !part.equals(expected)) return false;
    }
    return true;
  });
}

/** The first `bytes` bytes of the file at `path` as text (a character cut at the end is replaced). */
export function readHead(path: string, bytes: number): string {
  return withFile(path, 'r', (fd) => {
    const head = Buffer.alloc(bytes);
    return head.toString('utf8', 0, readFull(fd, head));
  });
}
