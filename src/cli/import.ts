// `import`, its options and its run: send an export of past events to FloKit, validated, sorted by
// timestamp, in batches, exactly once across crashes (src/import/, loaded on demand). In: flags,
// sources, the terminal, FLOKIT_API_KEY. Out: progress on stderr (a bar on a terminal, a line every
// few seconds otherwise), the report on stdout (text or JSON), and the exit code: 0 every event
// accepted, 1 invalid events or events FloKit rejected (or the taxonomy is invalid), 2 usage error,
// 3 stopped before the end (--resume continues), 130 interrupted (--resume continues).
import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { loadImporter, type ImportProgress, type ImportReport } from '../index.js';
import { EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, EXIT_UNFINISHED, EXIT_USAGE, printDiagnostics, shown, type Io } from './io.js';
import { loadProjectTaxonomy, projectPaths, type PathFlags } from './paths.js';

export interface ImportFlags extends PathFlags {
  readonly quiet?: boolean;
  readonly format: 'text' | 'json';
  readonly baseUrl: string;
  readonly checkpoint: string;
  readonly resume?: boolean;
  readonly rejects: string;
  readonly dryRun?: boolean;
  readonly memory: string;
  readonly maxInvalid: string;
  readonly batchSize: string;
  readonly maxBatchBytes: string;
  readonly rateLimit: string;
  readonly timeout: string;
  readonly maxRetries: string;
  readonly tempDir?: string;
}

/** The command's arguments, options and help (src/cli.ts adds the action). */
export function importOptions(command: Command, examples: (...lines: string[]) => string): Command {
  return command
    .description('send an export of past events (NDJSON, a JSON array or batch bodies; .gz; - for stdin) to FloKit: validated, sorted by timestamp, batched, exactly once across crashes with --resume')
    .argument('<files...>', 'export files, or - for stdin')
    .option('-t, --taxonomy <path>', 'taxonomy file or directory (default: from the config file, else taxonomy/)')
    .option('--base-url <url>', 'FloKit API base URL', 'https://api.flokit.ai')
    .option('--checkpoint <file>', 'where the import records what FloKit accepted', 'flokit-import.checkpoint')
    .option('--resume', 'continue the import the checkpoint records (after a crash, a kill, Ctrl-C or a failure)')
    .option('--rejects <file>', 'invalid, duplicate and rejected events, one JSON object a line', 'flokit-import.rejects.ndjson')
    .option('--max-invalid <n>', 'stop before sending anything when more events than this are invalid', '1000')
    .option('--memory <MiB>', 'memory for sorting; larger exports are sorted on disk', '256')
    .option('--batch-size <n>', 'events per request (FloKit takes at most 1,000)', '1000')
    .option('--max-batch-bytes <n>', 'largest request body in bytes', '524288')
    .option('--rate-limit <n>', 'requests per minute (FloKit documents 100)', '100')
    .option('--timeout <seconds>', 'per request attempt', '10')
    .option('--max-retries <n>', 'retries of a request after 5xx, timeouts and network errors (429 waits do not count)', '5')
    .option('--temp-dir <dir>', 'where sort runs are written (default: the system temp directory)')
    .option('--dry-run', 'validate, sort and report the batches it would send; send nothing')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `${examples('FLOKIT_API_KEY=... flokit-gen import export.ndjson.gz', 'flokit-gen import part-*.ndjson --dry-run', 'flokit-gen import export.ndjson --resume       # after a crash, a kill or Ctrl-C')}\n\nExit codes: 0 every event accepted, 1 invalid or rejected events (see --rejects), 2 usage error,\n3 stopped before the end (run again with --resume), 130 interrupted (run again with --resume).`,
    );
}

/** Plain progress lines, when stderr is not a terminal, this often. */
const PLAIN_EVERY_MS = 5000;
const BAR_EVERY_MS = 100;

/** A whole number in [min, max] from a flag, or a message naming the flag. */
function integer(flag: string, text: string, min: number, max: number): number | string {
  const value = Number(text);
  return Number.isInteger(value) && value >= min && value <= max ? value : `${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`;
}

