// The command line: commander parses the arguments, src/cli/*.ts run the commands through the
// programmatic API, and this module owns the process: streams, colour, Ctrl-C and the exit code
// (0 ok, 1 invalid input or stale output, 2 usage error). A user error never prints a stack trace.
import { once } from 'node:events';
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from './index.js';
import { checkCommand, generateCommand, watchCommand, type BuildFlags } from './cli/build.js';
import { importCommand, importOptions, type ImportFlags } from './cli/import.js';
import { initCommand } from './cli/init.js';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type Io } from './cli/io.js';
import { validateCommand, type ValidateFlags } from './cli/validate.js';

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`;
}

function pathOptions(command: Command): Command {
  return command
    .option('-t, --taxonomy <path>', 'taxonomy file or directory (default: from the config file, else taxonomy/)')
    .option('-o, --out <dir>', 'output directory (default: from the config file, else generated/)');
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
      `${examples('flokit-gen generate', 'flokit-gen check', 'flokit-gen watch', 'flokit-gen validate events.ndjson', 'flokit-gen init')}\n\nExit codes: 0 ok, 1 invalid input or stale output, 2 usage error.\nConfig: flokit.config.json, flokit.config.yaml or "flokit" in package.json: { "taxonomy": "...", "out": "..." }.`,
    );

  commonOptions(pathOptions(program.command('generate')))
    .description('(the default command) load and check the taxonomy, then write schemas, types, validators and the client')
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

  importOptions(commonOptions(program.command('import')), examples)
    .action(async (files: string[], flags: ImportFlags) => {
      code = await importCommand(files, flags, io, signal ?? interruptSignal());
    });

  commonOptions(program.command('init'))
    .description('scaffold a taxonomy with the FloKit lifecycle events, a config file and package.json scripts; never overwrites')
    .addHelpText('after', examples('flokit-gen init', 'flokit-gen init --cwd packages/app'))
    .action(async (flags: { cwd?: string; quiet?: boolean }) => {
      code = await initCommand(flags, io);
    });

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

/** Aborts on Ctrl-C or SIGTERM, so `watch` can stop cleanly and exit 0 (other commands keep the default). */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}
