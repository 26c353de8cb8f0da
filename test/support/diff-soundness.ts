// The diff soundness property, by evidence rather than by trusting the rules: for a random taxonomy
// and random edits of it, payloads valid under base are checked with head's generated validators
// (validators.ts, emitted and imported) and the reverse. A base-valid payload that head refuses needs
// a reported producer impact on that event; a head-valid payload that base refuses, a consumer
// impact; a diff with no change needs identical wire schemas. Shared by the fast and slow tiers.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import fc from 'fast-check';
import { affectsConsumers, breaksProducers, diffTaxonomies, type Change } from '../../src/diff/index.js';
import { eventSchema, type SchemaObject, type SchemaValue } from '../../src/emit/json-schema.js';
import { emitValidators } from '../../src/emit/validators.js';
import { loadTaxonomy, type Taxonomy } from '../../src/index.js';
import type { ValidationResult } from '../../templates/runtime/validation.js';
import { validPayload, type JsonObject } from './payloads.js';
import { applyEdit, edit, taxonomySpec, type TaxonomySpec } from './taxonomy-edits.js';

type Validate = (input: unknown) => ValidationResult<unknown>;

export interface SoundnessStats {
  runs: number;
  /** Runs whose edits the loader refused (skipped). */
  refused: number;
  /** Payloads one side accepted and the other refused: the cases that test the rules. */
  crossings: number;
  changes: number;
  unchanged: number;
}

/** A scratch directory with the runtime the generated validators import, compiled once. */
export function prepareScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'runtime'), { recursive: true });
  for (const file of ['validation', 'formats']) {
    const source = transformSync(readFileSync(`templates/runtime/${file}.ts`, 'utf8'), { loader: 'ts', format: 'esm' }).code;
    writeFileSync(join(dir, 'runtime', `${file}.js`), source);
  }
}

let modules = 0;

async function validatorOf(dir: string, taxonomy: Taxonomy): Promise<Validate> {
  const file = join(dir, `validators-${modules++}.js`);
  writeFileSync(file, transformSync(emitValidators(taxonomy), { loader: 'ts', format: 'esm' }).code);
  return ((await import(pathToFileURL(file).href)) as { validateEvent: Validate }).validateEvent;
}

function load(dir: string, spec: TaxonomySpec, name: string): Taxonomy | undefined {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, JSON.stringify(spec));
  return loadTaxonomy(file).taxonomy;
}

/** An event schema as the wire sees it: shared types inlined, nullable spelled one way, sets sorted. */
export function wireSchema(schema: SchemaObject): string {
  const defs = (schema['$defs'] ?? {}) as Record<string, SchemaObject>;
  const deref = (node: SchemaValue): SchemaValue => {
    if (Array.isArray(node)) return node.map(deref);
    if (node === null || typeof node !== 'object') return node;
    const object = node as SchemaObject;
    const ref = object['$ref'];
    if (typeof ref === 'string' && ref.startsWith('#/$defs/')) {
      const { $ref: _ref, ...rest } = object;
      const { title: _title, ...target } = defs[decodeURIComponent(ref.slice('#/$defs/'.length))] as SchemaObject;
      return deref({ ...target, ...rest });
    }
    const anyOf = object['anyOf'];
    if (Array.isArray(anyOf) && anyOf.length === 2 && JSON.stringify(anyOf[1]) === '{"type":"null"}') {
      const { anyOf: _anyOf, ...rest } = object;
      return deref({ ...withNull(deref(anyOf[0] as SchemaValue) as SchemaObject), ...rest });
    }
    const out: Record<string, SchemaValue> = {};
    for (const key of Object.keys(object).sort()) {
      if (key === '$defs') continue;
      const value = deref(object[key] as SchemaValue);
      out[key] = (key === 'required' || key === 'enum') && Array.isArray(value) ? [...value].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) : value;
    }
    return out;
  };
  return JSON.stringify(deref(schema));
}

/** What the emitter writes for a nullable shape, applied to an already emitted one. */
function withNull(schema: SchemaObject): SchemaObject {
  if (Array.isArray(schema['type'])) return schema; // nullable already
  const { const: fixed, ...rest } = schema;
  const values = fixed !== undefined ? [fixed] : (schema['enum'] as readonly SchemaValue[] | undefined);
  return { ...rest, type: [String(schema['type']), 'null'], ...(values === undefined ? {} : { enum: [...values, null] }) };
}

function sample(taxonomy: Taxonomy, event: Taxonomy['events'][number], seed: number, count: number): JsonObject[] {
  return fc.sample(validPayload(taxonomy, event), { numRuns: count, seed });
}

/** Payloads of `from`'s events that `to` refuses, by event name. */
function refused(from: Taxonomy, to: Validate, seed: number, count: number): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const event of from.events) {
    const bad = sample(from, event, seed, count).find((payload) => !to(payload).valid);
    if (bad !== undefined) out.set(event.name, bad);
  }
  return out;
}

function reportedFor(changes: readonly Change[], event: string, test: (c: Change) => boolean): boolean {
  return changes.some((c) => test(c) && (c.event === event || (c.kind === 'event-renamed' && c.before === event)));
}

/** Runs the property; throws (with fast-check's counterexample) on the first contradiction. */
export async function checkSoundness(dir: string, numRuns: number, payloadsPerEvent: number): Promise<SoundnessStats> {
  prepareScratch(dir);
  const stats: SoundnessStats = { runs: 0, refused: 0, crossings: 0, changes: 0, unchanged: 0 };
  await fc.assert(
    fc.asyncProperty(taxonomySpec, fc.array(edit, { minLength: 1, maxLength: 3 }), fc.integer(), async (spec, edits, seed) => {
      stats.runs++;
      const base = load(dir, spec, 'base');
      const head = load(dir, edits.reduce(applyEdit, spec), 'head');
      if (base === undefined || head === undefined) {
        stats.refused++;
        return;
      }
      const { changes } = diffTaxonomies(base, head);
      const [validateBase, validateHead] = await Promise.all([validatorOf(dir, base), validatorOf(dir, head)]);
      for (const [event, payload] of refused(base, validateHead, seed, payloadsPerEvent)) {
        stats.crossings++;
        if (!reportedFor(changes, event, breaksProducers)) throw new Error(`head refuses ${JSON.stringify(payload)}, valid under base, but no producer impact is reported for \`${event}\`: ${JSON.stringify(changes)}`);
      }
      for (const [event, payload] of refused(head, validateBase, seed, payloadsPerEvent)) {
        stats.crossings++;
        if (!reportedFor(changes, event, affectsConsumers)) throw new Error(`base refuses ${JSON.stringify(payload)}, valid under head, but no consumer impact is reported for \`${event}\`: ${JSON.stringify(changes)}`);
      }
      if (changes.length > 0) {
        stats.changes++;
        return;
      }
      stats.unchanged++;
      const schemas = (t: Taxonomy): string[] => t.events.map((e) => wireSchema(eventSchema(t, e))).sort();
      const [before, after] = [schemas(base), schemas(head)];
      const i = before.findIndex((s, k) => s !== after[k]);
      if (i !== -1 || before.length !== after.length) throw new Error(`no change reported, but the event schemas differ:\n${before[i] ?? ''}\n${after[i] ?? ''}`);
    }),
    { numRuns, endOnFailure: true },
  );
  return stats;
}
