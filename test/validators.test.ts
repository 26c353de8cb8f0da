// Differential tests of the generated validators (src/emit/validators.ts) against the oracle: ajv
// (draft 2020-12, strict, strictNumbers, allErrors, ajv-formats "full") on the schemas json-schema.ts
// emits for the same IR. For the bundled taxonomy and small taxonomies covering every feature:
// payloads generated valid from the IR are accepted by both, payloads with one violation of each
// kind are rejected by both (and ours names the violation's code and path), and fuzzed payloads
// get the same verdict from both. The generated module is written to test/.tmp/, type-checked
// under the project's compiler options, and imported.
import { copyFileSync, mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Options, ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyEventSchema, eventSchema } from '../src/emit/json-schema.js';
import { emitValidators } from '../src/emit/validators.js';
import { literal } from '../src/emit/writer.js';
import { loadTaxonomy } from '../src/index.js';
import type { EventDef, Taxonomy } from '../src/model/ir.js';
import type { ValidationResult, Violation } from '../templates/runtime/validation.js';
import { oracle } from './support/oracle.js';
import { fuzzedPayload, MUTATION_KINDS, mutatedPayload, validPayload, type JsonObject, type MutationKind } from './support/payloads.js';


const SEED = 20261126;
const RUNS = 1000;
const TMP = resolve('test/.tmp');

// ---------------------------------------------------------------------------------------------
// Taxonomies: the bundled one, and one per group of features

const SCALARS = `
taxonomy: scalars
version: 1.0.0
events:
  scalar_event:
    identity: anonymous_id
    properties:
      platform: { type: string, enum: [ios, android, web], required: true }
      tier: { type: integer, enum: [1, 2, 3] }
      ratio: { type: number, enum: [0.5, 1.5, -2] }
      kind: { type: string, const: fixed }
      version: { type: integer, const: 2 }
      flag: { type: boolean, const: true }
      enabled: boolean
      maybe_enum: { type: string, enum: [a, b], nullable: true }
      coupon_required_nullable: { type: string, required: true, nullable: true }
      coupon_optional_nullable: { type: string, nullable: true }
      count_nullable: { type: integer, nullable: true, minimum: 0 }
      age: { type: integer, minimum: 0, maximum: 150 }
      score: { type: number, exclusiveMinimum: 0, exclusiveMaximum: 1 }
      temperature: { type: number, minimum: -273.15 }
      small_int: { type: integer, exclusiveMinimum: -5, exclusiveMaximum: 5 }
      price: { type: number, multipleOf: 0.01, minimum: 0, maximum: 10000 }
      step: { type: integer, multipleOf: 5 }
      half: { type: number, multipleOf: 0.5 }
      anything: number
      count: integer
      short_name: { type: string, minLength: 2, maxLength: 5 }
      greeting: { type: string, pattern: "^\\\\p{Lu}[\\\\p{Ll}\\\\u{1F389}]{1,8}$" }
      code: { type: string, pattern: "^[A-Z]{2}-\\\\d{3}$", minLength: 6, maxLength: 6 }
      accent: { type: string, pattern: "é" }
      happened_at: { type: string, format: date-time }
      day: { type: string, format: date, nullable: true }
      email: { type: string, format: email }
      site: { type: string, format: uri, maxLength: 80 }
      id: { type: string, format: uuid, required: true }
  nothing_happened: {}
  user_only:
    identity: user_id
`;

