// fast-check arbitraries for whole taxonomies, written out as YAML text, for the end-to-end fuzz test
// (test/fuzz.test.ts). They explore the whole format (every property keyword, nesting, shared
// types, common properties, identity rules, idempotency keys, deprecation, tags) and put hostile
// strings everywhere a string can go. Most cases are built consistent, so that they reach the
// emitters; some are not (bad bounds, unsafe numbers, invisible characters, colliding names), so
// that the loader's refusals are exercised too. Out: the YAML and the names as written, which the
// test compares with what reaches the wire.
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// A YAML document tree and its writer

/** A scalar written exactly as `text`: numbers as typed (`-0`, `1.0`, `9007199254740993`), tags, anchors, plain words. */
export interface RawScalar {
  readonly text: string;
  /** The number it reads as; NaN for text that is not a number. */
  readonly value: number;
}

export type YamlValue = null | boolean | string | RawScalar | readonly YamlValue[] | YamlMap;
/** Entries in order; a key may repeat (the loader must refuse that). */
export interface YamlMap {
  readonly entries: readonly (readonly [string, YamlValue])[];
}

const map = (entries: readonly (readonly [string, YamlValue] | undefined)[]): YamlMap => ({ entries: entries.filter((e): e is readonly [string, YamlValue] => e !== undefined) });
const isMap = (v: YamlValue): v is YamlMap => typeof v === 'object' && v !== null && !Array.isArray(v) && 'entries' in v;
const isRaw = (v: YamlValue): v is RawScalar => typeof v === 'object' && v !== null && 'text' in v;

export interface WriteStyle {
  /** Write non-ASCII characters as `\uXXXX` escapes instead of raw UTF-8. */
  readonly escapeNonAscii: boolean;
  /** Leave simple lower-case words unquoted (so YAML 1.1 look-alikes like `no` are refused). */
  readonly plainWords: boolean;
}

/** A YAML double-quoted scalar. Controls and lone surrogates are always escaped: raw, a file refuses them. */
export function quote(text: string, style: WriteStyle): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ch = text[i] as string;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfeff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      const pair = c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
      if (!pair) out += `\\u${c.toString(16)}`;
      else if (style.escapeNonAscii) out += `\\U${(text.codePointAt(i) as number).toString(16).padStart(8, '0')}`;
      else out += text.slice(i, i + 2);
      if (pair) i++;
    } else if (c > 0x7e && style.escapeNonAscii) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

function scalar(value: string, style: WriteStyle): string {
  return style.plainWords && /^[a-z][a-z_]{0,20}$/.test(value) ? value : quote(value, style);
}

function inline(value: YamlValue, style: WriteStyle): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return scalar(value, style);
  if (isRaw(value)) return value.text;
  if (isMap(value)) return value.entries.length === 0 ? '{}' : undefined;
  return value.length === 0 ? '[]' : undefined;
}

