// The fast printer of declarations (src/emit/format-fast.ts) against prettier, the reference: for
// every declaration it prints, the bytes must be prettier's. Checked on every declaration of the
// bundled taxonomy, the golden fixtures and the corpus, and on generated declarations built to sit
// around the print width (long unions, arrays of unions, nesting, nullable objects, JSDoc). The
// fuzz test (test/support/fuzz.ts) checks the same on every taxonomy it generates.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy, type Taxonomy } from '../src/index.js';
import { commentText } from '../src/emit/comment.js';
import { declareAll, type NamedSchema } from '../src/emit/declare.js';
import { formatChunk, formatWithPrettier } from '../src/emit/format.js';
import { formatFast } from '../src/emit/format-fast.js';
import type { SchemaObject } from '../src/emit/json-schema.js';
import { typeDeclarations } from '../src/emit/types.js';

function load(path: string): Taxonomy {
  const { taxonomy, diagnostics } = loadTaxonomy(path);
  expect(diagnostics).toEqual([]);
  return taxonomy as Taxonomy;
}

/** Raw declarations, prettier's formatting of them, and the fast printer's (undefined: not handled). */
async function compare(items: readonly NamedSchema[]): Promise<{ raw: string[]; prettier: string[]; fast: (string | undefined)[] }> {
  const raw = await declareAll(items);
  return { raw, prettier: await formatWithPrettier(raw), fast: raw.map(formatFast) };
}

function mismatches({ raw, prettier, fast }: Awaited<ReturnType<typeof compare>>): string[] {
  return raw.flatMap((r, i) => (fast[i] === undefined || fast[i] === prettier[i] ? [] : [`${r}\n--- prettier:\n${prettier[i] ?? ''}\n--- fast:\n${fast[i] ?? ''}`]));
}

const FIXTURES = readdirSync('test/fixtures/valid')
  .filter((name) => existsSync(join('test/fixtures/valid', name, 'taxonomy.yaml')))
  .map((name) => join('test/fixtures/valid', name, 'taxonomy.yaml'));
const TAXONOMIES = ['taxonomy/flokit.yaml', ...FIXTURES, ...['ecommerce', 'b2b', 'wide-300'].map((name) => `test/fixtures/corpus/${name}/taxonomy.yaml`)];

