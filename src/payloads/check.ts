// One payload checked against the taxonomy. In: a taxonomy (the IR), then any parsed value. Out: a
// verdict, valid or not with its violations. The verdict is the generated validators': each event's
// checker is the code validators.ts holds for it (src/emit/validators.ts prints it as plain
// JavaScript, compiled here in memory on the event's first payload), run with the runtime helpers
// generated code imports, so the CLI, validate<Event>() and the client's errors say the same words
// with the same codes. The CLI only adds hints (did you mean). Reports, never throws; prints nothing.
import * as formats from '../../templates/runtime/formats.js';
import * as validation from '../../templates/runtime/validation.js';
import type { Violation, Violations } from '../../templates/runtime/validation.js';
import { closestMatch } from '../diagnostics.js';
import { emitEventCheckerScript } from '../emit/validators.js';
import type { EventDef, Shape, Taxonomy } from '../model/ir.js';

/** A violation as the generated validators report it, and what the CLI adds: a hint, when it has one. */
export interface PayloadViolation extends Violation {
  /** `did you mean "paywall_id"?`, `expected one of "a", "b"`. */
  readonly hint?: string;
}

export interface PayloadVerdict {
  readonly valid: boolean;
  /** The payload's `event`, when it is a string (known to the taxonomy or not). */
  readonly event: string | undefined;
  /** Empty exactly when valid. */
  readonly violations: readonly PayloadViolation[];
}

/** Checks one parsed payload (any value) against the taxonomy; reports, never throws. */
export type PayloadChecker = (payload: unknown) => PayloadVerdict;

type EventChecker = (input: unknown) => Violations;

// Up to this many events, a payload naming none of them is told all of them.
const FEW_EVENTS = 10;
const ENVELOPE = ['event', 'user_id', 'anonymous_id', 'timestamp', 'properties'] as const;
const MAX_REMEMBERED_UNKNOWN = 1000;
const NO_VIOLATIONS: readonly PayloadViolation[] = Object.freeze([]);

interface Compiled {
  readonly check: EventChecker;
  readonly event: EventDef;
  /** Shared by every valid payload of the event: a valid line allocates no verdict. */
  readonly valid: PayloadVerdict;
}

/** The generated checker of `event`, compiled from its JavaScript (no module, no file). */
function compileChecker(taxonomy: Taxonomy, event: EventDef): EventChecker {
  // Code we printed from the IR ourselves; every taxonomy string in it went through literal().
  const make = new Function('$v', '$f', emitEventCheckerScript(taxonomy, event)) as (v: typeof validation, f: typeof formats) => EventChecker;
  return make(validation, formats);
}

/**
 * A checker for payloads of `taxonomy`: dispatches on the payload's `event` as the generated
 * validateEvent() does, then runs that event's generated checker. Each checker is compiled on its
 * event's first payload and kept, so a 5,000-event taxonomy costs only the events the input uses.
 * @example
 * const check = createPayloadChecker(taxonomy);
 * check({ event: 'paywall_viewed', user_id: 'u1', timestamp: '2024-03-15T14:22:00Z', properties: { paywall_id: 5 } });
 * // { valid: false, event: 'paywall_viewed',
 * //   violations: [{ code: 'wrong-type', path: '/properties/paywall_id', message: 'must be a string (got integer)' }] }
 */
