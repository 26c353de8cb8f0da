// The end-to-end fuzz run behind test/fuzz.test.ts (fixed seed, a few hundred taxonomies, in CI) and
// `npm run fuzz` (10,000). Each taxonomy from taxonomy-arbitrary.ts is written to disk and either
// refused with documented, located diagnostics, or generated, and then:
//   - generating twice gives identical bytes, and the IR keeps every name exactly as written;
//   - the generated module, bundled and evaluated in a fresh realm, calls nothing and defines nothing
//     on load, and no taxonomy text ever runs (PWNED stays unset);
//   - the generated validators agree with ajv on the emitted schemas for valid, mutated and fuzzed
//     payloads, and the generated any-event validator with event.schema.json;
//   - the capture transport records the event name, property names and values byte for byte;
//   - types.ts is byte for byte what json-schema-to-typescript + prettier make of the emitted
//     schemas (types-oracle.ts), and every generated .ts file is prettier-stable (prettier --check);
//   - in batches, every generated .ts file type-checks under strict, and sampled payloads compile
//     as the event's type exactly when they are valid (for violations a type can see).
// Per-case checks run inside fast-check, so a failure is shrunk; a type error found in a batch is
// replayed alone (fast-check `path`) so that it is shrunk too.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import vm from 'node:vm';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { buildSync } from 'esbuild';
import fc from 'fast-check';
import * as prettier from 'prettier';
import { DIAGNOSTIC_CODES, generate, loadTaxonomy, type Diagnostic, type EventDef, type GeneratedFile, type Taxonomy } from '../../src/index.js';
import { fuzzedPayload, mutatedPayload, validPayload, type JsonObject } from './payloads.js';
import { oracle } from './oracle.js';
import { PWNED, taxonomyCase } from './taxonomy-arbitrary.js';
import { createTypeChecker, misjudged, writeTypeSamples, type TypeSample } from './typecheck.js';
import { PRETTIER, referenceTypes } from './types-oracle.js';

const RUNTIME = resolve('templates/runtime');

/** How each taxonomy is checked. */
export interface CaseOptions {
  /** Payload samples of case i use seed + i. */
  readonly seed: number;
  /** Valid, mutated and fuzzed payloads per event, each. */
  readonly payloads: number;
  /** Scratch directory, emptied first and removed at the end. */
  readonly dir: string;
  /**
   * For large taxonomies (the corpus): check payloads, the wire and types for at most this many
   * events, evenly spread, skip the any-event comparison (ajv compiling every event at once) and the
   * types reference (test/types-oracle.test.ts compares the corpus), and generate once instead of twice.
   */
  readonly sampleEvents?: number;
}

export interface FuzzOptions extends CaseOptions {
  readonly runs: number;
  /** Accepted taxonomies per TypeScript program. */
  readonly batch: number;
  readonly progress?: (stats: FuzzStats) => void;
}

export interface FuzzStats {
  cases: number;
  /** Refused taxonomies, by diagnostic code (a case counts once under each code it got). */
  readonly rejected: Record<string, number>;
  rejectedCases: number;
  generated: number;
  /** Accepted taxonomies whose every generated file type-checked. */
  compiled: number;
  events: number;
  /** Payloads run through both validators. */
  payloads: number;
  /** Sampled payloads checked against the generated types. */
  typeSamples: number;
  /** Events sent through the capture transport. */
  sent: number;
  /** types.ts files compared with the reference, and generated .ts files checked with prettier. */
  typesCompared: number;
  prettierChecked: number;
  /**
   * Payloads ajv could not judge: its uniqueItems (fast-deep-equal) throws on objects with a
   * non-function `toString` or `valueOf` key (ajv#2624). Ours must still give a verdict.
   */
  oracleCrashes: number;
  readonly disagreements: string[];
  readonly crashes: string[];
  readonly failures: string[];
}

interface Accepted {
  readonly index: number;
  readonly files: readonly string[];
  readonly samples: readonly TypeSample[];
}

class CaseFailure extends Error {}

/** A taxonomy to check; with the names as written, the IR is checked to keep them exactly. */
export interface FuzzCase {
  readonly yaml: string;
  readonly events?: readonly string[];
  readonly propertyNames?: ReadonlyMap<string, readonly string[]>;
}