/** Block style, two spaces per level; every string is quoted unless `plainWords` allows a word. */
export function writeYaml(root: YamlMap, style: WriteStyle): string {
  const lines: string[] = [];
  // `lead` is the whole line so far (`  key:` or `  -`), at indentation `indent`.
  const write = (lead: string, value: YamlValue, indent: string): void => {
    const simple = inline(value, style);
    if (simple !== undefined) return void lines.push(`${lead} ${simple}`);
    lines.push(lead);
    const child = indent + '  ';
    if (isMap(value)) for (const [key, v] of value.entries) write(`${child}${scalar(key, style)}:`, v, child);
    else for (const v of value as readonly YamlValue[]) write(`${child}-`, v, child);
  };
  for (const [key, v] of root.entries) write(`${scalar(key, style)}:`, v, '');
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Hostile text

/** Sets `globalThis.__flokitPwned` if a generated module ever runs it as code. */
export const PWNED = '__flokitPwned';

const INJECTIONS = [
  `*/ globalThis.${PWNED} = 1; /*`,
  `\${globalThis.${PWNED} = 1}`,
  `\`; globalThis.${PWNED} = 1; //`,
  `'); globalThis.${PWNED} = 1; ('`,
  `"]; globalThis.${PWNED} = 1; //`,
  `</script><script>globalThis.${PWNED} = 1</script>`,
  `\u2028globalThis.${PWNED} = 1 //`,
  `\n*/ globalThis.${PWNED} = 1 /*`,
];

/** Visible text that must survive byte for byte: quotes, comment and template syntax, scripts, scripts of the world. */
const VISIBLE = [
  "it's", 'say "hi"', 'back\\slash', '*/', '/*', '/** x */', '${x}', '`tick`', '</script>', '<!--', '-->', '&amp;', '&#x27;', '\\u0027', '@deprecated',
  '🎉', '👩‍👩‍👧', 'заказ', '注文', 'طلب', 'Ωμέγα', 'café', 'cafe\u0301', 'ß', 'İ', '𝒳', '%', '%25', '.', '..', '/', 'a/b', '\\', ' ', 'x y',
  'class', 'default', 'delete', 'new', 'function', 'await', 'yield', 'enum', 'NaN', 'Infinity', 'undefined', 'null', 'true', '0', '-0', '1e3',
  '9007199254740993', 'con', 'aux', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
];
/** Allowed in values, refused in names: line and paragraph separators. */
const SEPARATED = ['a\u2028b', 'a\u2029b', '\u2028'];
/** Allowed only in descriptions (shown escaped there): line breaks and tabs. */
const BROKEN_LINES = ['\t', 'line\nbreak', 'x\r\n@deprecated fake', '\n@param y'];

/** Characters that a name or value may not hide; the loader refuses them with a located diagnostic. */
const INVISIBLE = ['\u202E', '\u200B', '\u200D', '\uFEFF', '\u00AD', '\u0007', '\u001B', '\u0000', '\uD800', '\uDC00', '\u2066'];

const WORDS = ['order', 'paywall', 'viewed', 'trial', 'started', 'plan', 'user', 'cart', 'item', 'id', 'count', 'price', 'step', 'screen', 'name', 'status', 'source', 'Signup', 'Completed', 'VIP', 'x', 'a1', '3ds'];

const word = fc.constantFrom(...WORDS);
const long = fc.integer({ min: 100, max: 400 }).map((n) => 'ab'.repeat(n).slice(0, n));

/** Text for descriptions and messages: anything, invisible characters included (they are shown escaped). */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 80, arbitrary: fc.constantFrom(...VISIBLE, ...SEPARATED, ...BROKEN_LINES, ...INJECTIONS) },
  { weight: 40, arbitrary: fc.array(fc.constantFrom(...VISIBLE, ...SEPARATED, ...BROKEN_LINES, ...INJECTIONS, ...WORDS), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(' ')) },
  { weight: 20, arbitrary: fc.constantFrom(...INVISIBLE).map((c) => `look${c}alike`) },
  { weight: 20, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 20, arbitrary: long },
  // Over maxStringLength: limit-exceeded.
  { weight: 1, arbitrary: fc.constant('x'.repeat(10_001)) },
);

/** A value for enum, const, examples: visible hostile text, rarely an invisible character (refused). */
export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 400, arbitrary: fc.constantFrom(...VISIBLE, ...SEPARATED, ...INJECTIONS.filter((i) => !i.includes('\n'))) },
  { weight: 150, arbitrary: fc.tuple(word, fc.constantFrom(...VISIBLE, ...SEPARATED)).map(([w, v]) => `${w}${v}`) },
  { weight: 60, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 20, arbitrary: long },
  { weight: 1, arbitrary: fc.constantFrom(...INVISIBLE).map((c) => `ok${c}`) },
);