describe('the fast printer gives prettier’s bytes', () => {
  it.each(TAXONOMIES)('for every declaration of %s', async (path) => {
    const result = await compare(typeDeclarations(load(path)));
    expect(mismatches(result)).toEqual([]);
    // It must do the work, not hand everything to prettier: only hostile text (quoted keys,
    // characters outside printable ASCII, escapes) is left to prettier.
    const handled = result.fast.filter((f) => f !== undefined).length;
    if (!path.includes('hostile')) expect(handled).toBe(result.raw.length);
    else expect(handled).toBeGreaterThan(0);
  });

  it('for the 2,000-event corpus taxonomy, a spread of its declarations', async () => {
    const all = typeDeclarations(load('test/fixtures/corpus/large-2000/taxonomy.yaml'));
    const result = await compare(all.filter((_, i) => i % 20 === 0 || i >= all.length - 3));
    expect(mismatches(result)).toEqual([]);
    expect(result.fast.every((f) => f !== undefined)).toBe(true);
  });

  // Declarations shaped like the ones types.ts asks for, with names and values whose lengths put
  // lines just under, at and over the print width at every nesting depth.
  const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,30}$/);
  // Property names, sometimes long enough that a member's line cannot fit whatever its type.
  const key = fc.oneof({ weight: 4, arbitrary: word }, { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{60,110}$/) });
  const description = fc.option(
    fc.array(fc.stringMatching(/^[ -~]{0,60}$/), { minLength: 1, maxLength: 3 }).map((lines) => commentText(lines.join('\n'))),
    { nil: undefined },
  );
  const leaf: fc.Arbitrary<SchemaObject> = fc.oneof(
    fc.constantFrom<SchemaObject>(
      { type: 'string' },
      { type: 'number' },
      { type: 'boolean' },
      { type: ['string', 'null'] },
      { type: ['integer', 'null'] },
      { tsType: 'SharedType' },
      { tsType: 'Record<string, never>' },
      // A nullable reference to a shared type, and a nullable closed empty object (types.ts).
      { anyOf: [{ tsType: 'SharedType' }, { type: 'null' }] },
      { tsType: '(Record<string, never> | null)' },
    ),
    fc.uniqueArray(word, { minLength: 1, maxLength: 14 }).map((values): SchemaObject => ({ enum: values })),
    fc.tuple(fc.uniqueArray(word, { minLength: 2, maxLength: 10 }), fc.boolean()).map(([values, nullable]): SchemaObject => ({ enum: nullable ? [...values, null] : values })),
    // A lone negative literal becomes a parenthesised tsType in types.ts (jstt would not parse).
    fc.uniqueArray(fc.integer({ min: -5, max: 99 }), { minLength: 1, maxLength: 6 }).map((values): SchemaObject => (values.length === 1 && (values[0] ?? 0) < 0 ? { tsType: `(${values[0] ?? 0})` } : { enum: values })),
    word.map((value): SchemaObject => ({ const: value })),
    // A literal too long for any line.
    fc.stringMatching(/^[a-z]{60,130}$/).map((value): SchemaObject => ({ const: value })),
  );
  const schema: fc.Arbitrary<SchemaObject> = fc.letrec<{ node: SchemaObject; object: SchemaObject }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      leaf.map((items): SchemaObject => ({ type: 'array', items })),
      tie('object'),
      tie('object').map((items): SchemaObject => ({ type: 'array', items })),
      tie('object').map((object): SchemaObject => ({ ...object, type: ['object', 'null'] })),
    ),
    object: fc
      .tuple(fc.uniqueArray(fc.tuple(key, tie('node'), description), { minLength: 1, maxLength: 5, selector: ([name]) => name }), fc.boolean(), fc.boolean())
      .map(([properties, open, requireFirst]): SchemaObject => ({
        type: 'object',
        properties: Object.fromEntries(properties.map(([name, node, text]) => [name, text === undefined ? node : { ...node, description: text }])),
        required: requireFirst ? [properties[0]?.[0] ?? ''] : [],
        additionalProperties: open,
      })),
  })).object;

  it('for generated declarations around the print width', async () => {
    // How often each way of breaking a line came out of the fast printer, so that the test
    // proves it met them all.
    const seen = { declarations: 0, fast: 0, unionPerLine: 0, unionNextLine: 0, arrayOfUnion: 0, nullableObject: 0, objectUnion: 0, aliasUnion: 0 };
    // An interface, an alias of a union of objects (the wire object of an `either` event), or an
    // alias of anything else (a shared type that is not an object).
    const alias = fc.oneof(leaf, leaf.map((items): SchemaObject => ({ type: 'array', items })));
    const declaration = fc.oneof(schema, schema.map((object): SchemaObject => ({ anyOf: [object, { ...object, required: [] }] })), alias);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(declaration, description), { minLength: 1, maxLength: 8 }), async (declarations) => {
        const items = declarations.map(([body, text], i): NamedSchema => ({ name: `Declaration${i}`, schema: text === undefined ? body : { ...body, description: text } }));
        const result = await compare(items);
        expect(mismatches(result)).toEqual([]);
        seen.declarations += items.length;
        for (const text of result.fast.filter((f) => f !== undefined)) {
          seen.fast++;
          if (/:\n +\| /.test(text)) seen.unionPerLine++;
          if (/:\n +[^|\s]/.test(text)) seen.unionNextLine++;
          if (/: \(\n/.test(text)) seen.arrayOfUnion++;
          if (/\} \| null;/.test(text)) seen.nullableObject++;
          if (/=\n {2}\| \{/.test(text)) seen.objectUnion++;
          if (/=\n {2}(\| )?[^{|\s]/.test(text)) seen.aliasUnion++;
        }
      }),
      { numRuns: 300, seed: 20261127 },
    );
    // Most are printed fast; prettier gets the long lines it breaks its own way (a reference or
    // null beside a key of 60 to 110 characters).
    expect(seen.fast).toBeGreaterThan(seen.declarations * 0.6);
    for (const shape of ['unionPerLine', 'unionNextLine', 'arrayOfUnion', 'nullableObject', 'objectUnion', 'aliasUnion'] as const) expect(seen[shape], shape).toBeGreaterThan(20);
  }, 120_000);

  it.each([
    // Found by the fuzz test: prettier keeps a reference beside null on one line, however long.
    ['a long line of a reference or null', { type: 'object', properties: { ['ab'.repeat(55)]: { anyOf: [{ tsType: 'User' }, { type: 'null' }] } }, additionalProperties: true }],
    ['a long line of a generic type or null', { type: 'object', properties: { ['a'.repeat(92)]: { tsType: '(Record<string, never> | null)' } }, additionalProperties: false }],
    // Found by the fuzz test: prettier breaks a long alias after `=`.
    ['a long alias of one literal', { enum: ['ab'.repeat(59)] }],
    ['a quoted key', { type: 'object', properties: { 'two words': { type: 'string' } }, additionalProperties: false }],
    ['a character outside printable ASCII', { type: 'object', properties: { a: { enum: ['é'] } }, additionalProperties: false }],
    ['an escape in a string', { enum: ['say "hi"'] }],
    ['a single quote in a string', { enum: ["it's"] }],
    ['an empty interface', { type: 'object', properties: {}, additionalProperties: false }],
  ] as const)('leaves %s to prettier', async (_, body) => {
    const [raw = ''] = await declareAll([{ name: 'Left', schema: body as SchemaObject }]);
    expect(formatFast(raw)).toBeUndefined();
    expect(await formatChunk([raw])).toEqual(await formatWithPrettier([raw]));
  });

  it('prints a long line prettier cannot break as it is', async () => {
    const [raw = ''] = await declareAll([{ name: 'Long', schema: { type: 'object', properties: { a: { const: 'x'.repeat(120) }, ['b'.repeat(110)]: { type: 'array', items: { tsType: 'SharedType' } } }, additionalProperties: false } }]);
    expect(formatFast(raw)).toBeDefined();
    expect([formatFast(raw)]).toEqual(await formatWithPrettier([raw]));
  });
});
