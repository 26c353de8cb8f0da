// The engine of `flokit-gen validate` (src/payloads/): verdicts of single payloads (paths and
// messages), the fixtures under test/fixtures/payloads/ in every format (single event, batch body,
// JSON array, NDJSON with blank, broken and CRLF lines, by extension and by content), stdin as a
// stream in awkward chunks, the human and JSON output, laziness on a 5,000-event taxonomy, and a
// word-for-word differential check against the generated validators on a few hundred payloads.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent } from '../generated/validators.js';
import { loadTaxonomy } from '../src/index.js';
import type { Taxonomy } from '../src/model/ir.js';
import type { ViolationCode } from '../templates/runtime/validation.js';
import {
  checkPayloadSources,
  createJsonReportWriter,
  createPayloadChecker,
  formatPayloadResult,
  formatPayloadSummary,
  type CheckSourcesOptions,
  type PayloadResult,
  type PayloadSummary,
  type PayloadVerdict,
} from '../src/payloads/index.js';
import { fuzzedPayload, mutatedPayload, validPayload } from './support/payloads.js';


const FIXTURES = 'test/fixtures/payloads';
const SEED = 20261126;

function load(path: string): Taxonomy {
  const { taxonomy, diagnostics } = loadTaxonomy(path);
  expect(diagnostics).toEqual([]);
  return taxonomy as Taxonomy;
}

const FLOKIT = load('taxonomy/flokit.yaml');
const check = createPayloadChecker(FLOKIT);

/** The example event of the docs, valid. */
const EXAMPLE = {
  event: 'paywall_viewed',
  user_id: 'usr_abc123',
  anonymous_id: 'anon_xyz789',
  timestamp: '2024-03-15T14:22:00Z',
  properties: { paywall_id: 'pw_annual_v3', offer_id: 'offer_intro_50pct', context: 'onboarding_step_3' },
};

function withProperties(properties: Record<string, unknown>): Record<string, unknown> {
  return { ...EXAMPLE, properties: { ...EXAMPLE.properties, ...properties } };
}

function valid(event: string): PayloadVerdict {
  return { valid: true, event, violations: [] };
}

function invalid(event: string | undefined, ...violations: (readonly [code: ViolationCode, path: string, message: string, hint?: string])[]): PayloadVerdict {
  return { valid: false, event, violations: violations.map(([code, path, message, hint]) => (hint === undefined ? { code, path, message } : { code, path, message, hint })) };
}

const NOT_OBJECT = (got: string): readonly ['wrong-type', string, string] => ['wrong-type', '', `must be an object (got ${got})`];
const NO_EVENT = ['unknown-event', '/event', 'is required: it names the flokit event'] as const;

describe('objects ajv itself cannot compare (ajv#2624) or compares wrongly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flokit-unique-'));
  writeFileSync(join(dir, 'tagged.yaml'), 'taxonomy: t\nversion: 1.0.0\nevents:\n  tagged:\n    properties:\n      tags: { type: array, uniqueItems: true, items: { type: object, additionalProperties: true } }\n      names: { type: array, uniqueItems: true, items: { type: string } }\n');
  const checkTagged = createPayloadChecker(load(join(dir, 'tagged.yaml')));
  const payload = (properties: object): object => ({ event: 'tagged', anonymous_id: 'a', timestamp: '2024-03-15T14:22:00Z', properties });
  const duplicate = (path: string): PayloadVerdict => invalid('tagged', ['constraint-failed', path, 'must not contain duplicate items']);

  it('plain ajv throws on a `toString` or `valueOf` key holding data, and calls two "__proto__" strings unique', () => {
    const unique = new Ajv2020().compile({ type: 'array', uniqueItems: true, items: { type: 'string' } });
    expect(() => new Ajv2020().compile({ type: 'array', uniqueItems: true })([{ toString: 'a' }, { toString: 'b' }])).toThrow(TypeError);
    expect(unique(['__proto__', '__proto__'])).toBe(true);
  });

  it('the checker judges them as the generated validators do', () => {
    expect(checkTagged(payload({ tags: [{ toString: 'a' }, { toString: 'b' }] }))).toEqual(valid('tagged'));
    expect(checkTagged(payload({ tags: [{ valueOf: 1 }, { x: 1 }, { valueOf: 1 }] }))).toEqual(duplicate('/properties/tags'));
    expect(checkTagged(payload({ tags: [{ toString: 'a', n: [1] }, 'x', { toString: 'a', n: [2] }] }))).toEqual(invalid('tagged', ['wrong-type', '/properties/tags/1', 'must be an object (got string)']));
    // Regression: ajv (and so this command) called these unique, the generated validator did not.
    expect(checkTagged(payload({ names: ['__proto__', '__proto__'] }))).toEqual(duplicate('/properties/names'));
  });
});

// ---------------------------------------------------------------------------------------------
// One payload

