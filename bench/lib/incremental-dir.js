// Incremental regeneration as `flokit-gen watch` does it: one process that keeps the parse cache
// and the artefact cache between runs, then writes. Layout `dir`: the 1,000 events split into a
// header file and files of 50 events (only the edited file is parsed again). Layout `file`: the one
// file as it is (only the edited event is parsed again, src/load/reparse.ts).
//   node bench/lib/incremental-dir.js <before.yaml> <after.yaml> <scratch dir> [dir|file]
// `after` differs from `before` in one event's description. Prints JSON timings (ms), medians of
// 5 edits (the edited file alternates between its two versions).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [beforePath, afterPath, scratchDir, layout = 'dir'] = process.argv.slice(2);
const { generate, loadTaxonomy, withManifest, writeFiles } = await import(new URL('../../dist/src/index.js', import.meta.url));

const PER_FILE = 50;
/** The synthetic file's header part and one text per file of events (bench/lib/synth.js layout). */
function split(text) {
  const [head, events] = text.split(/^events:\n/m);
  const entries = events.split(/^(?= {2}[a-z][a-z0-9_]*:\n)/m);
  const files = [];
  for (let i = 0; i < entries.length; i += PER_FILE) files.push(`events:\n${entries.slice(i, i + PER_FILE).join('')}`);
  return { head, files };
}

const whole = (path) => ({ head: undefined, files: [readFileSync(path, 'utf8')] });
const before = layout === 'file' ? whole(beforePath) : split(readFileSync(beforePath, 'utf8'));
const after = layout === 'file' ? whole(afterPath) : split(readFileSync(afterPath, 'utf8'));
const edited = before.files.findIndex((text, i) => text !== after.files[i]);
if (edited < 0 || before.files.length !== after.files.length) throw new Error('expected one edited file');
const dir = join(scratchDir, 'taxonomy');
const out = join(scratchDir, 'out');
mkdirSync(dir, { recursive: true });
const fileName = (i) => join(dir, `events-${String(i).padStart(2, '0')}.yaml`);
if (before.head !== undefined) writeFileSync(join(dir, '00-header.yaml'), before.head);
before.files.forEach((text, i) => writeFileSync(fileName(i), text));

const loadCache = new Map();
const artefacts = new Map();
async function run() {
  const t0 = performance.now();
  const loaded = loadTaxonomy(dir, { cache: loadCache });
  if (loaded.taxonomy === undefined) throw new Error(`${loaded.diagnostics.length} diagnostics`);
  const t1 = performance.now();
  const files = withManifest(out, await generate(loaded.taxonomy, { cache: artefacts }), loaded.sources);
  const t2 = performance.now();
  const report = writeFiles(out, files);
  const t3 = performance.now();
  return { loadMs: t1 - t0, generateMs: t2 - t1, writeMs: t3 - t2, totalMs: t3 - t0, written: report.written.length };
}

const first = await run();
const edits = [];
for (let k = 0; k < 5; k++) {
  writeFileSync(fileName(edited), (k % 2 === 0 ? after : before).files[edited]);
  edits.push(await run());
}
const median = (key) => edits.map((e) => e[key]).sort((a, b) => a - b)[Math.floor(edits.length / 2)];
process.stdout.write(
  JSON.stringify({ files: before.files.length + (before.head === undefined ? 0 : 1), first, loadMs: median('loadMs'), generateMs: median('generateMs'), writeMs: median('writeMs'), totalMs: median('totalMs'), written: median('written') }) + '\n',
);
