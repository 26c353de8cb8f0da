// From the caller's input to the wire object: the envelope order, the timestamp default and
// conversions, `event` from the generated code only, undefined dropped, `__proto__` kept as a key;
// and `build`, which returns the validator's value or throws every violation.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { FloKitError, FloKitValidationError } from './errors.js';
import {
  assemble,
  build,
  type EventInput,
  type EventInputWithoutProperties,
  type EventSpec,
} from './events.js';
import type { ValidationResult, Violation } from './validation.js';

interface PaywallViewed {
  readonly event: 'paywall_viewed';
  readonly user_id: string;
  readonly anonymous_id?: string;
  readonly timestamp: string;
  readonly properties: { readonly paywall_id: string; readonly offer_id?: string };
}

interface OnboardingStarted {
  readonly event: 'onboarding_started';
  readonly user_id: string;
  readonly timestamp: string;
}

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A hand-written validator for paywall_viewed, recording what it was given. */
function paywallSpec(): EventSpec<PaywallViewed> & { readonly seen: unknown[] } {
  const seen: unknown[] = [];
  const validate = (input: unknown): ValidationResult<PaywallViewed> => {
    seen.push(input);
    const violations: Violation[] = [];
    if (!isRecord(input))
      return {
        valid: false,
        violations: [{ code: 'wrong-type', path: '', message: 'must be object' }],
      };
    if (input['event'] !== 'paywall_viewed')
      violations.push({
        code: 'unknown-event',
        path: '/event',
        message: 'must be "paywall_viewed"',
      });
    if (typeof input['user_id'] !== 'string')
      violations.push({ code: 'missing-required', path: '/user_id', message: 'is required' });
    if (typeof input['timestamp'] !== 'string' || !ISO_MS.test(input['timestamp']))
      violations.push({
        code: 'constraint-failed',
        path: '/timestamp',
        message: 'must match format "date-time"',
      });
    const properties = input['properties'];
    if (!isRecord(properties) || typeof properties['paywall_id'] !== 'string')
      violations.push({
        code: 'missing-required',
        path: '/properties/paywall_id',
        message: 'is required',
      });
    return violations.length === 0
      ? { valid: true, value: input as unknown as PaywallViewed }
      : { valid: false, violations };
  };
  return { name: 'paywall_viewed', validate, seen };
}

