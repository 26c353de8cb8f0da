// `flokit-gen init`: a new project's starting point. A taxonomy with the FloKit lifecycle events
// (the bundled one), a config file, and package.json scripts that regenerate before every build and
// check freshness in CI. Nothing is overwritten: if any target exists (or a script name is taken),
// nothing is written at all. In: a directory. Out: what was created, or why nothing was.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPackageFile } from './package-files.js';

export const INIT_TAXONOMY = 'taxonomy/flokit.yaml';
export const INIT_CONFIG = 'flokit.config.json';
/** The scripts init adds to package.json. */
export const INIT_SCRIPTS: Readonly<Record<string, string>> = {
  prebuild: 'flokit-gen generate',
  check: 'flokit-gen check',
  'flokit:watch': 'flokit-gen watch',
};

export interface InitResult {
  /** Files created or changed, relative to the directory. */
  readonly created: readonly string[];
  /** Why nothing was written: the files or scripts that already exist. Empty on success. */
  readonly conflicts: readonly string[];
}

export function initProject(dir: string): InitResult {
  const conflicts: string[] = [];
  for (const file of [INIT_TAXONOMY, 'taxonomy', INIT_CONFIG, 'flokit.config.yaml', 'flokit.config.yml']) {
    if (existsSync(join(dir, file))) conflicts.push(`${file} already exists`);
  }
  const pkgPath = join(dir, 'package.json');
  let pkg: Record<string, unknown> | undefined;
  if (existsSync(pkgPath)) {
    try {
      pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      conflicts.push(`package.json is not valid JSON (${(error as Error).message.split('\n')[0] ?? ''})`);
    }
    if (pkg !== undefined && Object.hasOwn(pkg, 'flokit')) conflicts.push('package.json already has a "flokit" config');
    const scripts = (pkg?.['scripts'] ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(INIT_SCRIPTS)) if (Object.hasOwn(scripts, name)) conflicts.push(`package.json already has a "${name}" script`);
  }
  if (conflicts.length > 0) return { created: [], conflicts };

  const taxonomy = readPackageFile('taxonomy/flokit.yaml');
  const config = `${JSON.stringify({ taxonomy: 'taxonomy', out: 'generated' }, null, 2)}\n`;
  const scripts = { ...((pkg?.['scripts'] ?? {}) as Record<string, unknown>), ...INIT_SCRIPTS };
  const packageJson = `${JSON.stringify(pkg === undefined ? { name: 'my-app', private: true, scripts } : { ...pkg, scripts }, null, 2)}\n`;
  mkdirSync(join(dir, 'taxonomy'), { recursive: true });
  write(join(dir, INIT_TAXONOMY), taxonomy);
  write(join(dir, INIT_CONFIG), config);
  write(pkgPath, packageJson);
  return { created: [INIT_TAXONOMY, INIT_CONFIG, 'package.json'], conflicts: [] };
}

/** Whole or not at all: a crash mid-write never leaves half a file. */
function write(path: string, text: string): void {
  const temp = `${path}.flokit-gen-${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}
