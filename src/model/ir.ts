// The intermediate representation: what every emitter reads. Plain, readonly data, built once from
// the raw taxonomy by build-ir.ts. Shared types are resolved (a `ref` always points at an existing
// type), common properties are merged into each event, defaults are applied, and every identifier
// and file name is decided here, by naming.ts, never by an emitter. In: nothing. Out: types.
import type { SourceLocation } from '../diagnostics.js';
import type { JsonValue } from '../load/index.js';
import type { EventIdentifiers } from './naming.js';

export type Identity = 'user_id' | 'anonymous_id' | 'either';
export type StringFormat = 'date-time' | 'date' | 'email' | 'uri' | 'uuid';

export interface Annotations {
  readonly description?: string;
  /** `true` in YAML becomes an empty message. */
  readonly deprecated?: { readonly message?: string };
  readonly examples?: readonly JsonValue[];
  readonly pii: boolean;
}

interface ShapeBase {
  /** null is allowed as well as the type's own values. */
  readonly nullable: boolean;
  readonly annotations: Annotations;
}

export interface StringShape extends ShapeBase {
  readonly kind: 'string';
  readonly enum?: readonly string[];
  readonly const?: string;
  readonly format?: StringFormat;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
}

export interface NumberShape extends ShapeBase {
  readonly kind: 'number';
  /** `type: integer` in the taxonomy. */
  readonly integer: boolean;
  readonly enum?: readonly number[];
  readonly const?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
}

export interface BooleanShape extends ShapeBase {
  readonly kind: 'boolean';
  readonly const?: boolean;
}

export interface ArrayShape extends ShapeBase {
  readonly kind: 'array';
  readonly items: Shape;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems: boolean;
}

export interface ObjectShape extends ShapeBase {
  readonly kind: 'object';
  readonly properties: readonly Property[];
  readonly additionalProperties: boolean;
}

/** A use of a shared type; `name` is always a key of `Taxonomy.types`. */
export interface RefShape extends ShapeBase {
  readonly kind: 'ref';
  readonly name: string;
}

export type Shape = StringShape | NumberShape | BooleanShape | ArrayShape | ObjectShape | RefShape;

export interface Property {
  /** The wire name, exactly as written in the taxonomy. */
  readonly name: string;
  readonly required: boolean;
  readonly shape: Shape;
  /** Came from `commonProperties`. */
  readonly common: boolean;
  /** Earlier wire names (`renamedFrom`), newest first: diff pairs them as a rename. */
  readonly renamedFrom?: readonly string[];
  readonly location: SourceLocation;
}

export interface SharedType {
  /** The name in `types:`, used by properties to refer to it. */
  readonly name: string;
  /** The TypeScript type name, e.g. `Country`. */
  readonly typeName: string;
  readonly shape: Shape;
  readonly location: SourceLocation;
}

/** Every identifier and file name generated for one event. */
export interface EventNames extends EventIdentifiers {
  /** Portable file name stem: `paywall_viewed` → `schemas/paywall_viewed.schema.json`. */
  readonly fileStem: string;
}

/** A field the Idempotency-Key is derived from: an envelope id or a required scalar property. */
export type IdempotencyField = { readonly source: 'envelope'; readonly name: 'user_id' | 'anonymous_id' } | { readonly source: 'property'; readonly name: string };

export interface EventDef {
  /** The wire name, sent exactly as written. */
  readonly name: string;
  readonly names: EventNames;
  readonly description?: string;
  readonly deprecated?: { readonly message?: string };
  /** Earlier wire names (`renamedFrom`), newest first: diff pairs them as a rename. */
  readonly renamedFrom?: readonly string[];
  readonly identity: Identity;
  /** The event's own properties in written order, then the common properties. */
  readonly properties: readonly Property[];
  readonly additionalProperties: boolean;
  readonly idempotencyKey?: readonly IdempotencyField[];
  readonly tags: readonly string[];
  readonly location: SourceLocation;
}

export interface Taxonomy {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  /** Shared types in written order. */
  readonly types: readonly SharedType[];
  readonly events: readonly EventDef[];
  /** The files the taxonomy was read from, in merge order. */
  readonly files: readonly string[];
}
