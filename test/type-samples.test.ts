// The generated types accept exactly what the validators accept, where a type can tell: valid
// payloads sampled from the IR must compile as the event's type, and payloads with one violation a
// type can express (missing required, not in enum, unexpected property, missing identity, wrong
// event, null where not nullable) must not. One TypeScript program checks every sample of every
// fixture and of generated/, under the project's strict options.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTaxonomy, type Taxonomy } from '../src/index.js';
import { mutatedPayload, validPayload, type MutationKind } from './support/payloads.js';
import { createTypeChecker, typeLiteral as literal } from './support/typecheck.js';

const SEED = 20261126;
const VALID_PER_EVENT = 25;
const MUTATED_PER_EVENT = 25;
const TYPE_VISIBLE: ReadonlySet<MutationKind> = new Set(['missing-required', 'not-in-enum', 'unexpected-property', 'missing-identity', 'unknown-event', 'null-not-nullable']);
const TMP = resolve('test/.tmp/type-samples');

interface Sample {
  readonly file: string;
  readonly line: number;
  readonly label: string;
  readonly mustCompile: boolean;
}

const CASES: readonly (readonly [string, string, string])[] = [
  ['flokit', 'taxonomy/flokit.yaml', 'generated/types.js'],
  ...readdirSync('test/fixtures/valid').map((name): [string, string, string] => [name, `test/fixtures/valid/${name}/taxonomy.yaml`, `test/fixtures/valid/${name}/expected/types.js`]),
];

function writeSamples(name: string, taxonomy: Taxonomy, typesModule: string): Sample[] {
  const file = join(TMP, `${name}.ts`);
  const lines = [`import type * as T from '${relative(TMP, resolve(typesModule)).split('\\\\').join('/')}';`];
  const samples: Sample[] = [];
  taxonomy.events.forEach((event, e) => {
    const type = `T.${event.names.eventType}`;
    fc.sample(validPayload(taxonomy, event), { seed: SEED + e, numRuns: VALID_PER_EVENT }).forEach((payload, i) => {
      lines.push(`export const v${e}_${i}: ${type} = ${literal(payload)};`);
      samples.push({ file, line: lines.length, label: `valid ${event.name} #${i}`, mustCompile: true });
    });
    fc.sample(mutatedPayload(taxonomy, event), { seed: SEED + e, numRuns: MUTATED_PER_EVENT })
      .filter((m) => TYPE_VISIBLE.has(m.kind))
      .forEach((m, i) => {
        lines.push(`export const m${e}_${i}: ${type} = ${literal(m.payload)};`);
        samples.push({ file, line: lines.length, label: `${m.kind} ${event.name} at ${m.path}: ${JSON.stringify(m.payload)}`, mustCompile: false });
      });
  });
  writeFileSync(file, lines.join('\n') + '\n');
  return samples;
}

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

describe('generated types versus sampled payloads', () => {
  it('accept every valid payload and refuse every type-visible violation', () => {
    rmSync(TMP, { recursive: true, force: true });
    mkdirSync(TMP, { recursive: true });
    const samples = CASES.flatMap(([name, path, types]) => {
      const { taxonomy, diagnostics } = loadTaxonomy(path);
      expect(diagnostics).toEqual([]);
      return writeSamples(name, taxonomy as Taxonomy, types);
    });
    const errors = createTypeChecker()([...new Set(samples.map((s) => s.file))]);
    const wrong = samples.filter((s) => (errors.get(s.file)?.has(s.line) ?? false) === s.mustCompile);
    expect(wrong.map((s) => `${s.mustCompile ? 'refused' : 'accepted'}: ${s.label}`)).toEqual([]);
    expect(samples.filter((s) => s.mustCompile).length).toBeGreaterThan(500);
    expect(samples.filter((s) => !s.mustCompile).length).toBeGreaterThan(300);
  }, 120_000);
});
