// `flokit-gen coverage`'s analysis on fixture projects (test/fixtures/coverage/<case>, one per
// pattern, its case.json says which), each against its exact expected report (expected.json, the
// JSON format); UPDATE_COVERAGE=1 rewrites the expectations: read the diff before committing it.
// The fast tier runs FAST_CASES; test/coverage-fixtures.slow.test.ts the others.
import { describe, it } from 'vitest';
import { expectCaseReport, FAST_CASES, loadPlan } from './support/coverage-projects.js';

const plan = loadPlan();

describe.each(FAST_CASES)('coverage of the %s fixture', (name) => {
  it('is exactly the expected report', async () => {
    await expectCaseReport(name, plan);
  });
});
