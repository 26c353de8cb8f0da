// Table-driven tests of the loader's small rule modules: YAML 1.1 readings, pattern safety, suggestions.
import { describe, expect, it } from 'vitest';
import { closestMatch, formatDiagnostic, visible } from '../src/diagnostics.js';
import { checkPattern } from '../src/load/pattern-safety.js';
import { yaml11Reading } from '../src/load/yaml11.js';

describe('yaml11Reading', () => {
  it.each([
    ['yes', 'a boolean'], ['No', 'a boolean'], ['ON', 'a boolean'], ['off', 'a boolean'], ['y', undefined], ['n', undefined],
    ['~', 'null'], ['null', 'null'], ['', 'null'],
    ['0', 'an integer'], ['012', 'an integer'], ['0x1F', 'an integer'], ['0b101', 'an integer'], ['1_000', 'an integer'], ['1:30', 'an integer'], ['-7', 'an integer'],
    ['1.0', 'a number'], ['.5', 'a number'], ['1e5', 'a number'], ['.inf', 'a number'], ['.NaN', 'a number'], ['6.8523015e+5', 'a number'],
    ['2024-03-15', 'a date'], ['2001-12-14t21:59:43.10-05:00', 'a date'], ['2001-12-14 21:59:43.10 -5', 'a date'],
    ['paywall_viewed', undefined], ['yes_please', undefined], ['1.0.0', undefined], ['3ds_challenge', undefined], ['US', undefined], ['NO_SUCH', undefined],
  ])('%j → %s', (source, reading) => {
    expect(yaml11Reading(source)).toBe(reading);
  });
});

describe('checkPattern', () => {
  it.each(['^[A-Z]{2}$', '^[a-z0-9_]+$', '^(\\d+\\.)*\\d+$', '^[^@]+@[^@]+$', '^(?:ab|cd)+$', '^\\p{Lu}', '(a|b)*c', '^(a+b)+$', 'x{2,}y', '^([a-z]+-)*[a-z]+$', '^(\\d+,)*\\d+$', '([a-z]|[0-9])+'])('accepts %j', (pattern) => {
    expect(checkPattern(pattern)).toBeUndefined();
  });

  it.each(['(a+)+$', '(a*)*', '^(\\w+\\s?)*$', '(a|a)*', '((ab)*)+', '(?:x+y?)+z', '(a{1,}){2,}', '(x+x+)+y', '(\\w|\\d)+$', '(\\d+\\d*)+', '(.|a)*b', '^(?:a|a?)+$', '^(a|aa)+$', '^(.*,)*$', '(ab|ac)+', '^(\\s*,\\s*)+$'])('refuses %j as unsafe', (pattern) => {
    expect(checkPattern(pattern)?.code).toBe('unsafe-pattern');
  });

  it.each([
    ['([a-z', 'Unterminated character class'],
    ['a{2,1}', 'numbers out of order in {} quantifier'],
    ['\\p{NotAProperty}', 'Invalid property name'],
    ['(?<n>a)(?<n>b)', 'Duplicate capture group name'],
    ['\\p{Script=Kawi}', 'newer than ES2022'],
    ['\\q', 'Invalid escape'],
  ])('refuses %j: %s', (pattern, reason) => {
    const problem = checkPattern(pattern);
    expect(problem?.code).toBe('invalid-pattern');
    expect(problem?.message).toContain(reason);
  });
});

describe('closestMatch', () => {
  it.each([
    ['requierd', ['required', 'nullable'], 'required'],
    ['requried', ['required', 'nullable'], 'required'],
    ['desciption', ['description', 'deprecated'], 'description'],
    ['Type', ['type', 'pii'], 'type'],
    ['emial', ['email', 'uri', 'date'], 'email'],
    ['completely_different', ['type', 'pii'], undefined],
  ] as const)('%s → %s', (word, candidates, expected) => {
    expect(closestMatch(word, candidates)).toBe(expected);
  });
});

describe('diagnostic text', () => {
  it('shows invisible characters instead of printing them', () => {
    expect(visible('a\u202Eb\u200Bc\u0007')).toBe('a\\u{202E}b\\u{200B}c\\u{7}');
  });

  it('formats as file:line:col with the hint on its own line', () => {
    expect(formatDiagnostic({ code: 'unknown-keyword', message: 'unknown keyword `x`', file: 't.yaml', line: 3, column: 5, hint: 'did you mean `y`?' })).toBe(
      't.yaml:3:5 error unknown-keyword: unknown keyword `x`\n  hint: did you mean `y`?',
    );
  });
});
