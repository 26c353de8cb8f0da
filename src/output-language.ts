// Which language the output is written in, so that the generated code fits the project it lands in
// without the user having to know why: TypeScript where the project compiles TypeScript that can take
// ours, else JavaScript with .d.ts files in the module format Node will load it as. In: the project
// directory, the output directory, and the `target` the config or a flag chose, if any. Out: the
// choice and the reason, for the one line the CLI prints about it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { JavaScriptModule } from './generate.js';

export type OutputTarget = 'ts' | 'js';

export interface OutputLanguage {
  /** Undefined: TypeScript. */
  readonly javascript?: JavaScriptModule;
  /** Why, when it was not chosen explicitly (printed once by the CLI). */
  readonly reason?: string;
}

/**
 * - `target` given (config or flag): TypeScript, or JavaScript in the format of the output
 *   directory's package ("type": "module" → ES modules, else CommonJS).
 * - a tsconfig.json beside the config (or in the working directory): TypeScript, unless it (or a
 *   file it `extends`) sets verbatimModuleSyntax for CommonJS files (`npm init -y && npx tsc --init` does), under which
 *   TypeScript rejects every `import`/`export` in a .ts file: then CommonJS JavaScript with .d.ts.
 * - a package.json and no tsconfig.json: a JavaScript project, JavaScript output.
 * - neither: TypeScript, as before there was a choice.
 */
export function outputLanguage(projectDir: string, outDir: string, target: OutputTarget | undefined): OutputLanguage {
  const format = (): JavaScriptModule => (packageType(outDir) === 'module' ? 'esm' : 'cjs');
  if (target === 'ts') return {};
  if (target === 'js') return { javascript: format() };
  const options = compilerOptions(join(projectDir, 'tsconfig.json'), new Set());
  if (options !== undefined) {
    const module = typeof options['module'] === 'string' ? options['module'].toLowerCase() : '';
    const commonjs = module === 'commonjs' || (/^node(16|18|20|next)$/.test(module) && packageType(outDir) !== 'module');
    if (options['verbatimModuleSyntax'] === true && commonjs) {
      return { javascript: 'cjs', reason: 'tsconfig.json sets verbatimModuleSyntax in a CommonJS project, where TypeScript takes no import/export in .ts files: CommonJS JavaScript with .d.ts files (use it with `import x = require(...)`)' };
    }
    return {};
  }
  if (existsSync(join(projectDir, 'package.json'))) {
    const javascript = format();
    return { javascript, reason: `package.json and no tsconfig.json: JavaScript (${javascript === 'esm' ? 'ES modules' : 'CommonJS'}) with .d.ts files` };
  }
  return {};
}

/**
 * The compilerOptions a tsconfig ends up with: those of the files it `extends` (a path, or a package
 * such as @tsconfig/node20; one or an array, later ones winning) under its own, as TypeScript merges
 * them. Undefined when the file is absent or unreadable.
 */
function compilerOptions(file: string, seen: Set<string>): Record<string, unknown> | undefined {
  const config = seen.has(file) ? undefined : readJsonc(file);
  if (config === undefined) return undefined;
  seen.add(file);
  const extended = config['extends'];
  const bases = typeof extended === 'string' ? [extended] : Array.isArray(extended) ? extended.filter((e): e is string => typeof e === 'string') : [];
  let merged: Record<string, unknown> = {};
  for (const base of bases) {
    const path = resolveExtends(base, dirname(file));
    merged = { ...merged, ...(path === undefined ? {} : compilerOptions(path, seen)) };
  }
  const own = config['compilerOptions'];
  return { ...merged, ...(typeof own === 'object' && own !== null ? (own as Record<string, unknown>) : {}) };
}

/** Where an `extends` entry points: a relative or absolute path (".json" optional), else a file of a package in node_modules. */
function resolveExtends(spec: string, from: string): string | undefined {
  const candidates = (base: string): string[] => [base, `${base}.json`];
  if (spec.startsWith('.') || isAbsolute(spec)) return candidates(resolve(from, spec)).find(isFile);
  for (let at = from; ; at = dirname(at)) {
    const base = join(at, 'node_modules', spec);
    const found = [...candidates(base), join(base, 'tsconfig.json')].find(isFile);
    if (found !== undefined) return found;
    if (dirname(at) === at) return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The "type" of the package a directory belongs to (the nearest package.json above it). */
function packageType(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const pkg = readJsonc(join(at, 'package.json'));
    if (pkg !== undefined) return typeof pkg['type'] === 'string' ? pkg['type'] : undefined;
    if (dirname(at) === at) return undefined;
  }
}

/** A JSON file that may hold comments and trailing commas (tsconfig.json does); undefined if absent or unreadable. */
function readJsonc(path: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  // Comments out (strings kept whole), then commas before a closing bracket.
  const plain = text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_match, string: string | undefined) => string ?? '').replace(/,(\s*[}\]])/g, '$1');
  try {
    const value: unknown = JSON.parse(plain);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
