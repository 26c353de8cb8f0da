// `generate`, `check` and `watch`: the commands that turn the taxonomy into the output directory.
// In: flags and the terminal. Out: files written (generate, watch) or compared (check), an exit code.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildOutput, checkFiles, HEADER_MARK, isFresh, isFreshByManifest, MANIFEST, watchTaxonomy, writeFiles, type CheckReport, type OutputResult, type Taxonomy } from '../index.js';
import { checkDocs, writeDocs } from './docs.js';
import { EXIT_INVALID, EXIT_OK, paint, plural, printDiagnostics, shown, type Io } from './io.js';
import { loadProjectTaxonomy, projectPaths, type PathFlags, type ProjectPaths } from './paths.js';

export interface BuildFlags extends PathFlags {
  readonly quiet?: boolean;
  /** generate: skip the manifest's proof of freshness (it knows the taxonomy and this version, not edits to flokit-gen's own code). */
  readonly force?: boolean;
}

// Parsing a large taxonomy leaves hundreds of megabytes of YAML syntax trees behind. V8 collects
// them lazily, so generation would stack its own peak on top (1.6 GiB at 5,000 events, against
// 1.0 GiB with a collection in between). The CLI is the one place that owns the process.
const LARGE_TAXONOMY = 1000;

function collectGarbage(taxonomy: Taxonomy): void {
  if (taxonomy.events.length < LARGE_TAXONOMY) return;
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as (() => void) | undefined)?.();
}

function describe(taxonomy: Taxonomy): string {
  return `${taxonomy.name} ${taxonomy.version}: ${plural(taxonomy.events.length, 'event')}, ${plural(taxonomy.types.length, 'shared type')}`;
}

/** Loads and generates in memory; prints the diagnostics and returns undefined when the taxonomy is invalid. */
async function build(paths: ProjectPaths, io: Io): Promise<(OutputResult & { taxonomy: Taxonomy; files: NonNullable<OutputResult['files']> }) | undefined> {
  const { javascript } = paths.language;
  const result = buildOutput(shown(paths.taxonomy), paths.out, { afterLoad: collectGarbage, ...(javascript === undefined ? {} : { javascript }) });
  if (result.taxonomy === undefined || result.files === undefined) {
    printDiagnostics(io, result.diagnostics);
    io.err(`\n${plural(result.diagnostics.length, 'problem')} in the taxonomy; nothing was written.`);
    return undefined;
  }
  return { ...result, taxonomy: result.taxonomy, files: result.files };
}

function resolvePaths(flags: PathFlags, io: Io): ProjectPaths | undefined {
  const { paths, diagnostics } = projectPaths(flags);
  if (diagnostics.length === 0) return paths;
  printDiagnostics(io, diagnostics);
  return undefined;
}

/** What generating or checking the output directory ended with, and the taxonomy if it was loaded. */
interface Outcome {
  readonly code: number;
  readonly taxonomy?: Taxonomy;
}

/**
 * The docs part of `generate` and `check`, when the config names a `docs` location: the taxonomy
 * the output step loaded, else (the manifest proved the output fresh without it) loaded once here.
 */
async function configuredDocs(paths: ProjectPaths, outcome: Outcome, io: Io, docs: (taxonomy: Taxonomy, location: string) => Promise<number>): Promise<number> {
  if (paths.docs === undefined || outcome.code !== EXIT_OK) return outcome.code;
  const taxonomy = outcome.taxonomy ?? loadProjectTaxonomy(paths, io, `${shown(paths.docs)} was not compared or written`);
  return taxonomy === undefined ? EXIT_INVALID : docs(taxonomy, paths.docs);
}

/** Writes the output directory, then the docs when the config names a `docs` location. */
export async function generateCommand(flags: BuildFlags, io: Io): Promise<number> {
  const paths = resolvePaths(flags, io);
  if (paths === undefined) return EXIT_INVALID;
  return configuredDocs(paths, await generateOutput(paths, flags, io), io, (taxonomy, location) => writeDocs(taxonomy, location, flags, io));
}

/** Compares the output directory, and the docs when the config names a `docs` location. */
export async function checkCommand(flags: BuildFlags, io: Io): Promise<number> {
  const paths = resolvePaths(flags, io);
  if (paths === undefined) return EXIT_INVALID;
  const outcome = await checkOutput(paths, flags, io);
  // An invalid taxonomy's problems are printed; a stale output directory is reported and the docs
  // compared too, so CI shows everything at once.
  if (outcome.taxonomy === undefined && outcome.code !== EXIT_OK) return outcome.code;
  return Math.max(outcome.code, await configuredDocs(paths, { ...outcome, code: EXIT_OK }, io, (taxonomy, location) => checkDocs(taxonomy, location, flags, io)));
}

async function generateOutput(paths: ProjectPaths, flags: BuildFlags, io: Io): Promise<Outcome> {
  const started = performance.now();
  // Same taxonomy bytes, same output bytes (the manifest proves both): nothing to load or write.
  if (flags.force !== true && isFreshByManifest(paths.out, paths.taxonomy, paths.language.javascript)) {
    if (flags.quiet !== true) await io.out(`${shown(paths.out)}/ is up to date with ${shown(paths.taxonomy)}: nothing to write (${Math.round(performance.now() - started)} ms).`);
    return { code: EXIT_OK };
  }
  const built = await build(paths, io);
  if (built === undefined) return { code: EXIT_INVALID };
  const report = writeFiles(paths.out, built.files);
  if (flags.quiet !== true) {
    const ms = Math.round(performance.now() - started);
    await io.out(`${describe(built.taxonomy)} → ${shown(paths.out)}/: ${report.written.length} written, ${report.unchanged.length} unchanged, ${report.removed.length} removed (${ms} ms).`);
    if (paths.language.reason !== undefined) await io.out(`${paths.language.reason}; set "target" ("ts" or "js") in flokit.config.json to choose.`);
  }
  return { code: EXIT_OK, taxonomy: built.taxonomy };
}

