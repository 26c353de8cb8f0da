// The generated validators.ts is printed already formatted (src/emit/validators.ts, through the code
// writer src/emit/writer.ts): prettier, with the project's options, leaves it byte for byte as it
// is, for every golden fixture, the corpus (the largest on a spread of its code), the fuzz
// regressions, a sample of random hostile taxonomies from the fuzz arbitrary, and taxonomies built
// to sit on the 100-column boundary (names and values of every length up to the limits, quotes,
// backslashes, wide, combining and invisible characters, huge and negative numbers, deep nesting).
// And a line over 100 columns is a comment, or over because of one token prettier cannot break.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import * as prettier from 'prettier';
import { afterAll, describe, expect, it } from 'vitest';
import { emitValidators } from '../src/emit/validators.js';
import { loadTaxonomy } from '../src/index.js';
import type { Taxonomy } from '../src/model/ir.js';
import { taxonomyCase } from './support/taxonomy-arbitrary.js';

const OPTIONS = { parser: 'typescript', printWidth: 100, singleQuote: true, trailingComma: 'all', semi: true } as const;
const TMP = resolve('test/.tmp/validators-prettier');
const SEED = 20261205;

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function load(path: string): Taxonomy | undefined {
  const { taxonomy, diagnostics } = loadTaxonomy(path);
  return diagnostics.length === 0 ? taxonomy : undefined;
}

/** The IR of a taxonomy text; with `valid`, a refusal fails the test with the loader's diagnostics. */
function loadText(name: string, yaml: string, valid = false): Taxonomy | undefined {
  mkdirSync(TMP, { recursive: true });
  const path = join(TMP, `${name}.yaml`);
  writeFileSync(path, yaml);
  const { taxonomy, diagnostics } = loadTaxonomy(path);
  if (valid) expect(diagnostics.map((d) => d.message)).toEqual([]);
  return diagnostics.length === 0 ? taxonomy : undefined;
}

/** The first lines where prettier's print differs from ours, to read in a failure. */
function firstDifference(ours: string, theirs: string): string {
  const a = ours.split('\n');
  const b = theirs.split('\n');
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return [`line ${i + 1}, ours:`, ...a.slice(Math.max(0, i - 2), i + 6), 'prettier:', ...b.slice(Math.max(0, i - 2), i + 6)].join('\n');
}

/**
 * The source in pieces of whole top-level statements (split at blank lines before an unindented
 * line), each ending with a newline: prettier prints top-level statements one by one and keeps one
 * blank line between them, so each piece formats as it does inside the whole file, and prettier's
 * time, which grows faster than the file (a minute for the 2,000-event corpus in one piece), stays
 * linear.
 */
function pieces(source: string, size = 50_000): string[] {
  const out: string[] = [];
  let piece = '';
  for (const block of source.slice(0, -1).split(/\n\n(?=\S)/)) {
    piece = piece === '' ? block : `${piece}\n\n${block}`;
    if (piece.length >= size) {
      out.push(`${piece}\n`);
      piece = '';
    }
  }
  if (piece !== '') out.push(`${piece}\n`);
  expect(out.join('\n')).toBe(source);
  return out;
}

