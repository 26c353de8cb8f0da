// The command line: commander parses the arguments, src/cli/*.ts run the commands through the
// programmatic API, and this module owns the process: streams, colour, Ctrl-C and the exit code
// (0 ok, 1 invalid input or stale output, 2 usage error). A user error never prints a stack trace.
import { once } from 'node:events';
import { Command, CommanderError, Option } from 'commander';
import { FAIL_ON, VERSION } from './index.js';
import { checkCommand, generateCommand, watchCommand, type BuildFlags } from './cli/build.js';
import { coverageCommand, type CoverageFlags } from './cli/coverage.js';
import { importCommand, importOptions, type ImportFlags } from './cli/import.js';
import { initCommand, type InitFlags } from './cli/init.js';
import { onParentExit } from './cli/parent.js';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type Io } from './cli/io.js';
import { validateCommand, type ValidateFlags } from './cli/validate.js';
import { addPlanCommands } from './cli/plan-commands.js';

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`;
}

function pathOptions(command: Command): Command {
  return command
    .option('-t, --taxonomy <path>', 'taxonomy file or directory (default: from the config file, else taxonomy/)')
    .option('-o, --out <dir>', 'output directory (default: from the config file, else generated/)')
    .addOption(new Option('--target <language>', 'ts, or js with .d.ts files (default: from the config file, else what the project compiles)').choices(['ts', 'js']));
}

function commonOptions(command: Command): Command {
  return command.option('-q, --quiet', 'print only problems').option('-C, --cwd <dir>', 'run as if started in <dir>');
}

/** Runs the CLI with `argv` (as process.argv); resolves to the exit code. `signal` stops `watch`. */
export async function main(argv: readonly string[], io: Io = processIo(), signal?: AbortSignal): Promise<number> {
  let code = EXIT_OK;
  const program = new Command('flokit-gen')
    .description('Typed product-analytics events for the FloKit Events API, generated from a YAML taxonomy.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => void io.write(s), writeErr: (s) => io.err(s.trimEnd()) })
    .addHelpText(
      'after',
      `${examples('flokit-gen generate', 'flokit-gen check', 'flokit-gen watch', 'flokit-gen validate events.ndjson', 'flokit-gen init')}\n\nExit codes: 0 ok, 1 invalid input or stale output, 2 usage error.\nConfig: flokit.config.json, flokit.config.yaml or "flokit" in package.json: { "taxonomy": "...", "out": "...", "target": "ts" | "js" }.`,
    );

  commonOptions(pathOptions(program.command('generate')))
    .description('(the default command) load and check the taxonomy, then write schemas, types, validators and the client')
    .option('-f, --force', 'generate and compare even when the manifest says the output is up to date (after editing flokit-gen itself)')
    .addHelpText('after', examples('flokit-gen generate', 'flokit-gen generate --taxonomy events.yaml --out src/analytics', 'flokit-gen generate --cwd packages/app'))
    .action(async (flags: BuildFlags) => {
      code = await generateCommand(flags, io);
    });

  commonOptions(pathOptions(program.command('check')))
    .description('exit 1, listing every missing, changed and extra file, when the output directory is not what generate would write')
    .addHelpText('after', examples('flokit-gen check          # in CI, after npm ci', 'flokit-gen check --quiet  # print only problems'))
    .action(async (flags: BuildFlags) => {
      code = await checkCommand(flags, io);
    });

  commonOptions(pathOptions(program.command('watch')))
    .description('generate, then regenerate on every change to the taxonomy; a broken edit keeps the last good output')
    .addHelpText('after', examples('flokit-gen watch', 'flokit-gen watch --taxonomy taxonomy/ --out src/generated'))
    .action(async (flags: BuildFlags) => {
      code = await watchCommand(flags, io, signal ?? interruptSignal());
    });

  commonOptions(program.command('validate'))
    .description('check event payloads (one event, a batch body, a JSON array, or NDJSON; - for stdin) against the taxonomy')
    .argument('<files...>', 'payload files, or - for stdin')
    .option('-t, --taxonomy <path>', 'taxonomy file or directory (default: from the config file, else taxonomy/)')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json']).default('text'))
    .addHelpText('after', examples('flokit-gen validate payload.json', 'flokit-gen validate export.ndjson --format json > report.json', 'cat events.ndjson | flokit-gen validate -'))
    .action(async (files: string[], flags: ValidateFlags) => {
      code = await validateCommand(files, flags, io);
    });

  // diff (issue 15): its module loads only when the command runs.
  commonOptions(program.command('diff'))
    .description('compare two taxonomies (git refs or paths; default HEAD → the working tree): every change, who it breaks, the version it needs')
    .argument('[base]', 'git ref or taxonomy path (default: HEAD)')
    .argument('[head]', 'git ref or taxonomy path (default: the working tree)')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'markdown', 'json']).default('text'))
    .addOption(new Option('--fail-on <audience>', 'exit 1 when a change breaks producers, affects consumers, or any change').choices(['producer', 'consumer', 'any']))
    .option('--check-version', "exit 1 when head's version is below what the changes need over base's")
    .option('--allow-missing-base', 'a base ref without the taxonomy (the change that adds it) is an empty plan: every event is added')
    .addHelpText('after', `${examples('flokit-gen diff', 'flokit-gen diff origin/main --check-version --fail-on producer', 'flokit-gen diff v1.2.0 HEAD --format markdown > comment.md')}\n\nExit codes: 0 ok, 1 --fail-on or --check-version failed, 2 usage error or a side that does not load.`)
    .action(async (base: string | undefined, head: string | undefined, flags: import('./cli/diff.js').DiffFlags) => {
      const { diffCommand } = await import('./cli/diff.js');
      code = await diffCommand(base, head, flags, io);
    });

  commonOptions(program.command('coverage'))
    .description('where your TypeScript project produces each event of the taxonomy (by symbol and type, through your wrappers), and which it never does')
    .option('-t, --taxonomy <path>', 'taxonomy file or directory (default: from the config file, else taxonomy/)')
    .option('-p, --project <tsconfig...>', 'tsconfig files to analyse, project references followed (default: tsconfig.json)')
    .option('--tests <glob...>', 'files whose sites count only as tests (default: **/*.test.*, **/*.spec.*, **/__tests__/**, **/test/**, **/tests/**)')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'markdown', 'json']).default('text'))
    .addOption(new Option('--fail-on <condition...>', 'exit 1 when the report has any: untracked (planned, not produced outside tests), deprecated (still produced), unresolved, unknown').choices(FAIL_ON))
    .addHelpText('after', examples('flokit-gen coverage', 'flokit-gen coverage --project apps/web/tsconfig.json --fail-on untracked unresolved', 'flokit-gen coverage --format markdown >> "$GITHUB_STEP_SUMMARY"'))
    .action(async (flags: CoverageFlags) => {
      code = await coverageCommand(flags, io);
    });

  importOptions(commonOptions(program.command('import')), examples)
    .action(async (files: string[], flags: ImportFlags) => {
      code = await importCommand(files, flags, io, signal ?? interruptSignal());
    });

  commonOptions(program.command('init'))
    .description('scaffold a taxonomy with the FloKit lifecycle events, a config file and package.json scripts; never overwrites')
    .option('--generate-script <name>', 'script that runs generate (default: prebuild when there is a build script, else flokit:generate)')
    .option('--check-script <name>', 'script that runs check (default: check)')
    .option('--watch-script <name>', 'script that runs watch (default: flokit:watch)')
    .addHelpText('after', examples('flokit-gen init', 'flokit-gen init --cwd packages/app', 'flokit-gen init --check-script flokit:check'))
    .action(async (flags: InitFlags) => {
      code = await initCommand(flags, io);
    });

  addPlanCommands(program, io, () => signal ?? interruptSignal(), (exit) => (code = exit));

  try {
    await program.parseAsync(withDefaultCommand(argv));
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT_OK : EXIT_USAGE;
    }
    // Not a problem in the taxonomy: a file system refusing a write, a full disk. One line, no
    // stack, unless FLOKIT_DEBUG asks for it.
    const message = error instanceof Error ? error.message : String(error);
    io.err(`flokit-gen: ${message}`);
    if (process.env['FLOKIT_DEBUG'] !== undefined && error instanceof Error && error.stack !== undefined) io.err(error.stack);
    return EXIT_INVALID;
  }
  return code;
}

/**
 * `generate` when no command is named (`flokit-gen`, `flokit-gen -t x.yaml`). Not commander's
 * `isDefault`: with it, a misspelled command (`flokit-gen genrate`) became an argument of generate
 * instead of an unknown command with a suggestion.
 */
function withDefaultCommand(argv: readonly string[]): string[] {
  const first = argv[2];
  const named = first !== undefined && (!first.startsWith('-') || ['-h', '--help', '-v', '--version'].includes(first));
  return named ? [...argv] : [...argv.slice(0, 2), 'generate', ...argv.slice(2)];
}

/** The real terminal: colour only on a TTY and never with NO_COLOR (https://no-color.org). */
function processIo(): Io {
  const write = (text: string): void | Promise<void> => (process.stdout.write(text) ? undefined : once(process.stdout, 'drain').then(() => undefined));
  const noColor = process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '';
  // `flokit-gen validate big.ndjson | head`: the reader went away, which is not an error of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  return {
    out: (line) => write(`${line}\n`),
    write,
    err: (line) => void process.stderr.write(`${line}\n`),
    color: process.stdout.isTTY === true && process.stderr.isTTY === true && !noColor,
    stdin: process.stdin,
  };
}

/**
 * Aborts on Ctrl-C or SIGTERM, and when the parent process goes away (see cli/parent.ts), so `watch`
 * can stop cleanly and exit 0 (other commands keep the default).
 */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  onParentExit(stop);
  return controller.signal;
}