/** A wire name: mostly words joined by hostile separators, sometimes a hostile name outright. */
export const hostileName: fc.Arbitrary<string> = fc.oneof(
  { weight: 600, arbitrary: fc.array(word, { minLength: 1, maxLength: 3 }).chain((ws) => fc.constantFrom('_', ' ', '-', '.', "'", '"', '*/', '${', '`', '</script>', '🎉', '@', '\\').map((sep) => ws.join(sep))) },
  { weight: 300, arbitrary: fc.tuple(word, fc.constantFrom(...VISIBLE), word).map(([a, v, b]) => `${a}${v}${b}`) },
  { weight: 160, arbitrary: fc.constantFrom('заказ_создан', '注文', 'Ωμέγα_event', 'café ordered', 'über-event', 'a𐐀b_viewed', 'Signup Completed', "Customer's \"VIP\" tier", '3ds_challenge_passed') },
  // Refused, each with its own code: no identifier, reserved, colliding, envelope, invisible, too long.
  { weight: 3, arbitrary: fc.constantFrom(...VISIBLE, ...INJECTIONS) },
  { weight: 2, arbitrary: fc.constantFrom(...SEPARATED, ...BROKEN_LINES) },
  { weight: 3, arbitrary: fc.constantFrom('user_signed_up', 'UserSignedUp', 'user-signed-up', 'USER_SIGNED_UP', 'event', 'flokit', 'date', 'Record', 'user_id', 'userId', 'timestamp', 'properties') },
  { weight: 2, arbitrary: fc.tuple(word, fc.constantFrom(...INVISIBLE)).map(([w, c]) => `${w}${c}x`) },
  { weight: 2, arbitrary: long },
);

// ---------------------------------------------------------------------------------------------
// Numbers

const n = (text: string, value = Number(text)): RawScalar => ({ text, value });
/** Any text, written as is: tags, anchors, unquoted YAML 1.1 look-alikes, raw control characters. */
const raw = (text: string): RawScalar => ({ text, value: NaN });
const SAFE_NUMBERS = [n('0'), n('-0', 0), n('1'), n('1.0', 1), n('-7'), n('42'), n('1e3'), n('0.5'), n('-1.5e-3'), n('2.25'), n('9007199254740990'), n('-9007199254740990'), n('1.5e-300'), n('0.1'), n('100')];
/** Beyond what JSON carries exactly: refused as yaml-unsafe-number. */
const UNSAFE_NUMBERS = [n('9007199254740993'), n('-9007199254740993'), n('1e400', Infinity), n('.inf', Infinity), n('.nan', NaN)];

const safeNumber = fc.constantFrom(...SAFE_NUMBERS);
const anyNumber = fc.oneof({ weight: 300, arbitrary: safeNumber }, { weight: 1, arbitrary: fc.constantFrom(...UNSAFE_NUMBERS) });

// ---------------------------------------------------------------------------------------------
// Properties

/** Patterns paired with values that match them (checked by the loader against examples/enum). */
const PATTERNS: readonly (readonly [string, readonly string[]])[] = [
  ['^[A-Z]{3}$', ['USD', 'EUR']],
  ['\\*/', ['a*/b', '*/']],
  ['^\\$\\{[a-z]+\\}$', ['${x}', '${abc}']],
  ['</script>', ['x</script>y']],
  ['^\\p{L}+$', ['заказ', 'Ωμέγα', 'café']],
  ['^[^"\'`\\\\]*$', ['plain', '']],
  ['`', ['`tick`']],
  ['\u2028', ['a\u2028b']],
  ['^(?<year>\\d{4})-\\d{2}$', ['2024-03']],
  ['é', ['café']],
  ['^[\\u{1F389}]+$', ['🎉🎉']],
];
const FORMATS: readonly (readonly [string, readonly string[]])[] = [
  ['date-time', ['2024-03-15T14:22:00Z', '2016-12-31T23:59:60Z']],
  ['date', ['2024-02-29']],
  ['email', ['user.name+tag@example.com']],
  ['uri', ['https://example.com/a?b=%22#c', 'urn:isbn:123']],
  ['uuid', ['5f0c6f1e-8a43-4c59-9d56-0b9a6f1c2e7d']],
];

