// From what a caller passes to the wire object: the envelope in a fixed order (event, user_id,
// anonymous_id, timestamp, properties), the timestamp defaulting to now, everything else exactly as
// given, so what you pass is what is sent and what the validator judged. In: an event name and the
// caller's input. Out: the wire object, validated when asked.
import { FloKitValidationError } from './errors.js';
import type { KeyDeriver } from './keys.js';
import type { ValidationResult } from './validation.js';

/** What the generated code knows about one event. */
export interface EventSpec<E> {
  readonly name: string;
  readonly validate: (input: unknown) => ValidationResult<E>;
  /** Derives the Idempotency-Key from the fields the taxonomy names, when it names some. */
  readonly key?: KeyDeriver;
}

/** What every event of a taxonomy shares: the dispatching validator and the key derivers by event name. */
export interface EventCatalog<E> {
  readonly validate: (input: unknown) => ValidationResult<E>;
  readonly keys: Readonly<Record<string, KeyDeriver>>;
}

type Timestamped<E> = Omit<E, 'event' | 'timestamp'> & {
  /** When the event HAPPENED (not when it is sent): a Date or an RFC 3339 string. Default: now. */
  readonly timestamp?: Date | string;
};

/** The input of `track<Event>()`/`build<Event>()`: the wire object without `event`, timestamp optional. */
export type EventInput<E> = E extends unknown ? Timestamped<E> : never;

/** The same, for events that have no properties: no `properties` to pass. */
export type EventInputWithoutProperties<E> = E extends unknown
  ? Omit<Timestamped<E>, 'properties'>
  : never;

function timestamp(value: unknown): unknown {
  if (value === undefined) return new Date().toISOString();
  // An invalid Date becomes "Invalid Date", which the validator reports as a bad date-time.
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  }
  return value;
}

/** The wire object for `input`; `event` always comes from the generated code, never from the input. */
export function assemble(name: string, input: object): Record<string, unknown> {
  const fields = input as Record<string, unknown>;
  const wire: Record<string, unknown> = { event: name };
  if (fields['user_id'] !== undefined) wire['user_id'] = fields['user_id'];
  if (fields['anonymous_id'] !== undefined) wire['anonymous_id'] = fields['anonymous_id'];
  wire['timestamp'] = timestamp(fields['timestamp']);
  if (fields['properties'] !== undefined) wire['properties'] = fields['properties'];
  for (const key of Object.keys(fields)) {
    // Anything else (a stray key the validator will report) goes through as given.
    if (
      key === 'event' ||
      key === 'user_id' ||
      key === 'anonymous_id' ||
      key === 'timestamp' ||
      key === 'properties' ||
      fields[key] === undefined
    ) {
      continue;
    }
    // An own `__proto__` key (from JSON.parse) must stay a key, not become the prototype.
    Object.defineProperty(wire, key, {
      value: fields[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return wire;
}

/** The validated wire object, or a FloKitValidationError listing every violation. */
export function build<E>(spec: EventSpec<E>, input: object): E {
  const verdict = spec.validate(assemble(spec.name, input));
  if (!verdict.valid) throw new FloKitValidationError(`The ${spec.name} event`, verdict.violations);
  return verdict.value;
}
