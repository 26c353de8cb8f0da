// IR → JSON Schema (draft 2020-12) as plain data. One self-contained schema per event describing
// the whole wire object (envelope and properties; the shared types it uses in `$defs`), one that
// accepts any event of the taxonomy, and one for the batch request body. Key order is fixed by
// construction, so the serialised output is byte-stable. In: the IR. Out: schema objects.
import type { EventDef, Property, Shape, SharedType, Taxonomy } from '../model/ir.js';
import { reachableTypes } from '../model/reachable-types.js';

export type SchemaValue = string | number | boolean | null | readonly SchemaValue[] | SchemaObject;
export interface SchemaObject {
  readonly [key: string]: SchemaValue;
}

const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** The documented batch limit of the FloKit API. */
export const MAX_BATCH_EVENTS = 1000;

export function eventSchemaId(taxonomy: Taxonomy, event: EventDef): string {
  return `urn:flokit-gen:${taxonomy.name}:event:${event.names.fileStem}`;
}

/** `$defs` key and `$ref` of a shared type: its identifier, which is URI-safe once encoded. */
function defRef(type: SharedType): string {
  return `#/$defs/${encodeURIComponent(type.typeName)}`;
}

export function eventSchema(taxonomy: Taxonomy, event: EventDef): SchemaObject {
  const types = new Map(taxonomy.types.map((t) => [t.name, t]));
  const used = reachableTypes(event.properties.map((p) => p.shape), taxonomy.types);
  const identity = { type: 'string', minLength: 1 };
  const required = ['event', ...(event.identity === 'either' ? [] : [event.identity]), 'timestamp', ...(event.properties.some((p) => p.required) ? ['properties'] : [])];
  return {
    $schema: DIALECT,
    $id: eventSchemaId(taxonomy, event),
    title: event.name,
    ...describeWithDeprecation(event.description, event.deprecated),
    type: 'object',
    properties: {
      event: { const: event.name },
      user_id: { ...identity, description: 'The backend user id.' },
      anonymous_id: { ...identity, description: 'The pre-login device or session id.' },
      timestamp: { type: 'string', format: 'date-time', description: 'When the event happened (RFC 3339).' },
      properties: objectSchema(event.properties, event.additionalProperties, types),
    },
    required,
    ...(event.identity === 'either' ? { anyOf: [{ properties: { user_id: true }, required: ['user_id'] }, { properties: { anonymous_id: true }, required: ['anonymous_id'] }] } : {}),
    additionalProperties: false,
    ...(used.length === 0 ? {} : { $defs: Object.fromEntries(used.map((t) => [t.typeName, sharedTypeSchema(t, types)])) }),
  };
}

/** A shared type's schema, as it appears in the `$defs` of every event that uses it. */
export function sharedTypeSchema(type: SharedType, types: ReadonlyMap<string, SharedType>): SchemaObject {
  return { title: type.typeName, ...shapeSchema(type.shape, types) };
}

/** Every event's schema, in taxonomy order. */
export function eventSchemas(taxonomy: Taxonomy): SchemaObject[] {
  return taxonomy.events.map((e) => eventSchema(taxonomy, e));
}

/** The any-event schema but its `$defs` (the events' schemas): what does not grow with the events' contents. */
export function anyEventEnvelope(taxonomy: Taxonomy): SchemaObject {
  return {
    $schema: DIALECT,
    $id: anyEventSchemaId(taxonomy),
    title: `Any ${taxonomy.name} event`,
    description: `One event of the ${taxonomy.name} taxonomy ${taxonomy.version}, checked against the schema of the event it names.`,
    type: 'object',
    properties: { event: { enum: taxonomy.events.map((e) => e.name) } },
    required: ['event'],
    allOf: taxonomy.events.map((e) => ({
      if: { properties: { event: { const: e.name } } },
      then: { $ref: eventSchemaId(taxonomy, e) },
    })),
  };
}

/**
 * Accepts any event of the taxonomy: `event` must be a known name, then that event's schema applies.
 * `schemas`: the events' schemas in taxonomy order, when the caller has built them already.
 */
export function anyEventSchema(taxonomy: Taxonomy, schemas: readonly SchemaObject[] = eventSchemas(taxonomy)): SchemaObject {
  return { ...anyEventEnvelope(taxonomy), $defs: Object.fromEntries(anyEventDefs(taxonomy).map((key, i) => [key, schemas[i] as SchemaObject])) };
}

/**
 * The any-event schema's `$defs` keys, one per event in taxonomy order: type names, because a `%` in
 * a `$defs` key is decoded once too often by validators that build JSON-pointer fragments from keys
 * (ajv among them); the events are referred to by `$id` anyway.
 */
export function anyEventDefs(taxonomy: Taxonomy): string[] {
  return taxonomy.events.map((e) => e.names.eventType);
}

function anyEventSchemaId(taxonomy: Taxonomy): string {
  return `urn:flokit-gen:${taxonomy.name}:any-event`;
}

