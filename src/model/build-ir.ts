// RawTaxonomy → Taxonomy (IR), in named steps: build shared types, reject recursive ones, build
// common properties, build events (identity default, common properties merged, idempotency key
// resolved), assign every name, then check the taxonomy's own enum/const/example values against the
// resolved shapes. The raw input is never mutated. In: a RawTaxonomy and limits. Out: the IR when
// there is no diagnostic, and the diagnostics in a stable order.
import { closestMatch, diagnostic, sortDiagnostics, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import { locate, originalIndex, wasWritten, type CheckedEvents, type LoadLimits, type RawEntry, type RawEvent, type RawProperty, type RawTaxonomy } from '../load/index.js';
import { renamedFromAt, ShapeBuilder } from './build-shapes.js';
import { checkAgainstCommon, checkRenames, previousNames } from './check-renames.js';
import { checkValue } from './check-value.js';
import { NameChecker } from './check-names.js';
import type { EventDef, IdempotencyField, Property, Shape, SharedType, Taxonomy } from './ir.js';

/**
 * What a long-lived process (watch) keeps between builds: each event of the last build without a
 * problem, by its raw value (a re-parse keeps the values of the events it did not touch), with where
 * its key was and what it was built in (the shared types' and common properties' values and
 * positions, the declared type names, the limits). An event whose value, key position and context
 * are all the same is not built again: only its names are claimed again, so collisions with the
 * edited events are still found. The values the loader checked clean are kept here too
 * (checkValues). bench/README.md has what it buys.
 */
export class IrMemo {
  readonly checked: CheckedEvents = new WeakSet();
  context: readonly unknown[] = [];
  readonly events = new WeakMap<object, { readonly at: string; readonly event: EventDef; readonly context: readonly unknown[] }>();
}

/** What an event is built from besides its own value; compared item by item (values by identity). */
function contextOf(raw: RawTaxonomy, limits: LoadLimits, common: readonly Property[]): unknown[] {
  return [
    JSON.stringify(limits),
    [...raw.declaredTypes].join('\0'),
    ...raw.types.flatMap((t) => [t.name, t.value]),
    ...raw.commonProperties.map((c) => c.value),
    ...common.map((c) => `${c.name}\0${where(c.location)}`),
  ];
}

function where(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

export function buildIr(raw: RawTaxonomy, limits: LoadLimits, memo?: IrMemo): { taxonomy?: Taxonomy; diagnostics: Diagnostic[] } {
  const builder = new ShapeBuilder(new Set(raw.types.map((t) => t.name)), raw.declaredTypes);
  const names = new NameChecker();
  const diagnostics: Diagnostic[] = [];

  const { types, refs } = buildSharedTypes(raw, builder, names);
  const cycles = findRecursiveTypes(raw, refs);
  diagnostics.push(...cycles.map((c) => c.diagnostic));
  const byName = new Map(types.map((t) => [t.name, t.shape]));
  const cyclic = new Set(cycles.flatMap((c) => c.members));
  // A missing, refused or recursive type (all reported already) resolves to nothing: checks that
  // depend on it are skipped instead of guessing, and can never loop.
  const resolve = (name: string): Shape | undefined => (cyclic.has(name) ? undefined : byName.get(name));
  const common = raw.commonProperties.flatMap((c) => builder.properties({ [c.name]: c.value }, c.file, ['commonProperties'], new Set(), true));
  names.properties(common, true);
  const commonRenames = raw.commonProperties.map((c) => ({ name: c.name, written: renamedFromOf(c.value), at: renamedFromAt(c.file, c.path) }));
  diagnostics.push(...checkRenames(commonRenames, 'property'));
  const eventRenames = raw.events.map((e) => ({ name: e.name, written: e.value.renamedFrom, at: renamedFromAt(e.file, e.path) }));
  diagnostics.push(...checkRenames(eventRenames, 'event'));

  const context = contextOf(raw, limits, common);
  const sameContext = memo !== undefined && context.length === memo.context.length && context.every((item, i) => item === memo.context[i]);
  const events: EventDef[] = [];
  const built: [object, EventDef][] = [];
  for (const entry of raw.events) {
    const eventContext = { common, builder, names, limits, resolve };
    const reused = sameContext ? unchangedEvent(entry, memo, eventContext) : undefined;
    const event = reused === undefined ? buildEvent(entry, eventContext, diagnostics) : (reused ?? undefined);
    if (event === undefined) continue;
    events.push(event);
    built.push([entry.value, event]);
  }

  diagnostics.push(...deepThroughTypes([common, ...events.map((e) => e.properties.filter((p) => !p.common))], resolve, limits));
  for (const pending of builder.pending) {
    const problem = checkValue(pending.shape, pending.value, resolve);
    if (problem !== undefined) diagnostics.push(diagnostic('value-mismatch', locate(pending.file, pending.path), `${pending.what} ${JSON.stringify(pending.value)} ${problem}`));
  }

  if (raw.events.length === 0 && !raw.eventsWritten) {
    diagnostics.push(diagnostic('missing-keyword', locate(raw.name.file, []), 'the taxonomy defines no events', 'add events under `events:`, e.g. app_opened: { description: ... }'));
  }
  diagnostics.push(...builder.diagnostics, ...names.diagnostics);
  if (diagnostics.length > 0) return { diagnostics: sortDiagnostics(diagnostics) };
  if (memo !== undefined) {
    memo.context = context;
    for (const [value, event] of built) memo.events.set(value, { at: where(event.location), event, context });
  }
  return {
    taxonomy: {
      name: raw.name.value,
      version: raw.version.value,
      ...(raw.description === undefined ? {} : { description: raw.description.value }),
      types,
      events,
      files: raw.files,
    },
    diagnostics: [],
  };
}

function buildSharedTypes(raw: RawTaxonomy, builder: ShapeBuilder, names: NameChecker): { types: SharedType[]; refs: Map<string, Set<string>> } {
  const types: SharedType[] = [];
  const refs = new Map<string, Set<string>>();
  for (const entry of raw.types) {
    const uses = new Set<string>();
    const shape = builder.shape(entry.value, entry.file, entry.path, uses);
    refs.set(entry.name, uses);
    const location = locate(entry.file, entry.path, 'key');
    const typeName = names.typeName(entry.name, location);
    names.nested(shape);
    if (typeName !== undefined) types.push({ name: entry.name, typeName, shape, location });
  }
  return { types, refs };
}

/** Each cycle of shared types referring to each other, reported once, at the type it was entered by. */
function findRecursiveTypes(raw: RawTaxonomy, refs: ReadonlyMap<string, ReadonlySet<string>>): { diagnostic: Diagnostic; members: string[] }[] {
  const out: { diagnostic: Diagnostic; members: string[] }[] = [];
  const finished = new Set<string>();
  const reported = new Set<string>();
  const visit = (name: string, trail: readonly string[]): void => {
    const start = trail.indexOf(name);
    if (start !== -1) {
      const members = trail.slice(start);
      const key = [...members].sort().join('\u0000');
      const first = raw.types.find((t) => t.name === name);
      if (first !== undefined && !reported.has(key)) {
        reported.add(key);
        const chain = [...members, name].map((n) => `\`${n}\``).join(' → ');
        out.push({ diagnostic: diagnostic('recursive-type', locate(first.file, first.path, 'key'), `type \`${name}\` refers to itself: ${chain}`, 'events carry finite data; flatten the structure'), members });
      }
      return;
    }
    if (finished.has(name)) return;
    for (const next of refs.get(name) ?? []) visit(next, [...trail, name]);
    finished.add(name);
  };
  for (const entry of raw.types) visit(entry.name, []);
  return out;
}

interface EventContext {
  readonly common: readonly Property[];
  readonly builder: ShapeBuilder;
  readonly names: NameChecker;
  readonly limits: LoadLimits;
  readonly resolve: (name: string) => Shape | undefined;
}

/**
 * The event as the last clean build made it, when its value and key position are the same (the
 * caller compared the context): its names are claimed again, in the order a build claims them.
 * Undefined when it must be built; null when its name now collides with an edited event's (the
 * name checker reported it, as a build would have).
 */
function unchangedEvent(entry: RawEntry<RawEvent>, memo: IrMemo, context: EventContext): EventDef | null | undefined {
  const kept = memo.events.get(entry.value);
  // Kept by an older build, in another context: an event that was left out and came back.
  if (kept === undefined || kept.context !== memo.context) return undefined;
  const location = locate(entry.file, entry.path, 'key');
  if (where(location) !== kept.at) return undefined;
  const { event } = kept;
  context.names.properties(
    event.properties.filter((p) => !p.common),
    true,
    context.common,
  );
  const names = context.names.eventNames(entry.name, location);
  if (names === undefined) return null;
  return JSON.stringify(names) === JSON.stringify(event.names) ? event : { ...event, names };
}

function buildEvent(entry: RawEntry<RawEvent>, context: EventContext, diagnostics: Diagnostic[]): EventDef | undefined {
  const { common, builder, names, limits } = context;
  const raw = entry.value;
  const location = locate(entry.file, entry.path, 'key');
  const own = builder.properties(raw.properties, entry.file, [...entry.path, 'properties'], new Set());
  for (const property of own) {
    const shared = common.find((c) => c.name === property.name);
    if (shared !== undefined) {
      const at = shared.location;
      diagnostics.push(diagnostic('common-property-redefined', property.location, `property \`${property.name}\` is already a common property (${at.file}:${at.line}:${at.column})`, 'remove it here: common properties apply to every event'));
    }
  }
  const properties = [...own, ...common.filter((c) => !own.some((p) => p.name === c.name))];
  // The loader already reported own or common properties that alone are too many.
  if (properties.length > limits.maxProperties && own.length <= limits.maxProperties && common.length <= limits.maxProperties) {
    diagnostics.push(diagnostic('limit-exceeded', location, `event \`${entry.name}\` has ${properties.length} properties with the common ones, over the limit of ${limits.maxProperties}`, 'raise limits.maxProperties'));
  }
  names.properties(own, true, common);
  const ownRenames = Object.entries(raw.properties ?? {}).map(([name, spec]) => ({ name, written: renamedFromOf(spec), at: renamedFromAt(entry.file, [...entry.path, 'properties', name]) }));
  diagnostics.push(...checkAgainstCommon(entry.name, ownRenames, common));
  const identity = raw.identity ?? 'either';
  const idempotencyKey = raw.idempotencyKey === undefined ? undefined : idempotencyFields(entry, identity, properties, context.resolve, diagnostics);
  const eventNames = names.eventNames(entry.name, location);
  const renamedFrom = previousNames(raw.renamedFrom);
  if (eventNames === undefined) return undefined;
  return {
    name: entry.name,
    names: eventNames,
    ...(raw.description === undefined ? {} : { description: raw.description }),
    ...(raw.deprecated === undefined || raw.deprecated === false ? {} : { deprecated: raw.deprecated === true ? {} : { message: raw.deprecated } }),
    ...(renamedFrom === undefined ? {} : { renamedFrom }),
    identity,
    properties,
    additionalProperties: raw.additionalProperties ?? false,
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    tags: raw.tags ?? [],
    location,
  };
}

/**
 * Nesting that only exceeds maxDepth once shared types are followed (the loader counted each
 * definition on its own), reported at the event property where it starts.
 */
function deepThroughTypes(objects: readonly (readonly Property[])[], resolve: (name: string) => Shape | undefined, limits: LoadLimits): Diagnostic[] {
  const typeLevels = new Map<string, number>(); // shared types form a DAG: count each once
  const levels = (shape: Shape | undefined, follow: boolean): number => {
    if (shape === undefined) return 0;
    switch (shape.kind) {
      case 'ref': {
        if (!follow) return 1;
        const known = typeLevels.get(shape.name);
        if (known !== undefined) return known;
        const counted = levels(resolve(shape.name), true);
        typeLevels.set(shape.name, counted);
        return counted;
      }
      case 'array':
        return 1 + levels(shape.items, follow);
      case 'object':
        return 1 + Math.max(0, ...shape.properties.map((p) => levels(p.shape, follow)));
      default:
        return 1;
    }
  };
  return objects.flatMap((properties) =>
    properties
      .filter((p) => levels(p.shape, true) > limits.maxDepth && levels(p.shape, false) <= limits.maxDepth)
      .map((p) => diagnostic('limit-exceeded', p.location, `property \`${p.name}\` nests ${levels(p.shape, true)} levels deep through shared types, over the limit of ${limits.maxDepth}`, 'flatten the structure, or raise limits.maxDepth')),
  );
}

/** Resolves `idempotencyKey` names: only values that are always present and never null qualify. */
function idempotencyFields(entry: RawEntry<RawEvent>, identity: string, properties: readonly Property[], resolve: (name: string) => Shape | undefined, diagnostics: Diagnostic[]): IdempotencyField[] {
  const fields: IdempotencyField[] = [];
  const names = entry.value.idempotencyKey ?? [];
  names.forEach((name, i) => {
    const at = locate(entry.file, [...entry.path, 'idempotencyKey', String(originalIndex(names, i))]);
    const fail = (message: string, hint?: string): void => void diagnostics.push(diagnostic('invalid-idempotency-key', at, message, hint));
    if (name === 'user_id' || name === 'anonymous_id') {
      if (identity === name) fields.push({ source: 'envelope', name });
      else fail(`\`${name}\` is not always present on this event (identity: ${identity})`, `set \`identity: ${name}\`, or derive the key from a required property`);
      return;
    }
    if (name === 'event' || name === 'timestamp') {
      fail(`\`${name}\` cannot be part of the key`, name === 'event' ? 'the event name is always part of a derived key' : 'timestamp defaults to the time of the call, so it is not stable across retries of a re-delivered event');
      return;
    }
    const property = properties.find((p) => p.name === name);
    // A property (or its `required`) that the loader removed as invalid was reported there.
    const written = [...entry.path, 'properties', name];
    if (property === undefined && wasWritten(entry.file, written)) return;
    if (property !== undefined && !property.required && wasWritten(entry.file, [...written, 'required'])) return;
    if (property === undefined) {
      const suggestion = closestMatch(name, properties.map((p) => p.name));
      fail(`no property \`${name}\` on this event`, suggestion === undefined ? undefined : `did you mean \`${suggestion}\`?`);
    } else if (!property.required) {
      fail(`property \`${name}\` is optional, so the key would change when it is left out`, 'mark it `required: true`');
    } else if (isNullable(property.shape, resolve)) {
      fail(`property \`${name}\` is nullable, so the key would change when it is null`, 'remove `nullable: true`, or derive the key from a non-null property');
    } else if (!isScalar(property.shape, resolve)) {
      fail(`property \`${name}\` is ${property.shape.kind === 'ref' ? 'a shared type that is not' : 'not'} a string, number or boolean`, 'derive the key from scalar fields only');
    } else {
      fields.push({ source: 'property', name });
    }
  });
  return fields;
}

/** A string, number or boolean, following shared-type references; a broken type is given the benefit. */
function isScalar(shape: Shape | undefined, resolve: (name: string) => Shape | undefined): boolean {
  if (shape === undefined) return true;
  if (shape.kind === 'ref') return isScalar(resolve(shape.name), resolve);
  return shape.kind === 'string' || shape.kind === 'number' || shape.kind === 'boolean';
}

function isNullable(shape: Shape | undefined, resolve: (name: string) => Shape | undefined): boolean {
  if (shape === undefined) return false;
  return shape.nullable || (shape.kind === 'ref' && isNullable(resolve(shape.name), resolve));
}

function renamedFromOf(spec: RawProperty): string | readonly string[] | undefined {
  return typeof spec === 'string' ? undefined : spec.renamedFrom;
}
