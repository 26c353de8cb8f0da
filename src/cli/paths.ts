// Which taxonomy and output directory a command works on: flags, else the project's config file,
// else taxonomy/ → generated/, all relative to --cwd; and the output's language (flag, config, else
// the project's shape). In: flags. Out: absolute paths and the language, or diagnostics.
import { dirname, relative, resolve } from 'node:path';
import { loadConfig, outputLanguage, type Diagnostic, type OutputLanguage, type OutputTarget } from '../index.js';

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
