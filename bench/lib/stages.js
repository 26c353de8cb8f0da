// One size, one fresh process: runs the generator stage by stage through flokit-gen's compiled
// modules in dist/, and prints one JSON line with each stage's wall time and peak RSS.
//
//   node --expose-gc bench/lib/stages.js <taxonomy.yaml> <empty out dir> [--check]
//
// The emit stages are not copied here: the runner computes `contentHashes(taxonomy)` and then calls
// `stage.run(taxonomy, hashes)` for each entry of `STAGES` (dist/src/generate.js), the list
// generate() itself runs, in its order; so this table cannot drift from the generator. Around them:
// load (`loadRawTaxonomy`), IR (`buildIr`) and write (`writeFiles` of the files sorted by path).
//
// Memory: before each stage the heap is collected (gc, outside the timing) and the kernel's RSS
// high-water mark is reset (`5` → /proc/self/clear_refs), so `peakRssMiB` is the process's peak
// during that stage alone; `heapAfterMiB` is what the stage's result keeps alive.
// `--check` also runs the real generate() and compares its files with the ones assembled here.
// Exit 3 with a one-line JSON `{ "error": ... }` when dist/ has no STAGES (generator not rewritten yet).
const startedAt = performance.now(); // ms since the process started: node's own start-up

import { readFileSync, writeFileSync } from 'node:fs';

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
let processPeakKiB = 0; // resetting the high-water mark resets ru_maxrss too: keep the maximum here
async function stage(name, fn) {
  processPeakKiB = Math.max(processPeakKiB, hwmKiB());
  gc();
  gc();
  resetHwm();
  const rssBefore = process.memoryUsage().rss;
  const startUs = Number(process.hrtime.bigint() / 1000n); // same clock as --cpu-prof's timestamps
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const endUs = Number(process.hrtime.bigint() / 1000n);
  const peakKiB = canReset ? hwmKiB() : process.resourceUsage().maxRSS;
  processPeakKiB = Math.max(processPeakKiB, peakKiB);
  gc();
  stages.push({ name, ms, startUs, endUs, peakRssMiB: peakKiB / 1024, rssBeforeMiB: rssBefore / 2 ** 20, heapAfterMiB: process.memoryUsage().heapUsed / 2 ** 20 });
  return value;
}

const importStart = performance.now();
const generateModule = await import(new URL('generate.js', dist));
const { STAGES, generate } = generateModule;
if (!Array.isArray(STAGES) || STAGES.length === 0 || STAGES.some((s) => typeof s?.name !== 'string' || typeof s?.run !== 'function')) {
  process.stdout.write(
    JSON.stringify({
      error:
        'dist/src/generate.js exports no STAGES (an array of { name, run(taxonomy, hashes) }): the stage table needs the rewritten generator (issue 13). Rebuild with `npm run build`, or run the other sections (--only=cli,typewriter,watch,...).',
    }) + '\n',
  );
  process.exit(3);
}
const { loadRawTaxonomy, DEFAULT_LIMITS } = await import(new URL('load/index.js', dist));
const { buildIr } = await import(new URL('model/build-ir.js', dist));
const { contentHashes } = await import(new URL('emit/hashes.js', dist));
const { writeFiles } = await import(new URL('output.js', dist));
const importMs = performance.now() - importStart;

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
const hashes = await stage('hashes', () => contentHashes(taxonomy));
const files = [];
const bytes = {};
for (const s of STAGES) {
  // Synchronous by contract; awaited all the same, so a stage that returns a promise is timed whole.
  const out = await stage(s.name, () => s.run(taxonomy, hashes));
  files.push(...out);
  bytes[s.name] = out.reduce((sum, f) => sum + Buffer.byteLength(f.contents), 0);
}
files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
const report = await stage('write', () => writeFiles(outDir, files));

let check;
if (flags.includes('--check')) {
  const real = await generate(taxonomy);
  const same = real.length === files.length && real.every((f, i) => f.path === files[i].path && f.contents === files[i].contents);
  const differing = [...real.map((f) => f.path), ...files.map((f) => f.path)].filter((p, i, all) => all.indexOf(p) === i && real.find((f) => f.path === p)?.contents !== files.find((f) => f.path === p)?.contents);
  check = same ? 'identical' : `differs: ${differing.slice(0, 5).join(', ')}`;
}

process.stdout.write(
  JSON.stringify({
    events: taxonomy.events.length,
    nodeStartMs: startedAt,
    importMs,
    stageNames: STAGES.map((s) => s.name),
    stages,
    bytes: { ...bytes, files: files.length, written: report.written.length },
    peakRssMiB: Math.max(processPeakKiB, hwmKiB()) / 1024,
    hwmResetWorks: canReset,
    check,
  }) + '\n',
);

function fail(diagnostics) {
  process.stderr.write(
    `the taxonomy did not load:\n${diagnostics
      .slice(0, 10)
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`)
      .join('\n')}\n`,
  );
  process.exit(1);
}
