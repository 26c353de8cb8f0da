// The commands about the plan rather than the generated code: `serve` (a local collector with a
// live web view) and `docs` (the plan as a static site or Markdown). Only their options are
// declared here; each action imports its module when it runs, so other commands start as before.
// In: the commander program. Out: the two commands, setting the exit code through `done`.
import { Option, type Command } from 'commander';
import type { Io } from './io.js';

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`;
}

export function addPlanCommands(program: Command, io: Io, signal: () => AbortSignal, done: (code: number) => void): void {
  program
    .command('serve')
    .description('a local FloKit-compatible collector: checks every event against the taxonomy, keeps it, and shows the stream and the plan in a web view')
    .option('-t, --taxonomy <path>', 'taxonomy file or directory (default: from the config file, else taxonomy/); edits apply to the next event')
    .option('-p, --port <port>', 'port to listen on (0: any free port)', '8787')
    .option('--host <host>', 'interface to listen on; anything but loopback is warned about', '127.0.0.1')
    .option('--store <file>', 'SQLite file the events are kept in across restarts', '.flokit-gen/events.db')
    .option('--reset', 'remove every stored event first')
    .option('--api-key <key>', 'require this Bearer key (default: any key is accepted)')
    .option('--accept-invalid', 'store invalid events flagged and answer 200, instead of 400 with the violations')
    .option('--rate-limit <n>', "answer 429 with Retry-After beyond n requests a minute (FloKit's limit is 100)")
    .option('-q, --quiet', 'print only invalid events and problems')
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .addHelpText('after', examples('flokit-gen serve', 'flokit-gen serve --port 9000 --reset', 'flokit-gen serve --api-key dev_key --accept-invalid'))
    .action(async (flags: import('./serve.js').ServeFlags) => {
      const { serveCommand } = await import('./serve.js');
      done(await serveCommand(flags, io, signal()));
    });

  program
    .command('docs')
    .description('write the plan for people: a static HTML page plus plan.json, or Markdown; deterministic, so `check` can cover it (config "docs")')
    .option('-t, --taxonomy <path>', 'taxonomy file or directory (default: from the config file, else taxonomy/)')
    .option('-o, --out <path>', 'a directory, or a .md file for Markdown (default: the config\'s "docs", else docs/plan/)')
    .addOption(new Option('-f, --format <format>', 'html (index.html + plan.json) or markdown (plan.md)').choices(['html', 'markdown']))
    .option('-q, --quiet', 'print only problems')
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .addHelpText('after', examples('flokit-gen docs', 'flokit-gen docs --format markdown --out docs/tracking-plan.md'))
    .action(async (flags: import('./docs.js').DocsFlags) => {
      const { docsCommand } = await import('./docs.js');
      done(await docsCommand(flags, io));
    });
}