export function createPayloadChecker(taxonomy: Taxonomy): PayloadChecker {
  const events = new Map<string, EventDef>(taxonomy.events.map((e) => [e.name, e]));
  const compiled = new Map<string, Compiled>();
  const names = taxonomy.events.map((e) => e.name);
  const listed = names.length <= FEW_EVENTS ? `expected one of ${names.map((n) => JSON.stringify(n)).join(', ')}` : undefined;

  const unknownHint = (name: unknown): string | undefined => {
    if (names.length === 0) return `${taxonomy.name} defines no events`;
    const near = typeof name === 'string' ? closestMatch(name, names) : undefined;
    return near === undefined ? listed : `did you mean ${JSON.stringify(near)}?`;
  };

  // An export with an unknown event usually has it many times; "did you mean" is worked out once.
  const unknownVerdicts = new Map<string, PayloadVerdict>();
  const unknown = (name: unknown): PayloadVerdict => {
    const key = typeof name === 'string' ? name : undefined;
    let verdict = key === undefined ? undefined : unknownVerdicts.get(key);
    if (verdict === undefined) {
      const violations = validation.unknownEvent(name, taxonomy.name);
      const hint = typeof name === 'string' || name === undefined ? unknownHint(name) : undefined;
      verdict = Object.freeze(invalid(key, Object.freeze(hint === undefined ? violations : violations.map((v) => ({ ...v, hint })))));
      if (key !== undefined && unknownVerdicts.size < MAX_REMEMBERED_UNKNOWN) unknownVerdicts.set(key, verdict);
    }
    return verdict;
  };

  return (payload) => {
    if (!validation.isObject(payload)) return invalid(undefined, validation.wrongType(undefined, '', 'an object', payload));
    // Read as the generated validateEvent() reads it.
    const name = payload['event'];
    let entry = typeof name === 'string' ? compiled.get(name) : undefined;
    if (entry === undefined) {
      const event = typeof name === 'string' ? events.get(name) : undefined;
      if (event === undefined) return unknown(name);
      entry = { check: compileChecker(taxonomy, event), event, valid: Object.freeze({ valid: true, event: event.name, violations: NO_VIOLATIONS }) };
      compiled.set(event.name, entry);
    }
    const violations = entry.check(payload);
    return violations === undefined ? entry.valid : invalid(entry.event.name, withHints(taxonomy, entry.event, violations));
  };
}

function invalid(event: string | undefined, violations: readonly PayloadViolation[]): PayloadVerdict {
  return { valid: false, event, violations };
}

/** An unexpected property gets the nearest key its object allows, if one is near. */
function withHints(taxonomy: Taxonomy, event: EventDef, violations: readonly Violation[]): readonly PayloadViolation[] {
  if (!violations.some((v) => v.code === 'unexpected-property')) return violations;
  return violations.map((v) => {
    if (v.code !== 'unexpected-property') return v;
    const segments = v.path.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
    const key = segments.pop() ?? '';
    const near = closestMatch(key, allowedKeys(taxonomy, event, segments));
    return near === undefined ? v : { ...v, hint: `did you mean ${JSON.stringify(near)}?` };
  });
}

/** The keys the object at `segments` (a parsed JSON pointer into an event) allows. */
function allowedKeys(taxonomy: Taxonomy, event: EventDef, segments: readonly string[]): readonly string[] {
  if (segments.length === 0) return ENVELOPE;
  if (segments[0] !== 'properties') return [];
  let shape: Shape | undefined = { kind: 'object', nullable: false, annotations: { pii: false }, properties: event.properties, additionalProperties: event.additionalProperties };
  for (const segment of segments.slice(1)) {
    shape = resolve(taxonomy, shape);
    if (shape?.kind === 'object') shape = shape.properties.find((p) => p.name === segment)?.shape;
    else if (shape?.kind === 'array') shape = shape.items;
    else return [];
  }
  shape = resolve(taxonomy, shape);
  return shape?.kind === 'object' ? shape.properties.map((p) => p.name) : [];
}

function resolve(taxonomy: Taxonomy, shape: Shape | undefined): Shape | undefined {
  let at = shape;
  // Aliases chain (a shared type naming another); the loader rejects cycles.
  while (at?.kind === 'ref') {
    const name: string = at.name;
    at = taxonomy.types.find((t) => t.name === name)?.shape;
  }
  return at;
}

/** Not part of the public API: src/payloads/sources.ts uses it too. */
export function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return validation.isObject(value);
}
