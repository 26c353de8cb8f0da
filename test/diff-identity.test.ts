// diff(a, a) is empty for every taxonomy the repository holds: the bundled one, the golden and
// fuzz-regression fixtures and the corpus (large-2000 in test/diff-identity.slow.test.ts). Each
// side is loaded on its own, so nothing is shared between the two IRs.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffTaxonomies } from '../src/diff/index.js';
import { loadTaxonomy, type Taxonomy } from '../src/index.js';

function taxonomyPath(dir: string): string {
  return existsSync(join(dir, 'taxonomy.yaml')) ? join(dir, 'taxonomy.yaml') : join(dir, 'taxonomy');
}

function load(path: string): Taxonomy {
  const { taxonomy, diagnostics } = loadTaxonomy(path);
  expect(diagnostics).toEqual([]);
  return taxonomy as Taxonomy;
}

const PATHS = [
  'taxonomy',
  ...readdirSync('test/fixtures/valid').map((name) => taxonomyPath(join('test/fixtures/valid', name))),
  ...readdirSync('test/fixtures/fuzz-regressions').map((name) => join('test/fixtures/fuzz-regressions', name)),
  ...readdirSync('test/fixtures/corpus')
    .filter((name) => name !== 'large-2000')
    .map((name) => taxonomyPath(join('test/fixtures/corpus', name))),
];

describe('diff(a, a)', () => {
  it.each(PATHS)('%s: no change', (path) => {
    const report = diffTaxonomies(load(path), load(path));
    expect(report.changes).toEqual([]);
    expect(report.version).toEqual({ required: 'none', declared: 'none', needed: 'none', ok: true });
  });
});
