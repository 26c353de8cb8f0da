// `npm run bench`: flokit-gen's speed as issue 13 ("Speed after the change") asks for it, beside the
// floor and Segment Typewriter, plus the validator, client and command figures of issues 3, 4 and 6
// (see bench/README.md). Every measurement runs in a fresh child process; this file only
// orchestrates, prints the tables and writes bench/results.json. Options:
//   --sizes=10,100,1000,5000   synthetic taxonomy sizes (events × 10 properties)
//   --rounds=3                 rounds of the client measurements (validators: at least 5)
//   --only=stages,cli,typewriter,watch,validators,client,commands   run only these sections (default: all)
//   --typewriter-sizes=10,100,1000   sizes Typewriter builds (default: those of --sizes up to 1,000)
//   --watch-sizes=1000,5000    sizes watched (default: those of --sizes among 1,000 and 5,000, else the largest)
//   --ndjson=1000000,4000000   NDJSON sizes for `flokit-gen validate` (section commands)
//   --profile                  also CPU-profile the stage runner at the two largest sizes
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventName, ensureTaxonomy, taxonomyYaml } from './lib/synth.js';
import { selfTimeByStage, top } from './lib/profile.js';
import { ensureTypewriter, networkIsolation, planFromSchemas, runTypewriter, TYPESCRIPT_VERSION, TYPEWRITER_VERSION, writeProject } from './lib/typewriter.js';
import { bundleSizes, bundleValidators, checkAgreement } from './lib/validators.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WORK = join(ROOT, '.bench'); // git-ignored: synthetic taxonomies, Typewriter, bundles, profiles
const option = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const list = (text) => text.split(',').filter((x) => x !== '').map(Number);
const SIZES = list(option('sizes', '10,100,1000,5000'));
const ROUNDS = Number(option('rounds', '3'));
const PROFILE = process.argv.includes('--profile');
const ONLY = new Set(option('only', 'stages,cli,typewriter,watch,validators,client,commands').split(','));
const NDJSON_SIZES = list(option('ndjson', '1000000,4000000'));
const TYPEWRITER_SIZES = list(option('typewriter-sizes', SIZES.filter((n) => n <= 1000).join(',')));
const defaultWatch = SIZES.filter((n) => n === 1000 || n === 5000);
const WATCH_SIZES = list(option('watch-sizes', (defaultWatch.length > 0 ? defaultWatch : SIZES.slice(-1)).join(',')));
const want = (section) => ONLY.has(section);

// Issue 13's targets (and those of issues 3, 4 and 6 for the sections kept from them).
const TARGET = {
  cliFloorRatio: 2, // CLI generate cold ≤ 2× the floor, at every size
  growthK: 1, // time ∝ events^k from 1,000 to 5,000 events: linear or better
  typewriterSpeedup: 5, // Typewriter's time / flokit-gen's ≥ 5
  watchMs: { 1000: 400, 5000: 2000 }, // one-event edit under watch
  rssFloorRatio: 1.5, // CLI peak RSS ≤ 1.5× the floor's at 5,000 events
  validatorRatio: 0.85,
  bundleKiB: 10,
  clientOverheadUs: 5,
  clientBundleKiB: 25,
  clientOneEventKiB: 8,
  bufferedRequests: 100,
  checkFloorRatio: 4,
  generateColdMs: 1500,
  validateEventsPerSecond: 100_000,
};

if (!existsSync(join(ROOT, 'dist/src/load/index.js'))) {
  console.error('dist/ is missing: run `npm run build` first (`npm run bench` does).');
  process.exit(1);
}

const startedAt = Date.now();
const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
const commit = `${git('rev-parse', '--short', 'HEAD') || 'unknown'}${git('status', '--porcelain', '--', 'src', 'templates') === '' ? '' : ' + uncommitted changes in src/ or templates/'}`;
const results = { startedAt: new Date(startedAt).toISOString(), commit, node: process.version, cpus: cpus().length, loadAvgAtStart: loadavg()[0], sizes: SIZES };
const log = (text) => process.stderr.write(`${text}\n`);
const say = (text = '') => process.stdout.write(`${text}\n`);

// ---------------------------------------------------------------------------------------------
// Child processes

