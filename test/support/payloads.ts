// fast-check arbitraries for the differential validator tests, generated from the IR alone (never
// from the schemas or validators under test): payloads valid for an event, payloads with one
// violation of a known kind at a known path, and fuzzed payloads (one node replaced, removed or
// added) whose verdict is only compared between the two validators.
import fc from 'fast-check';
import type { EventDef, NumberShape, ObjectShape, Property, Shape, StringFormat, StringShape, Taxonomy } from '../../src/model/ir.js';
import { isDate, isDateTime, isEmail, isUri, isUuid } from '../../templates/runtime/formats.js';
import { codePointLength, deepEqual, isMultipleOf, pointerSegment, type ViolationCode } from '../../templates/runtime/validation.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

type Concrete = Exclude<Shape, { kind: 'ref' }>;

function sharedShape(taxonomy: Taxonomy, name: string): Shape {
  const found = taxonomy.types.find((t) => t.name === name);
  if (found === undefined) throw new Error(`unknown shared type ${name}`);
  return found.shape;
}

/** The shape behind any chain of refs, and whether null is allowed anywhere along the chain. */
export function resolve(taxonomy: Taxonomy, shape: Shape): { readonly shape: Concrete; readonly nullable: boolean } {
  if (shape.kind !== 'ref') return { shape, nullable: shape.nullable };
  const inner = resolve(taxonomy, sharedShape(taxonomy, shape.name));
  return { shape: inner.shape, nullable: shape.nullable || inner.nullable };
}

// ---------------------------------------------------------------------------------------------
// Valid values

const FORMAT_CHECKS: Readonly<Record<StringFormat, (value: string) => boolean>> = { 'date-time': isDateTime, date: isDate, email: isEmail, uri: isUri, uuid: isUuid };

const dates = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2199, 11, 31)), noInvalidDate: true });

export const dateTime: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 9, arbitrary: fc
      .tuple(dates, fc.constantFrom('T', 't', ' '), fc.constantFrom('', '.5', '.123456'), fc.constantFrom('Z', 'z', '+01:00', '-05:30', '+0100', '+01', '-23:59'))
      .map(([d, sep, fraction, offset]) => `${d.toISOString().slice(0, 10)}${sep}${d.toISOString().slice(11, 19)}${fraction}${offset}`) },
    { weight: 1, arbitrary: fc.constantFrom('2016-12-31T23:59:60Z', '2016-12-31T22:59:60-01:00', '2024-02-29T00:00:00Z') },
  )
  .filter(isDateTime);

const FORMAT_VALUES: Readonly<Record<StringFormat, fc.Arbitrary<string>>> = {
  'date-time': dateTime,
  date: dates.map((d) => d.toISOString().slice(0, 10)),
  email: fc.oneof(fc.emailAddress(), fc.stringMatching(/^[a-z0-9]{1,8}(\.[a-z0-9+_-]{1,5})?@[a-z0-9]{1,8}\.[a-z]{2,4}$/)).filter(isEmail),
  uri: fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constantFrom('mailto:x@y.z', 'urn:isbn:0451450523', 'ftp://a:b@host/x')).filter(isUri),
  uuid: fc.oneof(fc.uuid(), fc.uuid().map((u) => `urn:uuid:${u.toUpperCase()}`)),
};

const REGEXES = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let re = REGEXES.get(pattern);
  if (re === undefined) REGEXES.set(pattern, (re = new RegExp(pattern, 'u')));
  return re;
}

export function stringOk(shape: StringShape, value: string): boolean {
  const length = codePointLength(value);
  return (
    (shape.const === undefined || value === shape.const) &&
    (shape.enum === undefined || shape.enum.includes(value)) &&
    length >= (shape.minLength ?? 0) &&
    length <= (shape.maxLength ?? Infinity) &&
    (shape.pattern === undefined || regex(shape.pattern).test(value)) &&
    (shape.format === undefined || FORMAT_CHECKS[shape.format](value))
  );
}

export function numberOk(shape: NumberShape, value: number): boolean {
  return (
    Number.isFinite(value) &&
    (!shape.integer || Number.isInteger(value)) &&
    (shape.const === undefined || value === shape.const) &&
    (shape.enum === undefined || shape.enum.includes(value)) &&
    value >= (shape.minimum ?? -Infinity) &&
    value <= (shape.maximum ?? Infinity) &&
    value > (shape.exclusiveMinimum ?? -Infinity) &&
    value < (shape.exclusiveMaximum ?? Infinity) &&
    (shape.multipleOf === undefined || isMultipleOf(value, shape.multipleOf))
  );
}

