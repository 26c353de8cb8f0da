// The generated TypeScript as JavaScript with declaration files, for projects that do not compile
// TypeScript or cannot compile ours (CommonJS with verbatimModuleSyntax). Each file goes through
// TypeScript's single-file transforms: transpileModule for the .js (ES modules or CommonJS) and
// transpileDeclaration for the .d.ts (the generated code and the runtime declare every exported
// type, so no program or type check is needed; our tests type-check the TypeScript). Every output
// file starts with the source file's header. TypeScript is loaded only when this runs.
// In: generated files. Out: the same files with every .ts replaced by a .js and a .d.ts.
import { createRequire } from 'node:module';
import type { GeneratedFile } from './file.js';
import { HEADER_MARK } from './header.js';

/** How the .js files load each other: `import` (a "type": "module" package) or `require`. */
export type JavaScriptModule = 'esm' | 'cjs';

let typescript: typeof import('typescript') | undefined;

function ts(): typeof import('typescript') {
  typescript ??= createRequire(import.meta.url)('typescript') as typeof import('typescript');
  return typescript;
}

// runtime/ is the same text in every run of a process (its header names only the taxonomy): `watch`
// transpiles it once.
const cache = new Map<string, readonly GeneratedFile[]>();

export function toJavaScript(files: readonly GeneratedFile[], module: JavaScriptModule): GeneratedFile[] {
  return files.flatMap((file) => (file.path.endsWith('.ts') ? [...transpiled(file, module)] : [file]));
}

function transpiled(file: GeneratedFile, module: JavaScriptModule): readonly GeneratedFile[] {
  const key = `${module}\u0000${file.path}\u0000${file.contents}`;
  let out = cache.get(key);
  if (out !== undefined) return out;
  const { ModuleKind, ScriptTarget, NewLineKind, transpileModule, transpileDeclaration } = ts();
  // The header line is written first in each output; TypeScript would put it after "use strict"
  // (CommonJS) or drop it (declarations).
  const newline = file.contents.indexOf('\n');
  const first = file.contents.slice(0, newline);
  const header = first.includes(HEADER_MARK) ? `${first}\n` : '';
  const body = header === '' ? file.contents : file.contents.slice(newline + 1);
  const stem = file.path.slice(0, -'.ts'.length);
  const compilerOptions = { module: module === 'esm' ? ModuleKind.ES2022 : ModuleKind.CommonJS, target: ScriptTarget.ES2020, newLine: NewLineKind.LineFeed };
  const js = transpileModule(body, { fileName: file.path, compilerOptions }).outputText;
  const dts = transpileDeclaration(body, { fileName: file.path, compilerOptions }).outputText;
  out = [
    { path: `${stem}.d.ts`, contents: header + dts },
    { path: `${stem}.js`, contents: header + js },
  ];
  if (file.path.startsWith('runtime/')) cache.set(key, out);
  return out;
}
