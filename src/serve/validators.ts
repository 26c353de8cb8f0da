// The collector checks events with the generated validators themselves, not a re-implementation:
// the taxonomy is generated in memory, validators.ts and the runtime files it imports are
// transpiled to JavaScript (TypeScript's transpileModule, loaded only here), written to a private
// temporary directory and imported. Each taxonomy version gets its own directory, so an edit to the
// plan yields a fresh module. In: the IR. Out: validateEvent, as the generated module exports it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GeneratedFile } from '../emit/file.js';
import { generate } from '../generate.js';
import type { Taxonomy } from '../model/ir.js';
import type { StoredViolation } from './record.js';

export type Verdict = { readonly valid: true } | { readonly valid: false; readonly violations: readonly StoredViolation[] };
export type EventValidator = (payload: unknown) => Verdict;

/** The generated files the validators need at run time. */
const NEEDED = /^(validators|runtime\/validation|runtime\/formats)\.ts$/;

/**
 * Compiled validators by the text of their validators.ts, shared by every collector of the process
 * (they are pure functions): a test suite starting many collectors on one taxonomy transpiles once.
 */
const compiled = new Map<string, Promise<EventValidator>>();
const KEEP_COMPILED = 8;

export class ValidatorFactory {
  private readonly root = mkdtempSync(join(tmpdir(), 'flokit-gen-serve-'));
  private version = 0;

  compile(taxonomy: Taxonomy): Promise<EventValidator> {
    const files = generate(taxonomy).filter((f) => NEEDED.test(f.path));
    const key = files.map((f) => f.contents).join('\0');
    let validator = compiled.get(key);
    if (validator === undefined) {
      validator = this.load(files);
      compiled.set(key, validator);
      validator.catch(() => compiled.delete(key));
      if (compiled.size > KEEP_COMPILED) compiled.delete(compiled.keys().next().value as string);
    }
    return validator;
  }

  private async load(files: readonly GeneratedFile[]): Promise<EventValidator> {
    const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');
    const dir = join(this.root, String(++this.version));
    for (const file of files) {
      const target = join(dir, file.path.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      const options = { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, isolatedModules: true };
      writeFileSync(target, ts.transpileModule(file.contents, { compilerOptions: options }).outputText);
    }
    const module = (await import(pathToFileURL(join(dir, 'validators.js')).href)) as { validateEvent: EventValidator };
    return module.validateEvent;
  }

  /** Removes the transpiled files (modules already imported stay usable). */
  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
