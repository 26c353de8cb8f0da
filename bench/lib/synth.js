// Synthetic taxonomies for the bench: N events × 10 properties, deterministic (no randomness: the
// same N always gives the same bytes), written in the style of taxonomy/flokit.yaml (flow mappings
// for simple properties, block mappings for nested ones). Every event mixes string, integer, number,
// boolean, enum, pattern, format, nullable, array, nested object and shared-type properties.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** Bump when the generator changes, so cached files are rewritten. */
const SYNTH_VERSION = 3;

export const PROPERTIES_PER_EVENT = 10;

const NOUNS = [
  'checkout',
  'cart',
  'profile',
  'workout',
  'lesson',
  'playlist',
  'order',
  'invoice',
  'coupon',
  'search',
  'message',
  'upload',
  'review',
  'ticket',
  'badge',
  'streak',
  'referral',
  'session',
  'device',
  'report',
];
const VERBS = ['started', 'completed', 'viewed', 'updated', 'deleted', 'shared', 'failed', 'opened', 'closed', 'renamed'];
const IDENTITIES = ['user_id', 'either', 'anonymous_id'];

const SHARED_TYPES = {
  platform: { type: 'string', enum: ['ios', 'android', 'web'], description: 'The platform the user is on.' },
  country: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code, upper case, e.g. US.', examples: ['US', 'DE'] },
  currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code, upper case, e.g. USD.', examples: ['USD', 'EUR'] },
  amount: { type: 'number', minimum: 0, description: 'An amount in major units of the currency.' },
  store: { type: 'string', minLength: 1, description: 'The store or payment provider; an open set.' },
  variant: { type: 'string', minLength: 1, maxLength: 64, description: 'The A/B test variant the user saw.' },
  locale: { type: 'string', pattern: '^[a-z]{2}(-[A-Z]{2})?$', description: 'A BCP 47 language tag such as en or en-US.' },
  address: {
    type: 'object',
    description: 'A postal address.',
    properties: {
      city: { type: 'string', required: true, minLength: 1, description: 'The city.' },
      postcode: { type: 'string', maxLength: 16, description: 'The postal code.' },
      country: { type: 'country', description: 'Where the address is.' },
    },
  },
};
const SHARED_NAMES = Object.keys(SHARED_TYPES);
const FORMATS = ['date-time', 'uuid', 'email', 'uri', 'date'];

/** The twelve property kinds; event i takes kinds i, i+1, ..., i+9 (mod 12). */
const KINDS = [
  (e, j) => ({ type: 'string', minLength: 1, maxLength: 200, description: `Free text ${j} of event ${e}.` }),
  (e) => ({ type: 'integer', minimum: 0, maximum: 1000 + e, description: 'A count.' }),
  (_e, j) => ({ type: 'number', minimum: 0, exclusiveMaximum: 1000000, description: `A measurement (${j}).` }),
  () => ({ type: 'boolean', description: 'Whether it happened.' }),
  (e) => ({ type: 'string', enum: ['basic', 'pro', 'team', `tier_${e % 7}`], description: 'The tier.' }),
  (e) => ({ type: 'string', pattern: `^[A-Z]{2,4}-[0-9]{${1 + (e % 5)},8}$`, description: 'A reference code.' }),
  (e) => ({ type: 'string', format: FORMATS[e % FORMATS.length], description: 'A formatted value.' }),
  () => ({ type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, maxItems: 50, description: 'Tags, each once.' }),
  (e) => ({
    type: 'object',
    description: 'Nested details.',
    properties: {
      id: { type: 'string', required: true, minLength: 1, description: 'The id.' },
      position: { type: 'integer', minimum: 0, description: 'Where in the list.' },
      source: { type: 'string', enum: ['push', 'email', 'in_app', `src_${e % 5}`] },
      items: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string', required: true }, qty: { type: 'integer', minimum: 1 } } } },
    },
  }),
  (e) => SHARED_NAMES[e % SHARED_NAMES.length],
  (e) => ({ type: SHARED_NAMES[(e + 3) % SHARED_NAMES.length], description: 'A shared type, described here.' }),
  (_e, j) => ({ type: 'string', nullable: true, description: `Nullable text ${j}.` }),
];
const KIND_NAMES = ['text', 'count', 'measure', 'flag', 'tier', 'code', 'formatted', 'tags', 'details', 'shared', 'shared_doc', 'nullable'];

export function eventName(i) {
  return `${NOUNS[i % NOUNS.length]}_${VERBS[Math.floor(i / NOUNS.length) % VERBS.length]}_${String(i).padStart(5, '0')}`;
}

function event(i) {
  const properties = {};
  for (let j = 0; j < PROPERTIES_PER_EVENT; j++) {
    const k = (i + j) % KINDS.length;
    let property = KINDS[k](i, j);
    if (j < 3 && typeof property === 'object' && property.type !== 'object') property = { ...property, required: true };
    properties[`${KIND_NAMES[k]}_${j}`] = property;
  }
  return {
    description: `Synthetic event ${i}: sent when the user does thing ${i}. Part of a generated taxonomy for the bench.`,
    identity: IDENTITIES[i % IDENTITIES.length],
    ...(i % 50 === 7 ? { deprecated: `Use ${eventName(i + 1)} instead.` } : {}),
    properties,
  };
}

/** The YAML text of an N-event taxonomy. `descriptionOf(i)` may override one event's description. */
export function taxonomyYaml(count, descriptionOf = () => undefined) {
  const events = {};
  for (let i = 0; i < count; i++) {
    const e = event(i);
    const d = descriptionOf(i);
    events[eventName(i)] = d === undefined ? e : { ...e, description: d };
  }
  const doc = { taxonomy: 'bench', version: '1.0.0', description: `A synthetic taxonomy of ${count} events.`, types: SHARED_TYPES, events };
  return `# Synthetic bench taxonomy (bench/lib/synth.js v${SYNTH_VERSION}): ${count} events × ${PROPERTIES_PER_EVENT} properties.\n${stringify(doc, { lineWidth: 0 })}`;
}

/** Writes (or reuses) `<dir>/synthetic-<count>.yaml` and returns its path. */
export function ensureTaxonomy(dir, count) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `synthetic-${count}.yaml`);
  const tag = `(bench/lib/synth.js v${SYNTH_VERSION})`;
  if (existsSync(path) && readFileSync(path, 'utf8').slice(0, 200).includes(tag)) return path;
  writeFileSync(path, taxonomyYaml(count));
  return path;
}
