// The command line: parses arguments with commander, calls the programmatic API, prints, and
// returns the exit code (0 ok, 1 invalid taxonomy, 2 usage error). The only module that prints.
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { formatDiagnostic, loadTaxonomy, VERSION } from './index.js';

const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

interface GenerateOptions {
  readonly taxonomy: string;
  readonly out: string;
  readonly quiet?: boolean;
  readonly cwd?: string;
}

function generate(options: GenerateOptions, io: Io): number {
  const cwd = options.cwd === undefined ? process.cwd() : resolve(options.cwd);
  const { taxonomy, diagnostics } = loadTaxonomy(resolveRelative(cwd, options.taxonomy));
  if (taxonomy === undefined) {
    for (const d of diagnostics) io.err(formatDiagnostic(d));
    io.err(`\n${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} in the taxonomy; nothing was written.`);
    return EXIT_INVALID;
  }
  if (options.quiet !== true) {
    const types = taxonomy.types.length;
    io.out(`${taxonomy.name} ${taxonomy.version}: ${taxonomy.events.length} events, ${types} shared type${types === 1 ? '' : 's'}, valid.`);
    io.out(`Code generation is not built yet (the emitters are the next issues); nothing was written to ${options.out}/.`);
  }
  return EXIT_OK;
}

/** Paths in diagnostics stay as the user wrote them when relative to the working directory. */
function resolveRelative(cwd: string, path: string): string {
  return cwd === process.cwd() ? path : resolve(cwd, path);
}

interface Io {
  out(line: string): void;
  err(line: string): void;
}

export async function main(argv: readonly string[], io: Io = { out: (l) => console.log(l), err: (l) => console.error(l) }): Promise<number> {
  let code = EXIT_OK;
  const program = new Command('flokit-gen')
    .description('Typed product-analytics events for the FloKit Events API, generated from a YAML taxonomy.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('generate', { isDefault: true })
    .description('load and check the taxonomy, then generate schemas, types and the client')
    .option('-t, --taxonomy <path>', 'taxonomy file or directory', 'taxonomy')
    .option('-o, --out <dir>', 'output directory', 'generated')
    .option('-q, --quiet', 'print only problems')
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .addHelpText('after', '\nExamples:\n  $ flokit-gen generate\n  $ flokit-gen generate --taxonomy events.yaml --out src/analytics')
    .action((options: GenerateOptions) => {
      code = generate(options, io);
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
