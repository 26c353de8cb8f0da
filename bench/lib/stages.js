// One size, one fresh process: runs the generator's stages one by one by calling flokit-gen's
// compiled modules in dist/, and prints one JSON line with each stage's wall time and peak RSS.
//
//   node --expose-gc --import ./bench/lib/register-timing.js bench/lib/stages.js <taxonomy.yaml> <empty out dir> [--check]
//
// Memory: before each stage the heap is collected (gc, outside the timing) and the kernel's RSS
// high-water mark is reset (`5` → /proc/self/clear_refs), so `peakRssMiB` is the true peak of the
// process during that stage alone; `heapAfterMiB` is what the stage's result keeps alive.
// `--check` also runs the real generate() and compares its files with the ones assembled here.
const startedAt = performance.now(); // ms since the process started: node's own start-up

import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const [taxonomyPath, outDir, ...flags] = process.argv.slice(2);
if (taxonomyPath === undefined || outDir === undefined) throw new Error('usage: stages.js <taxonomy.yaml> <out dir> [--check]');
const gc = globalThis.gc ?? (() => {});
const dist = new URL('../../dist/src/', import.meta.url);

function hwmKiB() {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

let canReset = true;
function resetHwm() {
  if (!canReset) return;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    canReset = false; // then peaks are the process's high-water mark so far (ru_maxrss)
  }
}

const stages = [];
globalThis.__benchFormat = { ms: 0, calls: 0, inputBytes: 0, peakKiB: 0, peakBeforeKiB: 0, windows: [] }; // filled by prettier-timed.js
globalThis.__benchMem = { read: hwmKiB, reset: resetHwm }; // lets prettier-timed.js split format's peak off
let processPeakKiB = 0; // resetting the high-water mark resets ru_maxrss too: keep the maximum here
async function stage(name, fn) {
  processPeakKiB = Math.max(processPeakKiB, hwmKiB());
  gc();
  gc();
  resetHwm();
  const fmt = globalThis.__benchFormat;
  if (fmt !== undefined) fmt.peakKiB = fmt.peakBeforeKiB = 0;
  const rssBefore = process.memoryUsage().rss;
  const formatBefore = globalThis.__benchFormat?.ms ?? 0;
  const startUs = Number(process.hrtime.bigint() / 1000n); // same clock as --cpu-prof's timestamps
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const endUs = Number(process.hrtime.bigint() / 1000n);
  const formatInside = (globalThis.__benchFormat?.ms ?? 0) - formatBefore;
  let peakKiB = canReset ? hwmKiB() : process.resourceUsage().maxRSS;
  if (formatInside > 0 && canReset) peakKiB = Math.max(peakKiB, fmt.peakBeforeKiB);
  processPeakKiB = Math.max(processPeakKiB, peakKiB, formatInside > 0 ? fmt.peakKiB : 0);
  gc();
  stages.push({
    name,
    ms,
    startUs,
    endUs,
    formatInsideMs: formatInside,
    formatPeakMiB: formatInside > 0 ? fmt.peakKiB / 1024 : 0,
    peakRssMiB: peakKiB / 1024,
    rssBeforeMiB: rssBefore / 2 ** 20,
    heapAfterMiB: process.memoryUsage().heapUsed / 2 ** 20,
  });
  return value;
}

const importStart = performance.now();
const { loadRawTaxonomy, DEFAULT_LIMITS } = await import(new URL('load/index.js', dist));
const { buildIr } = await import(new URL('model/build-ir.js', dist));
const { schemaTexts } = await import(new URL('emit/schema-files.js', dist));
const { contentHashes } = await import(new URL('emit/hashes.js', dist));
const { Reuse } = await import(new URL('emit/reuse.js', dist));
const { headerText } = await import(new URL('emit/header.js', dist));
const { emitTypes } = await import(new URL('emit/types.js', dist));
const { emitValidators } = await import(new URL('emit/validators.js', dist));
const { runtimeSources } = await import(new URL('emit/runtime.js', dist));
const { writeFiles } = await import(new URL('output.js', dist));
const { generate } = await import(new URL('generate.js', dist));
const clientUrl = new URL('emit/client.js', dist);
const client = existsSync(clientUrl) ? await import(clientUrl) : undefined;
await import('prettier'); // the generator imports it lazily; here its load time counts as an import
const importMs = performance.now() - importStart;
// Where the generator formats: in generate() (prettier over all of types.ts), or inside emitTypes.
const generateFormats = readFileSync(new URL('generate.js', dist), 'utf8').includes('prettier');
const PRETTIER_OPTIONS = { parser: 'typescript', printWidth: 100, singleQuote: true, trailingComma: 'all', semi: true };

