// `flokit-gen watch` as a user runs it, on one taxonomy file: start it, wait for the first
// generation, then save the file 5 times, alternating between two versions that differ in one
// event's description, and read the time watch prints for each regeneration (from the change it
// saw to the last file written; the 100 ms debounce before it is not included). Beside it, the
// wall time from the save to the line (debounce and file-watch latency included), for information.
// The scratch directory has no node_modules/: no cache of any kind but what watch keeps in memory.
//   node bench/lib/watch-cli.js <before.yaml> <after.yaml> <scratch dir>
// Prints JSON: the first run's and each edit's printed ms, their median, and files written.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [beforePath, afterPath, scratchDir] = process.argv.slice(2);
const versions = [readFileSync(beforePath, 'utf8'), readFileSync(afterPath, 'utf8')];
const taxonomy = join(scratchDir, 'taxonomy.yaml');
writeFileSync(taxonomy, versions[0]);
const bin = new URL('../../bin/flokit-gen.js', import.meta.url).pathname;
const child = spawn(process.execPath, [bin, 'watch', '-t', taxonomy, '-o', join(scratchDir, 'out')], { cwd: scratchDir, stdio: ['ignore', 'pipe', 'pipe'] });

const lines = [];
let waiting;
let buffer = '';
child.stdout.setEncoding('utf8').on('data', (chunk) => {
  buffer += chunk;
  for (let i = buffer.indexOf('\n'); i !== -1; i = buffer.indexOf('\n')) {
    const line = buffer.slice(0, i);
    buffer = buffer.slice(i + 1);
    const m = / (\d+) written, \d+ unchanged, \d+ removed \((\d+) ms\)\.$/.exec(line);
    if (m !== null) {
      lines.push({ written: Number(m[1]), ms: Number(m[2]), at: performance.now() });
      waiting?.();
    }
  }
});
let stderr = '';
child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
child.on('exit', (code) => {
  if (waiting !== undefined) throw new Error(`watch exited (${code}) early:\n${stderr}`);
});

// Each regeneration within a minute, or the bench stops with what watch said (a problem in the
// taxonomy is printed on stderr, and would otherwise leave this waiting for ever).
const next = () =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no regeneration from watch within 60 s:\n${stderr}`));
    }, 60_000);
    waiting = () => {
      clearTimeout(timer);
      resolve();
    };
  }).then(() => (waiting = undefined));
await next();
const edits = [];
for (let k = 1; k <= 5; k++) {
  // A pause, as between saves, so each save is its own regeneration.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const savedAt = performance.now();
  writeFileSync(taxonomy, versions[k % 2]);
  await next();
  const { at, ...line } = lines.at(-1);
  edits.push({ ...line, savedToLineMs: Math.round(at - savedAt) });
}
child.kill('SIGINT');
const median = (key) => edits.map((e) => e[key]).sort((a, b) => a - b)[Math.floor(edits.length / 2)];
const { at: _at, ...first } = lines[0];
process.stdout.write(JSON.stringify({ first, edits, medianMs: median('ms'), medianSavedToLineMs: median('savedToLineMs'), written: edits.at(-1).written }) + '\n');