type Entry = readonly [string, YamlValue] | undefined;
/** `arb` in `percent` % of cases, else undefined (towards which it shrinks). */
const maybe = <T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> => fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(undefined) }, { weight: percent, arbitrary: arb });
const entry = (key: string, value: YamlValue | undefined): Entry => (value === undefined ? undefined : [key, value]);

const codePoints = (s: string): number => [...s].length;

/** Annotations any property may carry; `examples` come from the caller, who knows what is valid. */
const annotations = fc.record({
  description: maybe(hostileText, 30),
  deprecated: maybe(fc.oneof(fc.constant<YamlValue>(true), fc.constant<YamlValue>(false), hostileText), 15),
  pii: maybe(fc.boolean(), 15),
});

const annotationEntries = (a: { description?: string | undefined; deprecated?: YamlValue | undefined; pii?: boolean | undefined }): Entry[] => [
  entry('description', a.description),
  entry('deprecated', a.deprecated),
  entry('pii', a.pii),
];

/** A property definition and some values it accepts (for examples, enum and idempotency choices). */
export interface Definition {
  readonly yaml: YamlValue;
  /** A non-nullable scalar (and, once property() has added `required`, a required one): a candidate for `idempotencyKey`. */
  readonly scalar: boolean;
  readonly samples: readonly YamlValue[];
}

const stringDef: fc.Arbitrary<Definition> = fc
  .tuple(
    fc.oneof(
      fc.uniqueArray(hostileValue, { minLength: 1, maxLength: 5 }).map((values) => ({ entries: [entry('enum', values)], samples: values })),
      hostileValue.map((v) => ({ entries: [entry('const', v)], samples: [v] })),
      fc.constantFrom(...FORMATS).map(([format, values]) => ({ entries: [entry('format', format)], samples: values })),
      fc.constantFrom(...PATTERNS).map(([pattern, values]) => ({ entries: [entry('pattern', pattern)], samples: values })),
      fc.array(hostileValue, { maxLength: 3 }).map((values) => ({ entries: [] as Entry[], samples: values })),
    ),
    fc.boolean(),
  )
  .map(([base, bounded]) => {
    if (!bounded || base.samples.length === 0) return { yaml: map([['type', 'string'], ...base.entries]), scalar: true, samples: base.samples };
    // Tight around a closed set of values; loose around a format or pattern, so that random values still fit.
    const closed = base.entries.some((e) => e?.[0] === 'enum' || e?.[0] === 'const');
    const lengths = base.samples.map(codePoints);
    const bounds = [entry('minLength', n(String(closed ? Math.min(...lengths) : Math.min(1, ...lengths)))), entry('maxLength', n(String(Math.max(...lengths) + (closed ? 0 : 40))))];
    return { yaml: map([['type', 'string'], ...base.entries, ...bounds]), scalar: true, samples: base.samples };
  });

const numberDef: fc.Arbitrary<Definition> = fc
  .tuple(fc.boolean(), fc.uniqueArray(anyNumber, { minLength: 1, maxLength: 4, selector: (x) => x.text }), fc.constantFrom('enum', 'const', 'bounds', 'exclusive', 'multipleOf', 'plain'))
  .map(([integer, raw, how]) => {
    // Integer bounds and values stay inside ±(2^53 - 2), so that exclusive bounds one beyond are still exact.
    const values = integer ? raw.filter((v) => Number.isInteger(v.value) && Math.abs(v.value) < Number.MAX_SAFE_INTEGER) : raw;
    const type = integer ? 'integer' : 'number';
    const sorted = [...values].sort((a, b) => a.value - b.value);
    const lo = sorted[0];
    const hi = sorted[sorted.length - 1];
    const samples: RawScalar[] = values;
    switch (how) {
      case 'enum':
        return { yaml: map([['type', type], entry('enum', values.length > 0 ? values : [n('1')])]), scalar: true, samples: values.length > 0 ? values : [n('1')] };
      case 'const':
        return { yaml: map([['type', type], entry('const', lo ?? n('0'))]), scalar: true, samples: [lo ?? n('0')] };
      case 'bounds':
        return { yaml: map([['type', type], entry('minimum', lo), entry('maximum', hi)]), scalar: true, samples };
      case 'exclusive': // a value strictly inside, when there is room for one
        return { yaml: map([['type', type], entry('exclusiveMinimum', lo === undefined ? undefined : n(String(lo.value - 1))), entry('exclusiveMaximum', hi === undefined ? undefined : n(String(hi.value + 1)))]), scalar: true, samples };
      case 'multipleOf':
        return { yaml: map([['type', type], ['multipleOf', integer ? n('5') : n('0.5')]]), scalar: true, samples: [n('10'), n('-0', 0)] };
      default:
        return { yaml: map([['type', type]]), scalar: true, samples };
    }
  });