/** A line over the print width is over because of one token prettier cannot break: a long string literal or taxonomy-made name. */
function overWidth(line: string): boolean {
  if (prettier.util.getStringWidth(line) <= 100 || /^\s*\/\//.test(line)) return false;
  const tokens = line.match(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[\p{L}\p{N}_$]+/gu) ?? [];
  const longest = tokens.reduce((a, b) => (b.length > a.length ? b : a), '');
  return prettier.util.getStringWidth(line.replace(longest, '')) > 60;
}

/**
 * prettier leaves the taxonomy's validators.ts as it is. A module over 2 MB (the 2,000-event corpus:
 * 12 MB, a minute of prettier) is checked on its first piece (imports, patterns, shared types) and a
 * spread of a tenth of the rest, as test/corpus.slow.test.ts checks it on a spread of its events.
 */
async function expectFormatted(taxonomy: Taxonomy): Promise<void> {
  const source = emitValidators(taxonomy);
  const stride = source.length > 2_000_000 ? 10 : 1;
  for (const piece of pieces(source).filter((_, i) => i % stride === 0)) {
    const formatted = await prettier.format(piece, OPTIONS);
    if (formatted !== piece) expect.fail(firstDifference(piece, formatted));
  }
  expect(source.split('\n').filter(overWidth)).toEqual([]);
}

const dirs = (root: string): string[] => readdirSync(root).sort().map((d) => `${root}/${d}/taxonomy.yaml`);

describe('generated validators.ts is prettier-formatted', () => {
  it.each(dirs('test/fixtures/valid'))('golden fixture %s', async (path) => {
    await expectFormatted(load(path) as Taxonomy);
  });

  // The 2,000-event corpus is the slow tier's: test/corpus.slow.test.ts runs prettier --check on
  // every generated .ts file of it (and of the others), whole.
  it.each(dirs('test/fixtures/corpus').filter((path) => !path.includes('/large-2000/')))('corpus %s', async (path) => {
    await expectFormatted(load(path) as Taxonomy);
  });

  it.each(readdirSync('test/fixtures/fuzz-regressions').filter((f) => f.endsWith('.yaml')).sort())('fuzz regression %s', async (file) => {
    await expectFormatted(load(`test/fixtures/fuzz-regressions/${file}`) as Taxonomy);
  });

  it('random hostile taxonomies from the fuzz arbitrary', async () => {
    // A sample: the slow tier's fuzz run checks every generated file of 300 such taxonomies with prettier.
    const cases = fc.sample(taxonomyCase, { seed: SEED, numRuns: 50 });
    let accepted = 0;
    for (const [i, c] of cases.entries()) {
      const taxonomy = loadText(`fuzz-${i}`, c.yaml);
      if (taxonomy === undefined) continue;
      accepted++;
      await expectFormatted(taxonomy);
    }
    expect(accepted).toBeGreaterThan(20); // 31 of these 50
  }, 120_000);

  // Every length of name and value around where a line reaches 100 columns, with the characters
  // that change how a literal is quoted or measured.
  const FILLS = ['a', "'", '"', '\\', '注', 'é', '🎉', 'e\u0301', '\u200b', '🇺🇸'];
  // Emoji sequences prettier measures as one emoji, 2 columns, and src/emit/text-width.ts as the sum
  // of their characters (👍🏽: 4, ❤️ and 1️⃣: 1): lines near the boundary are broken where prettier
  // does not break them. Known, in text-width.ts; these cases pass once it measures as prettier does.
  const SEQUENCES = ['👍🏽', '❤️', '1️⃣'];
  // `n` UTF-16 units of whole fills (an emoji sequence is never cut), topped up with `x`.
  const text = (fill: string, n: number): string => 'x'.repeat(Math.max(0, n) % fill.length) + fill.repeat(Math.floor(Math.max(0, n) / fill.length)) || 'x';
  const yamlString = (s: string): string => JSON.stringify(s);

  const boundary = async (fill: string): Promise<void> => {
    // Names are made of letters (the loader refuses other names), values of the fill.
    const letter = /^\p{L}\p{M}*$/u.test(fill) ? fill : 'a';
    let accepted = 0;
    // Every length with ASCII, every third with the rest: each length moves every line it is on by one.
    const lengths = Array.from({ length: 128 }, (_, i) => i + 1).filter((n) => fill === 'a' || n % 3 === 0);
    for (const n of lengths) {
      const name = `p${text(letter, n - 2)}`;
      const value = text(fill, n);
      const yaml = [
        'taxonomy: boundary',
        'version: 1.0.0',
        'events:',
        `  ${yamlString(`e${text('x', n % 60)}`)}:`,
        '    properties:',
        `      ${yamlString(name)}:`,
        '        type: string',
        `        enum: [${yamlString(value)}, ${yamlString(`${value}2`)}, "b"]`,
        '        required: true',
        '      nested:',
        '        type: array',
        '        items:',
        '          type: object',
        '          properties:',
        `            ${yamlString(name)}:`,
        '              type: string',
        `              const: ${yamlString(value)}`,
        '              nullable: true',
        '            n:',
        '              type: number',
        `              enum: [-1.5e-3, 1.5e-300, -0, 5e-324, 0.1, ${n}]`,
        `            ${yamlString(`q${name}`)}:`,
        '              type: integer',
        `              minimum: -${n}000000000`,
        '              maximum: 9007199254740990',
        '              nullable: true',
      ].join('\n');
      const taxonomy = loadText(`boundary-${FILLS.indexOf(fill)}-${n}`, `${yaml}\n`, fill !== '\u200b');
      if (taxonomy === undefined) continue; // values the loader refuses: invisible characters
      accepted++;
      await expectFormatted(taxonomy);
    }
    expect(accepted).toBe(fill === '\u200b' ? 0 : lengths.length);
  };

  it.each(FILLS)('enum and const values, property names of every length (fill %j)', boundary, 120_000);

  it.each(SEQUENCES)('enum and const values of every length (emoji sequence %j): measured as prettier does', boundary, 120_000);

  it('deep nesting and long names at every depth', async () => {
    for (let n = 30; n <= 128; n += 7) {
      const name = 'n'.repeat(n - 2);
      // A property `depth` levels deep, objects and arrays in turn, a shared type's reference at each level.
      const definition = (depth: number, pad: string): string[] =>
        depth === 0 ? [`${pad}type: string`, `${pad}pattern: "^[a-z]+$"`, `${pad}minLength: 2`, `${pad}maxLength: 9`, `${pad}nullable: true`]
        : depth % 2 === 0 ? [`${pad}type: object`, `${pad}nullable: true`, `${pad}properties:`, `${pad}  ${name}r${depth}: ${'T'.repeat(n)}`, `${pad}  ${name}${depth}:`, `${pad}    required: true`, ...definition(depth - 1, `${pad}    `)]
        : [`${pad}type: array`, `${pad}nullable: true`, `${pad}uniqueItems: true`, `${pad}items:`, ...definition(depth - 1, `${pad}  `)];
      // A simple pattern whose character-code test is too long for a line; another one a regex.
      const patterns = ['      long_class:', '        type: string', '        pattern: "^[a-km-z0-9_ACEGIKMOQSUWY-]{1,64}$"', '      regex:', '        type: string', `        pattern: "^(${'x'.repeat(n)})?[a-z]+$"`];
      const lines = ['taxonomy: deep', 'version: 1.0.0', 'types:', `  ${'T'.repeat(n)}:`, '    type: string', '    pattern: "^[A-Za-z0-9_-]{2,64}$"', '    nullable: true', 'events:', `  ${'E'.repeat(n)}:`, '    properties:', ...patterns, `      ${name}:`, ...definition(7, '        ')];
      await expectFormatted(loadText(`deep-${n}`, `${lines.join('\n')}\n`, true) as Taxonomy);
    }
  }, 120_000);
});
