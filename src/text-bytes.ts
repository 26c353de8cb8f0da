// Texts of megabytes to bytes, hashed or written, through one small reused buffer. Node encodes a
// whole string into a fresh buffer of its size for `hash.update(text)` and `writeFileSync(path,
// text)`, and on this kind of VM touching that much new memory costs more than the work itself: a
// 26 MB text took 210–290 ms to write and 125 ms to hash, 35 ms each in chunks (bench/README.md,
// "Writing and hashing large texts"). In: texts or bytes, paths. Out: SHA-256 digests, files.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

/** UTF-16 code units per chunk; UTF-8 needs at most 3 bytes for each. */
const CHUNK = 1 << 16;
let scratch: Buffer | undefined;

/** Calls `use` with the UTF-8 bytes of `text`, in order, a chunk at a time (the bytes are reused after it returns). */
function eachChunk(text: string, use: (bytes: Buffer) => void): void {
  scratch ??= Buffer.allocUnsafeSlow(CHUNK * 3);
  for (let from = 0; from < text.length; ) {
    let to = Math.min(text.length, from + CHUNK);
    // A surrogate pair cut in two would encode as two replacement characters.
    if (to < text.length && (text.charCodeAt(to - 1) & 0xfc00) === 0xd800) to--;
    use(scratch.subarray(0, scratch.write(text.slice(from, to), 0)));
    from = to;
  }
}

/** SHA-256 of bytes, or of a text's UTF-8 bytes, hex. */
export function sha256(data: Uint8Array | string): string {
  const hash: Hash = createHash('sha256');
  if (typeof data === 'string' && data.length > CHUNK) eachChunk(data, (bytes) => hash.update(bytes));
  else hash.update(data);
  return hash.digest('hex');
}

/** Writes `text` as UTF-8 to `path`; `flag` as for fs.openSync (`wx`: fail if something is there). */
export function writeText(path: string, text: string, flag: 'w' | 'wx' = 'w'): void {
  const fd = openSync(path, flag);
  try {
    eachChunk(text, (bytes) => {
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    });
  } finally {
    closeSync(fd);
  }
}