const ENVELOPE_FIELDS = 'is not a field of the event envelope (event, user_id, anonymous_id, timestamp, properties)';
const TIMESTAMP = ['constraint-failed', '/timestamp', 'must be an RFC 3339 date-time such as 2024-03-15T14:22:00Z'] as const;

const VERDICTS: readonly { readonly name: string; readonly payload: unknown; readonly verdict: PayloadVerdict }[] = [
  { name: 'the documented example', payload: EXAMPLE, verdict: valid('paywall_viewed') },
  { name: 'null', payload: null, verdict: invalid(undefined, NOT_OBJECT('null')) },
  { name: 'an array', payload: [EXAMPLE], verdict: invalid(undefined, NOT_OBJECT('array')) },
  { name: 'a string', payload: 'paywall_viewed', verdict: invalid(undefined, NOT_OBJECT('string')) },
  { name: 'no event', payload: { ...EXAMPLE, event: undefined }, verdict: invalid(undefined, NO_EVENT) },
  { name: 'a number as event', payload: { ...EXAMPLE, event: 7 }, verdict: invalid(undefined, ['wrong-type', '/event', 'must be a string (got integer)']) },
  {
    name: 'a misspelled event',
    payload: { ...EXAMPLE, event: 'paywall_veiwed' },
    verdict: invalid('paywall_veiwed', ['unknown-event', '/event', '"paywall_veiwed" is not an event of flokit', 'did you mean "paywall_viewed"?']),
  },
  { name: 'an unknown event', payload: { ...EXAMPLE, event: 'zzz' }, verdict: invalid('zzz', ['unknown-event', '/event', '"zzz" is not an event of flokit']) },
  { name: 'a wrong type', payload: withProperties({ paywall_id: 5 }), verdict: invalid('paywall_viewed', ['wrong-type', '/properties/paywall_id', 'must be a string (got integer)']) },
  {
    name: 'a missing required property',
    payload: { ...EXAMPLE, properties: { offer_id: 'o' } },
    verdict: invalid('paywall_viewed', ['missing-required', '/properties/paywall_id', 'is required']),
  },
  {
    name: 'no properties, no user_id, no timestamp',
    payload: { event: 'paywall_viewed', anonymous_id: 'a' },
    verdict: invalid('paywall_viewed', ['missing-identity', '/user_id', 'is required: paywall_viewed needs user_id'], ['missing-required', '/timestamp', 'is required'], ['missing-required', '/properties', 'is required']),
  },
  {
    name: 'neither id for identity: either',
    payload: { event: 'install_attributed', timestamp: '2024-03-15T14:22:00Z', properties: { campaign_id: 'c', channel: 'meta' } },
    verdict: invalid('install_attributed', ['missing-identity', '', 'needs user_id or anonymous_id']),
  },
  { name: 'an envelope typo', payload: { ...EXAMPLE, userId: 'u' }, verdict: invalid('paywall_viewed', ['unexpected-property', '/userId', ENVELOPE_FIELDS, 'did you mean "user_id"?']) },
  {
    name: 'a property typo',
    payload: withProperties({ paywallid: 'p' }),
    verdict: invalid('paywall_viewed', ['unexpected-property', '/properties/paywallid', 'is not a property of paywall_viewed', 'did you mean "paywall_id"?']),
  },
  {
    name: 'an inherited name as extra property',
    payload: withProperties({ toString: 'x', constructor: 'y' }),
    verdict: invalid('paywall_viewed', ['unexpected-property', '/properties/toString', 'is not a property of paywall_viewed'], ['unexpected-property', '/properties/constructor', 'is not a property of paywall_viewed']),
  },
  {
    name: 'a key that needs escaping in a pointer',
    payload: withProperties({ 'a/b~c': 1 }),
    verdict: invalid('paywall_viewed', ['unexpected-property', '/properties/a~1b~0c', 'is not a property of paywall_viewed']),
  },
  {
    name: 'an enum',
    payload: { event: 'user_created', user_id: 'u', timestamp: '2024-03-15T14:22:00Z', properties: { platform: 'mac' } },
    verdict: invalid('user_created', ['not-in-enum', '/properties/platform', 'must be one of: ios, android, web']),
  },
  {
    name: 'a pattern of a shared type',
    payload: { event: 'user_created', user_id: 'u', timestamp: '2024-03-15T14:22:00Z', properties: { country: 'us' } },
    verdict: invalid('user_created', ['constraint-failed', '/properties/country', 'must match pattern ^[A-Z]{2}$']),
  },
  { name: 'no 30 February', payload: { ...EXAMPLE, timestamp: '2024-02-30T10:00:00Z' }, verdict: invalid('paywall_viewed', TIMESTAMP) },
  { name: 'an empty id', payload: { ...EXAMPLE, anonymous_id: '' }, verdict: invalid('paywall_viewed', ['constraint-failed', '/anonymous_id', 'must not be empty']) },
  {
    name: 'array items',
    payload: withProperties({ plan_ids: ['a', 'a', 5] }),
    verdict: invalid('paywall_viewed', ['constraint-failed', '/properties/plan_ids', 'must not contain duplicate items'], ['wrong-type', '/properties/plan_ids/2', 'must be a string (got integer)']),
  },
];

