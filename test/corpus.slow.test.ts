// Real-world-shaped taxonomies (issue 5), kept in test/fixtures/corpus/: e-commerce events with
// arrays of line items, B2B events with nested account objects, an event with 300 properties, and
// 2,000 events. Each must load without a diagnostic and go through the fuzz test's checks
// (test/support/fuzz.ts): generated code that type-checks under strict and runs nothing on import,
// validators that agree with ajv on the emitted schemas, the exact wire bytes, types that accept
// exactly the valid payloads. The 2,000-event taxonomy is checked on a spread of 100 events and
// generated once. Slow tier: `npm run test:slow` (vitest.slow.config.ts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../src/index.js';
import { checkCases } from './support/fuzz.js';

const CORPUS = 'test/fixtures/corpus';
const SEED = 20261126;

const cases = [
  { name: 'ecommerce', events: 21, payloads: 20 },
  { name: 'b2b', events: 21, payloads: 20 },
  { name: 'wide-300', events: 3, payloads: 20 },
  { name: 'large-2000', events: 2000, payloads: 6, sampleEvents: 100 },
];

describe('the corpus of real-world-shaped taxonomies', () => {
  it.each(cases)('$name generates, compiles and validates', async ({ name, events, payloads, sampleEvents }) => {
    const path = `${CORPUS}/${name}/taxonomy.yaml`;
    const { taxonomy, diagnostics } = loadTaxonomy(path);
    expect(diagnostics).toEqual([]);
    expect(taxonomy?.events.length).toBe(events);
    const stats = await checkCases([{ yaml: readFileSync(path, 'utf8') }], { seed: SEED, payloads, dir: resolve(`test/.tmp/corpus-${name}`), ...(sampleEvents === undefined ? {} : { sampleEvents }) });
    expect({ crashes: stats.crashes, disagreements: stats.disagreements, compiled: stats.compiled }).toEqual({ crashes: [], disagreements: [], compiled: 1 });
    expect(stats.payloads).toBeGreaterThanOrEqual(Math.min(events, sampleEvents ?? events) * payloads * 2);
  }, 300_000);

  it('the widest event has 300 properties', () => {
    const { taxonomy } = loadTaxonomy(`${CORPUS}/wide-300/taxonomy.yaml`);
    expect(Math.max(...(taxonomy?.events ?? []).map((e) => e.properties.length))).toBe(300);
  });
});