const booleanDef: fc.Arbitrary<Definition> = maybe(fc.boolean(), 30).map((c) => ({ yaml: map([['type', 'boolean'], entry('const', c)]), scalar: true, samples: c === undefined ? [true, false] : [c] }));

/** `shorthand` writes a plain type name instead of a mapping. */
const shorthand: fc.Arbitrary<Definition> = fc.constantFrom('string', 'integer', 'number', 'boolean').map((t) => ({ yaml: t, scalar: true, samples: [] }));

/** A property (with `required`, `nullable`, annotations and examples) over a definition of the given depth. */
function property(depth: number, typeNames: readonly string[]): fc.Arbitrary<Definition> {
  const leaves = [stringDef, stringDef, numberDef, booleanDef, shorthand];
  const refs = typeNames.length === 0 ? [] : [fc.constantFrom(...typeNames).map((t): Definition => ({ yaml: t, scalar: false, samples: [] }))];
  const nested = depth >= 3 ? [] : [arrayDef(depth, typeNames), objectDef(depth, typeNames)];
  return fc.oneof(...leaves, ...refs, ...nested).chain((def) =>
    fc.record({ required: maybe(fc.boolean(), 60), nullable: maybe(fc.boolean(), 30), notes: annotations, examples: fc.subarray([...def.samples], { maxLength: Math.min(3, def.samples.length) }) }).map(({ required, nullable, notes, examples }) => {
      const base = typeof def.yaml === 'string' ? map([['type', def.yaml]]) : (def.yaml as YamlMap);
      const extra = [entry('required', required), entry('nullable', nullable), ...annotationEntries(notes), entry('examples', examples.length > 0 ? examples : undefined)];
      const plain = extra.every((e) => e === undefined) && typeof def.yaml === 'string';
      return { yaml: plain ? def.yaml : map([...base.entries, ...extra]), scalar: def.scalar && nullable !== true && required === true, samples: def.samples };
    }),
  );
}

function arrayDef(depth: number, typeNames: readonly string[]): fc.Arbitrary<Definition> {
  return fc
    .tuple(property(depth + 1, typeNames), maybe(fc.tuple(fc.nat(3), fc.nat(3)), 50), maybe(fc.boolean(), 40))
    .map(([items, bounds, uniqueItems]) => {
      const itemYaml = isMap(items.yaml) ? map(items.yaml.entries.filter(([k]) => k !== 'required')) : items.yaml;
      const [a, b] = bounds ?? [];
      // Distinct items may be few (a boolean has two values): at most one is required, so that a valid array exists.
      const low = a === undefined ? undefined : Math.min(a, b as number, uniqueItems === true ? 1 : 3);
      return {
        yaml: map([['type', 'array'], ['items', itemYaml], entry('minItems', low === undefined ? undefined : n(String(low))), entry('maxItems', b === undefined ? undefined : n(String(Math.max(a as number, b)))), entry('uniqueItems', uniqueItems)]),
        scalar: false,
        samples: [],
      };
    });
}

