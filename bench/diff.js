// `npm run bench:diff` (issue 15): on 1,000-event taxonomies, what `flokit-gen diff` costs over
// loading both sides, the baseline the issue names (target: diff ≤ 1.5× loading both sides).
// Base: the synthetic 1,000-event bench taxonomy (bench/lib/synth.js); head: the same with a change
// in every event (a third get a new description, every `minLength: 1` becomes 2, the version goes up).
//   in-process: median of 7 rounds, each loading both sides, then comparing them (dist/ build)
//   cold CLI:   median of 5 `flokit-gen diff base.yaml head.yaml --format json` processes against
//               5 processes that only load both sides (same modules, same files)
// Prints a table and one JSON line.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { taxonomyYaml } from './lib/synth.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIR = join(ROOT, '.bench', 'diff');
const EVENTS = 1000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

mkdirSync(DIR, { recursive: true });
const basePath = join(DIR, 'base.yaml');
const headPath = join(DIR, 'head.yaml');
writeFileSync(basePath, taxonomyYaml(EVENTS));
writeFileSync(headPath, taxonomyYaml(EVENTS, (i) => (i % 3 === 0 ? `Changed description ${i}.` : undefined)).replace('version: 1.0.0', 'version: 2.0.0').replaceAll('minLength: 1', 'minLength: 2'));

const { loadTaxonomy } = await import(pathToFileURL(join(ROOT, 'dist/src/index.js')).href);
const { diffTaxonomies } = await import(pathToFileURL(join(ROOT, 'dist/src/diff/index.js')).href);

const loads = [];
const diffs = [];
let changes = 0;
for (let round = 0; round < 7; round++) {
  const t0 = performance.now();
  const base = loadTaxonomy(basePath).taxonomy;
  const head = loadTaxonomy(headPath).taxonomy;
  const t1 = performance.now();
  changes = diffTaxonomies(base, head).changes.length;
  const t2 = performance.now();
  loads.push(t1 - t0);
  diffs.push(t2 - t1);
}

const LOAD_ONLY = `const { loadTaxonomy } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/index.js')).href)}); await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/diff/index.js')).href)}); for (const p of process.argv.slice(1)) if (!loadTaxonomy(p).taxonomy) process.exit(1);`;
const time = (args) => {
  const t0 = performance.now();
  execFileSync(process.execPath, args, { cwd: DIR, stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - t0;
};
const cliLoad = [];
const cliDiff = [];
for (let round = 0; round < 5; round++) {
  cliLoad.push(time(['--input-type=module', '-e', LOAD_ONLY, basePath, headPath]));
  cliDiff.push(time([join(ROOT, 'bin/flokit-gen.js'), 'diff', basePath, headPath, '--format', 'json']));
}

const load = median(loads);
const compare = median(diffs);
const result = {
  events: EVENTS,
  changes,
  inProcess: { loadBothMs: Math.round(load), compareMs: Math.round(compare), ratio: Number(((load + compare) / load).toFixed(3)) },
  cli: { loadBothMs: Math.round(median(cliLoad)), diffMs: Math.round(median(cliDiff)), ratio: Number((median(cliDiff) / median(cliLoad)).toFixed(3)) },
  target: 1.5,
};
console.log(`diff of two ${EVENTS}-event taxonomies (${changes} changes)`);
console.log(`  in process: load both ${result.inProcess.loadBothMs} ms, compare ${result.inProcess.compareMs} ms → diff / load both = ${result.inProcess.ratio}× (target ≤ 1.5×)`);
console.log(`  cold CLI:   load both ${result.cli.loadBothMs} ms, flokit-gen diff ${result.cli.diffMs} ms → ${result.cli.ratio}× (target ≤ 1.5×)`);
console.log(JSON.stringify(result));
