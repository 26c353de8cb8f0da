// Pattern checks: a taxonomy `pattern` must compile as an ECMAScript regular expression in unicode
// mode (how ajv and our generated validators run it) and must not backtrack catastrophically.
// In: the pattern text. Out: a problem, or undefined.
import { createRequire } from 'node:module';
import type { Alternative, Element } from '@eslint-community/regexpp/ast';

let regexppModule: typeof import('@eslint-community/regexpp') | undefined;

/** The regular-expression parser, loaded on first use: only taxonomies with patterns need it. */
function regexpp(): typeof import('@eslint-community/regexpp') {
  regexppModule ??= createRequire(import.meta.url)('@eslint-community/regexpp') as typeof import('@eslint-community/regexpp');
  return regexppModule;
}

export interface PatternProblem {
  readonly code: 'invalid-pattern' | 'unsafe-pattern';
  readonly message: string;
}

export function checkPattern(source: string): PatternProblem | undefined {
  try {
    new RegExp(source, 'u');
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /s, '');
    return { code: 'invalid-pattern', message: `pattern is not a valid regular expression (unicode mode): ${reason}` };
  }
  let ast;
  try {
    // ES2022 is what every supported runtime (Node 18+, current browsers, edge runtimes) parses; a
    // newer construct would make the generated module throw at load time on an older one.
    ast = new (regexpp().RegExpParser)({ ecmaVersion: 2022 }).parsePattern(source, 0, source.length, { unicode: true });
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /s, '');
    return { code: 'invalid-pattern', message: `pattern uses syntax newer than ES2022, which not every runtime accepts: ${reason}` };
  }
  const culprit = findAmbiguousRepeat(ast.alternatives);
  return culprit === undefined
    ? undefined
    : {
        code: 'unsafe-pattern',
        message: `\`${culprit}\` repeats something that can match the same text in more than one way, which backtracks exponentially on a near-miss`,
      };
}

/**
 * A heuristic, not a proof: an unbounded repetition is refused when its body can split the same text
 * in two ways, i.e. when one of its alternatives
 *  - is an unbounded repetition with nothing mandatory beside it (`(a+)+`, `(\w*x?)*`),
 *  - holds two unbounded single-character repetitions that overlap, side by side (`(x+x+)+`),
 *  - holds an unbounded repetition that can also match what must follow it in the same round
 *    (`(.*,)*`: the `.*` can eat the `,`), or ends and starts with overlapping unbounded
 *    repetitions, so rounds can split between them in many ways (`(\s*,\s*)+`),
 *  - or overlaps another alternative: the same text twice (`(a|a)*`), or first characters both can
 *    match (`(\w|\d)+`, `(a|aa)+`, `(a|a?)+`).
 * `(\d+\.)*` stays allowed: the mandatory `.` fixes where each round ends. Alternatives that start
 * alike (`(ab|ac)+`) are refused too, a false alarm that `(a[bc])+` avoids.
 */
