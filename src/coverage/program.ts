// The user's TypeScript project as one program: the given tsconfig files and every project they
// reference (a solution-style tsconfig with `files: []` and `references` included), so that a
// wrapper in one project and its callers in another are seen together. Loaded with ts-morph; only
// the coverage command imports this module. In: tsconfig paths. Out: a program, or a located problem.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Project, ts } from 'ts-morph';

export class ProjectError extends Error {}

interface ConfigSet {
  readonly rootNames: string[];
  options: ts.CompilerOptions | undefined;
  readonly configs: string[];
}

/** `path` as a tsconfig file: a directory means its tsconfig.json. */
function configFile(path: string): string {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'tsconfig.json') : path;
  if (!existsSync(file)) throw new ProjectError(`${shown(file)}: no such tsconfig file`);
  return file;
}

/** A path as the user would type it from where they ran the command. */
function shown(file: string): string {
  return relative(process.cwd(), file) || file;
}

/** `file:line:col: text`, or `fallback: text` when the diagnostic has no position. */
function message(diagnostic: ts.Diagnostic, fallback: string): string {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  if (diagnostic.file === undefined || diagnostic.start === undefined) return `${shown(fallback)}: ${text}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${shown(diagnostic.file.fileName)}:${line + 1}:${character + 1}: ${text}`;
}

// "No inputs were found" is what a solution-style tsconfig (only references) says of itself.
const NO_INPUTS = 18003;

function visit(path: string, set: ConfigSet, seen: Set<string>): void {
  const file = resolve(configFile(path));
  if (seen.has(file)) return;
  seen.add(file);
  // Read as a source file, so that a wrong option is reported at its line and column too.
  const source = ts.readJsonConfigFile(file, (f) => ts.sys.readFile(f));
  const syntax = (source as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics?.[0];
  if (syntax !== undefined) throw new ProjectError(message(syntax, file));
  const parsed = ts.parseJsonSourceFileConfigFileContent(source, ts.sys, dirname(file), undefined, file);
  const errors = parsed.errors.filter((d) => d.code !== NO_INPUTS && d.category === ts.DiagnosticCategory.Error);
  if (errors[0] !== undefined) throw new ProjectError(message(errors[0], file));
  set.configs.push(file);
  set.rootNames.push(...parsed.fileNames);
  // The first project with files of its own sets the options of the whole program.
  if (set.options === undefined && parsed.fileNames.length > 0) set.options = parsed.options;
  for (const reference of parsed.projectReferences ?? []) visit(ts.resolveProjectReferencePath(reference), set, seen);
}

export interface LoadedProgram {
  readonly program: ts.Program;
  /** Every tsconfig the program was made from, references included. */
  readonly configs: readonly string[];
}

/** One program over the files of `tsconfigs` and of every project they reference. */
export function loadProgram(tsconfigs: readonly string[]): LoadedProgram {
  const set: ConfigSet = { rootNames: [], options: undefined, configs: [] };
  const seen = new Set<string>();
  for (const path of tsconfigs) visit(path, set, seen);
  // Analysis only: nothing is written, and declaration outputs of references are not required.
  const options: ts.CompilerOptions = { ...set.options, noEmit: true, composite: false, declaration: false, incremental: false };
  const project = new Project({ compilerOptions: options, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
  for (const file of new Set(set.rootNames)) project.addSourceFileAtPath(file);
  return { program: project.getProgram().compilerObject, configs: set.configs };
}
