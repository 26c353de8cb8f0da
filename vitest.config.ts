import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import SummaryReporter from './test/support/summary-reporter.js';

/**
 * The README test runs the whole suite again in a copy of the repository, and is by far the longest
 * file: started first, it runs beside the rest instead of after it (a clean clone has no timings
 * for vitest's own ordering to go by).
 */
class ReadmeFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (f: TestSpecification): boolean => f.moduleId.endsWith('/test/readme.test.ts');
    return [...sorted.filter(first), ...sorted.filter((f) => !first(f))];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'templates/**/*.test.ts'],
    // Scratch output of running tests (the fuzz test's generated code among it).
    exclude: ['**/node_modules/**', 'test/.tmp/**'],
    pool: 'threads',
    // CLI tests spawn the real binary, several at once on CI's two cores.
    testTimeout: 30_000,
    reporters: ['default', new SummaryReporter()],
    sequence: { sequencer: ReadmeFirst },
  },
});