/** `node <args>` in a fresh process; its last stdout line parsed when it is JSON. */
function node(args, { cwd = ROOT, allowFail = false } = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && !allowFail) throw new Error(`node ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const last = r.stdout.trim().split('\n').at(-1);
  return { wallMs, status: r.status, json: last?.startsWith('{') ? JSON.parse(last) : undefined, stderr: r.stderr };
}

function scratch() {
  return mkdtempSync(join(tmpdir(), 'flokit-bench-'));
}

const USE_TIME = existsSync('/usr/bin/time');
/**
 * `node <args>` as a user runs it, with its peak RSS: under /usr/bin/time where there is one, else
 * with bench/lib/max-rss.js preloaded (ru_maxrss at exit). Wall time from spawn to exit.
 */
function timedNode(args, cwd) {
  const rssFile = join(tmpdir(), `flokit-bench-rss-${process.pid}`);
  rmSync(rssFile, { force: true });
  const command = USE_TIME ? '/usr/bin/time' : process.execPath;
  const argv = USE_TIME ? ['-f', '%M', '-o', rssFile, process.execPath, ...args] : ['--import', join(ROOT, 'bench/lib/max-rss.js'), ...args];
  const env = USE_TIME ? process.env : { ...process.env, FLOKIT_BENCH_RSS_FILE: rssFile };
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, argv, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const peakRssMiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) / 1024 : NaN;
  rmSync(rssFile, { force: true });
  return { wallMs, peakRssMiB, stdout: r.stdout.trim() };
}

const BIN = join(ROOT, 'bin/flokit-gen.js');
/**
 * `flokit-gen generate -t <file> -o <out>` in `cwd`. A cold run is one in a fresh directory: no
 * output there yet, no node_modules/ (so no node_modules/.cache/flokit-gen of any generator version
 * can be read or written); the bench checks that none appeared.
 */
function cli(taxonomy, out, cwd) {
  const r = timedNode([BIN, 'generate', '-t', taxonomy, '-o', out], cwd);
  const cacheDir = join(cwd, 'node_modules/.cache/flokit-gen');
  return { wallMs: r.wallMs, peakRssMiB: r.peakRssMiB, output: r.stdout, cacheDirCreated: existsSync(cacheDir) };
}

function coldCli(taxonomy) {
  const cwd = scratch();
  try {
    return cli(taxonomy, join(cwd, 'out'), cwd);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

const median = (xs) => {
  const s = [...xs].filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const exponent = (a, b, ta, tb) => Math.log(tb / ta) / Math.log(b / a);
/** Runs per measured point: medians of 3, of 2 at 5,000 events (the full run stays near 10 minutes). */
const reps = (size) => (size >= 5000 ? 2 : 3);

const taxonomies = Object.fromEntries([...new Set([...SIZES, ...TYPEWRITER_SIZES, ...WATCH_SIZES])].map((n) => [n, ensureTaxonomy(WORK, n)]));
taxonomies.bundled = join(ROOT, 'taxonomy/flokit.yaml');
const COLUMNS = ['bundled', ...SIZES];
const eventsOf = {};

// ---------------------------------------------------------------------------------------------
// 1. Stages: contentHashes, then every entry of STAGES, as generate() runs them

if (want('stages')) {
  results.stages = {};
  for (const key of COLUMNS) {
    const runs = [];
    for (let r = 0; r < (key === 5000 ? 1 : reps(key)); r++) {
      log(`stages: ${key} (run ${r + 1})`);
      const out = scratch();
      const check = r === 0 && (key === 'bundled' || key === SIZES[0]) ? ['--check'] : [];
      const run = node(['--expose-gc', 'bench/lib/stages.js', taxonomies[key], out, ...check], { allowFail: true });
      rmSync(out, { recursive: true, force: true });
      if (run.status === 3 && run.json?.error !== undefined) {
        results.stages = { error: run.json.error };
        log(`stages: ${run.json.error}`);
        break;
      }
      if (run.status !== 0) throw new Error(`bench/lib/stages.js ${taxonomies[key]} failed (${run.status}):\n${run.stderr}`);
      runs.push(run.json);
    }
    if (results.stages.error !== undefined) break;
    eventsOf[key] = runs[0].events;
    const names = runs[0].stages.map((s) => s.name);
    const stage = (name) => {
      const all = runs.map((x) => x.stages.find((s) => s.name === name));
      return { ms: median(all.map((s) => s.ms)), peakRssMiB: median(all.map((s) => s.peakRssMiB)) };
    };
    results.stages[key] = {
      events: runs[0].events,
      runs: runs.length,
      names,
      stageNames: runs[0].stageNames,
      nodeStartMs: median(runs.map((x) => x.nodeStartMs)),
      importMs: median(runs.map((x) => x.importMs)),
      stages: Object.fromEntries(names.map((s) => [s, stage(s)])),
      peakRssMiB: median(runs.map((x) => x.peakRssMiB)),
      bytes: runs[0].bytes,
      check: runs[0].check,
      raw: runs,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// 2. The whole CLI cold beside the floor, and peak RSS, per size

if (want('cli')) {
  results.floor = {};
  results.cli = {};
  for (const key of COLUMNS) {
    const floors = [];
    const clis = [];
    for (let r = 0; r < reps(key); r++) {
      log(`floor + CLI cold: ${key} (run ${r + 1})`);
      const out = scratch();
      const f = timedNode([join(ROOT, 'bench/lib/floor.js'), taxonomies[key], out], ROOT);
      floors.push({ wallMs: f.wallMs, peakRssMiB: f.peakRssMiB, ...JSON.parse(f.stdout.split('\n').at(-1)) });
      rmSync(out, { recursive: true, force: true });
      clis.push(coldCli(taxonomies[key]));
    }
    results.floor[key] = {
      wallMs: median(floors.map((f) => f.wallMs)),
      parseMs: median(floors.map((f) => f.parseMs)),
      writeMs: median(floors.map((f) => f.writeMs)),
      peakRssMiB: median(floors.map((f) => f.peakRssMiB)),
      raw: floors,
    };
    results.cli[key] = {
      wallMs: median(clis.map((c) => c.wallMs)),
      peakRssMiB: median(clis.map((c) => c.peakRssMiB)),
      cacheDirCreated: clis.some((c) => c.cacheDirCreated),
      output: clis[0].output,
      raw: clis,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Segment Typewriter 9.2.0 `build` beside flokit-gen's cold CLI, on the same plan, offline

if (want('typewriter') && TYPEWRITER_SIZES.length > 0) {
  results.typewriter = { version: TYPEWRITER_VERSION, typescript: TYPESCRIPT_VERSION, sizes: {} };
  let bin;
  try {
    bin = ensureTypewriter(join(WORK, 'typewriter'), log);
    results.typewriter.network = networkIsolation().how;
  } catch (error) {
    results.typewriter.error = `Typewriter could not be installed: ${error.message.split('\n')[0]}`;
    log(results.typewriter.error);
  }
  for (const n of bin === undefined ? [] : TYPEWRITER_SIZES) {
    // The plan: flokit-gen's own schemas of the same taxonomy, as Segment tracking-plan rules.
    const schemasOut = join(WORK, `typewriter/schemas-${n}`);
    rmSync(schemasOut, { recursive: true, force: true });
    node([BIN, 'generate', '-q', '-t', taxonomies[n], '-o', schemasOut]);
    const plan = planFromSchemas(join(schemasOut, 'schemas'));
    if (plan.rules.length !== n) throw new Error(`the Typewriter plan has ${plan.rules.length} rules for ${n} events`);
    const tws = [];
    const fks = [];
    const count = n >= 1000 ? 2 : reps(n);
    for (let r = 0; r < count; r++) {
      // Interleaved, so that both see the same load on the machine.
      log(`typewriter: ${n} events (run ${r + 1}/${count})`);
      const project = join(WORK, `typewriter/project-${n}`);
      writeProject(project, plan);
      const tw = await runTypewriter(bin, project);
      const generated = readFileSync(join(project, 'plan', tw.files[0]), 'utf8');
      tw.missingEvents = plan.rules.filter((rule) => !generated.includes(rule.key)).length;
      delete tw.output;
      tws.push(tw);
      fks.push(coldCli(taxonomies[n]));
    }
    const fkMs = median(fks.map((c) => c.wallMs));
    const twMs = median(tws.map((t) => t.wallMs));
    const twDoneMs = median(tws.map((t) => t.doneMs));
    results.typewriter.sizes[n] = {
      typewriterMs: twMs,
      typewriterDoneMs: twDoneMs,
      typewriterPeakRssMiB: median(tws.map((t) => t.peakRssMiB)),
      typewriterBytes: tws[0].bytes,
      typewriterMissingEvents: tws[0].missingEvents,
      flokitMs: fkMs,
      flokitPeakRssMiB: median(fks.map((c) => c.peakRssMiB)),
      // Judged against Typewriter's time until it printed "Done" (its files written), the smaller.
      speedup: Math.min(twMs, twDoneMs) / fkMs,
      speedupWhole: twMs / fkMs,
      raw: { typewriter: tws, flokit: fks },
    };
    rmSync(schemasOut, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// 4. watch, and the one-shot CLI right after an edit

if (want('watch')) {
  results.watch = {};
  for (const n of WATCH_SIZES) {
    const before = taxonomyYaml(n);
    const after = taxonomyYaml(n, (i) => (i === Math.floor(n / 2) ? `Changed: ${eventName(i)} is now sent after the server confirms it.` : undefined));
    const beforePath = join(WORK, `watch-before-${n}.yaml`);
    const afterPath = join(WORK, `watch-after-${n}.yaml`);
    writeFileSync(beforePath, before);
    writeFileSync(afterPath, after);
    log(`watch: flokit-gen watch on ${n} events, 5 saves`);
    const dir = scratch();
    const watch = node(['bench/lib/watch-cli.js', beforePath, afterPath, dir]).json;
    rmSync(dir, { recursive: true, force: true });
    // One-shot runs, in pairs: cold (no output yet: a fresh output directory, in a directory without
    // node_modules/), then right after an edit (the same output directory, the other version of the
    // file), so that both see the same load. The version edited from alternates.
    const project = scratch();
    const taxonomy = join(project, 'taxonomy.yaml');
    const cold = [];
    const edited = [];
    for (let r = 0; r < reps(n); r++) {
      log(`watch: one-shot CLI at ${n} events, cold and after an edit (run ${r + 1})`);
      const [from, to] = r % 2 === 0 ? [before, after] : [after, before];
      rmSync(join(project, 'out'), { recursive: true, force: true });
      writeFileSync(taxonomy, from);
      cold.push(cli(taxonomy, join(project, 'out'), project));
      writeFileSync(taxonomy, to);
      edited.push(cli(taxonomy, join(project, 'out'), project));
    }
    const cacheDirCreated = existsSync(join(project, 'node_modules'));
    rmSync(project, { recursive: true, force: true });
    results.watch[n] = {
      watch,
      coldMs: median(cold.map((c) => c.wallMs)),
      afterEditMs: median(edited.map((c) => c.wallMs)),
      afterEditOutput: edited.at(-1).output,
      cacheDirCreated,
      raw: { cold, edited },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// 5. Validator throughput and 6. bundle size

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
// 7. The generated client (issue 3)

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
// 8. The commands as build scripts run them (issue 4): cold start beside `node -e ''`

/** Wall time and peak RSS of one command, spawned as a user would, output discarded. */
function timed(argv, cwd, stdoutFile = '/dev/null') {
  const timeFile = join(tmpdir(), `flokit-bench-cmd-${process.pid}`);
  const shell = `${USE_TIME ? `/usr/bin/time -f %M -o ${timeFile} ` : ''}${argv.map((a) => `'${a}'`).join(' ')} > ${stdoutFile}`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/bin/sh', ['-c', shell], { cwd, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const peakRssMiB = USE_TIME ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)) / 1024 : NaN;
  rmSync(timeFile, { force: true });
  return { wallMs, peakRssMiB, status: r.status, stderr: r.stderr };
}

if (want('commands')) {
  const project = scratch(); // no node_modules/: a first run
  mkdirSync(join(project, 'taxonomy'));
  writeFileSync(join(project, 'taxonomy/flokit.yaml'), readFileSync(join(ROOT, 'taxonomy/flokit.yaml')));
  const flokit = (...args) => [process.execPath, BIN, ...args];
  const runs = (count, argv, before = () => {}) =>
    Array.from({ length: count }, () => {
      before();
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
  const summary = (all) => ({ wallMs: median(all.map((r) => r.wallMs)), peakRssMiB: median(all.map((r) => r.peakRssMiB)) });
  results.commands = { floor: summary(floor), version: summary(version), generateCold: summary(generateCold), generateUnchanged: summary(generateUnchanged), checkFresh: summary(checkFresh), checkSlow: summary(checkSlow), validate };
}

// ---------------------------------------------------------------------------------------------
// Optional: profiles

if (PROFILE && results.stages?.error === undefined) {
  const sizes = SIZES.slice(-2);
  const byStage = {};
  for (const n of sizes) {
    log(`profile: ${n} events`);
    const dir = join(WORK, `profile-${n}`);
    rmSync(dir, { recursive: true, force: true });
    const out = scratch();
    const run = node(['--cpu-prof', `--cpu-prof-dir=${dir}`, '--expose-gc', 'bench/lib/stages.js', taxonomies[n], out]).json;
    rmSync(out, { recursive: true, force: true });
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    byStage[n] = { names: run.stages.map((s) => s.name), self: selfTimeByStage(join(dir, file), run.stages) };
  }
  results.profile = {
    sizes,
    names: byStage[sizes.at(-1)].names,
    byStage: Object.fromEntries(Object.entries(byStage).map(([n, s]) => [n, Object.fromEntries(Object.entries(s.self).map(([k, m]) => [k, top(m, 15)]))])),
  };
}

results.elapsedMs = Date.now() - startedAt;

// ---------------------------------------------------------------------------------------------
// Report

const fmt = {
  ms: (ms) => (Number.isNaN(ms) || ms === undefined ? '—' : ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`),
  mib: (m) => (Number.isNaN(m) ? '—' : `${m.toFixed(0)} MiB`),
  x: (r) => (Number.isNaN(r) ? '—' : `${r.toFixed(2)}×`),
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

