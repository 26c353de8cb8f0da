// The generated validators, run by the import itself. In: a taxonomy (the IR) and a scratch
// directory. Out: `validateEvent` of the validators.ts that `generate` would write for it, with the
// runtime helpers it imports: printed by the same emitter, stripped of types by TypeScript's
// transpiler, written to the scratch directory and imported. So an import judges events exactly as
// the generated client does, at the generated code's speed (no schema compiler at run time).
import { mkdirSync, writeFileSync } from 'node:fs';
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
 * Writes the taxonomy's validators (as JavaScript) under `dir` and imports them; `url` is the
 * module's, for a worker to import too.
 */
export async function loadValidators(taxonomy: Taxonomy, dir: string): Promise<{ validate: EventValidator; url: string }> {
  const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');
  const toJs = (source: string): string =>
    ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false } }).outputText;
  const runtime = runtimeSources();
  mkdirSync(join(dir, 'runtime'), { recursive: true });
  // A scratch directory under the system's temp dir has no package.json saying the files are ESM.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const name of RUNTIME_IMPORTS) writeFileSync(join(dir, 'runtime', name.replace(/\.ts$/, '.js')), toJs(runtime.get(name) ?? ''));
  const file = join(dir, 'validators.js');
  writeFileSync(file, toJs(emitValidators(taxonomy)));
  const url = pathToFileURL(file).href;
  const module = (await import(url)) as ValidatorsModule;
  return { validate: module.validateEvent, url };
}