const emptyStats = (): FuzzStats => ({ cases: 0, rejected: {}, rejectedCases: 0, generated: 0, compiled: 0, events: 0, payloads: 0, typeSamples: 0, sent: 0, typesCompared: 0, prettierChecked: 0, oracleCrashes: 0, disagreements: [], crashes: [], failures: [] });

/** The same checks for given taxonomies (regression fixtures), in one batch; a failing check throws. */
export async function checkCases(cases: readonly FuzzCase[], options: CaseOptions): Promise<FuzzStats> {
  const stats = emptyStats();
  rmSync(options.dir, { recursive: true, force: true });
  const accepted: Accepted[] = [];
  for (const [index, c] of cases.entries()) {
    const a = await checkCase(c, index, options, stats);
    if (a !== undefined) accepted.push(a);
  }
  checkBatch(createTypeChecker(), accepted, stats);
  rmSync(options.dir, { recursive: true, force: true });
  return stats;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzStats> {
  const stats = emptyStats();
  rmSync(options.dir, { recursive: true, force: true });
  mkdirSync(options.dir, { recursive: true });
  const typeCheck = createTypeChecker();
  const pending: Accepted[] = [];
  const badIndices: number[] = [];
  const flush = (): void => {
    badIndices.push(...checkBatch(typeCheck, pending, stats));
    for (const a of pending) rmSync(join(options.dir, `case-${a.index}`), { recursive: true, force: true });
    pending.length = 0;
    options.progress?.(stats);
  };
  let index = 0;
  let first: string | undefined;
  const result = await fc.check(
    fc.asyncProperty(taxonomyCase, async (c) => {
      const i = index++;
      try {
        const accepted = await checkCase(c, i, options, stats);
        if (accepted === undefined || first !== undefined) return; // while shrinking, only the case itself counts
        pending.push(accepted);
        if (pending.length >= options.batch) flush();
      } catch (error) {
        first ??= `case ${i}: ${(error as Error).stack ?? String(error)}`;
        throw error;
      }
    }),
    { seed: options.seed, numRuns: options.runs, endOnFailure: false },
  );
  if (result.failed) stats.failures.push(`seed ${options.seed}, path ${result.counterexamplePath}: ${String(result.errorInstance)}\n${fc.stringify(result.counterexample)}\nfirst failure: ${first ?? ''}`);
  else {
    flush();
    // Shrink the first type error found in a batch by replaying its run alone.
    const first = badIndices[0];
    if (first !== undefined) stats.failures.push(await shrinkTypeError(first, options, typeCheck));
  }
  rmSync(options.dir, { recursive: true, force: true });
  return stats;
}

// ---------------------------------------------------------------------------------------------
// One case

async function checkCase(c: FuzzCase, index: number, options: CaseOptions, stats: FuzzStats): Promise<Accepted | undefined> {
  stats.cases++;
  const dir = join(options.dir, `case-${index}`);
  const path = join(dir, 'taxonomy.yaml');
  rmSync(dir, { recursive: true, force: true }); // left over by a failed attempt while shrinking
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, c.yaml);
  const loaded = await crashGuard(stats, index, 'load', () => loadTaxonomy(path));
  if (loaded.diagnostics.length > 0) {
    checkDiagnostics(loaded.diagnostics, path, index);
    stats.rejectedCases++;
    for (const code of new Set(loaded.diagnostics.map((d) => d.code))) stats.rejected[code] = (stats.rejected[code] ?? 0) + 1;
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  const taxonomy = loaded.taxonomy as Taxonomy;
  checkNames(c, taxonomy);
  const first = await crashGuard(stats, index, 'generate', () => generate(taxonomy));
  if (options.sampleEvents === undefined && !isDeepStrictEqual(first, generate(taxonomy))) throw new CaseFailure('generating twice gave different bytes');
  stats.generated++;
  const out = join(dir, 'out');
  writeOutput(out, first);
  const bundle = bundleModule(out);
  checkLoadHasNoEffects(bundle);
  const module = evaluate(bundle);
  stats.events += taxonomy.events.length;
  const seed = options.seed + index;
  const limit = options.sampleEvents ?? taxonomy.events.length;
  const step = Math.max(1, Math.floor(taxonomy.events.length / limit));
  const events = taxonomy.events.filter((_, i) => i % step === 0).slice(0, limit);
  checkValidators(taxonomy, events, first, module, seed, options.payloads, stats, index, options.sampleEvents === undefined);
  await checkFormatting(taxonomy, first, options.sampleEvents === undefined, stats, index);
  await checkWire(taxonomy, events, module, seed, stats);
  if ((globalThis as Record<string, unknown>)[PWNED] !== undefined) throw new CaseFailure('taxonomy text ran as code while validating or sending');
  const samples = writeTypeSamples(join(out, 'samples.ts'), './index.js', taxonomy, events, seed, options.payloads);
  stats.typeSamples += samples.length;
  return { index, files: [join(out, 'index.ts')], samples };
}

/** types.ts equals its reference (unless sampled), and every generated .ts file is already formatted as prettier formats it. */
async function checkFormatting(taxonomy: Taxonomy, files: readonly GeneratedFile[], compareTypes: boolean, stats: FuzzStats, index: number): Promise<void> {
  for (const file of files.filter((f) => f.path.endsWith('.ts') && !f.path.startsWith('runtime/'))) {
    stats.prettierChecked++;
    if (await prettier.check(file.contents, { ...PRETTIER, filepath: file.path })) continue;
    const formatted = await prettier.format(file.contents, { ...PRETTIER, filepath: file.path });
    const lines = file.contents.split('\n');
    const at = formatted.split('\n').findIndex((line, i) => line !== lines[i]);
    stats.disagreements.push(`case ${index}, ${file.path} is not prettier-stable from line ${at + 1}: ours ${JSON.stringify(lines.slice(at, at + 3))}, prettier ${JSON.stringify(formatted.split('\n').slice(at, at + 3))}`);
  }
  if (!compareTypes) return;
  stats.typesCompared++;
  const ours = (files.find((f) => f.path === 'types.ts') as GeneratedFile).contents.replace(/^.*\n\n/, '');
  const reference = await referenceTypes(taxonomy);
  if (ours !== reference) {
    const lines = ours.split('\n');
    const at = reference.split('\n').findIndex((line, i) => line !== lines[i]);
    stats.disagreements.push(`case ${index}, types.ts differs from json-schema-to-typescript + prettier from line ${at + 1}: ours ${JSON.stringify(lines.slice(at, at + 3))}, reference ${JSON.stringify(reference.split('\n').slice(at, at + 3))}`);
  }
}

/** Runs one stage of the generator; an exception is a crash, recorded with its stack. */
async function crashGuard<T>(stats: FuzzStats, index: number, stage: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    stats.crashes.push(`case ${index}, ${stage}: ${(error as Error).stack ?? String(error)}`);
    throw new CaseFailure(`${stage} crashed: ${(error as Error).message}`);
  }
}