describe('assemble', () => {
  it('puts the envelope first, in a fixed order, whatever the input order', () => {
    const wire = assemble('paywall_viewed', {
      properties: { paywall_id: 'pw_annual_v3' },
      timestamp: '2024-03-15T14:22:00Z',
      anonymous_id: 'anon_xyz789',
      user_id: 'usr_abc123',
    });
    expect(Object.keys(wire)).toEqual([
      'event',
      'user_id',
      'anonymous_id',
      'timestamp',
      'properties',
    ]);
    expect(JSON.stringify(wire)).toBe(
      '{"event":"paywall_viewed","user_id":"usr_abc123","anonymous_id":"anon_xyz789","timestamp":"2024-03-15T14:22:00Z","properties":{"paywall_id":"pw_annual_v3"}}',
    );
  });

  it('reproduces the documented example byte for byte', () => {
    const input = {
      user_id: 'usr_abc123',
      anonymous_id: 'anon_xyz789',
      timestamp: '2024-03-15T14:22:00Z',
      properties: {
        paywall_id: 'pw_annual_v3',
        offer_id: 'offer_intro_50pct',
        context: 'onboarding_step_3',
      },
    };
    expect(JSON.stringify(assemble('paywall_viewed', input))).toBe(
      '{"event":"paywall_viewed","user_id":"usr_abc123","anonymous_id":"anon_xyz789","timestamp":"2024-03-15T14:22:00Z","properties":{"paywall_id":"pw_annual_v3","offer_id":"offer_intro_50pct","context":"onboarding_step_3"}}',
    );
  });

  it('puts keys outside the envelope after properties, in input order', () => {
    const wire = assemble('e', { user_id: 'u', properties: {}, zeta: 1, alpha: 2 });
    expect(Object.keys(wire)).toEqual([
      'event',
      'user_id',
      'timestamp',
      'properties',
      'zeta',
      'alpha',
    ]);
  });

  it('keeps properties right after the envelope even when an extra key comes first', () => {
    const wire = assemble('e', { context: 'x', properties: { a: 1 }, user_id: 'u' });
    expect(Object.keys(wire)).toEqual(['event', 'user_id', 'timestamp', 'properties', 'context']);
  });

  it('defaults the timestamp to now, as an ISO string with milliseconds', () => {
    const before = Date.now();
    const wire = assemble('onboarding_started', { user_id: 'u' });
    const after = Date.now();
    expect(wire['timestamp']).toMatch(ISO_MS);
    const at = Date.parse(wire['timestamp'] as string);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
    expect(Object.keys(wire)).toEqual(['event', 'user_id', 'timestamp']);
  });

  it('defaults an undefined timestamp too', () => {
    expect(assemble('e', { timestamp: undefined })['timestamp']).toMatch(ISO_MS);
  });

  it.each<readonly [string, unknown, unknown]>([
    [
      'a Date becomes its ISO string',
      new Date(Date.UTC(2024, 2, 15, 14, 22, 0)),
      '2024-03-15T14:22:00.000Z',
    ],
    [
      'a Date keeps its milliseconds',
      new Date(Date.UTC(2024, 2, 15, 14, 22, 0, 7)),
      '2024-03-15T14:22:00.007Z',
    ],
    ['the epoch', new Date(0), '1970-01-01T00:00:00.000Z'],
    ['an invalid Date becomes "Invalid Date"', new Date(Number.NaN), 'Invalid Date'],
    ['an invalid parsed Date becomes "Invalid Date"', new Date('yesterday'), 'Invalid Date'],
    ['a string goes through as is', '2024-03-15T14:22:00Z', '2024-03-15T14:22:00Z'],
    [
      'an offset string goes through as is',
      '2024-03-15T15:22:00+01:00',
      '2024-03-15T15:22:00+01:00',
    ],
    ['a malformed string goes through for the validator', 'yesterday', 'yesterday'],
    ['a number goes through for the validator', 1710512520000, 1710512520000],
    ['null goes through for the validator', null, null],
  ])('timestamp: %s', (_, timestamp, wired) => {
    expect(assemble('e', { timestamp })['timestamp']).toBe(wired);
  });

  it('takes `event` from the generated code, never from the input', () => {
    const wire = assemble('paywall_viewed', {
      event: 'subscription_started',
      user_id: 'u',
      properties: { paywall_id: 'p' },
    });
    expect(wire['event']).toBe('paywall_viewed');
    expect(Object.keys(wire)).toEqual(['event', 'user_id', 'timestamp', 'properties']);
  });

  it('drops undefined values, keeps null and other falsy values', () => {
    const wire = assemble('e', {
      user_id: undefined,
      anonymous_id: undefined,
      properties: undefined,
      extra: undefined,
      timestamp: 'T',
    });
    expect(wire).toEqual({ event: 'e', timestamp: 'T' });
    expect(Object.keys(wire)).toEqual(['event', 'timestamp']);
    const falsy = assemble('e', {
      user_id: '',
      anonymous_id: null,
      timestamp: 'T',
      properties: null,
      zero: 0,
      no: false,
    });
    expect(Object.keys(falsy)).toEqual([
      'event',
      'user_id',
      'anonymous_id',
      'timestamp',
      'properties',
      'zero',
      'no',
    ]);
    expect(JSON.stringify(falsy)).toBe(
      '{"event":"e","user_id":"","anonymous_id":null,"timestamp":"T","properties":null,"zero":0,"no":false}',
    );
  });

  it('passes properties and other values through unchanged, without touching the input', () => {
    const properties = {
      paywall_id: 'pw',
      plan_ids: ['a', 'b'],
      nested: { deep: [1, { x: null }] },
    };
    const input = { user_id: 'u', timestamp: 'T', properties };
    const copy = structuredClone(input);
    const wire = assemble('paywall_viewed', input);
    expect(wire['properties']).toEqual(copy.properties);
    expect(input).toEqual(copy);
    expect(Object.keys(input)).toEqual(['user_id', 'timestamp', 'properties']);
  });

  it('keeps an own "__proto__" key (from JSON.parse) as a key, not as the prototype', () => {
    const input = JSON.parse(
      '{"user_id":"u","timestamp":"T","properties":{},"__proto__":{"polluted":true}}',
    ) as object;
    const wire = assemble('e', input);
    expect(Object.getPrototypeOf(wire)).toBe(Object.prototype);
    expect(Object.hasOwn(wire, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(wire, '__proto__')?.value).toEqual({ polluted: true });
    expect((wire as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(wire)).toEqual(['event', 'user_id', 'timestamp', 'properties', '__proto__']);
    expect(JSON.stringify(wire)).toBe(
      '{"event":"e","user_id":"u","timestamp":"T","properties":{},"__proto__":{"polluted":true}}',
    );
  });

  it('copies only own enumerable keys beyond the envelope', () => {
    const input = Object.create({ inherited: 1 }) as Record<string, unknown>;
    input['user_id'] = 'u';
    Object.defineProperty(input, 'hidden', { value: 1, enumerable: false });
    expect(Object.keys(assemble('e', input))).toEqual(['event', 'user_id', 'timestamp']);
  });
});

describe('build', () => {
  const input: EventInput<PaywallViewed> = {
    user_id: 'usr_abc123',
    timestamp: '2024-03-15T14:22:00.000Z',
    properties: { paywall_id: 'pw_annual_v3' },
  };

  it('validates the assembled wire object and returns the validator value', () => {
    const spec = paywallSpec();
    const event = build(spec, input);
    expect(spec.seen).toHaveLength(1);
    expect(event).toBe(spec.seen[0]);
    expect(event).toEqual({
      event: 'paywall_viewed',
      user_id: 'usr_abc123',
      timestamp: '2024-03-15T14:22:00.000Z',
      properties: { paywall_id: 'pw_annual_v3' },
    });
    expect(JSON.stringify(event)).toBe(
      '{"event":"paywall_viewed","user_id":"usr_abc123","timestamp":"2024-03-15T14:22:00.000Z","properties":{"paywall_id":"pw_annual_v3"}}',
    );
  });

  it('returns whatever value the validator gives', () => {
    const value: OnboardingStarted = {
      event: 'onboarding_started',
      user_id: 'normalized',
      timestamp: '2024-01-01T00:00:00.000Z',
    };
    const spec: EventSpec<OnboardingStarted> = {
      name: 'onboarding_started',
      validate: () => ({ valid: true, value }),
    };
    expect(build(spec, { user_id: 'u' })).toBe(value);
  });

  it('converts a Date timestamp before validating', () => {
    const spec = paywallSpec();
    const event = build(spec, { ...input, timestamp: new Date(Date.UTC(2024, 2, 15, 14, 22, 0)) });
    expect(event.timestamp).toBe('2024-03-15T14:22:00.000Z');
  });

  it('throws a FloKitValidationError listing every violation', () => {
    const spec = paywallSpec();
    let caught: unknown;
    try {
      build(spec, {
        timestamp: new Date(Number.NaN),
        properties: {},
      } as unknown as EventInput<PaywallViewed>);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FloKitValidationError);
    expect(caught).toBeInstanceOf(FloKitError);
    const error = caught as FloKitValidationError;
    expect(error.name).toBe('FloKitValidationError');
    expect(error.code).toBe('validation');
    expect(error.violations).toEqual([
      { code: 'missing-required', path: '/user_id', message: 'is required' },
      { code: 'constraint-failed', path: '/timestamp', message: 'must match format "date-time"' },
      { code: 'missing-required', path: '/properties/paywall_id', message: 'is required' },
    ]);
    expect(error.message).toBe(
      'The paywall_viewed event is invalid (3 problems):\n  /user_id is required\n  /timestamp must match format "date-time"\n  /properties/paywall_id is required',
    );
    expect(spec.seen[0]).toEqual({
      event: 'paywall_viewed',
      timestamp: 'Invalid Date',
      properties: {},
    });
  });

  it('says "1 problem" for one violation, and passes the violations through as given', () => {
    const violations: readonly Violation[] = [
      {
        code: 'not-in-enum',
        path: '/properties/platform',
        message: 'must be one of ios, android, web',
      },
    ];
    const spec: EventSpec<OnboardingStarted> = {
      name: 'onboarding_started',
      validate: () => ({ valid: false, violations }),
    };
    expect(() => build(spec, { user_id: 'u' })).toThrow(
      expect.objectContaining({
        violations,
        message:
          'The onboarding_started event is invalid (1 problem):\n  /properties/platform must be one of ios, android, web',
      }),
    );
  });

  it('ignores an `event` smuggled into the input', () => {
    const spec = paywallSpec();
    expect(
      build(spec, {
        ...input,
        event: 'subscription_started',
      } as unknown as EventInput<PaywallViewed>).event,
    ).toBe('paywall_viewed');
  });
});

describe('input types', () => {
  it('drop `event`, make timestamp optional (Date or string), keep the rest', () => {
    expectTypeOf<EventInput<PaywallViewed>>().toEqualTypeOf<
      {
        readonly user_id: string;
        readonly anonymous_id?: string;
        readonly properties: { readonly paywall_id: string; readonly offer_id?: string };
      } & { readonly timestamp?: Date | string }
    >();
    expectTypeOf<EventInputWithoutProperties<OnboardingStarted>>().toEqualTypeOf<
      Omit<
        Omit<OnboardingStarted, 'event' | 'timestamp'> & { readonly timestamp?: Date | string },
        'properties'
      >
    >();
    const ok: EventInput<PaywallViewed> = { user_id: 'u', properties: { paywall_id: 'p' } };
    const withEvent: EventInput<PaywallViewed> = {
      // @ts-expect-error `event` is not part of the input
      event: 'paywall_viewed',
      user_id: 'u',
      properties: { paywall_id: 'p' },
    };
    const numeric: EventInput<PaywallViewed> = {
      user_id: 'u',
      // @ts-expect-error a timestamp is a Date or a string
      timestamp: 1,
      properties: { paywall_id: 'p' },
    };
    expect([ok, withEvent, numeric]).toHaveLength(3);
  });

  it('distribute over unions of events', () => {
    type Input = EventInput<PaywallViewed | OnboardingStarted>;
    const a: Input = { user_id: 'u', properties: { paywall_id: 'p' } };
    const b: Input = { user_id: 'u' };
    expect([a, b]).toHaveLength(2);
  });
});
