import { defineConfig } from 'vitest/config';
import SummaryReporter from './test/support/summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'templates/**/*.test.ts'],
    // Scratch output of running tests (the fuzz test's generated code among it).
    exclude: ['**/node_modules/**', 'test/.tmp/**'],
    pool: 'threads',
    // CLI tests spawn the real binary, several at once on CI's two cores.
    testTimeout: 30_000,
    reporters: ['default', new SummaryReporter()],
  },
});