const label = (key) => (key === 'bundled' ? `bundled (${eventsOf.bundled ?? 13} ev)` : `${Number(key).toLocaleString('en')} ev`);
/** The summary: one row per target: [what, target, measured, ratio, met]. */
const summary = [];
const check = (what, target, measured, ratio, met) => summary.push([what, target, measured, ratio, met === undefined ? '' : fmt.ok(met)]);

say(`# flokit-gen bench — ${new Date(startedAt).toISOString()}`);
say(`code: ${commit} (dist/ as built before the run)`);
say(`node ${process.version}, ${cpus().length} CPUs, load average at start ${results.loadAvgAtStart.toFixed(2)} (anything else running makes numbers noisier); total ${(results.elapsedMs / 1000).toFixed(0)} s`);
say('Synthetic taxonomies: N events × 10 properties (bench/lib/synth.js); "bundled" is taxonomy/flokit.yaml.');
say();

if (want('stages')) {
  const st = results.stages;
  if (st.error !== undefined) {
    say('## 1. Stages: NOT RUN');
    say(st.error);
    say();
  } else {
    const first = st[COLUMNS[0]];
    const names = first.names;
    const total = (key) => names.reduce((sum, s) => sum + st[key].stages[s].ms, 0);
    say(`Stages run by the bench: load, ir, hashes (contentHashes), then dist/src/generate.js STAGES in order [${first.stageNames.join(', ')}], then write.`);
    say(`Files assembled from the stages vs generate(): bundled ${st.bundled.check}, ${SIZES[0]} ev ${st[SIZES[0]].check}.`);
    say();
    say('## 1a. Time per stage (fresh process per size; median of 3 runs, 1 at 5,000)');
    table(
      ['stage', ...COLUMNS.map(label)],
      [
        ['node start (before our code)', ...COLUMNS.map((k) => fmt.ms(st[k].nodeStartMs))],
        ['imports (dist/, yaml)', ...COLUMNS.map((k) => fmt.ms(st[k].importMs))],
        ...names.map((s) => [s, ...COLUMNS.map((k) => fmt.ms(st[k].stages[s].ms))]),
        ['sum of stages', ...COLUMNS.map((k) => fmt.ms(total(k)))],
        ['whole process (start+imports+stages)', ...COLUMNS.map((k) => fmt.ms(st[k].nodeStartMs + st[k].importMs + total(k)))],
      ],
    );
    say('## 1b. Linearity: µs per event, and the growth exponent k (time ∝ events^k; 1 = linear, > 1.15 flagged)');
    const pairs = SIZES.slice(1).map((n, i) => [SIZES[i], n]);
    const kCell = (k) => `${k.toFixed(2)}${k > 1.15 ? ' SUPERLINEAR' : ''}`;
    table(
      ['stage', ...SIZES.map((n) => `µs/ev @${n}`), ...pairs.map(([a, b]) => `k ${a}→${b}`)],
      [
        ...names.map((s) => [s, ...SIZES.map((n) => ((st[n].stages[s].ms * 1000) / n).toFixed(0)), ...pairs.map(([a, b]) => kCell(exponent(a, b, st[a].stages[s].ms, st[b].stages[s].ms)))]),
        ['all stages', ...SIZES.map((n) => ((total(n) * 1000) / n).toFixed(0)), ...pairs.map(([a, b]) => kCell(exponent(a, b, total(a), total(b))))],
      ],
    );
    say('## 1c. Peak RSS during each stage (RSS high-water mark reset before the stage; whole process last)');
    table(
      ['stage', ...COLUMNS.map(label)],
      [...names.map((s) => [s, ...COLUMNS.map((k) => fmt.mib(st[k].stages[s].peakRssMiB))]), ['whole process (max over the run)', ...COLUMNS.map((k) => fmt.mib(st[k].peakRssMiB))]],
    );
  }
}

