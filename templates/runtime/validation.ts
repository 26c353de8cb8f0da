// What a validation reports, and the small helpers the generated validators call. The generated
// module holds everything that depends on the taxonomy (which keys, which constraints, which
// messages); this file holds only fixed behaviour, each helper with JSON Schema's semantics as ajv
// implements them (ajv is the oracle the generated validators are tested against). Helpers that
// report a violation take the list so far (undefined until the first problem, so a valid payload
// allocates nothing) and return it. In: values. Out: verdicts and violations. Imports formats.ts.
import { isDateTime } from './formats.js';

export type ViolationCode =
  | 'unknown-event'
  | 'missing-required'
  | 'wrong-type'
  | 'not-in-enum'
  | 'constraint-failed'
  | 'unexpected-property'
  | 'missing-identity';

export interface Violation {
  readonly code: ViolationCode;
  /** RFC 6901 JSON pointer into the payload: `''` for the payload itself, `/properties/plan_ids/2`. */
  readonly path: string;
  /** Reads after the path: `/properties/country must match pattern ^[A-Z]{2}$`. */
  readonly message: string;
}

export type ValidationResult<T> =
  | { readonly valid: true; readonly value: T }
  | { readonly valid: false; readonly violations: readonly Violation[] };

/** A JSON object as the validators read it. */
export interface Fields {
  readonly [key: string]: unknown;
}

/** The violations found so far: undefined while there are none. */
export type Violations = Violation[] | undefined;

/** `typeof x === 'object'` without null and arrays: JSON Schema's `type: object`. */
export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The members every plain object inherits. ajv (with its default `ownProperties: false`) reads a
// property as `data[key]`, so for these names it would see the inherited function on every object;
// the generated validators read them as own properties only, which is what a JSON payload means.
const INHERITED: readonly string[] = [
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
];

/** Whether a key must be read with {@link own} rather than `data[key]`. */
export function isInheritedName(key: string): boolean {
  return INHERITED.includes(key);
}

/** `Object.hasOwn` (ES2022) where the project's lib may be older. */
export function hasOwn(data: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(data, key);
}

/** The own property `key` of `data`, or undefined. */
export function own(data: Fields, key: string): unknown {
  return hasOwn(data, key) ? data[key] : undefined;
}

/** One RFC 6901 reference token: `~` → `~0`, `/` → `~1`. */
export function pointerSegment(key: string): string {
  return key.includes('~') || key.includes('/')
    ? key.replace(/~/g, '~0').replace(/\//g, '~1')
    : key;
}

/** Length in Unicode code points, a lone surrogate counting as one: ajv's `ucs2length`, exactly. */
export function codePointLength(text: string): number {
  const units = text.length;
  let length = 0;
  let pos = 0;
  while (pos < units) {
    length++;
    const unit = text.charCodeAt(pos++);
    if (
      unit >= 0xd800 &&
      unit <= 0xdbff &&
      pos < units &&
      (text.charCodeAt(pos) & 0xfc00) === 0xdc00
    ) {
      pos++;
    }
  }
  return length;
}

/**
 * `multipleOf` as ajv computes it: the quotient, in floating point, must equal `parseInt` of itself.
 * That is a whole number below 1e21 in magnitude (from 1e21 on, a number prints in exponent form,
 * so `parseInt` reads only its first digit). `0.3` is not a multiple of `0.1` (0.3 / 0.1 is
 * 2.9999999999999996), `49.99` is a multiple of `0.01`, `1e21` is not a multiple of `1`.
 */
export function isMultipleOf(value: number, divisor: number): boolean {
  const quotient = value / divisor;
  return Number.isInteger(quotient) && Math.abs(quotient) < 1e21;
}

/**
 * Deep equality of JSON values as ajv's `uniqueItems` sees it (fast-deep-equal): same primitive
 * (`0` equals `-0`), or arrays of equal items, or objects with the same constructor and the same own
 * keys holding equal values, in any order.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return a !== a && b !== b;
  }
  if (a.constructor !== b.constructor) return false;
  if (Array.isArray(a)) {
    const other = b as readonly unknown[];
    if (a.length !== other.length) return false;
    for (let i = a.length; i-- !== 0;) if (!deepEqual(a[i], other[i])) return false;
    return true;
  }
  const left = a as Fields;
  const right = b as Fields;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  for (const key of keys) {
    if (!hasOwn(right, key) || !deepEqual(left[key], right[key])) return false;
  }
  return true;
}

// Beyond this many items, primitives are compared through a Map (one allocation) instead of pairwise.
const PAIRWISE_LIMIT = 16;

/** `uniqueItems`: no two items are deeply equal. */
export function allUnique(items: readonly unknown[]): boolean {
  const count = items.length;
  if (count < 2) return true;
  if (count > PAIRWISE_LIMIT && items.every((item) => typeof item !== 'object' || item === null)) {
    return new Set(items).size === count;
  }
  for (let i = 1; i < count; i++) {
    for (let j = 0; j < i; j++) if (deepEqual(items[i], items[j])) return false;
  }
  return true;
}

/** A JSON-ish name of a value's type, for messages: `null`, `array`, `object`, `integer`, `NaN`, ... */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : Number.isFinite(value) ? 'number' : String(value);
  }
  return typeof value;
}

