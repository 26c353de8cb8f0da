// `validate`: payloads (files, or `-` for stdin) checked against the taxonomy with the generated
// validators' code. Results stream as they are found, so a multi-gigabyte NDJSON export never sits in memory.
// In: flags, sources, the terminal. Out: a report per invalid event, a summary, an exit code.
import { resolve } from 'node:path';
import { checkPayloadSources, createJsonReportWriter, createPayloadChecker, formatPayloadResult, formatPayloadSummary, STDIN_SOURCE } from '../index.js';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, paint, printDiagnostics, shown, type Io } from './io.js';
import { loadProjectTaxonomy, projectPaths, type PathFlags } from './paths.js';

export interface ValidateFlags extends PathFlags {
  readonly quiet?: boolean;
  /** Checked by commander (choices). */
  readonly format: 'text' | 'json';
}

export async function validateCommand(sources: readonly string[], flags: ValidateFlags, io: Io): Promise<number> {
  if (sources.filter((s) => s === STDIN_SOURCE).length > 1) {
    io.err('error: `-` (stdin) can be given once');
    return EXIT_USAGE;
  }
  const { paths, diagnostics: configProblems } = projectPaths(flags);
  if (configProblems.length > 0) {
    printDiagnostics(io, configProblems);
    return EXIT_INVALID;
  }
  const taxonomy = loadProjectTaxonomy(paths, io, 'no payload was checked');
  if (taxonomy === undefined) return EXIT_INVALID;
  const checker = createPayloadChecker(taxonomy);
  // Like --taxonomy, payload paths are relative to --cwd; reports name them as given.
  const files = sources.map((s) => (s === STDIN_SOURCE || flags.cwd === undefined ? s : shown(resolve(paths.cwd, s))));
  const options = io.stdin === undefined ? {} : { stdin: io.stdin };
  if (flags.format === 'json') {
    const report = createJsonReportWriter();
    const summary = await checkPayloadSources(files, checker, (result) => {
      const piece = report.add(result);
      return piece === '' ? undefined : io.write(piece);
    }, options);
    await io.write(report.end(summary));
    return summary.invalid > 0 ? EXIT_INVALID : EXIT_OK;
  }
  const summary = await checkPayloadSources(files, checker, (result) => {
    const text = formatPayloadResult(result);
    if (text === undefined) return undefined;
    const [head = '', ...rest] = text.split('\n');
    return io.out([paint(io, 'bold', head), ...rest.map((line) => paint(io, 'red', line))].join('\n'));
  }, options);
  if (summary.invalid > 0 || flags.quiet !== true) await io.out(formatPayloadSummary(summary));
  return summary.invalid > 0 ? EXIT_INVALID : EXIT_OK;
}
