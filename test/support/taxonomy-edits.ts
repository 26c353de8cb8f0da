// fast-check arbitraries for the diff soundness test (test/diff-soundness*.test.ts): small random
// taxonomies written as JSON (which is YAML), and random edits of them: every property keyword,
// shared types and common properties (which reach several events), identity, additionalProperties,
// renames with `renamedFrom`, deprecation, descriptions, and refactors that change nothing on the
// wire (inlining a shared type). Some edits make a taxonomy the loader refuses; the test skips those.
import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Spec = { [key: string]: Json };

export interface TaxonomySpec {
  taxonomy: string;
  version: string;
  types: Record<string, Spec>;
  commonProperties: Record<string, Spec>;
  events: Record<string, Spec & { properties: Record<string, Spec> }>;
}

const TYPE_NAMES = ['t0', 't1'];

const stringSpec: fc.Arbitrary<Spec> = fc.oneof(
  fc.constant({ type: 'string' }),
  fc.subarray(['a', 'b', 'c'], { minLength: 1 }).map((values) => ({ type: 'string', enum: values })),
  fc.constantFrom('a', 'b').map((value) => ({ type: 'string', const: value })),
  fc.record({ minLength: fc.constantFrom(0, 1, 2), maxLength: fc.constantFrom(3, 6) }).map((b) => ({ type: 'string', ...b })),
  fc.constantFrom('date', 'email', 'uuid').map((format) => ({ type: 'string', format })),
  fc.constantFrom('^a', '^[a-c]*$').map((pattern) => ({ type: 'string', pattern })),
);

const numberSpec: fc.Arbitrary<Spec> = fc.oneof(
  fc.constantFrom('integer', 'number').map((type) => ({ type })),
  fc.subarray([1, 2, 3], { minLength: 1 }).map((values) => ({ type: 'integer', enum: values })),
  fc.record({ type: fc.constantFrom('integer', 'number'), minimum: fc.constantFrom(-1, 0, 2), maximum: fc.constantFrom(5, 9) }),
  fc.record({ type: fc.constantFrom('integer', 'number'), exclusiveMinimum: fc.constantFrom(-1, 0), exclusiveMaximum: fc.constantFrom(10, 30) }),
  fc.constantFrom(2, 3).map((multipleOf) => ({ type: 'integer', multipleOf })),
);

const booleanSpec: fc.Arbitrary<Spec> = fc.oneof(fc.constant({ type: 'boolean' }), fc.constant({ type: 'boolean', const: true }));

/** A scalar, maybe nullable, maybe described. */
export const scalarSpec: fc.Arbitrary<Spec> = fc
  .tuple(fc.oneof(stringSpec, numberSpec, booleanSpec), fc.boolean(), fc.option(fc.constantFrom('one', 'two'), { nil: undefined }))
  .map(([spec, nullable, description]) => ({ ...spec, ...(nullable ? { nullable: true } : {}), ...(description === undefined ? {} : { description }) }));

const arraySpec: fc.Arbitrary<Spec> = fc
  .record({ items: scalarSpec, minItems: fc.constantFrom(0, 1), maxItems: fc.constantFrom(3, 4), uniqueItems: fc.boolean() })
  .map((a) => ({ type: 'array', ...a }));

const nestedProperties: fc.Arbitrary<Record<string, Spec>> = fc
  .uniqueArray(fc.tuple(fc.constantFrom('n0', 'n1', 'n2'), scalarSpec, fc.boolean()), { minLength: 1, maxLength: 2, selector: ([n]) => n })
  .map((list) => Object.fromEntries(list.map(([name, spec, required]) => [name, required ? { ...spec, required: true } : spec])));

const objectSpec: fc.Arbitrary<Spec> = fc.record({ properties: nestedProperties, additionalProperties: fc.boolean() }).map((o) => ({ type: 'object', ...o }) as Spec);

/** Any property spec: scalars most often, arrays, objects, and uses of the shared types. */
export const propertySpec: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 4, arbitrary: scalarSpec },
  { weight: 1, arbitrary: arraySpec },
  { weight: 1, arbitrary: objectSpec },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...TYPE_NAMES), fc.boolean()).map(([type, nullable]): Spec => (nullable ? { type, nullable: true } : { type })) },
);

const requiredProperty: fc.Arbitrary<Spec> = fc.tuple(propertySpec, fc.boolean()).map(([spec, required]) => (required ? { ...spec, required: true } : spec));

const eventSpec = fc
  .record({
    properties: fc.dictionary(fc.constantFrom('p0', 'p1', 'p2', 'p3'), requiredProperty, { minKeys: 0, maxKeys: 3 }),
    identity: fc.constantFrom('either', 'user_id', 'anonymous_id'),
    additionalProperties: fc.boolean(),
  })
  .map((e) => ({ ...e }) as TaxonomySpec['events'][string]);

