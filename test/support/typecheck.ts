// Type-checks many files in one TypeScript program under the project's compiler options
// (tsconfig.json: strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess), for tests that check
// generated code and typed payload samples in bulk. In: file paths. Out: per file, the 1-based lines
// with errors and their messages. Library and runtime files are parsed once per checker, not per batch.
// Also writes the payload samples: valid ones must compile as the event's type, violations a type can
// see must not.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import type { EventDef, Taxonomy } from '../../src/model/ir.js';
import { mutatedPayload, validPayload, type MutationKind } from './payloads.js';

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

/** Mutations a type can reject: the others (a wrong format, a bound) are the validators' alone. */
const TYPE_VISIBLE: ReadonlySet<MutationKind> = new Set(['missing-required', 'not-in-enum', 'unexpected-property', 'missing-identity', 'unknown-event', 'null-not-nullable']);

export interface TypeSample {
  readonly file: string;
  readonly line: number;
  readonly label: string;
  readonly mustCompile: boolean;
}

/**
 * Writes `file`: per event, `count` sampled valid payloads and the type-visible ones among `count`
 * mutated payloads, each declared as the event's type from `typesModule` (a specifier from `file`).
 */
export function writeTypeSamples(file: string, typesModule: string, taxonomy: Taxonomy, events: readonly EventDef[], seed: number, count: number): TypeSample[] {
  const lines = [`import type * as T from '${typesModule}';`];
  const samples: TypeSample[] = [];
  events.forEach((event, e) => {
    const type = `T.${event.names.eventType}`;
    for (const [i, p] of fc.sample(validPayload(taxonomy, event), { seed: seed + e, numRuns: count }).entries()) {
      lines.push(`export const v${e}_${i}: ${type} = ${typeLiteral(p)};`);
      samples.push({ file, line: lines.length, mustCompile: true, label: `valid ${JSON.stringify(event.name)}: ${typeLiteral(p)}` });
    }
    for (const [i, m] of fc.sample(mutatedPayload(taxonomy, event), { seed: seed + e, numRuns: count }).entries()) {
      if (!TYPE_VISIBLE.has(m.kind)) continue;
      lines.push(`export const m${e}_${i}: ${type} = ${typeLiteral(m.payload)};`);
      samples.push({ file, line: lines.length, mustCompile: false, label: `${m.kind} ${JSON.stringify(event.name)} at ${m.path}: ${typeLiteral(m.payload)}` });
    }
  });
  writeFileSync(file, lines.join('\n') + '\n');
  return samples;
}

/** The samples the types judged wrongly, as `refused: …` or `accepted: …`. */
export function misjudged(samples: readonly TypeSample[], errors: TypeErrors): string[] {
  return samples.filter((s) => (errors.get(s.file)?.has(s.line) ?? false) === s.mustCompile).map((s) => `${s.mustCompile ? 'refused' : 'accepted'}: ${s.label}`);
}
