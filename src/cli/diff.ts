// `flokit-gen diff [base] [head]`: load both sides (git refs or paths), compare them, print the
// report as text, Markdown or JSON, and decide the exit code: 1 when --fail-on meets a change or
// --check-version finds head's version too low, 2 when a side cannot be used (with
// --allow-missing-base, a base ref without the taxonomy is an empty plan). Loaded only when the
// command runs. In: the sides as typed, flags, the terminal. Out: the report, an exit code.
import { resolve } from 'node:path';
import { diffTaxonomies, failsOn, formatDiffMarkdown, formatDiffText, loadSide, type DiffReport, type LoadedSide } from '../diff/index.js';
import type { Taxonomy } from '../index.js';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, paint, plural, printDiagnostics, shown, type Io } from './io.js';

export interface DiffFlags {
  readonly format: 'text' | 'markdown' | 'json';
  readonly failOn?: 'producer' | 'consumer' | 'any';
  readonly checkVersion?: boolean;
  /** A base ref without the taxonomy is an empty plan (every event added), not an error. */
  readonly allowMissingBase?: boolean;
  readonly cwd?: string;
  readonly quiet?: boolean;
}

export async function diffCommand(baseSpec: string | undefined, headSpec: string | undefined, flags: DiffFlags, io: Io): Promise<number> {
  const cwd = resolve(flags.cwd ?? '.');
  const baseSide = loadSide(baseSpec ?? 'HEAD', cwd, shown);
  const headSide = loadSide(headSpec, cwd, shown);
  // The pull request that adds the taxonomy: against nothing, every event is added.
  const newPlan = baseSide.absent === true && flags.allowMissingBase === true ? headSide.taxonomy : undefined;
  const base = newPlan !== undefined ? { label: `${baseSide.label} (no taxonomy)`, taxonomy: emptyPlan(newPlan) } : loaded(baseSide, 'base', io);
  const head = loaded(headSide, 'head', io);
  if (base === undefined || head === undefined) return EXIT_USAGE;
  const report = diffTaxonomies(base.taxonomy, head.taxonomy, { base: base.label, head: head.label });
  await print(report, flags, io);
  let code = EXIT_OK;
  if (flags.failOn !== undefined && failsOn(report, flags.failOn)) {
    io.err(`${paint(io, 'red', 'diff:')} --fail-on ${flags.failOn}: ${failLine(report, flags.failOn)}`);
    code = EXIT_INVALID;
  }
  if (flags.checkVersion === true && !report.version.ok) {
    const { version } = report;
    io.err(`${paint(io, 'red', 'diff:')} --check-version: the changes need a ${version.needed} version over ${report.base.version}; head declares ${report.head.version} (${version.declared}).`);
    code = EXIT_INVALID;
  }
  return code;
}

/** A plan with no events, named as head's: version 0.0.0, so any version head declares is a bump. */
function emptyPlan(head: Taxonomy): Taxonomy {
  return { name: head.name, version: '0.0.0', types: [], events: [], files: [] };
}

function loaded(side: LoadedSide, which: string, io: Io): (LoadedSide & { taxonomy: Taxonomy }) | undefined {
  if (side.taxonomy !== undefined) return { ...side, taxonomy: side.taxonomy };
  if (side.problem !== undefined) {
    io.err(`${paint(io, 'red', 'error')}: ${which}: ${side.problem.message}`);
    if (side.problem.hint !== undefined) io.err(`  hint: ${side.problem.hint}`);
  } else {
    printDiagnostics(io, side.diagnostics);
    io.err(`\n${plural(side.diagnostics.length, 'problem')} in the ${which} taxonomy (${side.label}); nothing was compared.`);
  }
  return undefined;
}

async function print(report: DiffReport, flags: DiffFlags, io: Io): Promise<void> {
  if (flags.format === 'json') return void (await io.write(`${JSON.stringify(report, null, 2)}\n`));
  if (flags.format === 'markdown') return void (await io.write(formatDiffMarkdown(report)));
  if (flags.quiet === true) return;
  for (const line of formatDiffText(report, (style, text) => paint(io, style, text))) await io.out(line);
}

function failLine(report: DiffReport, on: 'producer' | 'consumer' | 'any'): string {
  const n = on === 'producer' ? report.summary.producer : on === 'consumer' ? report.summary.consumer : report.summary.changes;
  return `${plural(n, 'change')} ${on === 'producer' ? 'break producers' : on === 'consumer' ? 'affect consumers' : 'found'}.`;
}