export const taxonomySpec: fc.Arbitrary<TaxonomySpec> = fc.record({
  taxonomy: fc.constant('soundness'),
  version: fc.constant('1.0.0'),
  types: fc.tuple(scalarSpec, scalarSpec).map(([a, b]) => ({ t0: a, t1: b })),
  commonProperties: fc.dictionary(fc.constant('c0'), requiredProperty, { maxKeys: 1 }),
  events: fc.dictionary(fc.constantFrom('e0', 'e1', 'e2'), eventSpec, { minKeys: 1, maxKeys: 3 }),
});

export const EDIT_KINDS = [
  'toggle-required',
  'toggle-nullable',
  'replace',
  'enum-add',
  'enum-remove',
  'bound',
  'unique',
  'additional',
  'format',
  'pattern',
  'const',
  'describe',
  'deprecate',
  'pii',
  'remove-property',
  'rename-property',
  'add-property',
  'add-event',
  'remove-event',
  'rename-event',
  'identity',
  'event-additional',
  'inline-type',
] as const;

export interface Edit {
  readonly kind: (typeof EDIT_KINDS)[number];
  /** Picks the place (modulo the places there are) and the value among a few. */
  readonly pick: number;
  readonly choice: number;
  readonly fresh: Spec;
}

export const edit: fc.Arbitrary<Edit> = fc.record({ kind: fc.constantFrom(...EDIT_KINDS), pick: fc.nat(), choice: fc.nat(), fresh: propertySpec });

interface Slot {
  readonly record: Record<string, Spec>;
  readonly name: string;
  readonly context: 'property' | 'type' | 'items';
}

function slots(t: TaxonomySpec): Slot[] {
  const out: Slot[] = [];
  const visit = (record: Record<string, Spec>, context: Slot['context']): void => {
    for (const [name, spec] of Object.entries(record)) {
      out.push({ record, name, context });
      if (spec['type'] === 'object') visit(spec['properties'] as Record<string, Spec>, 'property');
      if (spec['type'] === 'array') out.push({ record: spec as Record<string, Spec>, name: 'items', context: 'items' });
    }
  };
  visit(t.types, 'type');
  visit(t.commonProperties, 'property');
  for (const event of Object.values(t.events)) visit(event.properties, 'property');
  return out;
}

function nth<T>(list: readonly T[], i: number): T | undefined {
  return list.length === 0 ? undefined : list[i % list.length];
}

const BOUNDS: Readonly<Record<string, readonly (readonly [string, readonly number[]])[]>> = {
  string: [['minLength', [0, 1, 2]], ['maxLength', [3, 4, 8]]],
  integer: [['minimum', [-1, 0, 1]], ['maximum', [5, 9, 20]], ['exclusiveMinimum', [-2, 0]], ['exclusiveMaximum', [10, 30]], ['multipleOf', [1, 2, 3, 4]]],
  number: [['minimum', [-1, 0, 0.5]], ['maximum', [5, 9.5]], ['exclusiveMinimum', [-2, 0]], ['exclusiveMaximum', [10, 30]]],
  array: [['minItems', [0, 1]], ['maxItems', [2, 3, 5]]],
};

