// The floor the issue defines, in a fresh process: node start + `yaml` parse (with line positions, as
// the loader parses) + writing the schema JSON (one JSON file per event). Nothing of flokit-gen runs.
// The parent times the whole process from spawn to exit; this prints the inside split as JSON.
//   node bench/lib/floor.js <taxonomy.yaml> <empty out dir>
const startedAt = performance.now();

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [taxonomyPath, outDir] = process.argv.slice(2);
const t0 = performance.now();
const { LineCounter, parseDocument } = await import('yaml');
const t1 = performance.now();
const text = readFileSync(taxonomyPath, 'utf8');
const doc = parseDocument(text, { lineCounter: new LineCounter(), version: '1.2', schema: 'core', uniqueKeys: false, merge: false });
if (doc.errors.length > 0) throw new Error(String(doc.errors[0]));
const data = doc.toJS();
const t2 = performance.now();
mkdirSync(join(outDir, 'schemas'), { recursive: true });
for (const [name, event] of Object.entries(data.events ?? {})) {
  writeFileSync(join(outDir, 'schemas', `${name}.schema.json`), JSON.stringify({ title: name, ...event }, null, 2) + '\n');
}
const t3 = performance.now();
process.stdout.write(
  JSON.stringify({ nodeStartMs: startedAt, importMs: t1 - t0, parseMs: t2 - t1, writeMs: t3 - t2, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