/** Refusals carry a documented code, this file, a real position and a one-line message. */
function checkDiagnostics(diagnostics: readonly Diagnostic[], path: string, index: number): void {
  for (const d of diagnostics) {
    const problem =
      !(d.code in DIAGNOSTIC_CODES) ? 'an undocumented code'
      : d.file !== path ? `file ${d.file}`
      : !(Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.column) && d.column >= 1) ? `position ${d.line}:${d.column}`
      : d.message.trim() === '' || /\n|\bat .+:\d+:\d+\)/.test(d.message) ? 'an empty, multi-line or stack-trace message'
      : undefined;
    if (problem !== undefined) throw new CaseFailure(`case ${index}: diagnostic with ${problem}: ${JSON.stringify(d)}`);
  }
}

/** The IR holds every event and property name exactly as the YAML wrote it, in order. */
function checkNames(c: FuzzCase, taxonomy: Taxonomy): void {
  if (c.events === undefined || c.propertyNames === undefined) return;
  const events = taxonomy.events.map((e) => e.name);
  if (!isDeepStrictEqual(events, c.events)) throw new CaseFailure(`event names changed: ${JSON.stringify(c.events)} → ${JSON.stringify(events)}`);
  for (const e of taxonomy.events) {
    const names = e.properties.map((p) => p.name);
    if (!isDeepStrictEqual(names, c.propertyNames.get(e.name))) throw new CaseFailure(`property names of ${JSON.stringify(e.name)} changed: ${JSON.stringify(c.propertyNames.get(e.name))} → ${JSON.stringify(names)}`);
  }
}

