// `node bench/coverage.js`: issue 18's speed target. `flokit-gen coverage` on a generated project of
// 2,000 user files (the bundled taxonomy's output, and modules that call it through helpers, client
// methods, wrappers, re-exports and bind, among ordinary code) against `tsc --noEmit` on the same
// project: at most 1.5×. Both run cold in fresh processes, interleaved, median of --rounds (3).
// Options: --files=2000 --rounds=3. Needs dist/ (`npm run build`). Writes .bench/coverage.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

const USE_TIME = existsSync('/usr/bin/time');
/**
 * Wall time from spawn to exit, and (under /usr/bin/time, where there is one) CPU time and peak
 * RSS: on a machine shared with other work, CPU time is the steadier of the two.
 */
function timed(args) {
  const stats = join(dir, '.time');
  const command = USE_TIME ? '/usr/bin/time' : process.execPath;
  const argv = USE_TIME ? ['-f', '%U %S %M', '-o', stats, process.execPath, ...args] : args;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, argv, { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const [user, system, rssKiB] = USE_TIME ? readFileSync(stats, 'utf8').trim().split('\n').at(-1).split(' ').map(Number) : [NaN, NaN, NaN];
  return { ms, cpuMs: (user + system) * 1000, rssMiB: rssKiB / 1024, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tsc = [];
const coverage = [];
let report;
for (let round = 0; round < ROUNDS; round++) {
  const t = timed([TSC, '--noEmit', '-p', 'tsconfig.json']);
  if (t.status !== 0) throw new Error(`tsc found errors in the bench project:\n${t.stdout.slice(0, 2000)}`);
  tsc.push(t);
  const c = timed([BIN, 'coverage', '--format', 'json', '-t', join(ROOT, 'taxonomy')]);
  if (c.status !== 0) throw new Error(`coverage failed (${c.status}):\n${c.stderr}`);
  coverage.push(c);
  report = JSON.parse(c.stdout);
  process.stderr.write(`round ${round + 1}: tsc ${t.ms.toFixed(0)} ms (CPU ${t.cpuMs.toFixed(0)} ms), coverage ${c.ms.toFixed(0)} ms (CPU ${c.cpuMs.toFixed(0)} ms)\n`);
}

const sites = report.events.reduce((n, e) => n + e.sites.length, 0);
const of = (runs, key) => median(runs.map((r) => r[key]));
const ratio = of(coverage, 'ms') / of(tsc, 'ms');
const cpuRatio = of(coverage, 'cpuMs') / of(tsc, 'cpuMs');
const result = {
  files: FILES,
  rounds: ROUNDS,
  loadAvgAtStart: loadavg()[0],
  tscMs: of(tsc, 'ms'),
  coverageMs: of(coverage, 'ms'),
  ratio,
  tscCpuMs: of(tsc, 'cpuMs'),
  coverageCpuMs: of(coverage, 'cpuMs'),
  cpuRatio,
  tscRssMiB: of(tsc, 'rssMiB'),
  coverageRssMiB: of(coverage, 'rssMiB'),
  target: TARGET,
  met: ratio <= TARGET,
  sites,
  plantedSites: planted,
  unresolved: report.summary.unresolved,
};
const strip = ({ ms, cpuMs, rssMiB }) => ({ ms, cpuMs, rssMiB });
writeFileSync(join(ROOT, '.bench', 'coverage.json'), `${JSON.stringify({ ...result, tsc: tsc.map(strip), coverage: coverage.map(strip) }, null, 2)}\n`);
const row = (what, wall, cpu, rss, x, cx, target, met) => `| ${what} | ${wall.toFixed(0)} ms | ${x} | ${cpu.toFixed(0)} ms | ${cx} | ${rss.toFixed(0)} MiB | ${target} | ${met} |`;
console.log(`## coverage on ${FILES.toLocaleString('en')} files (median of ${ROUNDS}, interleaved; load average ${result.loadAvgAtStart.toFixed(1)})`);
console.log('| command | wall | × tsc | CPU | × tsc | peak RSS | target | met? |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
console.log(row(`tsc --noEmit (TypeScript ${createRequire(import.meta.url)('typescript/package.json').version})`, result.tscMs, result.tscCpuMs, result.tscRssMiB, '1.00×', '1.00×', '', ''));
console.log(row('flokit-gen coverage', result.coverageMs, result.coverageCpuMs, result.coverageRssMiB, `${ratio.toFixed(2)}×`, `${cpuRatio.toFixed(2)}×`, `≤ ${TARGET}× (wall)`, result.met ? 'yes' : 'NO'));
console.log(`Sites found: ${sites} (planted: ${planted}); unresolved: ${result.unresolved}.`);
if (sites !== planted || result.unresolved !== 0) {
  console.error('the report does not match the planted sites');
  process.exit(1);
}
