// types.ts against its reference: for every golden fixture, corpus taxonomy and fuzz regression,
// the declarations src/emit/types.ts prints straight from the IR must be byte for byte what
// json-schema-to-typescript emits from the emitted schemas, formatted by prettier
// (test/support/types-oracle.ts). The fuzz run (test/support/fuzz.ts) compares every random taxonomy too.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitTypes } from '../src/emit/types.js';
import { loadTaxonomy, type Taxonomy } from '../src/index.js';
import { referenceTypes } from './support/types-oracle.js';

function load(path: string): Taxonomy {
  const { taxonomy, diagnostics } = loadTaxonomy(path);
  expect(diagnostics).toEqual([]);
  return taxonomy as Taxonomy;
}

const dirs = (root: string): string[] => readdirSync(root).filter((name) => existsSync(join(root, name, 'taxonomy.yaml'))).sort().map((name) => join(root, name, 'taxonomy.yaml'));
const TAXONOMIES = [
  'taxonomy/flokit.yaml',
  ...dirs('test/fixtures/valid'),
  // large-2000 takes the reference a minute: the slow tier's corpus test compares it.
  ...dirs('test/fixtures/corpus').filter((path) => !path.includes('large-2000')),
  ...readdirSync('test/fixtures/fuzz-regressions').filter((f) => f.endsWith('.yaml')).sort().map((f) => join('test/fixtures/fuzz-regressions', f)),
];

describe('types.ts equals json-schema-to-typescript + prettier', () => {
  it.each(TAXONOMIES)('%s', async (path) => {
    const taxonomy = load(path);
    expect(emitTypes(taxonomy)).toBe(await referenceTypes(taxonomy));
  });
});
