// The floor issue 13 defines, in a fresh process: node start + `yaml` parse with positions, the same
// parse the loader does (src/load/parse-yaml.ts: `parseAllDocuments` with a `LineCounter` and the
// same options; nodes keep their source ranges, which the loader turns into line/column through the
// LineCounter), then the data (`toJS`) + writing one JSON file per event. Nothing of flokit-gen runs.
// The parent times the whole process from spawn to exit; this prints the inside split as JSON,
// with the process's own peak RSS (`process.resourceUsage().maxRSS`) at the end.
//   node bench/lib/floor.js <taxonomy.yaml> <empty out dir>
const startedAt = performance.now();

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [taxonomyPath, outDir] = process.argv.slice(2);
const t0 = performance.now();
const { LineCounter, parseAllDocuments } = await import('yaml');
const t1 = performance.now();
const text = readFileSync(taxonomyPath, 'utf8');
const lineCounter = new LineCounter();
const docs = parseAllDocuments(text, { lineCounter, version: '1.2', schema: 'core', uniqueKeys: false, merge: false, prettyErrors: false });
const doc = Array.isArray(docs) ? docs[0] : undefined;
if (doc === undefined || doc.errors.length > 0) throw new Error(String(doc?.errors[0] ?? 'no document'));
const data = doc.toJS();
const t2 = performance.now();
mkdirSync(join(outDir, 'schemas'), { recursive: true });
for (const [name, event] of Object.entries(data.events ?? {})) {
  writeFileSync(join(outDir, 'schemas', `${name}.schema.json`), JSON.stringify({ title: name, ...event }, null, 2) + '\n');
}
const t3 = performance.now();
process.stdout.write(
  JSON.stringify({ nodeStartMs: startedAt, importMs: t1 - t0, parseMs: t2 - t1, writeMs: t3 - t2, lines: lineCounter.lineStarts.length, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