const STRUCTURES = `
taxonomy: structures
version: 1.0.0
types:
  money:
    type: object
    properties:
      amount: { type: amount, required: true }
      currency: { type: currency, required: true }
  amount: { type: number, minimum: 0 }
  price: amount
  currency: { type: string, pattern: "^[A-Z]{3}$" }
  maybe_label: { type: string, nullable: true, maxLength: 10 }
  tag: { type: string, minLength: 1, maxLength: 12 }
  point:
    type: object
    nullable: true
    properties:
      x: { type: number, required: true }
      y: { type: number, required: true }
commonProperties:
  app_version: { type: string, required: true, minLength: 1 }
  locale: { type: string, pattern: "^[a-z]{2}(-[A-Z]{2})?$" }
events:
  order_placed:
    identity: user_id
    properties:
      total: { type: money, required: true }
      discount: { type: money, nullable: true }
      unit_price: price
      label: maybe_label
      labels: { type: array, items: maybe_label, maxItems: 4 }
      tags: { type: array, items: tag, uniqueItems: true, minItems: 1, maxItems: 5 }
      scores: { type: array, items: { type: integer, minimum: 0, maximum: 9 }, uniqueItems: true, maxItems: 6 }
      matrix: { type: array, items: { type: array, items: number, maxItems: 3 }, maxItems: 3 }
      lines:
        type: array
        minItems: 1
        uniqueItems: true
        items:
          type: object
          properties:
            sku: { type: string, required: true, minLength: 1 }
            qty: { type: integer, required: true, minimum: 1 }
            note: { type: string, nullable: true }
            status: { type: string, enum: [new, paid, "shipped later"], required: true }
      shipping:
        type: object
        required: true
        properties:
          country: { type: string, required: true, pattern: "^[A-Z]{2}$" }
          express: boolean
          speed: { type: integer, enum: [1, 2, 3], nullable: true }
          address:
            type: object
            nullable: true
            properties:
              line1: { type: string, required: true }
              extra: { type: object, additionalProperties: true, properties: { floor: integer } }
      meta: { type: object, additionalProperties: true, properties: { source: string } }
      nullable_strings: { type: array, items: { type: string, nullable: true }, uniqueItems: true, maxItems: 4 }
      nullable_refs: { type: array, items: { type: currency, nullable: true }, uniqueItems: true, maxItems: 3 }
      path: { type: array, items: point, uniqueItems: true, maxItems: 3 }
      required_nullable_point: { type: point, required: true }
  free_form:
    identity: either
    additionalProperties: true
    properties:
      source: string
      where: point
  anonymous_ping:
    identity: anonymous_id
`;

// Hostile text everywhere a taxonomy string reaches the generated code.
const HOSTILE_EVENT = 'quote" back\\slash */ ${x} `tick` 🎉 </script>';
const HOSTILE_TYPE = 'tag */ `x` ${y}';
const HOSTILE_VALUES = ['a"b', 'c\\d', '*/', '/*', '${x}', '`tick`', 'line\u2028sep', 'para\u2029sep', '🎉 party', '</script>', "it's", '\\u0041'];
// What the loader refuses (invisible characters, lone surrogates) still must not break the emitter:
// injected into the IR directly.
const INVISIBLE_VALUES = ['rtl\u202Eoverride', 'nul\u0000char', 'del\u007F\u0085c1', 'lone \uD800 surrogate', 'zw\u200Bj\u200D', 'bom\uFEFF'];
const INVISIBLE_PROPERTY = 'emoji\u2028🎉\u202Eprop';

function yamlString(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029\u202E]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

const HOSTILE = [
  'taxonomy: hostile',
  'version: 1.0.0',
  'types:',
  `  ${yamlString(HOSTILE_TYPE)}:`,
  '    type: string',
  `    enum: [${HOSTILE_VALUES.map(yamlString).join(', ')}]`,
  'events:',
  `  ${yamlString(HOSTILE_EVENT)}:`,
  `    description: ${yamlString('*/ evil(); /* \u2028 ${x} `y`')}`,
  '    identity: either',
  '    properties:',
  `      ${yamlString('we"ird */ key')}: { type: string, required: true, pattern: ${yamlString('^[^"\\\\]*\\*/$')}, maxLength: 20 }`,
  `      ${yamlString('a/b~c')}: { type: integer, enum: [1, 2] }`,
  `      ${yamlString('${inject}')}: ${yamlString(HOSTILE_TYPE)}`,
  `      ${yamlString('`back`')}: { type: string, const: ${yamlString('`${x}`*/\u2028')} }`,
  `      ${yamlString('emoji 🎉 prop')}: { type: string, pattern: ${yamlString('^🎉+$')} }`,
  `      ${yamlString('Ünïcödé ключ')}:`,
  '        type: object',
  '        additionalProperties: true',
  '        properties:',
  `          ${yamlString('in"ner */')}: { type: array, items: ${yamlString(HOSTILE_TYPE)}, uniqueItems: true }`,
  `  ${yamlString('plain but */ odd')}:`,
  '    identity: user_id',
  '    additionalProperties: true',
  '    properties:',
  `      ${yamlString('x"y')}: { type: number, multipleOf: 0.01 }`,
  '',
].join('\n');