function objectDef(depth: number, typeNames: readonly string[]): fc.Arbitrary<Definition> {
  return fc.tuple(properties(depth + 1, typeNames, 4), maybe(fc.boolean(), 30)).map(([props, additional]) => ({
    yaml: map([['type', 'object'], entry('properties', props.yaml), entry('additionalProperties', additional)]),
    scalar: false,
    samples: [],
  }));
}

interface Properties {
  readonly yaml: YamlMap;
  readonly names: readonly string[];
  /** Names of required, non-nullable scalar properties. */
  readonly keyable: readonly string[];
}

function properties(depth: number, typeNames: readonly string[], max: number): fc.Arbitrary<Properties> {
  return fc.array(fc.tuple(hostileName, property(depth, typeNames)), { maxLength: max }).map((list) => ({
    yaml: map(list.map(([name, def]) => [name, def.yaml])),
    names: list.map(([name]) => name),
    keyable: list.filter(([, def]) => def.scalar).map(([name]) => name),
  }));
}

// ---------------------------------------------------------------------------------------------
// Deliberate mistakes, one per kind of refusal, added to some taxonomies as an extra event

const prop = (def: YamlValue): YamlMap => map([['properties', map([['p', def]])]]);
const str = (...entries: (readonly [string, YamlValue])[]): YamlMap => map([['type', 'string'], ...entries]);

const BREAKAGES: readonly (readonly [string, YamlValue])[] = [
  ['broken_keyword', map([['descripton', 'misspelled']])],
  ['broken_identity', map([['identity', 'user']])],
  ['broken_type', prop('strin')],
  ['broken_range', prop(str(['minLength', n('5')], ['maxLength', n('2')]))],
  ['broken_unique_items', prop(map([['type', 'array'], ['items', 'boolean'], ['minItems', n('3')], ['uniqueItems', true]]))],
  ['broken_integer_range', prop(map([['type', 'integer'], ['exclusiveMinimum', n('1')], ['exclusiveMaximum', n('2')]]))],
  ['broken_empty_enum', prop(str(['enum', []]))],
  ['broken_duplicate_enum', prop(str(['enum', ['a', 'a']]))],
  ['broken_negative_zero_enum', prop(map([['type', 'number'], ['enum', [n('0'), n('-0', 0)]]]))],
  ['broken_not_applicable', prop(map([['type', 'number'], ['pattern', '^x$']]))],
  ['broken_missing_type', prop(map([['required', true]]))],
  ['broken_missing_items', prop(map([['type', 'array']]))],
  ['broken_unsafe_pattern', prop(str(['pattern', '^(a+)+$']))],
  ['broken_invalid_pattern', prop(str(['pattern', '[a-z']))],
  ['broken_const', prop(str(['const', n('5')]))],
  ['broken_example', prop(str(['pattern', '^[A-Z]{2}$'], ['examples', ['us']]))],
  ['broken_wrong_type', prop(str(['minLength', '3']))],
  ['broken_format', prop(str(['format', 'ipv4']))],
  ['broken_key', map([['idempotencyKey', ['nowhere']]])],
  ['broken_envelope', map([['properties', map([['userId', 'string']])]])],
  ['broken_forbidden', map([['properties', map([['constructor', 'string']])]])],
  ['broken_collision', map([['properties', map([['plan_id', 'string'], ['planId', 'string']])]])],
  ['broken_tag', map([['description', raw('!!str 123')]])],
  ['broken_anchor', map([['description', raw('&a x')]])],
  ['broken_ambiguous', map([['tags', [raw('yes')]]])],
  ['broken_control', map([['description', raw('"bell\u0007"')]])],
  ['broken_unsafe_number', prop(map([['type', 'integer'], ['maximum', n('9007199254740993')]]))],
  ['valueOf', map([])],
  ['NaN', map([])],
  ['flokit', map([])],
  ['x\u202Eevil', map([])],
  ['!!!', map([])],
];

const breakage = maybe(fc.constantFrom(...BREAKAGES), 15);

