// `flokit-gen init`: a new project's starting point. A taxonomy with the FloKit lifecycle events
// (the bundled one, its editor-schema comment pointing at the installed package), a config file, and
// package.json scripts: regenerate before every build (only when there is a build to hook), check
// freshness in CI, watch. Nothing is overwritten: if any target exists (or a script name is taken),
// nothing is written at all. In: a directory and script names. Out: what was done, or why nothing was.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { readPackageFile } from './package-files.js';

export const INIT_TAXONOMY = 'taxonomy/flokit.yaml';
export const INIT_CONFIG = 'flokit.config.json';

/** What each script init adds is for. */
export type InitScriptRole = 'generate' | 'check' | 'watch';

/** The command each script runs. */
export const INIT_COMMANDS: Readonly<Record<InitScriptRole, string>> = {
  generate: 'flokit-gen generate',
  check: 'flokit-gen check',
  watch: 'flokit-gen watch',
};

/** The flag that names each script, for hints. */
export const INIT_SCRIPT_FLAGS: Readonly<Record<InitScriptRole, string>> = {
  generate: '--generate-script',
  check: '--check-script',
  watch: '--watch-script',
};

export interface InitOptions {
  /**
   * Script names by role. Defaults: `prebuild` for generate when package.json has a `build` script
   * (npm runs it before every build), else `flokit:generate`; `check`; `flokit:watch`.
   * @example { check: 'flokit:check' }
   */
  readonly scripts?: Partial<Record<InitScriptRole, string>>;
}

export interface InitResult {
  /** Files created, relative to the directory. */
  readonly created: readonly string[];
  /** Existing files changed (package.json), relative to the directory. */
  readonly updated: readonly string[];
  /** The name of each script, added (on success) or meant to be added (on a conflict). */
  readonly scripts: Readonly<Record<InitScriptRole, string>>;
  /** Whether the generate script runs before every `npm run build` (it is `prebuild`). */
  readonly hooksBuild: boolean;
  /** Whether flokit-gen was found installed in the project (else the editor schema path cannot resolve yet). */
  readonly installed: boolean;
  /** Why nothing was written, each with what to do instead. Empty on success. */
  readonly conflicts: readonly string[];
}

const SCHEMA = 'schema/taxonomy.schema.json';
const PACKAGE_SCHEMA = `node_modules/flokit-gen/${SCHEMA}`;
/** The bundled taxonomy's first line points into this repository's source tree. */
const BUNDLED_SCHEMA_LINE = `# yaml-language-server: $schema=../${SCHEMA}`;

export function initProject(dir: string, options: InitOptions = {}): InitResult {
  const conflicts: string[] = [];
  for (const file of [INIT_TAXONOMY, 'taxonomy', INIT_CONFIG, 'flokit.config.yaml', 'flokit.config.yml']) {
    if (existsSync(join(dir, file))) conflicts.push(`${file} already exists`);
  }
  const pkgPath = join(dir, 'package.json');
  const pkg = readPackageJson(pkgPath, conflicts);
  const existingScripts = scriptsOf(pkg);
  const hooksBuild = options.scripts?.generate === undefined && Object.hasOwn(existingScripts, 'build');
  const names: Record<InitScriptRole, string> = {
    generate: options.scripts?.generate ?? (hooksBuild ? 'prebuild' : 'flokit:generate'),
    check: options.scripts?.check ?? 'check',
    watch: options.scripts?.watch ?? 'flokit:watch',
  };
  const scripts: Record<string, string> = {};
  for (const role of ['generate', 'check', 'watch'] as const) {
    const name = names[role];
    if (Object.hasOwn(existingScripts, name)) conflicts.push(`package.json already has a "${name}" script (choose another name with ${INIT_SCRIPT_FLAGS[role]} <name>)`);
    else if (Object.hasOwn(scripts, name)) conflicts.push(`the script name "${name}" is given for two commands`);
    scripts[name] = INIT_COMMANDS[role];
  }
  if (conflicts.length > 0) return { created: [], updated: [], scripts: names, hooksBuild: false, installed: false, conflicts };

  const schemaPath = installedSchema(dir);
  const line = `# yaml-language-server: $schema=${schemaPath ?? `../${PACKAGE_SCHEMA}`}`;
  const bundled = readPackageFile(INIT_TAXONOMY);
  const taxonomy = bundled.startsWith(BUNDLED_SCHEMA_LINE) ? line + bundled.slice(BUNDLED_SCHEMA_LINE.length) : `${line}\n${bundled}`;
  const config = `${JSON.stringify({ taxonomy: 'taxonomy', out: 'generated' }, null, 2)}\n`;
  const allScripts = { ...existingScripts, ...scripts };
  const packageJson = `${JSON.stringify(pkg === undefined ? { name: 'my-app', private: true, scripts: allScripts } : { ...pkg, scripts: allScripts }, null, 2)}\n`;
  mkdirSync(join(dir, 'taxonomy'), { recursive: true });
  write(join(dir, INIT_TAXONOMY), taxonomy);
  write(join(dir, INIT_CONFIG), config);
  write(pkgPath, packageJson);
  const created = [INIT_TAXONOMY, INIT_CONFIG];
  if (pkg === undefined) created.push('package.json');
  return { created, updated: pkg === undefined ? [] : ['package.json'], scripts: names, hooksBuild, installed: schemaPath !== undefined, conflicts: [] };
}

/** package.json as an object, undefined when there is none; an unreadable one is a conflict. */
function readPackageJson(path: string, conflicts: string[]): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    conflicts.push(`package.json is not valid JSON (${(error as Error).message.split('\n')[0] ?? ''})`);
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    conflicts.push('package.json does not hold a JSON object');
    return undefined;
  }
  const pkg = parsed as Record<string, unknown>;
  if (Object.hasOwn(pkg, 'flokit')) conflicts.push('package.json already has a "flokit" config');
  return pkg;
}

function scriptsOf(pkg: Record<string, unknown> | undefined): Record<string, unknown> {
  const scripts = pkg?.['scripts'];
  return typeof scripts === 'object' && scripts !== null && !Array.isArray(scripts) ? (scripts as Record<string, unknown>) : {};
}

/**
 * The editor schema as the YAML language server resolves it (relative to the taxonomy file), where
 * Node would find the installed package: node_modules of the project or of a directory above it (a
 * workspace hoists it to the root). Undefined when flokit-gen is not installed there (run by a global
 * install or an npx cache, whose paths would break on every other machine).
 */
function installedSchema(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, PACKAGE_SCHEMA))) return relative(join(dir, 'taxonomy'), join(at, PACKAGE_SCHEMA)).split(sep).join('/');
    if (dirname(at) === at) return undefined;
  }
}

/** Whole or not at all: a crash mid-write never leaves half a file. */
function write(path: string, text: string): void {
  const temp = `${path}.flokit-gen-${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}
