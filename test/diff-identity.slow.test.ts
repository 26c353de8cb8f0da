// diff(a, a) is empty for the 2,000-event corpus taxonomy (the rest: test/diff-identity.test.ts).
import { expect, it } from 'vitest';
import { diffTaxonomies } from '../src/diff/index.js';
import { loadTaxonomy, type Taxonomy } from '../src/index.js';

it('large-2000: no change', () => {
  const load = (): Taxonomy => loadTaxonomy('test/fixtures/corpus/large-2000/taxonomy.yaml').taxonomy as Taxonomy;
  expect(diffTaxonomies(load(), load()).changes).toEqual([]);
}, 120_000);