if (want('cli')) {
  say('## 2. Whole CLI cold vs the floor (median of 3, of 2 at 5,000; fresh process, fresh directory, no node_modules/, no cache of any kind)');
  say('floor = node + yaml parseAllDocuments with a LineCounter, as the loader parses + toJS + one JSON file per event (bench/lib/floor.js)');
  const anyCache = COLUMNS.some((k) => results.cli[k].cacheDirCreated);
  table(
    ['taxonomy', 'floor', 'of it: parse', 'CLI cold', 'CLI / floor', 'target', 'met?', 'floor peak RSS', 'CLI peak RSS', 'RSS CLI / floor'],
    COLUMNS.map((k) => {
      const c = results.cli[k];
      const f = results.floor[k];
      return [label(k), fmt.ms(f.wallMs), fmt.ms(f.parseMs), fmt.ms(c.wallMs), fmt.x(c.wallMs / f.wallMs), `≤ ${TARGET.cliFloorRatio}×`, fmt.ok(c.wallMs / f.wallMs <= TARGET.cliFloorRatio), fmt.mib(f.peakRssMiB), fmt.mib(c.peakRssMiB), fmt.x(c.peakRssMiB / f.peakRssMiB)];
    }),
  );
  if (anyCache) say('WARNING: a node_modules/.cache/flokit-gen directory appeared in a cold run\'s directory: the CLI still keeps a disk cache.\n');
  for (const k of COLUMNS) {
    const c = results.cli[k];
    const f = results.floor[k];
    check(`CLI cold / floor, ${label(k)}`, `≤ ${TARGET.cliFloorRatio}×`, `${fmt.ms(c.wallMs)} / ${fmt.ms(f.wallMs)}`, fmt.x(c.wallMs / f.wallMs), c.wallMs / f.wallMs <= TARGET.cliFloorRatio);
  }
  if (SIZES.includes(1000) && SIZES.includes(5000)) {
    const k = exponent(1000, 5000, results.cli[1000].wallMs, results.cli[5000].wallMs);
    const kf = exponent(1000, 5000, results.floor[1000].wallMs, results.floor[5000].wallMs);
    say(`Growth 1,000 → 5,000 events: CLI k = ${k.toFixed(2)} (floor k = ${kf.toFixed(2)}); k = log(t5000/t1000)/log(5), target ≤ ${TARGET.growthK} (linear or better).\n`);
    check('CLI growth 1,000 → 5,000 events, k', `≤ ${TARGET.growthK.toFixed(2)}`, `k = ${k.toFixed(2)} (floor ${kf.toFixed(2)})`, '', k <= TARGET.growthK);
    const c = results.cli[5000];
    const f = results.floor[5000];
    check('peak RSS at 5,000 events, CLI / floor', `≤ ${TARGET.rssFloorRatio}×`, `${fmt.mib(c.peakRssMiB)} / ${fmt.mib(f.peakRssMiB)}`, fmt.x(c.peakRssMiB / f.peakRssMiB), c.peakRssMiB / f.peakRssMiB <= TARGET.rssFloorRatio);
  }
}

