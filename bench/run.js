// `npm run bench`: flokit-gen's performance against the figures in issue 6 (see bench/README.md).
// Every measurement runs in a fresh child process; this file only orchestrates, prints the tables and
// writes bench/results.json. Options:
//   --sizes=10,100,1000,5000   synthetic taxonomy sizes (events × 10 properties)
//   --rounds=3                 validator throughput rounds (each: every validator, valid and invalid)
//   --only=stages,cli,incremental,validators,client,commands   run only these sections (default: all)
//   --ndjson=1000000,4000000   NDJSON sizes for `flokit-gen validate` (4,000,000 events is about 1 GB)
//   --profile                  also CPU-profile the stage runner at the two largest sizes and print,
//                              per stage, the functions whose self time grows faster than the size
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventName, ensureTaxonomy, taxonomyYaml } from './lib/synth.js';
import { selfTimeByStage, top } from './lib/profile.js';
import { bundleSizes, bundleValidators, checkAgreement } from './lib/validators.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WORK = join(ROOT, '.bench'); // git-ignored: synthetic taxonomies, bundles, profiles
const option = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const SIZES = option('sizes', '10,100,1000,5000').split(',').map(Number);
const ROUNDS = Number(option('rounds', '3'));
const PROFILE = process.argv.includes('--profile');
const ONLY = new Set(option('only', 'stages,cli,incremental,validators,client,commands').split(','));
const NDJSON_SIZES = option('ndjson', '1000000,4000000').split(',').map(Number);
const want = (section) => ONLY.has(section);

// The issue's baselines and targets.
const TYPEWRITER_MS = { 10: 2500, 100: 3500, 1000: 32800, 5000: 300000 };
const ISSUE_FLOOR_MS = { 10: 300, 100: 700, 1000: 2200, 5000: 10000 };
const TARGET = { checkFloorRatio: 4, generateColdMs: 1500, validateEventsPerSecond: 100_000, clientOverheadUs: 5, clientBundleKiB: 25, clientOneEventKiB: 8, bufferedRequests: 100, bundledColdMs: 1500, ms1000: 6500, ms5000: 45000, rss5000MiB: 1536, incrementalMs: 1000, validatorRatio: 0.85, bundleKiB: 10 };
const STAGES = ['load', 'ir', 'schemas', 'types', 'format', 'validators', 'client', 'write'];

if (!existsSync(join(ROOT, 'dist/src/load/index.js'))) {
  console.error('dist/ is missing: run `npm run build` first (`npm run bench` does).');
  process.exit(1);
}

const startedAt = Date.now();
const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
const commit = `${git('rev-parse', '--short', 'HEAD') || 'unknown'}${git('status', '--porcelain', '--', 'src', 'templates') === '' ? '' : ' + uncommitted changes in src/ or templates/'}`;
const results = {
  startedAt: new Date(startedAt).toISOString(),
  commit,
  node: process.version,
  cpus: cpus().length,
  loadAvgAtStart: loadavg()[0],
  sizes: SIZES,
};
const log = (text) => process.stderr.write(`${text}\n`);
const say = (text = '') => process.stdout.write(`${text}\n`);

// ---------------------------------------------------------------------------------------------
// Child processes

function node(args, { cwd = ROOT } = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const last = r.stdout.trim().split('\n').at(-1);
  return { wallMs, json: last?.startsWith('{') ? JSON.parse(last) : undefined };
}

function scratch() {
  return mkdtempSync(join(tmpdir(), 'flokit-bench-'));
}

