// The programmatic API of flokit-gen. Everything the CLI does goes through here. No logic of its own.
import { sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { DEFAULT_LIMITS, loadRawTaxonomy, type LoadCache, type LoadLimits } from './load/index.js';
import { buildIr } from './model/build-ir.js';
import type { Taxonomy } from './model/ir.js';

export interface LoadOptions {
  /** Override any of the loader's limits; the rest keep their defaults (see DEFAULT_LIMITS). */
  readonly limits?: Partial<LoadLimits>;
  /**
   * Per-file parse results to reuse: pass the same map to every load in a long-lived process, and
   * only files whose text changed are parsed again.
   * @example const cache = new Map(); loadTaxonomy('taxonomy/', { cache }); // ...edit... loadTaxonomy('taxonomy/', { cache });
   */
  readonly cache?: LoadCache;
}

export interface LoadTaxonomyResult {
  /** The IR, present exactly when there are no diagnostics. */
  readonly taxonomy?: Taxonomy;
  /** Every problem found, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Loads a taxonomy file or directory and builds its IR, reporting every problem at once.
 * @example
 * const { taxonomy, diagnostics } = loadTaxonomy('taxonomy/');
 * if (!taxonomy) for (const d of diagnostics) console.error(formatDiagnostic(d));
 */
export function loadTaxonomy(path: string, options: LoadOptions = {}): LoadTaxonomyResult {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const loaded = loadRawTaxonomy(path, limits, options.cache);
  if (loaded.raw === undefined) return { diagnostics: sortDiagnostics(loaded.diagnostics) };
  const built = buildIr(loaded.raw, limits);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...built.diagnostics]);
  return diagnostics.length === 0 && built.taxonomy !== undefined ? { taxonomy: built.taxonomy, diagnostics } : { diagnostics };
}

export { generate, type GeneratedFile, type GenerateOptions } from './generate.js';
export { CONFIG_FILES, DEFAULT_CONFIG, loadConfig, type ConfigResult, type ProjectConfig } from './config.js';
export { checkFiles, isFresh, readCache, writeCache, writeFiles, type CheckReport, type WriteReport } from './output.js';
export type { ArtefactCache } from './emit/types.js';
export { DIAGNOSTIC_CODES, formatDiagnostic, TaxonomyError, type Diagnostic, type DiagnosticCode, type SourceLocation } from './diagnostics.js';
export { DEFAULT_LIMITS, type LoadCache, type LoadLimits } from './load/index.js';
export { VERSION } from './package-files.js';
export type * from './model/ir.js';