if (results.typewriter !== undefined) {
  const tw = results.typewriter;
  say(`## 3. Segment Typewriter ${tw.version} \`typewriter build\` (TypeScript, analytics-node) vs flokit-gen generate, cold, same plan`);
  if (tw.error !== undefined) {
    say(`NOT MEASURED: ${tw.error}. See bench/README.md §3 for the issue's own Typewriter figures.\n`);
  } else {
    say(`Typewriter installed in .bench/typewriter/ (with typescript@${tw.typescript}); plan.json made from flokit-gen's schemas; network cut off by ${tw.network}.`);
    say('"until Done": Typewriter\'s time until it printed "Generating files... Done" (its files are written; after it comes its telemetry flush, which fails at once offline). The speedup is judged against the smaller time.');
    table(
      ['taxonomy', 'Typewriter (whole)', 'Typewriter (until Done)', 'TW peak RSS', 'TW output', 'flokit-gen cold', 'fk peak RSS', 'TW / flokit-gen', 'target', 'met?'],
      Object.entries(tw.sizes).map(([n, s]) => [
        label(n),
        fmt.ms(s.typewriterMs),
        fmt.ms(s.typewriterDoneMs),
        fmt.mib(s.typewriterPeakRssMiB),
        `${fmt.kib(s.typewriterBytes)}${s.typewriterMissingEvents > 0 ? `, ${s.typewriterMissingEvents} events missing!` : ''}`,
        fmt.ms(s.flokitMs),
        fmt.mib(s.flokitPeakRssMiB),
        fmt.x(s.speedup),
        `≥ ${TARGET.typewriterSpeedup}×`,
        fmt.ok(s.speedup >= TARGET.typewriterSpeedup),
      ]),
    );
    for (const [n, s] of Object.entries(tw.sizes))
      check(`Typewriter / flokit-gen, ${label(n)}`, `≥ ${TARGET.typewriterSpeedup}×`, `${fmt.ms(Math.min(s.typewriterMs, s.typewriterDoneMs))} / ${fmt.ms(s.flokitMs)}`, fmt.x(s.speedup), s.speedup >= TARGET.typewriterSpeedup);
  }
}

