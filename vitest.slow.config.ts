// `npm run test:slow`, the slow tier (after `npm test`, whose build of dist/ it uses): the fuzz test
// on 300 taxonomies, the corpus, the 20,000-event soak and the README's shell blocks, run in a copy
// of the repository and in a project that installs this package packed. CI runs it after `npm test`.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import SummaryReporter from './test/support/summary-reporter.js';
import { fixtureRuntime, longestFirst } from './vitest.config.js';

export default defineConfig({
  plugins: [fixtureRuntime()],
  test: {
    include: ['test/**/*.slow.test.ts', 'test/fuzz.test.ts'],
    exclude: ['**/node_modules/**', 'test/.tmp/**'],
    env: { FLOKIT_FUZZ_RUNS: '300' },
    pool: 'threads',
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 30_000,
    reporters: ['default', new SummaryReporter()],
    sequence: { sequencer: longestFirst(['test/corpus.slow.test.ts', 'test/fuzz.test.ts', 'test/client-soak.slow.test.ts', 'test/readme.slow.test.ts']) },
  },
});
