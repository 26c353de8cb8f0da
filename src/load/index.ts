// The loader: a taxonomy path → a merged, shape-checked RawTaxonomy, or every problem found on the
// way. Each stage runs on what the previous one accepted, so one mistake is reported once.
// In: a file or directory path and limits. Out: { raw?, diagnostics }.
import type { Diagnostic } from '../diagnostics.js';
import { checkShape } from './check-shape.js';
import { checkValues, type CheckedEvents } from './check-values.js';
import type { LoadLimits } from './limits.js';
import { mergeFiles } from './merge.js';
import { parseYamlFile } from './parse-yaml.js';
import type { RawTaxonomy } from './raw.js';
import { readSources } from './read-sources.js';
import { reparseEdit } from './reparse.js';
import type { ParsedFile } from './source-map.js';
import { typeNamesIn } from './type-names.js';

/** A taxonomy file that was read, by the SHA-256 of its bytes. */
export interface SourceDigest {
  readonly file: string;
  readonly sha256: string;
}

export interface LoadResult {
  /** Present when the files parse, match the format and merge; value checks may still have failed. */
  readonly raw?: RawTaxonomy;
  readonly diagnostics: readonly Diagnostic[];
  /** Every file read, in merge order. */
  readonly sources: readonly SourceDigest[];
}

/** One file's parse and shape check, as the cache keeps it. */
interface FileResult {
  readonly text: string;
  readonly limits: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly narrowing: ReadonlyMap<Diagnostic, string>;
  readonly parsed?: ParsedFile;
  /** The YAML parsed without a problem (the shape check may still have found some). */
  readonly parsedCleanly: boolean;
}

/**
 * Per-file results kept between loads (by file path, valid while the text and limits are the same):
 * a process that loads again after an edit (watch) re-parses only the files that changed.
 */
export type LoadCache = Map<string, FileResult>;

function loadFile(file: string, text: string, limits: LoadLimits, cache: LoadCache | undefined): FileResult {
  const limitsKey = JSON.stringify(limits);
  const cached = cache?.get(file);
  if (cached !== undefined && cached.text === text && cached.limits === limitsKey) return cached;
  // After an edit inside one event of a file that parsed cleanly, only that event is parsed again.
  const previous = cached !== undefined && cached.limits === limitsKey && cached.parsedCleanly ? cached.parsed : undefined;
  // reparseEdit takes the previous parse over: it must not stay in the cache if anything below throws.
  cache?.delete(file);
  const reparsed = previous === undefined ? undefined : reparseEdit(previous, cached?.text ?? '', text, limits);
  const result = reparsed !== undefined ? { parsed: reparsed, diagnostics: [] } : parseYamlFile(file, text, limits);
  const shape = result.parsed === undefined ? undefined : checkShape(result.parsed);
  const fresh: FileResult = {
    text,
    limits: limitsKey,
    diagnostics: [...result.diagnostics, ...(shape?.diagnostics ?? [])],
    narrowing: shape?.narrowing ?? new Map(),
    parsedCleanly: result.diagnostics.length === 0,
    ...(result.parsed !== undefined && shape?.value !== undefined ? { parsed: { ...result.parsed, value: shape.value } } : {}),
  };
  cache?.set(file, fresh);
  return fresh;
}

/** `onRead` is told how many characters were read, before anything is parsed. */
/** `checked`: events a long-lived process saw checked clean (see CheckedEvents). */
export function loadRawTaxonomy(path: string, limits: LoadLimits, cache?: LoadCache, onRead?: (characters: number) => void, checked?: CheckedEvents): LoadResult {
  const read = readSources(path, limits);
  onRead?.(read.sources.reduce((sum, { text }) => sum + text.length, 0));
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  const sources = read.sources.map(({ file, sha256 }) => ({ file, sha256 }));
  const parsed: ParsedFile[] = [];
  const narrowing = new Map<Diagnostic, string>();
  for (const source of read.sources) {
    const result = loadFile(source.file, source.text, limits, cache);
    diagnostics.push(...result.diagnostics);
    result.narrowing.forEach((type, d) => narrowing.set(d, type));
    if (result.parsed !== undefined) parsed.push(result.parsed);
  }
  if (cache !== undefined) for (const file of cache.keys()) if (!read.sources.some((s) => s.file === file)) cache.delete(file);
  const declaredTypes = new Set(parsed.flatMap((f) => typeNamesIn(f.original)));
  const filtered = diagnostics.filter((d) => !narrowing.has(d) || declaredTypes.has(narrowing.get(d) ?? ''));
  diagnostics.splice(0, diagnostics.length, ...filtered);
  // A file that could not be read or parsed would make the merge report its contents as missing.
  if (parsed.length < read.files) return { diagnostics, sources };
  const merged = mergeFiles(parsed);
  diagnostics.push(...merged.diagnostics);
  if (merged.taxonomy === undefined) return { diagnostics, sources };
  diagnostics.push(...checkValues(merged.taxonomy, limits, checked));
  return { raw: merged.taxonomy, diagnostics, sources };
}

export { DEFAULT_LIMITS, type LoadLimits } from './limits.js';
export type { CheckedEvents } from './check-values.js';
export { listTaxonomyFiles } from './read-sources.js';
export type { RawEntry, RawEvent, RawProperty, RawPropertyObject, RawTaxonomy } from './raw.js';
export { locate, originalIndex, wasWritten, type JsonValue, type ParsedFile } from './source-map.js';
export { BUILTIN_TYPES, type BuiltinType } from './format-schema.js';
