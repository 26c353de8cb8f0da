// The emission memo (`watch`) never changes a byte: a run that joins pieces kept from earlier runs
// gives exactly what a run without a memo gives. Each taxonomy goes through a series of edits made on
// its IR, chosen to move what the pieces' names depend on: events reordered (client names hold an
// event's index; pattern checkers are named in order of first use), events dropped, shared types
// reordered (their checkers may be named by index), an edited description, and back to the start.
// Fixtures, the corpus, and random taxonomies from the fuzz arbitrary. The output memory writes and
// hashes as a run without it does, and notices files changed behind its back.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { EmitMemo, generate, loadTaxonomy, OutputMemory, withManifest, writeFiles, type Taxonomy } from '../src/index.js';
import { taxonomyCase } from './support/taxonomy-arbitrary.js';

/** Edits of one IR, in the order a watch session would see them. */
function edits(taxonomy: Taxonomy): Taxonomy[] {
  const { events, types } = taxonomy;
  const middle = Math.floor(events.length / 2);
  const described = events.map((e, i) => (i === middle ? { ...e, description: `${e.description ?? ''} (edited)` } : e));
  return [
    taxonomy,
    { ...taxonomy, events: described },
    { ...taxonomy, events: [...events].reverse() },
    { ...taxonomy, events: events.slice(1) },
    { ...taxonomy, types: [...types].reverse() },
    { ...taxonomy, events: [...events.slice(middle), ...events.slice(0, middle)] },
    { ...taxonomy, version: `${taxonomy.version}-next` },
    taxonomy,
  ];
}

function expectSameAsWithoutMemo(taxonomy: Taxonomy): void {
  const memo = new EmitMemo();
  for (const [i, version] of edits(taxonomy).entries()) {
    const joined = generate(version, { memo });
    const fresh = generate(version);
    expect(joined.map((f) => f.path), `edit ${i}`).toEqual(fresh.map((f) => f.path));
    for (const [j, file] of joined.entries()) expect(file.contents, `edit ${i}: ${file.path}`).toBe(fresh[j]?.contents);
  }
}

function load(path: string): Taxonomy {
  const { taxonomy, diagnostics } = loadTaxonomy(path);
  expect(diagnostics).toEqual([]);
  if (taxonomy === undefined) throw new Error(`${path} does not load`);
  return taxonomy;
}

const FIXTURES = readdirSync('test/fixtures/valid').map((name) => `test/fixtures/valid/${name}/taxonomy.yaml`);
// large-2000 is the corpus's size test: 16 generations of it would take half a minute, and it holds
// nothing the other corpus taxonomies and the fixtures do not.
const CORPUS = readdirSync('test/fixtures/corpus')
  .filter((name) => !name.startsWith('large-'))
  .map((name) => `test/fixtures/corpus/${name}`);

describe('the emission memo', () => {
  it.each([...FIXTURES, 'taxonomy/flokit.yaml'])('gives the bytes of a run without it, edit after edit: %s', (path) => {
    expectSameAsWithoutMemo(load(path));
  });

  it.each(CORPUS)('gives the bytes of a run without it on the corpus: %s', (path) => {
    expectSameAsWithoutMemo(load(path));
  });

  const dir = mkdtempSync(join(tmpdir(), 'flokit-memo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the bytes of a run without it on random taxonomies (fuzz arbitrary, seeded)', () => {
    let reached = 0;
    fc.assert(
      fc.property(taxonomyCase, (c) => {
        const path = join(dir, 'taxonomy.yaml');
        writeFileSync(path, c.yaml);
        const { taxonomy } = loadTaxonomy(path);
        if (taxonomy === undefined) return;
        reached++;
        expectSameAsWithoutMemo(taxonomy);
      }),
      { seed: 20261205, numRuns: 60 },
    );
    expect(reached).toBeGreaterThan(15);
  });

  it('keeps one taxonomy’s worth: pieces a run did not use are dropped', () => {
    const taxonomy = load('taxonomy/flokit.yaml');
    const memo = new EmitMemo();
    let computed = 0;
    const piece = (key: string): string => memo.get(key, () => `${key}:${++computed}`);
    expect([piece('a'), piece('b')]).toEqual(['a:1', 'b:2']);
    memo.endRun();
    expect(piece('a')).toBe('a:1');
    memo.endRun();
    // `b` was not used by the last run: computed again.
    expect(piece('b')).toBe('b:3');
    // A stored piece the caller refuses is computed again.
    expect(memo.get('b', () => 'fresh', () => false)).toBe('fresh');
    expect(generate(taxonomy, { memo }).length).toBe(generate(taxonomy).length);
  });
});

describe('the output memory (watch)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flokit-output-memory-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes and hashes as a run without it does, and repairs a file changed or removed behind its back', () => {
    const out = join(dir, 'out');
    const loaded = loadTaxonomy('taxonomy/flokit.yaml');
    const files = generate(loaded.taxonomy as Taxonomy);
    const memory = new OutputMemory();
    const manifested = withManifest(out, files, loaded.sources, { memory });
    expect(manifested).toEqual(withManifest(out, files, loaded.sources));
    expect(writeFiles(out, manifested, memory).written.length).toBe(manifested.length);
    expect(writeFiles(out, manifested, memory).written).toEqual([]);
    // Same size, other bytes: the modification time tells.
    const types = join(out, 'types.ts');
    const original = readFileSync(types, 'utf8');
    writeFileSync(types, original.replace('export', 'EXPORT'));
    rmSync(join(out, 'client.ts'));
    expect([...writeFiles(out, manifested, memory).written].sort()).toEqual(['client.ts', 'types.ts']);
    expect(readFileSync(types, 'utf8')).toBe(original);
    expect(writeFiles(out, manifested, memory).written).toEqual([]);
  });
});