/** Applies one edit to a copy of the taxonomy. */
export function applyEdit(input: TaxonomySpec, e: Edit): TaxonomySpec {
  const t = structuredClone(input);
  const slot = nth(slots(t), e.pick);
  const spec = slot === undefined ? undefined : slot.record[slot.name];
  const events = Object.keys(t.events);
  const event = nth(events, e.pick);
  const toggle = (s: Spec, key: string, value: Json): void => {
    if (s[key] === undefined) s[key] = value;
    else delete s[key];
  };
  switch (e.kind) {
    case 'toggle-required':
      if (spec !== undefined && slot?.context === 'property') toggle(spec, 'required', true);
      break;
    case 'toggle-nullable':
      if (spec !== undefined) toggle(spec, 'nullable', true);
      break;
    case 'replace':
      if (slot !== undefined && spec !== undefined) {
        const fresh = slot.context === 'property' ? e.fresh : stripRefs(e.fresh);
        slot.record[slot.name] = spec['required'] === true && slot.context === 'property' ? { ...fresh, required: true } : fresh;
      }
      break;
    case 'enum-add':
      if (spec !== undefined && Array.isArray(spec['enum'])) spec['enum'] = [...spec['enum'], spec['type'] === 'string' ? `z${e.choice % 3}` : 4 + (e.choice % 3)];
      break;
    case 'enum-remove':
      if (spec !== undefined && Array.isArray(spec['enum']) && spec['enum'].length > 1) spec['enum'] = spec['enum'].filter((_, i) => i !== e.choice % (spec['enum'] as Json[]).length);
      break;
    case 'bound': {
      const options = BOUNDS[String(spec?.['type'])];
      const pair = options === undefined ? undefined : nth(options, e.choice);
      // A format fixes the length (a date is 10 characters): bounds beside it could leave no value.
      if (spec !== undefined && pair !== undefined && !(spec['format'] !== undefined && pair[0].endsWith('Length'))) {
        const [keyword, values] = pair;
        const value = nth(values, e.choice >> 3);
        if (spec[keyword] === value || value === undefined) delete spec[keyword];
        else spec[keyword] = value;
      }
      break;
    }
    case 'unique':
      if (spec !== undefined && spec['type'] === 'array') spec['uniqueItems'] = spec['uniqueItems'] !== true;
      break;
    case 'additional':
      if (spec !== undefined && spec['type'] === 'object') spec['additionalProperties'] = spec['additionalProperties'] !== true;
      break;
    case 'format':
      if (spec !== undefined && spec['type'] === 'string') {
        const format = nth(['date', 'date-time', 'email', 'uuid', undefined], e.choice);
        for (const keyword of ['pattern', 'enum', 'const', 'minLength', 'maxLength']) delete spec[keyword];
        if (format === undefined) delete spec['format'];
        else spec['format'] = format;
      }
      break;
    case 'pattern':
      if (spec !== undefined && spec['type'] === 'string') {
        const pattern = nth(['^a', '^[a-c]*$', '^[ab]', undefined], e.choice);
        delete spec['format'];
        delete spec['enum'];
        delete spec['const'];
        if (pattern === undefined) delete spec['pattern'];
        else spec['pattern'] = pattern;
      }
      break;
    case 'const':
      if (spec !== undefined && ['string', 'integer', 'boolean'].includes(String(spec['type']))) {
        delete spec['enum'];
        const value = spec['type'] === 'string' ? nth(['a', 'b'], e.choice) : spec['type'] === 'integer' ? nth([1, 2], e.choice) : true;
        if (spec['const'] === value || value === undefined) delete spec['const'];
        else spec['const'] = value;
      }
      break;
    case 'describe':
      if (spec !== undefined) spec['description'] = `d${e.choice % 3}`;
      else if (event !== undefined) (t.events[event] as Spec)['description'] = `d${e.choice % 3}`;
      break;
    case 'deprecate':
      if (e.choice % 2 === 0 && spec !== undefined && slot?.context !== 'items') toggle(spec, 'deprecated', true);
      else if (event !== undefined) toggle(t.events[event] as Spec, 'deprecated', 'use another');
      break;
    case 'pii':
      if (spec !== undefined) toggle(spec, 'pii', true);
      break;
    case 'remove-property':
      if (slot !== undefined && slot.context === 'property') delete slot.record[slot.name];
      break;
    case 'rename-property':
      if (slot !== undefined && spec !== undefined && slot.context === 'property' && spec['renamedFrom'] === undefined) {
        const name = `r${e.choice % 4}`;
        if (slot.record[name] === undefined) {
          delete slot.record[slot.name];
          slot.record[name] = { ...spec, renamedFrom: slot.name };
        }
      }
      break;
    case 'add-property': {
      const target = slot?.context === 'property' ? slot.record : event === undefined ? undefined : t.events[event]?.properties;
      const name = `a${e.choice % 3}`;
      if (target !== undefined && target[name] === undefined) target[name] = e.choice % 2 === 0 ? { ...e.fresh, required: true } : e.fresh;
      break;
    }
    case 'add-event':
      if (t.events[`x${e.choice % 2}`] === undefined) t.events[`x${e.choice % 2}`] = { properties: { p0: e.fresh } };
      break;
    case 'remove-event':
      if (event !== undefined && events.length > 1) delete t.events[event];
      break;
    case 'rename-event':
      if (event !== undefined && t.events[`n${e.choice % 2}`] === undefined) {
        const spec = t.events[event] as TaxonomySpec['events'][string];
        delete t.events[event];
        t.events[`n${e.choice % 2}`] = { ...spec, renamedFrom: event };
      }
      break;
    case 'identity':
      if (event !== undefined) (t.events[event] as Spec)['identity'] = nth(['either', 'user_id', 'anonymous_id'], e.choice) ?? 'either';
      break;
    case 'event-additional':
      if (event !== undefined) (t.events[event] as Spec)['additionalProperties'] = (t.events[event] as Spec)['additionalProperties'] !== true;
      break;
    case 'inline-type':
      inline(t, nth(TYPE_NAMES, e.choice) ?? 't0');
      break;
  }
  return t;
}

/** Shared type definitions cannot refer to the types (no recursion): a fresh spec for one is made concrete. */
function stripRefs(spec: Spec): Spec {
  return TYPE_NAMES.includes(String(spec['type'])) ? { type: 'string' } : spec;
}

/** Replaces every use of a shared type by its definition, keeping what the use site says: no change on the wire. */
function inline(t: TaxonomySpec, name: string): void {
  const definition = t.types[name];
  if (definition === undefined) return;
  const visit = (record: Record<string, Spec>): void => {
    for (const [key, spec] of Object.entries(record)) {
      if (spec['type'] === name) {
        const { type: _type, ...site } = spec;
        record[key] = { ...definition, ...site, ...(definition['nullable'] === true || site['nullable'] === true ? { nullable: true } : {}) };
      } else if (spec['type'] === 'object') visit(spec['properties'] as Record<string, Spec>);
      else if (spec['type'] === 'array') visit(spec as Record<string, Spec>);
    }
  };
  visit(t.commonProperties);
  for (const event of Object.values(t.events)) visit(event.properties);
}
