// The validated input shape: what a taxonomy file looks like once it has passed the format schema.
// Plain data as written, with no defaults applied and nothing resolved. In: nothing. Out: types.
import type { JsonValue, ParsedFile } from './source-map.js';

export interface RawPropertyObject {
  readonly type: string;
  readonly required?: boolean;
  readonly nullable?: boolean;
  readonly description?: string;
  readonly deprecated?: boolean | string;
  /** Earlier wire names: one, or a list (newest first). */
  readonly renamedFrom?: string | readonly string[];
  readonly examples?: readonly JsonValue[];
  readonly pii?: boolean;
  readonly enum?: readonly (string | number | null)[];
  readonly const?: string | number | boolean;
  readonly format?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
  readonly items?: RawProperty;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly properties?: Readonly<Record<string, RawProperty>>;
  readonly additionalProperties?: boolean;
}

/** A property is a mapping of keywords, or the shorthand: just a type name. */
export type RawProperty = string | RawPropertyObject;

export interface RawEvent {
  readonly description?: string;
  readonly identity?: 'user_id' | 'anonymous_id' | 'either';
  readonly properties?: Readonly<Record<string, RawProperty>>;
  readonly deprecated?: boolean | string;
  readonly renamedFrom?: string | readonly string[];
  readonly additionalProperties?: boolean;
  readonly idempotencyKey?: readonly string[];
  readonly tags?: readonly string[];
}

export interface RawFile {
  readonly taxonomy?: string;
  readonly version?: string;
  readonly description?: string;
  readonly types?: Readonly<Record<string, RawProperty>>;
  readonly commonProperties?: Readonly<Record<string, RawProperty>>;
  readonly events?: Readonly<Record<string, RawEvent | null>>;
}

/** A named definition and where it was written: `path` is its key path inside `file`. */
export interface RawEntry<T> {
  readonly name: string;
  readonly value: T;
  readonly file: ParsedFile;
  readonly path: readonly string[];
}

/** All files merged: every name appears once (duplicates were reported while merging). */
export interface RawTaxonomy {
  readonly name: RawEntry<string>;
  readonly version: RawEntry<string>;
  readonly description?: RawEntry<string>;
  readonly types: readonly RawEntry<RawProperty>[];
  readonly commonProperties: readonly RawEntry<RawProperty>[];
  readonly events: readonly RawEntry<RawEvent>[];
  readonly files: readonly string[];
  /** Shared type names as written, including any the shape check removed as invalid. */
  readonly declaredTypes: ReadonlySet<string>;
  /** Some file defines an event as written, even if the shape check removed it since. */
  readonly eventsWritten: boolean;
}
