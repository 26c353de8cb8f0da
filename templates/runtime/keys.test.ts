// Derived Idempotency-Keys: readable `flokit:<event>:<values>` for safe short values, otherwise
// `flokit-sha256:<64 hex>` of the same facts; scoped by event name, deterministic across processes,
// injective, and never read from an object's prototype.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveKey, type KeyFields } from './keys.js';

const SEED = 20261126;
const TXN: KeyFields = [['properties', 'transaction_id']];
const HASHED = /^flokit-sha256:[0-9a-f]{64}$/;

/** The hashed form, computed independently with node:crypto: SHA-256 of JSON `[name, ...values]`. */
function sha256Key(name: string, ...values: string[]): string {
  return `flokit-sha256:${createHash('sha256')
    .update(JSON.stringify([name, ...values]), 'utf8')
    .digest('hex')}`;
}

/** A subscription_started event whose transaction_id is `value`. */
function revenue(value: unknown): Record<string, unknown> {
  return {
    event: 'subscription_started',
    user_id: 'usr_abc123',
    timestamp: '2024-03-15T14:25:00Z',
    properties: { plan_id: 'plan_annual_usd', transaction_id: value },
  };
}

/** Two one-field events, or one two-field event, for injectivity checks. */
function keyOf(name: string, values: readonly string[]): Promise<string> {
  const properties = Object.fromEntries(values.map((v, i) => [`f${i}`, v]));
  return Promise.resolve(
    deriveKey(
      name,
      { properties },
      values.map((_, i) => ['properties', `f${i}`]),
    ) as string | Promise<string>,
  );
}

describe('deriveKey: readable form', () => {
  it.each([
    ['txn_42', 'flokit:subscription_started:txn_42'],
    ['1000000123456789', 'flokit:subscription_started:1000000123456789'],
    ['GPA.3344-5566-7788-99001', 'flokit:subscription_started:GPA.3344-5566-7788-99001'],
    ['a~b_c-d.e', 'flokit:subscription_started:a~b_c-d.e'],
  ])('%j → %j, synchronously', (value, key) => {
    expect(deriveKey('subscription_started', revenue(value), TXN)).toBe(key);
  });

  it('scopes the key by event name: one transaction_id, two events, two keys', () => {
    const started = deriveKey('subscription_started', revenue('txn_42'), TXN);
    const refunded = deriveKey(
      'refund_issued',
      { ...revenue('txn_42'), event: 'refund_issued' },
      TXN,
    );
    expect(started).toBe('flokit:subscription_started:txn_42');
    expect(refunded).toBe('flokit:refund_issued:txn_42');
  });

  it('takes the name from the argument, not from the event', () => {
    expect(deriveKey('renewal_completed', revenue('txn_42'), TXN)).toBe(
      'flokit:renewal_completed:txn_42',
    );
  });

  it('reads envelope fields such as user_id', () => {
    expect(
      deriveKey(
        'user_created',
        { event: 'user_created', user_id: 'usr_abc123', timestamp: '2024-03-15T14:22:00Z' },
        [['user_id']],
      ),
    ).toBe('flokit:user_created:usr_abc123');
  });

  it('joins several fields in the order given', () => {
    const event = { user_id: 'usr_1', properties: { plan_id: 'plan_a', transaction_id: 'txn_9' } };
    expect(
      deriveKey('plan_changed', event, [
        ['user_id'],
        ['properties', 'plan_id'],
        ['properties', 'transaction_id'],
      ]),
    ).toBe('flokit:plan_changed:usr_1:plan_a:txn_9');
    expect(deriveKey('plan_changed', event, [['properties', 'transaction_id'], ['user_id']])).toBe(
      'flokit:plan_changed:txn_9:usr_1',
    );
  });

  it.each<readonly [unknown, string]>([
    [42, 'flokit:e:42'],
    [0, 'flokit:e:0'],
    [-0, 'flokit:e:0'],
    [-7, 'flokit:e:-7'],
    [49.99, 'flokit:e:49.99'],
    [true, 'flokit:e:true'],
    [false, 'flokit:e:false'],
  ])('number or boolean %j → %j', (value, key) => {
    expect(deriveKey('e', { properties: { id: value } }, [['properties', 'id']])).toBe(key);
  });

  it('keeps a key of exactly 200 characters readable', () => {
    const value = 'x'.repeat(200 - 'flokit:e:'.length);
    const key = deriveKey('e', { properties: { id: value } }, [['properties', 'id']]);
    expect(key).toBe(`flokit:e:${value}`);
    expect((key as string).length).toBe(200);
  });
});

