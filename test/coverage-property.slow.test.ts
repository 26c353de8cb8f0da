// The coverage property: in a project of random call chains (wrappers, generic wrappers, arrows,
// aliases, bind and re-exports, each in its own module, around per-event helpers, client methods,
// client.track, client.sendBatch and validateEvent), the sites the analysis reports are exactly the
// calls the generator planted, each with its event, and nothing is unresolved (the layers also keep
// the function on an object, make it a class method, destructure it and call it with ?.).
// FLOKIT_COVERAGE_RUNS sets the number of projects (default 40).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeCoverage } from '../src/index.js';
import { chainProject, chains } from './support/coverage-chains.js';
import { COVERAGE_FIXTURES, loadPlan, writeGenerated } from './support/coverage-projects.js';

const plan = loadPlan();
const RUNS = Number(process.env['FLOKIT_COVERAGE_RUNS'] ?? '40');
const TSCONFIG = { extends: join(COVERAGE_FIXTURES, 'tsconfig.base.json'), include: ['src', 'generated'] };

describe('coverage of random call chains', () => {
  it('reports exactly the planted sites and events', async () => {
    await fc.assert(
      fc.asyncProperty(chains(plan.events.length), async (list) => {
        const project = chainProject(list, plan);
        const dir = mkdtempSync(join(tmpdir(), 'flokit-coverage-chains-'));
        writeGenerated(plan, join(dir, 'generated'));
        writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
        writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
        for (const [path, contents] of project.files) {
          mkdirSync(dirname(join(dir, path)), { recursive: true });
          writeFileSync(join(dir, path), contents);
        }
        const { report } = await analyzeCoverage(plan, { projects: [dir], root: dir });
        const found = new Set(report?.events.flatMap((e) => e.sites.map((s) => `${s.file}:${s.line}:${e.name}`)));
        expect({ found: [...found].sort(), unresolved: report?.unresolved }).toEqual({ found: [...project.planted].sort(), unresolved: [] });
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