function stringValue(shape: StringShape): fc.Arbitrary<string> {
  if (shape.const !== undefined) return fc.constant(shape.const);
  if (shape.enum !== undefined) return fc.constantFrom(...shape.enum);
  const minLength = shape.minLength ?? 0;
  const maxLength = shape.maxLength ?? minLength + 12;
  const base =
    shape.format !== undefined
      ? FORMAT_VALUES[shape.format]
      : shape.pattern !== undefined
        ? fc.stringMatching(regex(shape.pattern))
        : fc.oneof(
            ...(['grapheme-ascii', 'binary', 'grapheme'] as const).map((unit) => fc.string({ unit, minLength, maxLength })),
            // Astral characters at the length bounds: one code point, two UTF-16 units each.
            fc.array(fc.constantFrom('a', 'é', '🎉', '\u{10400}', '\u{10FFFF}'), { minLength, maxLength }).map((chars) => chars.join('')),
          );
  return base.filter((value) => stringOk(shape, value));
}

function numberValue(shape: NumberShape): fc.Arbitrary<number> {
  if (shape.const !== undefined) return fc.constant(shape.const);
  if (shape.enum !== undefined) return fc.constantFrom(...shape.enum);
  const low = Math.max(shape.minimum ?? -Infinity, shape.exclusiveMinimum ?? -Infinity, -Number.MAX_SAFE_INTEGER);
  const high = Math.min(shape.maximum ?? Infinity, shape.exclusiveMaximum ?? Infinity, Number.MAX_SAFE_INTEGER);
  let base: fc.Arbitrary<number>;
  if (shape.multipleOf !== undefined) {
    const m = shape.multipleOf;
    base = fc.integer({ min: Math.max(Math.ceil(low / m), -1e6), max: Math.min(Math.floor(high / m), 1e6) }).map((k) => k * m);
  } else {
    // A number range may hold no whole number (minimum: 0.5, maximum: 0.5; found by the fuzz test).
    const integers = Math.ceil(low) <= Math.floor(high) ? [fc.integer({ min: Math.ceil(low), max: Math.floor(high) })] : [];
    base = shape.integer
      ? fc.oneof(...integers, fc.constantFrom(Math.ceil(low), Math.floor(high), 0, -0))
      : fc.oneof(...integers, fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(low, high, 0, -0, 0.1, 49.99));
  }
  return base.filter((value) => numberOk(shape, value));
}

/** Any value `shape` accepts (null included where allowed). */
export function validValue(taxonomy: Taxonomy, shape: Shape): fc.Arbitrary<Json> {
  const core = coreValue(taxonomy, shape);
  return shape.nullable ? fc.oneof({ weight: 4, arbitrary: core }, { weight: 1, arbitrary: fc.constant(null) }) : core;
}

function coreValue(taxonomy: Taxonomy, shape: Shape): fc.Arbitrary<Json> {
  switch (shape.kind) {
    case 'ref':
      return validValue(taxonomy, sharedShape(taxonomy, shape.name));
    case 'string':
      return stringValue(shape);
    case 'number':
      return numberValue(shape);
    case 'boolean':
      return shape.const === undefined ? fc.boolean() : fc.constant(shape.const);
    case 'array': {
      const items = validValue(taxonomy, shape.items);
      const minLength = shape.minItems ?? 0;
      const maxLength = shape.maxItems ?? minLength + 4;
      return shape.uniqueItems ? fc.uniqueArray(items, { minLength, maxLength, comparator: deepEqual }) : fc.array(items, { minLength, maxLength });
    }
    case 'object':
      return validObject(taxonomy, shape.properties, shape.additionalProperties);
  }
}

const anyJson: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;

export function validObject(taxonomy: Taxonomy, properties: readonly Property[], additional: boolean): fc.Arbitrary<JsonObject> {
  const model: Record<string, fc.Arbitrary<Json>> = Object.fromEntries(properties.map((p) => [p.name, validValue(taxonomy, p.shape)]));
  const known = fc.record(model, { requiredKeys: properties.filter((p) => p.required).map((p) => p.name), noNullPrototype: true });
  if (!additional) return known;
  const names = new Set(properties.map((p) => p.name));
  const extra = fc.dictionary(
    fc.string().filter((k) => !names.has(k) && k !== '__proto__'),
    anyJson,
    { maxKeys: 3, noNullPrototype: true },
  );
  return fc.tuple(known, extra).map(([own, more]): JsonObject => ({ ...more, ...own }));
}

const ids = fc.oneof(fc.string({ minLength: 1, maxLength: 24 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }));

