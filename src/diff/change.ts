// What a diff reports: one Change per difference between two taxonomies, each with its kind and its
// impact on the two audiences, and the catalogue of kinds with their usual impact (the table in
// docs/changing-a-taxonomy.md is checked against it). In: nothing. Out: types and the catalogue.
import type { JsonValue } from '../load/index.js';

/**
 * producer: code that sends events. `breaking` when something valid before (a payload, a call that
 * compiled) can be refused or fail to compile now.
 * consumer: dashboards, the warehouse, readers of the schemas. `breaking` when data they did not
 * expect can arrive, or data they relied on can stop arriving or change meaning; `additive` when only
 * new, separately named data can arrive (a new event or property).
 */
export interface Impact {
  readonly producer: 'none' | 'breaking';
  readonly consumer: 'none' | 'additive' | 'breaking';
}

export type Bump = 'major' | 'minor' | 'patch' | 'none';

interface KindInfo {
  /** The impact this kind has, or `depends` when the change itself decides (see its message). */
  readonly producer: Impact['producer'] | 'depends';
  readonly consumer: Impact['consumer'] | 'depends';
  readonly summary: string;
}

const BREAKS_BOTH = { producer: 'breaking', consumer: 'breaking' } as const;
const BREAKS_PRODUCERS = { producer: 'breaking', consumer: 'none' } as const;
const BREAKS_CONSUMERS = { producer: 'none', consumer: 'breaking' } as const;
const COSMETIC = { producer: 'none', consumer: 'none' } as const;

/** Every kind of change, in the order reports and docs list them. */
export const CHANGE_KINDS = {
  'taxonomy-renamed': { ...BREAKS_CONSUMERS, summary: 'the taxonomy name changed: every schema `$id` changes' },
  'taxonomy-description-changed': { ...COSMETIC, summary: "the taxonomy's description changed" },
  'event-added': { producer: 'none', consumer: 'additive', summary: 'a new event' },
  'event-removed': { ...BREAKS_BOTH, summary: 'an event is gone: sending it is refused, and it stops arriving' },
  'event-renamed': { ...BREAKS_BOTH, summary: 'an event renamed (`renamedFrom`): the old name is refused, the new one arrives instead' },
  'event-deprecated': { ...COSMETIC, summary: 'an event marked deprecated (announces its removal)' },
  'event-undeprecated': { ...COSMETIC, summary: 'an event no longer deprecated' },
  'identity-changed': { producer: 'depends', consumer: 'depends', summary: 'the id an event needs (user_id / anonymous_id / either): requiring more breaks producers, requiring less breaks consumers' },
  'idempotency-key-changed': { ...BREAKS_CONSUMERS, summary: 'the fields the Idempotency-Key is derived from: the same occurrence sent before and after the change is not deduplicated' },
  'additional-properties-opened': { ...BREAKS_CONSUMERS, summary: 'unlisted properties are accepted now' },
  'additional-properties-closed': { ...BREAKS_PRODUCERS, summary: 'unlisted properties are refused now' },
  'property-added-required': { producer: 'breaking', consumer: 'additive', summary: 'a new required property' },
  'property-added-optional': { producer: 'depends', consumer: 'additive', summary: 'a new optional property (breaks producers only where unlisted properties were accepted, under any value)' },
  'property-removed': { producer: 'depends', consumer: 'breaking', summary: 'a property is gone (breaks producers unless unlisted properties are accepted)' },
  'property-renamed': { ...BREAKS_BOTH, summary: 'a property renamed (`renamedFrom`)' },
  'property-made-required': { ...BREAKS_PRODUCERS, summary: 'an optional property became required' },
  'property-made-optional': { ...BREAKS_CONSUMERS, summary: 'a required property became optional: it can be missing' },
  'made-nullable': { ...BREAKS_CONSUMERS, summary: 'null is allowed now' },
  'made-non-nullable': { ...BREAKS_PRODUCERS, summary: 'null is refused now' },
  'type-changed': { producer: 'depends', consumer: 'depends', summary: 'a different type (integer → number breaks only consumers, number → integer only producers, anything else both)' },
  'enum-value-added': { ...BREAKS_CONSUMERS, summary: 'a new allowed value (an exhaustive switch or a warehouse model does not expect it)' },
  'enum-value-removed': { ...BREAKS_PRODUCERS, summary: 'an allowed value is refused now' },
  'const-changed': { ...BREAKS_BOTH, summary: 'the one allowed value changed' },
  'constraint-narrowed': { ...BREAKS_PRODUCERS, summary: 'a constraint accepts fewer values (per keyword: enum, const, format, minLength, maximum, uniqueItems, ...)' },
  'constraint-widened': { ...BREAKS_CONSUMERS, summary: 'a constraint accepts more values, or is gone' },
  'constraint-changed': { ...BREAKS_BOTH, summary: 'a constraint changed in no comparable direction (a different pattern, an unrelated multipleOf)' },
  'format-changed': { ...BREAKS_BOTH, summary: 'a different string format' },
  'property-deprecated': { ...COSMETIC, summary: 'a property marked deprecated (announces its removal)' },
  'property-undeprecated': { ...COSMETIC, summary: 'a property no longer deprecated' },
  'description-changed': { ...COSMETIC, summary: 'the description of an event or property' },
  'examples-changed': { ...COSMETIC, summary: 'the examples of a property' },
  'tags-changed': { ...COSMETIC, summary: "an event's tags" },
  'pii-changed': { ...COSMETIC, summary: 'the pii flag of a property' },
} as const satisfies Record<string, KindInfo>;

export type ChangeKind = keyof typeof CHANGE_KINDS;

export interface Change {
  readonly kind: ChangeKind;
  /** The event's name in head (in base, for a removed event); absent for taxonomy-level changes. */
  readonly event?: string;
  /** Where in the event: `shipping.country`, `sku_ids[]`; absent for the event itself. */
  readonly path?: string;
  /** The constraint keyword, for constraint-* changes. */
  readonly keyword?: string;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
  /** For removals: whether base had marked the event or property deprecated. */
  readonly deprecatedBefore?: boolean;
  /** The shared type both sides use here, when the change sits inside it. */
  readonly via?: string;
  readonly impact: Impact;
  readonly bump: Bump;
  /** One sentence, with names in backticks. */
  readonly message: string;
}

/** Deprecating announces a removal, so it is a minor release; a breaking change is major. */
export function bumpOf(kind: ChangeKind, impact: Impact): Bump {
  if (impact.producer === 'breaking' || impact.consumer === 'breaking') return 'major';
  if (impact.consumer === 'additive' || kind === 'event-deprecated' || kind === 'property-deprecated') return 'minor';
  return 'patch';
}

/** The impact a kind has unless the change decides (kinds marked `depends` must pass theirs). */
export function defaultImpact(kind: ChangeKind): Impact {
  const info: KindInfo = CHANGE_KINDS[kind];
  return { producer: info.producer === 'depends' ? 'breaking' : info.producer, consumer: info.consumer === 'depends' ? 'breaking' : info.consumer };
}
