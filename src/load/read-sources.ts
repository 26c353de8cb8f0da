// Reading taxonomy files: a path (one file, or a directory of .yaml/.yml files) → decoded texts.
// Rejects what must never reach the YAML parser: missing paths, oversize files, bytes that are not
// UTF-8, and control characters. In: a path and limits. Out: texts in a stable order, diagnostics.
import { isUtf8 } from 'node:buffer';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { sha256 } from '../text-bytes.js';
import type { LoadLimits } from './limits.js';

export interface SourceText {
  readonly file: string;
  readonly text: string;
  /** SHA-256 of the file's bytes as read, hex: what the output manifest records. */
  readonly sha256: string;
}

export interface ReadResult {
  /** How many taxonomy files there are, read or not. */
  readonly files: number;
  readonly sources: readonly SourceText[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Lists the taxonomy files at `path`, sorted by name so merging never depends on the file system. */
export function listTaxonomyFiles(path: string): string[] | undefined {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    return undefined;
  }
  if (!isDirectory) return [path];
  try {
    return readdirSync(path)
      .filter((name) => /\.ya?ml$/i.test(name) && isFile(join(path, name)))
      .sort()
      .map((name) => join(path, name));
  } catch {
    return undefined;
  }
}

/** Follows symbolic links: a linked taxonomy file is part of the taxonomy like any other. */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function readSources(path: string, limits: LoadLimits): ReadResult {
  const files = listTaxonomyFiles(path);
  const start = { file: path, line: 1, column: 1 };
  if (files === undefined) {
    return { files: 0, sources: [], diagnostics: [diagnostic('file-not-found', start, `no readable taxonomy file or directory at \`${path}\``)] };
  }
  if (files.length === 0) {
    return {
      files: 0,
      sources: [],
      diagnostics: [diagnostic('no-taxonomy-files', start, `\`${path}\` holds no .yaml or .yml file`)],
    };
  }
  const sources: SourceText[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const result = readOne(file, limits);
    if (Array.isArray(result)) diagnostics.push(...result);
    else sources.push({ file, ...result });
  }
  return { files: files.length, sources, diagnostics };
}

function readOne(file: string, limits: LoadLimits): { text: string; sha256: string } | Diagnostic[] {
  const at = { file, line: 1, column: 1 };
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > limits.maxFileBytes) {
      return [
        diagnostic(
          'file-too-large',
          at,
          `file is ${size} bytes, over the limit of ${limits.maxFileBytes}`,
          'split the taxonomy into several files in one directory, or raise limits.maxFileBytes',
        ),
      ];
    }
    bytes = readFileSync(file);
  } catch (error) {
    return [diagnostic('file-not-found', at, `cannot read \`${file}\`: ${(error as Error).message}`)];
  }
  // The native check first (strict UTF-8, as ours): the byte-by-byte walk only to locate a bad byte.
  const bad = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (bad !== -1) {
    return [
      diagnostic('invalid-utf8', { file, ...positionOfByte(bytes, bad) }, `byte 0x${hex(bytes[bad] ?? 0)} at offset ${bad} is not valid UTF-8`, 'save the file as UTF-8'),
    ];
  }
  // A lone CR is a YAML line break; as LF it is one for our line counting too (same offsets).
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '').replace(/\r(?!\n)/g, '\n');
  const controls = findControlCharacters(file, text);
  return controls.length > 0 ? controls : { text, sha256: sha256(bytes) };
}

// Tab, LF and CR are YAML whitespace; every other C0/C1 control and DEL is invisible and suspicious.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu;

function findControlCharacters(file: string, text: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const match of text.matchAll(CONTROL)) {
    const offset = match.index;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    found.push(
      diagnostic('control-character', { file, line, column }, `control character U+${code} in the file`, 'remove it, or write it as an escape in a double-quoted string'),
    );
  }
  return found;
}

/** Offset of the first byte that breaks UTF-8 (overlongs and surrogates included), or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    const second = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) {
      return i;
    }
    i += need + 1;
  }
  return -1;
}

function positionOfByte(bytes: Buffer, offset: number): { line: number; column: number } {
  const before = bytes.subarray(0, offset);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  const line = before.toString('latin1').split('\n').length;
  return { line, column: bytes.subarray(lineStart, offset).toString('utf8').length + 1 };
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