/** The CLI exactly as a user runs it, cold, with /usr/bin/time for the peak RSS. */
function cli(taxonomy, out, cwd) {
  const bin = join(ROOT, 'bin/flokit-gen.js');
  const args = ['generate', '-t', taxonomy, '-o', out];
  const timeFile = join(tmpdir(), `flokit-bench-time-${process.pid}`);
  const useTime = existsSync('/usr/bin/time');
  const command = useTime ? '/usr/bin/time' : process.execPath;
  const argv = useTime ? ['-f', '%M', '-o', timeFile, process.execPath, bin, ...args] : [bin, ...args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, argv, { cwd, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`flokit-gen ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const peakRssMiB = useTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)) / 1024 : NaN;
  rmSync(timeFile, { force: true });
  return { wallMs, peakRssMiB, output: r.stdout.trim() };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const reps = (size) => (size >= 5000 ? 1 : 3);

// ---------------------------------------------------------------------------------------------
// 1. Stages, floor and the CLI, per size

const taxonomies = Object.fromEntries(SIZES.map((n) => [n, ensureTaxonomy(WORK, n)]));
taxonomies.bundled = join(ROOT, 'taxonomy/flokit.yaml');
const COLUMNS = ['bundled', ...SIZES];
const eventsOf = {};

results.stages = {};
if (want('stages'))
  for (const key of COLUMNS) {
    const runs = [];
    for (let r = 0; r < reps(key === 'bundled' ? 0 : key); r++) {
      log(`stages: ${key} (run ${r + 1})`);
      const out = scratch();
      const check = r === 0 && (key === 'bundled' || key === SIZES[0]) ? ['--check'] : [];
      runs.push(node(['--expose-gc', '--import', './bench/lib/register-timing.js', 'bench/lib/stages.js', taxonomies[key], out, ...check]).json);
      rmSync(out, { recursive: true, force: true });
    }
    eventsOf[key] = runs[0].events;
    const stage = (name) => {
      const all = runs.map((x) => x.stages.find((s) => s.name === name));
      return {
        ms: median(all.map((s) => s.ms)),
        peakRssMiB: median(all.map((s) => s.peakRssMiB)),
        skipped: all[0].skipped === true,
        insideTypes: all[0].insideTypes === true,
      };
    };
    results.stages[key] = {
      events: runs[0].events,
      runs: runs.length,
      nodeStartMs: median(runs.map((x) => x.nodeStartMs)),
      importMs: median(runs.map((x) => x.importMs)),
      stages: Object.fromEntries(STAGES.map((s) => [s, stage(s)])),
      peakRssMiB: median(runs.map((x) => x.peakRssMiB)),
      formatLocation: runs[0].formatLocation,
      bytes: runs[0].bytes,
      check: runs[0].check,
      raw: runs.map(({ formatWindows: _, ...x }) => x),
    };
  }

results.floor = {};
results.cli = {};
if (want('cli'))
  for (const key of COLUMNS) {
    const floors = [];
    const clis = [];
    for (let r = 0; r < reps(key === 'bundled' ? 0 : key); r++) {
      log(`floor + CLI cold: ${key} (run ${r + 1})`);
      const out = scratch();
      const f = node(['bench/lib/floor.js', taxonomies[key], out]);
      floors.push({ wallMs: f.wallMs, ...f.json });
      rmSync(out, { recursive: true, force: true });
      // cwd without node_modules: no artefact cache is read or written, as on a first run.
      const cwd = scratch();
      clis.push(cli(taxonomies[key], join(cwd, 'out'), cwd));
      rmSync(cwd, { recursive: true, force: true });
    }
    results.floor[key] = {
      wallMs: median(floors.map((f) => f.wallMs)),
      parseMs: median(floors.map((f) => f.parseMs)),
      writeMs: median(floors.map((f) => f.writeMs)),
      raw: floors,
    };
    results.cli[key] = { wallMs: median(clis.map((c) => c.wallMs)), peakRssMiB: median(clis.map((c) => c.peakRssMiB)), raw: clis };
  }

// ---------------------------------------------------------------------------------------------
// 2. Incremental: 1,000 events, then one event's description changed

if (want('incremental')) {
  const n = 1000;
  log('incremental: CLI');
  const project = scratch(); // a project with node_modules/, so the CLI may keep its artefact cache
  mkdirSync(join(project, 'node_modules'));
  const bare = scratch(); // no node_modules/: no cache between runs
  const changed = taxonomyYaml(n, (i) => (i === n / 2 ? `Changed: ${eventName(i)} is now sent after the server confirms it.` : undefined));
  const before = taxonomyYaml(n);
  const beforePath = join(WORK, `incremental-before-${n}.yaml`);
  const afterPath = join(WORK, `incremental-after-${n}.yaml`);
  writeFileSync(beforePath, before);
  writeFileSync(afterPath, changed);
  const runIn = (dir) => {
    const taxonomy = join(dir, 'taxonomy.yaml');
    writeFileSync(taxonomy, before);
    const first = cli(taxonomy, join(dir, 'out'), dir);
    const unchanged = cli(taxonomy, join(dir, 'out'), dir);
    writeFileSync(taxonomy, changed);
    const afterChange = cli(taxonomy, join(dir, 'out'), dir);
    return { first, unchanged, afterChange, cacheFile: existsSync(join(dir, 'node_modules/.cache/flokit-gen')) };
  };
  const withCache = runIn(project);
  const withoutCache = runIn(bare);
  log('incremental: in process');
  const out = scratch();
  const inProcess = node(['bench/lib/incremental.js', beforePath, afterPath, out]).json;
  log('incremental: directory, as watch');
  const watchDir = scratch();
  const directory = node(['bench/lib/incremental-dir.js', beforePath, afterPath, watchDir, 'dir']).json;
  log('incremental: one file, as watch');
  const fileDir = scratch();
  const file = node(['bench/lib/incremental-dir.js', beforePath, afterPath, fileDir, 'file']).json;
  log('incremental: flokit-gen watch');
  const watchCliDir = scratch();
  const watch = node(['bench/lib/watch-cli.js', beforePath, afterPath, watchCliDir]).json;
  for (const dir of [project, bare, out, watchDir, fileDir, watchCliDir]) rmSync(dir, { recursive: true, force: true });
  results.incremental = { events: n, withCache, withoutCache, inProcess, directory, file, watch };
}

// ---------------------------------------------------------------------------------------------
// 3. Validator throughput and 4. bundle size

if (want('validators')) {
  log('validators: bundling and agreement check');
  const dir = join(WORK, 'validators');
  await bundleValidators(dir);
  const agreement = await checkAgreement(dir);
  const KINDS = ['hand', 'generated', 'hand-shared', 'ajv', 'ajv-first'];
  const runs = Object.fromEntries(KINDS.map((k) => [k, { valid: [], invalid: [] }]));
  // Each process settles at one of two speeds, at random (about 5.5 or 3.2 M/s on this machine, the
  // hand-written validators as much as the generated one; not the core, not V8's seeds). A ratio of
  // two such processes is noise, so each validator is judged by its best process over the rounds
  // (its fast mode), and the ratios compare bests; the medians are printed beside them.
  const rounds = Math.max(ROUNDS, 5);
  for (let round = 0; round < rounds; round++) {
    for (const kind of KINDS) {
      for (const set of ['valid', 'invalid']) {
        log(`validators: round ${round + 1}/${rounds} ${kind} ${set}`);
        const r = node(['bench/lib/throughput.js', kind, set, dir, '1000', '7', '200']).json;
        runs[kind][set].push(median(r.opsPerSecond));
      }
    }
  }
  const summary = {};
  for (const kind of KINDS) {
    summary[kind] = {};
    for (const set of ['valid', 'invalid']) {
      const best = (k) => Math.max(...runs[k][set]);
      summary[kind][set] = {
        opsPerSecond: best(kind),
        medianOpsPerSecond: median(runs[kind][set]),
        ratioToHand: best(kind) / best('hand'),
        ratioToHandShared: best(kind) / best('hand-shared'),
        perRound: runs[kind][set],
      };
    }
  }
  results.validators = { event: 'subscription_started', agreement, summary };
  log('bundle size');
  results.bundle = await bundleSizes();
}

// ---------------------------------------------------------------------------------------------
// 6. The generated client (issue 3)

if (want('client')) {
  const dir = join(WORK, 'client');
  log('client: bundling');
  const sizes = node(['bench/lib/client.js', 'bundle', dir]).json;
  const overheads = [];
  for (let r = 0; r < ROUNDS; r++) {
    log(`client: overhead round ${r + 1}/${ROUNDS}`);
    overheads.push(node(['bench/lib/client.js', 'overhead', dir]).json);
  }
  const http = {};
  for (const concurrency of [1, 16]) {
    const runs = [];
    for (let r = 0; r < ROUNDS; r++) {
      log(`client: HTTP, concurrency ${concurrency}, round ${r + 1}/${ROUNDS}`);
      runs.push(node(['bench/lib/client.js', 'http', dir, concurrency === 1 ? '2000' : '5000', String(concurrency)]).json);
    }
    http[concurrency] = { bareRps: median(runs.map((x) => x.bareRps)), clientRps: median(runs.map((x) => x.clientRps)), ratio: median(runs.map((x) => x.clientRps / x.bareRps)), raw: runs };
  }
  log('client: buffered, 100,000 events');
  const buffered = node(['bench/lib/client.js', 'buffered', dir, '100000']).json;
  results.client = {
    sizes,
    overhead: {
      buildValidateSerializeUs: median(overheads.map((o) => o.buildValidateSerializeUs)),
      stringifyOnlyUs: median(overheads.map((o) => o.stringifyOnlyUs)),
      trackUs: median(overheads.map((o) => o.trackUs)),
      raw: overheads,
    },
    http,
    buffered,
  };
}

// ---------------------------------------------------------------------------------------------
// 7. The commands as build scripts run them (issue 4): cold start beside `node -e ''`

/** Wall time and peak RSS of one command, spawned as a user would, output discarded. */
function timed(argv, cwd, stdoutFile = '/dev/null') {
  const timeFile = join(tmpdir(), `flokit-bench-cmd-${process.pid}`);
  const useTime = existsSync('/usr/bin/time');
  const shell = `${useTime ? `/usr/bin/time -f %M -o ${timeFile} ` : ''}${argv.map((a) => `'${a}'`).join(' ')} > ${stdoutFile}`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/bin/sh', ['-c', shell], { cwd, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const peakRssMiB = useTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)) / 1024 : NaN;
  rmSync(timeFile, { force: true });
  return { wallMs, peakRssMiB, status: r.status, stderr: r.stderr };
}

if (want('commands')) {
  const bin = join(ROOT, 'bin/flokit-gen.js');
  const flokit = (...args) => [process.execPath, bin, ...args];
  const project = scratch();
  mkdirSync(join(project, 'taxonomy'));
  writeFileSync(join(project, 'taxonomy/flokit.yaml'), readFileSync(join(ROOT, 'taxonomy/flokit.yaml')));
  const runs = (n, argv, prepare = () => undefined) =>
    Array.from({ length: n }, () => {
      prepare();
      return timed(argv, project);
    });
  log('commands: floor, --version, generate, check');
  const floor = runs(7, [process.execPath, '-e', '']);
  const version = runs(5, flokit('--version'));
  const generateCold = runs(5, flokit('generate'), () => rmSync(join(project, 'generated'), { recursive: true, force: true }));
  const generateUnchanged = runs(5, flokit('generate'));
  const checkFresh = runs(7, flokit('check'));
  // A comment edited in the YAML: the manifest no longer matches, so check regenerates to compare.
  writeFileSync(join(project, 'taxonomy/flokit.yaml'), `${readFileSync(join(ROOT, 'taxonomy/flokit.yaml'), 'utf8')}# edited\n`);
  const checkSlow = runs(3, flokit('check'));
  const failed = [...generateCold, ...generateUnchanged, ...checkFresh, ...checkSlow].find((r) => r.status !== 0);
  if (failed !== undefined) throw new Error(`a command failed: ${failed.stderr}`);
  log('commands: validate NDJSON');
  const validate = NDJSON_SIZES.map((events) => {
    const file = join(WORK, `validate-${events}.ndjson`);
    if (!existsSync(file)) node(['bench/lib/validate-ndjson.js', String(events)]); // writes the file once
    const r = timed(flokit('validate', '--format', 'json', '-t', join(ROOT, 'taxonomy'), file), project);
    return { events, fileMiB: statSync(file).size / 2 ** 20, wallMs: r.wallMs, eventsPerSecond: (events / r.wallMs) * 1000, peakRssMiB: r.peakRssMiB, exit: r.status };
  });
  rmSync(project, { recursive: true, force: true });
  const summary = (list) => ({ wallMs: median(list.map((r) => r.wallMs)), peakRssMiB: median(list.map((r) => r.peakRssMiB)) });
  results.commands = { floor: summary(floor), version: summary(version), generateCold: summary(generateCold), generateUnchanged: summary(generateUnchanged), checkFresh: summary(checkFresh), checkSlow: summary(checkSlow), validate };
}

// ---------------------------------------------------------------------------------------------
// Optional: profiles

if (PROFILE) {
  const sizes = SIZES.slice(-2);
  const byStage = {};
  for (const n of sizes) {
    log(`profile: ${n} events`);
    const dir = join(WORK, `profile-${n}`);
    rmSync(dir, { recursive: true, force: true });
    const out = scratch();
    const run = node([
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      '--expose-gc',
      '--import',
      './bench/lib/register-timing.js',
      'bench/lib/stages.js',
      taxonomies[n],
      out,
    ]).json;
    rmSync(out, { recursive: true, force: true });
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    byStage[n] = selfTimeByStage(join(dir, file), run.stages, run.formatWindows);
  }
  results.profile = {
    sizes,
    byStage: Object.fromEntries(Object.entries(byStage).map(([n, s]) => [n, Object.fromEntries(Object.entries(s).map(([k, m]) => [k, top(m, 15)]))])),
  };
}

results.elapsedMs = Date.now() - startedAt;
writeFileSync(join(ROOT, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');

// ---------------------------------------------------------------------------------------------
// Report

const fmt = {
  ms: (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`),
  mib: (m) => `${m.toFixed(0)} MiB`,
  x: (r) => `${r.toFixed(2)}×`,
  ops: (o) => `${(o / 1e6).toFixed(2)} M/s`,
  kib: (b) => `${(b / 1024).toFixed(2)} KiB`,
  ok: (good) => (good ? 'met' : 'MISSED'),
};

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? String(c ?? '').padEnd(widths[i]) : String(c ?? '').padStart(widths[i]))).join(' | ')} |`;
  say(line(header));
  say(`|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of rows) say(line(r));
  say();
}

const label = (key) => (key === 'bundled' ? `bundled (${eventsOf.bundled ?? 13} ev)` : `${key.toLocaleString('en')} ev`);
const st = results.stages;
const stageTotal = (key) => STAGES.reduce((sum, s) => sum + st[key].stages[s].ms, 0);
const stageLabel = {
  load: 'load (read+YAML+shape check)',
  ir: 'IR (buildIr)',
  schemas: 'schemas (+JSON.stringify)',
  types: 'types (json-schema-to-ts)',
  format: 'format (prettier on types)',
  validators: 'validators',
  client: 'client',
  write: 'write (writeFiles)',
};

say(`# flokit-gen bench — ${new Date(startedAt).toISOString()}`);
say(`code: ${commit} (dist/ as built before the run)`);
say(
  `node ${process.version}, ${cpus().length} CPUs, load average at start ${results.loadAvgAtStart.toFixed(2)} (anything else running makes numbers noisier); total ${(results.elapsedMs / 1000).toFixed(0)} s`,
);
say('Synthetic taxonomies: N events × 10 properties (bench/lib/synth.js); "bundled" is taxonomy/flokit.yaml.');
if (want('stages')) {
  say(`${st[SIZES[0]].formatLocation}. Stage outputs assembled by the bench vs generate(): bundled ${st.bundled.check}, ${SIZES[0]} ev ${st[SIZES[0]].check}.`);
  say();

  say('## 1a. Time per stage (fresh process per size; median of 3 runs, 1 at 5,000)');
  table(
    ['stage', ...COLUMNS.map(label)],
    [
      ['node start (before our code)', ...COLUMNS.map((k) => fmt.ms(st[k].nodeStartMs))],
      ['imports (dist, jstt, prettier, yaml)', ...COLUMNS.map((k) => fmt.ms(st[k].importMs))],
      ...STAGES.map((s) => [
        stageLabel[s] + (s === 'format' && st[SIZES[0]].stages.format.insideTypes ? ' ¹' : ''),
        ...COLUMNS.map((k) => (st[k].stages[s].skipped ? 'not emitted yet' : fmt.ms(st[k].stages[s].ms))),
      ]),
      ['sum of stages', ...COLUMNS.map((k) => fmt.ms(stageTotal(k)))],
      ['whole process (start+imports+stages)', ...COLUMNS.map((k) => fmt.ms(st[k].nodeStartMs + st[k].importMs + stageTotal(k)))],
    ],
  );
  if (st[SIZES[0]].stages.format.insideTypes)
    say('¹ emitTypes calls prettier itself; the bench times those calls (bench/lib/prettier-timed.js) and moves them from "types" to "format".\n');

  say('## 1b. Linearity: µs per event, and the growth exponent k (time ∝ events^k; 1 = linear, > 1.15 flagged)');
  const pairs = SIZES.slice(1).map((n, i) => [SIZES[i], n]);
  const exponent = (a, b, ta, tb) => Math.log(tb / ta) / Math.log(b / a);
  table(
    ['stage', ...SIZES.map((n) => `µs/ev @${n}`), ...pairs.map(([a, b]) => `k ${a}→${b}`)],
    STAGES.filter((s) => !st[SIZES[0]].stages[s].skipped)
      .map((s) => [
        s,
        ...SIZES.map((n) => ((st[n].stages[s].ms * 1000) / n).toFixed(0)),
        ...pairs.map(([a, b]) => {
          const k = exponent(a, b, st[a].stages[s].ms, st[b].stages[s].ms);
          return `${k.toFixed(2)}${k > 1.15 ? ' SUPERLINEAR' : ''}`;
        }),
      ])
      .concat([
        [
          'all stages',
          ...SIZES.map((n) => ((stageTotal(n) * 1000) / n).toFixed(0)),
          ...pairs.map(([a, b]) => {
            const k = exponent(a, b, stageTotal(a), stageTotal(b));
            return `${k.toFixed(2)}${k > 1.15 ? ' SUPERLINEAR' : ''}`;
          }),
        ],
      ]),
  );

  say('## 1c. Peak RSS during each stage (RSS high-water mark reset before the stage; whole process last)');
  table(
    ['stage', ...COLUMNS.map(label)],
    [
      ...STAGES.filter((s) => !st[SIZES[0]].stages[s].skipped).map((s) => [s, ...COLUMNS.map((k) => fmt.mib(st[k].stages[s].peakRssMiB))]),
      ['whole process (max over the run)', ...COLUMNS.map((k) => fmt.mib(st[k].peakRssMiB))],
    ],
  );
}

if (want('cli')) {
  say('## 2. Whole CLI, cold (`node bin/flokit-gen.js generate -t <file> -o <tmp>`, fresh cwd, no cache) vs the floor and Typewriter');
  table(
    [
      'taxonomy',
      'floor (node+yaml+schema JSON)',
      'issue floor',
      'CLI cold',
      'CLI / floor',
      'CLI peak RSS',
      'Typewriter',
      'CLI / Typewriter',
      'target',
      'verdict',
    ],
    COLUMNS.map((k) => {
      const c = results.cli[k];
      const f = results.floor[k];
      const tw = TYPEWRITER_MS[k];
      let target = '';
      let verdict = '';
      if (k === 'bundled') [target, verdict] = [`< ${fmt.ms(TARGET.bundledColdMs)}`, fmt.ok(c.wallMs < TARGET.bundledColdMs)];
      if (k === 1000) [target, verdict] = [`< ${fmt.ms(TARGET.ms1000)}`, fmt.ok(c.wallMs < TARGET.ms1000)];
      if (k === 5000) [target, verdict] = [`< 45 s, < 1.5 GiB`, `${fmt.ok(c.wallMs < TARGET.ms5000)} / ${fmt.ok(c.peakRssMiB < TARGET.rss5000MiB)}`];
      return [
        label(k),
        fmt.ms(f.wallMs),
        ISSUE_FLOOR_MS[k] ? fmt.ms(ISSUE_FLOOR_MS[k]) : '',
        fmt.ms(c.wallMs),
        fmt.x(c.wallMs / f.wallMs),
        fmt.mib(c.peakRssMiB),
        tw ? (k === 5000 ? '> 300 s' : fmt.ms(tw)) : '',
        tw ? (k === 5000 ? `< ${fmt.x(c.wallMs / tw)}` : fmt.x(c.wallMs / tw)) : '',
        target,
        verdict,
      ];
    }),
  );
  say('"CLI / Typewriter" below 1 means faster; the 1,000-event target (6.5 s) is 3× the issue\'s floor and 5× faster than Typewriter.\n');
}

if (want('incremental')) {
  const inc = results.incremental;
  say(`## 3. Incremental: ${inc.events.toLocaleString('en')} events generated, then one event's description changed (target < 1 s)`);
  table(
    ['measurement', 'time', 'vs target 1 s', 'note'],
    [
      ['CLI, first run (no cache yet)', fmt.ms(inc.withCache.first.wallMs), '', 'project with node_modules/'],
      [
        'CLI, rerun, nothing changed',
        fmt.ms(inc.withCache.unchanged.wallMs),
        fmt.x(inc.withCache.unchanged.wallMs / TARGET.incrementalMs),
        inc.withCache.cacheFile ? 'artefact cache on disk' : 'no cache written',
      ],
      [
        'CLI, rerun after the change',
        fmt.ms(inc.withCache.afterChange.wallMs),
        fmt.x(inc.withCache.afterChange.wallMs / TARGET.incrementalMs),
        inc.withCache.afterChange.output.replace(/^.*: /, ''),
      ],
      [
        'CLI, rerun after the change, no node_modules/ (no cache)',
        fmt.ms(inc.withoutCache.afterChange.wallMs),
        fmt.x(inc.withoutCache.afterChange.wallMs / TARGET.incrementalMs),
        '',
      ],
      ['in process: loadTaxonomy(changed file)', fmt.ms(inc.inProcess.loadAfterMs), '', 'warm process'],
      ['in process: generate() first call (cold)', fmt.ms(inc.inProcess.coldGenerateMs), '', ''],
      [
        'in process: generate(changed), warm, no cache',
        fmt.ms(inc.inProcess.warmGenerateAfterMs),
        fmt.x(inc.inProcess.warmGenerateAfterMs / TARGET.incrementalMs),
        '',
      ],
      [
        'in process: generate(changed, { cache }), warm',
        inc.inProcess.cacheSupported ? fmt.ms(inc.inProcess.cachedGenerateAfterMs) : 'no cache option',
        inc.inProcess.cacheSupported ? fmt.x(inc.inProcess.cachedGenerateAfterMs / TARGET.incrementalMs) : '',
        inc.inProcess.cacheSupported ? `same bytes as without cache: ${inc.inProcess.cachedOutputIdentical}` : '',
      ],
      ['in process: writeFiles after the change', fmt.ms(inc.inProcess.writeAfterMs), '', `${inc.inProcess.filesWritten} files rewritten`],
      [
        'in process: load + generate(cache) + write',
        fmt.ms(inc.inProcess.loadAfterMs + inc.inProcess.cachedGenerateAfterMs + inc.inProcess.writeAfterMs),
        fmt.x((inc.inProcess.loadAfterMs + inc.inProcess.cachedGenerateAfterMs + inc.inProcess.writeAfterMs) / TARGET.incrementalMs),
        '',
      ],
      ...[
        [`one file, as watch`, inc.file, 'only the edited event is parsed'],
        [`directory of ${inc.directory.files} files, as watch`, inc.directory, 'only the edited file is parsed'],
      ].flatMap(([layout, r, parsed]) => [
        ...[
          [`load (${parsed})`, r.loadMs],
          ['generate(cache) + manifest', r.generateMs],
          ['write', r.writeMs],
        ].map(([what, ms]) => [`${layout}: ${what}`, fmt.ms(ms), '', 'median of 5 edits']),
        [`${layout}: whole regeneration`, fmt.ms(r.totalMs), fmt.x(r.totalMs / TARGET.incrementalMs), `${r.written} files rewritten`],
      ]),
      [
        '`flokit-gen watch` on the one file: time it prints per save',
        fmt.ms(inc.watch.medianMs),
        fmt.x(inc.watch.medianMs / TARGET.incrementalMs),
        `median of 5 saves (${inc.watch.edits.map((e) => e.ms).join(', ')} ms); first run ${fmt.ms(inc.watch.first.ms)}; ${inc.watch.written} files rewritten`,
      ],
    ],
  );
}

if (want('validators')) {
  const v = results.validators;
  say(`## 4. Validator throughput: ${v.event} (8 properties), ops/s of the best of ${v.summary.generated.valid.perRound.length} interleaved rounds (a fresh process each, the median of its 7 runs)`);
  say(
    `Agreement before timing: ${v.agreement.problems.length === 0 ? `hand-written = generated (identical results) and ajv verdicts equal on ${v.agreement.payloads} payloads; date-time parsers equal on ${v.agreement.dateTimeStrings} strings` : `PROBLEMS: ${v.agreement.problems.slice(0, 3).join('; ')}`}`,
  );
  const vname = {
    hand: 'hand-written (the limit)',
    generated: 'generated validateSubscriptionStarted',
    'hand-shared': 'hand-written + runtime isDateTime',
    ajv: 'ajv 2020 strict, allErrors, formats full',
    'ajv-first': 'ajv 2020 strict, first error, formats full',
  };
  table(
    ['validator', 'valid ops/s: best (median)', '× hand', '× hand+rt', 'invalid ops/s: best (median)', '× hand', '× hand+rt', 'target'],
    Object.entries(v.summary).map(([kind, s]) => [
      vname[kind],
      `${fmt.ops(s.valid.opsPerSecond)} (${fmt.ops(s.valid.medianOpsPerSecond)})`,
      fmt.x(s.valid.ratioToHand),
      fmt.x(s.valid.ratioToHandShared),
      `${fmt.ops(s.invalid.opsPerSecond)} (${fmt.ops(s.invalid.medianOpsPerSecond)})`,
      fmt.x(s.invalid.ratioToHand),
      fmt.x(s.invalid.ratioToHandShared),
      kind === 'generated'
        ? // Against the faster of the two hand-written validators (see bench/README.md §4).
          `≥ 0.85× both: ${fmt.ok(Math.min(s.valid.ratioToHand, s.valid.ratioToHandShared) >= TARGET.validatorRatio)} / ${fmt.ok(Math.min(s.invalid.ratioToHand, s.invalid.ratioToHandShared) >= TARGET.validatorRatio)}`
        : '',
    ]),
  );

  say(
    '"× hand": to the hand-written limit (its own char-code RFC 3339 parser). "× hand+rt": to the same hand-written code calling the\nruntime\'s formats.isDateTime, as the generated code does: it separates the emitted code from the cost of the shared format function.\nThe target is checked against both: whichever hand-written validator is faster is the limit.\n',
  );

  const b = results.bundle;
  say('## 5. Validator code size (esbuild bundle of generated/validators.ts with its runtime, minified, gzip -9)');
  table(
    ['bundle', 'minified', 'gzipped', 'target', 'verdict'],
    [
      [
        'whole validators module',
        fmt.kib(b.whole.minifiedBytes),
        fmt.kib(b.whole.gzipBytes),
        '< 10 KiB',
        `${fmt.ok(b.whole.gzipBytes < TARGET.bundleKiB * 1024)} (${fmt.x(b.whole.gzipBytes / (TARGET.bundleKiB * 1024))} of target)`,
      ],
      [
        'only validatePaywallViewed',
        fmt.kib(b.validatePaywallViewed.minifiedBytes),
        fmt.kib(b.validatePaywallViewed.gzipBytes),
        'tree-shaken',
        b.validatePaywallViewed.minifiedBytes < b.whole.minifiedBytes / 2 && !b.oneContainsOthers ? 'other events dropped' : 'NOT tree-shaken',
      ],
      ['only validateEvent (dispatch)', fmt.kib(b.validateEvent.minifiedBytes), fmt.kib(b.validateEvent.gzipBytes), '', ''],
    ],
  );
}

if (results.client) {
  const c = results.client;
  const us = (x) => `${x.toFixed(2)} µs`;
  say('## 6. The generated client: subscription_started (8 properties), median of rounds, fresh process each');
  table(
    ['measure', 'value', 'floor / limit', 'target', 'verdict'],
    [
      ['build + validate + JSON.stringify, per event', us(c.overhead.buildValidateSerializeUs), `${us(c.overhead.stringifyOnlyUs)} JSON.stringify alone`, '< 5 µs', fmt.ok(c.overhead.buildValidateSerializeUs < TARGET.clientOverheadUs)],
      ['whole track() call, instant transport', us(c.overhead.trackUs), '', '', 'info'],
      ...[1, 16].map((k) => [`requests/s, direct mode, ${k} in flight`, c.http[k].clientRps.toFixed(0), `${c.http[k].bareRps.toFixed(0)} bare fetch`, '', `${fmt.x(c.http[k].ratio)} of bare fetch`]),
      ['buffered: 100,000 events', `${c.buffered.requests} requests`, `${(c.buffered.ms / 1000).toFixed(2)} s, ${c.buffered.eventsPerSecond.toFixed(0)} events/s`, '≤ 100 requests', fmt.ok(c.buffered.requests <= TARGET.bufferedRequests && c.buffered.stored === 100000)],
      ['bundle: createFloKitClient (all events)', fmt.kib(c.sizes.whole.gzipped), `${fmt.kib(c.sizes.whole.minified)} minified`, '< 25 KiB min+gz', fmt.ok(c.sizes.whole.gzipped < TARGET.clientBundleKiB * 1024)],
      ['bundle: one event (track, build, configure)', fmt.kib(c.sizes.oneEvent.gzipped), `${fmt.kib(c.sizes.oneEvent.minified)} minified`, '< 8 KiB min+gz', fmt.ok(c.sizes.oneEvent.gzipped < TARGET.clientOneEventKiB * 1024)],
    ],
  );
}

if (results.commands) {
  const c = results.commands;
  const floorMs = c.floor.wallMs;
  const row = (label, r, target, ok) => [label, fmt.ms(r.wallMs), fmt.x(r.wallMs / floorMs), fmt.mib(r.peakRssMiB), target, ok === undefined ? '' : fmt.ok(ok)];
  say("## 7. Commands cold, as build scripts run them (bundled taxonomy; median; fresh process each; × is the ratio to `node -e ''`)");
  table(
    ['command', 'wall', '× floor', 'peak RSS', 'target', 'verdict'],
    [
      row("node -e '' (the floor)", c.floor, '', undefined),
      row('flokit-gen --version', c.version, '', undefined),
      row('flokit-gen check, unchanged tree', c.checkFresh, `< ${TARGET.checkFloorRatio}× floor`, c.checkFresh.wallMs < TARGET.checkFloorRatio * floorMs),
      row('flokit-gen check, YAML comment edited (regenerates)', c.checkSlow, '', undefined),
      row('flokit-gen generate, first run', c.generateCold, '< 1.5 s', c.generateCold.wallMs < TARGET.generateColdMs),
      row('flokit-gen generate, nothing changed', c.generateUnchanged, '', undefined),
    ],
  );
  table(
    ['flokit-gen validate (NDJSON, --format json)', 'file', 'wall', 'events/s', 'peak RSS', 'target', 'verdict'],
    c.validate.map((v) => [`${v.events.toLocaleString('en')} events`, fmt.mib(v.fileMiB), fmt.ms(v.wallMs), v.eventsPerSecond.toFixed(0), fmt.mib(v.peakRssMiB), '≥ 100,000/s, flat RSS', fmt.ok(v.eventsPerSecond >= TARGET.validateEventsPerSecond)]),
  );
}

if (results.profile) {
  const [a, bSize] = results.profile.sizes;
  say(`## Profile: top self time per stage at ${a} and ${bSize} events (--cpu-prof); SUPERLINEAR = grows > 1.5 × ${bSize / a}× and > 100 ms`);
  for (const s of STAGES) {
    const small = new Map(results.profile.byStage[a][s]);
    const rows = results.profile.byStage[bSize][s].slice(0, 8).map(([fn, ms]) => {
      const growth = small.get(fn) ? ms / small.get(fn) : NaN;
      return [
        s,
        fn,
        fmt.ms(small.get(fn) ?? 0),
        fmt.ms(ms),
        Number.isNaN(growth) ? '' : `${fmt.x(growth)}${growth > (bSize / a) * 1.5 && ms > 100 ? ' SUPERLINEAR' : ''}`,
      ];
    });
    if (rows.length > 0) table(['stage', 'function (self time)', `@${a}`, `@${bSize}`, 'growth'], rows);
  }
}
say(`Raw numbers: bench/results.json. How to read them: bench/README.md.`);