/** An invalid taxonomy is EXIT_INVALID with no taxonomy: its problems are printed, the docs not compared. */
async function checkOutput(paths: ProjectPaths, flags: BuildFlags, io: Io): Promise<Outcome> {
  // An unchanged tree is proven from hashes alone: no parsing, no generating.
  if (isFreshByManifest(paths.out, paths.taxonomy, paths.language.javascript)) {
    if (flags.quiet !== true) await io.out(`${shown(paths.out)}/ is up to date with ${shown(paths.taxonomy)}.`);
    return { code: EXIT_OK };
  }
  const built = await build(paths, io);
  if (built === undefined) return { code: EXIT_INVALID };
  const report = checkFiles(paths.out, built.files);
  if (isFresh(report)) {
    if (flags.quiet !== true) {
      const hint = !report.manifestOutdated ? '' : ` (its ${MANIFEST} is outdated, so this check regenerated everything; \`flokit-gen generate\` refreshes it and makes the next check instant)`;
      await io.out(`${describe(built.taxonomy)}: ${shown(paths.out)}/ is up to date${hint}.`);
    }
    return { code: EXIT_OK, taxonomy: built.taxonomy };
  }
  await printStale(io, shown(paths.out), report);
  return { code: EXIT_INVALID, taxonomy: built.taxonomy };
}

/** Diff lines shown per changed file: enough to see what changed, short enough for a CI log. */
const DIFF_LINES = 16;

async function printStale(io: Io, out: string, report: CheckReport): Promise<void> {
  for (const path of report.missing) io.err(`${paint(io, 'yellow', 'missing:')} ${out}/${path}`);
  if (report.changed.length > 0) {
    const { structuredPatch } = await import('diff');
    for (const { path, expected, actual } of report.changed) {
      // The header's taxonomy hash changes with any edit; the hunks worth reading are the others.
      const hunks = structuredPatch(path, path, actual, expected, undefined, undefined, { context: 1 }).hunks;
      const telling = hunks.filter((h) => h.lines.some((l) => /^[-+]/.test(l) && !l.includes(HEADER_MARK)));
      io.err(`${paint(io, 'yellow', 'changed:')} ${out}/${path}${telling.length === 0 ? ' (only the header: the taxonomy hash)' : ''}`);
      const lines = telling.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines]);
      for (const line of lines.slice(0, DIFF_LINES)) io.err(`  ${line.startsWith('+') ? paint(io, 'green', line) : line.startsWith('-') ? paint(io, 'red', line) : paint(io, 'dim', line)}`);
      if (lines.length > DIFF_LINES) io.err(`  ... ${lines.length - DIFF_LINES} more diff lines`);
    }
  }
  for (const path of report.extra) io.err(`${paint(io, 'yellow', 'extra:')}   ${out}/${path}`);
  io.err(`\n${out}/ is stale (${plural(report.missing.length + report.changed.length + report.extra.length, 'file')}; + is what generate would write): run \`npx flokit-gen generate\`.`);
}

export async function watchCommand(flags: BuildFlags, io: Io, signal: AbortSignal): Promise<number> {
  const paths = resolvePaths(flags, io);
  if (paths === undefined) return EXIT_INVALID;
  const out = shown(paths.out);
  const quiet = flags.quiet === true;
  if (!quiet) await io.out(`watching ${shown(paths.taxonomy)} → ${out}/ (Ctrl-C to stop)`);
  const time = (): string => paint(io, 'dim', new Date().toTimeString().slice(0, 8));
  await watchTaxonomy({
    taxonomy: shown(paths.taxonomy),
    out: paths.out,
    ...(paths.language.javascript === undefined ? {} : { javascript: paths.language.javascript }),
    signal,
    onEvent: (event) => {
      if (event.kind === 'generated') {
        if (!quiet) {
          const { written, unchanged, removed } = event.report;
          void io.out(`${time()} ${describe(event.taxonomy)} → ${out}/: ${written.length} written, ${unchanged.length} unchanged, ${removed.length} removed (${event.ms} ms).`);
        }
        if (paths.docs !== undefined) {
          const docs = paths.docs;
          writeDocs(event.taxonomy, docs, flags, io).catch((error: unknown) => io.err(`${time()} ${paint(io, 'red', 'error')}: the docs in ${shown(docs)} were not written: ${error instanceof Error ? error.message : String(error)}.`));
        }
      } else if (event.kind === 'invalid') {
        printDiagnostics(io, event.diagnostics);
        io.err(`${time()} ${plural(event.diagnostics.length, 'problem')} in the taxonomy; ${out}/ keeps the last good output (${event.ms} ms).`);
      } else {
        io.err(`${time()} ${paint(io, 'red', 'error')}: ${event.error.message}; ${out}/ keeps the last good output.`);
      }
    },
  });
  if (!quiet) await io.out('stopped watching.');
  return EXIT_OK;
}
