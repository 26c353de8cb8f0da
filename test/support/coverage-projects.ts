// Coverage fixture projects made real in a temporary directory: the case's files, the taxonomy's
// generated output written where the case says (TypeScript, or the JavaScript output with .d.ts
// files that `generate` writes for a JavaScript project), workspace links in node_modules. In: a case
// under test/fixtures/coverage. Out: the project directory.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { expect } from 'vitest';
import { analyzeCoverage, generate, loadTaxonomy, type Taxonomy } from '../../src/index.js';
import { ROOT } from './spawn.js';

export const COVERAGE_FIXTURES = join(ROOT, 'test', 'fixtures', 'coverage');

export interface CaseSpec {
  /** The pattern the case proves, in a sentence. */
  readonly pattern: string;
  /** A taxonomy file of the case the generated code is made from (default: the plan). */
  readonly generatedFrom?: string;
  /** Where the generated output goes, relative to the case (default: generated). */
  readonly out?: string;
  /** node_modules links to make, link → target, relative to the case. */
  readonly links?: Readonly<Record<string, string>>;
  /** The generated output as JavaScript with .d.ts files (`target: js`, ES modules) instead of TypeScript. */
  readonly javascript?: boolean;
  /** The case brings its own generated modules (made by hand): nothing is generated. */
  readonly handMade?: boolean;
}

export function loadPlan(file = join(COVERAGE_FIXTURES, 'taxonomy.yaml')): Taxonomy {
  const { taxonomy, diagnostics } = loadTaxonomy(file);
  if (taxonomy === undefined) throw new Error(`${file}: ${diagnostics.map((d) => d.message).join('; ')}`);
  return taxonomy;
}

/** The cases `npm test` runs (a second or two each); the slow tier runs the others. */
export const FAST_CASES: readonly string[] = ['monorepo', 'stale', 'unresolved', 'wrappers'];

export function coverageCases(): string[] {
  return readdirSync(COVERAGE_FIXTURES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** The output `flokit-gen generate` writes for `taxonomy`: TypeScript, or (`javascript`) ES-module JavaScript with .d.ts files. */
export function writeGenerated(taxonomy: Taxonomy, out: string, javascript = false): void {
  for (const file of generate(taxonomy, javascript ? { javascript: 'esm' } : {})) {
    const path = join(out, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.contents);
  }
}

/** A fresh copy of the case, ready to analyse; returns its directory. */
export function setUpCase(name: string, plan: Taxonomy): { readonly dir: string; readonly spec: CaseSpec } {
  const root = mkdtempSync(join(tmpdir(), 'flokit-coverage-'));
  cpSync(join(COVERAGE_FIXTURES, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
  const dir = join(root, name);
  cpSync(join(COVERAGE_FIXTURES, name), dir, { recursive: true });
  const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as CaseSpec;
  rmSync(join(dir, 'expected.json'), { force: true });
  const taxonomy = spec.generatedFrom === undefined ? plan : loadPlan(join(dir, spec.generatedFrom));
  // Before compiling: the package type decides whether the compiled output is ESM.
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const out = join(dir, spec.out ?? 'generated');
  if (spec.handMade !== true) writeGenerated(taxonomy, out, spec.javascript === true);
  for (const [link, target] of Object.entries(spec.links ?? {})) {
    mkdirSync(dirname(join(dir, link)), { recursive: true });
    symlinkSync(relative(dirname(join(dir, link)), resolve(dir, target)), join(dir, link), 'dir');
  }
  return { dir, spec };
}

/** Sets the case up, analyses it and asserts its report is expected.json to the byte (UPDATE_COVERAGE=1 rewrites it). */
export async function expectCaseReport(name: string, plan: Taxonomy): Promise<string> {
  const { dir } = setUpCase(name, plan);
  const { report, problem } = await analyzeCoverage(plan, { projects: [join(dir, 'tsconfig.json')], root: dir });
  expect(problem).toBeUndefined();
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const expected = join(COVERAGE_FIXTURES, name, 'expected.json');
  if (process.env['UPDATE_COVERAGE'] === '1') writeFileSync(expected, text);
  expect(text).toBe(readFileSync(expected, 'utf8'));
  return dir;
}
