// `node bench/coverage.js`: issue 18's speed target. `flokit-gen coverage` on a generated project of
// 2,000 user files (the bundled taxonomy's output, and modules that call it through helpers, client
// methods, wrappers, re-exports and bind, among ordinary code) against `tsc --noEmit` on the same
// project: at most 1.5×. Both run cold in fresh processes, interleaved, median of --rounds (3).
// Options: --files=2000 --rounds=3. Needs dist/ (`npm run build`). Writes .bench/coverage.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCoverageProject } from './lib/coverage-project.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const option = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const FILES = option('files', 2000);
const ROUNDS = option('rounds', 3);
const TARGET = 1.5;
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const BIN = join(ROOT, 'bin/flokit-gen.js');

if (!existsSync(join(ROOT, 'dist/src/coverage/analyze.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}

const dir = join(ROOT, '.bench', `coverage-${FILES}`);
mkdirSync(dir, { recursive: true });
const planted = writeCoverageProject(dir, FILES, ROOT);

function timed(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tsc = [];
const coverage = [];
let report;
for (let round = 0; round < ROUNDS; round++) {
  const t = timed([TSC, '--noEmit', '-p', 'tsconfig.json']);
  if (t.status !== 0) throw new Error(`tsc found errors in the bench project:\n${t.stdout.slice(0, 2000)}`);
  tsc.push(t.ms);
  const c = timed([BIN, 'coverage', '--format', 'json', '-t', join(ROOT, 'taxonomy')]);
  if (c.status !== 0) throw new Error(`coverage failed (${c.status}):\n${c.stderr}`);
  coverage.push(c.ms);
  report = JSON.parse(c.stdout);
  process.stderr.write(`round ${round + 1}: tsc ${t.ms.toFixed(0)} ms, coverage ${c.ms.toFixed(0)} ms\n`);
}

const sites = report.events.reduce((n, e) => n + e.sites.length, 0);
const ratio = median(coverage) / median(tsc);
const result = {
  files: FILES,
  rounds: ROUNDS,
  loadAvgAtStart: loadavg()[0],
  tscMs: median(tsc),
  coverageMs: median(coverage),
  ratio,
  target: TARGET,
  met: ratio <= TARGET,
  sites,
  plantedSites: planted,
  unresolved: report.summary.unresolved,
};
writeFileSync(join(ROOT, '.bench', 'coverage.json'), `${JSON.stringify({ ...result, tsc, coverage }, null, 2)}\n`);
console.log(`## coverage on ${FILES.toLocaleString('en')} files (median of ${ROUNDS}; load average ${result.loadAvgAtStart.toFixed(1)})`);
console.log('| command | wall | × tsc --noEmit | target | met? |');
console.log('| --- | --- | --- | --- | --- |');
console.log(`| tsc --noEmit (TypeScript ${createRequire(import.meta.url)('typescript/package.json').version}) | ${result.tscMs.toFixed(0)} ms | 1.00× | | |`);
console.log(`| flokit-gen coverage | ${result.coverageMs.toFixed(0)} ms | ${ratio.toFixed(2)}× | ≤ ${TARGET}× | ${result.met ? 'yes' : 'NO'} |`);
console.log(`Sites found: ${sites} (planted: ${planted}); unresolved: ${result.unresolved}.`);
if (sites !== planted || result.unresolved !== 0) {
  console.error('the report does not match the planted sites');
  process.exit(1);
}
