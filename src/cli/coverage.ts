// `coverage`: where the user's TypeScript project produces each event of the taxonomy (the analysis,
// with the TypeScript compiler, loads only here, on demand). In: flags and the terminal. Out: the
// report on stdout, the `--fail-on` verdict on stderr, an exit code.
import { resolve } from 'node:path';
import { analyzeCoverage, failures, formatReport, type CoverageFormat, type CoverageReport, type FailOn } from '../index.js';
import { EXIT_INVALID, EXIT_OK, plural, printDiagnostics, type Io } from './io.js';
import { loadProjectTaxonomy, projectPaths, type PathFlags } from './paths.js';

export interface CoverageFlags extends PathFlags {
  readonly quiet?: boolean;
  readonly project?: readonly string[];
  readonly tests?: readonly string[];
  /** Checked by commander (choices). */
  readonly format: CoverageFormat;
  readonly failOn?: readonly FailOn[];
}

function verdict(report: CoverageReport, condition: FailOn): string {
  switch (condition) {
    case 'untracked':
      return `untracked: ${report.events
        .filter((e) => !e.deprecated && e.status !== 'produced')
        .map((e) => e.name)
        .join(', ')}`;
    case 'deprecated':
      return `deprecated: ${report.events
        .filter((e) => e.deprecated && e.status === 'produced')
        .map((e) => e.name)
        .join(', ')}`;
    case 'unresolved':
      return `unresolved: ${plural(report.summary.unresolved, 'site')}`;
    case 'unknown':
      return `unknown: ${report.unknown.map((u) => u.name).join(', ')}`;
  }
}

export async function coverageCommand(flags: CoverageFlags, io: Io): Promise<number> {
  const { paths, diagnostics: configProblems } = projectPaths(flags);
  if (configProblems.length > 0) {
    printDiagnostics(io, configProblems);
    return EXIT_INVALID;
  }
  const taxonomy = loadProjectTaxonomy(paths, io, 'no coverage was computed');
  if (taxonomy === undefined) return EXIT_INVALID;
  const projects = (flags.project ?? ['tsconfig.json']).map((p) => resolve(paths.cwd, p));
  const base = { projects, root: paths.cwd, outDir: paths.out };
  const options = flags.tests === undefined ? base : { ...base, testGlobs: flags.tests };
  const { report, problem } = await analyzeCoverage(taxonomy, options);
  if (report === undefined) {
    io.err(`flokit-gen coverage: ${problem}`);
    return EXIT_INVALID;
  }
  const failed = failures(report, flags.failOn ?? []);
  if (flags.quiet !== true || failed.length > 0 || flags.format !== 'text') await io.write(formatReport(report, flags.format));
  if (failed.length === 0) return EXIT_OK;
  io.err(`coverage fails on ${failed.map((c) => verdict(report, c)).join('; ')}`);
  return EXIT_INVALID;
}