function findAmbiguousRepeat(alternatives: readonly Alternative[]): string | undefined {
  for (const alternative of alternatives) {
    for (const element of alternative.elements) {
      const found = checkElement(element);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function checkElement(element: Element): string | undefined {
  if (element.type === 'Quantifier') {
    const inner = element.element;
    if (element.max === Infinity && 'alternatives' in inner && ambiguousBody(inner.alternatives)) return element.raw;
    return 'alternatives' in inner ? findAmbiguousRepeat(inner.alternatives) : undefined;
  }
  if (element.type === 'Group' || element.type === 'CapturingGroup' || element.type === 'Assertion') {
    return 'alternatives' in element ? findAmbiguousRepeat(element.alternatives) : undefined;
  }
  return undefined;
}

function ambiguousBody(alternatives: readonly Alternative[]): boolean {
  const raws = alternatives.map((a) => a.raw);
  if (new Set(raws).size < raws.length) return true;
  if (alternatives.some((a) => repeatsFreely(a) || adjacentOverlappingRepeats(a) || repeatEatsSeparator(a) || roundsOverlap(a))) return true;
  const firsts = alternatives.map(firstCharacter);
  return firsts.some((a, i) => a !== undefined && firsts.some((b, j) => j > i && b !== undefined && overlap(a, b)));
}

/** `(\s*,\s*)+`: the repetition ending one round and the one starting the next take the same characters. */
function roundsOverlap(alternative: Alternative): boolean {
  const elements = alternative.elements;
  if (elements.length < 2) return false;
  const repeated = (element: Element | undefined): RegExp | undefined =>
    element?.type === 'Quantifier' && element.max === Infinity ? singleCharacter(element.element as Element) : undefined;
  const first = repeated(elements[0]);
  const last = repeated(elements[elements.length - 1]);
  return first !== undefined && last !== undefined && overlap(first, last);
}

/** `.*,`: an unbounded repetition followed by a mandatory character it can also match. */
function repeatEatsSeparator(alternative: Alternative): boolean {
  const elements = alternative.elements;
  return elements.some((element, i) => {
    const repeated = element.type === 'Quantifier' && element.max === Infinity ? singleCharacter(element.element as Element) : undefined;
    if (repeated === undefined) return false;
    const next = elements.slice(i + 1).find((e) => !canMatchEmpty(e));
    const fixed = next === undefined ? undefined : singleCharacter(next);
    return fixed !== undefined && overlap(repeated, fixed);
  });
}

/** What the first character of an alternative can be, when its first element is one character class. */
function firstCharacter(alternative: Alternative): RegExp | undefined {
  const first = alternative.elements[0];
  if (first === undefined) return undefined;
  return first.type === 'Quantifier' ? singleCharacter(first.element as Element) : singleCharacter(first);
}

function repeatsFreely(alternative: Alternative): boolean {
  return alternative.elements.some(
    (element, i) => isFreeRepeat(element) && alternative.elements.every((other, j) => j === i || canMatchEmpty(other)),
  );
}

/** `x+x+` or `\d+\d*`: two unbounded repetitions of overlapping characters with nothing fixed between. */
function adjacentOverlappingRepeats(alternative: Alternative): boolean {
  let previous: RegExp | undefined;
  for (const element of alternative.elements) {
    const repeated = element.type === 'Quantifier' && element.max === Infinity ? singleCharacter(element.element as Element) : undefined;
    if (repeated !== undefined) {
      if (previous !== undefined && overlap(previous, repeated)) return true;
      previous = repeated;
    } else if (!canMatchEmpty(element)) {
      previous = undefined;
    }
  }
  return false;
}

function isFreeRepeat(element: Element): boolean {
  if (element.type === 'Quantifier') return element.max === Infinity || isFreeRepeat(element.element as Element);
  if (element.type === 'Group' || element.type === 'CapturingGroup') return element.alternatives.some(repeatsFreely);
  return false;
}

function canMatchEmpty(element: Element): boolean {
  switch (element.type) {
    case 'Quantifier':
      return element.min === 0 || canMatchEmpty(element.element as Element);
    case 'Assertion':
    case 'Backreference':
      return true;
    case 'Group':
    case 'CapturingGroup':
      return element.alternatives.some((a) => a.elements.every(canMatchEmpty));
    default:
      return false;
  }
}

/** A matcher for one character, when the alternative or element is exactly one character class. */
function singleCharacter(node: Alternative | Element): RegExp | undefined {
  const element = node.type === 'Alternative' ? (node.elements.length === 1 ? node.elements[0] : undefined) : node;
  if (element === undefined) return undefined;
  if (element.type === 'Character' || element.type === 'CharacterClass' || element.type === 'CharacterSet') {
    return new RegExp(`^(?:${element.raw})$`, 'u');
  }
  return undefined;
}

// Characters that stand for their classes: ASCII, and a letter, digit, space and symbol beyond it.
const SAMPLES: readonly string[] = [
  ...Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)),
  'é', 'Ж', '中', '٣', '\u00A0', '\u2028', '🎉', 'ﬀ',
];

function overlap(a: RegExp, b: RegExp): boolean {
  return SAMPLES.some((c) => a.test(c) && b.test(c));
}
