// The validation helpers: each must give exactly the answer ajv's own runtime gives (ucs2length,
// fast-deep-equal, the multipleOf formula), and the reporting helpers build what they promise.
import ucs2lengthModule from 'ajv/dist/runtime/ucs2length.js';
import equalModule from 'ajv/dist/runtime/equal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as v from './validation.js';

// CommonJS modules whose `default` export may or may not be unwrapped by the loader.
function unwrap<F>(module: unknown): F {
  return (typeof module === 'function' ? module : (module as { default: F }).default) as F;
}
const ajvUcs2length = unwrap<(text: string) => number>(ucs2lengthModule);
const ajvEqual = unwrap<(a: unknown, b: unknown) => boolean>(equalModule);

const SEED = 20261126;

/** Any UTF-16 code unit sequence, lone surrogates included. */
const codeUnits = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 0xffff }),
      fc.integer({ min: 0xd800, max: 0xdfff }),
      fc.constant(0x61),
    ),
    { maxLength: 12 },
  )
  .map((units) => String.fromCharCode(...units));

describe('codePointLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 1],
    ['🎉', 1],
    ['🎉🎉', 2],
    ['\uD800', 1],
    ['\uDC00\uD800', 2],
    ['\uD800a', 2],
    ['a\uD83C\uDF89b', 3],
  ])('%j has %i code points', (text, length) => {
    expect(v.codePointLength(text)).toBe(length);
  });

  it("is ajv's ucs2length on any sequence of UTF-16 code units", () => {
    fc.assert(
      fc.property(
        fc.oneof(codeUnits, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })),
        (text) => v.codePointLength(text) === ajvUcs2length(text),
      ),
      { seed: SEED, numRuns: 5000 },
    );
  });
});

describe('isMultipleOf', () => {
  // ajv's generated code: `(res = data / divisor, res !== parseInt(res))` means "not a multiple".
  const ajvMultiple = (value: number, divisor: number): boolean => {
    const quotient = value / divisor;
    return quotient === parseInt(String(quotient));
  };

  it.each([
    [49.99, 0.01, true],
    [19.99, 0.01, false],
    [0.3, 0.1, false],
    [10, 5, true],
    [-10, 5, true],
    [-0, 3, true],
    [1e21, 1, false],
    [1e20, 1, true],
    [7.5, 2.5, true],
    [1, 3, false],
  ])('%d is a multiple of %d: %s', (value, divisor, expected) => {
    expect(v.isMultipleOf(value, divisor)).toBe(expected);
    expect(ajvMultiple(value, divisor)).toBe(expected);
  });

  it("is ajv's formula for any finite value and positive divisor", () => {
    const divisor = fc.oneof(
      fc.constantFrom(0.01, 0.1, 0.5, 1, 3, 5, 1e-9, 1e10),
      fc.double({ min: 1e-12, max: 1e12, noNaN: true }),
    );
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer().map((k) => k * 0.01),
      fc.integer(),
      fc.constantFrom(1e21, -1e21, 9.99e20, 5e-324),
    );
    fc.assert(
      fc.property(value, divisor, (x, d) => v.isMultipleOf(x, d) === ajvMultiple(x, d)),
      { seed: SEED, numRuns: 10000 },
    );
  });
});

describe('deepEqual', () => {
  it.each<readonly [unknown, unknown, boolean]>([
    [0, -0, true],
    [NaN, NaN, true],
    [1, '1', false],
    [null, null, true],
    [null, {}, false],
    [[], {}, false],
    [{}, [], false],
    [{ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [{ a: undefined }, { b: undefined }, false],
    [[1, 2], [2, 1], false],
    [[1, [2]], [1, [2]], true],
  ])('%j vs %j: %s', (a, b, same) => {
    expect(v.deepEqual(a, b)).toBe(same);
    expect(ajvEqual(a, b)).toBe(same);
  });

  it('is fast-deep-equal (ajv uniqueItems) on JSON values', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    // Pairs that are often equal: a value and a key-reordered or slightly edited copy of it.
    const reordered = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reordered)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, x]) => [k, reordered(x)]),
            )
          : value;
    const pairs = fc.oneof(
      fc.tuple(json, json),
      json.map((x) => [x, reordered(x)] as const),
      fc.tuple(json, json).map(
        ([x, y]) =>
          [
            { k: x, l: [y] },
            { l: [y], k: x },
          ] as const,
      ),
      fc.tuple(
        fc.constantFrom<unknown>([], {}, [[]], [{}], { 0: 1 }, [1], '', 0, -0, null, false),
        fc.constantFrom<unknown>([], {}, [[]], [{}], { 0: 1 }, [1], '', 0, -0, null, false),
      ),
    );
    fc.assert(
      fc.property(pairs, ([a, b]) => v.deepEqual(a, b) === ajvEqual(a, b)),
      { seed: SEED, numRuns: 5000 },
    );
  });
});