const raw = await stage('load', () => {
  const loaded = loadRawTaxonomy(taxonomyPath, DEFAULT_LIMITS);
  if (loaded.raw === undefined || loaded.diagnostics.length > 0) fail(loaded.diagnostics);
  return loaded.raw;
});
const taxonomy = await stage('ir', () => {
  const built = buildIr(raw, DEFAULT_LIMITS);
  if (built.taxonomy === undefined || built.diagnostics.length > 0) fail(built.diagnostics);
  return built.taxonomy;
});
// The content hashes count with the schemas, the first stage that needs them.
let hashes;
const schemaFiles = await stage('schemas', () => {
  hashes = contentHashes(taxonomy);
  const texts = schemaTexts(taxonomy, hashes, new Reuse());
  return [
    ...taxonomy.events.map((e, i) => ({ path: `schemas/${e.names.fileStem}.schema.json`, contents: texts.events[i] })),
    { path: 'event.schema.json', contents: texts.any },
    { path: 'batch.schema.json', contents: texts.batch },
  ];
});
const ts = `// ${headerText(taxonomy, hashes.taxonomy)}\n`;
const typesSource = await stage('types', () => emitTypes(taxonomy, { hashes }));
const typesFormatted = await stage('format', async () => (generateFormats ? (await import('prettier')).format(typesSource, PRETTIER_OPTIONS) : typesSource));
const validatorsSource = await stage('validators', () => emitValidators(taxonomy, { hashes }));
const clientSource = await stage('client', () => (client?.emitClient === undefined ? undefined : client.emitClient(taxonomy, { hashes })));
const files = [
  ...schemaFiles,
  { path: 'types.ts', contents: ts + '\n' + typesFormatted },
  { path: 'validators.ts', contents: ts + validatorsSource },
  ...[...runtimeSources()].map(([name, source]) => ({ path: `runtime/${name}`, contents: ts + source })),
  ...(clientSource === undefined
    ? [{ path: 'index.ts', contents: `${ts}export * from './types.js';\nexport * from './validators.js';\n` }]
    : [
        { path: 'client.ts', contents: ts + clientSource },
        { path: 'index.ts', contents: `${ts}export * from './types.js';\nexport * from './validators.js';\nexport * from './client.js';\n` },
      ]),
].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
const report = await stage('write', () => writeFiles(outDir, files));

// prettier time spent inside the types stage (when emitTypes formats) moves to "format".
const types = stages.find((s) => s.name === 'types');
const format = stages.find((s) => s.name === 'format');
format.ms += types.formatInsideMs;
types.ms -= types.formatInsideMs;
if (types.formatInsideMs > 0) {
  format.peakRssMiB = Math.max(format.peakRssMiB, types.formatPeakMiB);
  format.insideTypes = true;
}
const clientStage = stages.find((s) => s.name === 'client');
clientStage.skipped = client?.emitClient === undefined;

let check;
if (flags.includes('--check')) {
  const real = await generate(taxonomy);
  const same = real.length === files.length && real.every((f, i) => f.path === files[i].path && f.contents === files[i].contents);
  check = same
    ? 'identical'
    : `differs: ${real
        .filter((f) => files.find((g) => g.path === f.path)?.contents !== f.contents)
        .map((f) => f.path)
        .slice(0, 5)
        .join(', ')}`;
}

const out = {
  events: taxonomy.events.length,
  nodeStartMs: startedAt,
  importMs,
  stages: stages.map(({ formatInsideMs: _a, formatPeakMiB: _b, ...s }) => s),
  formatCalls: globalThis.__benchFormat?.calls ?? 0,
  formatLocation: generateFormats ? 'generate() formats types.ts' : 'emitTypes formats its declarations',
  bytes: { typesTs: Buffer.byteLength(typesFormatted), validatorsTs: Buffer.byteLength(validatorsSource), files: files.length, written: report.written.length },
  peakRssMiB: Math.max(processPeakKiB, hwmKiB()) / 1024,
  formatWindows: globalThis.__benchFormat.windows,
  hwmResetWorks: canReset,
  check,
};
process.stdout.write(JSON.stringify(out) + '\n');

function fail(diagnostics) {
  process.stderr.write(
    `the taxonomy did not load:\n${diagnostics
      .slice(0, 10)
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`)
      .join('\n')}\n`,
  );
  process.exit(1);
}
