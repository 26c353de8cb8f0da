// Which language the output is written in, so that the generated code fits the project it lands in
// without the user having to know why: TypeScript where the project compiles TypeScript that can take
// ours, else JavaScript with .d.ts files in the module format Node will load it as. In: the project
// directory, the output directory, and the `target` the config or a flag chose, if any. Out: the
// choice and the reason, for the one line the CLI prints about it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
 * - a tsconfig.json beside the config (or in the working directory): TypeScript, unless it sets
 *   verbatimModuleSyntax for CommonJS files (`npm init -y && npx tsc --init` does), under which
 *   TypeScript rejects every `import`/`export` in a .ts file: then CommonJS JavaScript with .d.ts.
 * - a package.json and no tsconfig.json: a JavaScript project, JavaScript output.
 * - neither: TypeScript, as before there was a choice.
 */
export function outputLanguage(projectDir: string, outDir: string, target: OutputTarget | undefined): OutputLanguage {
  const format = (): JavaScriptModule => (packageType(outDir) === 'module' ? 'esm' : 'cjs');
  if (target === 'ts') return {};
  if (target === 'js') return { javascript: format() };
  const tsconfig = readJsonc(join(projectDir, 'tsconfig.json'));
  if (tsconfig !== undefined) {
    const options = (tsconfig['compilerOptions'] ?? {}) as Record<string, unknown>;
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
