// The coverage fixture projects the fast tier does not run (test/coverage.test.ts runs FAST_CASES),
// each against its exact expected report; and every fixture project compiles without an error
// under its own tsconfig (tsc -b), so the patterns they prove are code a user could write; and
// the JavaScript output found through the output directory when its files have no header.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCoverage } from '../src/index.js';
import { COVERAGE_FIXTURES, coverageCases, expectCaseReport, FAST_CASES, loadPlan, setUpCase } from './support/coverage-projects.js';
import { runProcess } from './support/spawn.js';

const plan = loadPlan();
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

describe.each(coverageCases().filter((c) => !FAST_CASES.includes(c)))('coverage of the %s fixture', (name) => {
  it('is exactly the expected report', async () => {
    await expectCaseReport(name, plan);
  });
});

describe.each(coverageCases())('the %s fixture project', (name) => {
  it('compiles without an error', async () => {
    const { dir } = setUpCase(name, plan);
    const result = await runProcess(process.execPath, [TSC, '-b', 'tsconfig.json', '--pretty', 'false'], { cwd: dir, timeoutMs: 120_000 });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);
});

describe('the JavaScript output without its headers (.d.ts files a compiler made)', () => {
  it('is found through the output directory, and only through it', async () => {
    const { dir } = setUpCase('javascript', plan);
    const out = join(dir, 'generated');
    for (const file of readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|d\.ts)$/.test(f))) {
      const text = readFileSync(join(out, file), 'utf8');
      writeFileSync(join(out, file), text.slice(text.indexOf('\n') + 1));
    }
    const projects = [join(dir, 'tsconfig.json')];
    expect((await analyzeCoverage(plan, { projects, root: dir })).problem).toMatch(/holds no client or validators generated from taxonomy shop/);
    const { report } = await analyzeCoverage(plan, { projects, root: dir, outDir: out });
    expect(`${JSON.stringify(report, null, 2)}\n`).toBe(readFileSync(join(COVERAGE_FIXTURES, 'javascript', 'expected.json'), 'utf8'));
  });
});
