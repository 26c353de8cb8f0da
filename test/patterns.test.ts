// Simple patterns (`^[A-Z]{3}$`, `^[0-9a-f]{64}$`, ...) are checked by character codes in the
// generated validators (src/emit/validators.ts, simplePattern): the verdict must be the regular
// expression's, with the `u` flag ajv uses, for every string; anything else stays a RegExp.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patternFunction, simplePattern } from '../src/emit/validators.js';

/** The emitted function itself, run as JavaScript (its one type annotation removed). */
function compiled(pattern: string): (s: string) => boolean {
  const simple = simplePattern(pattern);
  if (simple === undefined) throw new Error(`not simple: ${pattern}`);
  const source = patternFunction('$pat_0', pattern, simple).join('\n').replace('($s: string): boolean', '($s)');
  expect(source).not.toContain(': ');
  return new Function(`${source}\nreturn $pat_0;`)() as (s: string) => boolean;
}

const SIMPLE = ['^[A-Z]{2}$', '^[A-Z]{3}$', '^[0-9a-f]{64}$', '^[a-z0-9_]+$', '^[A-Za-z0-9_-]*$', '^[-a-z]{1,3}$', '^[a-]{0,2}$', '^[0-9]{2,}$', '^[0-z]{1,4}$', '^[x]{0}$', '^[a-c]{0,}$'];
const NOT_SIMPLE = ['^[a-z]{2}(-[A-Z]{2})?$', '^[a-z-_]{1,3}$', '^[z-a]{2}$', '^[a-z]{3,1}$', '[A-Z]{3}', '^[A-Z]{3}', '^[^a-z]+$', '^[\\d]+$', '^[a-z]{3}$|x', '^[é]+$', '^[--z]+$', '^[_-a]+$', '^[a-z]{1234567890}$'];

// Characters at the edges of every range, outside ASCII, astral and lone surrogates.
const ALPHABET = ['', 'A', 'Z', '@', '[', 'a', 'c', 'f', 'g', 'z', '`', '{', '0', '9', '/', ':', '_', '-', 'x', 'é', '😀', '\ud83d', '\n', ' '];

describe('simple patterns by character codes', () => {
  it.each(NOT_SIMPLE)('%s stays a regular expression', (pattern) => {
    expect(simplePattern(pattern)).toBeUndefined();
  });

  it.each(SIMPLE)('%s gives the regular expression’s verdict', (pattern) => {
    const regex = new RegExp(pattern, 'u');
    const check = compiled(pattern);
    // Every string of up to three characters from the alphabet, then random strings of any length.
    const strings = ALPHABET.flatMap((a) => ALPHABET.flatMap((b) => ALPHABET.map((c) => a + b + c)));
    expect(strings.filter((s) => check(s) !== regex.test(s))).toEqual([]);
    expect(strings.some((s) => regex.test(s)) || pattern === '^[0-9a-f]{64}$').toBe(true);
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: fc.constantFrom(...ALPHABET.filter((c) => c !== '')), maxLength: 70 }), fc.string({ unit: 'binary', maxLength: 70 })), (s) => {
        expect(check(s)).toBe(regex.test(s));
      }),
      { numRuns: 2000, seed: 20261127 },
    );
    expect(check('f'.repeat(64))).toBe(regex.test('f'.repeat(64)));
  });
});