describe('deriveKey: no key', () => {
  it.each<readonly [string, unknown]>([
    ['a missing field', { event: 'e', properties: {} }],
    ['missing properties', { event: 'e' }],
    ['properties that are not an object', { properties: 'txn_42' }],
    ['properties null', { properties: null }],
    ['null', { properties: { transaction_id: null } }],
    ['undefined', { properties: { transaction_id: undefined } }],
    ['NaN', { properties: { transaction_id: NaN } }],
    ['Infinity', { properties: { transaction_id: Infinity } }],
    ['-Infinity', { properties: { transaction_id: -Infinity } }],
    ['an object', { properties: { transaction_id: { id: 'txn_42' } } }],
    ['an array', { properties: { transaction_id: ['txn_42'] } }],
    ['a bigint', { properties: { transaction_id: 42n } }],
    ['a symbol', { properties: { transaction_id: Symbol('txn') } }],
    ['a function', { properties: { transaction_id: () => 'txn_42' } }],
    ['an event that is not an object', 'txn_42'],
    ['an event that is null', null],
  ])('is undefined for %s', (_, event) => {
    expect(deriveKey('subscription_started', event, TXN)).toBeUndefined();
  });

  it('is undefined when any one of several fields is missing', () => {
    const fields: KeyFields = [['user_id'], ['properties', 'transaction_id']];
    expect(deriveKey('e', { properties: { transaction_id: 'txn_42' } }, fields)).toBeUndefined();
    expect(deriveKey('e', { user_id: 'usr_1', properties: {} }, fields)).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'does not read %j from the prototype',
    (name) => {
      expect(deriveKey('e', { properties: {} }, [['properties', name]])).toBeUndefined();
      expect(deriveKey('e', {}, [[name]])).toBeUndefined();
    },
  );

  it('does not read inherited fields', () => {
    const properties = Object.create({ transaction_id: 'txn_inherited' }) as object;
    expect(deriveKey('e', { properties }, TXN)).toBeUndefined();
    expect(
      deriveKey('e', Object.create({ properties: { transaction_id: 'txn_42' } }) as object, TXN),
    ).toBeUndefined();
  });

  it('reads an own "__proto__" key (from JSON.parse) like any other field', () => {
    const event: unknown = JSON.parse('{"properties":{"__proto__":"txn_42"}}');
    expect(deriveKey('e', event, [['properties', '__proto__']])).toBe('flokit:e:txn_42');
  });
});

describe('deriveKey: hashed form', () => {
  it.each([
    ['a colon', 'txn:42'],
    ['a space', 'txn 42'],
    ['a slash', 'txn/42'],
    ['a plus', 'txn+42'],
    ['a percent', 'txn%2042'],
    ['a newline', 'txn\n42'],
    ['non-ASCII', 'txn_é'],
    ['an emoji', 'txn_🎉'],
    ['a lone high surrogate', 'txn_\uD800'],
    ['a lone low surrogate', 'txn_\uDC00'],
    ['U+FFFD', 'txn_\uFFFD'],
    ['the empty string', ''],
    ['201 characters of key', 'x'.repeat(201 - 'flokit:subscription_started:'.length)],
    ['a very long value', 'x'.repeat(5_000)],
  ])(
    'a value with %s is hashed: a promise of flokit-sha256 and 64 hex digits',
    async (_, value) => {
      const key = deriveKey('subscription_started', revenue(value), TXN);
      expect(key).toBeInstanceOf(Promise);
      const text = await key;
      expect(text).toMatch(HASHED);
      expect(text).toBe(sha256Key('subscription_started', value));
    },
  );

  it('hashes numbers in their JSON form (1e+21 has a "+")', async () => {
    const key = await deriveKey('e', { properties: { id: 1e21 } }, [['properties', 'id']]);
    expect(key).toBe(sha256Key('e', '1e+21'));
  });

  it('hashes when the event name is not URL-safe', async () => {
    const key = deriveKey('Subscription Started', revenue('txn_42'), TXN);
    expect(key).toBeInstanceOf(Promise);
    expect(await key).toBe(sha256Key('Subscription Started', 'txn_42'));
  });

  it('is a fixed function of the facts (keys must survive upgrades to dedupe across deploys)', async () => {
    // Golden value: changing it would make a re-sent occurrence count twice after an upgrade.
    expect(await deriveKey('subscription_started', revenue('txn:42'), TXN)).toBe(
      'flokit-sha256:' +
        createHash('sha256').update('["subscription_started","txn:42"]').digest('hex'),
    );
    expect(await deriveKey('subscription_started', revenue('txn:42'), TXN)).toBe(
      await deriveKey('subscription_started', revenue('txn:42'), TXN),
    );
  });

  it('keeps lone surrogates apart from each other and from U+FFFD (no lossy UTF-8 encoding)', async () => {
    const keys = await Promise.all(
      ['\uD800', '\uDC00', '\uFFFD', '\uDC00\uD800', '\uD800\uDC00'].map((v) => keyOf('e', [v])),
    );
    expect(new Set(keys).size).toBe(5);
  });

  it.each<readonly [string, readonly string[], readonly string[]]>([
    ['one field "a:b" vs two fields "a", "b"', ['a:b'], ['a', 'b']],
    ['two fields "a:b", "c" vs "a", "b:c"', ['a:b', 'c'], ['a', 'b:c']],
    ['"" vs no value', [''], []],
    ['"", "" vs ""', ['', ''], ['']],
    ['a space at the end vs none', ['a b '], ['a b']],
    ['JSON-looking value vs two values', ['a","b'], ['a', 'b']],
  ])('different facts give different keys: %s', async (_, a, b) => {
    expect(await keyOf('e', a)).not.toBe(await keyOf('e', b));
  });

  it('different events give different hashed keys for the same value', async () => {
    expect(await keyOf('a', ['x y'])).not.toBe(await keyOf('b', ['x y']));
    expect(await keyOf('a:b', ['c'])).not.toBe(await keyOf('a', ['b:c']));
  });

  it('is injective on any string values, readable or hashed', async () => {
    const unit = fc.oneof(
      fc.constantFrom('a', 'b', ':', ' ', '_', '"', '\\', 'é', '\uD800', '\uDC00', '\uFFFD'),
      fc.string({ maxLength: 3 }),
    );
    const values = fc.array(
      fc.array(unit, { maxLength: 4 }).map((parts) => parts.join('')),
      { maxLength: 3 },
    );
    await fc.assert(
      fc.asyncProperty(values, values, async (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        return (await keyOf('e', a)) !== (await keyOf('e', b));
      }),
      { seed: SEED, numRuns: 1_000 },
    );
  });
});
