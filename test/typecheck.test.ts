// `npm test` type-checks everything under strict in one program (`tsc -p tsconfig.json`, which is
// `npm run typecheck`: sources, templates, tests, generated/ and every golden fixture's output). It
// runs as one of the suite's files, beside the others, instead of before all of them: on two cores
// that is a quarter of a minute less.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ROOT, runProcess } from './support/spawn.js';

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

describe('the type-check', () => {
  it('finds no error under strict in sources, templates, tests, generated/ and the golden fixtures', async () => {
    const result = await runProcess(process.execPath, [TSC, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: ROOT, timeoutMs: 300_000 });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.code).toBe(0);
  }, 300_000);
});
