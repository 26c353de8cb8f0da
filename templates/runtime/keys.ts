// Idempotency keys. A key derived from the fields the taxonomy names (e.g. `transaction_id`) is the
// same every time the same occurrence is sent, from any process, so FloKit counts a re-delivered
// webhook or a restarted job once. Readable when it can be (`flokit:subscription_started:txn_42`),
// otherwise a SHA-256 of the same facts; both forms are injective. In: an event and the paths of
// its key fields. Out: the key, or undefined when a field is missing (the client then picks one).
import { FloKitError } from './errors.js';
import { hasOwn } from './validation.js';

/** Paths into the wire event: `["properties", "transaction_id"]`, `["user_id"]`. */
export type KeyFields = readonly (readonly string[])[];

/** One event's key from a wire object (the generated code binds the name and the fields). */
export type KeyDeriver = (event: unknown) => string | Promise<string> | undefined;

/** Longest readable key; longer facts are hashed, so headers stay small whatever the ids. */
const MAX_READABLE = 200;
const SAFE = /^[A-Za-z0-9._~-]+$/;

function read(event: unknown, path: readonly string[]): unknown {
  let value = event;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * The derived key of `event`, or undefined when a key field is absent or not a scalar (an event
 * sent with validation off). A promise only when the facts must be hashed.
 */
export function deriveKey(
  name: string,
  event: unknown,
  fields: KeyFields,
): string | Promise<string> | undefined {
  const values: string[] = [];
  for (const path of fields) {
    const value = read(event, path);
    if (typeof value === 'string') {
      values.push(value);
    } else if (
      (typeof value === 'number' && Number.isFinite(value)) ||
      typeof value === 'boolean'
    ) {
      values.push(JSON.stringify(value));
    } else {
      return undefined;
    }
  }
  const readable = `flokit:${name}:${values.join(':')}`;
  if (readable.length <= MAX_READABLE && SAFE.test(name) && values.every((v) => SAFE.test(v))) {
    return readable;
  }
  return sha256Hex(JSON.stringify([name, ...values])).then((hex) => `flokit-sha256:${hex}`);
}

async function sha256Hex(text: string): Promise<string> {
  // Web Crypto is global on Node 19+, browsers, Deno, Bun and Workers; Node 18 has it only behind a flag.
  const subtle = (globalThis as { crypto?: { subtle?: typeof crypto.subtle } }).crypto?.subtle;
  if (subtle === undefined) {
    throw new FloKitError(
      'config',
      'This Idempotency-Key must be hashed (its values are long or not plain ASCII), and this runtime has no crypto.subtle: run Node 19+ (or Node 18 with --experimental-global-webcrypto), or pass `idempotencyKey` yourself',
    );
  }
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