describe('createPayloadChecker on the bundled taxonomy', () => {
  it.each(VERDICTS)('$name', ({ payload, verdict }) => {
    expect(check(payload)).toEqual(verdict);
  });

  it('gives every valid payload of an event the same frozen verdict', () => {
    const first = check(EXAMPLE);
    expect(check(structuredClone(EXAMPLE))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});

const SHOP = `
taxonomy: shop
version: 1.0.0
types:
  country: { type: string, pattern: "^[A-Z]{2}$" }
  maybe_country: { type: country, nullable: true }
events:
  order_completed:
    identity: either
    properties:
      order_id: { type: string, required: true }
      ship_to: { type: country, nullable: true }
      bill_to: maybe_country
      coupon: { type: string, enum: [spring, summer], nullable: true }
      channel: { type: string, const: web }
      total: { type: number, minimum: 0, nullable: true }
      address:
        type: object
        properties:
          city: { type: string, required: true }
          country: country
  cart_viewed:
    identity: anonymous_id
`;

describe('createPayloadChecker on nullable, const and nested shapes, and a small taxonomy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flokit-payloads-'));
  writeFileSync(join(dir, 'shop.yaml'), SHOP);
  const shop = createPayloadChecker(load(join(dir, 'shop.yaml')));
  const ts = '2024-03-15T14:22:00Z';

  it.each([
    { name: 'nulls where allowed', payload: { event: 'order_completed', user_id: 'u', timestamp: ts, properties: { order_id: 'o', ship_to: null, bill_to: null, coupon: null, total: null } }, verdict: valid('order_completed') },
    {
      name: 'one violation per rule, not per anyOf branch',
      payload: { event: 'order_completed', timestamp: ts, properties: { order_id: 'o', ship_to: 'de', coupon: 'winter', channel: 'app', total: 'x', address: { ctiy: 'x', country: 5 } } },
      verdict: invalid(
        'order_completed',
        ['missing-identity', '', 'needs user_id or anonymous_id'],
        ['constraint-failed', '/properties/ship_to', 'must match pattern ^[A-Z]{2}$'],
        ['not-in-enum', '/properties/coupon', 'must be one of: spring, summer'],
        ['not-in-enum', '/properties/channel', 'must be "web"'],
        ['wrong-type', '/properties/total', 'must be a number or null (got string)'],
        ['missing-required', '/properties/address/city', 'is required'],
        ['wrong-type', '/properties/address/country', 'must be a string (got integer)'],
        ['unexpected-property', '/properties/address/ctiy', 'is not a property of order_completed.address', 'did you mean "city"?'],
      ),
    },
    // The shared type's own checker does not accept null: the use site says "or null" (it said "must be a string").
    { name: 'a nullable use of a shared type, of the wrong type', payload: { event: 'order_completed', user_id: 'u', timestamp: ts, properties: { order_id: 'o', ship_to: 5 } }, verdict: invalid('order_completed', ['wrong-type', '/properties/ship_to', 'must be a string or null (got integer)']) },
    {
      name: 'a nullable alias of a shared type, of the wrong type',
      payload: { event: 'order_completed', user_id: 'u', timestamp: ts, properties: { order_id: 'o', bill_to: 5 } },
      verdict: invalid('order_completed', ['wrong-type', '/properties/bill_to', 'must be a string or null (got integer)']),
    },
    { name: 'a nullable alias breaking the pattern', payload: { event: 'order_completed', user_id: 'u', timestamp: ts, properties: { order_id: 'o', bill_to: 'de' } }, verdict: invalid('order_completed', ['constraint-failed', '/properties/bill_to', 'must match pattern ^[A-Z]{2}$']) },
    { name: 'identity: anonymous_id', payload: { event: 'cart_viewed', user_id: 'u', timestamp: ts }, verdict: invalid('cart_viewed', ['missing-identity', '/anonymous_id', 'is required: cart_viewed needs anonymous_id']) },
    {
      name: 'an unknown event, among few',
      payload: { event: 'nope', user_id: 'u', timestamp: ts },
      verdict: invalid('nope', ['unknown-event', '/event', '"nope" is not an event of shop', 'expected one of "order_completed", "cart_viewed"']),
    },
    {
      name: 'no event, among few',
      payload: { user_id: 'u', timestamp: ts },
      verdict: invalid(undefined, ['unknown-event', '/event', 'is required: it names the shop event', 'expected one of "order_completed", "cart_viewed"']),
    },
  ])('$name', ({ payload, verdict }) => {
    expect(shop(payload)).toEqual(verdict);
  });
});

