// Which taxonomy and output directory a command works on: flags, else the project's config file,
// else taxonomy/ → generated/, all relative to --cwd; and the output's language (flag, config, else
// the project's shape); and that taxonomy, loaded, for the commands that only read it.
// In: flags. Out: absolute paths and the language, or diagnostics; the IR, or its problems printed.
import { dirname, relative, resolve } from 'node:path';
import { loadConfig, loadTaxonomy, outputLanguage, type Diagnostic, type OutputLanguage, type OutputTarget, type Taxonomy } from '../index.js';
import { plural, printDiagnostics, shown, type Io } from './io.js';

export interface PathFlags {
  readonly taxonomy?: string;
  readonly out?: string;
  readonly cwd?: string;
  /** Checked by commander (choices). */
  readonly target?: OutputTarget;
}

export interface ProjectPaths {
  readonly cwd: string;
  readonly taxonomy: string;
  readonly out: string;
  /** The configured docs location (see ProjectConfig.docs), if any. */
  readonly docs?: string;
  readonly language: OutputLanguage;
}

export function projectPaths(flags: PathFlags): { paths: ProjectPaths; diagnostics: readonly Diagnostic[] } {
  const cwd = resolve(flags.cwd ?? '.');
  const { config, file, diagnostics } = loadConfig(cwd);
  const out = flags.out === undefined ? config.out : resolve(cwd, flags.out);
  return {
    paths: {
      cwd,
      taxonomy: flags.taxonomy === undefined ? config.taxonomy : resolve(cwd, flags.taxonomy),
      out,
      language: outputLanguage(file === undefined ? cwd : dirname(file), out, flags.target ?? config.target),
      ...(config.docs === undefined ? {} : { docs: config.docs }),
    },
    // Named as the user would type them from where they ran the command, like taxonomy diagnostics.
    diagnostics: diagnostics.map((d) => ({ ...d, file: relative(process.cwd(), d.file) || d.file })),
  };
}

/**
 * The project's taxonomy, or undefined after printing its problems and `notDone` (what the command
 * then did not do: "no payload was checked").
 */
export function loadProjectTaxonomy(paths: ProjectPaths, io: Io, notDone: string): Taxonomy | undefined {
  const { taxonomy, diagnostics } = loadTaxonomy(shown(paths.taxonomy));
  if (taxonomy !== undefined) return taxonomy;
  printDiagnostics(io, diagnostics);
  io.err(`\n${plural(diagnostics.length, 'problem')} in the taxonomy; ${notDone}.`);
  return undefined;
}