/** The batch body's schema but its `$defs` (the any-event schema, under `any-event`). */
export function batchEnvelope(taxonomy: Taxonomy): SchemaObject {
  return {
    $schema: DIALECT,
    $id: `urn:flokit-gen:${taxonomy.name}:batch`,
    title: `${taxonomy.name} batch request`,
    description: `The body of POST /v1/batch/events: 1 to ${MAX_BATCH_EVENTS} events.`,
    type: 'object',
    properties: {
      events: { type: 'array', minItems: 1, maxItems: MAX_BATCH_EVENTS, items: { $ref: anyEventSchemaId(taxonomy) } },
    },
    required: ['events'],
    additionalProperties: false,
  };
}

/** The body of `POST /v1/batch/events`. `any`: the any-event schema, when the caller has built it already. */
export function batchSchema(taxonomy: Taxonomy, any: SchemaObject = anyEventSchema(taxonomy)): SchemaObject {
  return { ...batchEnvelope(taxonomy), $defs: { [BATCH_DEF]: any } };
}

/** Where the batch schema keeps the any-event schema. */
export const BATCH_DEF = 'any-event';

function objectSchema(properties: readonly Property[], additional: boolean, types: ReadonlyMap<string, SharedType>): SchemaObject {
  const required = properties.filter((p) => p.required).map((p) => p.name);
  return {
    type: 'object',
    properties: Object.fromEntries(properties.map((p) => [p.name, shapeSchema(p.shape, types)])),
    ...(required.length === 0 ? {} : { required }),
    additionalProperties: additional,
  };
}

function shapeSchema(shape: Shape, types: ReadonlyMap<string, SharedType>): SchemaObject {
  const notes = annotations(shape);
  if (shape.kind === 'ref') {
    const ref = { $ref: defRef(types.get(shape.name) as SharedType) };
    return shape.nullable ? { ...notes, anyOf: [ref, { type: 'null' }] } : { ...ref, ...notes };
  }
  const core = coreSchema(shape, types);
  // A nullable const is a two-value enum: `const` itself would refuse the null.
  const { const: fixed, ...rest } = core;
  const body = shape.nullable && fixed !== undefined ? { ...rest, enum: [fixed] } : core;
  return { ...body, ...notes, ...nullable(shape, body) };
}

/** Null joins the type list, and any enum or const, so `nullable` never needs a oneOf. */
function nullable(shape: Shape, core: SchemaObject): SchemaObject {
  if (!shape.nullable) return {};
  const out: Record<string, SchemaValue> = { type: [String(core['type']), 'null'] };
  if (Array.isArray(core['enum'])) out['enum'] = [...(core['enum'] as readonly SchemaValue[]), null];
  return out;
}

function coreSchema(shape: Exclude<Shape, { kind: 'ref' }>, types: ReadonlyMap<string, SharedType>): SchemaObject {
  switch (shape.kind) {
    case 'string':
      return withDefined({ type: 'string', enum: shape.enum, const: shape.const, format: shape.format, pattern: shape.pattern, minLength: shape.minLength, maxLength: shape.maxLength });
    case 'number':
      return withDefined({
        type: shape.integer ? 'integer' : 'number',
        enum: shape.enum,
        const: shape.const,
        minimum: shape.minimum,
        maximum: shape.maximum,
        exclusiveMinimum: shape.exclusiveMinimum,
        exclusiveMaximum: shape.exclusiveMaximum,
        multipleOf: shape.multipleOf,
      });
    case 'boolean':
      return withDefined({ type: 'boolean', const: shape.const });
    case 'array':
      return withDefined({ type: 'array', items: shapeSchema(shape.items, types), minItems: shape.minItems, maxItems: shape.maxItems, uniqueItems: shape.uniqueItems ? true : undefined });
    case 'object':
      return objectSchema(shape.properties, shape.additionalProperties, types);
  }
}

// Only standard keywords, so the schemas compile in any strict validator: the deprecation message
// joins the description, and personal data is flagged in a `$comment`.
function annotations(shape: Shape): SchemaObject {
  const a = shape.annotations;
  return withDefined({
    ...describeWithDeprecation(a.description, a.deprecated),
    examples: a.examples,
    $comment: a.pii ? 'Personal data (pii).' : undefined,
  });
}

function describeWithDeprecation(text: string | undefined, deprecated: { readonly message?: string } | undefined): SchemaObject {
  const message = deprecated?.message;
  const description = [text, message === undefined ? undefined : `Deprecated: ${message}`].filter((d) => d !== undefined).join('\n\n');
  return withDefined({ description: description === '' ? undefined : description, deprecated: deprecated === undefined ? undefined : true });
}

function withDefined(entries: Readonly<Record<string, SchemaValue | undefined>>): SchemaObject {
  const out: Record<string, SchemaValue> = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) out[key] = value;
  return out;
}

