// The code writer (src/emit/writer.ts) prints what prettier prints. Table cases, openapi-typescript
// style (`[name, { given, want }]`): each `want` is written out, and prettier (the project's options)
// must leave it as it is, so the table is prettier's own output. Literals must also read back as the
// text they were made from. A property test builds random calls, assignments, parameter lists and
// `if` chains around the 100-column boundary, at random depths, and prettier must leave them as
// they are.
import fc from 'fast-check';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { call, type Code, layout, list, literal, numberLiteral, Writer } from '../src/emit/writer.js';

const OPTIONS = { parser: 'typescript', printWidth: 100, singleQuote: true, trailingComma: 'all', semi: true } as const;
const format = (source: string): Promise<string> => prettier.format(source, OPTIONS);

/** `lines`, which sit at `depth` levels of indentation, inside as many blocks. */
function inBlocks(lines: readonly string[], depth: number): string {
  const open = Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}{`);
  const close = Array.from({ length: depth }, (_, i) => `${'  '.repeat(depth - 1 - i)}}`);
  return `${[...open, ...lines, ...close].join('\n')}\n`;
}

async function expectStable(lines: readonly string[], depth = 0): Promise<void> {
  const source = inBlocks(lines, depth);
  expect(await format(source)).toBe(source);
}

const long = (n: number, c = 'a'): string => c.repeat(n);

describe('literal', () => {
  const cases: [string, { given: string; want: string }][] = [
    ['empty', { given: '', want: "''" }],
    ['short', { given: 'paywall_viewed', want: "'paywall_viewed'" }],
    ['one single quote', { given: "it's", want: '"it\'s"' }],
    ['one double quote', { given: 'say "hi"', want: '\'say "hi"\'' }],
    ['as many of each: single quotes', { given: `it's "x"`, want: `'it\\'s "x"'` }],
    ['more single quotes: double quotes', { given: `'a' "b`, want: `"'a' \\"b"` }],
    ['more double quotes: single quotes', { given: `"a" 'b`, want: `'"a" \\'b'` }],
    ['backslashes', { given: 'a\\b\\\\', want: "'a\\\\b\\\\\\\\'" }],
    ['a backslash before a quote', { given: "\\'", want: '"\\\\\'"' }],
    ['line breaks and tabs', { given: 'a\nb\r\nc\td', want: "'a\\nb\\r\\nc\\td'" }],
    ['U+2028 and U+2029', { given: 'a\u2028b\u2029', want: "'a\\u{2028}b\\u{2029}'" }],
    ['C0, DEL and C1 controls', { given: '\u0000\u001b\u007f\u0085', want: "'\\u0000\\u001b\\u{7f}\\u{85}'" }],
    ['format characters', { given: 'a\u200bb\u202ec\ufeff\u00ad', want: "'a\\u{200b}b\\u{202e}c\\u{feff}\\u{ad}'" }],
    ['emoji and astral characters kept', { given: '🎉 𝒳 注文 café', want: "'🎉 𝒳 注文 café'" }],
    ['lone surrogates', { given: 'a\ud800b\udc00', want: "'a\\ud800b\\udc00'" }],
    ['comment and template syntax kept', { given: '*/ ${x} `t` </script>', want: "'*/ ${x} `t` </script>'" }],
    ['an injection stays inside', { given: "'); globalThis.x = 1; ('", want: `"'); globalThis.x = 1; ('"` }],
    ['long: one token, never broken', { given: long(150), want: `'${long(150)}'` }],
  ];

  it.each(cases)('%s', async (_, { given, want }) => {
    expect(literal(given)).toBe(want);
    // As a case label: the one place a long literal cannot move (prettier moves `x = 'long'` below the `=`).
    await expectStable(['switch (x) {', `  case ${want}:`, '}']);
    expect(new Function(`return ${want};`)()).toBe(given);
  });
});

describe('numberLiteral', () => {
  const cases: [string, { given: number; want: string }][] = [
    ['zero', { given: 0, want: '0' }],
    ['negative zero keeps its sign', { given: -0, want: '-0' }],
    ['negative', { given: -7, want: '-7' }],
    ['fraction', { given: 0.1, want: '0.1' }],
    ['small fraction', { given: -1.5e-3, want: '-0.0015' }],
    ['exponent without +', { given: 1e21, want: '1e21' }],
    ['negative exponent', { given: -1e21, want: '-1e21' }],
    ['tiny', { given: 1e-7, want: '1e-7' }],
    ['denormal', { given: 5e-324, want: '5e-324' }],
    ['largest', { given: Number.MAX_VALUE, want: '1.7976931348623157e308' }],
    ['beyond 2^53', { given: 2 ** 60, want: '1152921504606847000' }],
    ['safe integer', { given: 9007199254740990, want: '9007199254740990' }],
  ];

  it.each(cases)('%s', async (_, { given, want }) => {
    expect(numberLiteral(given)).toBe(want);
    await expectStable(['switch (x) {', `  case ${want}:`, '}']);
    expect(Object.is(Number(want.replace(/^-/, '')) * (want.startsWith('-') ? -1 : 1), given)).toBe(true);
  });
});

describe('layouts', () => {
  const args = (n: number): string[] => ['$e', `'${long(n)}'`, '$0'];
  // `$v.f($e, '<n a>', $0);` is 17 + n columns.
  const cases: [string, { given: () => string[]; want: string[]; depth?: number }][] = [
    ['call that fits at 100 columns', { given: () => layout(call('$v.f', args(83)), '', '', ';'), want: [`$v.f($e, '${long(83)}', $0);`] }],
    ['call one column over: one argument a line, trailing comma', { given: () => layout(call('$v.f', args(84)), '', '', ';'), want: ['$v.f(', '  $e,', `  '${long(84)}',`, '  $0,', ');'] }],
    ['the indentation counts', { given: () => layout(call('$v.f', args(82)), '  ', '', ';'), want: [`  $v.f(`, '    $e,', `    '${long(82)}',`, '    $0,', '  );'], depth: 1 }],
    ['wide characters count two', { given: () => layout(call('$v.f', ['$e', `'${long(45, '注')}'`]), '', '', ';'), want: ['$v.f(', '  $e,', `  '${long(45, '注')}',`, ');'] }],
    ['fluid assignment: the right side stays after =', { given: () => layout({ left: '$e', right: call('$v.f', args(79)) }, '', '', ';'), want: ['$e = $v.f(', '  $e,', `  '${long(79)}',`, '  $0,', ');'] }],
    ['fluid assignment: the right side moves when its head does not fit', { given: () => layout({ left: `const ${long(40, 'x')}`, right: call(`$${long(60, 'y')}`, ['a', 'b']) }, '', '', ';'), want: [`const ${long(40, 'x')} =`, `  $${long(60, 'y')}(a, b);`] }],
    ['member lookup: below the = first', { given: () => layout({ left: 'const $0', right: { open: 'o[', list: [`'${long(85)}'`], close: ']', comma: false }, breakAfter: true }, '', '', ';'), want: ['const $0 =', `  o['${long(85)}'];`] }],
    ['member lookup: then inside its brackets, no comma', { given: () => layout({ left: 'const $0', right: { open: 'o[', list: [`'${long(95)}'`], close: ']', comma: false }, breakAfter: true }, '', '', ';'), want: ['const $0 =', '  o[', `    '${long(95)}'`, '  ];'] }],
    ['path chain inside arguments: one operand a line, indented', { given: () => layout(call('$v.f', ['$e', { chain: ['$p', `'/${long(90)}/'`, '$i1'], operator: '+', indent: true }]), '', '', ';'), want: ['$v.f(', '  $e,', '  $p +', `    '/${long(90)}/' +`, '    $i1,', ');'] }],
    ['nested call breaks on its own', { given: () => layout(call('$v.result<FloKitEvent>', ['input', call('$v.unknownEvent', ['$event', `'${long(80)}'`])]), '', 'return ', ';'), want: ['return $v.result<FloKitEvent>(', '  input,', '  $v.unknownEvent(', '    $event,', `    '${long(80)}',`, '  ),', ');'] }],
    ['parameters', { given: () => list(`function ${long(60, 'f')}(`, ['x: unknown', '$p: string', '$e: $v.Violations'], '): $v.Violations {}'), want: [`function ${long(60, 'f')}(`, '  x: unknown,', '  $p: string,', '  $e: $v.Violations,', '): $v.Violations {}'] }],
    ['import specifiers', { given: () => layout({ open: 'import type {', list: [long(40, 'A'), long(40, 'B')], close: "} from './types.js';", spaced: true }, ''), want: ['import type {', `  ${long(40, 'A')},`, `  ${long(40, 'B')},`, "} from './types.js';"] }],
    ['one import specifier never breaks', { given: () => layout({ open: 'import type {', list: [long(100, 'A')], close: "} from './types.js';", spaced: true }, ''), want: [`import type { ${long(100, 'A')} } from './types.js';`] }],
    ['array elements', { given: () => layout({ open: 'x = [', list: [`'${long(50)}'`, `'${long(50)}'`], close: ']' }, '', '', ';'), want: ['x = [', `  '${long(50)}',`, `  '${long(50)}',`, '];'] }],
  ];

  it.each(cases)('%s', async (_, { given, want, depth }) => {
    expect(given()).toEqual(want);
    await expectStable(want, depth);
  });

  const branch: [string, { given: (w: Writer) => void; want: string[] }][] = [
    ['a clause that fits stays on its line', { given: (w) => w.branches([{ test: '$0 === undefined', then: "$e = $v.missing($e, '/p')" }]), want: ["if ($0 === undefined) $e = $v.missing($e, '/p');"] }],
    [
      'a clause too long is braced, its statement broken inside',
      { given: (w) => w.branches([{ test: '$0 === undefined', then: { left: '$e', right: call('$v.missing', ['$e', `'${long(90)}'`]) } }]), want: ['if ($0 === undefined) {', '  $e = $v.missing(', '    $e,', `    '${long(90)}',`, '  );', '}'] },
    ],
    [
      'an && chain in the test breaks one operand a line, not indented past the first',
      {
        given: (w) => w.branches([{ test: { chain: [{ chain: ['$0', `'${long(40)}'`], operator: '!==', indent: true }, { chain: ['$0', `'${long(40, 'b')}'`], operator: '!==', indent: true }], operator: '&&', indent: true }, then: 'continue' }]),
        want: ['if (', `  $0 !== '${long(40)}' &&`, `  $0 !== '${long(40, 'b')}'`, ') {', '  continue;', '}'],
      },
    ],
    [
      'a comparison alone in the test breaks after its operator, not indented',
      { given: (w) => w.branches([{ test: { chain: ['$0', `'${long(100)}'`], operator: '!==', indent: true }, then: 'continue' }]), want: ['if (', '  $0 !==', `  '${long(100)}'`, ') {', '  continue;', '}'] },
    ],
    [
      'a comparison inside a chain breaks indented',
      {
        given: (w) => w.branches([{ test: { chain: ['$0 !== 1', { chain: ['$0', `'${long(100)}'`], operator: '!==', indent: true }], operator: '&&', indent: true }, then: 'continue' }]),
        want: ['if (', '  $0 !== 1 &&', '  $0 !==', `    '${long(100)}'`, ') {', '  continue;', '}'],
      },
    ],
    [
      'else follows a brace on its line, and a line of its own after a statement',
      {
        given: (w) => w.branches([{ test: "typeof $0 === 'string'", then: () => w.line('x();') }, { test: '$0 === undefined', then: `$e = $v.missing($e, '${long(60)}')` }, { then: '$e = 1' }]),
        want: ["if (typeof $0 === 'string') {", '  x();', '} else if ($0 === undefined) {', `  $e = $v.missing($e, '${long(60)}');`, '} else $e = 1;'],
      },
    ],
  ];

  it.each(branch)('%s', async (_, { given, want }) => {
    const w = new Writer();
    given(w);
    expect(w.written).toEqual(want);
    await expectStable(want);
  });
});

describe('property: random code around the 100-column boundary is prettier-stable', () => {
  const identifier = fc.integer({ min: 1, max: 40 }).map((n) => `$${long(n, 'v')}`);
  const text = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'b', "'", '"', '\\', ' ', '注', 'é', '\n', '🎉'), maxLength: 60 }), fc.integer({ min: 50, max: 110 }).map((n) => long(n)));
  const leaf: fc.Arbitrary<Code> = fc.oneof(identifier, text.map(literal), fc.double({ noNaN: true, noDefaultInfinity: true }).map(numberLiteral));
  const path: fc.Arbitrary<Code> = fc.array(fc.oneof(identifier, text.map(literal)), { minLength: 2, maxLength: 5 }).map((chain) => ({ chain, operator: '+', indent: true }));
  const argument: fc.Arbitrary<Code> = fc.oneof({ weight: 4, arbitrary: leaf }, { weight: 1, arbitrary: path }, { weight: 1, arbitrary: fc.tuple(identifier, fc.array(leaf, { maxLength: 3 })).map(([f, a]) => call(f, a)) });
  const callCode = fc.tuple(identifier, fc.array(argument, { maxLength: 5 })).map(([f, a]) => call(`$v.${f.slice(1)}`, a));
  const comparison: fc.Arbitrary<Code> = fc.tuple(identifier, fc.constantFrom('!==', '===', '<'), leaf).map(([l, op, r]) => ({ chain: [l, typeof r === 'string' ? r : '0'], operator: op, indent: true }));
  const test: fc.Arbitrary<Code> = fc.oneof(comparison, fc.array(comparison, { minLength: 2, maxLength: 6 }).map((chain) => ({ chain, operator: '&&', indent: true })));
  const statement: fc.Arbitrary<Code> = fc.oneof(
    callCode,
    fc.tuple(identifier, callCode).map(([left, right]) => ({ left, right })),
    fc.tuple(identifier, identifier, text).map(([left, o, key]) => ({ left: `const ${left}`, right: { open: `${o}[`, list: [literal(key)], close: ']', comma: false }, breakAfter: true })),
  );
  const program = fc.record({
    depth: fc.integer({ min: 0, max: 12 }),
    params: fc.array(fc.tuple(identifier, fc.constantFrom('unknown', 'string', '$v.Violations')).map(([n, t]) => `${n}: ${t}`), { maxLength: 4 }),
    clauses: fc.array(fc.record({ test: fc.option(test, { nil: undefined }), then: statement }), { minLength: 1, maxLength: 3 }),
    statements: fc.array(statement, { maxLength: 3 }),
  });

  it('calls, assignments, member lookups, parameter lists and if chains', async () => {
    await fc.assert(
      fc.asyncProperty(program, async ({ depth, params, clauses, statements }) => {
        const w = new Writer(depth);
        w.open({ open: `function $${long(depth * 5 + 1, 'f')}(`, list: params, close: '): void {' });
        for (const s of statements) w.print(s, '', ';');
        // Only the first clause may lack a test when it is the only one: `else` needs an `if`.
        const chain = clauses.map((c, i): { test?: Code; then: Code } => (i === 0 || i < clauses.length - 1 || c.test !== undefined ? { test: c.test ?? '$x', then: c.then } : { then: c.then }));
        w.branches(chain);
        w.close();
        const source = inBlocks(w.written, depth);
        expect(await format(source)).toBe(source);
      }),
      { numRuns: 1000, seed: 20261205 },
    );
  }, 120_000);
});