// Building an arbitrary is the costly part (fc.stringMatching parses its regex): one per event.
const PAYLOADS = new WeakMap<EventDef, fc.Arbitrary<JsonObject>>();

/** A wire object valid for `event`: envelope, identity, timestamp and properties. */
export function validPayload(taxonomy: Taxonomy, event: EventDef): fc.Arbitrary<JsonObject> {
  let arbitrary = PAYLOADS.get(event);
  if (arbitrary === undefined) PAYLOADS.set(event, (arbitrary = buildValidPayload(taxonomy, event)));
  return arbitrary;
}

function buildValidPayload(taxonomy: Taxonomy, event: EventDef): fc.Arbitrary<JsonObject> {
  const identity =
    event.identity === 'either'
      ? fc.oneof(fc.record({ user_id: ids }), fc.record({ anonymous_id: ids }), fc.record({ user_id: ids, anonymous_id: ids }))
      : fc.record({ user_id: ids, anonymous_id: ids }, { requiredKeys: [event.identity] });
  const properties = validObject(taxonomy, event.properties, event.additionalProperties);
  const wrapped = event.properties.some((p) => p.required)
    ? properties.map((p): JsonObject => ({ properties: p }))
    : fc.option(properties, { nil: undefined }).map((p): JsonObject => (p === undefined ? {} : { properties: p }));
  return fc.tuple(identity, dateTime, wrapped).map(([id, timestamp, props]) => ({ event: event.name, ...(id as JsonObject), timestamp, ...props }));
}

// ---------------------------------------------------------------------------------------------
// One violation of a known kind

