// Type-checks many files in one TypeScript program under the project's compiler options
// (tsconfig.json: strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess), for tests that check
// generated code and typed payload samples in bulk. In: file paths. Out: per file, the 1-based lines
// with errors and their messages. Library and runtime files are parsed once per checker, not per batch.
import { resolve } from 'node:path';
import ts from 'typescript';

/** Line → messages, per absolute file path. */
export type TypeErrors = Map<string, Map<number, string[]>>;

/** A TS literal on one line: TypeScript counts U+2028/U+2029 as line breaks, JSON.stringify keeps them raw. */
export function typeLiteral(value: unknown): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Files that never change during a run: TypeScript's lib, @types, the runtime templates. */
const STABLE = /[\\/](node_modules|templates[\\/]runtime)[\\/]/;

export function createTypeChecker(): (files: readonly string[]) => TypeErrors {
  const config = ts.readConfigFile('tsconfig.json', ts.sys.readFile);
  const { options: base } = ts.parseJsonConfigFileContent(config.config, ts.sys, resolve('.'));
  const options = { ...base, noEmit: true, noUnusedLocals: false };
  const host = ts.createCompilerHost(options);
  const cache = new Map<string, ts.SourceFile | undefined>();
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError, fresh) => {
    if (!STABLE.test(fileName)) return getSourceFile(fileName, language, onError, fresh);
    if (!cache.has(fileName)) cache.set(fileName, getSourceFile(fileName, language, onError, fresh));
    return cache.get(fileName);
  };
  return (files) => {
    const program = ts.createProgram({ rootNames: [...files], options, host });
    const errors: TypeErrors = new Map();
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (d.file === undefined || d.start === undefined) throw new Error(message);
      const line = d.file.getLineAndCharacterOfPosition(d.start).line + 1;
      const file = resolve(d.file.fileName);
      const lines = errors.get(file) ?? new Map<number, string[]>();
      lines.set(line, [...(lines.get(line) ?? []), message]);
      errors.set(file, lines);
    }
    return errors;
  };
}
