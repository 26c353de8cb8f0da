// Types of bench/lib/import-export.js, for the tests that use it.
export interface ExportStats {
  readonly lines: number;
  /** Distinct valid events. */
  readonly valid: number;
  readonly invalid: number;
  /** Lines repeating an earlier valid line verbatim. */
  readonly duplicates: number;
  readonly bytes: number;
  /** 1-based line numbers of the invalid lines. */
  readonly invalidLines: readonly number[];
}

export interface ExportOptions {
  readonly events: number;
  readonly invalidRate?: number;
  readonly duplicateRate?: number;
  readonly seed?: number;
}

export function writeExport(path: string, options: ExportOptions): Promise<ExportStats>;

/** mulberry32: a seeded PRNG of numbers in [0, 1). */
export function prng(seed: number): () => number;