if (results.watch !== undefined) {
  say('## 4. watch: `flokit-gen watch` on one file, one event\'s description edited, median of 5 saves; and the one-shot CLI after an edit');
  table(
    ['taxonomy', 'watch (printed)', 'save → line', 'first run', 'files rewritten', 'target', 'met?', 'CLI cold', 'CLI after an edit', 'after / cold', 'met? (≤ cold)'],
    Object.entries(results.watch).map(([n, w]) => {
      const target = TARGET.watchMs[n];
      return [
        label(n),
        fmt.ms(w.watch.medianMs),
        fmt.ms(w.watch.medianSavedToLineMs),
        fmt.ms(w.watch.first.ms),
        String(w.watch.written),
        target === undefined ? '' : `< ${fmt.ms(target)}`,
        target === undefined ? '' : fmt.ok(w.watch.medianMs < target),
        fmt.ms(w.coldMs),
        fmt.ms(w.afterEditMs),
        fmt.x(w.afterEditMs / w.coldMs),
        fmt.ok(w.afterEditMs <= w.coldMs),
      ];
    }),
  );
  if (Object.values(results.watch).some((w) => w.cacheDirCreated)) say('WARNING: a node_modules/ directory appeared in the one-shot runs\' directory: the CLI still keeps a disk cache.\n');
  say('"watch (printed)": the time watch prints per regeneration (from the change it noticed to the last file written, after its 100 ms debounce). "save → line": from the bench\'s write to that line, debounce and file-watch latency included. Each save alternates between two versions of the file.\n');
  for (const [n, w] of Object.entries(results.watch)) {
    const target = TARGET.watchMs[n];
    if (target !== undefined) check(`watch, one-event edit, ${label(n)}`, `< ${fmt.ms(target)}`, fmt.ms(w.watch.medianMs), fmt.x(w.watch.medianMs / target), w.watch.medianMs < target);
    check(`one-shot CLI after an edit vs cold, ${label(n)}`, '≤ cold', `${fmt.ms(w.afterEditMs)} vs ${fmt.ms(w.coldMs)}`, fmt.x(w.afterEditMs / w.coldMs), w.afterEditMs <= w.coldMs);
  }
}

