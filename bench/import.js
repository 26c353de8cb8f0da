// Bench for `flokit-gen import` (issue 17): the pipeline without the rate limit (read, validate,
// sort, serialize: `import --dry-run`, which cuts and hashes every batch but sends nothing) in
// events/s against the target of 200,000/s, and peak RSS as the export grows, with the
// default --memory. Exports are synthetic (bench/lib/import-export.js) and kept in .bench/import/.
//   npm run bench:import                          # 1M events (about 230 MB)
//   node bench/import.js --sizes=1e6,4.4e6,17.6e6  # also about 1 GB and 4 GB exports
//   node bench/import.js --runs=3 --gzip           # more runs; also a gzipped copy of the first size
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeExport } from './lib/import-export.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? 'true']));
const sizes = (args.sizes ?? '1e6').split(',').map(Number);
const runs = Number(args.runs ?? 3);
const TARGET = 200_000;
const dir = join(ROOT, '.bench', 'import');
mkdirSync(dir, { recursive: true });

async function exportOf(events) {
  const path = join(dir, `export-${events}.ndjson`);
  if (!existsSync(path)) {
    process.stderr.write(`writing ${path} ...\n`);
    await writeExport(path, { events, seed: 17 });
  }
  return path;
}

/**
 * CPU seconds of each thread of a running process, from /proc (Linux), polled until it exits: the
 * main thread's time is the critical path of the pipeline (the parse worker's is shorter), so
 * events / main-thread CPU is what two otherwise idle cores would do, however busy this machine is.
 */
function threadTimes(pid) {
  const last = new Map();
  const poll = () => {
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        last.set(tid, (Number(fields[11]) + Number(fields[12])) / 100);
      }
    } catch {
      // The process (or a thread) has just exited.
    }
  };
  const timer = setInterval(poll, 50);
  return {
    stop() {
      clearInterval(timer);
      const threads = [...last.entries()];
      const main = last.get(String(pid)) ?? 0;
      const others = threads.filter(([tid]) => tid !== String(pid)).map(([, t]) => t);
      return { mainCpu: main, busiestOther: Math.max(0, ...others) };
    },
  };
}

/** One dry run in a fresh process: wall time, the pipeline's own time, events read, peak RSS. */
function dryRun(file) {
  return new Promise((done, fail) => {
    const scratch = mkdtempSync(join(tmpdir(), 'flokit-bench-import-'));
    const usageFile = join(scratch, 'usage.json');
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', join(ROOT, 'bench/lib/usage.js'), join(ROOT, 'bin/flokit-gen.js'), 'import', file, '--dry-run', '-q', '--format', 'json', '--max-invalid', '1e9', '--rejects', join(scratch, 'rejects.ndjson'), '-C', ROOT], {
      env: { ...process.env, FLOKIT_BENCH_USAGE_FILE: usageFile },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const threads = process.platform === 'linux' ? threadTimes(child.pid) : undefined;
    child.stdout.on('data', (c) => (out += c));
    child.on('error', fail);
    child.on('close', () => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const cpu = threads?.stop() ?? { mainCpu: Number.NaN, busiestOther: Number.NaN };
      try {
        const report = JSON.parse(out);
        const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
        done({ wallMs, pipelineMs: report.elapsedMs, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, ...cpu, read: report.read, runs: report.sortRuns, rssMiB: usage.maxRSS / 1024 });
      } catch (error) {
        fail(new Error(`import --dry-run failed: ${error.message}\n${out}`));
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`flokit-gen import bench; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${runs} runs per size, medians`);
const files = [];
for (const events of sizes) files.push([`${events.toExponential(1)} events`, await exportOf(events)]);
if (args.gzip === 'true') {
  const [, first] = files[0];
  const gz = `${first}.gz`;
  if (!existsSync(gz)) execFileSync('sh', ['-c', `gzip -1 -c '${first}' > '${gz}'`]);
  files.push([`${files[0][0]} .gz`, gz]);
}
// pipeline: events / the import's own elapsed time (from the report: loading the validators, reading,
// validating, sorting, cutting and hashing batches). process: events / wall time from spawn to exit.
// per CPU-second: events / (user + system CPU time of the process), all threads together.
// 2 idle cores: events / the CPU time of the busiest thread (main, or the parse worker; both
// shown): the rate when each of the two threads has a core to itself, which this shared machine
// cannot show in wall-clock time. An upper bound: it assumes the two never wait for each other.
console.log('| export | size | events/s (pipeline) | ratio to 200k/s | events/s (whole process) | events per CPU-second | events/s on 2 idle cores | ratio to 200k/s | main / worker CPU s | sort runs | peak RSS |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [label, file] of files) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await dryRun(file));
  const rate = median(results.map((r) => (r.read / r.pipelineMs) * 1000));
  const whole = median(results.map((r) => (r.read / r.wallMs) * 1000));
  const perCpu = median(results.map((r) => (r.read / r.cpuMs) * 1000));
  const idle = median(results.map((r) => r.read / Math.max(r.mainCpu, r.busiestOther)));
  const split = `${median(results.map((r) => r.mainCpu)).toFixed(1)} / ${median(results.map((r) => r.busiestOther)).toFixed(1)}`;
  const mb = statSync(file).size / 1024 / 1024;
  console.log(`| ${label} | ${mb.toFixed(0)} MiB | ${Math.round(rate).toLocaleString('en-US')} | ${(rate / TARGET).toFixed(2)}× | ${Math.round(whole).toLocaleString('en-US')} | ${Math.round(perCpu).toLocaleString('en-US')} | ${Math.round(idle).toLocaleString('en-US')} | ${(idle / TARGET).toFixed(2)}× | ${split} | ${results[0].runs} | ${median(results.map((r) => r.rssMiB)).toFixed(0)} MiB |`);
}