/** The generated files, except runtime/ (byte-identical to templates/runtime, checked by the golden tests), which is linked. */
function writeOutput(out: string, files: readonly GeneratedFile[]): void {
  for (const f of files) {
    if (f.path.startsWith('runtime/')) continue;
    mkdirSync(dirname(join(out, f.path)), { recursive: true });
    writeFileSync(join(out, f.path), f.contents);
  }
  // File by file: templates/runtime also holds the runtime's own tests, which must not be collected here.
  mkdirSync(join(out, 'runtime'), { recursive: true });
  for (const f of files) if (f.path.startsWith('runtime/')) symlinkSync(join(RUNTIME, f.path.slice('runtime/'.length)), join(out, f.path));
}

function bundleModule(out: string): string {
  const result = buildSync({ entryPoints: [join(out, 'index.ts')], bundle: true, format: 'cjs', platform: 'neutral', target: 'es2022', write: false, logLevel: 'silent' });
  return (result.outputFiles[0] as { text: string }).text;
}

type GeneratedModule = Record<string, unknown>;

/**
 * Loads the bundle in a fresh realm whose every global function records a call: importing the
 * generated code must call none of them, add no global, and never run taxonomy text.
 */
export function checkLoadHasNoEffects(bundle: string): void {
  const calls: string[] = [];
  const trap = (name: string) => (..._args: unknown[]) => void calls.push(name);
  const sandbox: Record<string, unknown> = { module: { exports: {} }, console: new Proxy({}, { get: (_t, key) => trap(`console.${String(key)}`) }) };
  for (const name of ['fetch', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'require', 'process', 'crypto', 'TextEncoder', 'AbortController', 'Headers', 'Request', 'Response', 'URL', 'DOMException']) sandbox[name] = trap(name);
  const context = vm.createContext(sandbox);
  // Own names of the global object and of the prototypes a payload could inherit from.
  const names = (): string[] => vm.runInContext('[globalThis, Object.prototype, Array.prototype, String.prototype].flatMap((o, i) => Object.getOwnPropertyNames(o).map((k) => i + ":" + k))', context) as string[];
  const before = new Set(names());
  const module = sandbox['module'] as { exports: object };
  vm.compileFunction(bundle, ['module', 'exports'], { parsingContext: context })(module, module.exports);
  const added = names().filter((k) => !before.has(k));
  if (calls.length > 0 || added.length > 0) throw new CaseFailure(`importing the generated module had effects: called ${JSON.stringify(calls)}, defined ${JSON.stringify(added)}`);
}

/**
 * The bundle in this realm. compileFunction, because the garbage collector reclaims what it compiles;
 * what runInThisContext and new Function compile stays on the heap (measured: ~0.15 MB a case).
 */
function evaluate(bundle: string): GeneratedModule {
  const module = { exports: {} as GeneratedModule };
  vm.compileFunction(bundle, ['module', 'exports'])(module, module.exports);
  return module.exports;
}

// ---------------------------------------------------------------------------------------------
// Validators against ajv

type Validate = (input: unknown) => { readonly valid: boolean };

function checkValidators(taxonomy: Taxonomy, events: readonly EventDef[], files: readonly GeneratedFile[], module: GeneratedModule, seed: number, count: number, stats: FuzzStats, index: number, withAny: boolean): void {
  // One ajv per schema: event.schema.json embeds the event schemas, $id and all.
  const schema = (path: string): ValidateFunction =>
    oracle().compile(JSON.parse((files.find((f) => f.path === path) as GeneratedFile).contents) as object);
  const any = withAny ? schema('event.schema.json') : undefined;
  const validateEvent = module['validateEvent'] as Validate;
  const known = stats.disagreements.length;
  events.forEach((event, e) => {
    const ours = module[event.names.validate] as Validate;
    const theirs = schema(`schemas/${event.names.fileStem}.schema.json`);
    const compare = (payload: unknown, label: string, expected?: boolean): void => {
      stats.payloads++;
      const mine = { ours: ours(payload).valid, oursAny: validateEvent(payload).valid };
      let oracle: { ajv: boolean; ajvAny: boolean };
      try {
        oracle = { ajv: theirs(payload) === true, ajvAny: any === undefined ? mine.ours : any(payload) === true };
      } catch (error) {
        if (!(error instanceof TypeError && /fast-deep-equal/.test(error.stack ?? ''))) throw error;
        stats.oracleCrashes++;
        return;
      }
      const verdicts = { ...mine, ...oracle };
      const agree = verdicts.ours === verdicts.ajv && verdicts.oursAny === verdicts.ajvAny && (expected === undefined || verdicts.ours === expected);
      if (!agree) stats.disagreements.push(`case ${index}, event ${JSON.stringify(event.name)}, ${label}: ${JSON.stringify(verdicts)} for ${JSON.stringify(payload)}`);
    };
    for (const p of fc.sample(validPayload(taxonomy, event), { seed: seed + e, numRuns: count })) compare(p, 'valid', true);
    for (const m of fc.sample(mutatedPayload(taxonomy, event), { seed: seed + e, numRuns: count })) compare(m.payload, `mutation ${m.kind} at ${m.path}`, false);
    for (const p of fc.sample(fuzzedPayload(taxonomy, event), { seed: seed + e, numRuns: count })) compare(p, 'fuzzed');
  });
  if (stats.disagreements.length > known) throw new CaseFailure(stats.disagreements[known]);
}