if (want('validators')) {
  const v = results.validators;
  say(`## 5. Validator throughput: ${v.event} (8 properties), ops/s of the best of ${v.summary.generated.valid.perRound.length} interleaved rounds (a fresh process each, the median of its 7 runs)`);
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
        ? `≥ 0.85× both: ${fmt.ok(Math.min(s.valid.ratioToHand, s.valid.ratioToHandShared) >= TARGET.validatorRatio)} / ${fmt.ok(Math.min(s.invalid.ratioToHand, s.invalid.ratioToHandShared) >= TARGET.validatorRatio)}`
        : '',
    ]),
  );
  say(
    '"× hand": to the hand-written limit (its own char-code RFC 3339 parser). "× hand+rt": to the same hand-written code calling the\nruntime\'s formats.isDateTime, as the generated code does: it separates the emitted code from the cost of the shared format function.\nThe target is checked against both: whichever hand-written validator is faster is the limit.\n',
  );
  const g = v.summary.generated;
  for (const set of ['valid', 'invalid']) {
    const r = Math.min(g[set].ratioToHand, g[set].ratioToHandShared);
    check(`generated validator, ${set} payloads, vs hand-written`, `≥ ${TARGET.validatorRatio}×`, fmt.ops(g[set].opsPerSecond), fmt.x(r), r >= TARGET.validatorRatio);
  }

  const b = results.bundle;
  say('## 6. Validator code size (esbuild bundle of generated/validators.ts with its runtime, minified, gzip -9)');
  table(
    ['bundle', 'minified', 'gzipped', 'target', 'verdict'],
    [
      ['whole validators module', fmt.kib(b.whole.minifiedBytes), fmt.kib(b.whole.gzipBytes), '< 10 KiB', `${fmt.ok(b.whole.gzipBytes < TARGET.bundleKiB * 1024)} (${fmt.x(b.whole.gzipBytes / (TARGET.bundleKiB * 1024))} of target)`],
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
  check('validators module, min+gzip', '< 10 KiB', fmt.kib(b.whole.gzipBytes), fmt.x(b.whole.gzipBytes / (TARGET.bundleKiB * 1024)), b.whole.gzipBytes < TARGET.bundleKiB * 1024);
}

if (results.client !== undefined) {
  const c = results.client;
  const us = (x) => `${x.toFixed(2)} µs`;
  say('## 7. The generated client: subscription_started (8 properties), median of rounds, fresh process each');
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
  check('client: build + validate + stringify per event', '< 5 µs', us(c.overhead.buildValidateSerializeUs), fmt.x(c.overhead.buildValidateSerializeUs / TARGET.clientOverheadUs), c.overhead.buildValidateSerializeUs < TARGET.clientOverheadUs);
  check('client bundle, all events, min+gzip', '< 25 KiB', fmt.kib(c.sizes.whole.gzipped), fmt.x(c.sizes.whole.gzipped / (TARGET.clientBundleKiB * 1024)), c.sizes.whole.gzipped < TARGET.clientBundleKiB * 1024);
  check('client bundle, one event, min+gzip', '< 8 KiB', fmt.kib(c.sizes.oneEvent.gzipped), fmt.x(c.sizes.oneEvent.gzipped / (TARGET.clientOneEventKiB * 1024)), c.sizes.oneEvent.gzipped < TARGET.clientOneEventKiB * 1024);
  check('client buffered mode, 100,000 events', '≤ 100 requests', `${c.buffered.requests} requests`, '', c.buffered.requests <= TARGET.bufferedRequests && c.buffered.stored === 100000);
}

if (results.commands !== undefined) {
  const c = results.commands;
  const floorMs = c.floor.wallMs;
  const row = (text, r, target, ok) => [text, fmt.ms(r.wallMs), fmt.x(r.wallMs / floorMs), fmt.mib(r.peakRssMiB), target, ok === undefined ? '' : fmt.ok(ok)];
  say("## 8. Commands cold, as build scripts run them (bundled taxonomy; median; fresh process each; × is the ratio to `node -e ''`)");
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
  check('check, unchanged tree, vs node -e \'\'', `< ${TARGET.checkFloorRatio}×`, fmt.ms(c.checkFresh.wallMs), fmt.x(c.checkFresh.wallMs / floorMs), c.checkFresh.wallMs < TARGET.checkFloorRatio * floorMs);
  check('generate, first run, bundled taxonomy', '< 1.5 s', fmt.ms(c.generateCold.wallMs), fmt.x(c.generateCold.wallMs / TARGET.generateColdMs), c.generateCold.wallMs < TARGET.generateColdMs);
  for (const v of c.validate) check(`validate, ${v.events.toLocaleString('en')} NDJSON events`, '≥ 100,000/s', `${v.eventsPerSecond.toFixed(0)}/s`, fmt.x(v.eventsPerSecond / TARGET.validateEventsPerSecond), v.eventsPerSecond >= TARGET.validateEventsPerSecond);
}

if (results.profile !== undefined) {
  const [a, bSize] = results.profile.sizes;
  say(`## Profile: top self time per stage at ${a} and ${bSize} events (--cpu-prof); SUPERLINEAR = grows > 1.5 × ${bSize / a}× and > 100 ms`);
  for (const s of results.profile.names) {
    const small = new Map(results.profile.byStage[a][s]);
    const rows = results.profile.byStage[bSize][s].slice(0, 8).map(([fn, ms]) => {
      const growth = small.get(fn) ? ms / small.get(fn) : NaN;
      return [s, fn, fmt.ms(small.get(fn) ?? 0), fmt.ms(ms), Number.isNaN(growth) ? '' : `${fmt.x(growth)}${growth > (bSize / a) * 1.5 && ms > 100 ? ' SUPERLINEAR' : ''}`];
    });
    if (rows.length > 0) table(['stage', 'function (self time)', `@${a}`, `@${bSize}`, 'growth'], rows);
  }
}

say('## Summary: issue 13\'s targets (and those kept from issues 3, 4 and 6)');
table(['target', 'wanted', 'measured', 'ratio', 'met?'], summary);
results.summary = summary.map(([what, target, measured, ratio, met]) => ({ what, target, measured, ratio, met }));
writeFileSync(join(ROOT, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
say('Raw numbers: bench/results.json. How to read them: bench/README.md.');