// ---------------------------------------------------------------------------------------------
// Whole taxonomies

export interface TaxonomyCase {
  readonly yaml: string;
  /** Event wire names as written, in order. */
  readonly events: readonly string[];
  /** Per event: its own property names as written, then the common ones. */
  readonly propertyNames: ReadonlyMap<string, readonly string[]>;
}

const identity = maybe(fc.constantFrom('either', 'user_id', 'anonymous_id'), 75);

function event(typeNames: readonly string[], common: Properties): fc.Arbitrary<readonly [string, YamlValue, readonly string[]]> {
  return fc
    .record({
      name: hostileName,
      identity,
      props: maybe(properties(1, typeNames, 6), 85),
      description: maybe(hostileText, 50),
      deprecated: maybe(fc.oneof(fc.constant<YamlValue>(true), hostileText), 15),
      additional: maybe(fc.boolean(), 20),
      tags: maybe(fc.uniqueArray(hostileValue, { maxLength: 3 }), 30),
      keyPick: fc.nat(),
      keyStyle: fc.oneof({ weight: 150, arbitrary: fc.constantFrom('none', 'property', 'envelope') }, { weight: 1, arbitrary: fc.constant('bad') }),
    })
    .map((e) => {
      const keyable = [...(e.props?.keyable ?? []), ...common.keyable];
      const pick = keyable.length === 0 ? undefined : keyable[e.keyPick % keyable.length];
      const envelopeId = e.identity === 'user_id' || e.identity === 'anonymous_id' ? e.identity : undefined;
      const key =
        e.keyStyle === 'property' && pick !== undefined ? [pick]
        : e.keyStyle === 'envelope' && envelopeId !== undefined ? (pick === undefined ? [envelopeId] : [envelopeId, pick])
        : e.keyStyle === 'bad' ? ['timestamp']
        : undefined;
      const body = map([
        entry('description', e.description),
        entry('identity', e.identity),
        entry('deprecated', e.deprecated),
        entry('additionalProperties', e.additional),
        entry('idempotencyKey', key),
        entry('tags', e.tags),
        entry('properties', e.props?.yaml),
      ]);
      return [e.name, body, [...(e.props?.names ?? []), ...common.names]] as const;
    });
}

/** A whole taxonomy: header, shared types (a DAG: each refers only to later ones), common properties, events. */
export const taxonomyCase: fc.Arbitrary<TaxonomyCase> = fc
  .uniqueArray(fc.oneof(hostileName, word), { maxLength: 3 })
  .chain((typeNames) =>
    fc
      .record({
        style: fc.record({ escapeNonAscii: fc.boolean(), plainWords: fc.boolean() }),
        description: maybe(hostileText, 50),
        types: fc.tuple(...typeNames.map((_, i) => property(2, typeNames.slice(i + 1)))),
        common: maybe(properties(1, typeNames, 3), 40),
      })
      .chain(({ style, description, types, common }) => {
        const commonProps = common ?? { yaml: map([]), names: [], keyable: [] };
        return fc.tuple(fc.array(event(typeNames, commonProps), { minLength: 1, maxLength: 5 }), breakage).map(([events, broken]) => {
          const typeEntries = typeNames.map((name, i): readonly [string, YamlValue] => {
            const def = (types[i] as Definition).yaml;
            return [name, isMap(def) ? map(def.entries.filter(([k]) => k !== 'required')) : def];
          });
          const root = map([
            ['taxonomy', 'fuzz'],
            ['version', '1.0.0'],
            entry('description', description),
            entry('types', typeEntries.length > 0 ? map(typeEntries) : undefined),
            entry('commonProperties', common === undefined ? undefined : common.yaml),
            ['events', map([...events.map(([name, body]) => [name, body] as const), broken])],
          ]);
          return {
            yaml: writeYaml(root, style),
            events: events.map(([name]) => name),
            propertyNames: new Map(events.map(([name, , props]) => [name, props])),
          };
        });
      }),
  );