export const MUTATION_KINDS = [
  'missing-required',
  'wrong-type',
  'not-in-enum',
  'constraint-failed',
  'unexpected-property',
  'missing-identity',
  'unknown-event',
  'null-not-nullable',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutation {
  readonly kind: MutationKind;
  readonly payload: JsonObject;
  /** The violation `validateEvent` must report (among others, possibly). */
  readonly code: ViolationCode;
  readonly path: string;
}

type Segment = string | number;
const DELETE = Symbol('delete');

interface Site {
  readonly kind: MutationKind;
  readonly code: ViolationCode;
  readonly path: string;
  readonly target: readonly Segment[];
  readonly value: Json | typeof DELETE;
}

function pointer(target: readonly Segment[]): string {
  return target.map((s) => `/${pointerSegment(String(s))}`).join('');
}

function apply(payload: JsonObject, target: readonly Segment[], value: Json | typeof DELETE | undefined): JsonObject {
  const copy = structuredClone(payload);
  let parent: Json | undefined = copy;
  for (const segment of target.slice(0, -1)) parent = (parent as Record<Segment, Json>)[segment];
  const last = target[target.length - 1] as Segment;
  const record = parent as Record<Segment, Json | undefined>;
  if (value === DELETE) delete record[last];
  else record[last] = value;
  return copy;
}

function wrongTypeValue(shape: Concrete): Json {
  switch (shape.kind) {
    case 'string':
      return 42;
    case 'number':
      return '42';
    case 'boolean':
      return 'true';
    case 'array':
      return { 0: 'x' };
    case 'object':
      return ['x'];
  }
}

function notInEnumValue(shape: Concrete): Json | undefined {
  if (shape.kind === 'string') {
    const taken = shape.enum ?? (shape.const === undefined ? undefined : [shape.const]);
    if (taken === undefined) return undefined;
    let candidate = 'not-in-enum';
    while (taken.includes(candidate)) candidate += '!';
    return candidate;
  }
  if (shape.kind === 'number') {
    const taken = shape.enum ?? (shape.const === undefined ? undefined : [shape.const]);
    return taken === undefined ? undefined : Math.max(...taken) + 1;
  }
  if (shape.kind === 'boolean' && shape.const !== undefined) return !shape.const;
  return undefined;
}

/** Values of the right type that break one constraint each (other constraints may break too). */
function constraintValues(shape: Concrete, current: Json | undefined): Json[] {
  const out: Json[] = [];
  if (shape.kind === 'string') {
    if ((shape.minLength ?? 0) > 0) out.push('a'.repeat((shape.minLength ?? 1) - 1), '🎉'.repeat((shape.minLength ?? 1) - 1));
    if (shape.maxLength !== undefined) out.push('a'.repeat(shape.maxLength + 1), '🎉'.repeat(shape.maxLength + 1));
    if (shape.pattern !== undefined) {
      const re = regex(shape.pattern);
      const miss = ['', ' ', 'a', 'A', '0', '!', '🎉', 'zz zz', '"\\'].find((c) => !re.test(c));
      if (miss !== undefined) out.push(miss);
    }
    if (shape.format !== undefined) out.push(shape.format === 'date' ? '2023-02-29' : shape.format === 'date-time' ? '2024-03-15T24:00:00Z' : '%% nope');
  } else if (shape.kind === 'number') {
    const round = (v: number, up: boolean): number => (shape.integer ? (up ? Math.ceil(v) : Math.floor(v)) : v);
    if (shape.minimum !== undefined) out.push(round(shape.minimum, false) - 1);
    if (shape.maximum !== undefined) out.push(round(shape.maximum, true) + 1);
    if (shape.exclusiveMinimum !== undefined) out.push(round(shape.exclusiveMinimum, false));
    if (shape.exclusiveMaximum !== undefined) out.push(round(shape.exclusiveMaximum, true));
    const m = shape.multipleOf;
    if (m !== undefined) {
      const miss = [m * 1.5, m / 2, m + 0.5, 1.5, 0.5, 2 * m + 1, 19.99].find((v) => !isMultipleOf(v, m) && (!shape.integer || Number.isInteger(v)));
      if (miss !== undefined) out.push(miss);
    }
  } else if (shape.kind === 'array' && Array.isArray(current)) {
    const first = current[0];
    if ((shape.minItems ?? 0) > 0) out.push(current.slice(0, (shape.minItems ?? 1) - 1));
    if (shape.maxItems !== undefined && first !== undefined) out.push([...current, ...Array.from({ length: shape.maxItems + 1 - current.length }, () => first)]);
    if (shape.uniqueItems && first !== undefined) out.push([...current, first]);
  }
  return out;
}

class SiteCollector {
  readonly sites: Site[] = [];
  constructor(private readonly taxonomy: Taxonomy) {}

  add(kind: MutationKind, code: ViolationCode, target: readonly Segment[], value: Json | typeof DELETE, path = pointer(target)): void {
    this.sites.push({ kind, code, path, target, value });
  }

  /** Sites at a value of `shape` (present, or absent and optional: then a bad value is set). */
  value(shape: Shape, current: Json | undefined, target: readonly Segment[]): void {
    const { shape: concrete, nullable } = resolve(this.taxonomy, shape);
    this.add('wrong-type', 'wrong-type', target, wrongTypeValue(concrete));
    if (!nullable) this.add('null-not-nullable', 'wrong-type', target, null);
    const bad = notInEnumValue(concrete);
    if (bad !== undefined) this.add('not-in-enum', 'not-in-enum', target, bad);
    for (const value of constraintValues(concrete, current)) this.add('constraint-failed', 'constraint-failed', target, value);
    if (current === null || current === undefined) return;
    if (concrete.kind === 'object') this.object(concrete, current as JsonObject, target);
    if (concrete.kind === 'array') (current as Json[]).forEach((item, i) => this.value(concrete.items, item, [...target, i]));
  }

  object(shape: Pick<ObjectShape, 'properties' | 'additionalProperties'>, current: JsonObject, target: readonly Segment[]): void {
    for (const property of shape.properties) {
      const present = Object.hasOwn(current, property.name) ? current[property.name] : undefined;
      if (present !== undefined && property.required) this.add('missing-required', 'missing-required', [...target, property.name], DELETE);
      this.value(property.shape, present, [...target, property.name]);
    }
    if (!shape.additionalProperties) {
      let key = 'unexpected';
      while (shape.properties.some((p) => p.name === key)) key += '_';
      this.add('unexpected-property', 'unexpected-property', [...target, key], 1);
    }
  }
}

/** Every single-violation mutation of `payload` (valid for `event`), by kind. */
export function mutationSites(taxonomy: Taxonomy, event: EventDef, payload: JsonObject): Site[] {
  const c = new SiteCollector(taxonomy);
  c.add('missing-required', 'missing-required', ['timestamp'], DELETE);
  c.add('wrong-type', 'wrong-type', ['timestamp'], 20240315);
  c.add('null-not-nullable', 'wrong-type', ['timestamp'], null);
  c.add('constraint-failed', 'constraint-failed', ['timestamp'], '2024-02-30T10:00:00Z');
  c.add('unexpected-property', 'unexpected-property', ['unexpected'], 1);
  let unknown = 'no_such_event';
  while (taxonomy.events.some((e) => e.name === unknown)) unknown += '_';
  c.add('unknown-event', 'unknown-event', ['event'], unknown);
  for (const id of ['user_id', 'anonymous_id'] as const) {
    if (payload[id] === undefined) continue;
    c.add('wrong-type', 'wrong-type', [id], 7);
    c.add('constraint-failed', 'constraint-failed', [id], '');
    if (event.identity === id) c.add('missing-identity', 'missing-identity', [id], DELETE);
  }
  if (event.identity === 'either') {
    const other = payload['user_id'] === undefined ? 'user_id' : 'anonymous_id';
    c.sites.push({ kind: 'missing-identity', code: 'missing-identity', path: '', target: [other], value: DELETE });
  }
  const properties = payload['properties'];
  if (properties === undefined) {
    c.add('wrong-type', 'wrong-type', ['properties'], 'x');
  } else {
    if (event.properties.some((p) => p.required)) c.add('missing-required', 'missing-required', ['properties'], DELETE);
    c.add('wrong-type', 'wrong-type', ['properties'], []);
    c.add('null-not-nullable', 'wrong-type', ['properties'], null);
    c.object(event, properties as JsonObject, ['properties']);
  }
  return c.sites;
}

function applySite(payload: JsonObject, site: Site): JsonObject {
  // Both ids gone for an `either` event: the site names one, the other may be absent already.
  const mutated = apply(payload, site.target, site.value);
  if (site.kind === 'missing-identity' && site.path === '') {
    delete mutated['user_id'];
    delete mutated['anonymous_id'];
  }
  return mutated;
}

/** A payload for `event` with one violation: its kind uniformly among those possible, then its site. */
export function mutatedPayload(taxonomy: Taxonomy, event: EventDef): fc.Arbitrary<Mutation> {
  return validPayload(taxonomy, event).chain((payload) => {
    const sites = mutationSites(taxonomy, event, payload);
    const kinds = MUTATION_KINDS.filter((k) => sites.some((s) => s.kind === k));
    return fc
      .constantFrom(...kinds)
      .chain((kind) => fc.constantFrom(...sites.filter((s) => s.kind === kind)))
      .map((site): Mutation => ({ kind: site.kind, payload: applySite(payload, site), code: site.code, path: site.path }));
  });
}

// ---------------------------------------------------------------------------------------------
// Fuzzing: the verdict is all that is compared

const odd: fc.Arbitrary<Json | undefined> = fc.constantFrom<Json | undefined>(
  NaN, Infinity, -Infinity, -0, 1e21, 2 ** 53, 0.1, 1.5, -1, 0, '', ' ', '🎉', '\u{D800}', '__proto__', 'toString', null, true, false, [], {}, undefined,
);

function nearby(value: Json | undefined): Json[] {
  if (typeof value === 'string') return [`${value}x`, value.slice(1), `${value}🎉`, value.toUpperCase(), value.slice(0, -1)];
  if (typeof value === 'number') return [value + 1, value - 1, value + 0.5, value * 10, -value, value + 0.001];
  if (Array.isArray(value)) return value.length === 0 ? [[null]] : [[...value, value[0] as Json], value.slice(1), [value[0] as Json]];
  return [];
}

function nodes(value: Json, target: readonly Segment[], out: { target: readonly Segment[]; value: Json }[]): void {
  out.push({ target, value });
  if (Array.isArray(value)) value.forEach((item, i) => nodes(item, [...target, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) nodes(v, [...target, k], out);
}

/** A valid payload with one node replaced (by an odd, nearby or random value), removed, or given an extra key. */
export function fuzzedPayload(taxonomy: Taxonomy, event: EventDef): fc.Arbitrary<unknown> {
  return validPayload(taxonomy, event).chain((payload) => {
    const all: { target: readonly Segment[]; value: Json }[] = [];
    nodes(payload, [], all);
    return fc.constantFrom(...all).chain(({ target, value }) => {
      const replacements = fc.oneof(odd, anyJson, ...(nearby(value).length > 0 ? [fc.constantFrom(...nearby(value))] : []));
      const edits: fc.Arbitrary<unknown>[] = [];
      if (target.length > 0) {
        edits.push(replacements.map((r) => apply(payload, target, r)));
        edits.push(fc.constant(apply(payload, target, DELETE)));
      } else edits.push(replacements);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const key = fc.oneof(fc.constantFrom('unexpected', 'toString', '', 'a/b~c'), fc.string()).filter((k) => k !== '__proto__');
        edits.push(fc.tuple(key, anyJson).map(([k, v]) => (target.length === 0 ? { ...structuredClone(payload), [k]: v } : apply(payload, [...target, k], v))));
      }
      return fc.oneof(...edits);
    });
  });
}
