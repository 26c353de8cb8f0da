// One payload checked against the taxonomy. In: a taxonomy (the IR), then any parsed value. Out: a
// verdict, valid or not with its violations (ajv's errors on the emitted schema of the event the
// payload names, as JSON pointers and messages). Reports, never throws; prints nothing.
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { SchemaValidateFunction } from 'ajv/dist/types/index.js';
import { deepEqual } from '../../templates/runtime/validation.js';
import { closestMatch } from '../diagnostics.js';
import { eventSchema } from '../emit/json-schema.js';
import type { EventDef, Taxonomy } from '../model/ir.js';

/** ajv and ajv-formats, loaded when a checker is made: other commands never pay for them. */
function loadAjv(): { Ajv2020: typeof Ajv2020; addFormats: (ajv: Ajv2020, options: { mode: 'full' }) => Ajv2020 } {
  const require = createRequire(import.meta.url);
  return { Ajv2020: (require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')).Ajv2020, addFormats: require('ajv-formats') as (ajv: Ajv2020, options: { mode: 'full' }) => Ajv2020 };
}

export interface PayloadViolation {
  /** RFC 6901 JSON pointer into the payload: `''` for the payload itself, `/properties/paywall_id`. */
  readonly path: string;
  /** Reads after the path: `/properties/paywall_id must be string`. */
  readonly message: string;
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

// Up to this many events, a payload naming none of them is told all of them.
const FEW_EVENTS = 10;
const ENVELOPE = ['event', 'user_id', 'anonymous_id', 'timestamp', 'properties'] as const;
const MAX_REMEMBERED_UNKNOWN = 1000;
const NO_VIOLATIONS: readonly PayloadViolation[] = Object.freeze([]);

interface Compiled {
  readonly validate: ValidateFunction;
  /** The same schema, compiled where uniqueItems cannot throw (see safeUniqueItems); made when first needed. */
  safe?: ValidateFunction;
  /** Shared by every valid payload of the event: a valid line allocates no verdict. */
  readonly valid: PayloadVerdict;
}

/**
 * A checker for payloads of `taxonomy`: dispatches on the payload's `event`, then applies ajv
 * (draft 2020-12, strict, allErrors, ajv-formats "full") to that event's emitted schema, exactly
 * the schema in `schemas/<event>.schema.json`. Each event's schema is compiled on first use and
 * kept, so a 5,000-event taxonomy costs only the events the input uses.
 * @example
 * const check = createPayloadChecker(taxonomy);
 * check({ event: 'paywall_viewed', user_id: 'u1', timestamp: '2024-03-15T14:22:00Z', properties: { paywall_id: 5 } });
 * // { valid: false, event: 'paywall_viewed', violations: [{ path: '/properties/paywall_id', message: 'must be string' }] }
 */
export function createPayloadChecker(taxonomy: Taxonomy): PayloadChecker {
  // `ownProperties`: a payload's `toString` or `constructor` is what the JSON says, never the
  // prototype's (as the generated validators read it). `verbose`: errors carry their schema, which
  // names the properties an object allows, for "did you mean". It costs nothing on valid payloads.
  const { Ajv2020, addFormats } = loadAjv();
  const newAjv = (): Ajv2020 => addFormats(new Ajv2020({ strict: true, strictNumbers: true, allErrors: true, verbose: true, ownProperties: true }), { mode: 'full' });
  const ajv = newAjv();
  let safeAjv: Ajv2020 | undefined;
  const events = new Map<string, EventDef>(taxonomy.events.map((e) => [e.name, e]));
  const compiled = new Map<string, Compiled>();
  const names = taxonomy.events.map((e) => e.name);
  const listed = names.length <= FEW_EVENTS ? names.map((n) => JSON.stringify(n)).join(', ') : undefined;

  const unknownEvent = (name: string): PayloadViolation => {
    const head = `${JSON.stringify(name)} is not an event of ${taxonomy.name}`;
    if (names.length === 0) return { path: '/event', message: `${head}, which defines no events` };
    const near = closestMatch(name, names);
    if (near !== undefined) return { path: '/event', message: `${head}; did you mean ${JSON.stringify(near)}?` };
    return { path: '/event', message: listed === undefined ? head : `${head}; expected one of ${listed}` };
  };
  const missingEvent: PayloadViolation = {
    path: '/event',
    message: listed === undefined ? `is required: it names the ${taxonomy.name} event` : `is required: one of ${listed}`,
  };

  // An export with an unknown event usually has it many times; "did you mean" is worked out once.
  const unknownVerdicts = new Map<string, PayloadVerdict>();
  const unknown = (name: string): PayloadVerdict => {
    let verdict = unknownVerdicts.get(name);
    if (verdict === undefined) {
      verdict = Object.freeze(invalid(name, Object.freeze([unknownEvent(name)])));
      if (unknownVerdicts.size < MAX_REMEMBERED_UNKNOWN) unknownVerdicts.set(name, verdict);
    }
    return verdict;
  };

  return (payload) => {
    if (!isObject(payload)) return invalid(undefined, [{ path: '', message: 'must be object' }]);
    const name = Object.hasOwn(payload, 'event') ? payload['event'] : undefined;
    if (typeof name !== 'string') return invalid(undefined, [name === undefined ? missingEvent : { path: '/event', message: 'must be string' }]);
    let entry = compiled.get(name);
    if (entry === undefined) {
      const event = events.get(name);
      if (event === undefined) return unknown(name);
      entry = { validate: ajv.compile(eventSchema(taxonomy, event)), valid: Object.freeze({ valid: true, event: name, violations: NO_VIOLATIONS }) };
      compiled.set(name, entry);
    }
    let validate = entry.validate;
    let valid: boolean;
    try {
      valid = validate(payload) as boolean;
    } catch (error) {
      if (!isEqualityCrash(error)) throw error;
      safeAjv ??= withSafeUniqueItems(newAjv());
      validate = entry.safe ??= safeAjv.compile(eventSchema(taxonomy, events.get(name) as EventDef));
      valid = validate(payload) as boolean;
    }
    return valid ? entry.valid : invalid(name, violationsOf(validate.errors ?? [], name));
  };
}

/**
 * ajv's uniqueItems compares objects with fast-deep-equal, which calls a `toString` or `valueOf` key
 * as a method and throws when the JSON holds a string there (`[{"toString": "a"}, {"toString": "b"}]`;
 * ajv#2624, open in 8.20). Such payloads are checked again with uniqueItems as ajv runs it for object
 * items, pairwise from the end, with the runtime's deepEqual, which reads own keys only: same
 * verdict, same message. Found by the fuzz test.
 */
function isEqualityCrash(error: unknown): boolean {
  return error instanceof TypeError && /fast-deep-equal/.test(error.stack ?? '');
}

function withSafeUniqueItems(ajv: Ajv2020): Ajv2020 {
  ajv.removeKeyword('uniqueItems');
  const uniqueItems: SchemaValidateFunction = (unique: boolean, data: readonly unknown[]): boolean => {
    if (!unique) return true;
    for (let i = data.length; i--; ) {
      for (let j = i; j--; ) {
        if (deepEqual(data[i], data[j])) {
          uniqueItems.errors = [{ keyword: 'uniqueItems', params: { i, j }, message: `must NOT have duplicate items (items ## ${j} and ${i} are identical)` }];
          return false;
        }
      }
    }
    return true;
  };
  return ajv.addKeyword({ keyword: 'uniqueItems', type: 'array', schemaType: 'boolean', errors: true, validate: uniqueItems });
}

function invalid(event: string | undefined, violations: readonly PayloadViolation[]): PayloadVerdict {
  return { valid: false, event, violations };
}

/** Not part of the public API: src/payloads/sources.ts uses it too. */
export function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One RFC 6901 reference token. */
function pointerSegment(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Whether `path` is `parent` or inside it, as JSON pointers. */
function within(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}/`);
}

interface Mapped {
  readonly error: ErrorObject;
  readonly violation: PayloadViolation;
}

/**
 * ajv's errors in its order, as violations: `required` and `additionalProperties` point at the
 * property itself, enums and consts say their values, and the two `anyOf`s the emitted schemas
 * use (the identity rule of `identity: either`, and a nullable shared type) become one message
 * instead of one per branch plus "must match a schema in anyOf".
 */
function violationsOf(errors: readonly ErrorObject[], event: string): PayloadViolation[] {
  const out: Mapped[] = [];
  for (const error of errors) {
    if (error.keyword !== 'anyOf') {
      out.push({ error, violation: violation(error, event) });
      continue;
    }
    // A failed anyOf's branch errors are the ones just before it: the root's are its own inline
    // branches; a nullable type's lie within its value (the shared type's schema is elsewhere).
    const branch: Mapped[] = [];
    const root = error.instancePath === '';
    while (out.length > 0) {
      const last = out[out.length - 1] as Mapped;
      const mine = root ? last.error.schemaPath.startsWith(`${error.schemaPath}/`) : within(last.error.instancePath, error.instancePath);
      if (!mine) break;
      branch.unshift(last);
      out.pop();
    }
    if (root) {
      out.push({ error, violation: { path: '', message: 'must have user_id or anonymous_id' } });
      continue;
    }
    const isNullBranch = (m: Mapped): boolean => m.error.keyword === 'type' && m.error.params['type'] === 'null' && m.error.schemaPath.startsWith(`${error.schemaPath}/`);
    const kept = branch.filter((m) => !isNullBranch(m));
    if (kept.length === branch.length) {
      out.push(...branch, { error, violation: violation(error, event) });
      continue;
    }
    for (const m of kept) {
      const sameValue = m.error.keyword === 'type' && m.error.instancePath === error.instancePath;
      out.push(sameValue ? { error: m.error, violation: { path: m.violation.path, message: `${m.violation.message} or null` } } : m);
    }
  }
  return out.map((m) => m.violation);
}

function violation(error: ErrorObject, event: string): PayloadViolation {
  const path = error.instancePath;
  const params = error.params as Readonly<Record<string, unknown>>;
  switch (error.keyword) {
    case 'required':
      return { path: `${path}/${pointerSegment(String(params['missingProperty']))}`, message: 'is required' };
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = isObject(error.parentSchema) && isObject(error.parentSchema['properties']) ? Object.keys(error.parentSchema['properties']) : [];
      const near = closestMatch(key, allowed);
      const what = path === '' ? `is not a field of the event envelope (${ENVELOPE.join(', ')})` : path === '/properties' ? `is not a property of ${event}` : 'is not a property of this object';
      return { path: `${path}/${pointerSegment(key)}`, message: near === undefined ? what : `${what}; did you mean ${JSON.stringify(near)}?` };
    }
    case 'enum': {
      const values = Array.isArray(params['allowedValues']) ? (params['allowedValues'] as readonly unknown[]) : [];
      return { path, message: `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}` };
    }
    case 'type':
      // A nullable type is a type list: "must be number,null" reads better as "must be number or null".
      return { path, message: `must be ${String(params['type']).split(',').join(' or ')}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(params['allowedValue'])}` };
    default:
      return { path, message: error.message ?? `fails ${error.keyword}` };
  }
}
