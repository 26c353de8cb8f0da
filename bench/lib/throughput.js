// One validator, one payload set, one fresh process (so no other validator shares its call sites):
// warm up, then time several runs of a fixed number of calls and print ops/s per run as JSON.
//   node bench/lib/throughput.js <generated|hand|hand-shared|ajv|ajv-first> <valid|invalid> <bundle dir> <warmup ms> <runs> <run ms>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { invalidPayloads, validPayloads } from './payloads.js';

const [kind, set, bundleDir, warmupArg, runsArg, runMsArg] = process.argv.slice(2);
const warmupMs = Number(warmupArg ?? 1000);
const runs = Number(runsArg ?? 7);
const runMs = Number(runMsArg ?? 250);

async function loadValidator() {
  if (kind === 'generated' || kind === 'hand' || kind === 'hand-shared') {
    const module = await import(pathToFileURL(join(bundleDir, `${kind}.mjs`)).href);
    const validate = module.validateSubscriptionStarted;
    return (x) => {
      const r = validate(x);
      return r.valid ? 1 : r.violations.length;
    };
  }
  const { default: Ajv2020 } = await import('ajv/dist/2020.js');
  const { default: addFormats } = await import('ajv-formats');
  const ajv = new Ajv2020({ strict: true, allErrors: kind === 'ajv' });
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(new URL('../../generated/schemas/subscription_started.schema.json', import.meta.url), 'utf8'));
  const validate = ajv.compile(schema);
  return (x) => (validate(x) ? 1 : validate.errors.length);
}

const check = await loadValidator();
const payloads = set === 'valid' ? validPayloads() : invalidPayloads();
const count = payloads.length;

// The loop: `check` is the only callee at this call site in this process.
function loop(iterations) {
  let sink = 0;
  for (let i = 0; i < iterations; i++) sink += check(payloads[i % count]);
  return sink;
}

let sink = 0;
let iterations = 1000;
const warmupEnd = performance.now() + warmupMs;
while (performance.now() < warmupEnd) {
  const t0 = performance.now();
  sink += loop(iterations);
  const ms = performance.now() - t0;
  if (ms < runMs / 4) iterations *= 2;
}
// Calibrate one run to about runMs.
{
  const t0 = performance.now();
  sink += loop(iterations);
  const ms = performance.now() - t0;
  iterations = Math.max(count, Math.round((iterations * runMs) / Math.max(ms, 0.001)));
}
const opsPerSecond = [];
for (let r = 0; r < runs; r++) {
  const t0 = process.hrtime.bigint();
  sink += loop(iterations);
  const ns = Number(process.hrtime.bigint() - t0);
  opsPerSecond.push((iterations * 1e9) / ns);
}
process.stdout.write(JSON.stringify({ kind, set, iterations, opsPerSecond, sink }) + '\n');