interface Case {
  readonly name: string;
  readonly path?: string;
  readonly yaml?: string;
  /** Applied to the loaded IR: for what the loader would refuse. */
  readonly transform?: (taxonomy: Taxonomy) => Taxonomy;
}

// Past the emitter's limits of 32: properties checked by helper functions (at the top, in a shared
// type, and in objects inside arrays, where paths are built at run time), enums and known keys by a
// switch. `many(3, f)` is f(0), f(1), f(2), comma-separated.
const many = (n: number, f: (i: number) => string, joiner = ', '): string => Array.from({ length: n }, (_, i) => f(i)).join(joiner);
const WIDE = `
taxonomy: wide
version: 1.0.0
types:
  row:
    type: object
    properties:
${many(40, (i) => `      c${i}: { type: integer, minimum: ${i}${i % 5 === 0 ? ', required: true' : ''} }`, '\n')}
events:
  wide_event:
    identity: user_id
    properties:
${many(70, (i) => `      p${i}: ${i % 7 === 0 ? `{ type: string, required: true, enum: [${many(40, (j) => `v${j}`)}] }` : i % 3 === 0 ? '{ type: number, nullable: true, maximum: 10 }' : 'boolean'}`, '\n')}
      rows: { type: array, items: row, maxItems: 3 }
      inline_rows:
        type: array
        maxItems: 3
        items:
          type: object
          properties:
${many(36, (i) => `            q${i}: { type: string, maxLength: 3${i % 9 === 0 ? ', required: true' : ''} }`, '\n')}
      code: { type: integer, enum: [${many(35, (j) => String(j * 3))}] }
`;

function withInvisibles(taxonomy: Taxonomy): Taxonomy {
  const [type, ...types] = taxonomy.types;
  const [event, ...events] = taxonomy.events;
  if (type === undefined || event === undefined || type.shape.kind !== 'string') throw new Error('hostile taxonomy changed');
  return {
    ...taxonomy,
    types: [{ ...type, shape: { ...type.shape, enum: [...(type.shape.enum ?? []), ...INVISIBLE_VALUES] } }, ...types],
    events: [{ ...event, properties: event.properties.map((p) => (p.name === 'emoji 🎉 prop' ? { ...p, name: INVISIBLE_PROPERTY } : p)) }, ...events],
  };
}

const CASES: readonly Case[] = [
  { name: 'flokit', path: 'taxonomy/flokit.yaml' },
  { name: 'scalars', yaml: SCALARS },
  { name: 'structures', yaml: STRUCTURES },
  { name: 'hostile', yaml: HOSTILE },
  { name: 'invisible', yaml: HOSTILE, transform: withInvisibles },
  { name: 'wide', yaml: WIDE },
];

// ---------------------------------------------------------------------------------------------
// Emitting, importing, and the oracle

type Validate = (input: unknown) => ValidationResult<unknown>;
type Guard = (input: unknown) => boolean;

interface Generated {
  readonly validateEvent: Validate;
  readonly [name: string]: unknown;
}

interface Prepared {
  readonly taxonomy: Taxonomy;
  readonly source: string;
  readonly module: Generated;
  readonly ajvEvent: ReadonlyMap<string, ValidateFunction>;
  readonly ajvAny: ValidateFunction;
}

function load(c: Case, dir: string): Taxonomy {
  let path = c.path;
  if (c.yaml !== undefined) {
    path = join(dir, 'taxonomy.yaml');
    writeFileSync(path, c.yaml);
  }
  const { taxonomy, diagnostics } = loadTaxonomy(path ?? '');
  expect(diagnostics).toEqual([]);
  return c.transform === undefined ? (taxonomy as Taxonomy) : c.transform(taxonomy as Taxonomy);
}

/** types.ts stand-in: the generated validators need only the names to exist. */
function typesStub(taxonomy: Taxonomy): string {
  const events = taxonomy.events.map((e) => `export type ${e.names.eventType} = { readonly event: ${literal(e.name)}; readonly [key: string]: unknown };`);
  const union = taxonomy.events.length === 0 ? 'never' : taxonomy.events.map((e) => e.names.eventType).join(' | ');
  return [...events, `export type FloKitEvent = ${union};`, ''].join('\n');
}

const DIRS: string[] = [];

