// Which taxonomy and output directory a command works on: flags, else the project's config file,
// else taxonomy/ → generated/, all relative to --cwd. In: flags. Out: absolute paths, or diagnostics.
import { relative, resolve } from 'node:path';
import { loadConfig, type Diagnostic } from '../index.js';

export interface PathFlags {
  readonly taxonomy?: string;
  readonly out?: string;
  readonly cwd?: string;
}

export interface ProjectPaths {
  readonly cwd: string;
  readonly taxonomy: string;
  readonly out: string;
  /** The configured docs location (see ProjectConfig.docs), if any. */
  readonly docs?: string;
}

export function projectPaths(flags: PathFlags): { paths: ProjectPaths; diagnostics: readonly Diagnostic[] } {
  const cwd = resolve(flags.cwd ?? '.');
  const { config, diagnostics } = loadConfig(cwd);
  return {
    paths: {
      cwd,
      taxonomy: flags.taxonomy === undefined ? config.taxonomy : resolve(cwd, flags.taxonomy),
      out: flags.out === undefined ? config.out : resolve(cwd, flags.out),
      ...(config.docs === undefined ? {} : { docs: config.docs }),
    },
    // Named as the user would type them from where they ran the command, like taxonomy diagnostics.
    diagnostics: diagnostics.map((d) => ({ ...d, file: relative(process.cwd(), d.file) || d.file })),
  };
}
