// The change-kind table: before/after taxonomy pairs, one change kind each (and some combinations),
// with the kinds, impacts and bump `flokit-gen diff` must report. Each expected change is written
// `kind event path producer consumer bump`: producer P (breaking) or -, consumer C (breaking),
// c (additive) or -, path - for the event itself. Also: every kind in the catalogue is met here, and
// docs/changing-a-taxonomy.md's table says what the catalogue says.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHANGE_KINDS, diffTaxonomies, requiredBump, type Change } from '../src/diff/index.js';
import { loadTaxonomy, type Taxonomy } from '../src/index.js';

const DIR = mkdtempSync(join(tmpdir(), 'flokit-diff-kinds-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
let files = 0;

export function loadYaml(text: string): Taxonomy {
  const file = join(DIR, `t${files++}.yaml`);
  writeFileSync(file, text);
  const { taxonomy, diagnostics } = loadTaxonomy(file);
  if (taxonomy === undefined) throw new Error(`fixture does not load:\n${text}\n${JSON.stringify(diagnostics, null, 2)}`);
  return taxonomy;
}

/** A taxonomy named shop at `version` with `body` (types, commonProperties, events) under it. */
function shop(body: string, version = '1.0.0'): string {
  return `taxonomy: shop\nversion: ${version}\n${body}\n`;
}

/** One event `e` with these properties (YAML flow mappings, one per line). */
function props(lines: string, eventKeys = ''): string {
  return `events:\n  e:\n${eventKeys}    properties:\n${lines
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n')}`;
}

function line(c: Change): string {
  const producer = c.impact.producer === 'breaking' ? 'P' : '-';
  const consumer = c.impact.consumer === 'breaking' ? 'C' : c.impact.consumer === 'additive' ? 'c' : '-';
  return `${c.kind} ${c.event ?? '-'} ${c.path ?? '-'} ${producer} ${consumer} ${c.bump}`;
}

type Row = readonly [name: string, base: string, head: string, expected: readonly string[]];

const ROWS: readonly Row[] = [
  // events
  ['event added', 'events:\n  a: {}', 'events:\n  a: {}\n  b: {}', ['event-added b - - c minor']],
  ['event removed, deprecated first', 'events:\n  a: {}\n  b: { deprecated: use a }', 'events:\n  a: {}', ['event-removed b - P C major']],
  ['event removed without deprecation', 'events:\n  a: {}\n  b: {}', 'events:\n  a: {}', ['event-removed b - P C major']],
  ['event renamed', 'events:\n  a: {}\n  b: {}', 'events:\n  a: {}\n  c: { renamedFrom: b }', ['event-renamed c - P C major']],
  ['event renamed twice over two versions', 'events:\n  a: {}\n  b: {}', 'events:\n  a: {}\n  d: { renamedFrom: [c, b] }', ['event-renamed d - P C major']],
  ['renamedFrom naming an event base does not have', 'events:\n  a: {}', 'events:\n  a: {}\n  c: { renamedFrom: b }', ['event-added c - - c minor']],
  ['event renamed and changed', props('x: string'), 'events:\n  f:\n    renamedFrom: e\n    properties:\n      x: integer', ['event-renamed f - P C major', 'type-changed f x P C major']],
  ['event deprecated', 'events:\n  a: {}', 'events:\n  a: { deprecated: true }', ['event-deprecated a - - - minor']],
  ['event undeprecated', 'events:\n  a: { deprecated: true }', 'events:\n  a: {}', ['event-undeprecated a - - - patch']],
  ['deprecation message changed', 'events:\n  a: { deprecated: use b }', 'events:\n  a: { deprecated: use c }', ['description-changed a - - - patch']],
  ['event description changed', 'events:\n  a: { description: one }', 'events:\n  a: { description: two }', ['description-changed a - - - patch']],
  ['tags changed', 'events:\n  a: { tags: [x] }', 'events:\n  a: { tags: [x, y] }', ['tags-changed a - - - patch']],
  ['tags reordered: no change', 'events:\n  a: { tags: [x, y] }', 'events:\n  a: { tags: [y, x] }', []],
  ['identity either → user_id', 'events:\n  a: {}', 'events:\n  a: { identity: user_id }', ['identity-changed a - P - major']],
  ['identity user_id → either', 'events:\n  a: { identity: user_id }', 'events:\n  a: {}', ['identity-changed a - - C major']],
  ['identity user_id → anonymous_id', 'events:\n  a: { identity: user_id }', 'events:\n  a: { identity: anonymous_id }', ['identity-changed a - P C major']],
  ['idempotency key added', props('id: { type: string, required: true }'), props('id: { type: string, required: true }', '    idempotencyKey: [id]\n'), ['idempotency-key-changed e - - C major']],
  ['idempotency key fields reordered', props('id: { type: string, required: true }\nn: { type: integer, required: true }', '    idempotencyKey: [id, n]\n'), props('id: { type: string, required: true }\nn: { type: integer, required: true }', '    idempotencyKey: [n, id]\n'), ['idempotency-key-changed e - - C major']],
  ['additionalProperties opened', 'events:\n  a: {}', 'events:\n  a: { additionalProperties: true }', ['additional-properties-opened a - - C major']],
  ['additionalProperties closed', 'events:\n  a: { additionalProperties: true }', 'events:\n  a: {}', ['additional-properties-closed a - P - major']],
  // properties
  ['property added optional', props('x: string'), props('x: string\ny: string'), ['property-added-optional e y - c minor']],
  ['property added required', props('x: string'), props('x: string\ny: { type: string, required: true }'), ['property-added-required e y P c major']],
  ['property added where unlisted ones were accepted', props('x: string', '    additionalProperties: true\n'), props('x: string\ny: string', '    additionalProperties: true\n'), ['property-added-optional e y P c major']],
  ['property removed', props('x: string\ny: string'), props('x: string'), ['property-removed e y P C major']],
  ['property removed where unlisted ones are accepted', props('x: string\ny: string', '    additionalProperties: true\n'), props('x: string', '    additionalProperties: true\n'), ['property-removed e y - C major']],
  ['property renamed', props('x: string'), props('z: { type: string, renamedFrom: x }'), ['property-renamed e z P C major']],
  ['property renamed and made required', props('x: string'), props('z: { type: string, renamedFrom: x, required: true }'), ['property-renamed e z P C major', 'property-made-required e z P - major']],
  ['property made required', props('x: string'), props('x: { type: string, required: true }'), ['property-made-required e x P - major']],
  ['property made optional', props('x: { type: string, required: true }'), props('x: string'), ['property-made-optional e x - C major']],
  ['property made nullable', props('x: string'), props('x: { type: string, nullable: true }'), ['made-nullable e x - C major']],
  ['property made non-nullable', props('x: { type: string, nullable: true }'), props('x: string'), ['made-non-nullable e x P - major']],
  ['type string → integer', props('x: string'), props('x: integer'), ['type-changed e x P C major']],
  ['type integer → number', props('x: integer'), props('x: number'), ['type-changed e x - C major']],
  ['type number → integer', props('x: number'), props('x: integer'), ['type-changed e x P - major']],
  ['type boolean → object', props('x: boolean'), props('x: { type: object, additionalProperties: true }'), ['type-changed e x P C major']],
  ['property deprecated', props('x: string'), props('x: { type: string, deprecated: use y }'), ['property-deprecated e x - - minor']],
  ['property undeprecated', props('x: { type: string, deprecated: true }'), props('x: string'), ['property-undeprecated e x - - patch']],
  ['property description changed', props('x: { type: string, description: a }'), props('x: { type: string, description: b }'), ['description-changed e x - - patch']],
  ['examples changed', props('x: { type: string, examples: [a] }'), props('x: { type: string, examples: [b] }'), ['examples-changed e x - - patch']],
  ['pii marked', props('x: string'), props('x: { type: string, pii: true }'), ['pii-changed e x - - patch']],
  // enum and const
  ['enum value added', props('x: { type: string, enum: [a, b] }'), props('x: { type: string, enum: [a, b, c] }'), ['enum-value-added e x - C major']],
  ['enum value removed', props('x: { type: string, enum: [a, b] }'), props('x: { type: string, enum: [a] }'), ['enum-value-removed e x P - major']],
  ['enum value replaced', props('x: { type: integer, enum: [1, 2] }'), props('x: { type: integer, enum: [1, 3] }'), ['enum-value-added e x - C major', 'enum-value-removed e x P - major']],
  ['enum reordered: no change', props('x: { type: string, enum: [a, b] }'), props('x: { type: string, enum: [b, a] }'), []],
  ['enum introduced', props('x: string'), props('x: { type: string, enum: [a] }'), ['constraint-narrowed e x P - major']],
  ['enum dropped', props('x: { type: string, enum: [a] }'), props('x: string'), ['constraint-widened e x - C major']],
  ['const changed', props('x: { type: string, const: a }'), props('x: { type: string, const: b }'), ['const-changed e x P C major']],
  ['const added', props('x: boolean'), props('x: { type: boolean, const: true }'), ['constraint-narrowed e x P - major']],
  ['const removed', props('x: { type: integer, const: 3 }'), props('x: integer'), ['constraint-widened e x - C major']],
  // constraints, per keyword
  ['minLength raised', props('x: { type: string, minLength: 1 }'), props('x: { type: string, minLength: 2 }'), ['constraint-narrowed e x P - major']],
  ['minLength lowered', props('x: { type: string, minLength: 2 }'), props('x: { type: string, minLength: 1 }'), ['constraint-widened e x - C major']],
  ['maxLength lowered', props('x: { type: string, maxLength: 9 }'), props('x: { type: string, maxLength: 5 }'), ['constraint-narrowed e x P - major']],
  ['maxLength removed', props('x: { type: string, maxLength: 9 }'), props('x: string'), ['constraint-widened e x - C major']],
  ['pattern added', props('x: string'), props('x: { type: string, pattern: "^a" }'), ['constraint-narrowed e x P - major']],
  ['pattern changed', props('x: { type: string, pattern: "^a" }'), props('x: { type: string, pattern: "^b" }'), ['constraint-changed e x P C major']],
  ['minimum raised', props('x: { type: number, minimum: 0 }'), props('x: { type: number, minimum: 1 }'), ['constraint-narrowed e x P - major']],
  ['maximum raised', props('x: { type: number, maximum: 5 }'), props('x: { type: number, maximum: 6 }'), ['constraint-widened e x - C major']],
  ['exclusiveMinimum added', props('x: number'), props('x: { type: number, exclusiveMinimum: 0 }'), ['constraint-narrowed e x P - major']],
  ['exclusiveMaximum removed', props('x: { type: number, exclusiveMaximum: 10 }'), props('x: number'), ['constraint-widened e x - C major']],
  ['multipleOf to a multiple', props('x: { type: integer, multipleOf: 2 }'), props('x: { type: integer, multipleOf: 4 }'), ['constraint-narrowed e x P - major']],
  ['multipleOf to a divisor', props('x: { type: integer, multipleOf: 4 }'), props('x: { type: integer, multipleOf: 2 }'), ['constraint-widened e x - C major']],
  ['multipleOf unrelated', props('x: { type: integer, multipleOf: 2 }'), props('x: { type: integer, multipleOf: 3 }'), ['constraint-changed e x P C major']],
  ['format added', props('x: string'), props('x: { type: string, format: email }'), ['constraint-narrowed e x P - major']],
  ['format removed', props('x: { type: string, format: uuid }'), props('x: string'), ['constraint-widened e x - C major']],
  ['format changed', props('x: { type: string, format: date }'), props('x: { type: string, format: date-time }'), ['format-changed e x P C major']],
  ['minItems raised', props('x: { type: array, items: { type: string } }'), props('x: { type: array, items: { type: string }, minItems: 1 }'), ['constraint-narrowed e x P - major']],
  ['maxItems raised', props('x: { type: array, items: { type: string }, maxItems: 2 }'), props('x: { type: array, items: { type: string }, maxItems: 3 }'), ['constraint-widened e x - C major']],
  ['uniqueItems added', props('x: { type: array, items: { type: string } }'), props('x: { type: array, items: { type: string }, uniqueItems: true }'), ['constraint-narrowed e x P - major']],
  ['array items type changed', props('x: { type: array, items: { type: string } }'), props('x: { type: array, items: { type: integer } }'), ['type-changed e x[] P C major']],
  ['array items enum value added', props('x: { type: array, items: { type: string, enum: [a] } }'), props('x: { type: array, items: { type: string, enum: [a, b] } }'), ['enum-value-added e x[] - C major']],
  // nested objects
  ['nested property added required', props('o: { type: object, properties: { a: string } }'), props('o: { type: object, properties: { a: string, b: { type: string, required: true } } }'), ['property-added-required e o.b P c major']],
  ['nested property removed', props('o: { type: object, properties: { a: string, b: string } }'), props('o: { type: object, properties: { a: string } }'), ['property-removed e o.b P C major']],
  ['nested additionalProperties opened', props('o: { type: object, properties: { a: string } }'), props('o: { type: object, properties: { a: string }, additionalProperties: true }'), ['additional-properties-opened e o - C major']],
  ['nested property renamed', props('o: { type: object, properties: { a: string } }'), props('o: { type: object, properties: { b: { type: string, renamedFrom: a } } }'), ['property-renamed e o.b P C major']],
  // shared types and common properties reach every event
  [
    'shared type changed: reported for every event that uses it',
    'types:\n  c: { type: string, enum: [a] }\nevents:\n  e1: { properties: { x: c } }\n  e2: { properties: { y: c } }\n  e3: {}',
    'types:\n  c: { type: string, enum: [a, b] }\nevents:\n  e1: { properties: { x: c } }\n  e2: { properties: { y: c } }\n  e3: {}',
    ['enum-value-added e1 x - C major', 'enum-value-added e2 y - C major'],
  ],
  [
    'common property made required: reported for every event',
    'commonProperties:\n  v: string\nevents:\n  e1: {}\n  e2: {}',
    'commonProperties:\n  v: { type: string, required: true }\nevents:\n  e1: {}\n  e2: {}',
    ['property-made-required e1 v P - major', 'property-made-required e2 v P - major'],
  ],
  ['shared type renamed: no change', 'types:\n  c: { type: string, minLength: 1 }\nevents:\n  e: { properties: { x: c } }', 'types:\n  country: { type: string, minLength: 1 }\nevents:\n  e: { properties: { x: country } }', []],
  ['shared type inlined: no change', 'types:\n  c: { type: string, minLength: 1 }\nevents:\n  e: { properties: { x: c } }', 'events:\n  e: { properties: { x: { type: string, minLength: 1 } } }', []],
  ['common property moved into the event: no change', 'commonProperties:\n  v: integer\nevents:\n  e: {}', 'events:\n  e: { properties: { v: integer } }', []],
  ['nullable moved from the use to the shared type: no change', 'types:\n  c: string\nevents:\n  e: { properties: { x: { type: c, nullable: true } } }', 'types:\n  c: { type: string, nullable: true }\nevents:\n  e: { properties: { x: c } }', []],
  ['events and properties reordered, flow vs block: no change', 'events:\n  a: { properties: { x: string, y: integer } }\n  b: {}', 'events:\n  b: {}\n  a:\n    properties:\n      y: integer\n      x:\n        type: string', []],
  // taxonomy level
  ['taxonomy description changed', 'description: one\nevents:\n  a: {}', 'description: two\nevents:\n  a: {}', ['taxonomy-description-changed - - - - patch']],
  // combinations
  [
    'a release with every audience',
    props('x: { type: string, enum: [a] }\ny: string\nz: { type: string, description: old }'),
    props('x: { type: string, enum: [a, b] }\nz: { type: string, description: new }\nw: integer'),
    ['enum-value-added e x - C major', 'description-changed e z - - patch', 'property-added-optional e w - c minor', 'property-removed e y P C major'],
  ],
];

describe('change kinds', () => {
  it.each(ROWS)('%s', (_name, base, head, expected) => {
    const report = diffTaxonomies(loadYaml(shop(base)), loadYaml(shop(head)));
    expect(report.changes.map(line)).toEqual(expected);
    const bumps = expected.map((e) => e.split(' ').pop());
    expect(report.version.required).toBe(bumps.includes('major') ? 'major' : bumps.includes('minor') ? 'minor' : bumps.includes('patch') ? 'patch' : 'none');
  });

  it('has at least 60 pairs and meets every kind in the catalogue', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
    const met = new Set(ROWS.flatMap(([, , , expected]) => expected.map((e) => e.split(' ')[0])));
    met.add('taxonomy-renamed'); // tested below: the name is fixed by shop()
    expect(Object.keys(CHANGE_KINDS).filter((k) => !met.has(k))).toEqual([]);
  });

  it('reports a taxonomy renamed, and removals that were not deprecated first', () => {
    const report = diffTaxonomies(loadYaml(shop(props('x: string\ny: { type: string, deprecated: true }'))), loadYaml(`taxonomy: store\nversion: 2.0.0\nevents:\n  f: {}\n`));
    expect(report.changes.map(line)).toEqual(['taxonomy-renamed - - - C major', 'event-added f - - c minor', 'event-removed e - P C major']);
    const removed = diffTaxonomies(loadYaml(shop(props('x: string\ny: { type: string, deprecated: true }'))), loadYaml(shop(props('z: string')))).changes.filter((c) => c.kind === 'property-removed');
    expect(removed.map((c) => [c.path, c.deprecatedBefore, c.message])).toEqual([
      ['x', false, 'property `x` removed (it was not deprecated first)'],
      ['y', true, 'property `y` removed'],
    ]);
  });

  it('names the shared type a change sits in', () => {
    const base = loadYaml(shop('types:\n  c: { type: string, enum: [a] }\nevents:\n  e: { properties: { x: c } }'));
    const head = loadYaml(shop('types:\n  c: { type: string, enum: [a, b] }\nevents:\n  e: { properties: { x: c } }'));
    expect(diffTaxonomies(base, head).changes[0]).toMatchObject({ via: 'c', after: 'b', message: '`x` allows "b" now' });
  });
});

describe('version rules', () => {
  const cases: readonly (readonly [string, string, string, boolean])[] = [
    // [base version, head version, the body change, ok]
    ['1.0.0', '2.0.0', 'major', true],
    ['1.0.0', '1.1.0', 'major', false],
    ['0.3.0', '0.4.0', 'major', true], // while the major is 0, a minor bump carries breaking changes
    ['0.3.0', '0.3.1', 'major', false],
    ['1.0.0', '1.1.0', 'minor', true],
    ['1.0.0', '1.0.1', 'minor', false],
    ['1.0.0', '1.0.1', 'patch', true],
    ['1.0.0', '1.0.0', 'patch', false],
    ['1.0.0', '1.0.0', 'none', true],
    ['1.2.0', '1.1.9', 'none', false],
    ['1.0.0', '2.0.0-beta.1', 'major', true],
  ];
  const bodies = { major: ['events:\n  a: {}\n  b: {}', 'events:\n  a: {}'], minor: ['events:\n  a: {}', 'events:\n  a: {}\n  b: {}'], patch: ['events:\n  a: {}', 'events:\n  a: { description: x }'], none: ['events:\n  a: {}', 'events:\n  a: {}'] } as const;
  it.each(cases)('%s → %s with a %s change: ok %s', (from, to, change, ok) => {
    const [base, head] = bodies[change as keyof typeof bodies];
    const report = diffTaxonomies(loadYaml(shop(base, from)), loadYaml(shop(head, to)));
    expect(requiredBump(report.changes)).toBe(change);
    expect(report.version.ok).toBe(ok);
  });
});

describe('docs/changing-a-taxonomy.md', () => {
  it('lists every change kind with the impact and bump the catalogue gives it', () => {
    const text = readFileSync('docs/changing-a-taxonomy.md', 'utf8');
    const rows = new Map([...text.matchAll(/^\| `([a-z-]+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \|/gm)].map((m) => [m[1], [m[2]?.trim(), m[3]?.trim(), m[4]?.trim()]]));
    const expected = Object.entries(CHANGE_KINDS).map(([kind, info]) => {
      const impact = { producer: info.producer, consumer: info.consumer };
      // A kind whose impact depends on the change: the bumps its possible impacts give.
      const depends: Readonly<Record<string, string>> = { 'identity-changed': 'major', 'type-changed': 'major', 'property-added-optional': 'minor or major' };
      const bump = depends[kind] ?? (impact.producer === 'breaking' || impact.consumer === 'breaking' ? 'major' : impact.consumer === 'additive' || kind.endsWith('-deprecated') ? 'minor' : 'patch');
      return [kind, [info.producer, info.consumer, bump]];
    });
    expect([...rows].filter(([kind]) => kind !== undefined && kind in CHANGE_KINDS)).toEqual(expected);
  });
});