describe('laziness', () => {
  it('compiles an event’s checker on its first payload only, on a 5,000-event taxonomy', () => {
    // Compiling a checker reads its event's properties; building the checker reads only names. Each
    // event is observed through a proxy that counts those reads (the suite shares modules between
    // files, so the emitter itself cannot be mocked reliably).
    const compiled = new Set<string>();
    const events = Array.from({ length: 5000 }, (_, i) => {
      const e = FLOKIT.events[i % FLOKIT.events.length] as Taxonomy['events'][number];
      const copy = { ...e, name: `${e.name}_${i}`, names: { ...e.names, fileStem: `${e.names.fileStem}_${i}` } };
      return new Proxy(copy, {
        get(target, key, receiver) {
          if (key === 'properties') compiled.add(target.name);
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
    });
    const big: Taxonomy = { ...FLOKIT, events };
    const checkBig = createPayloadChecker(big);
    expect([...compiled]).toEqual([]);
    const name = (events[5] as { name: string }).name; // paywall_viewed_5
    expect(checkBig({ ...EXAMPLE, event: name })).toEqual(valid(name));
    expect(checkBig({ ...EXAMPLE, event: name, user_id: 5 })).toEqual(invalid(name, ['wrong-type', '/user_id', 'must be a string (got integer)']));
    expect([...compiled]).toEqual([name]);
    checkBig({ ...EXAMPLE, event: 'paywall_viewed_18' });
    checkBig({ ...EXAMPLE, event: 'paywall_viewed_x' });
    expect([...compiled]).toEqual([name, 'paywall_viewed_18']);
  });
});

// ---------------------------------------------------------------------------------------------
// Sources

type Where = { readonly line?: number; readonly column?: number; readonly index?: number };

function event(source: string, at: Where, verdict: PayloadVerdict): PayloadResult {
  return { kind: 'event', source, ...at, verdict };
}

function problem(source: string, at: Where, message: string): PayloadResult {
  return { kind: 'problem', source, ...at, message };
}

/** What V8 says of a line that is not JSON, and the column it names, if any. */
function notJson(source: string, line: number, text: string): PayloadResult {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    return problem(source, position === null ? { line } : { line, column: Number(position[1]) + 1 }, `is not valid JSON: ${message}`);
  }
  throw new Error(`${text} is JSON`);
}

async function run(sources: readonly string[], options: CheckSourcesOptions = {}, checker = check): Promise<{ results: PayloadResult[]; summary: PayloadSummary }> {
  const results: PayloadResult[] = [];
  const summary = await checkPayloadSources(sources, checker, (r) => void results.push(r), options);
  return { results, summary };
}

const f = (name: string): string => `${FIXTURES}/${name}`;

/** The results of events.ndjson, for any source name (the file, or the same bytes on stdin). */
function ndjsonResults(source: string): PayloadResult[] {
  return [
    event(source, { line: 1 }, valid('paywall_viewed')),
    event(source, { line: 3 }, invalid('onboarding_completed', ['constraint-failed', '/properties/steps_completed', 'must be at least 0'], ['constraint-failed', '/properties/variant', 'must not be empty'])),
    event(source, { line: 4 }, valid('onboarding_started')),
    notJson(source, 6, '{"event":"paywall_viewed","user_id":'),
    event(source, { line: 7 }, invalid('activation_completed', ['unexpected-property', '/properties/source', 'is not a property of activation_completed'])),
    event(source, { line: 8 }, invalid('refund_issued', TIMESTAMP, ['unexpected-property', '/properties/toString', 'is not a property of refund_issued'], ['unexpected-property', '/ip', ENVELOPE_FIELDS])),
    event(source, { line: 9 }, valid('paywall_viewed')),
  ];
}

const SOURCES: readonly { readonly name: string; readonly files: readonly string[]; readonly results: readonly PayloadResult[]; readonly summary: Omit<PayloadSummary, 'sources'> }[] = [
  { name: 'a valid single event', files: ['valid-event.json'], results: [event(f('valid-event.json'), {}, valid('paywall_viewed'))], summary: { valid: 1, invalid: 0 } },
  {
    name: 'an invalid single event',
    files: ['invalid-event.json'],
    results: [event(f('invalid-event.json'), {}, invalid('paywall_viewed', ['wrong-type', '/properties/paywall_id', 'must be a string (got integer)'], ['unexpected-property', '/properties/colour', 'is not a property of paywall_viewed']))],
    summary: { valid: 0, invalid: 1 },
  },
  { name: 'a pretty-printed single event', files: ['pretty-event.json'], results: [event(f('pretty-event.json'), {}, valid('subscription_started'))], summary: { valid: 1, invalid: 0 } },
  {
    name: 'a batch body, valid and invalid events',
    files: ['batch.json'],
    results: [
      event(f('batch.json'), { index: 0 }, valid('paywall_viewed')),
      event(f('batch.json'), { index: 1 }, invalid('subscription_started', ['constraint-failed', '/properties/currency', 'must match pattern ^[A-Z]{3}$'])),
      event(f('batch.json'), { index: 2 }, invalid('trial_started', ['missing-required', '/properties/plan_id', 'is required'])),
      event(f('batch.json'), { index: 3 }, invalid('paywall_veiwed', ['unknown-event', '/event', '"paywall_veiwed" is not an event of flokit', 'did you mean "paywall_viewed"?'])),
    ],
    summary: { valid: 1, invalid: 3 },
  },
  {
    name: 'a JSON array, with a string and an object without event in it',
    files: ['array.json'],
    results: [
      event(f('array.json'), { index: 0 }, valid('paywall_viewed')),
      event(f('array.json'), { index: 1 }, valid('onboarding_started')),
      event(f('array.json'), { index: 2 }, invalid('install_attributed', ['missing-identity', '', 'needs user_id or anonymous_id'])),
      event(f('array.json'), { index: 3 }, invalid(undefined, NOT_OBJECT('string'))),
      event(f('array.json'), { index: 4 }, invalid(undefined, NO_EVENT)),
    ],
    summary: { valid: 2, invalid: 3 },
  },
  { name: 'NDJSON: CRLF, blank lines, a broken line, no final newline', files: ['events.ndjson'], results: ndjsonResults(f('events.ndjson')), summary: { valid: 3, invalid: 4 } },
  {
    name: 'a .jsonl file',
    files: ['events.jsonl'],
    results: [event(f('events.jsonl'), { line: 1 }, valid('onboarding_started')), event(f('events.jsonl'), { line: 2 }, invalid('onboarding_started', ['constraint-failed', '/user_id', 'must not be empty']))],
    summary: { valid: 1, invalid: 1 },
  },
  {
    name: 'NDJSON recognised by content',
    files: ['export.txt'],
    results: [event(f('export.txt'), { line: 1 }, valid('onboarding_started')), event(f('export.txt'), { line: 2 }, invalid('onboarding_started', ['missing-identity', '/user_id', 'is required: onboarding_started needs user_id']))],
    summary: { valid: 1, invalid: 1 },
  },
  {
    name: 'NDJSON by content, with a broken first line',
    files: ['broken-first-line.txt'],
    results: [notJson(f('broken-first-line.txt'), 1, '{"event":"onboarding_started",'), event(f('broken-first-line.txt'), { line: 2 }, valid('onboarding_started'))],
    summary: { valid: 1, invalid: 1 },
  },
  {
    name: 'a broken pretty-printed event, located',
    files: ['broken-pretty.json'],
    results: [{ ...notJson(f('broken-pretty.json'), 4, '{\n  "event": "onboarding_started",\n  "user_id": "usr_abc123"\n  "timestamp": "2024-03-15T14:20:00Z"\n}\n'), line: 4, column: 3 }],
    summary: { valid: 0, invalid: 1 },
  },
  { name: 'an empty file', files: ['empty.json'], results: [problem(f('empty.json'), {}, 'is empty')], summary: { valid: 0, invalid: 1 } },
  { name: 'a file that is not JSON', files: ['not-json.csv'], results: [problem(f('not-json.csv'), { line: 1, column: 1 }, 'is not JSON: it starts with "e"')], summary: { valid: 0, invalid: 1 } },
  {
    name: 'JSON that is not an object or array',
    files: ['number.json'],
    results: [problem(f('number.json'), { line: 1, column: 1 }, 'is a number, not an event, a batch body or an array of events')],
    summary: { valid: 0, invalid: 1 },
  },
  {
    name: 'a missing file and a directory, between readable ones',
    files: ['valid-event.json', 'missing.json', '.', 'valid-event.json'],
    results: [
      event(f('valid-event.json'), {}, valid('paywall_viewed')),
      problem(f('missing.json'), {}, `cannot be read: ENOENT: no such file or directory, open '${f('missing.json')}'`),
      problem(f('.'), {}, 'cannot be read: EISDIR: illegal operation on a directory, read'),
      event(f('valid-event.json'), {}, valid('paywall_viewed')),
    ],
    summary: { valid: 2, invalid: 2 },
  },
];

describe('checkPayloadSources on files', () => {
  it.each(SOURCES)('$name', async ({ files, results, summary }) => {
    const got = await run(files.map(f));
    expect(got.results).toEqual(results);
    expect(got.summary).toEqual({ ...summary, sources: files.length });
  });

  it('reads several sources in order and sums them up', async () => {
    const got = await run([f('events.ndjson'), f('batch.json'), f('empty.json')]);
    expect(got.results.map((r) => r.source)).toEqual([...Array(7).fill(f('events.ndjson')), ...Array(4).fill(f('batch.json')), f('empty.json')]);
    expect(got.summary).toEqual({ valid: 4, invalid: 8, sources: 3 });
  });
});

/** A stream of `text`'s UTF-8 bytes in pieces of `size` (splitting lines and characters alike). */
function bytes(text: string, size: number): Readable {
  const all = Buffer.from(text);
  const pieces: Buffer[] = [];
  for (let i = 0; i < all.length; i += size) pieces.push(all.subarray(i, i + size));
  return Readable.from(pieces);
}

async function stdin(input: Readable, options: Omit<CheckSourcesOptions, 'stdin'> = {}): Promise<{ results: PayloadResult[]; summary: PayloadSummary }> {
  return run(['-'], { ...options, stdin: input });
}

describe('checkPayloadSources on stdin (-)', () => {
  it.each([1, 2, 7, 64, 1 << 20])('recognises and streams NDJSON read %i bytes at a time', async (size) => {
    const text = readFileSync(f('events.ndjson'), 'utf8');
    const got = await stdin(bytes(text, size));
    expect(got.results).toEqual(ndjsonResults('<stdin>'));
    expect(got.summary).toEqual({ valid: 3, invalid: 4, sources: 1 });
  });

  it('decodes characters split across chunks, and skips a BOM', async () => {
    const name = 'café_🎉_viewed';
    const line = JSON.stringify({ ...EXAMPLE, event: name });
    const got = await stdin(bytes(`\uFEFF${line}\n${line}\n`, 1));
    const verdict = invalid(name, ['unknown-event', '/event', `${JSON.stringify(name)} is not an event of flokit`]);
    expect(got.results).toEqual([event('<stdin>', { line: 1 }, verdict), event('<stdin>', { line: 2 }, verdict)]);
  });

  it('takes text chunks as well as bytes', async () => {
    const line = JSON.stringify(EXAMPLE);
    const got = await stdin(Readable.from([line.slice(0, 10), `${line.slice(10)}\n${line.slice(0, 3)}`, `${line.slice(3)}\n`]));
    expect(got.results).toEqual([event('<stdin>', { line: 1 }, valid('paywall_viewed')), event('<stdin>', { line: 2 }, valid('paywall_viewed'))]);
  });

  it.each([
    { name: 'a pretty-printed event', text: JSON.stringify(EXAMPLE, null, 2), results: [event('<stdin>', {}, valid('paywall_viewed'))] },
    { name: 'one line, no newline', text: JSON.stringify(EXAMPLE), results: [event('<stdin>', {}, valid('paywall_viewed'))] },
    { name: 'one line and blank ones', text: `\n${JSON.stringify(EXAMPLE)}\n\n  \n`, results: [event('<stdin>', {}, valid('paywall_viewed'))] },
    { name: 'an array', text: `  [${JSON.stringify(EXAMPLE)}, 1]`, results: [event('<stdin>', { index: 0 }, valid('paywall_viewed')), event('<stdin>', { index: 1 }, invalid(undefined, NOT_OBJECT('integer')))] },
    { name: 'an empty array', text: '[]', results: [] },
    { name: 'nothing', text: '', results: [problem('<stdin>', {}, 'is empty')] },
    { name: 'whitespace', text: ' \r\n\t\n', results: [problem('<stdin>', {}, 'is empty')] },
    { name: 'a string', text: '\n  "paywall_viewed"', results: [problem('<stdin>', { line: 2, column: 3 }, 'is a string, not an event, a batch body or an array of events')] },
    { name: 'null', text: 'null', results: [problem('<stdin>', { line: 1, column: 1 }, 'is null, not an event, a batch body or an array of events')] },
    { name: 'binary', text: '\u0001\u0002', results: [problem('<stdin>', { line: 1, column: 1 }, 'is not JSON: it starts with "\\u0001"')] },
    { name: 'an empty batch', text: '{"events": []}', results: [problem('<stdin>', {}, 'is a batch body with no events (the API takes 1 to 1000)')] },
    {
      name: 'a batch with a field besides events',
      text: JSON.stringify({ sent_at: 'now', events: [EXAMPLE] }),
      results: [problem('<stdin>', {}, 'has "sent_at", which is not a field of a batch body (only "events")'), event('<stdin>', { index: 0 }, valid('paywall_viewed'))],
    },
    { name: 'an object whose events is not an array', text: '{"events": 1}', results: [event('<stdin>', {}, invalid(undefined, NO_EVENT))] },
    { name: 'a truncated document', text: '[{"event": "paywall_viewed"', results: [{ ...notJson('<stdin>', 1, '[{"event": "paywall_viewed"'), column: 28 }] },
  ])('$name', async ({ text, results }) => {
    for (const size of [1, 5, 1 << 16]) expect((await stdin(bytes(text, size))).results).toEqual(results);
  });

  it('reports a batch beyond the API’s limit, and checks every event in it', async () => {
    const got = await stdin(bytes(JSON.stringify({ events: Array(1001).fill(EXAMPLE) }), 1 << 16));
    expect(got.results[0]).toEqual(problem('<stdin>', {}, 'is a batch body with 1001 events (the API takes at most 1000)'));
    expect(got.summary).toEqual({ valid: 1001, invalid: 1, sources: 1 });
  });

  it('reports lines beyond maxLineLength, within a chunk or across chunks, and goes on', async () => {
    const short = JSON.stringify({ ...EXAMPLE, properties: { paywall_id: 'p' } });
    const long = JSON.stringify(EXAMPLE);
    expect(short.length).toBeLessThan(150);
    expect(long.length).toBeGreaterThan(200);
    const text = `${short}\n${long}\n${short}\n${long}`;
    const expected = [
      event('<stdin>', { line: 1 }, valid('paywall_viewed')),
      problem('<stdin>', { line: 2 }, 'is longer than 150 characters: not checked'),
      event('<stdin>', { line: 3 }, valid('paywall_viewed')),
      problem('<stdin>', { line: 4 }, 'is longer than 150 characters: not checked'),
    ];
    for (const size of [7, 100, 1 << 16]) expect((await stdin(bytes(text, size), { maxLineLength: 150 })).results).toEqual(expected);
  });

  it('reports a stream that fails part way, after what it read', async () => {
    const failing = new Readable({
      read() {
        this.push(`${JSON.stringify(EXAMPLE)}\n${JSON.stringify(EXAMPLE)}\n`);
        this.destroy(new Error('connection reset'));
      },
    });
    const got = await stdin(failing);
    expect(got.results).toEqual([event('<stdin>', { line: 1 }, valid('paywall_viewed')), event('<stdin>', { line: 2 }, valid('paywall_viewed')), problem('<stdin>', {}, 'cannot be read: connection reset')]);
  });

  it('reports a stream of things other than text', async () => {
    expect((await stdin(Readable.from([1, 2]))).results).toEqual([problem('<stdin>', {}, 'cannot be read: the stream yields neither text nor bytes')]);
  });
});

describe('the result handler', () => {
  it('is awaited, in order, before the next line is read', async () => {
    const order: string[] = [];
    const text = `${JSON.stringify(EXAMPLE)}\n${JSON.stringify(EXAMPLE)}\n${JSON.stringify(EXAMPLE)}\n`;
    let busy = false;
    await checkPayloadSources(['-'], check, async (r) => {
      expect(busy).toBe(false);
      busy = true;
      order.push(`start ${r.line ?? '?'}`);
      await new Promise((done) => setTimeout(done, 5));
      order.push(`end ${r.line ?? '?'}`);
      busy = false;
    }, { stdin: bytes(text, 1 << 16) });
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('throws its own errors out, instead of reporting them as a problem of the source', async () => {
    await expect(checkPayloadSources([f('valid-event.json')], check, () => {
      throw new Error('disk full');
    })).rejects.toThrow('disk full');
  });
});

// ---------------------------------------------------------------------------------------------
// Output

describe('formatPayloadResult and formatPayloadSummary', () => {
  it.each([
    { name: 'a valid event', result: event('a.ndjson', { line: 1 }, valid('paywall_viewed')), text: undefined },
    {
      name: 'an NDJSON line',
      result: event('a.ndjson', { line: 3 }, invalid('paywall_viewed', ['wrong-type', '/properties/paywall_id', 'must be a string (got integer)'], ['unexpected-property', '/properties/colr', 'is not a property of paywall_viewed', 'did you mean "color"?'])),
      text: 'a.ndjson:3 paywall_viewed\n  /properties/paywall_id must be a string (got integer)\n  /properties/colr is not a property of paywall_viewed; did you mean "color"?',
    },
    { name: 'an array item', result: event('batch.json', { index: 2 }, invalid('trial_started', ['missing-required', '/properties/plan_id', 'is required'])), text: 'batch.json[2] trial_started\n  /properties/plan_id is required' },
    { name: 'a single event, the payload itself', result: event('e.json', {}, invalid(undefined, NOT_OBJECT('null'))), text: 'e.json (no event name)\n  (payload) must be an object (got null)' },
    { name: 'a problem with line and column', result: problem('e.json', { line: 4, column: 3 }, 'is not valid JSON: oops'), text: 'e.json:4:3 is not valid JSON: oops' },
    { name: 'a problem of the whole source', result: problem('<stdin>', {}, 'is empty'), text: '<stdin> is empty' },
    {
      name: 'control and bidi characters from the payload, shown',
      result: event('x.ndjson', { line: 1 }, invalid('\u001b[31mred', ['unexpected-property', '/properties/a\u202Eb', 'is not a property of paywall_viewed'])),
      text: 'x.ndjson:1 "\\u001b[31mred"\n  /properties/a\\u{202E}b is not a property of paywall_viewed',
    },
    { name: 'an event name with a space, quoted', result: event('x.ndjson', { line: 1 }, invalid('paywall viewed', ['unknown-event', '/event', 'x'])), text: 'x.ndjson:1 "paywall viewed"\n  /event x' },
  ])('$name', ({ result, text }) => {
    expect(formatPayloadResult(result)).toBe(text);
  });

  it('summarises', () => {
    expect(formatPayloadSummary({ valid: 1, invalid: 0, sources: 1 })).toBe('1 source: 1 valid, 0 invalid.');
    expect(formatPayloadSummary({ valid: 12, invalid: 3, sources: 2 })).toBe('2 sources: 12 valid, 3 invalid.');
  });
});

describe('createJsonReportWriter', () => {
  it('writes one JSON document of the invalid results, then the summary', async () => {
    const writer = createJsonReportWriter();
    let text = '';
    const summary = await checkPayloadSources([f('events.ndjson'), f('empty.json')], check, (r) => {
      text += writer.add(r);
    });
    text += writer.end(summary);
    expect(text.endsWith('}\n')).toBe(true);
    const source = f('events.ndjson');
    const broken = notJson(source, 6, '{"event":"paywall_viewed","user_id":');
    expect(JSON.parse(text)).toEqual({
      invalid: [
        {
          kind: 'event',
          source,
          line: 3,
          event: 'onboarding_completed',
          violations: [
            { code: 'constraint-failed', path: '/properties/steps_completed', message: 'must be at least 0' },
            { code: 'constraint-failed', path: '/properties/variant', message: 'must not be empty' },
          ],
        },
        broken,
        { kind: 'event', source, line: 7, event: 'activation_completed', violations: [{ code: 'unexpected-property', path: '/properties/source', message: 'is not a property of activation_completed' }] },
        {
          kind: 'event',
          source,
          line: 8,
          event: 'refund_issued',
          violations: [
            { code: TIMESTAMP[0], path: TIMESTAMP[1], message: TIMESTAMP[2] },
            { code: 'unexpected-property', path: '/properties/toString', message: 'is not a property of refund_issued' },
            { code: 'unexpected-property', path: '/ip', message: ENVELOPE_FIELDS },
          ],
        },
        { kind: 'problem', source: f('empty.json'), message: 'is empty' },
      ],
      summary: { valid: 3, invalid: 5, sources: 2 },
    });
  });

  it('writes an empty list when everything is valid, and null for a missing event name', () => {
    const writer = createJsonReportWriter();
    expect(writer.add(event('a', {}, valid('x')))).toBe('');
    expect(JSON.parse(writer.end({ valid: 1, invalid: 0, sources: 1 }))).toEqual({ invalid: [], summary: { valid: 1, invalid: 0, sources: 1 } });
    const other = createJsonReportWriter();
    const text = other.add(event('a', { index: 0 }, invalid(undefined, NOT_OBJECT('null')))) + other.end({ valid: 0, invalid: 1, sources: 1 });
    expect(JSON.parse(text)).toEqual({ invalid: [{ kind: 'event', source: 'a', index: 0, event: null, violations: [{ code: 'wrong-type', path: '', message: 'must be an object (got null)' }] }], summary: { valid: 0, invalid: 1, sources: 1 } });
  });
});

// ---------------------------------------------------------------------------------------------
// Differential: the generated validators' verdict (they are tested against ajv), word for word

describe('agreement with generated/validators.ts', () => {
  const PER_EVENT = { valid: 5, mutated: 12, fuzzed: 12 };

  it.each(FLOKIT.events.map((e) => e.name))('%s: valid payloads, one-violation mutations and fuzzed payloads', (name) => {
    const def = FLOKIT.events.find((e) => e.name === name) as Taxonomy['events'][number];
    const payloads: unknown[] = [
      ...fc.sample(validPayload(FLOKIT, def), { seed: SEED, numRuns: PER_EVENT.valid }),
      ...fc.sample(fuzzedPayload(FLOKIT, def), { seed: SEED, numRuns: PER_EVENT.fuzzed }),
    ];
    const mutations = fc.sample(mutatedPayload(FLOKIT, def), { seed: SEED, numRuns: PER_EVENT.mutated });
    for (const payload of [...payloads, ...mutations.map((m) => m.payload)]) {
      const ours = check(payload);
      const generated = validateEvent(payload);
      // Word for word: codes, paths and messages, in order (the CLI's hints aside).
      const words = ours.violations.map(({ code, path, message }) => ({ code, path, message }));
      expect({ payload, valid: ours.valid, violations: words }).toEqual({ payload, valid: generated.valid, violations: generated.valid ? [] : generated.violations });
    }
    for (const m of mutations) expect(check(m.payload).violations.map((v) => v.path)).toContain(m.path);
  });
});