describe('allUnique', () => {
  const pairwise = (items: readonly unknown[]): boolean =>
    items.every((a, i) => items.every((b, j) => j <= i || !ajvEqual(a, b)));

  it('is "no two items deeply equal", for short and long lists of primitives and of structures', () => {
    const item = fc.oneof(
      fc.integer({ min: 0, max: 40 }),
      fc.constantFrom<unknown>('a', 'b', '__proto__', 'toString', null, true, -0, 0, [], {}, [1], {
        a: 1,
      }),
    );
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 40 }),
        (items) => v.allUnique(items) === pairwise(items),
      ),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('refuses two "__proto__" strings (ajv does not: it indexes items in a plain object)', () => {
    expect(v.allUnique(['__proto__', '__proto__'])).toBe(false);
    expect(
      v.allUnique(
        Array.from({ length: 20 }, (_, i) => (i === 0 || i === 19 ? '__proto__' : `x${i}`)),
      ),
    ).toBe(false);
  });
});

describe('reading objects', () => {
  it.each<readonly [unknown, boolean]>([
    [{}, true],
    [Object.create(null), true],
    [[], false],
    [null, false],
    ['x', false],
    [1, false],
    [undefined, false],
  ])('isObject(%j) is %s', (value, expected) => {
    expect(v.isObject(value)).toBe(expected);
  });

  it('knows exactly the names every object inherits', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).filter(v.isInheritedName).sort()).toEqual(
      Object.getOwnPropertyNames(Object.prototype).sort(),
    );
    expect(['user_id', 'length', 'then', ''].filter(v.isInheritedName)).toEqual([]);
  });

  it('reads own properties only with own()', () => {
    expect(v.own({}, 'toString')).toBeUndefined();
    expect(v.own({ toString: 'x' }, 'toString')).toBe('x');
    expect(v.own(Object.create({ a: 1 }) as v.Fields, 'a')).toBeUndefined();
  });
});

describe('JSON pointers', () => {
  it.each([
    ['plain', 'plain'],
    ['a/b', 'a~1b'],
    ['a~b', 'a~0b'],
    ['~1', '~01'],
    ['/~/', '~1~0~1'],
    ['', ''],
    ['🎉 "x"', '🎉 "x"'],
  ])('escapes %j as %j', (key, segment) => {
    expect(v.pointerSegment(key)).toBe(segment);
    expect(segment.replaceAll('~1', '/').replaceAll('~0', '~')).toBe(key);
  });
});

