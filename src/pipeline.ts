// The steps every command chains: load a taxonomy into the IR (every problem at once), and generate
// the output files with their manifest. In: paths, options, a parse cache. Out: the IR, diagnostics, files.
import { sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { generate, type EmitMemo, type GeneratedFile, type JavaScriptModule } from './generate.js';
import { DEFAULT_LIMITS, loadRawTaxonomy, type LoadCache, type LoadLimits, type SourceDigest } from './load/index.js';
import { buildIr, type IrMemo } from './model/build-ir.js';
import type { Taxonomy } from './model/ir.js';
import { withManifest, type DocsFile, type OutputMemory } from './output.js';

export interface LoadOptions {
  /** Override any of the loader's limits; the rest keep their defaults (see DEFAULT_LIMITS). */
  readonly limits?: Partial<LoadLimits>;
  /**
   * Per-file parse results to reuse: pass the same map to every load in a long-lived process, and
   * only files whose text changed are parsed again.
   * @example const cache = new Map(); loadTaxonomy('taxonomy/', { cache }); // ...edit... loadTaxonomy('taxonomy/', { cache });
   */
  readonly cache?: LoadCache;
  /** Events built by earlier loads, reused while unchanged: pass the same memo to every load, as `cache` (see IrMemo). */
  readonly memo?: IrMemo;
  /** Told how many characters of taxonomy text were read, before anything is parsed. */
  readonly onRead?: (characters: number) => void;
}

export interface LoadTaxonomyResult {
  /** The IR, present exactly when there are no diagnostics. */
  readonly taxonomy?: Taxonomy;
  /** Every problem found, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** The taxonomy files read and the SHA-256 of their bytes (for the output manifest). */
  readonly sources: readonly SourceDigest[];
}

/**
 * Loads a taxonomy file or directory and builds its IR, reporting every problem at once.
 * @example
 * const { taxonomy, diagnostics } = loadTaxonomy('taxonomy/');
 * if (!taxonomy) for (const d of diagnostics) console.error(formatDiagnostic(d));
 */
export function loadTaxonomy(path: string, options: LoadOptions = {}): LoadTaxonomyResult {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const loaded = loadRawTaxonomy(path, limits, options.cache, options.onRead, options.memo?.checked);
  const { sources } = loaded;
  if (loaded.raw === undefined) return { diagnostics: sortDiagnostics(loaded.diagnostics), sources };
  const built = buildIr(loaded.raw, limits, options.memo);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...built.diagnostics]);
  return diagnostics.length === 0 && built.taxonomy !== undefined ? { taxonomy: built.taxonomy, diagnostics, sources } : { diagnostics, sources };
}

export interface OutputResult extends LoadTaxonomyResult {
  /** Every file for the output directory, the manifest included; present with the IR. */
  readonly files?: readonly GeneratedFile[];
  /** The docs files (see BuildOutputOptions.docs), listed in the manifest, for the caller to write or compare. */
  readonly docs?: readonly DocsFile[];
}

export interface BuildOutputOptions {
  /** Parse results kept between runs (see LoadOptions.cache): `watch` passes the same map every time. */
  readonly loadCache?: LoadCache;
  /** Events built by earlier runs (see LoadOptions.memo): `watch` passes the same memo every time. */
  readonly irMemo?: IrMemo;
  /** Pieces of output kept between runs (see GenerateOptions.memo): `watch` passes the same memo every time. */
  readonly memo?: EmitMemo;
  /** The output's hashes kept between runs (see OutputMemory): `watch` passes the same memory every time. */
  readonly output?: OutputMemory;
  /** Called between loading and generating (the CLI collects garbage there for large taxonomies). */
  readonly afterLoad?: (taxonomy: Taxonomy) => void;
  /** JavaScript with .d.ts files (ES modules or CommonJS) instead of TypeScript. */
  readonly javascript?: JavaScriptModule;
  /** The docs the config asks for, made from the IR: listed in the manifest and returned, not written. */
  readonly docs?: (taxonomy: Taxonomy) => readonly DocsFile[];
}

/** Loads the taxonomy and generates every output file for `outDir` in memory (nothing is written). */
export function buildOutput(taxonomyPath: string, outDir: string, options: BuildOutputOptions = {}): OutputResult {
  const loaded = loadTaxonomy(taxonomyPath, { ...(options.loadCache === undefined ? {} : { cache: options.loadCache }), ...(options.irMemo === undefined ? {} : { memo: options.irMemo }) });
  if (loaded.taxonomy === undefined) return loaded;
  options.afterLoad?.(loaded.taxonomy);
  const { javascript, memo, output } = options;
  const files = generate(loaded.taxonomy, { ...(memo === undefined ? {} : { memo }), ...(javascript === undefined ? {} : { javascript }) });
  const docs = options.docs?.(loaded.taxonomy);
  const manifestOptions = { ...(javascript === undefined ? {} : { javascript }), ...(output === undefined ? {} : { memory: output }), ...(docs === undefined ? {} : { docs }) };
  return { ...loaded, files: withManifest(outDir, files, loaded.sources, manifestOptions), ...(docs === undefined ? {} : { docs }) };
}
