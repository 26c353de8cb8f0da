// Pattern checks: a taxonomy `pattern` must compile as an ECMAScript regular expression in unicode
// mode (how ajv and our generated validators run it) and must not backtrack catastrophically.
// In: the pattern text. Out: a problem, or undefined.
import { RegExpParser } from '@eslint-community/regexpp';
import type { Alternative, Element } from '@eslint-community/regexpp/ast';

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
  const ast = new RegExpParser({ ecmaVersion: 2022 }).parsePattern(source, 0, source.length, { unicode: true });
  const culprit = findAmbiguousRepeat(ast.alternatives);
  return culprit === undefined
    ? undefined
    : {
        code: 'unsafe-pattern',
        message: `\`${culprit}\` repeats something that can itself repeat in more than one way, which backtracks exponentially on a near-miss`,
      };
}

/**
 * The star-height rule, refined to avoid false alarms: an unbounded repetition is refused when one
 * of its alternatives is an unbounded repetition with nothing mandatory beside it (`(a+)+`,
 * `(\w*x?)*`), or two of its alternatives are the same (`(a|a)*`). `(\d+\.)*` stays allowed: the
 * mandatory `.` fixes where each round ends.
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
    if (element.max === Infinity && 'alternatives' in inner) {
      const raws = inner.alternatives.map((a) => a.raw);
      if (new Set(raws).size < raws.length || inner.alternatives.some(repeatsFreely)) return element.raw;
    }
    return 'alternatives' in inner ? findAmbiguousRepeat(inner.alternatives) : undefined;
  }
  if (element.type === 'Group' || element.type === 'CapturingGroup' || element.type === 'Assertion') {
    return 'alternatives' in element ? findAmbiguousRepeat(element.alternatives) : undefined;
  }
  return undefined;
}

function repeatsFreely(alternative: Alternative): boolean {
  return alternative.elements.some(
    (element, i) => isFreeRepeat(element) && alternative.elements.every((other, j) => j === i || canMatchEmpty(other)),
  );
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
