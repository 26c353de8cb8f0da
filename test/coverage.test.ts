// `flokit-gen coverage`'s analysis on one fixture project per pattern (test/fixtures/coverage/<case>,
// its case.json says which), each against its exact expected report (expected.json, the JSON
// format). UPDATE_COVERAGE=1 rewrites the expectations: read the diff before committing it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCoverage } from '../src/index.js';
import { COVERAGE_FIXTURES, coverageCases, loadPlan, setUpCase } from './support/coverage-projects.js';

const plan = loadPlan();

describe.each(coverageCases())('coverage of the %s fixture', (name) => {
  it('is exactly the expected report', async () => {
    const { dir } = setUpCase(name, plan);
    const { report, problem } = await analyzeCoverage(plan, { projects: [join(dir, 'tsconfig.json')], root: dir });
    expect(problem).toBeUndefined();
    const text = `${JSON.stringify(report, null, 2)}\n`;
    const expected = join(COVERAGE_FIXTURES, name, 'expected.json');
    if (process.env['UPDATE_COVERAGE'] === '1') writeFileSync(expected, text);
    expect(text).toBe(readFileSync(expected, 'utf8'));
  });
});