describe('violations', () => {
  it('start absent and are created on the first problem', () => {
    const first = v.missing(undefined, '/properties/a');
    expect(first).toEqual([
      { code: 'missing-required', path: '/properties/a', message: 'is required' },
    ]);
    const second = v.constraint(first, '/x', 'must be at least 1');
    expect(second).toBe(first);
    expect(second).toHaveLength(2);
  });

  it.each<readonly [unknown, string]>([
    [null, 'null'],
    [[], 'array'],
    [{}, 'object'],
    [1, 'integer'],
    [1.5, 'number'],
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
    ['', 'string'],
    [true, 'boolean'],
    [undefined, 'undefined'],
  ])('name the type of %j as %s', (value, name) => {
    expect(v.typeName(value)).toBe(name);
    expect(v.wrongType(undefined, '', 'a string', value)[0]?.message).toBe(
      `must be a string (got ${name})`,
    );
  });

  it('report unexpected keys under their path, escaped, and add to the list they are given', () => {
    expect(v.unexpected(undefined, '/properties', 'a/b', 'is not a property of e')).toEqual([
      { code: 'unexpected-property', path: '/properties/a~1b', message: 'is not a property of e' },
    ]);
    const both = v.notInEnum(
      v.wrongType(undefined, '/properties/x', 'a string', 1),
      '/properties/x/k',
      'must be one of: a',
    );
    expect(both.map((x) => x.path)).toEqual(['/properties/x', '/properties/x/k']);
    expect(v.missingIdentity(undefined, '', 'needs user_id or anonymous_id')[0]?.code).toBe(
      'missing-identity',
    );
  });

  it('describe a wrong or unknown event', () => {
    expect(v.wrongEvent(undefined, undefined, 'a')).toEqual([
      { code: 'missing-required', path: '/event', message: 'is required' },
    ]);
    expect(v.wrongEvent(undefined, 'b', 'a')).toEqual([
      { code: 'not-in-enum', path: '/event', message: 'must be "a"' },
    ]);
    expect(v.wrongEvent(undefined, 3, 'a')[0]?.code).toBe('wrong-type');
    expect(v.unknownEvent('b', 'shop')).toEqual([
      { code: 'unknown-event', path: '/event', message: '"b" is not an event of shop' },
    ]);
    expect(v.unknownEvent(undefined, 'shop')[0]?.code).toBe('unknown-event');
    expect(v.unknownEvent(null, 'shop')[0]?.code).toBe('wrong-type');
  });

  it('make a result, and format violations one per line', () => {
    const input = { a: 1 };
    expect(v.result(input, undefined)).toEqual({ valid: true, value: input });
    const violations = v.missing(v.constraint(undefined, '', 'must be x'), '/a');
    expect(v.result(input, violations)).toEqual({ valid: false, violations });
    expect(v.formatViolations(violations)).toBe('(payload) must be x\n/a is required');
  });
});

describe('the envelope', () => {
  const at = '2024-03-15T14:22:00Z';

  it('accepts a complete envelope for each identity rule', () => {
    expect(v.envelope({ event: 'e', user_id: 'u', timestamp: at }, 'e', 'user_id')).toBeUndefined();
    expect(
      v.envelope({ event: 'e', anonymous_id: 'a', timestamp: at }, 'e', 'anonymous_id'),
    ).toBeUndefined();
    expect(
      v.envelope({ event: 'e', anonymous_id: 'a', timestamp: at }, 'e', 'either'),
    ).toBeUndefined();
  });

  it('reports every envelope problem in field order', () => {
    expect(
      v.envelope(
        { event: 'f', user_id: '', anonymous_id: 3, timestamp: '2024-02-30T00:00:00Z' },
        'e',
        'user_id',
      ),
    ).toEqual([
      { code: 'not-in-enum', path: '/event', message: 'must be "e"' },
      { code: 'constraint-failed', path: '/user_id', message: 'must not be empty' },
      { code: 'wrong-type', path: '/anonymous_id', message: 'must be a string (got integer)' },
      {
        code: 'constraint-failed',
        path: '/timestamp',
        message: 'must be an RFC 3339 date-time such as 2024-03-15T14:22:00Z',
      },
    ]);
    expect(v.envelope({ event: 'e' }, 'e', 'either')).toEqual([
      { code: 'missing-identity', path: '', message: 'needs user_id or anonymous_id' },
      { code: 'missing-required', path: '/timestamp', message: 'is required' },
    ]);
    expect(v.envelope({ event: 'e', anonymous_id: 'a', timestamp: at }, 'e', 'user_id')).toEqual([
      { code: 'missing-identity', path: '/user_id', message: 'is required: e needs user_id' },
    ]);
  });

  it('reports keys beyond the five envelope fields, after the others', () => {
    const list = v.envelopeExtras(v.missing(undefined, '/properties'), {
      event: 'e',
      extra: 1,
      'a/b': 2,
    });
    expect(list?.map((x) => x.path)).toEqual(['/properties', '/extra', '/a~1b']);
  });
});
