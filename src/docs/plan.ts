// The plan as readers see it: the taxonomy's events and shared types flattened into rows a page or
// a table can show (type in words, required, nullable, enum values, constraints, format, examples,
// PII), nested object properties as `parent.child` and array items as `parent[]`. Plain JSON data:
// `flokit-gen docs` writes it as plan.json, `serve` hands it to the web view. In: the IR. Out: a Plan.
import type { JsonValue } from '../load/index.js';
import type { EventDef, Property, Shape, SharedType, Taxonomy } from '../model/ir.js';

export interface PlanProperty {
  /** The wire name; nested ones as `device.os`, array items as `items[]`. */
  readonly name: string;
  /** In words: `string`, `integer`, `array of string`, `object`, or a shared type's name. */
  readonly type: string;
  /** The shared type this property uses, for a link to it. */
  readonly ref?: string;
  readonly required: boolean;
  readonly nullable: boolean;
  readonly enum?: readonly (string | number)[];
  /** `minimum 0`, `pattern ^[A-Z]{2}$`, `const "web"`, `unique items`... */
  readonly constraints: readonly string[];
  readonly format?: string;
  readonly examples?: readonly JsonValue[];
  readonly pii: boolean;
  readonly description?: string;
  readonly deprecated?: string;
  /** Came from `commonProperties`. */
  readonly common: boolean;
}

export interface PlanEvent {
  readonly name: string;
  readonly description?: string;
  /** `user_id`, `anonymous_id` or `either` (at least one of them). */
  readonly identity: string;
  /** The fields the Idempotency-Key is derived from, as `user_id` or `properties.transaction_id`. */
  readonly idempotencyKey?: readonly string[];
  /** The deprecation message (empty when deprecated without one). */
  readonly deprecated?: string;
  readonly tags: readonly string[];
  readonly properties: readonly PlanProperty[];
}

export interface PlanType {
  readonly name: string;
  readonly description?: string;
  /** The type's own row (name `''`), then its object properties, if any. */
  readonly properties: readonly PlanProperty[];
}

export interface Plan {
  readonly taxonomy: string;
  readonly version: string;
  readonly description?: string;
  readonly events: readonly PlanEvent[];
  readonly types: readonly PlanType[];
}

export function planOf(taxonomy: Taxonomy): Plan {
  return {
    taxonomy: taxonomy.name,
    version: taxonomy.version,
    ...(taxonomy.description === undefined ? {} : { description: taxonomy.description }),
    events: taxonomy.events.map(planEvent),
    types: taxonomy.types.map(planType),
  };
}

function planEvent(event: EventDef): PlanEvent {
  return {
    name: event.name,
    ...(event.description === undefined ? {} : { description: event.description }),
    identity: event.identity,
    ...(event.idempotencyKey === undefined ? {} : { idempotencyKey: event.idempotencyKey.map((f) => (f.source === 'envelope' ? f.name : `properties.${f.name}`)) }),
    ...(event.deprecated === undefined ? {} : { deprecated: event.deprecated.message ?? '' }),
    tags: event.tags,
    properties: event.properties.flatMap((p) => rows(p.name, p.shape, p.required, p.common, p)),
  };
}

function planType(type: SharedType): PlanType {
  return {
    name: type.name,
    ...(type.shape.annotations.description === undefined ? {} : { description: type.shape.annotations.description }),
    properties: rows('', type.shape, true, false, undefined),
  };
}

/** One row for the property, then rows for what is inside it (object properties, array items). */
function rows(name: string, shape: Shape, required: boolean, common: boolean, property: Property | undefined): PlanProperty[] {
  const { annotations } = shape;
  const row: PlanProperty = {
    name,
    type: typeWords(shape),
    ...(refOf(shape) === undefined ? {} : { ref: refOf(shape) as string }),
    required,
    nullable: shape.nullable,
    ...('enum' in shape && shape.enum !== undefined ? { enum: shape.enum } : {}),
    constraints: constraints(shape),
    ...(shape.kind === 'string' && shape.format !== undefined ? { format: shape.format } : {}),
    ...(annotations.examples === undefined ? {} : { examples: annotations.examples }),
    pii: annotations.pii,
    ...(annotations.description === undefined ? {} : { description: annotations.description }),
    ...(annotations.deprecated === undefined ? {} : { deprecated: annotations.deprecated.message ?? '' }),
    common: property?.common ?? common,
  };
  const inner = (child: string): string => (name === '' ? child : `${name}.${child}`);
  if (shape.kind === 'object') return [row, ...shape.properties.flatMap((p) => rows(inner(p.name), p.shape, p.required, common, undefined))];
  if (shape.kind === 'array' && (shape.items.kind === 'object' || shape.items.kind === 'array')) return [row, ...rows(`${name}[]`, shape.items, true, common, undefined)];
  return [row];
}

/** The shared type a property uses, itself or as its array's items. */
function refOf(shape: Shape): string | undefined {
  return shape.kind === 'ref' ? shape.name : shape.kind === 'array' ? refOf(shape.items) : undefined;
}

function typeWords(shape: Shape): string {
  switch (shape.kind) {
    case 'string':
    case 'boolean':
    case 'object':
      return shape.kind;
    case 'number':
      return shape.integer ? 'integer' : 'number';
    case 'array':
      return `array of ${typeWords(shape.items)}`;
    case 'ref':
      return shape.name;
  }
}

function constraints(shape: Shape): string[] {
  const out: string[] = [];
  const add = (label: string, value: unknown): void => {
    if (value !== undefined) out.push(`${label} ${typeof value === 'string' && label !== 'pattern' ? JSON.stringify(value) : String(value)}`);
  };
  switch (shape.kind) {
    case 'string':
      add('const', shape.const);
      add('pattern', shape.pattern);
      add('min length', shape.minLength);
      add('max length', shape.maxLength);
      break;
    case 'number':
      add('const', shape.const);
      add('minimum', shape.minimum);
      add('maximum', shape.maximum);
      add('greater than', shape.exclusiveMinimum);
      add('less than', shape.exclusiveMaximum);
      add('multiple of', shape.multipleOf);
      break;
    case 'boolean':
      add('const', shape.const);
      break;
    case 'array':
      add('min items', shape.minItems);
      add('max items', shape.maxItems);
      if (shape.uniqueItems) out.push('unique items');
      break;
    case 'object':
      if (shape.additionalProperties) out.push('other keys allowed');
      break;
    case 'ref':
      break;
  }
  return out;
}