async function prepare(c: Case, ajvOptions: Options = {}): Promise<Prepared> {
  const dir = join(TMP, `validators-${c.name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'runtime'), { recursive: true });
  DIRS.push(dir);
  const taxonomy = load(c, dir);
  const source = emitValidators(taxonomy);
  writeFileSync(join(dir, 'validators.ts'), source);
  writeFileSync(join(dir, 'types.ts'), typesStub(taxonomy));
  for (const file of ['formats.ts', 'validation.ts']) copyFileSync(join('templates/runtime', file), join(dir, 'runtime', file));
  const module = (await import(pathToFileURL(join(dir, 'validators.ts')).href)) as Generated;
  const ajvEvent = new Map<string, ValidateFunction>();
  const single = oracle(ajvOptions);
  for (const event of taxonomy.events) ajvEvent.set(event.name, single.compile(eventSchema(taxonomy, event)));
  const ajvAny = oracle(ajvOptions).compile(anyEventSchema(taxonomy));
  return { taxonomy, source, module, ajvEvent, ajvAny };
}

afterAll(() => {
  for (const dir of DIRS) rmSync(dir, { recursive: true, force: true });
  try {
    rmdirSync(TMP);
  } catch {
    // Not empty: other tests use it too.
  }
});

interface Verdicts {
  readonly one: ValidationResult<unknown>;
  readonly guard: boolean;
  readonly any: ValidationResult<unknown>;
  readonly ajvOne: boolean;
  readonly ajvAny: boolean;
}

function verdicts(p: Prepared, event: EventDef, payload: unknown): Verdicts {
  const validate = p.module[event.names.validate] as Validate;
  const guard = p.module[event.names.guard] as Guard;
  const ajvOne = p.ajvEvent.get(event.name) as ValidateFunction;
  return { one: validate(payload), guard: guard(payload), any: p.module.validateEvent(payload), ajvOne: ajvOne(payload), ajvAny: p.ajvAny(payload) };
}

function violations(result: ValidationResult<unknown>): readonly Violation[] {
  return result.valid ? [] : result.violations;
}

/** The (event, payload) pairs of a taxonomy, events chosen uniformly. */
function perEvent<T>(taxonomy: Taxonomy, arbitrary: (event: EventDef) => fc.Arbitrary<T>): fc.Arbitrary<readonly [EventDef, T]> {
  return fc.constantFrom(...taxonomy.events).chain((event) => arbitrary(event).map((value) => [event, value] as const));
}

const PREPARED = new Map<string, Prepared>();

beforeAll(async () => {
  for (const c of CASES) PREPARED.set(c.name, await prepare(c));
}, 60_000);

function prepared(name: string): Prepared {
  const p = PREPARED.get(name);
  if (p === undefined) throw new Error(`case ${name} was not prepared`);
  return p;
}

// ---------------------------------------------------------------------------------------------
// Differential properties

describe.each(CASES.map((c) => c.name))('generated validators for %s', (name) => {
  it(`accept every valid payload, as ajv does (${RUNS} cases)`, () => {
    const p = prepared(name);
    fc.assert(
      fc.property(perEvent(p.taxonomy, (e) => validPayload(p.taxonomy, e)), ([event, payload]) => {
        const v = verdicts(p, event, payload);
        expect(violations(v.one)).toEqual([]);
        expect(v.one).toEqual({ valid: true, value: payload });
        expect(v.guard).toBe(true);
        expect(violations(v.any)).toEqual([]);
        expect(v.ajvOne).toBe(true);
        expect(v.ajvAny).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 60_000);

  it(`reject every mutated payload with the expected violation, as ajv does (${RUNS} cases)`, () => {
    const p = prepared(name);
    const seen = new Set<MutationKind>();
    fc.assert(
      fc.property(perEvent(p.taxonomy, (e) => mutatedPayload(p.taxonomy, e)), ([event, m]) => {
        seen.add(m.kind);
        const v = verdicts(p, event, m.payload);
        expect(v.ajvOne).toBe(false);
        expect(v.ajvAny).toBe(false);
        expect(v.guard).toBe(false);
        const expectedAny = { code: m.code, path: m.path };
        const expectedOne = m.kind === 'unknown-event' ? { code: 'not-in-enum', path: '/event' } : expectedAny;
        expect(violations(v.any).map(({ code, path }) => ({ code, path }))).toContainEqual(expectedAny);
        expect(violations(v.one).map(({ code, path }) => ({ code, path }))).toContainEqual(expectedOne);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect([...seen].sort()).toEqual([...MUTATION_KINDS].sort());
  }, 60_000);

  it(`give ajv's verdict on fuzzed payloads (${RUNS} cases)`, () => {
    const p = prepared(name);
    let accepted = 0;
    fc.assert(
      fc.property(perEvent(p.taxonomy, (e) => fuzzedPayload(p.taxonomy, e)), ([event, payload]) => {
        const v = verdicts(p, event, payload);
        expect({ one: v.one.valid, any: v.any.valid, guard: v.guard }).toEqual({ one: v.ajvOne, any: v.ajvAny, guard: v.ajvOne });
        if (v.ajvOne) accepted++;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Both verdicts occur often: the fuzzing probes the boundary, not only far outside it.
    expect(accepted).toBeGreaterThan(RUNS * 0.05);
    expect(accepted).toBeLessThan(RUNS * 0.95);
  }, 60_000);

  it('give ajv\'s verdict on arbitrary values', () => {
    const p = prepared(name);
    const event = fc.constantFrom(...p.taxonomy.events);
    const value = fc.oneof(fc.jsonValue(), fc.anything(), fc.constantFrom<unknown>(null, [], {}, 'x', 1, { event: p.taxonomy.events[0]?.name }));
    fc.assert(
      fc.property(event, value, (e, payload) => {
        const v = verdicts(p, e, payload);
        expect({ one: v.one.valid, any: v.any.valid }).toEqual({ one: v.ajvOne, any: v.ajvAny });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The generated module itself

describe('the generated module', () => {
  it('type-checks under the project compiler options (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes)', () => {
    const config = ts.readConfigFile('tsconfig.json', (path) => ts.sys.readFile(path));
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, resolve('.'));
    const roots = CASES.map((c) => join(TMP, `validators-${c.name}`, 'validators.ts'));
    const program = ts.createProgram(roots, options);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  }, 60_000);

  it.each(CASES.map((c) => c.name))('%s: is byte-identical when generated twice', (name) => {
    expect(emitValidators(prepared(name).taxonomy)).toBe(prepared(name).source);
  });

  it.each(CASES.map((c) => c.name))('%s: declares only $-prefixed internal names and the documented exports', (name) => {
    const { taxonomy, source } = prepared(name);
    const declared = [...source.matchAll(/^(export )?(?:const|let|function|class) ([^\s(:=<]+)/gm)].map((m) => [m[1] !== undefined, m[2] as string] as const);
    const exported = declared.filter(([isExported]) => isExported).map(([, id]) => id);
    expect(exported.sort()).toEqual([...taxonomy.events.flatMap((e) => [e.names.validate, e.names.guard]), 'validateEvent', 'isFloKitEvent'].sort());
    expect(declared.filter(([isExported, id]) => !isExported && !id.startsWith('$'))).toEqual([]);
    // Locals too: every `const`/`let` inside functions.
    expect([...source.matchAll(/\b(?:const|let) ([^\s:=]+)/g)].map((m) => m[1] as string).filter((id) => !id.startsWith('$'))).toEqual([]);
  });

  it.each(CASES.map((c) => c.name))('%s: builds regexes once at module level, side-effect free, and nothing dynamic', (name) => {
    const { source } = prepared(name);
    for (const line of source.split('\n').filter((l) => l.includes('RegExp'))) expect(line).toMatch(/^const \$re_\d+ = \/\*#__PURE__\*\/ new RegExp\('.*', 'u'\);$/);
    expect(source).not.toMatch(/new Set|new Map|new Function|\beval\(|=>|\bclass\b/);
    expect(source).not.toMatch(/^import (?!\* as \$[fv] from '\.\/runtime\/(formats|validation)\.js';$|type \{)/m);
  });

  it('checks many properties in helper functions and long lists with a switch', () => {
    const { source } = prepared('wide');
    // Helpers are named after their checker (then `$` and a count), so they depend on nothing else.
    const helpers = [...source.matchAll(/^function (\$\w+\$\d+)\(o: \$v\.Fields, \$p: string, \$e: \$v\.Violations\): \$v\.Violations \{$/gm)].map((m) => m[1]);
    expect(helpers).toEqual(['$type_Row$0', '$type_Row$1', '$check_WideEvent$0', '$check_WideEvent$1', '$check_WideEvent$3', '$check_WideEvent$4', '$check_WideEvent$2']);
    expect(source).toContain("    $e = $check_WideEvent$2($properties, '/properties', $e);");
    expect(source).toContain('    $e = $type_Row$0(x, $p, $e);');
    expect(source).toMatch(/\$e = \$check_WideEvent\$[34]\(\$\d+, \$p \+ '\/inline_rows\/' \+ \$i\d+, \$e\);/);
    expect(source).toMatch(/switch \(\$k\d+\) \{\n(\s+case 'p\d+':\n){70}(\s+case '(rows|inline_rows|code)':\n){3}\s+continue;\n/);
    expect(source).toMatch(/switch \(\$\d+\) \{\n(\s+case 'v\d+':\n){40}\s+break;\n\s+default:\n\s+\$e = \$v\.notInEnum/);
  });

  it('reads as plain TypeScript: typeof first, === chains, constant paths', () => {
    const { source } = prepared('flokit');
    expect(source).toMatch(/ if \(x !== 'ios' && x !== 'android' && x !== 'web'\) \{\n\s+\$e = \$v\.notInEnum\(\$e, \$p, 'must be one of: ios, android, web'\);\n/);
    // Simple patterns by character codes (test/patterns.test.ts), the rest as regexes.
    expect(source).toContain("// The pattern '^[A-Z]{2}$' (u), by character codes.\nfunction $pat_0($s: string): boolean {\n  if ($s.length !== 2) return false;");
    expect(source).toContain('    if ($c < 65 || $c > 90) return false;');
    expect(source).toContain("if (!$pat_0(x)) $e = $v.constraint($e, $p, 'must match pattern ^[A-Z]{2}$');");
    expect(prepared('structures').source).toMatch(/^const \$re_\d+ = \/\*#__PURE__\*\/ new RegExp\(/m);
    expect(source).toContain("$e = $type_Platform($0, '/properties/platform', $e);");
    expect(source).toContain("switch ($event) {\n    case 'user_created':\n      return $v.result<FloKitEvent>(input, $check_UserCreated(input));");
    expect(prepared('structures').source).toMatch(/\$e = \$v\.constraint\(\$e, '\/properties\/scores\/' \+ \$i\d+, 'must be at most 9'\);/);
    expect(prepared('structures').source).toContain('must be one of: new, paid, "shipped later"');
  });

  it.each(['hostile', 'invisible'])('%s: carries taxonomy text only inside string literals', (name) => {
    const { source, taxonomy } = prepared(name);
    expect(source).not.toMatch(/[\u2028\u2029\u202E]/u);
    // Outside string literals (and the import paths) there is nothing from the taxonomy.
    const code = source.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''");
    expect(code).not.toMatch(/evil|weird|tick|inject|🎉|\$\{|`|\\/u);
    expect(code.match(/\/\*|\*\//g)?.length).toBe(2 * (code.match(/\/\*#__PURE__\*\//g)?.length ?? 0));
    // Round trip: every hostile string appears as its literal, so it was escaped, not spliced.
    for (const text of [HOSTILE_EVENT, ...HOSTILE_VALUES, 'we"ird */ key', '${inject}']) expect(source).toContain(literal(text));
    expect(taxonomy.events[0]?.name).toBe(HOSTILE_EVENT);
    if (name === 'invisible') for (const text of [...INVISIBLE_VALUES, INVISIBLE_PROPERTY]) expect(source).toContain(literal(text));
    expect(source).not.toMatch(/[\p{Cc}\p{Cf}\u2028\u2029](?<!\n)/u);
  });
});

// ---------------------------------------------------------------------------------------------
// Violations as users read them

describe('violations', () => {
  const base = { event: 'paywall_viewed', user_id: 'usr_1', timestamp: '2024-03-15T14:22:00Z', properties: { paywall_id: 'pw_1' } };

  it('name the code, the JSON pointer and a readable message, for every problem at once', () => {
    const { module } = prepared('flokit');
    const result = module.validateEvent({
      ...base,
      user_id: undefined,
      timestamp: '2024-03-15T14:22:00',
      extra: 1,
      properties: { paywall_id: '', plan_ids: ['a', 'a', 3], context: null, 'a/b~c': true },
    });
    expect(result).toEqual({
      valid: false,
      violations: [
        { code: 'missing-identity', path: '/user_id', message: 'is required: paywall_viewed needs user_id' },
        { code: 'constraint-failed', path: '/timestamp', message: 'must be an RFC 3339 date-time such as 2024-03-15T14:22:00Z' },
        { code: 'constraint-failed', path: '/properties/paywall_id', message: 'must not be empty' },
        { code: 'constraint-failed', path: '/properties/plan_ids', message: 'must not contain duplicate items' },
        { code: 'wrong-type', path: '/properties/plan_ids/2', message: 'must be a string (got integer)' },
        { code: 'wrong-type', path: '/properties/context', message: 'must be a string (got null)' },
        { code: 'unexpected-property', path: '/properties/a~1b~0c', message: 'is not a property of paywall_viewed' },
        { code: 'unexpected-property', path: '/extra', message: 'is not a field of the event envelope (event, user_id, anonymous_id, timestamp, properties)' },
      ],
    });
  });

  it('report enums, patterns, lengths, identity and unknown events in words', () => {
    const { module } = prepared('flokit');
    const messages = (input: unknown): string[] => violations(module.validateEvent(input)).map((v) => `${v.code} ${v.path} ${v.message}`);
    expect(messages({ event: 'user_created', user_id: 'u', timestamp: base.timestamp, properties: { platform: 'tv', country: 'usa' } })).toEqual([
      'not-in-enum /properties/platform must be one of: ios, android, web',
      'constraint-failed /properties/country must match pattern ^[A-Z]{2}$',
    ]);
    expect(messages({ event: 'install_attributed', timestamp: base.timestamp, properties: { campaign_id: 'c', channel: 'meta' } })).toEqual([
      'missing-identity  needs user_id or anonymous_id',
    ]);
    expect(messages({ ...base, event: 'paywall_seen' })).toEqual(['unknown-event /event "paywall_seen" is not an event of flokit']);
    expect(messages({ ...base, event: undefined })).toEqual(['unknown-event /event is required: it names the flokit event']);
    expect(messages({ ...base, event: 7 })).toEqual(['wrong-type /event must be a string (got integer)']);
    expect(messages([base])).toEqual(['wrong-type  must be an object (got array)']);
    const one = prepared('flokit').module['validatePaywallViewed'] as Validate;
    expect(violations(one({ ...base, event: 'user_created' }))).toEqual([{ code: 'not-in-enum', path: '/event', message: 'must be "paywall_viewed"' }]);
    expect(violations(one({ ...base, event: undefined }))).toEqual([{ code: 'missing-required', path: '/event', message: 'is required' }]);
    const scalars = prepared('scalars').module['validateScalarEvent'] as Validate;
    const scalarBase = { event: 'scalar_event', anonymous_id: 'a', timestamp: base.timestamp };
    expect(violations(scalars({ ...scalarBase, properties: { platform: 'web', coupon_required_nullable: null, id: '123e4567-e89b-12d3-a456-426614174000', short_name: '🎉🎉🎉🎉🎉🎉', price: 19.99, age: 1.5, score: 1 } })).map((v) => v.message)).toEqual([
      'must be an integer (got number)',
      'must be less than 1',
      'must be a multiple of 0.01',
      'must be at most 5 characters',
    ]);
  });

  it('return the input itself as the value of a valid result', () => {
    const payload = structuredClone(base);
    expect(prepared('flokit').module.validateEvent(payload)).toEqual({ valid: true, value: payload });
    expect((prepared('flokit').module.validateEvent(payload) as { value: unknown }).value).toBe(payload);
  });
});

// ---------------------------------------------------------------------------------------------
// Values JSON cannot carry, which JavaScript callers can still pass

describe('non-JSON values', () => {
  const cases: readonly (readonly [string, unknown])[] = [
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['-0', -0],
    ['1e21', 1e21],
    ['undefined', undefined],
    ['a function', () => 1],
    ['a Date', new Date(0)],
    ['a bigint', 1n],
  ];

  it.each(cases)('get ajv\'s verdict for %s in every position of the scalars event', (_label, value) => {
    const p = prepared('scalars');
    const event = p.taxonomy.events[0] as EventDef;
    const payload: JsonObject = { event: event.name, anonymous_id: 'a', timestamp: '2024-03-15T14:22:00Z', properties: { platform: 'ios', coupon_required_nullable: null, id: '123e4567-e89b-12d3-a456-426614174000' } };
    for (const property of event.properties) {
      const mutated = { ...payload, properties: { ...(payload['properties'] as JsonObject), [property.name]: value } } as unknown;
      const v = verdicts(p, event, mutated);
      expect({ property: property.name, ours: v.one.valid, any: v.any.valid }).toEqual({ property: property.name, ours: v.ajvOne, any: v.ajvAny });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Where the schemas or ajv are wrong: documented here, not imitated

describe('known disagreements', () => {
  const NULLABLE_CONST: Case = {
    name: 'nullable-const',
    yaml: ['taxonomy: nullable-const', 'version: 1.0.0', 'events:', '  e:', '    properties:', '      c: { type: string, const: x, nullable: true }', '      b: { type: boolean, const: true, nullable: true }', ''].join('\n'),
  };

  it('our validators accept null for a nullable const, as the IR says', async () => {
    const p = await prepare(NULLABLE_CONST);
    const event = p.taxonomy.events[0] as EventDef;
    const payload = { event: 'e', user_id: 'u', timestamp: '2024-03-15T14:22:00Z', properties: { c: null, b: null } };
    expect(verdicts(p, event, payload).one.valid).toBe(true);
    expect(verdicts(p, event, { ...payload, properties: { c: 'y' } }).one.valid).toBe(false);
  });

  // A nullable const is emitted as a two-value enum (a `const` beside it would refuse the null).
  it('ajv on the emitted schema accepts null for a nullable const', async () => {
    const p = await prepare(NULLABLE_CONST);
    const event = p.taxonomy.events[0] as EventDef;
    const payload = { event: 'e', user_id: 'u', timestamp: '2024-03-15T14:22:00Z', properties: { c: null, b: null } };
    expect(verdicts(p, event, payload).ajvOne).toBe(true);
  });

  // Event `$id`s carry no percent-escapes (ajv normalises them differently in `$id` and `$ref`), so
  // the any-event and batch schemas compile whatever the event names.
  it('ajv compiles the any-event schema of a taxonomy with an event name needing %-encoding', () => {
    expect(() => oracle().compile(anyEventSchema(prepared('hostile').taxonomy))).not.toThrow();
  });

  // Object.prototype member names (`toString`, `valueOf`, ...) are refused by the loader: every
  // object inherits them, so code that reads `payload.toString` (ajv by default included) never
  // sees them as absent.
  it('refuses property names every object inherits', () => {
    const yaml = ['taxonomy: prototype-names', 'version: 1.0.0', 'events:', '  proto_event:', '    properties:', '      toString: string', '      valueOf: integer', ''].join('\n');
    const dir = join(TMP, 'validators-prototype-names');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'taxonomy.yaml'), yaml);
    const { taxonomy, diagnostics } = loadTaxonomy(join(dir, 'taxonomy.yaml'));
    expect(taxonomy).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['name-forbidden', 6], ['name-forbidden', 7]]);
  });

  // ajv's uniqueItems for scalar items indexes them in a plain object, where the key `__proto__`
  // never sticks: two "__proto__" strings pass. Ours compares values and refuses them.
  it('uniqueItems with two "__proto__" strings: ours refuse, ajv (wrongly) accepts', () => {
    const p = prepared('flokit');
    const event = p.taxonomy.events.find((e) => e.name === 'paywall_viewed') as EventDef;
    const payload = { event: 'paywall_viewed', user_id: 'u', timestamp: '2024-03-15T14:22:00Z', properties: { paywall_id: 'p', plan_ids: ['__proto__', '__proto__'] } };
    const v = verdicts(p, event, payload);
    expect(violations(v.one)).toEqual([{ code: 'constraint-failed', path: '/properties/plan_ids', message: 'must not contain duplicate items' }]);
    expect(v.ajvOne).toBe(true);
  });
});

describe('fixture sanity', () => {
  it('the hostile taxonomy keeps its names byte for byte', () => {
    const { taxonomy } = prepared('hostile');
    expect(taxonomy.types[0]?.shape).toMatchObject({ enum: HOSTILE_VALUES });
    expect(readFileSync(join(TMP, 'validators-hostile', 'taxonomy.yaml'), 'utf8')).toContain('\\u2028');
  });
});
