// The generated validators, run by the import itself. In: a taxonomy (the IR) and a cache
// directory. Out: `validateEvent` of the validators.ts that `generate` would write for it, with the
// runtime helpers it imports: printed by the same emitter, stripped of types by TypeScript's
// transpiler, written to the cache directory and imported. So an import judges events exactly as
// the generated client does, at the generated code's speed (no schema compiler at run time).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidationResult } from '../../templates/runtime/validation.js';
import { emitValidators } from '../emit/validators.js';
import { runtimeSources } from '../emit/runtime.js';
import type { Taxonomy } from '../model/ir.js';

export type EventValidator = (input: unknown) => ValidationResult<unknown>;

/** What the written module exports that the import uses. */
export interface ValidatorsModule {
  readonly validateEvent: EventValidator;
}

// What validators.ts imports at run time (types.js is a type-only import and disappears).
const RUNTIME_IMPORTS = ['validation.ts', 'formats.ts'] as const;

/**
 * The taxonomy's validators (as JavaScript), imported; `url` is the module's, for a worker to
 * import too. They are kept in `cacheRoot` under a hash of their TypeScript, so only the first
 * import of a taxonomy pays for loading TypeScript's transpiler (a resumed import never does).
 */
export async function loadValidators(taxonomy: Taxonomy, cacheRoot: string): Promise<{ validate: EventValidator; url: string }> {
  const runtime = runtimeSources();
  const sources = new Map<string, string>([['validators.js', emitValidators(taxonomy)], ...RUNTIME_IMPORTS.map((name) => [`runtime/${name.replace(/\.ts$/, '.js')}`, runtime.get(name) ?? ''] as const)]);
  const hash = createHash('sha256');
  for (const [name, source] of sources) hash.update(`${name}\0${source}\0`);
  const dir = join(cacheRoot, `flokit-gen-validators-${hash.digest('hex').slice(0, 32)}`);
  const file = join(dir, 'validators.js');
  if (!existsSync(file)) writeTranspiled(sources, dir);
  const url = pathToFileURL(file).href;
  const module = (await import(url)) as ValidatorsModule;
  return { validate: module.validateEvent, url };
}

/** Transpiles into a fresh directory, then renames it into place: concurrent imports never see half of it. */
function writeTranspiled(sources: ReadonlyMap<string, string>, dir: string): void {
  const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');
  const temp = mkdtempSync(`${dir}-`);
  try {
    mkdirSync(join(temp, 'runtime'));
    // The system's temp dir has no package.json saying the files are ESM.
    writeFileSync(join(temp, 'package.json'), '{ "type": "module" }\n');
    for (const [name, source] of sources) {
      const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false } });
      writeFileSync(join(temp, name), outputText);
    }
    renameSync(temp, dir);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    // Another import of the same taxonomy put it in place first.
    if (!existsSync(join(dir, 'validators.js'))) throw error;
  }
}
