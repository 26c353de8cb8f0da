// `npm run fuzz`: the end-to-end fuzz test alone, with 10,000 taxonomies unless FLOKIT_FUZZ_RUNS says
// otherwise (FLOKIT_FUZZ_SEED picks another seed). Progress is printed after every batch.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/fuzz.test.ts'],
    env: { FLOKIT_FUZZ_RUNS: process.env['FLOKIT_FUZZ_RUNS'] ?? '10000' },
    testTimeout: 0,
  },
});
