// The bridge between plain data and source text: JSON values parsed from YAML, and where each one
// came from, keyed by JSON pointer. In: nothing. Out: types and pointer helpers.
import type { SourceLocation } from '../diagnostics.js';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface NodeInfo {
  /** Where the value starts. */
  readonly value: SourceLocation;
  /** Where its mapping key starts, when it has one. */
  readonly key?: SourceLocation;
  /** For scalar values: written without quotes, and the text as written. */
  readonly plain?: boolean;
  readonly source?: string;
  /** The same for the mapping key, plus what it resolved to before it became a string (`1:` → 1). */
  readonly keyPlain?: boolean;
  readonly keySource?: string;
  readonly keyScalar?: unknown;
}

export interface ParsedFile {
  readonly file: string;
  /** The data; after the shape check, with every part that failed removed. */
  readonly value: JsonValue;
  readonly nodes: ReadonlyMap<string, NodeInfo>;
  /** Pointers of nodes the parser already reported (aliases, unsafe numbers); later stages drop them. */
  readonly poisoned: readonly string[];
  /** The data as written, before the shape check removed anything. */
  readonly original: JsonValue;
}

/** Whether the file, as written, had a value at `path`, even if the shape check removed it since. */
export function wasWritten(file: ParsedFile, path: readonly string[]): boolean {
  let node: JsonValue = file.original;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return false;
    if (Array.isArray(node)) node = (node as readonly JsonValue[])[Number(key)] ?? null;
    else if (Object.hasOwn(node, key)) node = (node as { readonly [k: string]: JsonValue })[key] as JsonValue;
    else return false;
  }
  return true;
}

// Lists that lost items to the shape check, and the original position of each remaining item.
const ORIGINAL_INDICES = new WeakMap<readonly unknown[], readonly number[]>();

export function recordOriginalIndices(list: readonly unknown[], indices: readonly number[]): void {
  ORIGINAL_INDICES.set(list, indices);
}

/** Where item `i` of a list stood in the file, even after invalid items before it were removed. */
export function originalIndex(list: readonly unknown[], i: number): number {
  return ORIGINAL_INDICES.get(list)?.[i] ?? i;
}

/** True when the shape check removed items from this list. */
export function lostItems(list: readonly unknown[]): boolean {
  return ORIGINAL_INDICES.has(list);
}

/** One key as an RFC 6901 pointer segment (`~` → `~0`, `/` → `~1`). */
export function pointerSegment(key: string): string {
  return key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;
}

/** RFC 6901 JSON pointer of a path of keys. */
export function pointerOf(path: readonly string[]): string {
  let out = '';
  for (const part of path) out += '/' + pointerSegment(part);
  return out;
}

export function pathOfPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The location of the node at `path`, or of its nearest recorded ancestor. */
export function locate(file: ParsedFile, path: readonly string[], which: 'key' | 'value' = 'value'): SourceLocation {
  for (let n = path.length; n >= 0; n--) {
    const info = file.nodes.get(pointerOf(path.slice(0, n)));
    if (info !== undefined) return (which === 'key' ? info.key : undefined) ?? info.value;
  }
  return { file: file.file, line: 1, column: 1 };
}