export async function importCommand(sources: readonly string[], flags: ImportFlags, io: Io, signal: AbortSignal): Promise<number> {
  const importer = await loadImporter();
  const numbers = {
    memory: integer('--memory', flags.memory, 16, 1024 * 1024),
    maxInvalid: integer('--max-invalid', flags.maxInvalid, 0, Number.MAX_SAFE_INTEGER),
    batchSize: integer('--batch-size', flags.batchSize, 1, importer.MAX_EVENTS_PER_BATCH),
    maxBatchBytes: integer('--max-batch-bytes', flags.maxBatchBytes, 1024, 1024 * 1024 * 1024),
    rateLimit: integer('--rate-limit', flags.rateLimit, 1, 1_000_000),
    timeout: integer('--timeout', flags.timeout, 1, 3600),
    maxRetries: integer('--max-retries', flags.maxRetries, 0, 100),
  };
  const problems = Object.values(numbers).filter((v): v is string => typeof v === 'string');
  if (sources.filter((s) => s === importer.STDIN_SOURCE).length > 1) problems.push('`-` (stdin) can be given once');
  const apiKey = process.env['FLOKIT_API_KEY'];
  if (flags.dryRun !== true && (apiKey === undefined || apiKey === '')) problems.push('FLOKIT_API_KEY is not set: it holds the FloKit API key (read-write) the import sends with (or use --dry-run)');
  const { paths, diagnostics: configProblems } = projectPaths(flags);
  const files = sources.map((s) => (s === importer.STDIN_SOURCE ? s : shown(resolve(paths.cwd, s))));
  for (const file of files) if (file !== importer.STDIN_SOURCE && !existsSync(file)) problems.push(`${file} does not exist`);
  if (problems.length > 0) {
    for (const p of problems) io.err(`error: ${p}`);
    return EXIT_USAGE;
  }
  if (configProblems.length > 0) {
    printDiagnostics(io, configProblems);
    return EXIT_INVALID;
  }
  const taxonomy = loadProjectTaxonomy(paths, io, 'nothing was imported');
  if (taxonomy === undefined) return EXIT_INVALID;
  const n = numbers as { [K in keyof typeof numbers]: number };
  const showProgress = progressPrinter(io, flags.quiet === true, n.batchSize, n.rateLimit, importer.formatProgress);
  let report: ImportReport;
  try {
    report = await importer.runImport({
      taxonomy,
      sources: files,
      stdin: io.stdin ?? process.stdin,
      apiKey,
      baseUrl: flags.baseUrl.replace(/\/+$/, ''),
      checkpoint: shown(resolve(paths.cwd, flags.checkpoint)),
      resume: flags.resume === true,
      rejects: shown(resolve(paths.cwd, flags.rejects)),
      dryRun: flags.dryRun === true,
      memory: n.memory * 1024 * 1024,
      maxInvalid: n.maxInvalid,
      limits: { maxEvents: n.batchSize, maxBytes: n.maxBatchBytes },
      requestsPerMinute: n.rateLimit,
      timeoutMs: n.timeout * 1000,
      maxRetries: n.maxRetries,
      tempDir: flags.tempDir === undefined ? tmpdir() : resolve(paths.cwd, flags.tempDir),
      signal,
      onProgress: showProgress.update,
      warn: (message) => io.err(`warning: ${message}`),
    });
  } catch (error) {
    showProgress.clear();
    if (!(error instanceof importer.CheckpointError)) throw error;
    io.err(`error: ${error.message}`);
    return EXIT_USAGE;
  }
  showProgress.clear();
  await (flags.format === 'json' ? io.write(importer.formatReportJson(report)) : io.out(importer.formatReport(report)));
  return exitCode(report);
}

function exitCode(report: ImportReport): number {
  switch (report.status) {
    case 'interrupted':
      return EXIT_INTERRUPTED;
    case 'stopped':
      return EXIT_UNFINISHED;
    case 'too-many-invalid':
      return EXIT_INVALID;
    case 'complete':
      return report.invalid > 0 || report.events.rejected > 0 ? EXIT_INVALID : EXIT_OK;
  }
}

/** Progress on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise. */
function progressPrinter(
  io: Io,
  quiet: boolean,
  eventsPerBatch: number,
  requestsPerMinute: number,
  format: (p: ImportProgress, sendingMs: number, eventsPerBatch: number, requestsPerMinute: number, bar?: number) => string,
): { update: (p: ImportProgress) => void; clear: () => void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let phase: ImportProgress['phase'] | undefined;
  let sendingSince = 0;
  let drawn = false;
  return {
    update(p) {
      if (quiet) return;
      const now = Date.now();
      const changed = p.phase !== phase;
      if (changed && p.phase === 'sending') sendingSince = now;
      if (!changed && now - last < (tty ? BAR_EVERY_MS : PLAIN_EVERY_MS)) return;
      phase = p.phase;
      last = now;
      if (tty) {
        process.stderr.write(`\r\u001b[K${format(p, now - sendingSince, eventsPerBatch, requestsPerMinute, 24)}`);
        drawn = true;
      } else {
        io.err(format(p, now - sendingSince, eventsPerBatch, requestsPerMinute));
      }
    },
    clear() {
      if (drawn) process.stderr.write('\r\u001b[K');
      drawn = false;
    },
  };
}
