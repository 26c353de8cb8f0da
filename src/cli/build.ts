// `generate`, `check` and `watch`: the commands that turn the taxonomy into the output directory.
// In: flags and the terminal. Out: files written (generate, watch) or compared (check), an exit code.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildOutput, checkFiles, HEADER_MARK, isFresh, isFreshByManifest, MANIFEST, watchTaxonomy, writeDocsFiles, writeFiles, type CheckReport, type OutputResult, type Taxonomy } from '../index.js';
import { checkDocs, docsOf, docsTargets, reportDocs } from './docs.js';
import { EXIT_INVALID, EXIT_OK, paint, plural, printDiagnostics, shown, type Io } from './io.js';
import { projectPaths, type PathFlags, type ProjectPaths } from './paths.js';

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

/** Loads and generates in memory (the configured docs too); prints the diagnostics and returns undefined when the taxonomy is invalid. */
async function build(paths: ProjectPaths, io: Io): Promise<(OutputResult & { taxonomy: Taxonomy; files: NonNullable<OutputResult['files']> }) | undefined> {
  const { javascript } = paths.language;
  const { docs } = paths;
  const result = buildOutput(shown(paths.taxonomy), paths.out, { afterLoad: collectGarbage, ...(javascript === undefined ? {} : { javascript }), ...(docs === undefined ? {} : { docs: (taxonomy: Taxonomy) => docsOf(taxonomy, docs) }) });
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

/** The output directory, and the configured docs, proven unchanged from the manifest's hashes alone. */
function freshByManifest(paths: ProjectPaths): boolean {
  return isFreshByManifest(paths.out, paths.taxonomy, paths.language.javascript, paths.docs === undefined ? undefined : docsTargets(paths.docs));
}

/** What is proven fresh, for the line that says so: the output directory, and the docs when configured. */
function freshThings(paths: ProjectPaths): string {
  return paths.docs === undefined ? `${shown(paths.out)}/ is` : `${shown(paths.out)}/ and ${shown(paths.docs)} are`;
}

/** Writes the output directory, and the docs when the config names a `docs` location. */
export async function generateCommand(flags: BuildFlags, io: Io): Promise<number> {
  const started = performance.now();
  const paths = resolvePaths(flags, io);
  if (paths === undefined) return EXIT_INVALID;
  // Same taxonomy bytes, same output bytes (the manifest proves both): nothing to load or write.
  if (flags.force !== true && freshByManifest(paths)) {
    if (flags.quiet !== true) await io.out(`${freshThings(paths)} up to date with ${shown(paths.taxonomy)}: nothing to write (${Math.round(performance.now() - started)} ms).`);
    return EXIT_OK;
  }
  const built = await build(paths, io);
  if (built === undefined) return EXIT_INVALID;
  const report = writeFiles(paths.out, built.files);
  const docsWritten = built.docs === undefined ? [] : writeDocsFiles(built.docs);
  if (flags.quiet !== true) {
    const ms = Math.round(performance.now() - started);
    await io.out(`${describe(built.taxonomy)} → ${shown(paths.out)}/: ${report.written.length} written, ${report.unchanged.length} unchanged, ${report.removed.length} removed (${ms} ms).`);
    if (paths.language.reason !== undefined) await io.out(`${paths.language.reason}; set "target" ("ts" or "js") in flokit.config.json to choose.`);
  }
  if (built.docs !== undefined) await reportDocs(built.taxonomy, built.docs, docsWritten, flags, io);
  return EXIT_OK;
}

/** Compares the output directory, and the docs when the config names a `docs` location. */
export async function checkCommand(flags: BuildFlags, io: Io): Promise<number> {
  const paths = resolvePaths(flags, io);
  if (paths === undefined) return EXIT_INVALID;
  // An unchanged tree is proven from hashes alone: no parsing, no generating.
  if (freshByManifest(paths)) {
    if (flags.quiet !== true) await io.out(`${freshThings(paths)} up to date with ${shown(paths.taxonomy)}.`);
    return EXIT_OK;
  }
  const built = await build(paths, io);
  if (built === undefined) return EXIT_INVALID;
  const report = checkFiles(paths.out, built.files);
  let code = EXIT_OK;
  if (isFresh(report)) {
    if (flags.quiet !== true) {
      const hint = !report.manifestOutdated ? '' : ` (its ${MANIFEST} is outdated, so this check regenerated everything; \`flokit-gen generate\` refreshes it and makes the next check instant)`;
      await io.out(`${describe(built.taxonomy)}: ${shown(paths.out)}/ is up to date${hint}.`);
    }
  } else {
    await printStale(io, shown(paths.out), report);
    code = EXIT_INVALID;
  }
  // The docs are compared too, whatever the output directory's state: CI shows everything at once.
  if (paths.docs !== undefined && built.docs !== undefined) code = Math.max(code, await checkDocs(built.docs, paths.docs, flags, io));
  return code;
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
  const { docs } = paths;
  if (!quiet) await io.out(`watching ${shown(paths.taxonomy)} → ${out}/ (Ctrl-C to stop)`);
  const time = (): string => paint(io, 'dim', new Date().toTimeString().slice(0, 8));
  await watchTaxonomy({
    taxonomy: shown(paths.taxonomy),
    out: paths.out,
    ...(paths.language.javascript === undefined ? {} : { javascript: paths.language.javascript }),
    ...(docs === undefined ? {} : { docs: (taxonomy: Taxonomy) => docsOf(taxonomy, docs) }),
    signal,
    onEvent: (event) => {
      if (event.kind === 'generated') {
        if (!quiet) {
          const { written, unchanged, removed } = event.report;
          void io.out(`${time()} ${describe(event.taxonomy)} → ${out}/: ${written.length} written, ${unchanged.length} unchanged, ${removed.length} removed (${event.ms} ms).`);
        }
        if (event.docs !== undefined) void reportDocs(event.taxonomy, event.docs.files, event.docs.written, flags, io);
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