// ---------------------------------------------------------------------------------------------
// The wire

interface Capture {
  readonly requests: readonly { readonly body: string }[];
}
type Client = Record<string, (input: object) => Promise<unknown>>;

/** Sends one valid payload per event through the capture transport: the body is exactly the payload. */
async function checkWire(taxonomy: Taxonomy, events: readonly EventDef[], module: GeneratedModule, seed: number, stats: FuzzStats): Promise<void> {
  const capture = (module['createCaptureTransport'] as () => Capture)();
  const client = (module['createFloKitClient'] as (o: object) => Client)({ apiKey: 'fuzz-key', transport: capture, logger: false });
  for (const [e, event] of events.entries()) {
    const [payload] = fc.sample(validPayload(taxonomy, event), { seed: seed + e, numRuns: 1 }) as [JsonObject];
    const { event: _name, ...input } = payload;
    await (client[event.names.track] as (input: object) => Promise<unknown>)(input);
    const body = capture.requests[capture.requests.length - 1]?.body ?? '';
    stats.sent++;
    // Byte for byte: the body is the payload as JSON.stringify writes it, envelope first, in order.
    if (body !== JSON.stringify(payload)) throw new CaseFailure(`the wire body differs from the payload:\n${body}\n${JSON.stringify(payload)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Types, in batches

/** Type-checks a batch; returns the indices of the cases with a type error in generated code or a wrong sample verdict. */
function checkBatch(typeCheck: ReturnType<typeof createTypeChecker>, batch: readonly Accepted[], stats: FuzzStats): number[] {
  if (batch.length === 0) return [];
  const errors = typeCheck(batch.flatMap((a) => [...a.files, ...new Set(a.samples.map((s) => s.file))]));
  const bad: number[] = [];
  for (const a of batch) {
    const dir = dirname(a.files[0] as string);
    const inGenerated = [...errors].filter(([file]) => file.startsWith(dir + '/') && !file.endsWith('/samples.ts'));
    const wrong = misjudged(a.samples, errors);
    if (inGenerated.length === 0 && wrong.length === 0) stats.compiled++;
    else {
      bad.push(a.index);
      const detail = inGenerated.length > 0 ? `generated code: ${JSON.stringify([...inGenerated[0]![1]].slice(0, 3))} in ${inGenerated[0]![0]}` : wrong[0]!;
      (inGenerated.length > 0 ? stats.crashes : stats.disagreements).push(`case ${a.index}, types: ${detail}`);
    }
  }
  return bad;
}

/** Replays run `index` alone with the type check inside the property, so fast-check shrinks it. */
async function shrinkTypeError(index: number, options: FuzzOptions, typeCheck: ReturnType<typeof createTypeChecker>): Promise<string> {
  const scratch = emptyStats();
  const dir = join(options.dir, 'shrink');
  const result = await fc.check(
    fc.asyncProperty(taxonomyCase, async (c) => {
      const accepted = await checkCase(c, index, { ...options, dir }, scratch);
      if (accepted !== undefined && checkBatch(typeCheck, [accepted], scratch).length > 0) throw new CaseFailure(scratch.crashes.at(-1) ?? scratch.disagreements.at(-1));
      rmSync(join(dir, `case-${index}`), { recursive: true, force: true });
    }),
    { seed: options.seed, numRuns: options.runs, path: String(index) },
  );
  return result.failed ? `type error, seed ${options.seed}, path ${result.counterexamplePath}: ${String(result.errorInstance)}\n${fc.stringify(result.counterexample)}` : `type error in case ${index} did not reproduce alone`;
}
