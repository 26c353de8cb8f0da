// The diff soundness property at full size: 2,000 random taxonomies and edits, payloads crossing in
// both directions through the generated validators (test/support/diff-soundness.ts), 0 contradictions.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { checkSoundness } from './support/diff-soundness.js';

const DIR = join('test', '.tmp', 'diff-soundness-slow');
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

it('2,000 runs: every refused crossing payload is reported as a producer or consumer impact; no change means identical schemas', async () => {
  const stats = await checkSoundness(DIR, 2000, 20);
  expect(stats.runs).toBe(2000);
  expect(stats.refused).toBeLessThan(stats.runs / 10);
  expect(stats.crossings).toBeGreaterThan(1000);
  expect(stats.unchanged).toBeGreaterThan(100);
}, 900_000);
