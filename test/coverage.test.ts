// `flokit-gen coverage`'s analysis on fixture projects (test/fixtures/coverage/<case>, one per
// pattern, its case.json says which), each against its exact expected report (expected.json, the
// JSON format); UPDATE_COVERAGE=1 rewrites the expectations: read the diff before committing it.
// The fast tier runs FAST_CASES; test/coverage-fixtures.slow.test.ts the others.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCoverage } from '../src/index.js';
import { expectCaseReport, FAST_CASES, loadPlan } from './support/coverage-projects.js';

const plan = loadPlan();

describe.each(FAST_CASES)('coverage of the %s fixture', (name) => {
  it('is exactly the expected report', async () => {
    await expectCaseReport(name, plan);
  });
});

describe('a project coverage cannot analyse', () => {
  const analyse = async (tsconfig: string | undefined): Promise<string | undefined> => {
    const dir = mkdtempSync(join(tmpdir(), 'flokit-coverage-bad-'));
    if (tsconfig !== undefined) writeFileSync(join(dir, 'tsconfig.json'), tsconfig);
    const { problem } = await analyzeCoverage(plan, { projects: [join(dir, 'tsconfig.json')], root: dir });
    return problem?.replace(relative(process.cwd(), dir), '<dir>');
  };

  it.each([
    ['no tsconfig', undefined, '<dir>/tsconfig.json: no such tsconfig file'],
    ['a tsconfig that is not JSON', '{\n  "compilerOptions": { "strict": true,, }\n}\n', "<dir>/tsconfig.json:2:39: Property assignment expected."],
    ['an unknown compiler option', '{\n  "compilerOptions": { "strictest": true }\n}\n', "<dir>/tsconfig.json:2:24: Unknown compiler option 'strictest'. Did you mean 'strict'?"],
    ['a reference to a missing project', '{ "files": [], "references": [{ "path": "./gone" }] }\n', '<dir>/gone/tsconfig.json: no such tsconfig file'],
  ])('%s: one located message', async (_, tsconfig, expected) => {
    expect(await analyse(tsconfig)).toBe(expected);
  });
});
