// The command line: parses arguments with commander, calls the programmatic API, prints, and
// returns the exit code (0 ok, 1 invalid taxonomy, 2 usage error). The only module that prints.
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Command, CommanderError } from 'commander';
import { checkFiles, formatDiagnostic, generate, isFresh, loadTaxonomy, readCache, VERSION, writeCache, writeFiles, type GeneratedFile } from './index.js';

const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

interface GenerateOptions {
  readonly taxonomy: string;
  readonly out: string;
  readonly quiet?: boolean;
  readonly cwd?: string;
}

// Parsing a large taxonomy leaves hundreds of megabytes of YAML syntax trees behind. V8 collects
// them lazily, so generation would stack its own peak on top (1.6 GiB at 5,000 events, against
// 1.0 GiB with a collection in between). The CLI is the one place that owns the process.
const LARGE_TAXONOMY = 1000;

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

/** Loads the taxonomy and generates every file in memory, or prints the diagnostics. */
async function build(options: GenerateOptions, io: Io): Promise<{ files: GeneratedFile[]; out: string; summary: string } | undefined> {
  const cwd = options.cwd === undefined ? process.cwd() : resolve(options.cwd);
  const { taxonomy, diagnostics } = loadTaxonomy(resolveRelative(cwd, options.taxonomy));
  if (taxonomy === undefined) {
    for (const d of diagnostics) io.err(formatDiagnostic(d));
    io.err(`\n${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} in the taxonomy; nothing was written.`);
    return undefined;
  }
  if (taxonomy.events.length >= LARGE_TAXONOMY) collectGarbage();
  const types = taxonomy.types.length;
  const summary = `${taxonomy.name} ${taxonomy.version}: ${taxonomy.events.length} events, ${types} shared type${types === 1 ? '' : 's'}`;
  const cache = readCache(cwd);
  const files = await generate(taxonomy, { cache });
  writeCache(cwd, cache);
  return { files, out: resolveRelative(cwd, options.out), summary };
}

async function generateCommand(options: GenerateOptions, io: Io): Promise<number> {
  const started = performance.now();
  const built = await build(options, io);
  if (built === undefined) return EXIT_INVALID;
  const report = writeFiles(built.out, built.files);
  if (options.quiet !== true) {
    const ms = Math.round(performance.now() - started);
    io.out(`${built.summary} → ${options.out}/: ${report.written.length} written, ${report.unchanged.length} unchanged, ${report.removed.length} removed (${ms} ms).`);
  }
  return EXIT_OK;
}

async function checkCommand(options: GenerateOptions, io: Io): Promise<number> {
  const built = await build(options, io);
  if (built === undefined) return EXIT_INVALID;
  const report = checkFiles(built.out, built.files);
  if (isFresh(report)) {
    if (options.quiet !== true) io.out(`${built.summary}: ${options.out}/ is up to date.`);
    return EXIT_OK;
  }
  for (const path of report.missing) io.err(`missing: ${options.out}/${path}`);
  for (const { path, expected, actual } of report.changed) io.err(`changed: ${options.out}/${path} (first difference at line ${firstDifference(expected, actual)})`);
  for (const path of report.extra) io.err(`extra:   ${options.out}/${path}`);
  io.err(`\n${options.out}/ is stale: run \`npx flokit-gen generate\`.`);
  return EXIT_INVALID;
}

function firstDifference(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return i + 1;
}

/** Paths in diagnostics stay as the user wrote them when relative to the working directory. */
function resolveRelative(cwd: string, path: string): string {
  return cwd === process.cwd() ? path : resolve(cwd, path);
}

interface Io {
  out(line: string): void;
  err(line: string): void;
}

function withCommonOptions(command: Command): Command {
  return command
    .option('-t, --taxonomy <path>', 'taxonomy file or directory', 'taxonomy')
    .option('-o, --out <dir>', 'output directory', 'generated')
    .option('-q, --quiet', 'print only problems')
    .option('-C, --cwd <dir>', 'run as if started in <dir>');
}

export async function main(argv: readonly string[], io: Io = { out: (l) => console.log(l), err: (l) => console.error(l) }): Promise<number> {
  let code = EXIT_OK;
  const program = new Command('flokit-gen')
    .description('Typed product-analytics events for the FloKit Events API, generated from a YAML taxonomy.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  withCommonOptions(program.command('generate', { isDefault: true }))
    .description('load and check the taxonomy, then write schemas, types and validators')
    .addHelpText('after', '\nExamples:\n  $ flokit-gen generate\n  $ flokit-gen generate --taxonomy events.yaml --out src/analytics')
    .action(async (options: GenerateOptions) => {
      code = await generateCommand(options, io);
    });

  withCommonOptions(program.command('check'))
    .description('regenerate in memory and compare with the output directory; exit 1 when it is stale')
    .addHelpText('after', '\nExamples:\n  $ flokit-gen check          # in CI, after npm ci')
    .action(async (options: GenerateOptions) => {
      code = await checkCommand(options, io);
    });

  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT_OK : EXIT_USAGE;
    }
    throw error;
  }
  return code;
}
