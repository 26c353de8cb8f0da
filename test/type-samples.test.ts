// The generated types accept exactly what the validators accept, where a type can tell: valid
// payloads sampled from the IR must compile as the event's type, and payloads with one violation a
// type can express (missing required, not in enum, unexpected property, missing identity, wrong
// event, null where not nullable) must not. One TypeScript program checks every sample of every
// fixture and of generated/, under the project's strict options.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../src/index.js';
import { createTypeChecker, misjudged, writeTypeSamples } from './support/typecheck.js';

const SEED = 20261126;
/** Valid payloads per event, and mutated ones (of which the type-visible are kept). */
const PER_EVENT = 25;
const TMP = resolve('test/.tmp/type-samples');

const CASES: readonly (readonly [string, string, string])[] = [
  ['flokit', 'taxonomy/flokit.yaml', 'generated/types.js'],
  ...readdirSync('test/fixtures/valid').map((name): [string, string, string] => [name, `test/fixtures/valid/${name}/taxonomy.yaml`, `test/fixtures/valid/${name}/expected/types.js`]),
];

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

describe('generated types versus sampled payloads', () => {
  it('accept every valid payload and refuse every type-visible violation', () => {
    rmSync(TMP, { recursive: true, force: true });
    mkdirSync(TMP, { recursive: true });
    const samples = CASES.flatMap(([name, path, types]) => {
      const { taxonomy, diagnostics } = loadTaxonomy(path);
      expect(diagnostics).toEqual([]);
      if (taxonomy === undefined) return [];
      return writeTypeSamples(join(TMP, `${name}.ts`), relative(TMP, resolve(types)).split('\\').join('/'), taxonomy, taxonomy.events, SEED, PER_EVENT);
    });
    const errors = createTypeChecker()([...new Set(samples.map((s) => s.file))]);
    expect(misjudged(samples, errors)).toEqual([]);
    expect(samples.filter((s) => s.mustCompile).length).toBeGreaterThan(500);
    expect(samples.filter((s) => !s.mustCompile).length).toBeGreaterThan(300);
  }, 120_000);
});
