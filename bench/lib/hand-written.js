// The "limit" of the validator bench: a validator for `subscription_started` written by hand, as fast
// as we could make it, checking exactly the rules of generated/schemas/subscription_started.schema.json
// and returning exactly what the generated validateSubscriptionStarted returns (same violations, codes,
// paths, messages, order; the bench checks this before it measures). Everything is inlined: no helper
// calls on the valid path, char-code checks instead of regexes, a hand-rolled RFC 3339 parser.
// bench/lib/validators.js bundles it twice: as is, and with the runtime's isDateTime swapped in.
import { isDateTime } from './fast-date-time.js';

const DATE_TIME = 'must be an RFC 3339 date-time such as 2024-03-15T14:22:00Z';
const NOT_PROPERTY = 'is not a property of subscription_started';
const NOT_FIELD = 'is not a field of the event envelope (event, user_id, anonymous_id, timestamp, properties)';

function typeName(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : Number.isFinite(value) ? 'number' : String(value);
  return typeof value;
}

function violation(code, path, message) {
  return { code, path, message };
}

function wrongType(path, expected, value) {
  return { code: 'wrong-type', path, message: `must be ${expected} (got ${typeName(value)})` };
}

function segment(key) {
  return key.includes('~') || key.includes('/') ? key.replaceAll('~', '~0').replaceAll('/', '~1') : key;
}

function isUpper3(s) {
  if (s.length !== 3) return false;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(1);
  const c = s.charCodeAt(2);
  return a >= 65 && a <= 90 && b >= 65 && b <= 90 && c >= 65 && c <= 90;
}

export function validateSubscriptionStarted(input) {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { valid: false, violations: [wrongType('', 'an object', input)] };
  let e;
  const event = input.event;
  if (event !== 'subscription_started') {
    (e ??= []).push(
      event === undefined
        ? violation('missing-required', '/event', 'is required')
        : typeof event !== 'string'
          ? wrongType('/event', 'a string', event)
          : violation('not-in-enum', '/event', 'must be "subscription_started"'),
    );
  }
  const userId = input.user_id;
  if (typeof userId === 'string') {
    if (userId.length === 0) (e ??= []).push(violation('constraint-failed', '/user_id', 'must not be empty'));
  } else if (userId === undefined) (e ??= []).push(violation('missing-identity', '/user_id', 'is required: subscription_started needs user_id'));
  else (e ??= []).push(wrongType('/user_id', 'a string', userId));
  const anonymousId = input.anonymous_id;
  if (typeof anonymousId === 'string') {
    if (anonymousId.length === 0) (e ??= []).push(violation('constraint-failed', '/anonymous_id', 'must not be empty'));
  } else if (anonymousId !== undefined) (e ??= []).push(wrongType('/anonymous_id', 'a string', anonymousId));
  const timestamp = input.timestamp;
  if (typeof timestamp === 'string') {
    if (!isDateTime(timestamp)) (e ??= []).push(violation('constraint-failed', '/timestamp', DATE_TIME));
  } else if (timestamp === undefined) (e ??= []).push(violation('missing-required', '/timestamp', 'is required'));
  else (e ??= []).push(wrongType('/timestamp', 'a string', timestamp));
  const p = input.properties;
  if (typeof p === 'object' && p !== null && !Array.isArray(p)) {
    const planId = p.plan_id;
    if (typeof planId === 'string') {
      if (planId.length === 0) (e ??= []).push(violation('constraint-failed', '/properties/plan_id', 'must not be empty'));
    } else if (planId === undefined) (e ??= []).push(violation('missing-required', '/properties/plan_id', 'is required'));
    else (e ??= []).push(wrongType('/properties/plan_id', 'a string', planId));
    const transactionId = p.transaction_id;
    if (typeof transactionId === 'string') {
      if (transactionId.length === 0) (e ??= []).push(violation('constraint-failed', '/properties/transaction_id', 'must not be empty'));
    } else if (transactionId === undefined) (e ??= []).push(violation('missing-required', '/properties/transaction_id', 'is required'));
    else (e ??= []).push(wrongType('/properties/transaction_id', 'a string', transactionId));
    const revenue = p.revenue;
    if (typeof revenue === 'number' && Number.isFinite(revenue)) {
      if (revenue < 0) (e ??= []).push(violation('constraint-failed', '/properties/revenue', 'must be at least 0'));
    } else if (revenue !== undefined) (e ??= []).push(wrongType('/properties/revenue', 'a number', revenue));
    const currency = p.currency;
    if (typeof currency === 'string') {
      if (!isUpper3(currency)) (e ??= []).push(violation('constraint-failed', '/properties/currency', 'must match pattern ^[A-Z]{3}$'));
    } else if (currency !== undefined) (e ??= []).push(wrongType('/properties/currency', 'a string', currency));
    const trialConverted = p.trial_converted;
    if (typeof trialConverted !== 'boolean' && trialConverted !== undefined)
      (e ??= []).push(wrongType('/properties/trial_converted', 'a boolean', trialConverted));
    const store = p.store;
    if (typeof store === 'string') {
      if (store.length === 0) (e ??= []).push(violation('constraint-failed', '/properties/store', 'must not be empty'));
    } else if (store !== undefined) (e ??= []).push(wrongType('/properties/store', 'a string', store));
    const productId = p.product_id;
    if (typeof productId !== 'string' && productId !== undefined) (e ??= []).push(wrongType('/properties/product_id', 'a string', productId));
    const offerId = p.offer_id;
    if (typeof offerId !== 'string' && offerId !== undefined) (e ??= []).push(wrongType('/properties/offer_id', 'a string', offerId));
    for (const key in p) {
      switch (key) {
        case 'plan_id':
        case 'transaction_id':
        case 'revenue':
        case 'currency':
        case 'trial_converted':
        case 'store':
        case 'product_id':
        case 'offer_id':
          continue;
        default:
          (e ??= []).push(violation('unexpected-property', `/properties/${segment(key)}`, NOT_PROPERTY));
      }
    }
  } else if (p === undefined) (e ??= []).push(violation('missing-required', '/properties', 'is required'));
  else (e ??= []).push(wrongType('/properties', 'an object', p));
  for (const key in input) {
    switch (key) {
      case 'event':
      case 'user_id':
      case 'anonymous_id':
      case 'timestamp':
      case 'properties':
        continue;
      default:
        (e ??= []).push(violation('unexpected-property', `/${segment(key)}`, NOT_FIELD));
    }
  }
  return e === undefined ? { valid: true, value: input } : { valid: false, violations: e };
}
