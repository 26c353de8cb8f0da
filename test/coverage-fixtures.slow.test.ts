// The coverage fixture projects the fast tier does not run (test/coverage.test.ts runs FAST_CASES),
// each against its exact expected report; and every fixture project compiles without an error
// under its own tsconfig (tsc -b), so the patterns they prove are code a user could write.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { coverageCases, expectCaseReport, FAST_CASES, loadPlan, setUpCase } from './support/coverage-projects.js';
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
