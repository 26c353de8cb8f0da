// `npm test` (after building dist/), the fast tier: every test file but the slow tier's
// (`*.slow.test.ts`, run by `npm run test:slow` with vitest.slow.config.ts), the type-check among
// them (test/typecheck.test.ts), and a sample of 30 taxonomies for the fuzz test (the first 30 of the
// slow tier's 300: the seed is the same).
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import SummaryReporter from './test/support/summary-reporter.js';

/**
 * The golden fixtures carry no copy of runtime/ (test/golden.test.ts proves it is the template behind
 * a header): an import of `./runtime/<module>.js` from a fixture's expected/ reads
 * `templates/runtime/<module>.ts`, as tsconfig.json's rootDirs does for the type-check.
 */
export function fixtureRuntime(): Plugin {
  const FIXTURE = /[\\/]test[\\/]fixtures[\\/]valid[\\/][^\\/]+[\\/]expected[\\/][^\\/]+$/;
  return {
    name: 'flokit-fixture-runtime',
    enforce: 'pre',
    resolveId(source, importer) {
      const module = /^\.\/runtime\/([\w-]+)\.js$/.exec(source)?.[1];
      if (module === undefined || importer === undefined || !FIXTURE.test(importer)) return null;
      return resolve('templates/runtime', `${module}.ts`);
    },
  };
}

/**
 * The longest files start first, so that they run beside the rest instead of after it (a clean
 * clone has no timings for vitest's own ordering to go by); the others follow in vitest's order.
 */
export function longestFirst(files: readonly string[]): typeof BaseSequencer {
  return class LongestFirst extends BaseSequencer {
    override async sort(specs: TestSpecification[]): Promise<TestSpecification[]> {
      const sorted = await super.sort(specs);
      const rank = (s: TestSpecification): number => {
        const i = files.findIndex((f) => s.moduleId.endsWith(`/${f}`));
        return i < 0 ? files.length : i;
      };
      return sorted.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map(({ s }) => s);
    }
  };
}

export default defineConfig({
  plugins: [fixtureRuntime()],
  test: {
    include: ['test/**/*.test.ts', 'templates/**/*.test.ts'],
    // The slow tier, and the scratch output of running tests (the fuzz test's generated code among it).
    exclude: ['**/node_modules/**', 'test/.tmp/**', '**/*.slow.test.ts'],
    env: { FLOKIT_FUZZ_RUNS: '30' },
    pool: 'threads',
    // Each worker keeps its modules from file to file (TypeScript, ajv, prettier and src/ loaded once
    // per worker, not once per file): a sixth less CPU. A test that changes a global (process.env,
    // timers, prototypes) puts it back.
    isolate: false,
    // vitest's default is one worker fewer than the cores, one on CI's two: most of the long files
    // wait on spawned processes (the CLI, tsc, esbuild), and a second file fills the gaps.
    maxWorkers: Math.max(2, availableParallelism()),
    // CLI tests spawn the real binary, several at once on CI's two cores.
    testTimeout: 30_000,
    reporters: ['default', new SummaryReporter()],
    // Longest first, by their times in a clean clone on 2 cores (vitest has no timings of its own
    // there): the packing of the two workers decides the wall time.
    sequence: {
      sequencer: longestFirst([
        'test/cli-commands.test.ts',
        'test/fuzz.test.ts',
        'test/validators-prettier.test.ts',
        'test/typecheck.test.ts',
        'test/cli.test.ts',
        'test/diff-cli.test.ts',
        'test/import.test.ts',
        'test/validators.test.ts',
        'test/reparse.test.ts',
        'test/client.test.ts',
        'test/memo.test.ts',
        'test/writer.test.ts',
      ]),
    },
  },
});
