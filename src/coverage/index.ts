// `coverage`, as the programmatic API offers it: the user's TypeScript project analysed against a
// taxonomy. The TypeScript compiler (ts-morph) is imported here, on the first call, so that nothing
// else that loads the API pays for it. In: the IR, tsconfig paths, test globs. Out: the report, or
// why the project could not be loaded.
import type { Taxonomy } from '../model/ir.js';
import { DEFAULT_TEST_GLOBS } from './globs.js';
import { buildReport, type CoverageReport } from './report.js';

export interface CoverageOptions {
  /** tsconfig files (or directories holding one); their project references are followed. */
  readonly projects: readonly string[];
  /** Paths in the report are relative to this directory, and test globs match against them. */
  readonly root: string;
  /** The output directory of `generate`: its files count as generated even without their header (compiled `.d.ts`). */
  readonly outDir?: string;
  /**
   * Files whose sites count as tests (default: DEFAULT_TEST_GLOBS).
   * @example { testGlobs: ['e2e/**', '**\/*.stories.tsx'] }
   */
  readonly testGlobs?: readonly string[];
}

export type CoverageResult = { readonly report: CoverageReport; readonly problem?: undefined } | { readonly report?: undefined; readonly problem: string };

/**
 * Where the code produces each event of `taxonomy`, by symbol and type.
 * @example
 * const { report, problem } = await analyzeCoverage(taxonomy, { projects: ['tsconfig.json'], root: process.cwd() });
 */
export async function analyzeCoverage(taxonomy: Taxonomy, options: CoverageOptions): Promise<CoverageResult> {
  const { loadProgram, ProjectError } = await import('./program.js');
  const { analyzeProgram } = await import('./analyze.js');
  let loaded: ReturnType<typeof loadProgram>;
  try {
    loaded = loadProgram(options.projects);
  } catch (error) {
    if (error instanceof ProjectError) return { problem: error.message };
    throw error;
  }
  const findings = analyzeProgram(loaded.program, options.outDir === undefined ? { taxonomy: taxonomy.name } : { taxonomy: taxonomy.name, outDir: options.outDir });
  if (findings.generatedModules === 0) {
    return { problem: `the project (${loaded.configs.join(', ')}) holds no client or validators generated from taxonomy ${taxonomy.name}: is the generated output part of it, or imported by it?` };
  }
  return { report: buildReport(taxonomy, findings, { root: options.root, testGlobs: options.testGlobs ?? DEFAULT_TEST_GLOBS, projects: loaded.configs }) };
}
