// Limits that keep a hostile or runaway taxonomy from exhausting the generator. All configurable.

export interface LoadLimits {
  /** Bytes per taxonomy file. */
  readonly maxFileBytes: number;
  /** Events in the whole taxonomy. */
  readonly maxEvents: number;
  /** Properties in one object (an event's own, common ones included, or a nested object). */
  readonly maxProperties: number;
  /** Levels of nested objects and arrays inside one property. */
  readonly maxDepth: number;
  /** Characters in any string: descriptions, enum values, patterns. */
  readonly maxStringLength: number;
  /** Characters in an event, property or type name. */
  readonly maxNameLength: number;
}

export const DEFAULT_LIMITS: LoadLimits = {
  maxFileBytes: 16 * 1024 * 1024,
  maxEvents: 10_000,
  maxProperties: 1_000,
  maxDepth: 8,
  maxStringLength: 10_000,
  maxNameLength: 128,
};