export function add(
  list: Violations,
  code: ViolationCode,
  path: string,
  message: string,
): Violation[] {
  const violation: Violation = { code, path, message };
  if (list === undefined) return [violation];
  list.push(violation);
  return list;
}

/** `expected` is a phrase: `a string`, `an integer or null`. */
export function wrongType(
  list: Violations,
  path: string,
  expected: string,
  value: unknown,
): Violation[] {
  return add(list, 'wrong-type', path, `must be ${expected} (got ${typeName(value)})`);
}

export function missing(list: Violations, path: string): Violation[] {
  return add(list, 'missing-required', path, 'is required');
}

export function notInEnum(list: Violations, path: string, message: string): Violation[] {
  return add(list, 'not-in-enum', path, message);
}

export function constraint(list: Violations, path: string, message: string): Violation[] {
  return add(list, 'constraint-failed', path, message);
}

export function missingIdentity(list: Violations, path: string, message: string): Violation[] {
  return add(list, 'missing-identity', path, message);
}

/** A key an object does not allow; `parent` is the object's own path. */
export function unexpected(
  list: Violations,
  parent: string,
  key: string,
  message: string,
): Violation[] {
  return add(list, 'unexpected-property', `${parent}/${pointerSegment(key)}`, message);
}

// `must be "<name>"` per event name, made once: JSON.stringify on every payload with a wrong event
// name halved the throughput of those payloads (bench §4). Bounded by the taxonomy's event names.
const wrongEventMessages = /*#__PURE__*/ new Map<string, string>();

/** `event` of a payload checked against one event's schema, when it is not that event's name. */
export function wrongEvent(list: Violations, value: unknown, expected: string): Violation[] {
  if (value === undefined) return missing(list, '/event');
  if (typeof value !== 'string') return wrongType(list, '/event', 'a string', value);
  let message = wrongEventMessages.get(expected);
  if (message === undefined) {
    wrongEventMessages.set(expected, (message = `must be ${JSON.stringify(expected)}`));
  }
  return notInEnum(list, '/event', message);
}

/** Which id an event needs: `user_id`, `anonymous_id`, or `either` (at least one of the two). */
export type Identity = 'user_id' | 'anonymous_id' | 'either';

/**
 * The envelope fields before `properties`, the same for every event but for its name and identity
 * rule: `event`, both ids (non-empty strings), the identity rule, `timestamp` (RFC 3339).
 */
export function envelope(input: Fields, name: string, identity: Identity): Violations {
  let list: Violations;
  const event = input['event'];
  if (event !== name) list = wrongEvent(list, event, name);
  const userId = input['user_id'];
  list = idField(list, userId, '/user_id');
  if (identity === 'user_id' && userId === undefined) {
    list = missingIdentity(list, '/user_id', `is required: ${name} needs user_id`);
  }
  const anonymousId = input['anonymous_id'];
  list = idField(list, anonymousId, '/anonymous_id');
  if (identity === 'anonymous_id' && anonymousId === undefined) {
    list = missingIdentity(list, '/anonymous_id', `is required: ${name} needs anonymous_id`);
  }
  if (identity === 'either' && userId === undefined && anonymousId === undefined) {
    list = missingIdentity(list, '', 'needs user_id or anonymous_id');
  }
  const timestamp = input['timestamp'];
  if (typeof timestamp === 'string') {
    if (!isDateTime(timestamp)) {
      list = constraint(
        list,
        '/timestamp',
        'must be an RFC 3339 date-time such as 2024-03-15T14:22:00Z',
      );
    }
  } else if (timestamp === undefined) list = missing(list, '/timestamp');
  else list = wrongType(list, '/timestamp', 'a string', timestamp);
  return list;
}

function idField(list: Violations, value: unknown, path: string): Violations {
  if (typeof value === 'string') {
    return value.length === 0 ? constraint(list, path, 'must not be empty') : list;
  }
  return value === undefined ? list : wrongType(list, path, 'a string', value);
}

/** Keys of the wire object beyond the five envelope fields; checked after `properties`. */
export function envelopeExtras(list: Violations, input: Fields): Violations {
  for (const key in input) {
    if (
      key === 'event' ||
      key === 'user_id' ||
      key === 'anonymous_id' ||
      key === 'timestamp' ||
      key === 'properties'
    ) {
      continue;
    }
    list = unexpected(
      list,
      '',
      key,
      'is not a field of the event envelope (event, user_id, anonymous_id, timestamp, properties)',
    );
  }
  return list;
}

/** `event` of a payload that names no event of the taxonomy. */
export function unknownEvent(value: unknown, taxonomy: string): Violation[] {
  if (value === undefined) {
    return add(undefined, 'unknown-event', '/event', `is required: it names the ${taxonomy} event`);
  }
  if (typeof value !== 'string') return wrongType(undefined, '/event', 'a string', value);
  return add(
    undefined,
    'unknown-event',
    '/event',
    `${JSON.stringify(value)} is not an event of ${taxonomy}`,
  );
}

export function result<T>(input: unknown, violations: Violations): ValidationResult<T> {
  return violations === undefined
    ? { valid: true, value: input as T }
    : { valid: false, violations };
}

/** One line per violation (or `separator` between them): `/properties/country must match pattern ^[A-Z]{2}$`. */
export function formatViolations(violations: readonly Violation[], separator = '\n'): string {
  return violations
    .map((v) => `${v.path === '' ? '(payload)' : v.path} ${v.message}`)
    .join(separator);
}
