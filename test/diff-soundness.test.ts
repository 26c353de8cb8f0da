// The diff's impact classification checked by evidence on random taxonomies and edits (fast tier: a
// sample; test/diff-soundness.slow.test.ts runs 2,000). See test/support/diff-soundness.ts.
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { checkSoundness } from './support/diff-soundness.js';

const DIR = join('test', '.tmp', 'diff-soundness-fast');
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

it('reports a producer impact for every base-valid payload head refuses, a consumer impact for the reverse, and no change only for identical schemas', async () => {
  const stats = await checkSoundness(DIR, 60, 12);
  // The check can fail: most runs reach the comparison, and payloads do cross.
  expect(stats.refused).toBeLessThan(stats.runs / 2);
  expect(stats.crossings).toBeGreaterThan(0);
  expect(stats.unchanged).toBeGreaterThan(0);
}, 120_000);
